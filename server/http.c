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
 *     about 4 times that held per connection by libmicrohttpd;
 *   - the body: --max-body bytes (413; refused from Content-Length before
 *     it is read);
 *   - connections: --max-connections open ones; the next ones are answered
 *     429 and closed, and a hard limit a little above closes the rest;
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
 * method, endpoint pattern, status, latency, bytes), written with one
 * write(2) each; neither the key nor the query (names of customers) is
 * ever logged.
 */
#include "server.h"
#include "../tools/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct http_ctx {
    srv_server srv;
    struct MHD_Daemon *daemon;
    int log_fd;
    atomic_ulong next_id;
    char id_prefix[12];
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
    size_t bytes;
    char method[12];
    char id[72];
} http_req;

static double mono_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* "2026-01-31T12:00:00.123Z" */
static void log_time(char *out, size_t cap) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    size_t n = strftime(out, cap, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out + n, cap - n, ".%03ldZ", ts.tv_nsec / 1000000);
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

static void log_write(http_ctx *h, const char *buf, size_t n) {
    while (n) {
        ssize_t w = write(h->log_fd, buf, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return;          /* a full disk must not stop the screening */
        buf += w;
        n -= (size_t)w;
    }
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
    log_write(h, buf, at);
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

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode code) {
    http_ctx *h = cls;
    (void)conn;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        long n = atomic_fetch_add(&h->srv.metrics.connections, 1) + 1;
        *socket_context = n > (long)h->srv.cfg.max_connections ? (void *)1 : NULL;
    } else {
        atomic_fetch_sub(&h->srv.metrics.connections, 1);
    }
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
        const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
        if (ci && ci->socket_context) {
            atomic_fetch_add(&s->metrics.connections_refused, 1);
            return reply_error(h, conn, r, 429, 1, "too_many_connections",
                               "too many connections are open; try again shortly");
        }
        ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
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
    at += (size_t)snprintf(buf, sizeof(buf), "{\"time\":\"%s\",\"request_id\":", t);
    log_str(buf, &at, 900, r->id[0] ? r->id : "-");
    at += (size_t)snprintf(buf + at, sizeof(buf) - at, ",\"key\":");
    if (r->key_name) log_str(buf, &at, 900, r->key_name);
    else at += (size_t)snprintf(buf + at, sizeof(buf) - at, "null");
    at += (size_t)snprintf(buf + at, sizeof(buf) - at, ",\"method\":");
    log_str(buf, &at, 900, r->method[0] ? r->method : "-");
    at += (size_t)snprintf(buf + at, sizeof(buf) - at, ",\"endpoint\":");
    log_str(buf, &at, 900, r->endpoint);
    if (r->replied)
        at += (size_t)snprintf(buf + at, sizeof(buf) - at, ",\"status\":%d", r->status);
    else
        at += (size_t)snprintf(buf + at, sizeof(buf) - at, ",\"status\":null");
    at += (size_t)snprintf(buf + at, sizeof(buf) - at, ",\"latency_ms\":%.3f,\"bytes\":%zu", lat * 1000, r->bytes);
    if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK) {
        const char *why = toe == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED ? "timeout"
                          : toe == MHD_REQUEST_TERMINATED_DAEMON_SHUTDOWN ? "shutdown"
                          : toe == MHD_REQUEST_TERMINATED_CLIENT_ABORT ? "client closed"
                          : toe == MHD_REQUEST_TERMINATED_READ_ERROR ? "read error"
                                                                     : "error";
        at += (size_t)snprintf(buf + at, sizeof(buf) - at, ",\"aborted\":\"%s\"", why);
    }
    if (at > sizeof(buf) - 3) at = sizeof(buf) - 3;
    buf[at++] = '}';
    buf[at++] = '\n';
    log_write(h, buf, at);
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

static void load(http_ctx *h, const char *why) {
    char err[1024];
    if (srv_state_load(&h->srv.state, err, sizeof(err))) {
        log_eventf(h, "error", "index refused; the old index keeps serving", "%s: %s", why, err);
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
    size_t memlimit = cfg->max_header * 4 + 16384;
    if (memlimit < 65536) memlimit = 65536;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
    if (addr.ss_family == AF_INET6) flags |= MHD_USE_IPv6;
    struct MHD_OptionItem opts[] = {
        {MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)mhd_log, h},
        {MHD_OPTION_SOCK_ADDR, 0, &addr},
        {MHD_OPTION_CONNECTION_LIMIT, (intptr_t)hard, NULL},
        {MHD_OPTION_CONNECTION_TIMEOUT, (intptr_t)cfg->timeout, NULL},
        {MHD_OPTION_CONNECTION_MEMORY_LIMIT, (intptr_t)memlimit, NULL},
        {MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024, NULL},
        {MHD_OPTION_URI_LOG_CALLBACK, (intptr_t)on_uri, h},
        {MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)on_completed, h},
        {MHD_OPTION_NOTIFY_CONNECTION, (intptr_t)on_connection, h},
        {threads > 1 ? MHD_OPTION_THREAD_POOL_SIZE : MHD_OPTION_END, (intptr_t)threads, NULL},
        {MHD_OPTION_END, 0, NULL},
    };
    h->daemon = MHD_start_daemon(flags, 0, NULL, NULL, on_request, h, MHD_OPTION_ARRAY, opts, MHD_OPTION_END);
    if (!h->daemon) {
        fprintf(stderr, "embargo: cannot listen on %s: %s\n", cfg->listen, errno ? strerror(errno) : "libmicrohttpd failed");
        srv_server_destroy(s);
        return EXIT_TROUBLE;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(h->daemon, MHD_DAEMON_INFO_BIND_PORT);
    char where[300];
    const char *colon = strrchr(cfg->listen, ':');
    snprintf(where, sizeof(where), "%.*s:%u", (int)(colon - cfg->listen), cfg->listen, di ? di->port : 0u);
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
    MHD_stop_daemon(h->daemon);      /* waits for the requests in flight */
    h->daemon = NULL;
    srv_server_destroy(s);
    log_event(h, "info", "stopped", NULL);
    if (h->log_fd > STDERR_FILENO) close(h->log_fd);
    return rc;
}
