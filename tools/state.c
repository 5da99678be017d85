/*
 * state.c - the monitor's store: one SQLite file holding the customers as
 * last screened, the entities as last seen, the alerts, the decisions taken
 * on them, and the audit trail; see ops.h.
 *
 * Opened in WAL mode (readers go on while a monitor writes) with a busy
 * timeout (a second monitor waits for the first instead of failing) and
 * full sync. Writers take the write lock at the start of their transaction
 * (BEGIN IMMEDIATE), so two monitors on one store run one after the other,
 * each on what the other left.
 *
 * The audit trail is append-only and hash-chained. Triggers refuse any
 * UPDATE or DELETE of it (and of the decisions); each record holds the hash
 * of the one before and its own, the SHA-256 of the previous hash and its
 * fields, so that an edit made past the triggers (the triggers dropped, the
 * file rewritten) breaks the chain at the record edited, which `embargo
 * audit verify` finds. A trail rewritten whole from the edit on cannot be
 * told from the inside: verify prints the head (sequence and hash) to be
 * kept elsewhere, and checks a head kept earlier (--head) is still there.
 */
#include "ops.h"

#include <openssl/evp.h>
#include <pwd.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char SCHEMA[] =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS runs("
    " id INTEGER PRIMARY KEY, at TEXT NOT NULL, user TEXT NOT NULL, customers_file TEXT NOT NULL,"
    " customers_sha256 TEXT NOT NULL, lists_ref TEXT NOT NULL, mode TEXT NOT NULL, customers INTEGER NOT NULL,"
    " screened INTEGER NOT NULL, new_alerts INTEGER NOT NULL, gone INTEGER NOT NULL, changed INTEGER NOT NULL,"
    " reopened INTEGER NOT NULL, suppressed INTEGER NOT NULL, seconds REAL NOT NULL);"
    "CREATE TABLE IF NOT EXISTS customers("
    " key TEXT PRIMARY KEY, hash TEXT NOT NULL, name TEXT NOT NULL, first_run INTEGER NOT NULL,"
    " changed_run INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS entities("
    " id TEXT PRIMARY KEY, hash TEXT NOT NULL, list TEXT NOT NULL, name TEXT NOT NULL, record TEXT NOT NULL)"
    " WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS alerts("
    " id INTEGER PRIMARY KEY, customer TEXT NOT NULL, customer_name TEXT NOT NULL, entity TEXT NOT NULL,"
    " entity_hash TEXT NOT NULL, list TEXT NOT NULL, entity_name TEXT NOT NULL, matched_name TEXT NOT NULL,"
    " score REAL NOT NULL,"
    " status TEXT NOT NULL CHECK(status IN ('open','suppressed','confirmed','closed')),"
    " reason TEXT NOT NULL DEFAULT '', first_run INTEGER NOT NULL, changed_run INTEGER NOT NULL,"
    " UNIQUE(customer, entity));"
    "CREATE INDEX IF NOT EXISTS alerts_by_status ON alerts(status);"
    "CREATE INDEX IF NOT EXISTS alerts_by_entity ON alerts(entity);"
    "CREATE TABLE IF NOT EXISTS decisions("
    " id INTEGER PRIMARY KEY, alert INTEGER NOT NULL, customer TEXT NOT NULL, entity TEXT NOT NULL,"
    " entity_hash TEXT NOT NULL,"
    " decision TEXT NOT NULL CHECK(decision IN ('false_positive','true_match','good_guy')),"
    " name TEXT NOT NULL, reason TEXT NOT NULL, by TEXT NOT NULL, at TEXT NOT NULL, expires TEXT);"
    "CREATE INDEX IF NOT EXISTS decisions_by_pair ON decisions(customer, entity);"
    "CREATE TRIGGER IF NOT EXISTS decisions_no_update BEFORE UPDATE ON decisions"
    " BEGIN SELECT RAISE(ABORT, 'decisions are kept as taken: record a new one'); END;"
    "CREATE TRIGGER IF NOT EXISTS decisions_no_delete BEFORE DELETE ON decisions"
    " BEGIN SELECT RAISE(ABORT, 'decisions are kept as taken: record a new one'); END;"
    "CREATE TABLE IF NOT EXISTS audit("
    " seq INTEGER PRIMARY KEY, at TEXT NOT NULL, user TEXT NOT NULL, action TEXT NOT NULL,"
    " lists TEXT NOT NULL, input TEXT NOT NULL, result TEXT NOT NULL, prev TEXT NOT NULL, hash TEXT NOT NULL);"
    "CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit"
    " BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;"
    "CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit"
    " BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;"
    "INSERT OR IGNORE INTO meta VALUES('schema', '1');";

static const char GENESIS[65] = "0000000000000000000000000000000000000000000000000000000000000000";

/* What the database at db is: 0 empty (no tables), 1 an embargo store (its
 * schema version copied to schema), -1 anything else. Reads only. */
static int store_kind(sqlite3 *db, char *schema, size_t cap) {
    sqlite3_stmt *st = NULL;
    int tables = -1;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        tables = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (tables <= 0) return tables;
    st = NULL;
    int kind = -1;
    if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key='schema'", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) {
        snprintf(schema, cap, "%s", (const char *)sqlite3_column_text(st, 0)); /* before finalize */
        kind = 1;
    }
    sqlite3_finalize(st);
    return kind;
}

/* Puts the store in WAL mode, which takes the file's exclusive lock. A
 * second monitor that has just taken the write lock (BEGIN IMMEDIATE, after
 * this one's creating transaction) holds it until its run ends, and SQLite
 * answers a lock that could deadlock with SQLITE_BUSY at once, without the
 * busy handler: so wait here, within the busy timeout, and try again. A
 * store already in WAL mode is left as it is. */
static int wal_mode(sqlite3 *db, int busy_ms) {
    for (int waited = 0;; waited += 20) {
        sqlite3_stmt *st = NULL;
        int rc = sqlite3_prepare_v2(db, "PRAGMA journal_mode=WAL", -1, &st, NULL);
        if (rc == SQLITE_OK) rc = sqlite3_step(st);
        sqlite3_finalize(st);
        if (rc == SQLITE_ROW || rc == SQLITE_DONE) return SQLITE_OK;
        if ((rc & 0xff) != SQLITE_BUSY || waited >= busy_ms) return rc;
        sqlite3_sleep(20);
    }
}

sqlite3 *cli_state_open(const char *path, int busy_ms, int create) {
    sqlite3 *db = NULL;
    int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    int rc = sqlite3_open_v2(path, &db, flags, NULL);
    if (rc != SQLITE_OK) {
        fprintf(stderr, "embargo: cannot open the store %s: %s\n", path,
                db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_busy_timeout(db, busy_ms);
    /* Nothing is written to a database before it is known to be a store (or
     * empty, and to be made one): another program's file stays as it was.
     * A monitor that may create the store checks and creates under the
     * write lock, in one transaction, so that a second monitor starting at
     * the same moment waits and then finds a whole store. */
    char *msg = NULL;
    if (create && sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, &msg) != SQLITE_OK) goto failed;
    char schema[32] = "";
    int kind = store_kind(db, schema, sizeof(schema));
    if (kind < 0 || (kind == 0 && !create) || (kind == 1 && strcmp(schema, "1") != 0)) {
        if (kind == 1)
            fprintf(stderr, "embargo: %s is a store of another version (schema %s)\n", path, schema);
        else if (kind == 0)
            fprintf(stderr, "embargo: %s is empty: no monitor has run with this store\n", path);
        else
            fprintf(stderr, "embargo: %s is not an embargo store\n", path);
        sqlite3_close(db); /* an open transaction is rolled back */
        return NULL;
    }
    if (kind == 0 && sqlite3_exec(db, SCHEMA, NULL, NULL, &msg) != SQLITE_OK) goto failed;
    if (create && sqlite3_exec(db, "COMMIT", NULL, NULL, &msg) != SQLITE_OK) goto failed;
    /* WAL: readers beside a writer; FULL: a committed run survives a crash */
    if (wal_mode(db, busy_ms) != SQLITE_OK ||
        sqlite3_exec(db, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;", NULL, NULL, &msg) != SQLITE_OK)
        goto failed;
    return db;
failed:
    fprintf(stderr, "embargo: %s: %s\n", path, msg ? msg : sqlite3_errmsg(db));
    sqlite3_free(msg);
    sqlite3_close(db);
    return NULL;
}

int cli_sql(sqlite3 *db, const char *sql) {
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK) return 0;
    fprintf(stderr, "embargo: the store: %s\n", msg ? msg : sqlite3_errmsg(db));
    sqlite3_free(msg);
    return -1;
}

sqlite3_stmt *cli_prepare(sqlite3 *db, const char *sql) {
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "embargo: the store: %s\n", sqlite3_errmsg(db));
        return NULL;
    }
    return st;
}

const char *cli_user(void) {
    static char name[128];
    const char *u = getenv("EMBARGO_USER");
    if (u && u[0]) return u;
    struct passwd *pw = getpwuid(geteuid());
    snprintf(name, sizeof(name), "%s", pw && pw->pw_name ? pw->pw_name : "unknown");
    return name;
}

char *cli_lists_json(const embargo_index *ix) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return NULL;
    char ref[CLI_REF_SIZE];
    cli_screened_against(ix, ref);
    fputs("{\"ref\":", f);
    json_str(f, ref, strlen(ref));
    fputs(",\"lists\":[", f);
    embargo_index_info info;
    embargo_index_info_get(ix, &info);
    for (uint32_t i = 0; i < info.lists; i++) {
        embargo_list_info l;
        if (embargo_index_list(ix, i, &l)) continue;
        fputs(i ? ",{\"name\":" : "{\"name\":", f);
        json_str(f, l.name, strlen(l.name));
        json_member(f, "published", l.date[0] ? l.date : NULL, strlen(l.date));
        json_member(f, "sha256", l.sha256[0] ? l.sha256 : NULL, strlen(l.sha256));
        fprintf(f, ",\"entities\":%u}", l.entities);
    }
    fputs("]}", f);
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* The SHA-256 of a record: the previous hash and the fields, each ended by
 * a unit separator. */
static void record_hash(const char *prev, long long seq, const char *const f[6], char out[65]) {
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    int ok = md && EVP_DigestInit_ex(md, EVP_sha256(), NULL);
    char num[32];
    snprintf(num, sizeof(num), "%lld", seq);
    const char *parts[8] = {prev, num, f[0], f[1], f[2], f[3], f[4], f[5]};
    for (int i = 0; ok && i < 8; i++)
        ok = EVP_DigestUpdate(md, parts[i], strlen(parts[i])) && EVP_DigestUpdate(md, "\x1f", 1);
    cli_sha256_final(md, ok, out);
    EVP_MD_CTX_free(md);
}

int cli_audit_append(sqlite3 *db, const char *user, const char *action, const char *lists, const char *input,
                     const char *result) {
    static const char *const last_sql = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1";
    sqlite3_stmt *st = cli_prepare(db, last_sql);
    if (!st) return -1;
    long long seq = 1;
    char prev[65];
    memcpy(prev, GENESIS, sizeof(prev));
    if (sqlite3_step(st) == SQLITE_ROW) {
        seq = sqlite3_column_int64(st, 0) + 1;
        const char *h = (const char *)sqlite3_column_text(st, 1);
        snprintf(prev, sizeof(prev), "%s", h ? h : "");
    }
    sqlite3_finalize(st);
    char at[40], stamp[40], hash[65];
    cli_now(at, stamp);
    const char *f[6] = {at, user, action, lists ? lists : "null", input ? input : "null", result ? result : "null"};
    record_hash(prev, seq, f, hash);
    st = cli_prepare(db, "INSERT INTO audit(seq, at, user, action, lists, input, result, prev, hash)"
                         " VALUES(?,?,?,?,?,?,?,?,?)");
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, seq);
    for (int i = 0; i < 6; i++) sqlite3_bind_text(st, i + 2, f[i], -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 8, prev, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 9, hash, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        fprintf(stderr, "embargo: cannot append to the audit trail: %s\n", sqlite3_errmsg(db));
        return -1;
    }
    return 0;
}

int cli_audit_verify(sqlite3 *db, long long *count, char head[65], long long *bad_seq, char *why, size_t cap) {
    sqlite3_stmt *st = cli_prepare(db, "SELECT seq, at, user, action, lists, input, result, prev, hash FROM audit"
                                       " ORDER BY seq");
    if (!st) return -1;
    char prev[65];
    memcpy(prev, GENESIS, sizeof(prev));
    long long expect = 1;
    int broken = 0, rc;
    *count = 0;
    *bad_seq = 0;
    why[0] = '\0';
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long long seq = sqlite3_column_int64(st, 0);
        const char *f[6];
        for (int i = 0; i < 6; i++) {
            f[i] = (const char *)sqlite3_column_text(st, i + 1);
            if (!f[i]) f[i] = "";
        }
        const char *p = (const char *)sqlite3_column_text(st, 7), *h = (const char *)sqlite3_column_text(st, 8);
        char calc[65];
        record_hash(p ? p : "", seq, f, calc);
        if (seq != expect) {
            snprintf(why, cap, "record %lld is missing (the next is %lld): records were deleted", expect, seq);
            *bad_seq = expect;
            broken = 1;
        } else if (!p || strcmp(p, prev)) {
            snprintf(why, cap, "record %lld does not follow record %lld (its previous hash differs): "
                     "records were removed, inserted or rewritten", seq, seq - 1);
            *bad_seq = seq;
            broken = 1;
        } else if (!h || strcmp(h, calc)) {
            snprintf(why, cap, "record %lld (%s, %s) was edited: its content no longer gives its hash", seq, f[2],
                     f[0]);
            *bad_seq = seq;
            broken = 1;
        }
        if (broken) break;
        snprintf(prev, sizeof(prev), "%s", h);
        expect++;
        (*count)++;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        fprintf(stderr, "embargo: cannot read the audit trail: %s\n", sqlite3_errmsg(db));
        return -1;
    }
    memcpy(head, prev, 65);
    return broken;
}
