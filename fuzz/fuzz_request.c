/*
 * fuzz_request.c - libFuzzer harness for the server's request handling:
 * srv_precheck() and srv_handle() (server/request.c and the endpoints) on
 * arbitrary requests, without a socket.
 *
 * Input: byte 0 chooses the method (bits 0-2), the Content-Type (bits 3-5),
 * the server (bit 6: one that wants an API key) and whether the request
 * carries that key (bit 7); the bytes up to the first newline are the
 * request target (path and query string, as sent), the rest is the body.
 * Both servers answer from an index of the golden-case list
 * tests/cases/lists/mini (run from the repository root, as `make fuzz`
 * does; EMBARGO_MINI overrides the path).
 *
 * Checks: every answer has a status the server documents and a media type;
 * a JSON answer parses (jansson), line by line for JSON Lines; an error
 * answer is {"error":{"code":..,"message":..}}; 500 only for a refused
 * reload (the fuzz server has no source to reload from); and, as
 * everywhere, no crash, leak or undefined behaviour (ASan, UBSan).
 */
#include "../server/server.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static srv_server servers[2];
static srv_worker *workers[2];

static embargo_index *mini_index(void) {
    const char *path = getenv("EMBARGO_MINI");
    if (!path || !*path) path = "tests/cases/lists/mini";
    embargo_dataset *ds = NULL;
    embargo_index *ix = NULL;
    embargo_error err;
    memset(&err, 0, sizeof(err));
    if (embargo_dataset_new(&ds) != EMBARGO_OK || embargo_dataset_load(ds, path, &err) != EMBARGO_OK ||
        embargo_index_build(ds, NULL, &ix, &err) != EMBARGO_OK) {
        fprintf(stderr, "fuzz_request: cannot index %s (run from the repository root or set EMBARGO_MINI): %s\n",
                path, err.message);
        abort();
    }
    embargo_dataset_free(ds);
    return ix;
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    for (int i = 0; i < 2; i++) {
        srv_config cfg;
        srv_config_init(&cfg);
        cfg.max_body = 1 << 16;
        cfg.max_batch = 20;
        char err[256];
        if (srv_server_init(&servers[i], &cfg, err, sizeof(err))) abort();
        if (i == 1) {   /* sha256("password") */
            static const char keys[] = "app:5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8:admin\n";
            if (srv_keys_parse(keys, sizeof(keys) - 1, "keys", &servers[i].keys, err, sizeof(err))) abort();
        }
        if (srv_state_install(&servers[i].state, mini_index(), "mini", err, sizeof(err))) abort();
        workers[i] = srv_worker_new(&servers[i]);
        if (!workers[i]) abort();
    }
    return 0;
}

static int documented(int st) {
    static const int ok[] = {200, 400, 401, 403, 404, 405, 413, 415, 500, 503};
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
        if (ok[i] == st) return 1;
    return 0;
}

/* Checks one JSON text; for an error status, its shape. */
static void check_json(const char *s, size_t n, int status, const char *target) {
    json_error_t e;
    json_t *v = json_loadb(s, n, JSON_DECODE_ANY, &e);
    if (!v) {
        fprintf(stderr, "fuzz_request: %s: not JSON (%s): %.*s\n", target, e.text, (int)(n > 300 ? 300 : n), s);
        abort();
    }
    if (status != 200) {
        json_t *err = json_object_get(v, "error");
        if (!json_is_string(json_object_get(err, "code")) || !json_is_string(json_object_get(err, "message"))) {
            fprintf(stderr, "fuzz_request: %s: %d without {\"error\":{\"code\",\"message\"}}\n", target, status);
            abort();
        }
        if (status == 500 && strcmp(json_string_value(json_object_get(err, "code")), "reload_failed")) {
            fprintf(stderr, "fuzz_request: %s: 500: %.*s\n", target, (int)(n > 300 ? 300 : n), s);
            abort();
        }
    }
    json_decref(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const char *const METHODS[8] = {"GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "POST", "GET"};
    static const char *const TYPES[8] = {NULL, "application/json", "application/x-ndjson", "text/plain",
                                         "text/html; charset=utf-8", "application/xml",
                                         "application/json; charset=latin1", ""};
    if (size < 2) return 0;
    unsigned flags = data[0];
    const uint8_t *nl = memchr(data + 1, '\n', size - 1);
    size_t tlen = nl ? (size_t)(nl - data - 1) : size - 1;
    /* exact-size copies, so that ASan sees any read past the end */
    char *target = malloc(tlen ? tlen : 1);
    size_t blen = nl ? size - 2 - tlen : 0;
    char *body = malloc(blen ? blen : 1);
    if (!target || !body) {
        free(target);
        free(body);
        return 0;
    }
    memcpy(target, data + 1, tlen);
    if (blen) memcpy(body, nl + 1, blen);
    srv_request rq;
    rq.method = METHODS[flags & 7];
    rq.target = target;
    rq.target_len = tlen;
    rq.content_type = TYPES[(flags >> 3) & 7];
    rq.authorization = (flags & 0x80) ? "Bearer password" : NULL;
    rq.body = blen ? body : NULL;
    rq.body_len = blen;
    rq.key = NULL;                     /* srv_handle checks the key itself */
    int which = (flags >> 6) & 1;
    srv_response rs;
    int st = srv_precheck(&servers[which], &rq, (long long)blen, &rs);
    if (st && (!documented(st) || !rs.body)) abort();
    srv_response_free(&rs);
    st = srv_handle(workers[which], &rq, &rs);
    char what[120];
    snprintf(what, sizeof(what), "%s %.*s", rq.method, (int)(tlen > 80 ? 80 : tlen), target);
    if (!documented(st) || st != rs.status || !rs.content_type || !rs.body || !rs.len) {
        fprintf(stderr, "fuzz_request: %s: status %d, body %zu bytes\n", what, st, rs.len);
        abort();
    }
    if (!strncmp(rs.content_type, "application/json", 16)) {
        check_json(rs.body, rs.len, st, what);
    } else if (!strcmp(rs.content_type, "application/x-ndjson")) {
        for (size_t at = 0; at < rs.len;) {
            const char *e = memchr(rs.body + at, '\n', rs.len - at);
            size_t n = e ? (size_t)(e - (rs.body + at)) : rs.len - at;
            if (n) check_json(rs.body + at, n, st, what);
            at += n + 1;
        }
    }
    srv_response_free(&rs);
    free(target);
    free(body);
    return 0;
}
