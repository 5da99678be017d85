/*
 * test_server.c - the server's request path without a socket (server/).
 *
 * Key files and Bearer tokens; routing, keys, media types and parameters
 * through srv_handle(); the 503 before an index is loaded; and the point
 * of it all: THREADS threads answering requests at once, each with its own
 * worker, while the main thread swaps the index under them again and again
 * (and once tries a corrupt one, which must be refused), as hot reloads do
 * under load. Every answer must be right whichever index it ran on, no
 * request may fail, and the old indexes must be released. Run under
 * ThreadSanitizer by `make tsan` (a race in the swap, the reference counts
 * or the workers is reported there even when the answers agree).
 *
 * The indexes are built from the golden-case list tests/cases/lists/mini
 * (which holds the reference article's five listed Russians), once alone
 * and once with the bundled UN list, so that a reload visibly changes the
 * index. Run from the repository root, as make does.
 */
#include "test.h"
#include "../../server/server.h"
#include "../../tools/cli.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define THREADS 4
#define REQUESTS 120

static char path_a[300], path_b[300], path_served[300], path_bad[300];

static int build(const char *const *lists, int n, const char *out) {
    embargo_dataset *ds = NULL;
    embargo_index *ix = NULL;
    embargo_error err;
    memset(&err, 0, sizeof(err));
    int ok = embargo_dataset_new(&ds) == EMBARGO_OK;
    for (int i = 0; ok && i < n; i++) ok = embargo_dataset_load(ds, lists[i], &err) == EMBARGO_OK;
    ok = ok && embargo_index_build(ds, NULL, &ix, &err) == EMBARGO_OK && embargo_index_save(ix, out, &err) == EMBARGO_OK;
    if (!ok) fprintf(stderr, "test_server: cannot index: %s:%lu: %s\n", err.file, err.line, err.message);
    embargo_dataset_free(ds);
    embargo_index_close(ix);
    return ok;
}

static int copy_file(const char *from, const char *to) {
    char tmp[320];
    snprintf(tmp, sizeof(tmp), "%s.tmp", to);
    FILE *in = fopen(from, "rb"), *out = fopen(tmp, "wb");
    int ok = in && out;
    char buf[65536];
    size_t n;
    while (ok && (n = fread(buf, 1, sizeof(buf), in)) > 0) ok = fwrite(buf, 1, n, out) == n;
    if (in) fclose(in);
    if (out && fclose(out)) ok = 0;
    return ok && rename(tmp, to) == 0;
}

static int handle(srv_worker *w, const char *method, const char *target, const char *ctype, const char *auth,
                  const char *body, srv_response *rs) {
    srv_request rq = {method, target, strlen(target), ctype, auth, body, body ? strlen(body) : 0, NULL};
    srv_worker_lock(w);
    int st = srv_handle(w, &rq, rs);
    srv_worker_unlock(w);
    return st;
}

static int body_has(const srv_response *rs, const char *s) {
    if (!rs->body) return 0;
    size_t n = strlen(s);
    for (size_t i = 0; i + n <= rs->len; i++)
        if (!memcmp(rs->body + i, s, n)) return 1;
    return 0;
}

/* ---------------------------------------------------------------------------- */

TEST(keys_file_and_tokens) {
    /* hashes of no key in particular */
    static const char good[] =
        "# keys\n\n"
        "app:0b8e5b1d8c1c3e0b4e6be59d2cfb59b1bd6b0ee2b2a05b7d77e1b5e8f0df3cb1\n"
        "  ops:2B4FA9F2EC2B1D8E5D0F77B5A8F4DBE6ACDA2A0F75E4C3E1E0F1B6D2C9A8E7F6:admin  \n";
    srv_keys k;
    char err[200];
    CHECK(srv_keys_parse(good, strlen(good), "keys.txt", &k, err, sizeof(err)) == 0);
    CHECK_EQ_INT(k.n, 2);
    CHECK_EQ_STR(k.v[0].name, "app");
    CHECK(!k.v[0].admin && k.v[1].admin);
    srv_keys_free(&k);
    static const struct { const char *text, *why; } bad[] = {
        {"app\n", "keys.txt:1: expected NAME:SHA256-HEX[:admin]"},
        {"# c\napp:abc\n", "keys.txt:2: key 'app': the SHA-256 of the key is 64 hex digits (sha256sum)"},
        {"a b:0b8e5b1d8c1c3e0b4e6be59d2cfb59b1bd6b0ee2b2a05b7d77e1b5e8f0df3cb1\n", "keys.txt:1: a key's name is letters, digits, '.', '_' and '-'"},
        {"app:0b8e5b1d8c1c3e0b4e6be59d2cfb59b1bd6b0ee2b2a05b7d77e1b5e8f0df3cb1:root\n",
         "keys.txt:1: key 'app': the third field may only be 'admin'"},
        {"app:0b8e5b1d8c1c3e0b4e6be59d2cfb59b1bd6b0ee2b2a05b7d77e1b5e8f0df3cbX\n", "keys.txt:1: key 'app': the SHA-256 is not hexadecimal"},
        {"a:0b8e5b1d8c1c3e0b4e6be59d2cfb59b1bd6b0ee2b2a05b7d77e1b5e8f0df3cb1\na:0b8e5b1d8c1c3e0b4e6be59d2cfb59b1bd6b0ee2b2a05b7d77e1b5e8f0df3cb1\n",
         "keys.txt:2: a second key named 'a'"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        err[0] = '\0';
        CHECK(srv_keys_parse(bad[i].text, strlen(bad[i].text), "keys.txt", &k, err, sizeof(err)) == -1);
        CHECK_EQ_STR(err, bad[i].why);
    }
    /* a token against its hash: sha256("password") */
    static const char line[] = "me:5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8\n";
    CHECK(srv_keys_parse(line, strlen(line), "k", &k, err, sizeof(err)) == 0);
    CHECK(srv_keys_check(&k, "Bearer password") == &k.v[0]);
    CHECK(srv_keys_check(&k, "bearer   password  ") == &k.v[0]);
    CHECK(srv_keys_check(&k, "Bearer passwordx") == NULL);
    CHECK(srv_keys_check(&k, "Basic password") == NULL);
    CHECK(srv_keys_check(&k, "Bearer") == NULL);
    CHECK(srv_keys_check(&k, NULL) == NULL);
    srv_keys_free(&k);
}

TEST(requests_without_a_socket) {
    srv_config cfg;
    srv_config_init(&cfg);
    cfg.index_path = path_a;
    cfg.max_body = 4096;
    srv_server s;
    char err[300];
    CHECK(srv_server_init(&s, &cfg, err, sizeof(err)) == 0);
    srv_worker *w = srv_worker_new(&s);
    srv_response rs;
    /* before an index is loaded: alive, not ready, no screening */
    CHECK_EQ_INT(handle(w, "GET", "/healthz", NULL, NULL, NULL, &rs), 200);
    srv_response_free(&rs);
    CHECK_EQ_INT(handle(w, "GET", "/readyz", NULL, NULL, NULL, &rs), 503);
    srv_response_free(&rs);
    CHECK_EQ_INT(handle(w, "GET", "/v1/screen?name=Putin", NULL, NULL, NULL, &rs), 503);
    CHECK(body_has(&rs, "\"code\":\"not_ready\""));
    srv_response_free(&rs);
    CHECK(srv_state_load(&s.state, err, sizeof(err)) == 0);
    CHECK_EQ_INT(handle(w, "GET", "/v1/screen?name=Konstantin%20Kosachyov", NULL, NULL, NULL, &rs), 200);
    CHECK(body_has(&rs, "{\"query\":\"Konstantin Kosachyov\",\"screened_against\":\""));
    CHECK(body_has(&rs, "\",\"matches\":[{\"id\":\"ofac-sdn:24231\""));
    CHECK_EQ_STR(rs.endpoint, "/v1/screen");
    srv_response_free(&rs);
    CHECK_EQ_INT(handle(w, "HEAD", "/v1/screen?name=Rand+Paul", NULL, NULL, NULL, &rs), 200);
    CHECK(body_has(&rs, "\"matches\":[]"));
    srv_response_free(&rs);
    static const struct { const char *method, *target, *ctype, *body; int status; const char *code; } cases[] = {
        {"GET", "/v1/screen?name=x&nme=y", NULL, NULL, 400, "unknown_parameter"},
        {"GET", "/v1/screen?name=%E2%28%A1", NULL, NULL, 400, "invalid_utf8"},
        {"GET", "/v1/screen?name=%", NULL, NULL, 400, "bad_parameter"},
        {"GET", "/v1/screen?name=ab%2", NULL, NULL, 400, "bad_parameter"},
        {"GET", "/v1/screen?limit=0&name=x", NULL, NULL, 400, "bad_parameter"},
        {"GET", "/v1/screen?limit=2.5&name=x", NULL, NULL, 400, "bad_parameter"},
        {"GET", "/v1/screen?name=x&threshold=nan", NULL, NULL, 400, "bad_parameter"},
        {"GET", "/v1/screen?name=%01Putin", NULL, NULL, 400, "bad_query"},
        {"GET", "/v1/nothing", NULL, NULL, 404, "not_found"},
        {"GET", "/v1/entities/", NULL, NULL, 404, "not_found"},
        {"GET", "/v1/entities/a/b", NULL, NULL, 404, "not_found"},
        {"GET", "v1/screen", NULL, NULL, 400, "bad_request"},
        {"PUT", "/v1/screen", NULL, NULL, 405, "method_not_allowed"},
        {"POST", "/v1/screen", "application/xml", "[]", 415, "unsupported_media_type"},
        {"POST", "/v1/screen", "application/json; charset=latin1", "[]", 415, "unsupported_media_type"},
        {"POST", "/v1/screen", "application/json", "{\"name\":\"x\"", 400, "invalid_json"},
        {"POST", "/v1/screen", "application/json", "[{\"name\":[\"x\"]}]", 400, "bad_record"},
        {"POST", "/v1/screen", "application/json", "[1]", 400, "bad_record"},
        {"POST", "/v1/screen", "application/json", "{\"a\":1,\"a\":2}", 400, "invalid_json"},
        {"POST", "/match/default", "application/json", "{\"queries\":[]}", 400, "bad_request"},
        {"POST", "/match/default", "application/json", "{\"queries\":{\"q\":{\"schema\":\"Person\"}}}", 400, "bad_query"},
        {"POST", "/match/default", "application/json", "{\"queries\":{\"q\":{\"schema\":\"Person\",\"properties\":{\"name\":\"x\"}}},\"config\":{\"k\":1}}",
         400, "bad_request"},
        {"POST", "/match/xx-none", "application/json", "{}", 404, "not_found"},
        {"GET", "/v2/search?type=person", NULL, NULL, 400, "missing_parameter"},
        {"GET", "/v2/search?name=x&source=eu_csl", NULL, NULL, 400, "bad_parameter"},
        {"GET", "/v1/info?x=1", NULL, NULL, 400, "unknown_parameter"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int st = handle(w, cases[i].method, cases[i].target, cases[i].ctype, NULL, cases[i].body, &rs);
        char want[80];
        snprintf(want, sizeof(want), "{\"error\":{\"code\":\"%s\",\"message\":", cases[i].code);
        TEST_CHECK_(st == cases[i].status && body_has(&rs, want), "%s:%d: case %zu %s %s: %d %.*s\n", __FILE__,
                    __LINE__, i, cases[i].method, cases[i].target, st, (int)rs.len, rs.body ? rs.body : "");
        srv_response_free(&rs);
    }
    /* a body over the limit, refused before it is read */
    srv_request rq = {"POST", "/v1/scan", 8, "text/plain", NULL, NULL, 0, NULL};
    CHECK_EQ_INT(srv_precheck(&s, &rq, 5000, &rs), 413);
    srv_response_free(&rs);
    CHECK_EQ_INT(srv_precheck(&s, &rq, 100, &rs), 0);
    srv_response_free(&rs);
    srv_worker_free(w);
    srv_server_destroy(&s);
}

TEST(keys_guard_the_routes) {
    char keys[300];
    const char *t = getenv("TMPDIR");
    snprintf(keys, sizeof(keys), "%s/embargo-test-server-keys.%ld", t && *t ? t : "/tmp", (long)getpid());
    FILE *f = fopen(keys, "w");
    if (!f) SKIP("cannot write a key file");
    /* sha256("password"), sha256("letmein") */
    fputs("app:5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8\n"
          "ops:1c8bfe8f801d79745c4631d09fff36c82aa37fc4cce4fc946683d7b336b63032:admin\n", f);
    fclose(f);
    srv_config cfg;
    srv_config_init(&cfg);
    cfg.index_path = path_a;
    cfg.keys_path = keys;
    srv_server s;
    char err[300];
    CHECK(srv_server_init(&s, &cfg, err, sizeof(err)) == 0);
    unlink(keys);
    CHECK(srv_state_load(&s.state, err, sizeof(err)) == 0);
    srv_worker *w = srv_worker_new(&s);
    srv_response rs;
    CHECK_EQ_INT(handle(w, "GET", "/v1/info", NULL, NULL, NULL, &rs), 401);
    CHECK(rs.bearer_challenge);
    srv_response_free(&rs);
    CHECK_EQ_INT(handle(w, "GET", "/v1/info", NULL, "Bearer letmei", NULL, &rs), 401);
    srv_response_free(&rs);
    CHECK_EQ_INT(handle(w, "GET", "/v1/info", NULL, "Bearer password", NULL, &rs), 200);
    CHECK_EQ_STR(rs.key_name, "app");
    srv_response_free(&rs);
    CHECK_EQ_INT(handle(w, "GET", "/healthz", NULL, NULL, NULL, &rs), 200);
    srv_response_free(&rs);
    CHECK_EQ_INT(handle(w, "GET", "/metrics", NULL, NULL, NULL, &rs), 401);
    srv_response_free(&rs);
    CHECK_EQ_INT(handle(w, "POST", "/admin/reload", NULL, "Bearer password", NULL, &rs), 403);
    srv_response_free(&rs);
    CHECK_EQ_INT(handle(w, "POST", "/admin/reload", NULL, "Bearer letmein", NULL, &rs), 200);
    /* the file is the one served: one change, one reload, and this is none */
    CHECK(body_has(&rs, "\"reloaded\":false,\"generation\":1"));
    srv_response_free(&rs);
    srv_worker_free(w);
    srv_server_destroy(&s);
}

/* ---- reloads under load ---------------------------------------------------------------- */

static atomic_int running;          /* clients still at work */

typedef struct client {
    srv_server *s;
    int id;
    int ok, bad;
    char why[300];
} client;

static const struct { const char *target, *id; } NAMES[] = {
    {"/v1/screen?name=Konstantin+Kosachyov", "\"id\":\"ofac-sdn:24231\""},
    {"/v1/screen?name=Leonid%20Slutsky", "\"id\":\"ofac-sdn:16662\""},
    {"/v2/search?name=Vladimir+V.+Putin&type=person", "\"sourceID\":\"35096\""},
    {"/search/default?q=Maria+Butina", "\"id\":\"ofac-sdn:35573\""},
    {"/v1/who?name=Sergey+I.+Kislyak", "\"id\":\"ofac-sdn:36820\""},
};

static void *client_main(void *arg) {
    client *c = arg;
    srv_worker *w = srv_worker_get(c->s);
    if (!w) {
        c->bad++;
        return NULL;
    }
    static const char match_body[] =
        "{\"queries\":{\"a\":{\"schema\":\"Person\",\"properties\":{\"name\":[\"Maria Butina\"]}},"
        "\"b\":{\"schema\":\"Person\",\"properties\":{\"name\":[\"Rand Paul\"]}}}}";
    static const char scan_body[] = "Rand Paul met Konstantin Kosachyov; Mr. Kosachyov spoke.";
    for (int i = 0; i < REQUESTS; i++) {
        srv_response rs;
        int k = (i + c->id) % 7, st;
        const char *want;
        if (k < 5) {
            st = handle(w, "GET", NAMES[k].target, NULL, NULL, NULL, &rs);
            want = NAMES[k].id;
        } else if (k == 5) {
            st = handle(w, "POST", "/match/default", "application/json", NULL, match_body, &rs);
            want = "\"id\":\"ofac-sdn:35573\"";
        } else {
            st = handle(w, "POST", "/v1/scan", "text/plain", NULL, scan_body, &rs);
            want = "\"mentions\":2";
        }
        srv_metrics_count(&c->s->metrics, rs.route, st, 0.001);
        if (st == 200 && body_has(&rs, want)) {
            c->ok++;
        } else {
            if (!c->bad) snprintf(c->why, sizeof(c->why), "request %d: %d %.200s", i, st, rs.body ? rs.body : "");
            c->bad++;
        }
        srv_response_free(&rs);
    }
    atomic_fetch_sub(&running, 1);
    return NULL;
}

TEST(reloads_under_load) {
    srv_config cfg;
    srv_config_init(&cfg);
    cfg.index_path = path_served;
    srv_server s;
    char err[300];
    CHECK(copy_file(path_a, path_served));
    CHECK(srv_server_init(&s, &cfg, err, sizeof(err)) == 0);
    CHECK(srv_state_load(&s.state, err, sizeof(err)) == 0);
    client cl[THREADS];
    pthread_t th[THREADS];
    atomic_store(&running, THREADS);
    for (int i = 0; i < THREADS; i++) {
        memset(&cl[i], 0, sizeof(cl[i]));
        cl[i].s = &s;
        cl[i].id = i;
        CHECK(pthread_create(&th[i], NULL, client_main, &cl[i]) == 0);
    }
    /* reloads all the while the clients work, at least 12 attempts */
    int reloads = 0, refused = 0, r;
    for (r = 0; r < 12 || atomic_load(&running) > 0; r++) {
        if (r == 6) {          /* a corrupt file: refused, the old index kept */
            CHECK(copy_file(path_bad, path_served));
            refused += srv_state_load(&s.state, err, sizeof(err)) != 0;
            continue;
        }
        CHECK(copy_file(r % 2 ? path_a : path_b, path_served));
        CHECK(srv_state_watch_changed(&s.state));
        if (srv_state_load(&s.state, err, sizeof(err)) == 0) reloads++;
        else fprintf(stderr, "test_server: reload %d: %s\n", r, err);
        srv_server_sweep(&s);
        char *text = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&text, &len);
        if (m) {
            srv_data *d = srv_state_acquire(&s.state);
            srv_metrics_write(m, &s.metrics, &s.state, d);
            srv_data_release(d);
            fclose(m);
        }
        CHECK(text && strstr(text, "embargo_index_generation"));
        free(text);
        nanosleep(&(struct timespec){0, 2000000}, NULL);
    }
    for (int i = 0; i < THREADS; i++) pthread_join(th[i], NULL);
    int ok = 0;
    for (int i = 0; i < THREADS; i++) {
        ok += cl[i].ok;
        TEST_CHECK_(cl[i].bad == 0, "%s:%d: thread %d: %d failed; first: %s\n", __FILE__, __LINE__, i, cl[i].bad,
                    cl[i].why);
    }
    CHECK_EQ_INT(ok, THREADS * REQUESTS);
    CHECK_EQ_INT(reloads, r - 1);
    CHECK_EQ_INT(refused, 1);
    CHECK_EQ_INT(atomic_load(&s.state.reloads), r - 1);
    CHECK_EQ_INT(atomic_load(&s.state.reload_failures), 1);
    CHECK_EQ_INT(atomic_load(&s.state.generation), r);
    /* after a sweep only the current index is held (by the state, and by
     * the workers that use it) */
    srv_server_sweep(&s);
    srv_data *d = srv_state_acquire(&s.state);
    CHECK(d && atomic_load(&d->refs) <= 2u + THREADS);
    srv_data_release(d);
    srv_server_destroy(&s);
}

/* The JSON writers format scores with out_fixed (tools/output.c), not
 * printf: it must give printf's digits for every value, rounding ties to
 * even on the exact binary value (0.125 is 0.12, 0.375 is 0.38) and
 * handing what it does not format itself (negative, -0, infinite, NaN,
 * large) to snprintf. Checked on every k/10^d and (k+1/2)/10^d up to 100,
 * their neighbours, and a spread of other values. */
static int fixed_same(double x, int d) {
    char want[400];
    snprintf(want, sizeof(want), "%.*f", d, x);
    cli_out o;
    out_init(&o, stdout);
    out_fixed(&o, x, d);
    int same = o.len == strlen(want) && !memcmp(o.b, want, o.len);
    if (!same) fprintf(stderr, "out_fixed(%a, %d): %.*s, printf: %s\n", x, d, (int)o.len, o.b, want);
    return same;
}

static void fixed_numbers_as_printf(void) {
    static const double P[4] = {1, 10, 100, 1000};
    static const double SPECIAL[] = {0, -0.0, 5e-324, 1e-300, 0.0005, 0.125, 0.375, 2.5, 0.9995, 0.995,
                                     2147483647.9995, 2147483648.0, 1e20, -1.2345, INFINITY, -INFINITY, NAN};
    size_t bad = 0;
    for (int d = 0; d <= 3; d++) {
        for (long k = 0; k <= 100 * (long)P[d]; k++) {
            double b = (double)k / P[d], h = ((double)k + 0.5) / P[d];
            bad += !fixed_same(b, d) + !fixed_same(nextafter(b, 0), d) + !fixed_same(nextafter(b, 1e9), d);
            bad += !fixed_same(h, d) + !fixed_same(nextafter(h, 0), d) + !fixed_same(nextafter(h, 1e9), d);
        }
        for (size_t i = 0; i < sizeof(SPECIAL) / sizeof(SPECIAL[0]); i++) bad += !fixed_same(SPECIAL[i], d);
        for (int e = -70; e < 40; e++) bad += !fixed_same(ldexp(0.7390851332151607, e), d);
    }
    CHECK_EQ_INT(bad, 0);
}

int main(void) {
    RUN(fixed_numbers_as_printf);
    const char *t = getenv("TMPDIR");
    const char *tmp = t && *t ? t : "/tmp";
    long pid = (long)getpid();
    snprintf(path_a, sizeof(path_a), "%s/embargo-test-server-a.%ld.idx", tmp, pid);
    snprintf(path_b, sizeof(path_b), "%s/embargo-test-server-b.%ld.idx", tmp, pid);
    snprintf(path_served, sizeof(path_served), "%s/embargo-test-server-served.%ld.idx", tmp, pid);
    snprintf(path_bad, sizeof(path_bad), "%s/embargo-test-server-bad.%ld.idx", tmp, pid);
    static const char *const a[] = {"tests/cases/lists/mini"};
    static const char *const b[] = {"tests/cases/lists/mini", "data/lists/un"};
    if (!build(a, 1, path_a) || !build(b, 2, path_b)) return 1;
    FILE *f = fopen(path_bad, "wb");
    if (f) {
        fputs("not an index at all", f);
        fclose(f);
    }
    RUN(keys_file_and_tokens);
    RUN(requests_without_a_socket);
    RUN(keys_guard_the_routes);
    RUN(reloads_under_load);
    unlink(path_a);
    unlink(path_b);
    unlink(path_served);
    unlink(path_bad);
    return test_summary();
}
