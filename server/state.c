/*
 * state.c - the index the server answers from, and its hot reload.
 *
 * An index is loaded from the configured source (an index file, or list
 * files built into an index in memory), validated, and only then swapped
 * in: the pointer to the current srv_data changes under a mutex, so that
 * a request sees either the old index or the new one, never a mix. Each
 * srv_data is reference counted: the state holds one reference while it is
 * current and every worker one while its matcher uses it, so requests in
 * flight finish on the index they started with and the old index is closed
 * by whoever releases it last. A source that fails to load or validate is
 * refused with a message and counted; the current index keeps serving.
 *
 * Validation: embargo_index_open checks the header, the checksum and every
 * internal offset; on top of that an index must hold entities (an empty
 * index would pass every name as clean) and a matcher over it must screen
 * its first entity's name and a Cyrillic one. The index is read into
 * memory of its own (embargo.h), so a file replaced later never changes a
 * loaded index.
 *
 * Watching (--watch) compares the file's device, inode, size and
 * modification time with those it had when last loaded, so that a new
 * file renamed in (as `embargo index` writes one) is noticed. The same
 * identity makes one change one reload: a load that finds the file still
 * the one served does nothing, whether SIGHUP, POST /admin/reload or the
 * watcher asked (in the bench, SIGHUP after a rename the watcher had
 * already taken counted 11 reloads for 10 changes).
 */
#include "server.h"
#include "../tools/cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void srv_state_init(srv_state *st, const srv_config *cfg) {
    memset(st, 0, sizeof(*st));
    pthread_mutex_init(&st->lock, NULL);
    pthread_mutex_init(&st->reload_lock, NULL);
    st->index_path = cfg->index_path;
    st->lists = cfg->lists;
    st->nlists = cfg->nlists;
}

void srv_state_destroy(srv_state *st) {
    pthread_mutex_lock(&st->lock);
    srv_data *d = st->cur;
    st->cur = NULL;
    atomic_store(&st->generation, 0);
    pthread_mutex_unlock(&st->lock);
    srv_data_release(d);
    pthread_mutex_destroy(&st->lock);
    pthread_mutex_destroy(&st->reload_lock);
}

srv_data *srv_state_acquire(srv_state *st) {
    pthread_mutex_lock(&st->lock);
    srv_data *d = st->cur;
    if (d) atomic_fetch_add_explicit(&d->refs, 1, memory_order_relaxed);
    pthread_mutex_unlock(&st->lock);
    return d;
}

void srv_data_release(srv_data *d) {
    if (!d) return;
    if (atomic_fetch_sub_explicit(&d->refs, 1, memory_order_acq_rel) == 1) {
        embargo_index_close(d->ix);
        free(d);
    }
}

/* "FILE:LINE:COLUMN: MESSAGE", without the parts the record lacks. */
static void error_text(const embargo_error *e, embargo_status st, const char *path, char *out, size_t cap) {
    const char *msg = e->message[0] ? e->message : embargo_strerror(st);
    const char *file = e->file[0] ? e->file : path;
    if (file && e->line)
        snprintf(out, cap, "%s:%lu:%lu: %s", file, e->line, e->column, msg);
    else if (file)
        snprintf(out, cap, "%s: %s", file, msg);
    else
        snprintf(out, cap, "%s", msg);
}

static int build_lists(const char *const *paths, int n, embargo_index **out, char *err, size_t cap) {
    embargo_dataset *ds = NULL;
    embargo_error e;
    memset(&e, 0, sizeof(e));
    embargo_status st = embargo_dataset_new(&ds);
    for (int i = 0; i < n && st == EMBARGO_OK; i++) {
        st = embargo_dataset_load(ds, paths[i], &e);
        if (st) error_text(&e, st, paths[i], err, cap);
    }
    if (st == EMBARGO_OK) {
        st = embargo_index_build(ds, NULL, out, &e);
        if (st) error_text(&e, st, NULL, err, cap);
    } else if (!ds) {
        snprintf(err, cap, "%s", embargo_strerror(st));
    }
    embargo_dataset_free(ds);
    return st ? -1 : 0;
}

/* The checks beyond embargo_index_open's (see the top of the file). */
static int validate(const embargo_index *ix, char *err, size_t cap) {
    embargo_index_info info;
    embargo_index_info_get(ix, &info);
    if (info.entities == 0 || info.lists == 0) {
        snprintf(err, cap, "the index holds no entity: refused (it would pass every name as clean)");
        return -1;
    }
    embargo_matcher *m = NULL;
    embargo_entity e;
    embargo_status st = embargo_matcher_new(ix, &m);
    if (st == EMBARGO_OK) st = embargo_index_entity(ix, 0, &e);
    if (st == EMBARGO_OK) {
        embargo_screen_options o;
        embargo_screen_options_init(&o);
        const embargo_match *mm;
        size_t n;
        st = embargo_matcher_screen(m, e.name, e.name_len, &o, &mm, &n);
        if (st == EMBARGO_EQUERY) st = EMBARGO_OK; /* a name the matcher cannot use is no fault of the index */
        /* and a name to romanise: the library parses its transliterator at
         * the process's first such name (160M instructions, some 40 ms),
         * better here than in the first request that brings one */
        static const char ROMANISE[] = "\xd0\x9f\xd1\x83\xd1\x82\xd0\xb8\xd0\xbd"; /* Путин */
        if (st == EMBARGO_OK) st = embargo_matcher_screen(m, ROMANISE, sizeof(ROMANISE) - 1, &o, &mm, &n);
    }
    embargo_matcher_free(m);
    if (st) {
        snprintf(err, cap, "the index does not screen: %s", embargo_strerror(st));
        return -1;
    }
    return 0;
}

/* What `embargo info` reports as entries listed more than once. */
static void count_groups(const embargo_index *ix, uint32_t entities, uint32_t *groups, uint32_t *grouped) {
    *groups = *grouped = 0;
    for (uint32_t i = 0; i < entities; i++) {
        uint32_t m[64];
        size_t n = embargo_index_group(ix, i, m, 64);
        int first = n > 1;
        for (size_t k = 1; k < n && first; k++)
            if (m[k] < i) first = 0;
        if (first) {
            (*groups)++;
            *grouped += (uint32_t)n;
        }
    }
}

/* Swaps nd in; the caller holds reload_lock. */
static void swap_in(srv_state *st, srv_data *nd) {
    nd->generation = ++st->last_generation;
    pthread_mutex_lock(&st->lock);
    srv_data *old = st->cur;
    st->cur = nd;
    atomic_store(&st->generation, nd->generation);
    pthread_mutex_unlock(&st->lock);
    if (old) atomic_fetch_add(&st->reloads, 1);
    srv_data_release(old);
}

/* Wraps a validated index; NULL when out of memory (ix then closed). */
static srv_data *data_new(embargo_index *ix, const char *source, double started) {
    srv_data *d = calloc(1, sizeof(*d));
    if (!d) {
        embargo_index_close(ix);
        return NULL;
    }
    d->ix = ix;
    atomic_init(&d->refs, 1);
    embargo_index_info_get(ix, &d->info);
    count_groups(ix, d->info.entities, &d->groups, &d->grouped);
    d->load_started = started;
    d->loaded_at = now_s();
    d->load_ms = (d->loaded_at - started) * 1000.0;
    snprintf(d->source, sizeof(d->source), "%s", source ? source : "");
    _Static_assert(CLI_REF_SIZE <= sizeof(d->screened_against), "room for the CLI's reference");
    cli_screened_against(ix, d->screened_against);
    return d;
}

int srv_state_install(srv_state *st, embargo_index *ix, const char *source, char *err, size_t cap) {
    double started = now_s();
    if (validate(ix, err, cap)) {
        embargo_index_close(ix);
        atomic_fetch_add(&st->reload_failures, 1);
        return -1;
    }
    srv_data *d = data_new(ix, source, started);
    if (!d) {
        snprintf(err, cap, "out of memory");
        atomic_fetch_add(&st->reload_failures, 1);
        return -1;
    }
    pthread_mutex_lock(&st->reload_lock);
    swap_in(st, d);
    st->served.known = 0;            /* from no file: the next load reads it */
    pthread_mutex_unlock(&st->reload_lock);
    return 0;
}

/* The identity of the file at path now (known 0: there is none). */
static srv_file_id file_id(const char *path) {
    srv_file_id id;
    struct stat sb;
    memset(&id, 0, sizeof(id));
    if (path && stat(path, &sb) == 0) {
        id.known = 1;
        id.dev = sb.st_dev;
        id.ino = sb.st_ino;
        id.size = sb.st_size;
        id.mtime = sb.st_mtim;
    }
    return id;
}

static int same_file(const srv_file_id *a, const srv_file_id *b) {
    return a->known && b->known && a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
           a->mtime.tv_sec == b->mtime.tv_sec && a->mtime.tv_nsec == b->mtime.tv_nsec;
}

int srv_state_load(srv_state *st, char *err, size_t cap) {
    pthread_mutex_lock(&st->reload_lock);
    double started = now_s();
    embargo_index *ix = NULL;
    char source[512];
    int rc = 0;
    err[0] = '\0';
    if (st->index_path) {
        /* the identity as seen before the file is opened: a file renamed in
         * while it is read is seen again as a change */
        st->watched = file_id(st->index_path);
        if (atomic_load(&st->generation) && same_file(&st->watched, &st->served)) {
            pthread_mutex_unlock(&st->reload_lock);
            return 1;                /* already served: the change was taken */
        }
        embargo_error e;
        memset(&e, 0, sizeof(e));
        embargo_status s = embargo_index_open(st->index_path, &ix, &e);
        if (s) {
            error_text(&e, s, st->index_path, err, cap);
            rc = -1;
        }
        snprintf(source, sizeof(source), "%s", st->index_path);
    } else if (st->nlists > 0) {
        rc = build_lists(st->lists, st->nlists, &ix, err, cap);
        size_t at = 0;
        source[0] = '\0';
        for (int i = 0; i < st->nlists && at < sizeof(source); i++)
            at += (size_t)snprintf(source + at, sizeof(source) - at, "%s%s", i ? " " : "", st->lists[i]);
    } else {
        snprintf(err, cap, "no index file and no list to load");
        rc = -1;
    }
    if (rc == 0 && validate(ix, err, cap)) {
        embargo_index_close(ix);
        rc = -1;
    }
    srv_data *d = NULL;
    if (rc == 0 && !(d = data_new(ix, source, started))) {
        snprintf(err, cap, "out of memory");
        rc = -1;
    }
    if (rc == 0) {
        swap_in(st, d);
        st->served = st->watched;    /* (known 0 for lists: they are always built anew) */
    } else {
        atomic_fetch_add(&st->reload_failures, 1);
    }
    pthread_mutex_unlock(&st->reload_lock);
    return rc;
}

int srv_state_watch_changed(srv_state *st) {
    if (!st->index_path) return 0;
    srv_file_id now = file_id(st->index_path);
    pthread_mutex_lock(&st->reload_lock);
    /* gone: loaded again when it comes back */
    int changed = now.known && !same_file(&now, &st->watched);
    if (!now.known) st->watched.known = 0;
    pthread_mutex_unlock(&st->reload_lock);
    return changed;
}
