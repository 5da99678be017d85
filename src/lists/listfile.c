/*
 * listfile.c - reading the files of a list: whole, their first bytes, and
 * the publication date beside them; see listfile.h.
 *
 * Only regular files are read. A FIFO opened for reading waits for a
 * writer, forever if none comes, and a device or socket is no list: so a
 * path is checked with stat before it is opened, opened with O_NONBLOCK
 * (which makes opening a FIFO return at once, and changes nothing for a
 * regular file), and checked again with fstat on what was opened, in case
 * the path was replaced in between. Anything else is refused with
 * EMBARGO_EIO, naming the file and what it is.
 */
#include "listfile.h"
#include "../base/date.h"
#include "dataset.h"
#include "../base/alloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *emb__file_kind(unsigned mode) {
    mode_t m = (mode_t)mode;
    if (S_ISREG(m)) return "a regular file";
    if (S_ISDIR(m)) return "a folder";
    if (S_ISFIFO(m)) return "a FIFO (named pipe)";
    if (S_ISSOCK(m)) return "a socket";
    if (S_ISCHR(m)) return "a character device";
    if (S_ISBLK(m)) return "a block device";
    return "not a regular file";
}

/* Opens the regular file at `path` for reading (see the top of the file);
 * -1 with `err` filled (EMBARGO_EIO) if it is not one or cannot be opened.
 * *size is its size. */
static int open_regular(const char *path, off_t *size, embargo_error *err) {
    struct stat sb;
    if (stat(path, &sb) != 0) {
        emb__error_set(err, EMBARGO_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
        return -1;
    }
    if (!S_ISREG(sb.st_mode)) {
        emb__error_set(err, EMBARGO_EIO, path, 0, 0, "not a list file but %s: refused",
                       emb__file_kind((unsigned)sb.st_mode));
        return -1;
    }
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        emb__error_set(err, EMBARGO_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
        return -1;
    }
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        emb__error_set(err, EMBARGO_EIO, path, 0, 0, "not a list file: it changed while being opened");
        close(fd);
        return -1;
    }
    *size = sb.st_size;
    return fd;
}

/* read(2) of up to n bytes, again after a signal; -1 on error. */
static ssize_t read_some(int fd, void *buf, size_t n) {
    ssize_t got;
    do got = read(fd, buf, n);
    while (got < 0 && errno == EINTR);
    return got;
}

embargo_status emb__read_file(const char *path, char **out, size_t *len, embargo_error *err) {
    *out = NULL;
    *len = 0;
    off_t size;
    int fd = open_regular(path, &size, err);
    if (fd < 0) return EMBARGO_EIO;
    /* the size it has now, and room for the NUL; more if it grows */
    size_t want = size > 0 && (uint64_t)size < SIZE_MAX / 2 ? (size_t)size + 2 : (size_t)1 << 16;
    char *buf = NULL;
    size_t cap = 0, n = 0;
    int bad = 0;
    for (;;) {
        if (EMB_GROW(buf, cap, n + 2 > want ? n + 2 : want)) {
            emb__free(buf);
            close(fd);
            return EMBARGO_ENOMEM;
        }
        ssize_t got = read_some(fd, buf + n, cap - n - 1);
        if (got < 0) bad = errno ? errno : EIO;
        if (got <= 0) break;
        n += (size_t)got;
    }
    close(fd);
    if (bad) {
        emb__free(buf);
        emb__error_set(err, EMBARGO_EIO, path, 0, 0, "read error: %s", strerror(bad));
        return EMBARGO_EIO;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return EMBARGO_OK;
}

embargo_status emb__read_head(const char *path, unsigned char *head, size_t cap, size_t *n,
                              embargo_error *err) {
    *n = 0;
    off_t size;
    int fd = open_regular(path, &size, err);
    if (fd < 0) return EMBARGO_EIO;
    while (*n < cap) {
        ssize_t got = read_some(fd, head + *n, cap - *n);
        if (got < 0) {
            int e = errno;
            close(fd);
            emb__error_set(err, EMBARGO_EIO, path, 0, 0, "read error: %s", strerror(e));
            return EMBARGO_EIO;
        }
        if (got == 0) break;
        *n += (size_t)got;
    }
    close(fd);
    return EMBARGO_OK;
}

FILE *emb__open_file(const char *path, embargo_error *err) {
    off_t size;
    int fd = open_regular(path, &size, err);
    if (fd < 0) return NULL;
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        emb__error_set(err, EMBARGO_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
        close(fd);
    }
    return f;
}

void emb__folder_date(const char *path, char *out, size_t cap) {
    out[0] = '\0';
    struct stat sb;
    size_t len = strlen(path) + sizeof("/publication-date") + 1;
    char *p = emb__malloc(len);
    if (!p) return;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        snprintf(p, len, "%s/publication-date", path);
    } else {
        const char *slash = strrchr(path, '/');
        int dl = slash ? (int)(slash - path) : 1;
        snprintf(p, len, "%.*s/publication-date", dl, slash ? path : ".");
    }
    char line[64];
    size_t got = 0;
    embargo_error ignored;
    /* a regular file only, as the lists themselves (a FIFO would hang) */
    if (emb__read_head(p, (unsigned char *)line, sizeof(line) - 1, &got, &ignored) != EMBARGO_OK) got = 0;
    emb__free(p);
    line[got] = '\0';
    /* an ISO 8601 date of the calendar, alone on its line or before a time
     * (T10:00); anything else ("2024-13-45", "-----") leaves the list
     * undated, which every command then says, rather than a date that is
     * none */
    size_t n = emb__iso_date_valid(line, got, NULL);
    if (n && n < cap && (n == got || line[n] == '\n' || line[n] == '\r' || line[n] == ' ' || line[n] == 'T')) {
        memcpy(out, line, n);
        out[n] = '\0';
    }
}
