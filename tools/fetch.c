/*
 * fetch.c - one URL to one file with libcurl, as `embargo update` needs it;
 * see ops.h.
 *
 * HTTPS only unless allowed otherwise (also after a redirect), a bounded
 * number of redirects, a connect timeout and a timeout for the whole
 * transfer, a maximum size (refused from Content-Length when the server
 * sends one, else when the body grows past it), conditional requests with
 * the validators of the last good version (If-None-Match, If-Modified-Since
 * as the server wrote them), and retries of transient failures (no
 * connection, a timeout, a transfer cut short, HTTP 5xx, 429, 408) with
 * doubling back-off, or the server's Retry-After when it gives one in
 * seconds. The body's SHA-256 is computed while it is written. What a list
 * never is gets refused after the transfer: an empty answer, an HTML page
 * (by its Content-Type or by its first bytes), images, audio, video, fonts.
 */
#define _GNU_SOURCE /* memmem */
#include "ops.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

void cli_fetch_opts_init(cli_fetch_opts *o) {
    memset(o, 0, sizeof(*o));
    o->connect_timeout = 30;
    o->timeout = 600;
    o->retries = 3;
    o->retry_delay = 2.0;
    o->max_redirects = 5;
    o->max_size = (uint64_t)1 << 30;
}

enum { HEAD_KEEP = 4096 };

typedef struct xfer {
    int fd;
    EVP_MD_CTX *md;
    CURL *h;
    uint64_t bytes, max;
    int too_big, write_errno, skipping;
    char head[HEAD_KEEP];     /* the body's first bytes, for the HTML check */
    size_t head_len;
    const cli_fetch_opts *o;
    double last_draw;
} xfer;

static double now_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void fail(cli_fetch_result *r, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void fail(cli_fetch_result *r, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->error, sizeof(r->error), fmt, ap);
    va_end(ap);
}

static size_t on_body(char *p, size_t size, size_t n, void *ctx) {
    xfer *x = ctx;
    size_t len = size * n;
    long code = 0;
    curl_easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &code);
    if (x->bytes + len > x->max) {
        x->too_big = 1;
        return 0;
    }
    x->bytes += len;
    /* the body of an error answer is not a list: counted, not kept */
    x->skipping = code != 200;
    if (x->skipping) return len;
    if (x->head_len < HEAD_KEEP) {
        size_t k = len < HEAD_KEEP - x->head_len ? len : HEAD_KEEP - x->head_len;
        memcpy(x->head + x->head_len, p, k);
        x->head_len += k;
    }
    if (!EVP_DigestUpdate(x->md, p, len)) {
        x->write_errno = ENOMEM;
        return 0;
    }
    for (size_t off = 0; off < len;) {
        ssize_t w = write(x->fd, p + off, len - off);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) {
            x->write_errno = errno;
            return 0;
        }
        off += (size_t)w;
    }
    return len;
}

static void human(char *out, size_t cap, double b) {
    if (b >= 1e6) snprintf(out, cap, "%.1f MB", b / 1e6);
    else if (b >= 1e3) snprintf(out, cap, "%.0f KB", b / 1e3);
    else snprintf(out, cap, "%.0f B", b);
}

static int on_progress(void *ctx, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ult, curl_off_t ulnow) {
    (void)ult;
    (void)ulnow;
    xfer *x = ctx;
    double t = now_s();
    if (t - x->last_draw < 0.1) return 0;
    x->last_draw = t;
    char a[32], b[32];
    human(a, sizeof(a), (double)dlnow);
    if (dltotal > 0) {
        int pct = (int)(100.0 * (double)dlnow / (double)dltotal);
        int fill = pct / 5;
        human(b, sizeof(b), (double)dltotal);
        fprintf(stderr, "\r  %-34.34s [%.*s%*s] %3d%%  %s / %s   ", x->o->label ? x->o->label : "",
                fill, "####################", 20 - fill, "", pct, a, b);
    } else {
        fprintf(stderr, "\r  %-34.34s %s   ", x->o->label ? x->o->label : "", a);
    }
    return 0;
}

/* The value of header `name` in the last answer, or "". */
static void header(CURL *h, const char *name, char *out, size_t cap) {
    struct curl_header *hd = NULL;
    out[0] = '\0';
    if (curl_easy_header(h, name, 0, CURLH_HEADER, -1, &hd) == CURLHE_OK && hd && hd->value)
        snprintf(out, cap, "%s", hd->value);
}

/* An HTML page: by a leading <!DOCTYPE html> or <html> (after an XML
 * prolog and comments, for XHTML), or, for anything that does not start as
 * XML, by the library's sniffer (several HTML tags early on). */
static int looks_like_html(const char *p, size_t n) {
    size_t i = 0;
    if (n >= 3 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF) i = 3;
    int xml = 0;
    for (;;) {
        while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n')) i++;
        if (i + 5 <= n && !strncmp(p + i, "<?xml", 5)) {
            xml = 1;
            const char *e = memmem(p + i, n - i, "?>", 2);
            if (!e) return 0;
            i = (size_t)(e - p) + 2;
        } else if (i + 4 <= n && !strncmp(p + i, "<!--", 4)) {
            const char *e = memmem(p + i, n - i, "-->", 3);
            if (!e) return 0;
            i = (size_t)(e - p) + 3;
        } else {
            break;
        }
    }
    if (i + 14 <= n && !strncasecmp(p + i, "<!doctype html", 14)) return 1;
    if (i + 5 <= n && !strncasecmp(p + i, "<html", 5)) return 1;
    return xml ? 0 : embargo_looks_like_html(p + i, n - i);
}

/* A media type that no list file is. */
static int wrong_type(const char *ct) {
    static const char *const BAD[] = {"text/html", "application/xhtml+xml", "image/", "audio/",
                                      "video/", "font/", "multipart/"};
    for (size_t i = 0; i < sizeof(BAD) / sizeof(BAD[0]); i++)
        if (!strncasecmp(ct, BAD[i], strlen(BAD[i]))) return 1;
    return 0;
}

/* Whether a failed attempt is worth another: the network or the server's
 * passing trouble, not a refusal. */
static int transient(CURLcode c, long status) {
    switch (c) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_PARTIAL_FILE:
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        return 1;
    case CURLE_OK:
        return status >= 500 || status == 429 || status == 408;
    default:
        return 0;
    }
}

/* One attempt. Returns the curl code; fills r and x. */
static CURLcode attempt(CURL *h, xfer *x, const cli_fetch_opts *o, const char *url,
                        struct curl_slist *hdrs, char *errbuf) {
    curl_easy_reset(h);
    errbuf[0] = '\0';
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(h, CURLOPT_MAXREDIRS, o->max_redirects);
    const char *protos = o->allow_http ? "https,http" : "https";
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, protos);
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, protos);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, o->connect_timeout);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, o->timeout);
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_size);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "embargo/" EMBARGO_VERSION " (sanctions list update)");
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, ""); /* whatever curl can decode */
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, x);
    if (o->progress) {
        curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
        curl_easy_setopt(h, CURLOPT_XFERINFODATA, x);
    }
    return curl_easy_perform(h);
}

/* Says why attempt `c` failed, in r->error. */
static void explain(cli_fetch_result *r, CURLcode c, const xfer *x, const cli_fetch_opts *o,
                    const char *errbuf) {
    const char *detail = errbuf[0] ? errbuf : curl_easy_strerror(c);
    if (x->too_big || c == CURLE_FILESIZE_EXCEEDED)
        fail(r, "the answer is larger than the maximum of %llu bytes (--max-size)",
             (unsigned long long)o->max_size);
    else if (x->write_errno)
        fail(r, "cannot write the download: %s", strerror(x->write_errno));
    else if (c == CURLE_TOO_MANY_REDIRECTS)
        fail(r, "more than %ld redirects (a redirect loop?): %s", o->max_redirects, detail);
    else if (c == CURLE_OPERATION_TIMEDOUT)
        fail(r, "timed out (--connect-timeout %ld, --timeout %ld): %s", o->connect_timeout, o->timeout, detail);
    else if (c == CURLE_PARTIAL_FILE)
        fail(r, "the answer was cut short (truncated): %s", detail);
    else if (c == CURLE_UNSUPPORTED_PROTOCOL)
        fail(r, "refused: %s (only https:// is fetched%s)", detail, o->allow_http ? " or http://" : "; see --allow-http");
    else
        fail(r, "%s", detail);
}

int cli_fetch(const cli_fetch_opts *o, const char *url, const char *etag, const char *last_modified,
              const char *path, cli_fetch_result *r) {
    memset(r, 0, sizeof(*r));
    double t0 = now_s();
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        fail(r, "cannot create %s: %s", path, strerror(errno));
        return -1;
    }
    CURL *h = curl_easy_init();
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    struct curl_slist *hdrs = NULL;
    int result = -1;
    char line[400], errbuf[CURL_ERROR_SIZE];
    if (!h || !md) {
        fail(r, "out of memory");
        goto done;
    }
    if (etag && etag[0]) {
        snprintf(line, sizeof(line), "If-None-Match: %s", etag);
        hdrs = curl_slist_append(hdrs, line);
    }
    if (last_modified && last_modified[0]) {
        snprintf(line, sizeof(line), "If-Modified-Since: %s", last_modified);
        struct curl_slist *t = curl_slist_append(hdrs, line);
        if (t) hdrs = t;
    }
    double delay = o->retry_delay;
    for (int a = 0; a <= o->retries; a++) {
        xfer x = {.fd = fd, .md = md, .h = h, .max = o->max_size, .o = o};
        if (ftruncate(fd, 0) != 0 || lseek(fd, 0, SEEK_SET) != 0 || !EVP_DigestInit_ex(md, EVP_sha256(), NULL)) {
            fail(r, "cannot reset %s: %s", path, strerror(errno));
            goto done;
        }
        r->attempts = a + 1;
        CURLcode c = attempt(h, &x, o, url, hdrs, errbuf);
        if (o->progress) fputs("\r\033[K", stderr);
        r->status = 0;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->status);
        char *eff = NULL;
        if (curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &eff) == CURLE_OK && eff)
            snprintf(r->effective_url, sizeof(r->effective_url), "%s", eff);
        r->bytes = x.bytes;
        if (c == CURLE_OK && r->status != 200 && r->status != 304) {
            fail(r, "the server answered HTTP %ld%s", r->status,
                 r->status == 404 ? " (not found: has the publisher moved the file?)" : "");
        } else if (c != CURLE_OK) {
            explain(r, c, &x, o, errbuf);
        } else {
            header(h, "ETag", r->etag, sizeof(r->etag));
            header(h, "Last-Modified", r->last_modified, sizeof(r->last_modified));
            char *ct = NULL;
            if (curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct)
                snprintf(r->content_type, sizeof(r->content_type), "%s", ct);
            if (r->status == 304) {
                result = 1;
                break;
            }
            if (cli_sha256_final(md, 1, r->sha256)) {
                fail(r, "out of memory");
                break;
            }
            if (r->bytes == 0)
                fail(r, "the server sent an empty answer (HTTP 200, 0 bytes)");
            else if (r->content_type[0] && wrong_type(r->content_type))
                fail(r, "the server sent %s (Content-Type: %s), not a list file",
                     !strncasecmp(r->content_type, "text/html", 9) ? "a web page" : "something else",
                     r->content_type);
            else if (looks_like_html(x.head, x.head_len))
                fail(r, "the answer is an HTML page (Content-Type: %s), not a list file",
                     r->content_type[0] ? r->content_type : "none");
            else if (fsync(fd) != 0)
                fail(r, "cannot write %s: %s", path, strerror(errno));
            else
                result = 0;
            break; /* a complete answer: refusing it again would not help */
        }
        if (a == o->retries || !transient(c, r->status)) break;
        /* the server may say when to come back (seconds only) */
        char ra[32];
        header(h, "Retry-After", ra, sizeof(ra));
        double wait = delay, said = ra[0] ? strtod(ra, NULL) : 0;
        if (said > wait && said <= 120) wait = said;
        fprintf(stderr, "  %s: %s; retrying in %.1f s\n", o->label ? o->label : url, r->error, wait);
        struct timespec ts = {(time_t)wait, (long)((wait - (double)(time_t)wait) * 1e9)};
        while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {}
        delay *= 2;
    }
done:
    r->seconds = now_s() - t0;
    if (result < 0 && !r->error[0]) fail(r, "failed");
    curl_slist_free_all(hdrs);
    EVP_MD_CTX_free(md);
    if (h) curl_easy_cleanup(h);
    if (close(fd) != 0 && result == 0) {
        fail(r, "cannot write %s: %s", path, strerror(errno));
        result = -1;
    }
    return result;
}

int cli_sha256_file(const char *path, char hex[65]) {
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    int ok = md && EVP_DigestInit_ex(md, EVP_sha256(), NULL);
    unsigned char buf[1 << 16];
    size_t n;
    while (ok && (n = fread(buf, 1, sizeof(buf), f)) > 0) ok = EVP_DigestUpdate(md, buf, n);
    if (ferror(f)) ok = 0;
    fclose(f);
    int rc = cli_sha256_final(md, ok, hex);
    EVP_MD_CTX_free(md);
    return rc;
}

int cli_sha256_final(EVP_MD_CTX *md, int ok, char hex[65]) {
    static const char X[] = "0123456789abcdef";
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned int dl = 0;
    hex[0] = '\0';
    if (!ok || !md || !EVP_DigestFinal_ex(md, d, &dl) || dl != 32) return -1;
    for (int i = 0; i < 32; i++) {
        hex[2 * i] = X[d[i] >> 4];
        hex[2 * i + 1] = X[d[i] & 15];
    }
    hex[64] = '\0';
    return 0;
}
