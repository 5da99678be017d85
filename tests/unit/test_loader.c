/*
 * test_loader.c - unit tests for the dispatcher (src/lists/loader.c) and
 * the reading of list files (src/lists/listfile.c): what a path given to
 * embargo_dataset_load may hold besides list files. Each case writes its
 * files to a temporary folder. A load that cannot be whole is an error
 * naming the path, with nothing published: a FIFO (which hung), a socket, a
 * device, an unreadable or empty folder, a folder holding no list, a link
 * loop, a dangling link, folders nested too deep. A file no loader knows,
 * beside lists, is passed over with a note.
 */
#include "test.h"
#include "loader_test.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

/* A list file: OpenSanctions' FollowTheMoney JSON lines, one person. */
static const char *write_list(const char *name, const char *id) {
    char text[160];
    snprintf(text, sizeof(text), "{\"id\":\"%s\",\"schema\":\"Person\",\"properties\":{\"name\":[\"Person %s\"]}}\n",
             id, id);
    return write_tmp_str(name, text);
}

/* Removes everything below `path` (not `path` itself). */
static void remove_below(const char *path) {
    DIR *d = opendir(path);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        char sub[512];
        snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
        struct stat sb;
        if (lstat(sub, &sb) == 0 && S_ISDIR(sb.st_mode)) {
            chmod(sub, 0700);
            remove_below(sub);
            rmdir(sub);
        } else {
            unlink(sub);
        }
    }
    closedir(d);
}

static void make_dir(const char *name) {
    CHECK_EQ_INT(mkdir(tmp_path(name), 0755), 0);
}

/* ---- what is not a file ---------------------------------------------------------- */

/* A FIFO given as the list: refused at once. Before, opening it for reading
 * waited for a writer, forever (the alarm would end this test). */
TEST(fifo_given) {
    const char *p = tmp_path("list.json");
    CHECK_EQ_INT(mkfifo(p, 0600), 0);
    alarm(30);
    expect_load_status(NULL, NULL, p, EMBARGO_EIO, p, 0, "not a list file but a FIFO (named pipe)");
    /* each loader's own reading refuses it too */
    embargo_dataset *ds = NULL;
    CHECK_EQ_INT(embargo_dataset_new(&ds), EMBARGO_OK);
    embargo_error err;
    for (size_t i = 0; ds && emb__loaders[i]; i++) {
        if (emb__loaders[i]->sniff_folder) continue;  /* OFAC goes by names */
        CHECK_EQ_INT(emb__loaders[i]->load(ds, p, &err), EMBARGO_EIO);
        CHECK(strstr(err.message, "FIFO") != NULL);
    }
    embargo_dataset_free(ds);
    alarm(0);
    remove_below(tmpdir);
}

/* A device given as the list: refused, not read (before: /dev/null read as
 * an empty file, "no list file"). */
TEST(device_given) {
    expect_load_status(NULL, NULL, "/dev/null", EMBARGO_EIO, "/dev/null", 0,
                       "not a list file but a character device");
}

/* A FIFO or a socket in a folder of lists: the load fails naming it
 * (before: passed over without a word). */
TEST(fifo_or_socket_in_folder) {
    write_list("a.json", "a");
    const char *fifo = tmp_path("b.pipe");
    CHECK_EQ_INT(mkfifo(fifo, 0600), 0);
    alarm(30);
    expect_load_status(NULL, NULL, tmpdir, EMBARGO_EIO, fifo, 0, "FIFO");
    alarm(0);
    unlink(fifo);
    const char *sock = tmp_path("c.sock");
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    CHECK(fd >= 0);
    struct sockaddr_un sa;
    memset(&sa, 0, sizeof(sa));
    sa.sun_family = AF_UNIX;
    snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", sock);
    CHECK_EQ_INT(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    expect_load_status(NULL, NULL, tmpdir, EMBARGO_EIO, sock, 0, "not a list file but a socket");
    close(fd);
    remove_below(tmpdir);
}

/* ---- folders ----------------------------------------------------------------------- */

/* A subfolder that cannot be read fails the load, naming it (before: passed
 * over, and the lists in it were silently missing). As root, permissions
 * do not stop reading, so the load runs in a child as user nobody. */
TEST(unreadable_subfolder) {
    make_dir("a");
    write_list("a/a.json", "a");
    make_dir("b");
    write_list("b/b.json", "b");
    CHECK_EQ_INT(chmod(tmpdir, 0755), 0);
    CHECK_EQ_INT(chmod(tmp_path("b"), 0), 0);
    fflush(NULL);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0)) _exit(77);
        DIR *d = opendir(tmp_path("b"));
        if (d) {  /* still readable: this process may read anything */
            closedir(d);
            _exit(77);
        }
        embargo_dataset *ds = NULL;
        embargo_error err;
        if (embargo_dataset_new(&ds) != EMBARGO_OK) _exit(2);
        embargo_status st = embargo_dataset_load(ds, tmpdir, &err);
        int ok = st == EMBARGO_EIO && err.code == EMBARGO_EIO && strcmp(err.file, tmp_path("b")) == 0 &&
                 strstr(err.message, "cannot read the folder") && ds->entity_count == 0 &&
                 embargo_dataset_notes(ds, NULL) == 0;
        if (!ok) fprintf(stderr, "  status %d: %s:%lu: %s\n", st, err.file, err.line, err.message);
        embargo_dataset_free(ds);
        _exit(ok ? 0 : 1);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    chmod(tmp_path("b"), 0755);
    remove_below(tmpdir);
    CHECK(WIFEXITED(status));
    if (WIFEXITED(status) && WEXITSTATUS(status) == 77) SKIP("no user here for whom permissions count");
    CHECK_EQ_INT(WEXITSTATUS(status), 0);
}

/* An empty folder, given or found beside lists, and a folder holding no
 * list: errors naming that folder (before: an empty subfolder beside the
 * others was passed over, a whole list missing without a word). */
TEST(empty_folders) {
    embargo_error err = expect_load_status(NULL, NULL, tmpdir, EMBARGO_ENOTFOUND, tmpdir, 0, "an empty folder");
    make_dir("ofac");
    make_dir("os");
    write_list("os/a.json", "a");
    err = expect_load_status(NULL, NULL, tmpdir, EMBARGO_ENOTFOUND, tmp_path("ofac"), 0, "an empty folder");
    write_tmp_str("ofac/.hidden", "x");  /* hidden files do not count */
    write_tmp_str("ofac/publication-date", "2025-01-01\n");
    err = expect_load_status(NULL, NULL, tmpdir, EMBARGO_ENOTFOUND, tmp_path("ofac"), 0,
                             "no list file embargo can read in this folder (0 files passed over)");
    /* a download that went wrong: an HTML page where the list should be */
    write_tmp_str("ofac/sdn.xml", "<html><body>503 Service Unavailable</body></html>\n");
    err = expect_load_status(NULL, NULL, tmpdir, EMBARGO_ENOTFOUND, tmp_path("ofac"), 0, "(1 file passed over)");
    (void)err;
    remove_below(tmpdir);
}

/* A file no loader knows, beside lists: passed over with a note naming it. */
TEST(unknown_file_noted) {
    write_list("a.json", "a");
    const char *readme = write_tmp_str("README.txt", "These are the lists.\n");
    write_tmp_str("publication-date", "2025-01-01\n");  /* read, not a list: no note */
    embargo_dataset *ds = load_list(tmpdir, EMBARGO_OK, NULL);
    if (ds) {
        CHECK_EQ_INT(ds->entity_count, 1);
        const embargo_error *notes;
        CHECK_EQ_INT(embargo_dataset_notes(ds, &notes), 1);
        if (embargo_dataset_notes(ds, NULL) == 1) {
            CHECK_EQ_INT(notes[0].code, EMBARGO_ENOTFOUND);
            CHECK_EQ_STR(notes[0].file, readme);
            CHECK(strstr(notes[0].message, "passed over") != NULL);
        }
        embargo_dataset_free(ds);
    }
    remove_below(tmpdir);
}

/* Symbolic links: a loop back to a folder above, a link to itself, a link to
 * nothing. Each an error naming the link (before: the loop loaded the same
 * files again until "loaded twice?", the other two were passed over). */
TEST(symbolic_links) {
    make_dir("a");
    write_list("a/a.json", "a");
    CHECK_EQ_INT(symlink("..", tmp_path("a/up")), 0);
    expect_load_status(NULL, NULL, tmpdir, EMBARGO_EIO, tmp_path("a/up"), 0,
                       "a symbolic link loop: this folder is one it lies in, 2 levels up");
    unlink(tmp_path("a/up"));
    CHECK_EQ_INT(symlink("self", tmp_path("a/self")), 0);
    expect_load_status(NULL, NULL, tmpdir, EMBARGO_EIO, tmp_path("a/self"), 0, "a symbolic link loop");
    unlink(tmp_path("a/self"));
    CHECK_EQ_INT(symlink("gone.json", tmp_path("a/b.json")), 0);
    expect_load_status(NULL, NULL, tmpdir, EMBARGO_EIO, tmp_path("a/b.json"), 0, "a symbolic link to nothing");
    unlink(tmp_path("a/b.json"));
    /* a link to a list elsewhere is followed */
    CHECK_EQ_INT(symlink("a", tmp_path("b")), 0);
    embargo_dataset *ds = load_list(tmp_path("b"), EMBARGO_OK, NULL);
    if (ds) CHECK_EQ_INT(ds->entity_count, 1);
    embargo_dataset_free(ds);
    remove_below(tmpdir);
}

/* Folders five levels below the one given are read; a sixth level is an
 * error naming it (before: passed over, its lists missing). */
TEST(nesting_too_deep) {
    write_list("top.json", "top");
    make_dir("1");
    make_dir("1/2");
    make_dir("1/2/3");
    make_dir("1/2/3/4");
    make_dir("1/2/3/4/5");
    write_list("1/2/3/4/5/five.json", "five");
    embargo_dataset *ds = load_list(tmpdir, EMBARGO_OK, NULL);
    if (ds) CHECK_EQ_INT(ds->entity_count, 2);
    embargo_dataset_free(ds);
    make_dir("1/2/3/4/5/6");
    write_list("1/2/3/4/5/6/six.json", "six");
    expect_load_status(NULL, NULL, tmpdir, EMBARGO_EINVAL, tmp_path("1/2/3/4/5/6"), 0, "folders nest too deep");
    remove_below(tmpdir);
}

/* Out of memory at every allocation, walking folders with a note to give:
 * ENOMEM and nothing published, or the whole load. */
TEST(out_of_memory) {
    make_dir("a");
    write_list("a/a.json", "a");
    make_dir("b");
    write_list("b/b.json", "b");
    write_tmp_str("b/notes.txt", "not a list\n");
    embargo_dataset *d = oom_torture(tmpdir, 2);
    if (d) CHECK_EQ_INT(embargo_dataset_notes(d, NULL), 1);
    embargo_dataset_free(d);
    remove_below(tmpdir);
}

int main(void) {
    if (!tmp_dir_make("loader")) return 1;
    RUN(fifo_given);
    RUN(device_given);
    RUN(fifo_or_socket_in_folder);
    RUN(unreadable_subfolder);
    RUN(empty_folders);
    RUN(unknown_file_noted);
    RUN(symbolic_links);
    RUN(nesting_too_deep);
    RUN(out_of_memory);
    remove_below(tmpdir);
    tmp_dir_remove();
    return test_summary();
}
