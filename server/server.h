/*
 * server.h - the pieces of `embargo serve`, the HTTP server.
 *
 * The server uses the public API (embargo.h) only, and the JSON writers of
 * the command-line program (tools/output.c), so that an answer over HTTP is
 * the same object the CLI prints with --json. Its files:
 *
 *   keys.c       API keys: the key file, and a Bearer token checked against it
 *   state.c      the index served: loading, validation, reference counts,
 *                the atomic swap of a hot reload, watching the file
 *   metrics.c    counters and latency histograms; the Prometheus text
 *   request.c    requests without a socket: routing, keys, query strings,
 *                bodies, errors, the per-thread workers (matcher, scanners)
 *   api_v1.c     the own API (/v1/...), the CLI's JSON objects
 *   api_yente.c  OpenSanctions yente's API (/match, /search, /entities, /catalog)
 *   api_watchman.c  moov-io watchman's API (/v2/search, /v2/listinfo)
 *   http.c       libmicrohttpd: the daemon, limits, the access log, signals
 *
 * request.c's srv_handle() takes a whole request (method, target, a few
 * headers, body) and fills a response; http.c is the only file that knows
 * about sockets, so that the fuzzer (fuzz/fuzz_request.c) and the threads
 * test (tests/unit/test_server.c) drive everything else without one.
 *
 * Threads: one srv_server and its srv_state are shared by every thread; a
 * srv_worker (a matcher and scanners over the index it holds a reference
 * to) belongs to one thread and is used under its own mutex, which another
 * thread only takes to retire the worker's old index after a reload.
 */
#ifndef EMBARGO_SERVER_H
#define EMBARGO_SERVER_H

#include "embargo.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>

/* ---- configuration ------------------------------------------------------------ */

typedef struct srv_config {
    const char *index_path;          /* serve this index file (reload re-reads it) */
    const char *const *lists;        /* or build an index from these list paths */
    int nlists;
    const char *listen;              /* "127.0.0.1:8000", "[::1]:8000", ":8000" */
    int threads;                     /* worker threads (0: one per CPU) */
    const char *keys_path;           /* --api-keys FILE, or NULL: no keys */
    int watch;                       /* reload when index_path changes */
    const char *log_path;            /* access log: NULL stderr, "-" stdout */
    size_t max_body;                 /* bytes of a request body */
    size_t max_header;               /* bytes of the request line and headers */
    uint32_t max_batch;              /* records of a batch (POST /v1/screen, /match) */
    unsigned max_connections;        /* open connections; more get 429 */
    unsigned timeout;                /* seconds a connection may stay idle */
    unsigned request_timeout;        /* seconds a request body may take in all */
} srv_config;

/* The defaults: 127.0.0.1:8000, 1 MiB bodies, 8 KiB headers, batches of
 * 1,000, 1,024 connections, 10 s idle, 30 s per request. */
void srv_config_init(srv_config *c);

/* ---- keys.c: API keys ------------------------------------------------------------- */

typedef struct srv_key {
    char name[65];                   /* for the log; never the key itself */
    unsigned char hash[32];          /* SHA-256 of the key */
    int admin;                       /* may call /admin/... */
} srv_key;

typedef struct srv_keys {
    srv_key *v;
    size_t n;
} srv_keys;

/* Parses a key file: one key a line as NAME:SHA256-HEX or NAME:SHA256-HEX:admin
 * (NAME of letters, digits, '.', '_', '-'; up to 64), blank lines and lines
 * starting with '#' ignored. `file` names the file in messages. Returns 0, or
 * -1 with "FILE:LINE: why" in err (cap bytes) and *out untouched. */
int srv_keys_parse(const char *text, size_t len, const char *file, srv_keys *out, char *err, size_t cap);

/* Reads and parses a key file; as srv_keys_parse. A file that holds no key is
 * an error (it would lock everybody out). */
int srv_keys_load(const char *path, srv_keys *out, char *err, size_t cap);

/* The key an Authorization header value ("Bearer TOKEN") presents, or NULL
 * if the header is absent, malformed, or names no key. Every key is
 * compared in constant time. */
const srv_key *srv_keys_check(const srv_keys *k, const char *authorization);

void srv_keys_free(srv_keys *k);

/* ---- state.c: the index served ------------------------------------------------------ */

/* One loaded index and what is worked out once from it. Reference counted:
 * the state holds one reference while it is current, each worker one while
 * its matcher uses it; the last release closes it. */
typedef struct srv_data {
    embargo_index *ix;
    atomic_uint refs;
    uint64_t generation;             /* 1 for the first index, +1 per reload */
    embargo_index_info info;
    uint32_t groups, grouped;        /* entries listed more than once, as `embargo info` */
    double load_started, loaded_at;  /* Unix time, seconds */
    double load_ms;
    char source[512];                /* what it was loaded from */
    char screened_against[40];       /* the CLI's reference to the list versions */
} srv_data;

/* What tells one index file from another without reading it: a file renamed
 * in has another inode, one rewritten in place another size or time. */
typedef struct srv_file_id {
    int known;                       /* 0: no file (yet) */
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
} srv_file_id;

typedef struct srv_state {
    pthread_mutex_t lock;            /* guards cur (and the reference it holds) */
    pthread_mutex_t reload_lock;     /* one load at a time */
    srv_data *cur;                   /* NULL until an index is loaded */
    atomic_uint_fast64_t generation; /* cur's, 0 none: read without the lock */
    uint64_t last_generation;
    const char *index_path;          /* the source, from the configuration */
    const char *const *lists;
    int nlists;
    srv_file_id watched;             /* the index file as last seen (--watch) */
    srv_file_id served;              /* the one the current index was loaded from */
    atomic_ulong reloads, reload_failures;
} srv_state;

void srv_state_init(srv_state *st, const srv_config *cfg);
/* Releases the current index (workers release theirs). */
void srv_state_destroy(srv_state *st);

/* The current data with a reference for the caller, or NULL. */
srv_data *srv_state_acquire(srv_state *st);
void srv_data_release(srv_data *d);

/* Loads the configured source (index file or lists), validates it, and
 * swaps it in. Returns 0, or -1 with why in err (cap bytes): the current
 * index, if any, stays. Counts reloads and failures. An index file that is
 * still the one the current index came from (srv_file_id) is not loaded
 * again: 1, nothing done, so that one change makes one reload however many
 * of SIGHUP, POST /admin/reload and --watch react to it. */
int srv_state_load(srv_state *st, char *err, size_t cap);

/* Makes ix (owned by the state from now on, closed on failure) the current
 * index, as a reload would; for tests and the fuzzer. */
int srv_state_install(srv_state *st, embargo_index *ix, const char *source, char *err, size_t cap);

/* Whether the watched index file changed since the last call (or since the
 * last load), by device, inode, size and modification time. */
int srv_state_watch_changed(srv_state *st);

/* ---- metrics.c --------------------------------------------------------------------- */

enum { SRV_HIST_BUCKETS = 14 };

typedef struct srv_metrics {
    int routes;                      /* rows: the routes, then "other" */
    atomic_ulong *requests;          /* [row][status slot] */
    atomic_ulong *hist;              /* [row][bucket], not cumulative */
    atomic_ulong *sum_us;            /* [row] */
    atomic_ulong *count;             /* [row] */
    atomic_long connections;         /* open now */
    atomic_ulong connections_refused;/* answered 429 */
    double started;                  /* Unix time */
} srv_metrics;

int srv_metrics_init(srv_metrics *m, int routes);
void srv_metrics_free(srv_metrics *m);
/* Writes /metrics: the counters, and the index d (NULL: none yet). */
void srv_metrics_write(FILE *f, const srv_metrics *m, srv_state *st, const srv_data *d);
/* Counts a finished request: its route (-1: none), status and latency. */
void srv_metrics_count(srv_metrics *m, int route, int status, double seconds);

/* ---- request.c: requests without a socket ------------------------------------------- */

typedef struct srv_worker srv_worker;

/* Where the server reports events (loads, refusals): level "info" or
 * "error", a message, and details (may be NULL). */
typedef void (*srv_event_fn)(void *ctx, const char *level, const char *msg, const char *detail);

typedef struct srv_server {
    srv_config cfg;
    unsigned serial;                 /* tells servers apart (per-thread workers) */
    srv_event_fn event;              /* may be NULL */
    void *event_ctx;
    srv_keys keys;                   /* n == 0: no keys needed */
    srv_state state;
    srv_metrics metrics;
    pthread_mutex_t workers_lock;
    srv_worker *workers;
} srv_server;

/* Sets up a server for cfg (copied; its strings must outlive the server),
 * loading the key file if one is named. Returns 0, or -1 with why in err. */
int srv_server_init(srv_server *s, const srv_config *cfg, char *err, size_t cap);
/* Frees the workers, the keys, the state. No request may be running. */
void srv_server_destroy(srv_server *s);

/* A worker for the calling thread: made and registered on the first call
 * from a thread (NULL when out of memory). */
srv_worker *srv_worker_get(srv_server *s);
/* A worker of one's own (not registered, not per thread): the fuzzer's. */
srv_worker *srv_worker_new(srv_server *s);
void srv_worker_free(srv_worker *w);
void srv_worker_lock(srv_worker *w);
void srv_worker_unlock(srv_worker *w);
/* Retires the matchers and old indexes of idle workers after a reload. */
void srv_server_sweep(srv_server *s);

typedef struct srv_request {
    const char *method;              /* "GET", "POST", ... */
    const char *target;              /* path and query as sent: "/v1/screen?name=x" */
    size_t target_len;
    const char *content_type;        /* NULL if none */
    const char *authorization;       /* NULL if none */
    const char *body;                /* may be NULL when body_len is 0 */
    size_t body_len;
    const srv_key *key;              /* the key srv_precheck already found valid for this
                                        request (srv_response.key), so that it is hashed once;
                                        NULL: srv_handle checks authorization itself */
} srv_request;

typedef struct srv_response {
    int status;
    char *body;                      /* malloc'd; the caller frees (srv_response_free) */
    size_t len;
    const char *content_type;
    const char *allow;               /* for 405: the methods the path takes */
    int route;                       /* the route answered, -1 none (metrics) */
    const char *endpoint;            /* its path pattern, for the log */
    const char *key_name;            /* the key used, for the log, or NULL */
    const srv_key *key;              /* the key used, or NULL */
    int cors;                        /* send Access-Control-Allow-Origin: * */
    int close;                       /* close the connection afterwards */
    int bearer_challenge;            /* send WWW-Authenticate: Bearer */
    int yente;                       /* errors also carry yente's "detail" */
    FILE *f;                         /* open while the body is written */
} srv_response;

/* The number of routes (metrics rows before "other") and each route's
 * method and path pattern. */
int srv_route_count(void);
const char *srv_route_method(int i);
const char *srv_route_path(int i);

/* What can be decided before the body arrives: route, method, key, media
 * type, declared length. Returns 0 to go on (rs untouched but for route,
 * endpoint and key_name), or the status of the error response it filled. */
int srv_precheck(srv_server *s, const srv_request *rq, long long content_length, srv_response *rs);

/* Answers a whole request with worker w (whose lock the caller holds).
 * Always fills rs (status, body, content type); returns the status. Never
 * prints; any input gives a response, never a crash. */
int srv_handle(srv_worker *w, const srv_request *rq, srv_response *rs);

/* Replaces rs's body by the JSON error {"error":{"code":..,"message":..}}
 * with `status`. */
void srv_error(srv_response *rs, int status, const char *code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

void srv_response_free(srv_response *rs);

/* Whether s[0..len) is valid UTF-8 (no overlongs, no surrogates). */
int srv_utf8_valid(const char *s, size_t len);

/* ---- http.c ------------------------------------------------------------------------- */

/* Runs the server until SIGINT or SIGTERM: listens, loads the index,
 * answers, reloads on SIGHUP, POST /admin/reload and (--watch) a changed
 * file. Logs JSON lines. Returns the program's exit status. */
int srv_run(const srv_config *cfg);

#endif
