/*
 * cmd_alerts.c - `embargo alerts` (the alerts a monitor store holds) and
 * `embargo decide` (a reviewer's decision on one).
 *
 * A decision is kept as taken (the decisions table refuses UPDATE and
 * DELETE: a later decision on the same alert is a new row) and recorded in
 * the audit trail. A false positive is remembered as (customer key, entity
 * id, the SHA-256 of the entity's listing when decided): the alert stays
 * suppressed until the listing changes or the decision expires, and then
 * alerts again. A good guy is a listed name that must never alert again for
 * this customer, whatever entity carries it and however it changes (until
 * the decision expires, if it does). A true match stays confirmed.
 */
#define _DEFAULT_SOURCE /* timegm */
#include "ops.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char ALERTS_USAGE[] =
    "usage: embargo alerts --state DB [--status open|suppressed|confirmed|closed|all]\n"
    "                      [--customer KEY] [--json]\n"
    "\n"
    "The alerts a monitor store holds (default: open ones), newest first, with\n"
    "the decisions taken on them.\n";

static const char DECIDE_USAGE[] =
    "usage: embargo decide ALERT --state DB (--false-positive | --true-match | --good-guy)\n"
    "                      --reason TEXT --by NAME [--expires YYYY-MM-DD]\n"
    "\n"
    "Records a reviewer's decision on an alert (its number in 'embargo alerts'):\n"
    "  --false-positive  not this customer: suppressed while the entity's listing\n"
    "                    stays as it is now and the decision has not expired\n"
    "  --true-match      the customer is the listed entity: confirmed\n"
    "  --good-guy        the listed name must never alert again for this customer\n"
    "Every decision is kept as taken and recorded in the audit trail.\n";

/* ---- alerts ---------------------------------------------------------------------------- */

int cmd_alerts(int argc, char **argv) {
    const char *state = NULL, *status = "open", *customer = NULL;
    int json = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) return cli_usage(ALERTS_USAGE, 1);
        if (!strcmp(a, "--state") && i + 1 < argc) state = argv[++i];
        else if (!strcmp(a, "--status") && i + 1 < argc) status = argv[++i];
        else if (!strcmp(a, "--customer") && i + 1 < argc) customer = argv[++i];
        else if (!strcmp(a, "--all")) status = "all";
        else if (!strcmp(a, "--json")) json = 1;
        else return cli_usage_error(ALERTS_USAGE, "unexpected '%s'", a);
    }
    if (!state) return cli_usage_error(ALERTS_USAGE, "alerts needs --state DB");
    static const char *const STATUSES[] = {"open", "suppressed", "confirmed", "closed", "all"};
    int known = 0;
    for (size_t i = 0; i < 5; i++) known |= !strcmp(status, STATUSES[i]);
    if (!known) return cli_usage_error(ALERTS_USAGE, "--status takes open, suppressed, confirmed, closed or all");
    sqlite3 *db = cli_state_open(state, 60000, 0);
    if (!db) return EXIT_TROUBLE;
    sqlite3_stmt *q = cli_prepare(db,
        "SELECT a.id, a.status, a.customer, a.customer_name, a.entity, a.list, a.entity_name, a.matched_name, a.score,"
        " a.reason, (SELECT at FROM runs WHERE id=a.first_run), (SELECT at FROM runs WHERE id=a.changed_run),"
        " (SELECT decision || ' by ' || by || ' on ' || substr(at, 1, 10) || ': ' || reason"
        "  || coalesce(' (expires ' || expires || ')', '') FROM decisions d WHERE d.alert=a.id ORDER BY d.id DESC LIMIT 1)"
        " FROM alerts a WHERE (?1='all' OR a.status=?1) AND (?2 IS NULL OR a.customer=?2) ORDER BY a.id DESC");
    if (!q) {
        sqlite3_close(db);
        return EXIT_TROUBLE;
    }
    sqlite3_bind_text(q, 1, status, -1, SQLITE_STATIC);
    if (customer) sqlite3_bind_text(q, 2, customer, -1, SQLITE_STATIC);
    size_t n = 0;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *c[13];
        for (int k = 1; k < 13; k++) c[k] = (const char *)sqlite3_column_text(q, k);
        long long id = sqlite3_column_int64(q, 0);
        double score = sqlite3_column_double(q, 8);
        if (json) {
            printf("{\"alert\":%lld", id);
            static const char *const KEYS[13] = {NULL, "status", "customer", "customer_name", "entity", "list",
                                                 "entity_name", "matched_name", NULL, "reason", "first_seen",
                                                 "changed", "decision"};
            for (int k = 1; k < 13; k++) {
                if (k == 8) {
                    printf(",\"score\":%.3f", score);
                    continue;
                }
                json_member(stdout, KEYS[k], c[k], c[k] ? strlen(c[k]) : 0);
            }
            puts("}");
        } else {
            printf("#%-6lld %-10s ", id, c[1]);
            text_str(stdout, c[2], strlen(c[2])); /* the bank's own key: never raw */
            fputs("  ", stdout);
            text_str(stdout, c[3], strlen(c[3]));
            printf("  ->  %s  ", c[4]);
            text_str(stdout, c[6], strlen(c[6]));
            printf("  %.3f  since %.10s\n", score, c[10] ? c[10] : "?");
            if (c[12]) {
                fputs("        decision: ", stdout);
                text_str(stdout, c[12], strlen(c[12]));
                putchar('\n');
            } else if (c[9] && c[9][0]) {
                fputs("        ", stdout);
                text_str(stdout, c[9], strlen(c[9]));
                putchar('\n');
            }
        }
        n++;
    }
    sqlite3_finalize(q);
    sqlite3_close(db);
    if (rc != SQLITE_DONE) return EXIT_TROUBLE;
    if (!n && !json) printf("no %s alerts\n", strcmp(status, "all") ? status : "");
    return n ? EXIT_FOUND : EXIT_NONE;
}

/* ---- decide ---------------------------------------------------------------------------- */

static int valid_date(const char *s) {
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return 0;
    struct tm tm;
    memset(&tm, 0, sizeof(tm));
    tm.tm_year = atoi(s) - 1900;
    tm.tm_mon = atoi(s + 5) - 1;
    tm.tm_mday = atoi(s + 8);
    tm.tm_hour = 12;
    int mon = tm.tm_mon, day = tm.tm_mday;
    time_t t = timegm(&tm);
    struct tm back;
    gmtime_r(&t, &back);
    return back.tm_mon == mon && back.tm_mday == day;
}

int cmd_decide(int argc, char **argv) {
    const char *state = NULL, *reason = NULL, *by = NULL, *expires = NULL, *decision = NULL;
    long long alert = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) return cli_usage(DECIDE_USAGE, 1);
        if (!strcmp(a, "--state") && i + 1 < argc) state = argv[++i];
        else if (!strcmp(a, "--reason") && i + 1 < argc) reason = argv[++i];
        else if (!strcmp(a, "--by") && i + 1 < argc) by = argv[++i];
        else if (!strcmp(a, "--expires") && i + 1 < argc) expires = argv[++i];
        else if (!strcmp(a, "--false-positive") || !strcmp(a, "--true-match") || !strcmp(a, "--good-guy")) {
            const char *d = a[2] == 'f' ? "false_positive" : a[2] == 't' ? "true_match" : "good_guy";
            if (decision && strcmp(decision, d)) return cli_usage_error(DECIDE_USAGE, "one decision at a time");
            decision = d;
        } else if (a[0] != '-' && !alert) {
            char *end;
            alert = strtoll(a[0] == '#' ? a + 1 : a, &end, 10);
            if (*end || alert <= 0) return cli_usage_error(DECIDE_USAGE, "'%s' is no alert number", a);
        } else {
            return cli_usage_error(DECIDE_USAGE, "unexpected '%s'", a);
        }
    }
    if (!state || !alert || !decision) return cli_usage_error(DECIDE_USAGE, "decide needs ALERT, --state and a decision");
    if (!reason || !reason[0] || !by || !by[0])
        return cli_usage_error(DECIDE_USAGE, "a decision needs --reason TEXT and --by NAME");
    if (expires && !valid_date(expires))
        return cli_usage_error(DECIDE_USAGE, "--expires takes a date as YYYY-MM-DD, not '%s'", expires);
    sqlite3 *db = cli_state_open(state, 60000, 0);
    if (!db) return EXIT_TROUBLE;
    int rc = EXIT_TROUBLE;
    sqlite3_stmt *q = NULL;
    char *input = NULL, *result = NULL, *lists = NULL;
    if (cli_sql(db, "BEGIN IMMEDIATE")) goto done;
    q = cli_prepare(db, "SELECT customer, entity, entity_hash, entity_name, matched_name, status, customer_name, list,"
                        " score FROM alerts WHERE id=?");
    if (!q) goto rollback;
    sqlite3_bind_int64(q, 1, alert);
    if (sqlite3_step(q) != SQLITE_ROW) {
        fprintf(stderr, "embargo: no alert %lld in %s (see 'embargo alerts')\n", alert, state);
        goto rollback;
    }
    char customer[600], entity[300], hash[65], ename[600], matched[600], status[16], cname[1100], list[64];
    snprintf(customer, sizeof(customer), "%s", sqlite3_column_text(q, 0));
    snprintf(entity, sizeof(entity), "%s", sqlite3_column_text(q, 1));
    snprintf(hash, sizeof(hash), "%s", sqlite3_column_text(q, 2));
    snprintf(ename, sizeof(ename), "%s", sqlite3_column_text(q, 3));
    snprintf(matched, sizeof(matched), "%s", sqlite3_column_text(q, 4));
    snprintf(status, sizeof(status), "%s", sqlite3_column_text(q, 5));
    snprintf(cname, sizeof(cname), "%s", sqlite3_column_text(q, 6));
    snprintf(list, sizeof(list), "%s", sqlite3_column_text(q, 7));
    double score = sqlite3_column_double(q, 8);
    sqlite3_finalize(q);
    q = NULL;
    if (!strcmp(status, "closed")) {
        fprintf(stderr, "embargo: alert %lld is closed (it no longer matches): nothing to decide\n", alert);
        goto rollback;
    }
    /* a good guy is the listed name: the one the customer matched, or the
     * entity's own when the match was on it */
    const char *gg_name = matched[0] ? matched : ename;
    char at[40], stamp[40];
    cli_now(at, stamp);
    q = cli_prepare(db, "INSERT INTO decisions(alert, customer, entity, entity_hash, decision, name, reason, by, at,"
                        " expires) VALUES(?,?,?,?,?,?,?,?,?,?) RETURNING id");
    if (!q) goto rollback;
    sqlite3_bind_int64(q, 1, alert);
    sqlite3_bind_text(q, 2, customer, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, entity, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 4, hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 5, decision, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 6, !strcmp(decision, "good_guy") ? gg_name : ename, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 7, reason, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 8, by, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 9, at, -1, SQLITE_STATIC);
    if (expires) sqlite3_bind_text(q, 10, expires, -1, SQLITE_STATIC);
    if (sqlite3_step(q) != SQLITE_ROW) {
        fprintf(stderr, "embargo: cannot record the decision: %s\n", sqlite3_errmsg(db));
        goto rollback;
    }
    long long did = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    q = NULL;
    const char *now = !strcmp(decision, "true_match") ? "confirmed" : "suppressed";
    char why[400];
    snprintf(why, sizeof(why), "%s (decision %lld by %s)",
             !strcmp(decision, "true_match") ? "true match" : !strcmp(decision, "good_guy") ? "good guy" : "false positive",
             did, by);
    q = cli_prepare(db, "UPDATE alerts SET status=?, reason=? WHERE id=?");
    if (!q) goto rollback;
    sqlite3_bind_text(q, 1, now, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, why, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, alert);
    if (sqlite3_step(q) != SQLITE_DONE) goto rollback;
    sqlite3_finalize(q);
    q = NULL;
    /* the audit record: the list versions of the latest run, the alert, the decision */
    q = cli_prepare(db, "SELECT value FROM meta WHERE key='lists'");
    if (q && sqlite3_step(q) == SQLITE_ROW) lists = strdup((const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    q = NULL;
    size_t l1 = 0, l2 = 0;
    FILE *f1 = open_memstream(&input, &l1), *f2 = open_memstream(&result, &l2);
    if (!f1 || !f2) {
        if (f1) fclose(f1);
        if (f2) fclose(f2);
        goto rollback;
    }
    fprintf(f1, "{\"alert\":%lld,\"customer\":", alert);
    json_str(f1, customer, strlen(customer));
    json_member(f1, "customer_name", cname, strlen(cname));
    json_member(f1, "entity", entity, strlen(entity));
    json_member(f1, "list", list, strlen(list));
    json_member(f1, "entity_name", ename, strlen(ename));
    json_member(f1, "matched_name", matched, strlen(matched));
    json_member(f1, "entity_sha256", hash, strlen(hash));
    fprintf(f1, ",\"score\":%.3f,\"status_before\":\"%s\"}", score, status);
    fprintf(f2, "{\"decision\":%lld,\"kind\":\"%s\"", did, decision);
    json_member(f2, "reason", reason, strlen(reason));
    json_member(f2, "by", by, strlen(by));
    json_member(f2, "expires", expires, expires ? strlen(expires) : 0);
    if (!strcmp(decision, "good_guy")) json_member(f2, "name", gg_name, strlen(gg_name));
    fprintf(f2, ",\"status\":\"%s\"}", now);
    fclose(f1);
    fclose(f2);
    if (cli_audit_append(db, by, "decision", lists, input, result)) goto rollback;
    if (cli_sql(db, "COMMIT")) goto rollback;
    printf("alert %lld: %s (decision %lld)%s%s\n", alert, now, did, expires ? ", until " : "", expires ? expires : "");
    rc = 0;
    goto done;
rollback:
    sqlite3_finalize(q);
    q = NULL;
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
done:
    sqlite3_finalize(q);
    free(input);
    free(result);
    free(lists);
    sqlite3_close(db);
    return rc;
}
