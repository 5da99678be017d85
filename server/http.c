/*
 * http.c - the HTTP side of `embargo serve`, on GNU libmicrohttpd.
 *
 * libmicrohttpd runs its own threads: a pool of N threads, each with an
 * epoll loop over its share of the connections (MHD_USE_EPOLL with
 * MHD_OPTION_THREAD_POOL_SIZE), so that a request is answered on the thread
 * that read it and no request waits in a queue behind another. Each pool
 * thread screens with a worker of its own (request.c).
 *
 * This file reads a request into memory (the raw request target, taken
 * when the request line arrives, and the body), enforces the limits that
 * need the connection, hands the request to srv_handle(), and sends the
 * answer; it also writes the access log and counts the metrics when the
 * request is done. The limits:
 *   - the request line and headers: --max-header bytes (431), and at most
 *     twice that and 16 KiB held per connection by libmicrohttpd (which
 *     answers 431 itself, in HTML, to headers that overflow its pool:
 *     hundreds of header lines can before --max-header bytes);
 *   - the body: --max-body bytes (413; refused from Content-Length before
 *     it is read);
 *   - connections: --max-connections open ones; the next ones are answered
 *     429 and closed (unless connections their clients have closed, not
 *     yet counted out by their threads, make room: closed_by_peer), and a
 *     hard limit a little above closes the rest;
 *   - time: a connection idle for --timeout seconds is closed (a client
 *     sending its headers slowly holds one connection at most that long
 *     between bytes), and a body still arriving after --request-timeout
 *     seconds is answered 408.
 *
 * The main thread waits for signals: SIGHUP reloads the index, SIGINT and
 * SIGTERM stop the server (requests in flight are finished). With --watch
 * it also polls the index file four times a second and reloads when it
 * changes; and it retires idle workers' old indexes after a reload.
 *
 * The access log is one JSON object a line (time, request id, key name,
 * method, endpoint pattern, status, latency, bytes); neither the key nor
 * the query (names of customers) is ever logged. The lines are handed to a
 * thread that writes them out in batches, within 0.1 s (events at once),
 * so that the threads answering requests neither make a write(2) each nor
 * wait on the disk; if the disk falls 256 KiB behind, they wait for it
 * rather than lose lines.
 */
#define _GNU_SOURCE /* accept4 */
#include "server.h"
#include "../tools/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* The log's lines wait in a buffer that a thread of its own writes out
 * (log_append): a write(2) per request on the threads answering them cost
 * a syscall each, and put every stall of the disk (the file's lock, the
 * journal) into some request's latency. */
enum {
    LOG_CAP = 256 * 1024,            /* bytes waiting; appenders wait beyond it */
    LOG_SOON = 32 * 1024,            /* wake the writer when this much waits */
    LOG_DELAY_MS = 100               /* else write within this long */
};

/* A connection as --max-connections sees it (on_connection). */
typedef struct http_conn {
    struct http_conn *prev, *next;
    int fd;
    int over;                        /* over the limit when it came: its first request
                                        is answered 429 unless closed_by_peer frees room */
    int decided;                     /* its first request has been let in or refused */
} http_conn;

/* One libmicrohttpd daemon with a thread of its own, and the connections
 * it holds (see accept_main). */
typedef struct http_pool {
    struct http_ctx *h;
    struct MHD_Daemon *daemon;
    atomic_long open;
    pthread_mutex_t lock;            /* guards conns: the daemon's thread adds and removes
                                        its own, closed_by_peer on any thread reads them */
    http_conn *conns;
} http_pool;

typedef struct http_ctx {
    srv_server srv;
    http_pool *pools;
    unsigned npools;
    int listen_fd;
    pthread_t acceptor;
    atomic_int stopping;
    int log_fd;
    atomic_ulong next_id;
    char id_prefix[12];
    pthread_mutex_t log_lock;
    pthread_cond_t log_wake;         /* the writer: lines to write, or stop */
    pthread_cond_t log_room;         /* appenders: the buffer has room */
    pthread_t log_thread;
    atomic_int log_threaded;         /* the writer runs */
    int log_stop;                    /* it is to stop */
    char *log_buf, *log_out;         /* filling, being written */
    size_t log_len;
} http_ctx;

/* One request, from its request line to its completion. */
typedef struct http_req {
    double t0;                       /* CLOCK_MONOTONIC, seconds */
    char *target;
    size_t target_len;
    char *body;
    size_t len, cap;
    int started, replied;
    int status, route;
    const char *endpoint;
    const char *key_name;            /* points into the server's keys */
    const srv_key *key;              /* the one srv_precheck found valid */
    size_t bytes;
    char method[12];
    char id[72];
} http_req;

static double mono_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* "2026-01-31T12:00:00.123Z"; the part up to the seconds is worked out
 * once a second per thread. */
static void log_time(char *out, size_t cap) {
    static _Thread_local time_t last = -1;
    static _Thread_local char head[32];
    static _Thread_local size_t hn;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    if (ts.tv_sec != last) {
        struct tm tm;
        gmtime_r(&ts.tv_sec, &tm);
        hn = strftime(head, sizeof(head), "%Y-%m-%dT%H:%M:%S", &tm);
        last = ts.tv_sec;
    }
    unsigned ms = (unsigned)(ts.tv_nsec / 1000000);
    if (cap < hn + 6) {
        snprintf(out, cap, "%s", head);
        return;
    }
    memcpy(out, head, hn);
    out[hn] = '.';
    out[hn + 1] = (char)('0' + ms / 100);
    out[hn + 2] = (char)('0' + ms / 10 % 10);
    out[hn + 3] = (char)('0' + ms % 10);
    out[hn + 4] = 'Z';
    out[hn + 5] = '\0';
}

/* Appends s as a JSON string to buf (at *at, cap bytes), truncating. */
static void log_str(char *buf, size_t *at, size_t cap, const char *s) {
    if (*at + 2 >= cap) return;
    buf[(*at)++] = '"';
    for (; *s && *at + 8 < cap; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\') {
            buf[(*at)++] = '\\';
            buf[(*at)++] = (char)ch;
        } else if (ch < 0x20) {
            *at += (size_t)snprintf(buf + *at, cap - *at, "\\u%04x", ch);
        } else {
            buf[(*at)++] = (char)ch;
        }
    }
    buf[(*at)++] = '"';
}

/* Appends s, or a number, to an access log line. The line's parts are
 * bounded (log_str truncates at 900 bytes; the rest is short), so a
 * 1 KiB buffer holds it. */
static void log_put(char *buf, size_t *at, const char *s) {
    size_t n = strlen(s);
    memcpy(buf + *at, s, n);
    *at += n;
}

static void log_uint(char *buf, size_t *at, unsigned long long v) {
    char d[24];
    size_t n = 0;
    do d[n++] = (char)('0' + v % 10); while (v /= 10);
    while (n) buf[(*at)++] = d[--n];
}

static void log_write(int fd, const char *buf, size_t n) {
    while (n) {
        ssize_t w = write(fd, buf, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return;          /* a full disk must not stop the screening */
        buf += w;
        n -= (size_t)w;
    }
}

/* The writer: takes what waits, writes it, and again, within LOG_DELAY_MS
 * of a line's arrival (at once for an event, or when LOG_SOON waits). */
static void *log_main(void *arg) {
    http_ctx *h = arg;
    pthread_mutex_lock(&h->log_lock);
    for (;;) {
        if (!h->log_len && !h->log_stop) {
            pthread_cond_wait(&h->log_wake, &h->log_lock);
            continue;
        }
        if (h->log_len && h->log_len < LOG_SOON && !h->log_stop) {
            struct timespec until;       /* a little more may come */
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_nsec += LOG_DELAY_MS * 1000000L;
            if (until.tv_nsec >= 1000000000L) until.tv_sec++, until.tv_nsec -= 1000000000L;
            pthread_cond_timedwait(&h->log_wake, &h->log_lock, &until);
        }
        if (!h->log_len) {
            if (h->log_stop) break;
            continue;
        }
        char *b = h->log_buf;
        size_t n = h->log_len;
        h->log_buf = h->log_out;
        h->log_out = b;
        h->log_len = 0;
        pthread_cond_broadcast(&h->log_room);
        pthread_mutex_unlock(&h->log_lock);
        log_write(h->log_fd, b, n);
        pthread_mutex_lock(&h->log_lock);
    }
    pthread_mutex_unlock(&h->log_lock);
    return NULL;
}

/* Adds a line to the log: to the writer's buffer when it runs (`now`: have
 * it written at once), else straight to the file. */
static void log_append(http_ctx *h, const char *line, size_t n, int now) {
    if (h->log_threaded && n <= LOG_CAP) {
        pthread_mutex_lock(&h->log_lock);
        while (h->log_threaded && h->log_len + n > LOG_CAP)   /* the disk is slower than the requests */
            pthread_cond_wait(&h->log_room, &h->log_lock);
        if (h->log_threaded) {
            memcpy(h->log_buf + h->log_len, line, n);
            h->log_len += n;
            if (now || h->log_len >= LOG_SOON || h->log_len == n) pthread_cond_signal(&h->log_wake);
            pthread_mutex_unlock(&h->log_lock);
            return;
        }
        pthread_mutex_unlock(&h->log_lock);
    }
    log_write(h->log_fd, line, n);
}

/* Starts the writer; without one (no memory, no thread) lines are written
 * as they come. */
static void log_start(http_ctx *h) {
    pthread_mutex_init(&h->log_lock, NULL);
    pthread_cond_init(&h->log_wake, NULL);
    pthread_cond_init(&h->log_room, NULL);
    h->log_buf = malloc(LOG_CAP);
    h->log_out = malloc(LOG_CAP);
    h->log_len = 0;
    h->log_stop = 0;
    h->log_threaded = h->log_buf && h->log_out && pthread_create(&h->log_thread, NULL, log_main, h) == 0;
}

/* Writes out what waits and stops the writer. */
static void log_finish(http_ctx *h) {
    if (h->log_threaded) {
        pthread_mutex_lock(&h->log_lock);
        h->log_stop = 1;
        pthread_cond_signal(&h->log_wake);
        pthread_mutex_unlock(&h->log_lock);
        pthread_join(h->log_thread, NULL);
        h->log_threaded = 0;
    }
    free(h->log_buf);
    free(h->log_out);
    h->log_buf = h->log_out = NULL;
    pthread_cond_destroy(&h->log_room);
    pthread_cond_destroy(&h->log_wake);
    pthread_mutex_destroy(&h->log_lock);
}

/* An event line: {"time","level","msg","detail"}. */
static void log_event(void *ctx, const char *level, const char *msg, const char *detail) {
    http_ctx *h = ctx;
    char buf[2048], t[40];
    size_t at = 0;
    log_time(t, sizeof(t));
    at += (size_t)snprintf(buf, sizeof(buf), "{\"time\":\"%s\",\"level\":\"%s\",\"msg\":", t, level);
    log_str(buf, &at, sizeof(buf) - 4, msg);
    if (detail) {
        at += (size_t)snprintf(buf + at, sizeof(buf) - at, ",\"detail\":");
        log_str(buf, &at, sizeof(buf) - 4, detail);
    }
    buf[at++] = '}';
    buf[at++] = '\n';
    log_append(h, buf, at, 1);
}

static void log_eventf(http_ctx *h, const char *level, const char *msg, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void log_eventf(http_ctx *h, const char *level, const char *msg, const char *fmt, ...) {
    char detail[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof(detail), fmt, ap);
    va_end(ap);
    log_event(h, level, msg, detail);
}

static void mhd_log(void *cls, const char *fmt, va_list ap) {
    char msg[512];
    vsnprintf(msg, sizeof(msg), fmt, ap);
    size_t n = strlen(msg);
    while (n && msg[n - 1] == '\n') msg[--n] = '\0';
    log_event(cls, "warning", "libmicrohttpd", msg);
}

/* ---- callbacks -------------------------------------------------------------------------- */

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn) {
    (void)cls;
    (void)conn;
    http_req *r = calloc(1, sizeof(*r));
    if (!r) return NULL;
    r->t0 = mono_s();
    r->route = -1;
    r->endpoint = "other";
    r->target_len = strlen(uri);
    r->target = malloc(r->target_len + 1);
    if (!r->target) {
        free(r);
        return NULL;
    }
    memcpy(r->target, uri, r->target_len + 1);
    return r;
}

/* A connection over the limit that could not be tracked (out of memory). */
static http_conn over_untracked = {NULL, NULL, -1, 1, 0};

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode code) {
    http_pool *p = cls;
    http_ctx *h = p->h;
    http_conn *c = *socket_context;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {          /* p->open was counted when it was handed over */
        long n = atomic_fetch_add(&h->srv.metrics.connections, 1) + 1;
        int over = n > (long)h->srv.cfg.max_connections;
        const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        c = ci ? calloc(1, sizeof(*c)) : NULL;
        if (c) {
            c->fd = ci->connect_fd;
            c->over = over;
            pthread_mutex_lock(&p->lock);
            c->next = p->conns;
            if (p->conns) p->conns->prev = c;
            p->conns = c;
            pthread_mutex_unlock(&p->lock);
        }
        *socket_context = c ? c : over ? &over_untracked : NULL;
    } else {
        if (c && c != &over_untracked) {
            pthread_mutex_lock(&p->lock);      /* before libmicrohttpd closes its socket */
            if (c->prev) c->prev->next = c->next;
            else p->conns = c->next;
            if (c->next) c->next->prev = c->prev;
            pthread_mutex_unlock(&p->lock);
            free(c);
        }
        *socket_context = NULL;
        atomic_fetch_sub(&p->open, 1);
        atomic_fetch_sub(&h->srv.metrics.connections, 1);
    }
}

/* How many of the connections counted open other than self their client
 * has closed already: a daemon's thread counts one out only when it next
 * looks at it, so a client that closes its connections and at once opens
 * another would find the old ones still counted against it. Looked at (a
 * recv that peeks) only for a connection that came over the limit. A
 * client that shut its side after sending its request counts as closed
 * while it waits for the answer: the limit errs on the side of serving. */
static long closed_by_peer(http_ctx *h, const http_conn *self) {
    long n = 0;
    for (unsigned k = 0; k < h->npools; k++) {
        http_pool *p = &h->pools[k];
        pthread_mutex_lock(&p->lock);
        for (const http_conn *c = p->conns; c; c = c->next) {
            char b;
            if (c == self) continue;
            ssize_t got = recv(c->fd, &b, 1, MSG_PEEK | MSG_DONTWAIT);
            if (got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) n++;
        }
        pthread_mutex_unlock(&p->lock);
    }
    return n;
}

/* Whether the connection's first request is over --max-connections: it
 * came over the limit, and the connections closed meanwhile (or closed
 * but not yet counted out) do not make room for it. Later requests on a
 * connection let in are never refused. */
static int over_limit(http_ctx *h, struct MHD_Connection *conn) {
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    http_conn *c = ci ? ci->socket_context : NULL;
    if (!c) return 0;
    if (c == &over_untracked) return 1;
    if (c->decided) return 0;
    c->decided = 1;
    long max = (long)h->srv.cfg.max_connections;
    if (c->over && atomic_load(&h->srv.metrics.connections) - closed_by_peer(h, c) <= max) c->over = 0;
    return c->over;
}

/* Sends rs (its body handed to libmicrohttpd) and records what the log needs. */
static enum MHD_Result reply(http_ctx *h, struct MHD_Connection *conn, http_req *r, srv_response *rs) {
    (void)h;
    struct MHD_Response *resp;
    if (rs->body && rs->len) {
        resp = MHD_create_response_from_buffer(rs->len, rs->body, MHD_RESPMEM_MUST_FREE);
        if (resp) rs->body = NULL;
    } else {
        resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    }
    r->replied = 1;
    r->status = rs->status;
    r->route = rs->route;
    r->endpoint = rs->endpoint;
    r->key_name = rs->key_name;
    r->bytes = rs->len;
    srv_response_free(rs);
    if (!resp) return MHD_NO;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, rs->content_type ? rs->content_type : "application/json");
    MHD_add_response_header(resp, "X-Request-ID", r->id);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    if (rs->allow) MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, rs->allow);
    if (rs->cors) MHD_add_response_header(resp, MHD_HTTP_HEADER_ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    if (rs->bearer_challenge) MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer");
    if (rs->close) MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)rs->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static enum MHD_Result reply_error(http_ctx *h, struct MHD_Connection *conn, http_req *r, int status, int close,
                                   const char *code, const char *msg) {
    srv_response rs;
    memset(&rs, 0, sizeof(rs));
    rs.route = r->route;
    rs.endpoint = r->endpoint;
    rs.key_name = r->key_name;
    rs.close = close;
    srv_error(&rs, status, code, "%s", msg);
    return reply(h, conn, r, &rs);
}

/* An error sent while the body is still arriving, when libmicrohttpd takes
 * no response (it queues one only before the body or after all of it):
 * the answer is written to the socket directly, and the connection is then
 * closed by returning MHD_NO. The slow or oversized client learns why. */
static enum MHD_Result abort_with(struct MHD_Connection *conn, http_req *r, int status, const char *code,
                                  const char *msg) {
    srv_response rs;
    memset(&rs, 0, sizeof(rs));
    srv_error(&rs, status, code, "%s", msg);
    const char *reason = status == 408 ? "Request Timeout" : status == 413 ? "Content Too Large" : "Internal Server Error";
    char head[256];
    int hl = snprintf(head, sizeof(head),
                      "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
                      "X-Request-ID: %s\r\nConnection: close\r\n\r\n",
                      status, reason, rs.len, r->id);
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    if (ci && hl > 0 && (size_t)hl < sizeof(head)) {
        ssize_t w = send(ci->connect_fd, head, (size_t)hl, MSG_NOSIGNAL);
        if (w == hl && rs.body) w = send(ci->connect_fd, rs.body, rs.len, MSG_NOSIGNAL);
        (void)w;                     /* the connection closes whatever was sent */
    }
    r->replied = 1;
    r->status = status;
    r->bytes = rs.len;
    srv_response_free(&rs);
    return MHD_NO;
}

/* The request id: the client's X-Request-ID if it is a short token, else ours. */
static void request_id(http_ctx *h, struct MHD_Connection *conn, http_req *r) {
    const char *v = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Request-ID");
    size_t n = v ? strlen(v) : 0;
    int ok = n > 0 && n < sizeof(r->id);
    for (size_t i = 0; ok && i < n; i++) {
        char ch = v[i];
        ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' ||
             ch == '_' || ch == '.' || ch == ':';
    }
    if (ok) memcpy(r->id, v, n + 1);
    else snprintf(r->id, sizeof(r->id), "%s-%lu", h->id_prefix, atomic_fetch_add(&h->next_id, 1) + 1);
}

static void fill_request(struct MHD_Connection *conn, http_req *r, srv_request *rq) {
    rq->method = r->method;
    rq->target = r->target;
    rq->target_len = r->target_len;
    rq->content_type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    rq->authorization = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    rq->key = r->key;                /* NULL until srv_precheck has checked it */
    rq->body = r->body;
    rq->body_len = r->len;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload, size_t *upload_size, void **con_cls) {
    http_ctx *h = cls;
    srv_server *s = &h->srv;
    http_req *r = *con_cls;
    (void)url;
    (void)version;
    if (!r) return MHD_NO;                 /* out of memory at the request line */
    if (!r->started) {
        r->started = 1;
        snprintf(r->method, sizeof(r->method), "%s", method);
        request_id(h, conn, r);
        if (over_limit(h, conn)) {
            atomic_fetch_add(&s->metrics.connections_refused, 1);
            return reply_error(h, conn, r, 429, 1, "too_many_connections",
                               "too many connections are open; try again shortly");
        }
        const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
        if (ci && ci->header_size > s->cfg.max_header)
            return reply_error(h, conn, r, 431, 1, "header_too_large",
                               "the request line and headers are larger than the limit");
        long long cl = -1;
        const char *clv = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (clv) {
            char *end;
            errno = 0;
            cl = strtoll(clv, &end, 10);
            if (errno || end == clv) cl = (long long)s->cfg.max_body + 1;
        }
        srv_request rq;
        fill_request(conn, r, &rq);
        srv_response rs;
        if (srv_precheck(s, &rq, cl, &rs)) {
            rs.close = rs.status == 413 || rs.status == 401;   /* its body is not read */
            return reply(h, conn, r, &rs);
        }
        r->route = rs.route;
        r->endpoint = rs.endpoint;
        r->key_name = rs.key_name;
        r->key = rs.key;
        return MHD_YES;
    }
    if (*upload_size) {
        size_t n = *upload_size;
        *upload_size = 0;
        if (r->replied) return MHD_YES;    /* refused early: the rest is dropped */
        if (r->len + n > s->cfg.max_body)     /* a chunked body, without Content-Length */
            return abort_with(conn, r, 413, "payload_too_large", "the body is larger than the limit");
        if (mono_s() - r->t0 > (double)s->cfg.request_timeout)
            return abort_with(conn, r, 408, "timeout", "the request took longer than the limit to arrive");
        if (r->len + n > r->cap) {
            size_t cap = r->cap ? r->cap : 4096;
            while (cap < r->len + n) cap *= 2;
            if (cap > s->cfg.max_body) cap = s->cfg.max_body;
            char *b = realloc(r->body, cap);
            if (!b) return abort_with(conn, r, 500, "internal", "out of memory");
            r->body = b;
            r->cap = cap;
        }
        memcpy(r->body + r->len, upload, n);
        r->len += n;
        return MHD_YES;
    }
    if (r->replied) return MHD_YES;
    srv_worker *w = srv_worker_get(s);
    if (!w) return reply_error(h, conn, r, 500, 1, "internal", "out of memory");
    srv_request rq;
    fill_request(conn, r, &rq);
    srv_response rs;
    srv_worker_lock(w);
    srv_handle(w, &rq, &rs);
    srv_worker_unlock(w);
    free(r->body);                         /* the response holds nothing of it */
    r->body = NULL;
    r->len = r->cap = 0;
    return reply(h, conn, r, &rs);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe) {
    http_ctx *h = cls;
    http_req *r = *con_cls;
    (void)conn;
    if (!r) return;
    *con_cls = NULL;
    double lat = mono_s() - r->t0;
    if (r->replied) srv_metrics_count(&h->srv.metrics, r->route, r->status, lat);
    char buf[1024], t[40];
    size_t at = 0;
    log_time(t, sizeof(t));
    log_put(buf, &at, "{\"time\":\"");
    log_put(buf, &at, t);
    log_put(buf, &at, "\",\"request_id\":");
    log_str(buf, &at, 900, r->id[0] ? r->id : "-");
    log_put(buf, &at, ",\"key\":");
    if (r->key_name) log_str(buf, &at, 900, r->key_name);
    else log_put(buf, &at, "null");
    log_put(buf, &at, ",\"method\":");
    log_str(buf, &at, 900, r->method[0] ? r->method : "-");
    log_put(buf, &at, ",\"endpoint\":");
    log_str(buf, &at, 900, r->endpoint);
    log_put(buf, &at, ",\"status\":");
    if (r->replied) log_uint(buf, &at, (unsigned long long)r->status);
    else log_put(buf, &at, "null");
    unsigned long long us = lat > 0 ? (unsigned long long)(lat * 1e6 + 0.5) : 0;   /* %.3f of milliseconds */
    log_put(buf, &at, ",\"latency_ms\":");
    log_uint(buf, &at, us / 1000);
    buf[at++] = '.';
    buf[at++] = (char)('0' + us / 100 % 10);
    buf[at++] = (char)('0' + us / 10 % 10);
    buf[at++] = (char)('0' + us % 10);
    log_put(buf, &at, ",\"bytes\":");
    log_uint(buf, &at, r->bytes);
    if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK) {
        const char *why = toe == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED ? "timeout"
                          : toe == MHD_REQUEST_TERMINATED_DAEMON_SHUTDOWN ? "shutdown"
                          : toe == MHD_REQUEST_TERMINATED_CLIENT_ABORT ? "client closed"
                          : toe == MHD_REQUEST_TERMINATED_READ_ERROR ? "read error"
                                                                     : "error";
        log_put(buf, &at, ",\"aborted\":\"");
        log_put(buf, &at, why);
        log_put(buf, &at, "\"");
    }
    buf[at++] = '}';
    buf[at++] = '\n';
    log_append(h, buf, at, 0);
    free(r->target);
    free(r->body);
    free(r);
}

/* ---- running ------------------------------------------------------------------------------- */

/* Resolves --listen ("HOST:PORT", "[V6]:PORT", ":PORT") into addr. */
static int listen_addr(const char *spec, struct sockaddr_storage *addr, socklen_t *alen, char *err, size_t cap) {
    char host[256];
    const char *port;
    if (spec[0] == '[') {
        const char *close = strchr(spec, ']');
        if (!close || close[1] != ':' || (size_t)(close - spec - 1) >= sizeof(host)) {
            snprintf(err, cap, "--listen: '%s' is not [ADDRESS]:PORT", spec);
            return -1;
        }
        memcpy(host, spec + 1, (size_t)(close - spec - 1));
        host[close - spec - 1] = '\0';
        port = close + 2;
    } else {
        const char *colon = strrchr(spec, ':');
        if (!colon || (size_t)(colon - spec) >= sizeof(host)) {
            snprintf(err, cap, "--listen: '%s' is not HOST:PORT", spec);
            return -1;
        }
        memcpy(host, spec, (size_t)(colon - spec));
        host[colon - spec] = '\0';
        port = colon + 1;
    }
    char *end;
    long p = strtol(port, &end, 10);
    if (!*port || *end || p < 0 || p > 65535) {
        snprintf(err, cap, "--listen: '%s' is not a port", port);
        return -1;
    }
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    int rc = getaddrinfo(host[0] ? host : NULL, port, &hints, &res);
    if (rc || !res) {
        snprintf(err, cap, "--listen: %s: %s", host, gai_strerror(rc));
        return -1;
    }
    memcpy(addr, res->ai_addr, res->ai_addrlen);
    *alen = res->ai_addrlen;
    freeaddrinfo(res);
    return 0;
}

/* Room for the connections allowed: raises the soft limit on open files. */
static void raise_nofile(unsigned want) {
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= want) return;
    rl.rlim_cur = want < rl.rlim_max ? want : rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
}

static void id_prefix(char *out, size_t cap) {
    unsigned v = 0;
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0 || read(fd, &v, sizeof(v)) != (ssize_t)sizeof(v)) v = (unsigned)time(NULL) ^ (unsigned)getpid();
    if (fd >= 0) close(fd);
    snprintf(out, cap, "%08x", v);
}

/* The listening socket, as libmicrohttpd would open it (SO_REUSEADDR; an
 * IPv6 address takes IPv6 only). Returns the socket, or -1 with why in err. */
static int listen_open(const struct sockaddr_storage *addr, socklen_t alen, char *err, size_t cap) {
    int fd = socket(addr->ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    if (fd >= 0) {
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (addr->ss_family == AF_INET6) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
    }
    if (fd < 0 || bind(fd, (const struct sockaddr *)addr, alen) || listen(fd, 1024)) {
        snprintf(err, cap, "%s", strerror(errno));
        if (fd >= 0) close(fd);
        return -1;
    }
    return fd;
}

/* The acceptor: takes each new connection and gives it to the daemon that
 * holds the fewest (the next in turn among equals). libmicrohttpd's own
 * thread pool lets its threads race for each connection, and a client
 * opening its connections all at once (a connection pool, wrk) could find
 * 29 of 32 on one thread and the other thread idle: half the machine
 * unused, and the tail latency of one thread's queue. */
static void *accept_main(void *arg) {
    http_ctx *h = arg;
    unsigned turn = 0;
    while (!atomic_load(&h->stopping)) {
        struct pollfd pfd = {.fd = h->listen_fd, .events = POLLIN};
        if (poll(&pfd, 1, 250) <= 0) continue;   /* and look at `stopping` now and then */
        struct sockaddr_storage a;
        socklen_t al = sizeof(a);
        int fd = accept4(h->listen_fd, (struct sockaddr *)&a, &al, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (fd < 0) {
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                struct timespec pause = {0, 10 * 1000 * 1000};   /* out of descriptors: let some close */
                nanosleep(&pause, NULL);
            }
            continue;
        }
        http_pool *best = NULL;
        for (unsigned k = 0; k < h->npools; k++) {
            http_pool *p = &h->pools[(turn + k) % h->npools];
            if (!best || atomic_load(&p->open) < atomic_load(&best->open)) best = p;
        }
        turn++;
        /* Counted here, not when the daemon's thread takes it up, so that
         * connections arriving together spread (the daemon's thread counts
         * it out when it closes). */
        atomic_fetch_add(&best->open, 1);
        if (MHD_add_connection(best->daemon, fd, (struct sockaddr *)&a, al) != MHD_YES)
            atomic_fetch_sub(&best->open, 1);                             /* it closed fd */
    }
    return NULL;
}

/* Stops accepting, then each daemon (which finishes its requests in flight). */
static void stop_serving(http_ctx *h) {
    if (h->listen_fd >= 0) {
        atomic_store(&h->stopping, 1);
        pthread_join(h->acceptor, NULL);
        close(h->listen_fd);
        h->listen_fd = -1;
    }
    for (unsigned k = 0; k < h->npools; k++)
        if (h->pools[k].daemon) MHD_stop_daemon(h->pools[k].daemon);
    for (unsigned k = 0; k < h->npools; k++) pthread_mutex_destroy(&h->pools[k].lock);
    free(h->pools);
    h->pools = NULL;
    h->npools = 0;
}

static void load(http_ctx *h, const char *why) {
    char err[1024];
    int rc = srv_state_load(&h->srv.state, err, sizeof(err));
    if (rc < 0) {
        log_eventf(h, "error", "index refused; the old index keeps serving", "%s: %s", why, err);
        return;
    }
    if (rc > 0) {                    /* the watcher (or another reload) took this file already */
        log_event(h, "info", "index unchanged: not loaded again", why);
        return;
    }
    srv_data *d = srv_state_acquire(&h->srv.state);
    if (d)
        log_eventf(h, "info", "index loaded", "%s: generation %llu, %u entities, %u lists, from %s in %.1f ms", why,
                   (unsigned long long)d->generation, d->info.entities, d->info.lists, d->source, d->load_ms);
    srv_data_release(d);
    srv_server_sweep(&h->srv);
}

int srv_run(const srv_config *cfg) {
    static http_ctx ctx;             /* one server a process: its threads outlive no call */
    http_ctx *h = &ctx;
    memset(h, 0, sizeof(*h));
    h->log_fd = STDERR_FILENO;
    if (cfg->log_path && !strcmp(cfg->log_path, "-")) {
        h->log_fd = STDOUT_FILENO;
    } else if (cfg->log_path) {
        h->log_fd = open(cfg->log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
        if (h->log_fd < 0) {
            fprintf(stderr, "embargo: %s: %s\n", cfg->log_path, strerror(errno));
            return EXIT_TROUBLE;
        }
    }
    char err[1024];
    if (srv_server_init(&h->srv, cfg, err, sizeof(err))) {
        fprintf(stderr, "embargo: %s\n", err);
        return EXIT_TROUBLE;
    }
    srv_server *s = &h->srv;
    s->event = log_event;
    s->event_ctx = h;
    id_prefix(h->id_prefix, sizeof(h->id_prefix));
    struct sockaddr_storage addr;
    socklen_t alen = 0;
    if (listen_addr(cfg->listen, &addr, &alen, err, sizeof(err))) {
        fprintf(stderr, "embargo: %s\n", err);
        srv_server_destroy(s);
        return EXIT_TROUBLE;
    }
    /* Signals are taken by the main thread only: block them before any
     * thread starts, so that every thread inherits the mask. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    unsigned threads = cfg->threads > 0 ? (unsigned)cfg->threads : (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
    if (threads < 1) threads = 1;
    unsigned hard = cfg->max_connections + 64;
    raise_nofile(hard + 64);
    /* libmicrohttpd holds a connection's request line and headers in a pool
     * of this size, and zeroes the whole pool after every request: 64 KiB
     * zeroed per request was 4% of the server's time, hence no more than
     * room for --max-header twice over (the headers, parsed in place, and
     * the structures that point into them) and the response's headers. */
    size_t memlimit = cfg->max_header * 2 + 16384;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG | MHD_USE_NO_LISTEN_SOCKET |
                     MHD_USE_ITC;
    if (addr.ss_family == AF_INET6) flags |= MHD_USE_IPv6;
    h->listen_fd = listen_open(&addr, alen, err, sizeof(err));
    if (h->listen_fd < 0) {
        fprintf(stderr, "embargo: cannot listen on %s: %s\n", cfg->listen, err);
        srv_server_destroy(s);
        return EXIT_TROUBLE;
    }
    log_start(h);                    /* after the signal mask: the writer takes none */
    h->pools = calloc(threads, sizeof(*h->pools));
    int started = h->pools != NULL;
    for (unsigned k = 0; started && k < threads; k++) {
        http_pool *p = &h->pools[k];
        p->h = h;
        pthread_mutex_init(&p->lock, NULL);
        struct MHD_OptionItem opts[] = {
            {MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)mhd_log, h},
            {MHD_OPTION_CONNECTION_LIMIT, (intptr_t)hard, NULL},
            {MHD_OPTION_CONNECTION_TIMEOUT, (intptr_t)cfg->timeout, NULL},
            {MHD_OPTION_CONNECTION_MEMORY_LIMIT, (intptr_t)memlimit, NULL},
            {MHD_OPTION_URI_LOG_CALLBACK, (intptr_t)on_uri, h},
            {MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)on_completed, h},
            {MHD_OPTION_NOTIFY_CONNECTION, (intptr_t)on_connection, p},
            {MHD_OPTION_END, 0, NULL},
        };
        p->daemon = MHD_start_daemon(flags, 0, NULL, NULL, on_request, h, MHD_OPTION_ARRAY, opts, MHD_OPTION_END);
        started = p->daemon != NULL;
        h->npools = k + 1;
    }
    if (started && pthread_create(&h->acceptor, NULL, accept_main, h)) started = 0;
    if (!started) {
        int e = errno;
        close(h->listen_fd);
        h->listen_fd = -1;
        stop_serving(h);
        log_finish(h);
        fprintf(stderr, "embargo: cannot serve on %s: %s\n", cfg->listen, e ? strerror(e) : "libmicrohttpd failed");
        srv_server_destroy(s);
        return EXIT_TROUBLE;
    }
    struct sockaddr_storage bound;
    socklen_t blen = sizeof(bound);
    unsigned port = 0;
    if (!getsockname(h->listen_fd, (struct sockaddr *)&bound, &blen))
        port = ntohs(bound.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&bound)->sin6_port
                                                 : ((struct sockaddr_in *)&bound)->sin_port);
    char where[300];
    const char *colon = strrchr(cfg->listen, ':');
    snprintf(where, sizeof(where), "%.*s:%u", (int)(colon - cfg->listen), cfg->listen, port);
    log_eventf(h, "info", "listening", "%s (%u threads, version %s)", where, threads, embargo_version());
    if (!s->keys.n && addr.ss_family == AF_INET && ((struct sockaddr_in *)&addr)->sin_addr.s_addr != htonl(INADDR_LOOPBACK))
        log_event(h, "warning", "listening beyond the loopback address without --api-keys", where);
    load(h, "start");
    int rc = 0;
    if (!atomic_load(&s->state.generation) && !cfg->watch) {
        rc = EXIT_TROUBLE;           /* nothing to serve, and nothing will come */
    } else {
        if (!atomic_load(&s->state.generation))
            log_event(h, "warning", "not ready: waiting for a valid index file (--watch)", cfg->index_path);
        for (;;) {
            struct timespec tick = {0, 250 * 1000 * 1000};
            int sig = sigtimedwait(&set, NULL, &tick);
            if (sig == SIGINT || sig == SIGTERM) {
                log_event(h, "info", "stopping", sig == SIGINT ? "SIGINT" : "SIGTERM");
                break;
            }
            if (sig == SIGHUP) load(h, "SIGHUP");
            else if (cfg->watch && srv_state_watch_changed(&s->state)) load(h, "the index file changed");
            srv_server_sweep(s);
        }
    }
    stop_serving(h);                 /* waits for the requests in flight */
    srv_server_destroy(s);
    log_finish(h);                   /* every line waiting is written */
    log_event(h, "info", "stopped", NULL);
    if (h->log_fd > STDERR_FILENO) close(h->log_fd);
    return rc;
}
