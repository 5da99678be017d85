/*
 * request.c - answering a request without a socket.
 *
 * srv_handle() takes what http.c read (method, target, Content-Type,
 * Authorization, body) and fills a response: it finds the route (404, or
 * 405 with the methods the path takes), checks the key (401; 403 for an
 * admin route without an admin key) and the media type (415), decodes the
 * query string (400 for a bad escape, invalid UTF-8, a NUL, too many
 * parameters), makes sure the calling thread's worker holds the current
 * index (503 before one is loaded), and calls the endpoint. Every error is
 * the JSON object {"error":{"code":..,"message":..}}. srv_precheck() makes
 * the checks that need no body, so that http.c can refuse a request before
 * reading one.
 *
 * Workers: each thread answering requests has a srv_worker with its own
 * matcher and scanners (embargo.h: one per thread) over the srv_data it
 * holds a reference to. Before each request the worker compares its
 * index's generation with the state's; after a reload it drops its matcher
 * and old reference and takes the new index, so a request always runs on
 * one index from start to end. srv_server_sweep() does the same for
 * workers that sit idle, so that an old index does not stay in memory.
 *
 * Also here: the operations endpoints (/healthz, /readyz, /metrics,
 * /admin/reload) and the helpers api.h declares.
 */
#define _GNU_SOURCE /* fopencookie */
#include "api.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#ifdef __GLIBC__
#include <stdio_ext.h>
#endif

void srv_config_init(srv_config *c) {
    memset(c, 0, sizeof(*c));
    c->listen = "127.0.0.1:8000";
    c->max_body = 1u << 20;
    c->max_header = 8192;
    c->max_batch = 1000;
    c->max_connections = 1024;
    c->timeout = 10;
    c->request_timeout = 30;
}

int srv_utf8_valid(const char *str, size_t len) {
    const unsigned char *s = (const unsigned char *)str;
    for (size_t i = 0; i < len;) {
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t n = (c >= 0xC2 && c <= 0xDF) ? 2 : (c >= 0xE0 && c <= 0xEF) ? 3 : (c >= 0xF0 && c <= 0xF4) ? 4 : 0;
        if (n == 0 || n > len - i) return 0;
        for (size_t k = 1; k < n; k++)
            if ((s[i + k] & 0xC0) != 0x80) return 0;
        if (n == 3 && ((c == 0xE0 && s[i + 1] < 0xA0) || (c == 0xED && s[i + 1] >= 0xA0))) return 0;
        if (n == 4 && ((c == 0xF0 && s[i + 1] < 0x90) || (c == 0xF4 && s[i + 1] >= 0x90))) return 0;
        i += n;
    }
    return 1;
}

/* ---- responses ---------------------------------------------------------------------- */

/* A stream that takes no data, for when memory runs out mid-response. */
static FILE *sink_file;
static pthread_once_t sink_once = PTHREAD_ONCE_INIT;
static void sink_open(void) { sink_file = fopen("/dev/null", "w"); }
static FILE *sink(void) {
    pthread_once(&sink_once, sink_open);
    return sink_file;
}

/* Response bodies are written through a stream each thread keeps for its
 * life: a stdio stream over a growable buffer that is emptied for each
 * response, and copied out at its exact size when the response is closed.
 * open_memstream per response cost a FILE and a zeroed 8 KiB buffer, and
 * their release, each time: a tenth of a small answer's server time. A
 * thread's stream is freed when the thread ends; the list keeps every
 * stream reachable for the leak checkers (the main thread's lives on). If a thread
 * ever needs a second body while one is open, that one gets a memstream. */
typedef struct body_stream {
    FILE *f;
    char *data;
    size_t len, cap;
    int busy, oom;
    struct body_stream *prev, *next;
} body_stream;

static pthread_key_t bs_key;
static pthread_once_t bs_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t bs_lock = PTHREAD_MUTEX_INITIALIZER;
static body_stream *bs_all;

static ssize_t bs_write(void *cookie, const char *p, size_t n) {
    body_stream *b = cookie;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 16384;
        while (cap < b->len + n) cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d) {
            b->oom = 1;
            return (ssize_t)n;           /* dropped: the response becomes a 500 */
        }
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
    return (ssize_t)n;
}

static void bs_free(void *p) {
    body_stream *b = p;
    if (!b) return;
    pthread_mutex_lock(&bs_lock);
    if (b->prev) b->prev->next = b->next;
    else bs_all = b->next;
    if (b->next) b->next->prev = b->prev;
    pthread_mutex_unlock(&bs_lock);
    fclose(b->f);
    free(b->data);
    free(b);
}

static void bs_init(void) { pthread_key_create(&bs_key, bs_free); }

/* The calling thread's stream, made on first use; NULL when out of memory. */
static body_stream *bs_get(void) {
    pthread_once(&bs_once, bs_init);
    body_stream *b = pthread_getspecific(bs_key);
    if (b) return b;
    b = calloc(1, sizeof(*b));
    if (!b) return NULL;
    b->f = fopencookie(b, "w", (cookie_io_functions_t){.write = bs_write});
    if (!b->f || pthread_setspecific(bs_key, b)) {
        if (b->f) fclose(b->f);
        free(b);
        return NULL;
    }
#ifdef __GLIBC__
    __fsetlocking(b->f, FSETLOCKING_BYCALLER); /* one thread writes it */
#endif
    pthread_mutex_lock(&bs_lock);
    b->next = bs_all;
    if (bs_all) bs_all->prev = b;
    bs_all = b;
    pthread_mutex_unlock(&bs_lock);
    return b;
}

static void body_close(srv_response *rs) {
    FILE *f = rs->f;
    rs->f = NULL;
    if (!f || f == sink()) return;
    body_stream *b = pthread_getspecific(bs_key);
    if (!b || f != b->f || !b->busy) {   /* a memstream of its own */
        fclose(f);
        return;
    }
    fflush(f);
    b->busy = 0;
    rs->body = b->oom ? NULL : malloc(b->len ? b->len : 1);
    if (!rs->body) {
        rs->len = 0;
        rs->status = 500;                /* out of memory: no body */
        return;
    }
    memcpy(rs->body, b->data, b->len);
    rs->len = b->len;
}

static void body_discard(srv_response *rs) {
    body_close(rs);
    free(rs->body);
    rs->body = NULL;
    rs->len = 0;
}

static FILE *body_open(srv_response *rs) {
    body_discard(rs);
    body_stream *b = bs_get();
    if (b && !b->busy) {
        b->busy = 1;
        b->len = 0;
        b->oom = 0;
        clearerr(b->f);
        rs->f = b->f;
        return rs->f;
    }
    rs->f = open_memstream(&rs->body, &rs->len);
    if (!rs->f) {
        rs->body = NULL;
        rs->len = 0;
        rs->status = 500;
        return sink();
    }
#ifdef __GLIBC__
    __fsetlocking(rs->f, FSETLOCKING_BYCALLER); /* one thread writes it */
#endif
    return rs->f;
}

void srv_response_free(srv_response *rs) { body_discard(rs); }

static void verror(srv_response *rs, int status, const char *code, const char *fmt, va_list ap) {
    char msg[512];
    vsnprintf(msg, sizeof(msg), fmt, ap);
    FILE *f = body_open(rs);
    if (rs->f) rs->status = status;
    rs->content_type = "application/json";
    fputs("{\"error\":{\"code\":", f);
    json_str(f, code, strlen(code));
    fputs(",\"message\":", f);
    json_str(f, msg, strlen(msg));
    fputc('}', f);
    if (rs->yente) {               /* yente's clients read "detail" */
        fputs(",\"detail\":", f);
        json_str(f, msg, strlen(msg));
    }
    fputs("}\n", f);
    body_close(rs);
}

void srv_error(srv_response *rs, int status, const char *code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    verror(rs, status, code, fmt, ap);
    va_end(ap);
}

int srv_fail(srv_call *c, int status, const char *code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    verror(c->rs, status, code, fmt, ap);
    va_end(ap);
    return -1;
}

FILE *srv_begin(srv_call *c, int status, const char *content_type) {
    FILE *f = body_open(c->rs);
    if (c->rs->f) c->rs->status = status;
    c->rs->content_type = content_type;
    return f;
}

void srv_iso_time(char *out, size_t cap, double t) {
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void srv_json_dump(FILE *f, const json_t *v) {
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    if (s) {
        fputs(s, f);
        free(s);
    } else {
        fputs("null", f);
    }
}

json_t *srv_json_body(srv_call *c, const char *data, size_t len, const char *what) {
    json_error_t e;
    if (!srv_utf8_valid(data, len)) {
        srv_fail(c, 400, "invalid_utf8", "%s: the body is not valid UTF-8", what);
        return NULL;
    }
    json_t *v = json_loadb(data, len, JSON_REJECT_DUPLICATES, &e);
    if (!v) srv_fail(c, 400, "invalid_json", "%s: line %d, column %d: %s", what, e.line, e.column, e.text);
    return v;
}

/* ---- parameters ---------------------------------------------------------------------- */

static int hexval(int ch) {
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

/* Decodes %XX escapes (and '+' as a space when `plus`) of s[0..n) into out,
 * NUL-terminated; returns the length, or -1 for a bad escape. */
static long pct_decode(const char *s, size_t n, char *out, int plus) {
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (ch == '%') {
            if (i + 2 >= n) return -1;
            int a = hexval((unsigned char)s[i + 1]), b = hexval((unsigned char)s[i + 2]);
            if (a < 0 || b < 0) return -1;
            out[o++] = (char)(a << 4 | b);
            i += 2;
        } else {
            out[o++] = plus && ch == '+' ? ' ' : ch;
        }
    }
    out[o] = '\0';
    return (long)o;
}

/* A decoded string must be UTF-8 without NUL bytes. */
static int clean(const char *s, size_t n) { return !memchr(s, '\0', n) && srv_utf8_valid(s, n); }

/* Splits and decodes the query string into c->p, in c->buf (room for the
 * whole target and a NUL per string). 400 on a problem, -1 then. */
static int parse_query(srv_call *c, const char *qs, size_t n, char *buf) {
    size_t at = 0;
    char *o = buf;
    while (at < n) {
        const char *amp = memchr(qs + at, '&', n - at);
        size_t pl = amp ? (size_t)(amp - (qs + at)) : n - at;
        const char *pair = qs + at;
        at += pl + 1;
        if (pl == 0) continue;
        if (c->np == SRV_MAX_PARAMS)
            return srv_fail(c, 400, "too_many_parameters", "more than %d query parameters", SRV_MAX_PARAMS);
        const char *eq = memchr(pair, '=', pl);
        size_t kl = eq ? (size_t)(eq - pair) : pl;
        long k = pct_decode(pair, kl, o, 1);
        if (k < 0) return srv_fail(c, 400, "bad_parameter", "a parameter name has a bad %%-escape");
        if (!clean(o, (size_t)k))
            return srv_fail(c, 400, "invalid_utf8", "a parameter name is not valid UTF-8 (or holds a NUL)");
        srv_param *p = &c->p[c->np];
        p->key = o;
        p->klen = (size_t)k;
        o += k + 1;
        long v = eq ? pct_decode(eq + 1, pl - kl - 1, o, 1) : 0;
        if (!eq) *o = '\0';
        if (v < 0) return srv_fail(c, 400, "bad_parameter", "parameter '%s' has a bad %%-escape", p->key);
        if (!clean(o, (size_t)v))
            return srv_fail(c, 400, "invalid_utf8", "parameter '%s' is not valid UTF-8 (or holds a NUL)", p->key);
        p->val = o;
        p->vlen = (size_t)v;
        o += v + 1;
        c->np++;
    }
    return 0;
}

int srv_params_allow(srv_call *c, const char *const *allowed) {
    for (size_t i = 0; i < c->np; i++) {
        int ok = 0;
        for (const char *const *a = allowed; *a && !ok; a++) ok = !strcmp(c->p[i].key, *a);
        if (!ok) {
            char list[512];
            size_t at = 0;
            list[0] = '\0';
            for (const char *const *a = allowed; *a && at < sizeof(list); a++)
                at += (size_t)snprintf(list + at, sizeof(list) - at, "%s%s", at ? ", " : "", *a);
            return srv_fail(c, 400, "unknown_parameter", "unknown parameter '%.100s' (this endpoint takes: %s)",
                            c->p[i].key, list[0] ? list : "none");
        }
    }
    return 0;
}

int srv_param_one(srv_call *c, const char *key, const char **val, size_t *len) {
    int found = 0;
    for (size_t i = 0; i < c->np; i++) {
        if (strcmp(c->p[i].key, key)) continue;
        if (found) return srv_fail(c, 400, "bad_parameter", "parameter '%s' is given more than once", key);
        found = 1;
        *val = c->p[i].val;
        if (len) *len = c->p[i].vlen;
    }
    return found;
}

int srv_param_needed(srv_call *c, const char *key, const char **val, size_t *len) {
    int r = srv_param_one(c, key, val, len);
    if (r == 0) srv_fail(c, 400, "missing_parameter", "parameter '%s' is needed", key);
    return r > 0 ? 0 : -1;
}

int srv_param_number(srv_call *c, const char *key, double lo, double hi, double *out) {
    const char *v;
    int r = srv_param_one(c, key, &v, NULL);
    if (r <= 0) return r;
    char *end;
    errno = 0;
    double x = strtod(v, &end);
    if (end == v || *end || errno || !isfinite(x) || x < lo || x > hi)
        return srv_fail(c, 400, "bad_parameter", "parameter '%s' takes a number from %g to %g, not '%.60s'", key,
                        lo, hi, v);
    *out = x;
    return 1;
}

int srv_param_bool(srv_call *c, const char *key, int dflt, int *out) {
    const char *v;
    int r = srv_param_one(c, key, &v, NULL);
    *out = dflt;
    if (r <= 0) return r;
    if (!*v || !strcasecmp(v, "true") || !strcmp(v, "1") || !strcasecmp(v, "yes")) *out = 1;
    else if (!strcasecmp(v, "false") || !strcmp(v, "0") || !strcasecmp(v, "no")) *out = 0;
    else return srv_fail(c, 400, "bad_parameter", "parameter '%s' takes true or false, not '%.60s'", key, v);
    return 1;
}

int srv_list_mask(srv_call *c, const char *what, const char *sel, uint64_t *mask) {
    const char *bad = NULL;
    if (embargo_index_list_mask(c->ix, sel, mask, &bad) == EMBARGO_OK) return 0;
    size_t n = bad ? strcspn(bad, ",") : 0;
    return srv_fail(c, 400, "bad_parameter", "%s: '%.*s' is neither a list of this index nor a jurisdiction (see /v1/info)",
                    what, (int)(n > 100 ? 100 : n), bad ? bad : "");
}

int srv_type_words(srv_call *c, const char *what, const char *s, size_t len, uint32_t *mask) {
    size_t at = 0;
    while (at <= len) {
        size_t n = 0;
        while (at + n < len && s[at + n] != ',') n++;
        const char *w = s + at;
        size_t wl = n;
        while (wl && *w == ' ') w++, wl--;
        while (wl && w[wl - 1] == ' ') wl--;
        if (wl) {
            embargo_entity_type t = embargo_type_parse(w, wl);
            if (t == EMBARGO_TYPE_UNKNOWN)
                return srv_fail(c, 400, "bad_parameter", "%s: unknown type '%.*s' (person, organization, vessel, aircraft)",
                                what, (int)(wl > 60 ? 60 : wl), w);
            *mask |= 1u << t;
        }
        at += n + 1;
    }
    return 0;
}

/* ---- workers ---------------------------------------------------------------------------- */

struct srv_worker {
    srv_server *s;
    pthread_mutex_t mu;
    srv_data *d;                     /* a reference, or NULL */
    embargo_matcher *m;
    embargo_scanner *scan[2];        /* plain text, HTML */
    srv_worker *next;
};

static _Thread_local srv_worker *tls_worker;
static _Thread_local unsigned tls_serial;
static atomic_uint serials = 1;

srv_worker *srv_worker_new(srv_server *s) {
    srv_worker *w = calloc(1, sizeof(*w));
    if (!w) return NULL;
    w->s = s;
    pthread_mutex_init(&w->mu, NULL);
    return w;
}

/* Drops the matcher, the scanners and the index reference. */
static void worker_drop(srv_worker *w) {
    embargo_matcher_free(w->m);
    embargo_scanner_free(w->scan[0]);
    embargo_scanner_free(w->scan[1]);
    w->m = NULL;
    w->scan[0] = w->scan[1] = NULL;
    srv_data_release(w->d);
    w->d = NULL;
}

void srv_worker_free(srv_worker *w) {
    if (!w) return;
    worker_drop(w);
    pthread_mutex_destroy(&w->mu);
    free(w);
}

srv_worker *srv_worker_get(srv_server *s) {
    if (tls_worker && tls_serial == s->serial) return tls_worker;
    srv_worker *w = srv_worker_new(s);
    if (!w) return NULL;
    pthread_mutex_lock(&s->workers_lock);
    w->next = s->workers;
    s->workers = w;
    pthread_mutex_unlock(&s->workers_lock);
    tls_worker = w;
    tls_serial = s->serial;
    return w;
}

void srv_worker_lock(srv_worker *w) { pthread_mutex_lock(&w->mu); }
void srv_worker_unlock(srv_worker *w) { pthread_mutex_unlock(&w->mu); }

/* Makes the worker hold the current index (or none). */
static void worker_sync(srv_worker *w) {
    uint64_t g = atomic_load(&w->s->state.generation);
    if (w->d && w->d->generation == g) return;
    worker_drop(w);
    w->d = srv_state_acquire(&w->s->state);
}

void srv_server_sweep(srv_server *s) {
    uint64_t g = atomic_load(&s->state.generation);
    pthread_mutex_lock(&s->workers_lock);
    for (srv_worker *w = s->workers; w; w = w->next) {
        if (pthread_mutex_trylock(&w->mu) != 0) continue; /* busy: it syncs itself */
        if (w->d && w->d->generation != g) worker_drop(w);
        pthread_mutex_unlock(&w->mu);
    }
    pthread_mutex_unlock(&s->workers_lock);
}

embargo_matcher *srv_matcher(srv_call *c) {
    srv_worker *w = c->w;
    if (!w->m && embargo_matcher_new(c->ix, &w->m) != EMBARGO_OK) {
        w->m = NULL;
        srv_fail(c, 500, "internal", "cannot make a matcher: out of memory");
    }
    return w->m;
}

embargo_scanner *srv_scanner(srv_call *c, int html) {
    srv_worker *w = c->w;
    int i = html ? 1 : 0;
    if (!w->scan[i]) {
        embargo_scan_options o;
        embargo_scan_options_init(&o);
        o.html = html;
        if (embargo_scanner_new(c->ix, &o, &w->scan[i]) != EMBARGO_OK) {
            w->scan[i] = NULL;
            srv_fail(c, 500, "internal", "cannot make a scanner: out of memory");
        }
    }
    return w->scan[i];
}

int srv_screen_failed(srv_call *c, embargo_status st) {
    if (st == EMBARGO_EQUERY) {
        const char *why = embargo_matcher_message(c->w->m);
        return srv_fail(c, 400, "bad_query", "%s", why[0] ? why : embargo_strerror(st));
    }
    return srv_fail(c, 500, "internal", "%s", embargo_strerror(st));
}

int srv_screen(srv_call *c, const char *name, size_t len, const embargo_screen_options *o,
               const embargo_match **mm, size_t *n) {
    embargo_matcher *m = srv_matcher(c);
    if (!m) return -1;
    embargo_status st = embargo_matcher_screen(m, name, len, o, mm, n);
    return st ? srv_screen_failed(c, st) : 0;
}

/* ---- the server ---------------------------------------------------------------------------- */

int srv_server_init(srv_server *s, const srv_config *cfg, char *err, size_t cap) {
    memset(s, 0, sizeof(*s));
    s->cfg = *cfg;
    s->serial = atomic_fetch_add(&serials, 1);
    pthread_mutex_init(&s->workers_lock, NULL);
    srv_state_init(&s->state, cfg);
    if (srv_metrics_init(&s->metrics, srv_route_count())) {
        snprintf(err, cap, "out of memory");
        srv_state_destroy(&s->state);
        return -1;
    }
    if (cfg->keys_path && srv_keys_load(cfg->keys_path, &s->keys, err, cap)) {
        srv_metrics_free(&s->metrics);
        srv_state_destroy(&s->state);
        return -1;
    }
    return 0;
}

void srv_server_destroy(srv_server *s) {
    srv_worker *w = s->workers;
    while (w) {
        srv_worker *next = w->next;
        srv_worker_free(w);
        w = next;
    }
    s->workers = NULL;
    srv_keys_free(&s->keys);
    srv_metrics_free(&s->metrics);
    srv_state_destroy(&s->state);
    pthread_mutex_destroy(&s->workers_lock);
}

/* ---- operations endpoints ----------------------------------------------------------------- */

static const char *const NO_PARAMS[] = {NULL};

static void h_healthz(srv_call *c) {
    if (srv_params_allow(c, NO_PARAMS)) return;
    fputs("{\"status\":\"ok\"}\n", srv_begin(c, 200, "application/json"));
}

static void h_readyz(srv_call *c) {
    if (srv_params_allow(c, NO_PARAMS)) return;
    worker_sync(c->w);
    if (!c->w->d) {
        srv_fail(c, 503, "not_ready", "no index is loaded yet");
        return;
    }
    fprintf(srv_begin(c, 200, "application/json"), "{\"status\":\"ok\",\"generation\":%llu}\n",
            (unsigned long long)c->w->d->generation);
}

static void h_metrics(srv_call *c) {
    if (srv_params_allow(c, NO_PARAMS)) return;
    srv_data *d = srv_state_acquire(&c->s->state);
    srv_metrics_write(srv_begin(c, 200, "text/plain; version=0.0.4; charset=utf-8"), &c->s->metrics,
                      &c->s->state, d);
    srv_data_release(d);
}

static void h_reload(srv_call *c) {
    if (srv_params_allow(c, NO_PARAMS)) return;
    char err[512];
    int rc = srv_state_load(&c->s->state, err, sizeof(err));
    if (rc < 0) {
        if (c->s->event) c->s->event(c->s->event_ctx, "error", "reload refused; the old index keeps serving", err);
        srv_fail(c, 500, "reload_failed", "reload refused, the old index keeps serving: %s", err);
        return;
    }
    srv_data *d = srv_state_acquire(&c->s->state);
    if (c->s->event && d)
        c->s->event(c->s->event_ctx, "info", rc ? "index unchanged: not loaded again" : "index loaded", d->source);
    FILE *f = srv_begin(c, 200, "application/json");
    /* "reloaded": false when the file was the one served already */
    if (d)
        fprintf(f, "{\"status\":\"ok\",\"reloaded\":%s,\"generation\":%llu,\"entities\":%u,\"load_ms\":%.1f}\n",
                rc ? "false" : "true", (unsigned long long)d->generation, d->info.entities, d->load_ms);
    srv_data_release(d);
}

/* ---- routes ------------------------------------------------------------------------------------ */

enum {
    R_DATA = 1,        /* needs an index (503 before one is loaded) */
    R_OPEN = 2,        /* no key needed */
    R_ADMIN = 4,       /* an admin key needed */
    R_JSON = 8,        /* body: application/json */
    R_JSONL = 16,      /* body: JSON or JSON Lines */
    R_TEXT = 32,       /* body: text/plain or text/html */
    R_YENTE = 64,      /* errors carry "detail" too */
    R_CORS = 128       /* Access-Control-Allow-Origin: * (watchman sends it) */
};

typedef struct srv_route {
    const char *method;
    const char *path;      /* exact, or a prefix ending in '/' followed by one parameter */
    const char *pattern;   /* for metrics and the log */
    int prefix;
    void (*fn)(srv_call *c);
    unsigned flags;
} srv_route;

static const srv_route ROUTES[] = {
    {"GET", "/v1/screen", "/v1/screen", 0, srv_v1_screen_get, R_DATA},
    {"POST", "/v1/screen", "/v1/screen", 0, srv_v1_screen_post, R_DATA | R_JSONL},
    {"POST", "/v1/scan", "/v1/scan", 0, srv_v1_scan, R_DATA | R_TEXT},
    {"GET", "/v1/who", "/v1/who", 0, srv_v1_who, R_DATA},
    {"GET", "/v1/entities/", "/v1/entities/{id}", 1, srv_v1_entity, R_DATA},
    {"GET", "/v1/info", "/v1/info", 0, srv_v1_info, R_DATA},
    {"POST", "/match/", "/match/{dataset}", 1, srv_yente_match, R_DATA | R_JSON | R_YENTE},
    {"GET", "/search/", "/search/{dataset}", 1, srv_yente_search, R_DATA | R_YENTE},
    {"GET", "/entities/", "/entities/{id}", 1, srv_yente_entity, R_DATA | R_YENTE},
    {"GET", "/catalog", "/catalog", 0, srv_yente_catalog, R_DATA | R_YENTE},
    {"GET", "/v2/search", "/v2/search", 0, srv_watchman_search, R_DATA | R_CORS},
    {"GET", "/v2/listinfo", "/v2/listinfo", 0, srv_watchman_listinfo, R_DATA | R_CORS},
    {"GET", "/healthz", "/healthz", 0, h_healthz, R_OPEN},
    {"GET", "/readyz", "/readyz", 0, h_readyz, R_OPEN},
    {"GET", "/metrics", "/metrics", 0, h_metrics, 0},
    {"POST", "/admin/reload", "/admin/reload", 0, h_reload, R_ADMIN},
};
enum { NROUTES = sizeof(ROUTES) / sizeof(ROUTES[0]) };

int srv_route_count(void) { return NROUTES; }
const char *srv_route_method(int i) { return i >= 0 && i < NROUTES ? ROUTES[i].method : "other"; }
const char *srv_route_path(int i) { return i >= 0 && i < NROUTES ? ROUTES[i].pattern : "other"; }

static int path_matches(const srv_route *r, const char *path, size_t n) {
    size_t rl = strlen(r->path);
    if (!r->prefix) return n == rl && !memcmp(path, r->path, n);
    return n > rl && !memcmp(path, r->path, rl) && !memchr(path + rl, '/', n - rl);
}

/* The media type of a Content-Type value, lower-cased, and whether its
 * charset (if any) is UTF-8 (or ASCII, a subset). */
static void media_type(const char *ct, char *out, size_t cap, int *utf8) {
    size_t n = strcspn(ct, ";");
    while (*ct == ' ' || *ct == '\t') ct++, n = n ? n - 1 : 0;
    while (n && (ct[n - 1] == ' ' || ct[n - 1] == '\t')) n--;
    size_t k = 0;
    for (; k < n && k + 1 < cap; k++) out[k] = (char)(ct[k] >= 'A' && ct[k] <= 'Z' ? ct[k] + 32 : ct[k]);
    out[k] = '\0';
    *utf8 = 1;
    const char *cs = NULL;
    for (const char *p = ct; *p && !cs; p++)
        if (!strncasecmp(p, "charset=", 8)) cs = p;
    if (cs) {
        cs += 8;
        if (*cs == '"') cs++;
        *utf8 = !strncasecmp(cs, "utf-8", 5) || !strncasecmp(cs, "utf8", 4) || !strncasecmp(cs, "us-ascii", 8);
    }
}

static int media_ok(unsigned flags, const char *ct, int *utf8) {
    char mt[64];
    *utf8 = 1;
    if (!ct || !*ct) return 1;           /* no type given: taken as the route's */
    media_type(ct, mt, sizeof(mt), utf8);
    if (flags & (R_JSON | R_JSONL)) {
        if (!strcmp(mt, "application/json")) return 1;
        if ((flags & R_JSONL) && (!strcmp(mt, "application/x-ndjson") || !strcmp(mt, "application/jsonl") ||
                                  !strcmp(mt, "application/json-lines") || !strcmp(mt, "application/jsonlines") ||
                                  !strcmp(mt, "application/x-jsonlines")))
            return 1;
        return 0;
    }
    if (flags & R_TEXT) return !strcmp(mt, "text/plain") || !strcmp(mt, "text/html");
    return 1;                            /* a route without a body ignores its type */
}

/* Finds the route, checks method, key and media type. Returns the route's
 * index, or -1 with the error response filled. */
static int route_check(srv_server *s, const srv_request *rq, const char *path, size_t plen, srv_response *rs) {
    int path_seen = 0;
    int idx = -1;
    const char *m = rq->method ? rq->method : "";
    int head = !strcmp(m, "HEAD");
    for (int i = 0; i < NROUTES && idx < 0; i++) {
        if (!path_matches(&ROUTES[i], path, plen)) continue;
        path_seen = 1;
        if (!strcmp(m, ROUTES[i].method) || (head && !strcmp(ROUTES[i].method, "GET"))) idx = i;
    }
    if (idx < 0) {
        if (path_seen) {
            char allow[64] = "";         /* the methods the path takes, for 405 */
            for (int i = 0; i < NROUTES; i++) {
                if (!path_matches(&ROUTES[i], path, plen)) continue;
                size_t al = strlen(allow);
                if (!strstr(allow, ROUTES[i].method))
                    snprintf(allow + al, sizeof(allow) - al, "%s%s%s", al ? ", " : "", ROUTES[i].method,
                             strcmp(ROUTES[i].method, "GET") ? "" : ", HEAD");
            }
            static _Thread_local char allow_copy[64];
            memcpy(allow_copy, allow, sizeof(allow));
            rs->allow = allow_copy;
            srv_error(rs, 405, "method_not_allowed", "%.20s is not allowed here (allowed: %s)", m, allow);
        } else {
            srv_error(rs, 404, "not_found", "no such endpoint");
        }
        return -1;
    }
    const srv_route *r = &ROUTES[idx];
    rs->route = idx;
    rs->endpoint = r->pattern;
    rs->yente = (r->flags & R_YENTE) != 0;
    rs->cors = (r->flags & R_CORS) != 0;
    if (s->keys.n && !(r->flags & R_OPEN)) {
        const srv_key *k = rq->key ? rq->key : srv_keys_check(&s->keys, rq->authorization);
        if (!k) {
            rs->bearer_challenge = 1;
            srv_error(rs, 401, "unauthorized",
                      rq->authorization ? "the key given is not valid" : "a key is needed: Authorization: Bearer KEY");
            return -1;
        }
        rs->key_name = k->name;
        rs->key = k;
        if ((r->flags & R_ADMIN) && !k->admin) {
            srv_error(rs, 403, "forbidden", "key '%s' is not an admin key", k->name);
            return -1;
        }
    }
    int utf8;
    if (!media_ok(r->flags, rq->content_type, &utf8)) {
        srv_error(rs, 415, "unsupported_media_type", "this endpoint takes %s, not '%.60s'",
                  (r->flags & R_TEXT) ? "text/plain or text/html"
                  : (r->flags & R_JSONL) ? "application/json or application/x-ndjson"
                                         : "application/json",
                  rq->content_type);
        return -1;
    }
    if (!utf8) {
        srv_error(rs, 415, "unsupported_media_type", "only UTF-8 is accepted (charset=utf-8)");
        return -1;
    }
    return idx;
}

static void response_init(srv_response *rs) {
    memset(rs, 0, sizeof(*rs));
    rs->route = -1;
    rs->endpoint = "other";
    rs->content_type = "application/json";
}

static size_t path_len(const srv_request *rq) {
    const char *q = rq->target ? memchr(rq->target, '?', rq->target_len) : NULL;
    return q ? (size_t)(q - rq->target) : rq->target_len;
}

int srv_precheck(srv_server *s, const srv_request *rq, long long content_length, srv_response *rs) {
    response_init(rs);
    size_t plen = path_len(rq);
    if (!rq->target || plen == 0 || rq->target[0] != '/') {
        srv_error(rs, 400, "bad_request", "the request target must be a path");
        return rs->status;
    }
    if (route_check(s, rq, rq->target, plen, rs) < 0) return rs->status;
    if (content_length > (long long)s->cfg.max_body) {
        srv_error(rs, 413, "payload_too_large", "the body is larger than %zu bytes", s->cfg.max_body);
        return rs->status;
    }
    return 0;
}

int srv_handle(srv_worker *w, const srv_request *rq, srv_response *rs) {
    srv_server *s = w->s;
    response_init(rs);
    srv_call c;
    memset(&c, 0, sizeof(c));
    c.s = s;
    c.w = w;
    c.rq = rq;
    c.rs = rs;
    size_t plen = path_len(rq);
    if (!rq->target || plen == 0 || rq->target[0] != '/') {
        srv_error(rs, 400, "bad_request", "the request target must be a path");
        return rs->status;
    }
    int idx = route_check(s, rq, rq->target, plen, rs);
    if (idx < 0) return rs->status;
    const srv_route *r = &ROUTES[idx];
    if (rq->body_len > s->cfg.max_body) {
        srv_error(rs, 413, "payload_too_large", "the body is larger than %zu bytes", s->cfg.max_body);
        return rs->status;
    }
    c.buf = malloc(2 * rq->target_len + 4);
    if (!c.buf) {
        srv_error(rs, 500, "internal", "out of memory");
        return rs->status;
    }
    char *o = c.buf;
    if (r->prefix) {
        size_t rl = strlen(r->path);
        long n = pct_decode(rq->target + rl, plen - rl, o, 0);
        if (n < 0 || !clean(o, (size_t)n)) {
            srv_error(rs, 400, n < 0 ? "bad_request" : "invalid_utf8",
                      n < 0 ? "the path has a bad %%-escape" : "the path is not valid UTF-8 (or holds a NUL)");
            goto done;
        }
        c.arg = o;
        c.arg_len = (size_t)n;
        o += n + 1;
    }
    if (plen < rq->target_len && parse_query(&c, rq->target + plen + 1, rq->target_len - plen - 1, o)) goto done;
    if (r->flags & R_DATA) {
        worker_sync(w);
        if (!w->d) {
            srv_error(rs, 503, "not_ready", "no index is loaded yet");
            goto done;
        }
        c.d = w->d;
        c.ix = w->d->ix;
    }
    r->fn(&c);
    if (rs->f) body_close(rs);
    if (!rs->status) srv_error(rs, 500, "internal", "the endpoint gave no answer");
done:
    free(c.buf);
    return rs->status;
}
