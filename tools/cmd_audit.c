/*
 * cmd_audit.c - `embargo audit verify` (the monitor store's audit trail is
 * whole: every record where it was written, unedited) and `embargo audit
 * export` (its records between two dates, CSV or JSON Lines, for an
 * examiner). How the trail is chained is told at the top of state.c.
 */
#include "ops.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

static const char USAGE[] =
    "usage: embargo audit verify --state DB [--head SEQ:HASH]\n"
    "       embargo audit export --state DB [--from DATE] [--to DATE] [--json | --csv]\n"
    "\n"
    "verify   checks that the audit trail is whole: each record follows the one\n"
    "         before and its content still gives its hash. Prints the head (the\n"
    "         last record's number and hash): keep it elsewhere, and --head checks\n"
    "         later that the trail still holds it. Exit status: 0 whole, 1 broken\n"
    "         (where is printed), 2 an error.\n"
    "export   the records from DATE to DATE (YYYY-MM-DD, both included; default:\n"
    "         all) as CSV (default) or JSON Lines: seq, time, user, action, list\n"
    "         versions, input, result, and the chain's hashes.\n";

static int verify(sqlite3 *db, const char *head_opt) {
    long long count = 0, bad = 0;
    char head[65], why[400];
    int r = cli_audit_verify(db, &count, head, &bad, why, sizeof(why));
    if (r < 0) return EXIT_TROUBLE;
    if (r > 0) {
        printf("audit trail BROKEN at record %lld: %s\n", bad, why);
        printf("%lld records before it are intact\n", count);
        return 1;
    }
    if (head_opt) {
        char *colon = strchr(head_opt, ':');
        long long seq = colon ? strtoll(head_opt, NULL, 10) : 0;
        if (!colon || seq <= 0 || strlen(colon + 1) != 64) {
            fprintf(stderr, "embargo: --head takes SEQ:HASH as verify prints it\n");
            return EXIT_TROUBLE;
        }
        sqlite3_stmt *q = cli_prepare(db, "SELECT hash FROM audit WHERE seq=?");
        if (!q) return EXIT_TROUBLE;
        sqlite3_bind_int64(q, 1, seq);
        int found = sqlite3_step(q) == SQLITE_ROW;
        int same = found && !strcmp((const char *)sqlite3_column_text(q, 0), colon + 1);
        sqlite3_finalize(q);
        if (!same) {
            printf("audit trail BROKEN: record %lld %s the head kept earlier (%.16s...)\n", seq,
                   found ? "no longer has the hash of" : "is missing, with", colon + 1);
            return 1;
        }
    }
    printf("audit trail intact: %lld records\nhead %lld:%s\n", count, count, count ? head : "(empty)");
    return 0;
}

static int export_records(sqlite3 *db, const char *from, const char *to, int json) {
    /* ISO times compare as text; "to" includes the whole day */
    char to_end[40] = "";
    if (to) snprintf(to_end, sizeof(to_end), "%s\x7f", to);
    sqlite3_stmt *q = cli_prepare(db, "SELECT seq, at, user, action, lists, input, result, prev, hash FROM audit"
                                      " WHERE (?1 IS NULL OR at >= ?1) AND (?2 IS NULL OR at <= ?2) ORDER BY seq");
    if (!q) return EXIT_TROUBLE;
    if (from) sqlite3_bind_text(q, 1, from, -1, SQLITE_STATIC);
    if (to) sqlite3_bind_text(q, 2, to_end, -1, SQLITE_STATIC);
    static const char *const KEYS[9] = {"seq", "at", "user", "action", "lists", "input", "result", "prev", "hash"};
    if (!json) puts("seq,at,user,action,lists,input,result,prev,hash");
    int rc;
    size_t n = 0;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (json) printf("{\"seq\":%lld", sqlite3_column_int64(q, 0));
        else printf("%lld", sqlite3_column_int64(q, 0));
        for (int k = 1; k < 9; k++) {
            const char *v = (const char *)sqlite3_column_text(q, k);
            size_t len = v ? strlen(v) : 0;
            if (json && k >= 4 && k <= 6) printf(",\"%s\":%s", KEYS[k], v && v[0] ? v : "null"); /* JSON already */
            else if (json) json_member(stdout, KEYS[k], v, len);
            else {
                putchar(',');
                csv_field(stdout, v ? v : "", len);
            }
        }
        puts(json ? "}" : "");
        n++;
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) {
        fprintf(stderr, "embargo: cannot read the audit trail: %s\n", sqlite3_errmsg(db));
        return EXIT_TROUBLE;
    }
    fprintf(stderr, "%zu records\n", n);
    return n ? EXIT_FOUND : EXIT_NONE;
}

static int valid_day(const char *s) {
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return 0;
    return 1;
}

int cmd_audit(int argc, char **argv) {
    if (argc < 2 || cli_is_help(argv[1])) return cli_usage(USAGE, argc >= 2);
    const char *sub = argv[1], *state = NULL, *from = NULL, *to = NULL, *head = NULL;
    int json = 0;
    if (strcmp(sub, "verify") && strcmp(sub, "export")) return cli_usage_error(USAGE, "audit verify or audit export");
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) return cli_usage(USAGE, 1);
        if (!strcmp(a, "--state") && i + 1 < argc) state = argv[++i];
        else if (!strcmp(a, "--from") && i + 1 < argc) from = argv[++i];
        else if (!strcmp(a, "--to") && i + 1 < argc) to = argv[++i];
        else if (!strcmp(a, "--head") && i + 1 < argc) head = argv[++i];
        else if (!strcmp(a, "--json")) json = 1;
        else if (!strcmp(a, "--csv")) json = 0;
        else return cli_usage_error(USAGE, "unexpected '%s'", a);
    }
    if (!state) return cli_usage_error(USAGE, "audit needs --state DB");
    if ((from && !valid_day(from)) || (to && !valid_day(to)))
        return cli_usage_error(USAGE, "--from and --to take dates as YYYY-MM-DD");
    sqlite3 *db = cli_state_open(state, 60000, 0);
    if (!db) return EXIT_TROUBLE;
    int rc = !strcmp(sub, "verify") ? verify(db, head) : export_records(db, from, to, json);
    sqlite3_close(db);
    return rc;
}
