/*
 * metrics.c - what the server counts, and /metrics in Prometheus' text
 * format (version 0.0.4).
 *
 * Requests by route and status, a latency histogram per route, open and
 * refused connections, the index served (its age, its lists and their
 * versions), and loads and refused loads. Counters are relaxed atomics
 * bumped once per request by the thread that answered it; a scrape reads
 * them without stopping anyone, so a scrape may see a request counted in
 * one series and not yet in another, as Prometheus allows.
 */
#include "server.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The statuses the server answers with; anything else counts as "other". */
static const int STATUSES[] = {200, 400, 401, 403, 404, 405, 408, 413, 415, 429, 431, 500, 503};
enum { NSTATUS = sizeof(STATUSES) / sizeof(STATUSES[0]) + 1 };

/* Upper bounds of the latency buckets, seconds. */
static const double BOUNDS[SRV_HIST_BUCKETS] = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                0.025,  0.05,    0.1,    0.25,  0.5,    1,     2.5};

int srv_metrics_init(srv_metrics *m, int routes) {
    memset(m, 0, sizeof(*m));
    m->routes = routes;
    size_t rows = (size_t)routes + 1;
    m->requests = calloc(rows * NSTATUS, sizeof(*m->requests));
    m->hist = calloc(rows * SRV_HIST_BUCKETS, sizeof(*m->hist));
    m->sum_us = calloc(rows, sizeof(*m->sum_us));
    m->count = calloc(rows, sizeof(*m->count));
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    m->started = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
    if (!m->requests || !m->hist || !m->sum_us || !m->count) {
        srv_metrics_free(m);
        return -1;
    }
    return 0;
}

void srv_metrics_free(srv_metrics *m) {
    free(m->requests);
    free(m->hist);
    free(m->sum_us);
    free(m->count);
    m->requests = m->hist = m->sum_us = m->count = NULL;
}

static int status_slot(int status) {
    for (int i = 0; i < NSTATUS - 1; i++)
        if (STATUSES[i] == status) return i;
    return NSTATUS - 1;
}

void srv_metrics_count(srv_metrics *m, int route, int status, double seconds) {
    if (!m->requests) return;
    size_t row = route >= 0 && route < m->routes ? (size_t)route : (size_t)m->routes;
    atomic_fetch_add_explicit(&m->requests[row * NSTATUS + (size_t)status_slot(status)], 1, memory_order_relaxed);
    int b = 0;
    while (b < SRV_HIST_BUCKETS && seconds > BOUNDS[b]) b++;
    if (b < SRV_HIST_BUCKETS)
        atomic_fetch_add_explicit(&m->hist[row * SRV_HIST_BUCKETS + (size_t)b], 1, memory_order_relaxed);
    double us = seconds * 1e6;
    atomic_fetch_add_explicit(&m->sum_us[row], us > 0 ? (unsigned long)us : 0, memory_order_relaxed);
    atomic_fetch_add_explicit(&m->count[row], 1, memory_order_relaxed);
}

/* The labels of metrics row r: {method="GET",endpoint="/v1/screen"}. */
static void labels(FILE *f, const srv_metrics *m, size_t r) {
    if ((int)r < m->routes)
        fprintf(f, "method=\"%s\",endpoint=\"%s\"", srv_route_method((int)r), srv_route_path((int)r));
    else
        fputs("method=\"other\",endpoint=\"other\"", f);
}

/* A label value with \, " and newlines escaped, as the format wants. */
static void label_value(FILE *f, const char *s) {
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '\\' || *s == '"') fputc('\\', f);
        if (*s == '\n') {
            fputs("\\n", f);
            continue;
        }
        fputc(*s, f);
    }
    fputc('"', f);
}

void srv_metrics_write(FILE *f, const srv_metrics *m, srv_state *st, const srv_data *d) {
    size_t rows = (size_t)m->routes + 1;
    fputs("# HELP embargo_http_requests_total HTTP requests answered, by route and status.\n"
          "# TYPE embargo_http_requests_total counter\n", f);
    for (size_t r = 0; r < rows; r++)
        for (int s = 0; s < NSTATUS; s++) {
            unsigned long v = atomic_load_explicit(&m->requests[r * NSTATUS + (size_t)s], memory_order_relaxed);
            if (!v) continue;
            fputs("embargo_http_requests_total{", f);
            labels(f, m, r);
            if (s < NSTATUS - 1) fprintf(f, ",status=\"%d\"} %lu\n", STATUSES[s], v);
            else fprintf(f, ",status=\"other\"} %lu\n", v);
        }
    fputs("# HELP embargo_http_request_duration_seconds Time from the request line to the response sent.\n"
          "# TYPE embargo_http_request_duration_seconds histogram\n", f);
    for (size_t r = 0; r < rows; r++) {
        unsigned long count = atomic_load_explicit(&m->count[r], memory_order_relaxed);
        if (!count) continue;
        unsigned long cum = 0;
        for (int b = 0; b < SRV_HIST_BUCKETS; b++) {
            cum += atomic_load_explicit(&m->hist[r * SRV_HIST_BUCKETS + (size_t)b], memory_order_relaxed);
            fputs("embargo_http_request_duration_seconds_bucket{", f);
            labels(f, m, r);
            fprintf(f, ",le=\"%g\"} %lu\n", BOUNDS[b], cum);
        }
        if (cum < count) cum = count;
        fputs("embargo_http_request_duration_seconds_bucket{", f);
        labels(f, m, r);
        fprintf(f, ",le=\"+Inf\"} %lu\n", cum);
        fputs("embargo_http_request_duration_seconds_sum{", f);
        labels(f, m, r);
        fprintf(f, "} %.6f\n", (double)atomic_load_explicit(&m->sum_us[r], memory_order_relaxed) / 1e6);
        fputs("embargo_http_request_duration_seconds_count{", f);
        labels(f, m, r);
        fprintf(f, "} %lu\n", cum);
    }
    fprintf(f, "# HELP embargo_http_connections Connections open now.\n"
               "# TYPE embargo_http_connections gauge\nembargo_http_connections %ld\n",
            atomic_load(&m->connections));
    fprintf(f, "# HELP embargo_http_connections_refused_total Connections over the limit, answered 429.\n"
               "# TYPE embargo_http_connections_refused_total counter\nembargo_http_connections_refused_total %lu\n",
            atomic_load(&m->connections_refused));
    fprintf(f, "# HELP embargo_index_reloads_total Indexes swapped in to replace the one served.\n"
               "# TYPE embargo_index_reloads_total counter\nembargo_index_reloads_total %lu\n",
            atomic_load(&st->reloads));
    fprintf(f, "# HELP embargo_index_reload_failures_total Loads refused (unreadable, corrupt or empty index); the old index kept serving.\n"
               "# TYPE embargo_index_reload_failures_total counter\nembargo_index_reload_failures_total %lu\n",
            atomic_load(&st->reload_failures));
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    double now = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
    fprintf(f, "# HELP embargo_build_info The program's version.\n# TYPE embargo_build_info gauge\n"
               "embargo_build_info{version=\"%s\"} 1\n", embargo_version());
    fprintf(f, "# HELP embargo_start_time_seconds When the server started (Unix time).\n"
               "# TYPE embargo_start_time_seconds gauge\nembargo_start_time_seconds %.3f\n", m->started);
    fprintf(f, "# HELP embargo_index_ready Whether an index is loaded and served.\n"
               "# TYPE embargo_index_ready gauge\nembargo_index_ready %d\n", d ? 1 : 0);
    if (!d) return;
    fprintf(f, "# HELP embargo_index_generation The index served: 1 for the first, +1 per reload.\n"
               "# TYPE embargo_index_generation gauge\nembargo_index_generation %llu\n",
            (unsigned long long)d->generation);
    fprintf(f, "# HELP embargo_index_age_seconds Seconds since the index served was built.\n"
               "# TYPE embargo_index_age_seconds gauge\nembargo_index_age_seconds %.0f\n",
            now - (double)d->info.built_at);
    fprintf(f, "# HELP embargo_index_loaded_seconds Seconds since the index served was loaded.\n"
               "# TYPE embargo_index_loaded_seconds gauge\nembargo_index_loaded_seconds %.3f\n", now - d->loaded_at);
    fprintf(f, "# HELP embargo_index_entities Entities in the index served.\n"
               "# TYPE embargo_index_entities gauge\nembargo_index_entities %u\n", d->info.entities);
    fputs("# HELP embargo_list_info A list of the index served, with its version (SHA-256) and date.\n"
          "# TYPE embargo_list_info gauge\n", f);
    for (uint32_t i = 0; i < d->info.lists; i++) {
        embargo_list_info li;
        if (embargo_index_list(d->ix, i, &li)) continue;
        fputs("embargo_list_info{list=", f);
        label_value(f, li.name);
        fputs(",sha256=", f);
        label_value(f, li.sha256 ? li.sha256 : "");
        fputs(",date=", f);
        label_value(f, li.date);
        fputs("} 1\n", f);
    }
    fputs("# HELP embargo_list_entities Entities of each list in the index served.\n"
          "# TYPE embargo_list_entities gauge\n", f);
    for (uint32_t i = 0; i < d->info.lists; i++) {
        embargo_list_info li;
        if (embargo_index_list(d->ix, i, &li)) continue;
        fputs("embargo_list_entities{list=", f);
        label_value(f, li.name);
        fprintf(f, "} %u\n", li.entities);
    }
}
