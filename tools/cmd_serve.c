/*
 * cmd_serve.c - `embargo serve`: the engine as an HTTP service.
 *
 * Reads the command line into a server configuration and runs the server
 * (server/http.c). The data is chosen as for every command: --index FILE,
 * --list PATH..., $EMBARGO_INDEX, or the bundled data (its prebuilt index,
 * else its lists). A reload re-reads the same source.
 */
#include "cli.h"
#include "../server/server.h"

#include <stdlib.h>
#include <string.h>

static const char USAGE[] =
    "usage: embargo serve [--index FILE | --list PATH...] [OPTIONS]\n"
    "\n"
    "Answers screening requests over HTTP: embargo's own API (/v1/screen,\n"
    "/v1/scan, /v1/who, /v1/entities/ID, /v1/info), OpenSanctions yente's\n"
    "(POST /match/DATASET, /search/DATASET, /entities/ID, /catalog) and moov-io\n"
    "watchman's (/v2/search, /v2/listinfo); /healthz, /readyz, /metrics\n"
    "(Prometheus) and POST /admin/reload. Logs one JSON line per request.\n"
    "\n"
    "options:\n"
    "  --index FILE          serve this index (reloads re-read it)\n"
    "  --list PATH           build the index from list files (repeatable)\n"
    "  --data-dir DIR        serve DIR/embargo.idx, the index 'embargo update'\n"
    "                        publishes (also $EMBARGO_DATA_DIR); with --watch,\n"
    "                        each update is taken as it is published\n"
    "  --listen ADDR:PORT    where to listen (default 127.0.0.1:8000; port 0:\n"
    "                        any free port, logged at start)\n"
    "  --threads N           threads answering requests (default: one per CPU)\n"
    "  --api-keys FILE       require a key: one NAME:SHA256-HEX[:admin] a line;\n"
    "                        clients send Authorization: Bearer KEY. Only admin\n"
    "                        keys may call /admin/*; /healthz and /readyz are open\n"
    "  --watch               reload when the --index file changes (as 'embargo\n"
    "                        index --out' replaces it); start even before it exists\n"
    "  --log FILE            the log (default: standard error; '-': standard output)\n"
    "  --max-body BYTES      largest request body (default 1048576)\n"
    "  --max-header BYTES    largest request line and headers (default 8192)\n"
    "  --max-batch N         most records in one batch request (default 1000)\n"
    "  --max-connections N   open connections; more are answered 429 (default 1024)\n"
    "  --timeout SECONDS     close a connection idle this long (default 10)\n"
    "  --request-timeout SECONDS  answer 408 to a body still arriving after this\n"
    "                        long (default 30)\n"
    "\n"
    "Signals: SIGHUP reloads the index; SIGINT and SIGTERM stop the server after\n"
    "the requests in flight. A new index is opened and checked in full before it\n"
    "replaces the old one; a bad one is refused, logged and counted, and the old\n"
    "one keeps serving.\n";

static const char *const VALUED[] = {"--listen", "--threads", "--api-keys", "--log", "--max-body",
                                     "--max-header", "--max-batch", "--max-connections", "--timeout",
                                     "--request-timeout", NULL};

/* A whole number option in [lo, hi]. */
static int whole(const char *opt, const char *s, double lo, double hi, double *out) {
    if (cli_number(opt, s, lo, hi, out)) return -1;
    if (*out != (double)(long long)*out) {
        fprintf(stderr, "embargo: %s takes a whole number, not '%s'\n", opt, s);
        return -1;
    }
    return 0;
}

int cmd_serve(int argc, char **argv) {
    cli_data data = {0};
    srv_config cfg;
    srv_config_init(&cfg);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int r = cli_data_option(&data, argc, argv, &i);
        if (r < 0) return EXIT_TROUBLE;
        if (r) continue;
        double v;
        if (cli_is_help(a)) {
            return cli_usage(USAGE, 1);
        } else if (!strcmp(a, "--watch")) {
            cfg.watch = 1;
        } else if (cli_needs_value(a, i, argc, VALUED)) {
            return EXIT_TROUBLE;
        } else if (!strcmp(a, "--listen")) {
            cfg.listen = argv[++i];
        } else if (!strcmp(a, "--threads")) {
            if (whole(a, argv[++i], 1, 256, &v)) return EXIT_TROUBLE;
            cfg.threads = (int)v;
        } else if (!strcmp(a, "--api-keys")) {
            cfg.keys_path = argv[++i];
        } else if (!strcmp(a, "--log")) {
            cfg.log_path = argv[++i];
        } else if (!strcmp(a, "--max-body")) {
            if (whole(a, argv[++i], 1, 1 << 30, &v)) return EXIT_TROUBLE;
            cfg.max_body = (size_t)v;
        } else if (!strcmp(a, "--max-header")) {
            if (whole(a, argv[++i], 256, 1 << 20, &v)) return EXIT_TROUBLE;
            cfg.max_header = (size_t)v;
        } else if (!strcmp(a, "--max-batch")) {
            if (whole(a, argv[++i], 1, 1000000, &v)) return EXIT_TROUBLE;
            cfg.max_batch = (uint32_t)v;
        } else if (!strcmp(a, "--max-connections")) {
            if (whole(a, argv[++i], 1, 1000000, &v)) return EXIT_TROUBLE;
            cfg.max_connections = (unsigned)v;
        } else if (!strcmp(a, "--timeout")) {
            if (whole(a, argv[++i], 1, 86400, &v)) return EXIT_TROUBLE;
            cfg.timeout = (unsigned)v;
        } else if (!strcmp(a, "--request-timeout")) {
            if (whole(a, argv[++i], 1, 86400, &v)) return EXIT_TROUBLE;
            cfg.request_timeout = (unsigned)v;
        } else {
            return cli_usage_error(USAGE, "unknown argument '%s'", a);
        }
    }
    /* The data, as every command chooses it; kept for reloads. */
    if (cli_data_resolve(&data, &cfg.index_path, &cfg.lists, &cfg.nlists)) return EXIT_TROUBLE;
    if (cfg.watch && !cfg.index_path) {
        fprintf(stderr, "embargo: --watch watches an index file: use --index FILE\n");
        return EXIT_TROUBLE;
    }
    return srv_run(&cfg);
}
