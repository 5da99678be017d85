/*
 * bench_screen.c - the speed benchmark of embargo, over the public API only.
 *
 * It measures what issue 2 sets targets for: building an index from list
 * files, opening an index file, single-thread batch screening throughput,
 * per-query latency, and peak memory. `make bench` runs it through
 * scripts/run-bench.sh against the full 2024 SDN list with all aliases and
 * bench/queries.txt (made by bench/make_queries.py).
 *
 * Every figure is printed as one line "name value unit" on standard output,
 * so that scripts can grep it; notes and the slowest queries are prefixed
 * with '#'. The machine it runs on is shared and noisy, so each timing is
 * repeated and the median is the figure; spreads are printed next to it.
 *
 * usage: bench_screen [--index FILE] [--list PATH]... [--queries FILE]
 *                     [--repeat N] [--opens N] [--builds N] [--slowest N]
 *                     [--max-seconds S] [--dump FILE]
 *
 *   --list PATH      list file or folder (repeatable): time the build
 *                    (embargo_dataset_load of every path + embargo_index_build)
 *   --index FILE     index file: time opening it; screen against it
 *   --queries FILE   one query per line: time screening (against --index, or
 *                    against the index built from --list when there is none)
 *   --dump FILE      writes "microseconds TAB matches TAB query" per query
 *                    (median over rounds), for finding what is slow
 *
 * With --index, screening runs before any build, so that the peak RSS it
 * reports (peak_rss_screen) is that of opening and screening alone.
 */
#include "embargo.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define MAX_LISTS 32

typedef struct options {
    const char *index_path;
    const char *lists[MAX_LISTS];
    int nlists;
    const char *queries_path;
    int repeat;         /* screening rounds over all queries */
    int opens;          /* index open+close repetitions */
    int builds;         /* index build repetitions */
    int slowest;        /* how many of the slowest queries to print */
    double max_seconds; /* stop adding screening rounds after this long */
    const char *dump;   /* per-query latencies go here, if set */
} options;

typedef struct query {
    const char *text;
    size_t len;
} query;

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorts v in place and returns the median. */
static double median(double *v, size_t n) {
    if (n == 0) return 0;
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Nearest-rank percentile of a sorted array, p in 0..100. */
static double percentile(const double *sorted, size_t n, double p) {
    if (n == 0) return 0;
    size_t rank = (size_t)(p / 100.0 * (double)n + 0.999999);
    if (rank < 1) rank = 1;
    if (rank > n) rank = n;
    return sorted[rank - 1];
}

static double peak_rss_mb(void) {
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0) return 0;
    return (double)ru.ru_maxrss / 1024.0; /* Linux reports KiB */
}

static void usage(FILE *f) {
    fputs("usage: bench_screen [--index FILE] [--list PATH]... [--queries FILE]\n"
          "                    [--repeat N] [--opens N] [--builds N] [--slowest N]\n"
          "                    [--max-seconds S] [--dump FILE]\n"
          "\n"
          "  --list PATH      list file or folder (repeatable): time load + build\n"
          "  --index FILE     index file: time open + close; screen against it\n"
          "  --queries FILE   one query per line: time screening\n"
          "  --repeat N       screening rounds (default 5)\n"
          "  --opens N        open+close repetitions (default 21)\n"
          "  --builds N       build repetitions (default 5)\n"
          "  --slowest N      print the N slowest queries (default 5)\n"
          "  --max-seconds S  no new screening round after S seconds (default 60)\n"
          "  --dump FILE      write per-query latency (us), match count and query\n",
          f);
}

static int parse_int(const char *opt, const char *s, int lo, int hi, int *out) {
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || end == s || v < lo || v > hi) {
        fprintf(stderr, "bench_screen: %s wants a number in %d..%d, not '%s'\n", opt, lo, hi, s);
        return -1;
    }
    *out = (int)v;
    return 0;
}

static int parse_args(int argc, char **argv, options *o) {
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            exit(0);
        }
        if (!v) {
            fprintf(stderr, "bench_screen: unexpected '%s'\n", a);
            usage(stderr);
            return -1;
        }
        i++;
        if (!strcmp(a, "--index")) {
            o->index_path = v;
        } else if (!strcmp(a, "--list")) {
            if (o->nlists == MAX_LISTS) {
                fprintf(stderr, "bench_screen: at most %d --list\n", MAX_LISTS);
                return -1;
            }
            o->lists[o->nlists++] = v;
        } else if (!strcmp(a, "--queries")) {
            o->queries_path = v;
        } else if (!strcmp(a, "--repeat")) {
            if (parse_int(a, v, 1, 1000, &o->repeat)) return -1;
        } else if (!strcmp(a, "--opens")) {
            if (parse_int(a, v, 1, 100000, &o->opens)) return -1;
        } else if (!strcmp(a, "--builds")) {
            if (parse_int(a, v, 1, 1000, &o->builds)) return -1;
        } else if (!strcmp(a, "--slowest")) {
            if (parse_int(a, v, 0, 1000, &o->slowest)) return -1;
        } else if (!strcmp(a, "--dump")) {
            o->dump = v;
        } else if (!strcmp(a, "--max-seconds")) {
            int s;
            if (parse_int(a, v, 1, 86400, &s)) return -1;
            o->max_seconds = s;
        } else {
            fprintf(stderr, "bench_screen: unexpected '%s'\n", a);
            usage(stderr);
            return -1;
        }
    }
    if (!o->index_path && o->nlists == 0) {
        fprintf(stderr, "bench_screen: needs --index or --list\n");
        usage(stderr);
        return -1;
    }
    return 0;
}

/* Reads a whole file into a NUL-terminated buffer. */
static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "bench_screen: %s: %s\n", path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 20, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n - 1, f);
        if (n < cap - 1) break;
        char *bigger = realloc(buf, cap * 2);
        if (!bigger) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    int bad = ferror(f);
    fclose(f);
    if (!buf || bad) {
        fprintf(stderr, "bench_screen: %s: %s\n", path, buf ? "read error" : "out of memory");
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Splits buf into lines (LF or CRLF); empty lines are skipped. */
static query *split_queries(char *buf, size_t len, size_t *count) {
    size_t cap = 1;
    for (size_t i = 0; i < len; i++) cap += buf[i] == '\n';
    query *q = malloc(cap * sizeof *q);
    if (!q) return NULL;
    size_t n = 0;
    char *p = buf, *end = buf + len;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *e = nl ? nl : end;
        size_t l = (size_t)(e - p);
        if (l && p[l - 1] == '\r') l--;
        if (l) {
            p[l] = '\0';
            q[n].text = p;
            q[n].len = l;
            n++;
        }
        p = e + 1;
    }
    *count = n;
    return q;
}

/* Loads every list and builds an index; prints the failure and returns NULL
 * on error. Fills *stats from the dataset. */
static embargo_index *build_once(const options *o, embargo_dataset_stats *stats) {
    embargo_dataset *ds = NULL;
    embargo_index *ix = NULL;
    embargo_error err;
    memset(&err, 0, sizeof err);
    embargo_status st = embargo_dataset_new(&ds);
    for (int i = 0; st == EMBARGO_OK && i < o->nlists; i++) {
        st = embargo_dataset_load(ds, o->lists[i], &err);
        if (st)
            fprintf(stderr, "bench_screen: %s:%lu: %s (%s)\n", err.file[0] ? err.file : o->lists[i],
                    err.line, err.message, embargo_strerror(st));
    }
    if (st == EMBARGO_OK) {
        embargo_dataset_stats_get(ds, stats);
        st = embargo_index_build(ds, NULL, &ix, &err);
        if (st) fprintf(stderr, "bench_screen: build: %s (%s)\n", err.message, embargo_strerror(st));
    } else if (st == EMBARGO_ENOMEM && !ds) {
        fprintf(stderr, "bench_screen: %s\n", embargo_strerror(st));
    }
    embargo_dataset_free(ds);
    return st ? NULL : ix;
}

/* Times o->builds builds; returns the last index (the caller closes it), or
 * NULL on failure. */
static embargo_index *bench_build(const options *o) {
    double *t = malloc((size_t)o->builds * sizeof *t);
    if (!t) return NULL;
    embargo_index *ix = NULL;
    embargo_dataset_stats stats;
    memset(&stats, 0, sizeof stats);
    for (int r = 0; r < o->builds; r++) {
        embargo_index_close(ix);
        double t0 = now_ns();
        ix = build_once(o, &stats);
        t[r] = (now_ns() - t0) / 1e6;
        if (!ix) {
            free(t);
            return NULL;
        }
    }
    embargo_index_info info;
    embargo_index_info_get(ix, &info);
    printf("build_entities %zu count\n", stats.entities);
    printf("build_names %zu count\n", stats.names);
    printf("build_aliases %zu count\n", stats.aliases);
    printf("build_weak_aliases %zu count\n", stats.weak_aliases);
    printf("build_orphan_rows %zu count\n", stats.orphan_rows);
    printf("build_index_bytes %llu bytes\n", (unsigned long long)info.bytes);
    printf("build_index_tokens %u count\n", info.tokens);
    double lo = t[0], hi = t[0];
    for (int r = 1; r < o->builds; r++) {
        if (t[r] < lo) lo = t[r];
        if (t[r] > hi) hi = t[r];
    }
    printf("build_ms %.1f ms\n", median(t, (size_t)o->builds));
    printf("build_ms_min %.1f ms\n", lo);
    printf("build_ms_max %.1f ms\n", hi);
    printf("build_runs %d count\n", o->builds);
    fflush(stdout);
    free(t);
    return ix;
}

static int bench_open(const options *o) {
    double *t = malloc((size_t)o->opens * sizeof *t);
    if (!t) return -1;
    for (int r = 0; r < o->opens; r++) {
        embargo_index *ix = NULL;
        embargo_error err;
        double t0 = now_ns();
        embargo_status st = embargo_index_open(o->index_path, &ix, &err);
        embargo_index_close(ix);
        t[r] = (now_ns() - t0) / 1e6;
        if (st) {
            fprintf(stderr, "bench_screen: %s: %s (%s)\n", o->index_path, err.message,
                    embargo_strerror(st));
            free(t);
            return -1;
        }
    }
    double first = t[0], hi = t[0];
    for (int r = 1; r < o->opens; r++)
        if (t[r] > hi) hi = t[r];
    printf("open_ms_first %.3f ms\n", first);
    printf("open_ms %.3f ms\n", median(t, (size_t)o->opens));
    printf("open_ms_max %.3f ms\n", hi);
    printf("open_runs %d count\n", o->opens);
    fflush(stdout);
    free(t);
    return 0;
}

typedef struct slow {
    double ns;
    size_t q;
} slow;

static int cmp_slow_desc(const void *a, const void *b) {
    double x = ((const slow *)a)->ns, y = ((const slow *)b)->ns;
    return (x < y) - (x > y);
}

/* Prints a query for a '#' line: control characters are replaced, long
 * queries cut. */
static void print_query(const query *q) {
    size_t n = q->len < 120 ? q->len : 120;
    putchar('"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)q->text[i];
        putchar(c < 0x20 || c == 0x7f ? '?' : c);
    }
    putchar('"');
    if (n < q->len) fputs("...", stdout);
}

static int bench_screen(const options *o, const embargo_index *ix) {
    size_t len = 0, n = 0;
    char *buf = read_file(o->queries_path, &len);
    if (!buf) return -1;
    query *qs = split_queries(buf, len, &n);
    if (!qs || n == 0) {
        fprintf(stderr, "bench_screen: %s: %s\n", o->queries_path, qs ? "no queries" : "out of memory");
        free(qs);
        free(buf);
        return -1;
    }
    embargo_matcher *m = NULL;
    embargo_status st = embargo_matcher_new(ix, &m);
    if (st) {
        fprintf(stderr, "bench_screen: matcher: %s\n", embargo_strerror(st));
        free(qs);
        free(buf);
        return -1;
    }
    embargo_screen_options so;
    embargo_screen_options_init(&so);

    int rounds = o->repeat;
    double *lat = malloc((size_t)rounds * n * sizeof *lat); /* [round][query] ns */
    double *sorted = malloc(n * sizeof *sorted);
    double *round_qps = malloc((size_t)rounds * sizeof *round_qps);
    double *pct[6];
    for (int k = 0; k < 6; k++) pct[k] = malloc((size_t)rounds * sizeof(double));
    unsigned char *hit = calloc(n, 1);
    size_t *nmatch = calloc(n, sizeof *nmatch);
    int ok = lat && sorted && round_qps && hit && nmatch;
    for (int k = 0; k < 6; k++) ok = ok && pct[k];
    if (!ok) {
        fprintf(stderr, "bench_screen: out of memory\n");
        rounds = 0;
    }

    /* One untimed pass warms the caches and the page cache of the index, and
     * records what each query found. */
    size_t matched = 0, rejected = 0, total_matches = 0;
    for (size_t i = 0; ok && i < n; i++) {
        const embargo_match *ms;
        size_t c = 0;
        st = embargo_matcher_screen(m, qs[i].text, qs[i].len, &so, &ms, &c);
        if (st == EMBARGO_OK) {
            hit[i] = c > 0;
            nmatch[i] = c;
            matched += c > 0;
            total_matches += c;
        } else {
            rejected++;
        }
    }

    double started = now_ns();
    int done = 0;
    for (int r = 0; r < rounds; r++) {
        double *l = lat + (size_t)r * n;
        double t0 = now_ns();
        for (size_t i = 0; i < n; i++) {
            const embargo_match *ms;
            size_t c = 0;
            double a = now_ns();
            (void)embargo_matcher_screen(m, qs[i].text, qs[i].len, &so, &ms, &c);
            l[i] = now_ns() - a;
        }
        double t1 = now_ns();
        round_qps[r] = (double)n / ((t1 - t0) / 1e9);
        memcpy(sorted, l, n * sizeof *sorted);
        qsort(sorted, n, sizeof *sorted, cmp_double);
        pct[0][r] = percentile(sorted, n, 50);
        pct[1][r] = percentile(sorted, n, 90);
        pct[2][r] = percentile(sorted, n, 99);
        pct[3][r] = percentile(sorted, n, 99.9);
        pct[4][r] = sorted[n - 1];
        double sum = 0;
        for (size_t i = 0; i < n; i++) sum += l[i];
        pct[5][r] = sum / (double)n;
        done = r + 1;
        if ((t1 - started) / 1e9 > o->max_seconds && done < rounds) {
            printf("# stopped after %d of %d rounds: over %.0f s\n", done, rounds, o->max_seconds);
            break;
        }
    }

    /* The rounds above meet every query again: the matcher's memos of
     * words and typo searches (screen.c, name.c) already hold its words.
     * The first of a batch of distinct names meets them for the first time:
     * a new matcher for each of FIRST_PASSES timed passes. */
    enum { FIRST_PASSES = 3 };
    double first_qps[FIRST_PASSES];
    int first_done = 0;
    for (int r = 0; ok && done > 0 && r < FIRST_PASSES; r++) {
        embargo_matcher *fresh = NULL;
        if (embargo_matcher_new(ix, &fresh) != EMBARGO_OK) break;
        double t0 = now_ns();
        for (size_t i = 0; i < n; i++) {
            const embargo_match *ms;
            size_t c = 0;
            (void)embargo_matcher_screen(fresh, qs[i].text, qs[i].len, &so, &ms, &c);
        }
        first_qps[first_done++] = (double)n / ((now_ns() - t0) / 1e9);
        embargo_matcher_free(fresh);
    }

    if (done > 0) {
        double lo = round_qps[0], hi = round_qps[0];
        for (int r = 1; r < done; r++) {
            if (round_qps[r] < lo) lo = round_qps[r];
            if (round_qps[r] > hi) hi = round_qps[r];
        }
        printf("queries %zu count\n", n);
        printf("queries_matched %zu count\n", matched);
        printf("queries_rejected %zu count\n", rejected);
        printf("matches_total %zu count\n", total_matches);
        printf("screen_rounds %d count\n", done);
        printf("screen_qps %.0f queries/s\n", median(round_qps, (size_t)done));
        printf("screen_qps_min %.0f queries/s\n", lo);
        printf("screen_qps_max %.0f queries/s\n", hi);
        if (first_done)
            printf("screen_qps_first_pass %.0f queries/s\n", median(first_qps, (size_t)first_done));
        static const char *const names[6] = {"p50", "p90", "p99", "p999", "max", "mean"};
        for (int k = 0; k < 6; k++)
            printf("latency_%s_us %.1f us\n", names[k], median(pct[k], (size_t)done) / 1e3);

        /* Per query, the median over rounds: robust against a noisy neighbour. */
        slow *per = malloc(n * sizeof *per);
        double *hits = malloc(n * sizeof *hits), *misses = malloc(n * sizeof *misses);
        double *col = malloc((size_t)done * sizeof *col);
        if (per && hits && misses && col) {
            size_t nh = 0, nm = 0;
            for (size_t i = 0; i < n; i++) {
                for (int r = 0; r < done; r++) col[r] = lat[(size_t)r * n + i];
                per[i].ns = median(col, (size_t)done);
                per[i].q = i;
                if (hit[i]) hits[nh++] = per[i].ns;
                else misses[nm++] = per[i].ns;
            }
            qsort(hits, nh, sizeof *hits, cmp_double);
            qsort(misses, nm, sizeof *misses, cmp_double);
            printf("latency_matched_p50_us %.1f us\n", percentile(hits, nh, 50) / 1e3);
            printf("latency_matched_p99_us %.1f us\n", percentile(hits, nh, 99) / 1e3);
            printf("latency_unmatched_p50_us %.1f us\n", percentile(misses, nm, 50) / 1e3);
            printf("latency_unmatched_p99_us %.1f us\n", percentile(misses, nm, 99) / 1e3);
            if (o->dump) {
                FILE *f = fopen(o->dump, "w");
                if (!f) {
                    fprintf(stderr, "bench_screen: %s: %s\n", o->dump, strerror(errno));
                } else {
                    for (size_t i = 0; i < n; i++)
                        fprintf(f, "%.1f\t%zu\t%s\n", per[i].ns / 1e3, nmatch[i], qs[i].text);
                    if (fclose(f) != 0) fprintf(stderr, "bench_screen: %s: write error\n", o->dump);
                }
            }
            size_t over = 0;
            for (size_t i = 0; i < n; i++) over += per[i].ns > 1e6;
            printf("queries_over_1ms %zu count\n", over);
            qsort(per, n, sizeof *per, cmp_slow_desc);
            size_t k = (size_t)o->slowest < n ? (size_t)o->slowest : n;
            if (k) printf("# slowest %zu queries (median over %d rounds):\n", k, done);
            for (size_t i = 0; i < k; i++) {
                printf("#   %8.1f us  %s  ", per[i].ns / 1e3, hit[per[i].q] ? "match" : "none ");
                print_query(&qs[per[i].q]);
                putchar('\n');
            }
        }
        free(col);
        free(hits);
        free(misses);
        free(per);
    }
    fflush(stdout);

    for (int k = 0; k < 6; k++) free(pct[k]);
    free(hit);
    free(nmatch);
    free(round_qps);
    free(sorted);
    free(lat);
    embargo_matcher_free(m);
    free(qs);
    free(buf);
    return done > 0 ? 0 : -1;
}

int main(int argc, char **argv) {
    options o = {.repeat = 5, .opens = 21, .builds = 5, .slowest = 5, .max_seconds = 60};
    if (parse_args(argc, argv, &o)) return 2;
    printf("# embargo %s bench_screen\n", EMBARGO_VERSION);
    int failed = 0;

    if (o.index_path) {
        if (bench_open(&o)) return 1;
        if (o.queries_path) {
            embargo_index *ix = NULL;
            embargo_error err;
            embargo_status st = embargo_index_open(o.index_path, &ix, &err);
            if (st) {
                fprintf(stderr, "bench_screen: %s: %s\n", o.index_path, err.message);
                return 1;
            }
            embargo_index_info info;
            embargo_index_info_get(ix, &info);
            printf("index_entities %u count\n", info.entities);
            printf("index_names %u count\n", info.names);
            printf("index_bytes %llu bytes\n", (unsigned long long)info.bytes);
            failed |= bench_screen(&o, ix) != 0;
            embargo_index_close(ix);
        }
        printf("peak_rss_screen_mb %.1f MB\n", peak_rss_mb());
    }
    if (o.nlists) {
        embargo_index *ix = bench_build(&o);
        if (!ix) return 1;
        if (!o.index_path && o.queries_path) failed |= bench_screen(&o, ix) != 0;
        embargo_index_close(ix);
    }
    printf("peak_rss_mb %.1f MB\n", peak_rss_mb());
    return failed;
}
