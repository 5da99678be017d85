/*
 * main.c - the embargo command-line program: the command table and dispatch.
 *
 * Each command lives in its cmd_*.c; what several share is in args.c (the
 * command line), data.c (opening the data) and output.c (JSON and text).
 */
#include "cli.h"
#include "ops.h"

#include <signal.h>
#include <string.h>

static const char USAGE[] =
    "usage: embargo COMMAND [OPTIONS]\n"
    "\n"
    "Screens names against official sanctions lists.\n"
    "\n"
    "commands:\n"
    "  screen   screen names (arguments, or --batch from standard input)\n"
    "  scan     find listed people and organisations in text or HTML\n"
    "  who      which lists name a person or organisation, and since when\n"
    "  compare  score two names against each other and explain the score\n"
    "  index    build an index file from list files\n"
    "  info     describe an index: lists, dates, counts\n"
    "  show     print everything an index holds on one entity\n"
    "  serve    answer screening requests over HTTP (own, yente and watchman APIs)\n"
    "  update   fetch the official lists, verify them, publish a new index\n"
    "  versions the list versions update kept\n"
    "  diff     what changed between two versions of the lists\n"
    "  monitor  re-screen a customer file; report only what is new\n"
    "  alerts   the alerts a monitor store holds\n"
    "  decide   record a decision on an alert (false positive, true match, good guy)\n"
    "  audit    verify or export a monitor store's audit trail\n"
    "\n"
    "Run 'embargo COMMAND --help' for a command's options.\n"
    "Without --index, --list or --data-dir (EMBARGO_DATA_DIR), embargo uses the\n"
    "data bundled with it.\n"
    "Exit status: 0 something found, 1 nothing found, 2 an error.\n";

static const struct command {
    const char *name;
    int (*run)(int argc, char **argv);
} COMMANDS[] = {
    {"screen", cmd_screen}, {"scan", cmd_scan}, {"who", cmd_who}, {"compare", cmd_compare},
    {"index", cmd_index},   {"info", cmd_info}, {"show", cmd_show},
    {"update", cmd_update}, {"versions", cmd_versions}, {"diff", cmd_diff},
    {"monitor", cmd_monitor}, {"alerts", cmd_alerts}, {"decide", cmd_decide}, {"audit", cmd_audit},
    {"serve", cmd_serve},
};

int main(int argc, char **argv) {
    /* Past a file size limit (ulimit -f) a write fails with EFBIG, which
     * the library reports and cleans up after, instead of the process
     * being killed with a half-written temporary file left behind. */
    signal(SIGXFSZ, SIG_IGN);
    if (argc < 2) return cli_usage(USAGE, 0);
    const char *cmd = argv[1];
    if (cli_is_help(cmd) || !strcmp(cmd, "help")) return cli_usage(USAGE, 1);
    if (!strcmp(cmd, "--version")) {
        printf("embargo %s (library %s)\n", EMBARGO_VERSION, embargo_version());
        return 0;
    }
    for (size_t i = 0; i < sizeof(COMMANDS) / sizeof(COMMANDS[0]); i++)
        if (!strcmp(cmd, COMMANDS[i].name)) return COMMANDS[i].run(argc - 1, argv + 1);
    return cli_usage_error(USAGE, "unknown command '%s'\n", cmd);
}
