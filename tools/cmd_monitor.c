/*
 * cmd_monitor.c - `embargo monitor`: re-screens a customer book against the
 * current lists and reports only what is new since the last run.
 *
 * The customers are read as `screen` reads records (records.c: CSV with a
 * header, or JSON Lines, and every column option); each row's birth date,
 * country and type are its evidence. The store (state.c, SQLite) keeps the
 * customers as last screened (a hash of each record), the entities as last
 * seen (a hash of each listing, entity.c) and the alerts. A run:
 *
 *   1. hashes every entity of the index and compares with the store: the
 *      entities added or changed since the last run (touched) and removed;
 *   2. screens each customer: a new or changed customer against the whole
 *      index; an unchanged one only against an index of the touched
 *      entities (embargo_index_subset), which scores them exactly as the
 *      whole index does; nothing if nothing was touched. The first run, a
 *      run with --full, or one where more than a quarter of the entities
 *      changed screens everyone against everything;
 *   3. compares the matches with the stored alerts: new alerts, alerts gone
 *      (the entity removed or no longer matching, the customer removed) and
 *      alerts whose entity changed (with what changed);
 *   4. applies the decisions: a false positive stays suppressed while the
 *      entity's listing is the one decided on and the decision has not
 *      expired; a good guy (a listed name that must never alert for this
 *      customer) stays suppressed; a true match stays confirmed;
 *   5. records the run and every event in the audit trail, and commits.
 *
 * The whole run is one transaction that takes the store's write lock first
 * (BEGIN IMMEDIATE): two monitors on one store run one after the other,
 * and a failed run leaves the store as it was. The report is written after
 * the commit. Exit status: 0 something new to review (new, changed or
 * reopened alerts), 1 nothing new, 2 trouble (also when rows were rejected:
 * the others were still screened and recorded).
 */
#include "ops.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <xxhash.h>

static const char USAGE[] =
    "usage: embargo monitor --customers FILE --state DB.sqlite [OPTIONS]\n"
    "\n"
    "Screens a customer file against the current lists and reports only what is\n"
    "new since the last run on the same store: new alerts, alerts gone, alerts\n"
    "whose listed entity changed. Unchanged customers are re-screened only\n"
    "against the entities a list update added or changed. Decisions taken with\n"
    "'embargo decide' are applied; everything is recorded in the store's audit\n"
    "trail ('embargo audit').\n"
    "\n"
    "options:\n"
    "  --customers FILE  customer records: CSV with a header, or JSON Lines\n"
    "  --state DB        the store (SQLite; created if absent)\n"
    "  --data-dir DIR    the lists 'embargo update' publishes (or --index, --list;\n"
    "                    default: $EMBARGO_DATA_DIR, else the bundled data)\n"
    "  --csv, --jsonl, --columns MAP, --column NAME, --delimiter D, --date-order O\n"
    "                    the customer file, as for 'embargo screen --batch' (by\n"
    "                    default CSV, or JSON Lines for .jsonl/.json or a file that\n"
    "                    starts with '{'); the key column (key=...) tells customers\n"
    "                    apart across runs (without one: name and birth date)\n"
    "  --threshold T     alert at this score (default 0.80)\n"
    "  --limit N         at most N alerts per customer (default 100)\n"
    "  --lists SEL       only these lists or jurisdictions\n"
    "  --full            re-screen every customer against every entity\n"
    "  --json            the report as one JSON object\n"
    "  --user NAME       who runs it, for the audit trail (default $EMBARGO_USER\n"
    "                    or the login name)\n"
    "  --busy-timeout S  wait this long for another monitor on the store (default 600)\n"
    "\n"
    "Exit status: 0 new, changed or reopened alerts to review, 1 nothing new,\n"
    "2 an error (also when rows were rejected; the others were screened).\n";

/* ---- customers as last screened, in memory ----------------------------------------------- */

typedef struct cust {
    char *key;
    size_t klen;
    char hash[33];
    uint8_t seen, has_alerts, touched_alerts;
} cust;

typedef struct custmap {
    cust *slots;
    size_t cap, n;
} custmap;

static cust *cm_find(custmap *m, const char *key, size_t len, int add) {
    if (add && (m->n + 1) * 2 > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 1024;
        cust *s = calloc(cap, sizeof(*s));
        if (!s) return NULL;
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->slots[i].key) continue;
            size_t h = XXH3_64bits(m->slots[i].key, m->slots[i].klen) & (cap - 1);
            while (s[h].key) h = (h + 1) & (cap - 1);
            s[h] = m->slots[i];
        }
        free(m->slots);
        m->slots = s;
        m->cap = cap;
    }
    if (!m->cap) return NULL;
    size_t h = XXH3_64bits(key, len) & (m->cap - 1);
    while (m->slots[h].key) {
        if (m->slots[h].klen == len && !memcmp(m->slots[h].key, key, len)) return &m->slots[h];
        h = (h + 1) & (m->cap - 1);
    }
    if (!add) return NULL;
    char *k = malloc(len + 1);
    if (!k) return NULL;
    memcpy(k, key, len);
    k[len] = '\0';
    m->slots[h].key = k;
    m->slots[h].klen = len;
    m->n++;
    return &m->slots[h];
}

static void cm_free(custmap *m) {
    for (size_t i = 0; i < m->cap; i++) free(m->slots[i].key);
    free(m->slots);
    memset(m, 0, sizeof(*m));
}

/* ---- the run ------------------------------------------------------------------------------ */

enum { EV_NEW, EV_GONE, EV_CHANGED, EV_REOPENED, EV__COUNT };
static const char *const EV_NAMES[EV__COUNT] = {"new", "gone", "changed", "reopened"};
static const char *const EV_ACTIONS[EV__COUNT] = {"alert_new", "alert_gone", "alert_changed", "alert_reopened"};

typedef struct event {
    long long alert;
    char *customer, *customer_name, *entity, *list, *entity_name, *matched_name, *status, *reason;
    double score;
} event;

typedef struct evlist {
    event *v;
    size_t n, cap;
} evlist;

typedef struct mon {
    sqlite3 *db;
    embargo_index *ix, *sub;
    embargo_matcher *m_full, *m_sub;
    embargo_screen_options opts;
    uint32_t nent;
    char (*hash_now)[65];
    char **rec_now;            /* each entity's record as text (for the store) */
    char **rec_old;            /* the stored record of a changed entity, or NULL */
    uint8_t *touched;
    size_t ntouched, nremoved;
    int full, json, first;
    custmap cm;
    long long run;
    const char *user;
    char *lists;               /* cli_lists_json */
    char today[11];
    evlist ev[EV__COUNT];
    size_t customers, new_c, changed_c, removed_c, screened, suppressed, rejected, dups;
    const char *file;
    /* statements */
    sqlite3_stmt *q_alerts, *q_insert, *q_update, *q_close, *q_decision, *q_goodguy, *q_cust;
} mon;

static char *dupn(const char *s, size_t n) {
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

static char *dup0(const char *s) { return dupn(s ? s : "", s ? strlen(s) : 0); }

static int add_event(mon *m, int kind, long long alert, const char *customer, const char *customer_name,
                     const char *entity, const char *list, const char *entity_name, const char *matched,
                     double score, const char *status, const char *reason) {
    evlist *l = &m->ev[kind];
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        event *v = realloc(l->v, cap * sizeof(*v));
        if (!v) return -1;
        l->v = v;
        l->cap = cap;
    }
    event *e = &l->v[l->n++];
    e->alert = alert;
    e->customer = dup0(customer);
    e->customer_name = dup0(customer_name);
    e->entity = dup0(entity);
    e->list = dup0(list);
    e->entity_name = dup0(entity_name);
    e->matched_name = dup0(matched);
    e->status = dup0(status);
    e->reason = dup0(reason);
    e->score = score;
    return 0;
}

static void free_events(mon *m) {
    for (int k = 0; k < EV__COUNT; k++) {
        for (size_t i = 0; i < m->ev[k].n; i++) {
            event *e = &m->ev[k].v[i];
            free(e->customer), free(e->customer_name), free(e->entity), free(e->list);
            free(e->entity_name), free(e->matched_name), free(e->status), free(e->reason);
        }
        free(m->ev[k].v);
    }
}

/* A JSON object of one event, for the report and the audit trail. */
static void json_event(FILE *f, const event *e) {
    fprintf(f, "{\"alert\":%lld,\"customer\":", e->alert);
    json_str(f, e->customer, strlen(e->customer));
    json_member(f, "customer_name", e->customer_name, strlen(e->customer_name));
    json_member(f, "entity", e->entity, strlen(e->entity));
    json_member(f, "list", e->list, strlen(e->list));
    json_member(f, "entity_name", e->entity_name, strlen(e->entity_name));
    json_member(f, "matched_name", e->matched_name, strlen(e->matched_name));
    fprintf(f, ",\"score\":%.3f", e->score);
    json_member(f, "status", e->status, strlen(e->status));
    json_member(f, "reason", e->reason, strlen(e->reason));
    fputc('}', f);
}

static int audit_event(mon *m, int kind, const event *e) {
    char *buf = NULL, input[64];
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return -1;
    json_event(f, e);
    if (fclose(f) != 0) return -1;
    snprintf(input, sizeof(input), "{\"run\":%lld}", m->run);
    int r = cli_audit_append(m->db, m->user, EV_ACTIONS[kind], m->lists, input, buf);
    free(buf);
    return r;
}

/* Case-blind, white space runs as one: for good-guy names. */
static int same_name(const char *a, const char *b) {
    while (*a == ' ') a++;
    while (*b == ' ') b++;
    while (*a && *b) {
        if (*a == ' ' && *b == ' ') {
            while (*a == ' ') a++;
            while (*b == ' ') b++;
            continue;
        }
        char x = *a, y = *b;
        if (x >= 'A' && x <= 'Z') x = (char)(x + 32);
        if (y >= 'A' && y <= 'Z') y = (char)(y + 32);
        if (x != y) return 0;
        a++, b++;
    }
    while (*a == ' ') a++;
    while (*b == ' ') b++;
    return !*a && !*b;
}

/* What the decisions say of an alert now: "suppressed", "confirmed" or
 * "open", and why (reason, cap bytes). */
static const char *judge(mon *m, const char *customer, const char *entity, const char *hash,
                         const char *entity_name, const char *matched, char *reason, size_t cap) {
    reason[0] = '\0';
    sqlite3_stmt *q = m->q_decision;
    sqlite3_reset(q);
    sqlite3_bind_text(q, 1, customer, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 2, entity, -1, SQLITE_TRANSIENT);
    const char *verdict = NULL;
    if (sqlite3_step(q) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(q, 0);
        const char *d = (const char *)sqlite3_column_text(q, 1), *h = (const char *)sqlite3_column_text(q, 2);
        const char *exp = (const char *)sqlite3_column_text(q, 3), *by = (const char *)sqlite3_column_text(q, 4);
        int same = h && !strcmp(h, hash), live = !exp || strcmp(exp, m->today) >= 0;
        if (!strcmp(d, "false_positive")) {
            if (same && live) {
                snprintf(reason, cap, "false positive (decision %lld by %s)", id, by);
                verdict = "suppressed";
            } else if (!same) {
                snprintf(reason, cap, "the false-positive decision %lld was taken on an earlier version of the entity",
                         id);
            } else {
                snprintf(reason, cap, "the false-positive decision %lld expired on %s", id, exp);
            }
        } else if (!strcmp(d, "true_match") && same) {
            snprintf(reason, cap, "true match (decision %lld by %s)", id, by);
            verdict = "confirmed";
        }
    }
    sqlite3_reset(q);
    if (verdict) return verdict;
    q = m->q_goodguy;
    sqlite3_reset(q);
    sqlite3_bind_text(q, 1, customer, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 2, m->today, -1, SQLITE_TRANSIENT);
    while (sqlite3_step(q) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(q, 1);
        if (name && (same_name(name, entity_name) || same_name(name, matched))) {
            snprintf(reason, cap, "good guy: %s never alerts for this customer (decision %lld)", name,
                     sqlite3_column_int64(q, 0));
            verdict = "suppressed";
            break;
        }
    }
    sqlite3_reset(q);
    return verdict ? verdict : "open";
}

/* ---- entities ------------------------------------------------------------------------------- */

static int hash_entities(mon *m) {
    embargo_index_info info;
    embargo_index_info_get(m->ix, &info);
    m->nent = info.entities;
    m->hash_now = calloc((size_t)m->nent + 1, sizeof(*m->hash_now));
    m->rec_now = calloc((size_t)m->nent + 1, sizeof(char *));
    m->rec_old = calloc((size_t)m->nent + 1, sizeof(char *));
    m->touched = calloc((size_t)m->nent + 1, 1);
    if (!m->hash_now || !m->rec_now || !m->rec_old || !m->touched) return -1;
    for (uint32_t i = 0; i < m->nent; i++) {
        embargo_entity e;
        cli_entity_rec r;
        if (embargo_index_entity(m->ix, i, &e) || cli_entity_read(m->ix, &e, &r)) return -1;
        cli_entity_hash(&r, m->hash_now[i]);
        m->rec_now[i] = cli_entity_rec_text(&r);
        cli_entity_rec_free(&r);
        if (!m->rec_now[i]) return -1;
        m->touched[i] = 1;
    }
    return 0;
}

/* Compares with the entities the store saw last; closes the alerts on
 * entities removed since. */
static int compare_entities(mon *m) {
    sqlite3_stmt *q = cli_prepare(m->db, "SELECT id, hash, record, list, name FROM entities");
    if (!q) return -1;
    size_t stored = 0;
    int rc;
    char **removed = NULL;
    size_t nrem = 0, cap = 0;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        stored++;
        const char *id = (const char *)sqlite3_column_text(q, 0), *h = (const char *)sqlite3_column_text(q, 1);
        embargo_entity e;
        if (embargo_index_find(m->ix, id, strlen(id), &e) == EMBARGO_OK) {
            if (!strcmp(h, m->hash_now[e.index])) {
                m->touched[e.index] = 0;
            } else {
                free(m->rec_old[e.index]);
                m->rec_old[e.index] = dup0((const char *)sqlite3_column_text(q, 2));
            }
            continue;
        }
        if (nrem == cap) {
            cap = cap ? cap * 2 : 64;
            char **r = realloc(removed, cap * sizeof(char *));
            if (!r) break;
            removed = r;
        }
        removed[nrem++] = dup0(id);
    }
    sqlite3_finalize(q);
    m->first = stored == 0;
    m->nremoved = nrem;
    m->ntouched = 0;
    for (uint32_t i = 0; i < m->nent; i++) m->ntouched += m->touched[i];
    int result = rc == SQLITE_DONE ? 0 : -1;
    /* alerts on removed entities are gone, whoever the customer */
    sqlite3_stmt *sel = cli_prepare(m->db, "UPDATE alerts SET status='closed', reason=?1, changed_run=?2"
                                           " WHERE entity=?3 AND status!='closed'"
                                           " RETURNING id, customer, customer_name, list, entity_name, matched_name, score");
    sqlite3_stmt *del = cli_prepare(m->db, "DELETE FROM entities WHERE id=?");
    if (!sel || !del) result = -1;
    for (size_t i = 0; i < nrem && !result; i++) {
        sqlite3_bind_text(sel, 1, "the entity was removed from its list", -1, SQLITE_STATIC);
        sqlite3_bind_int64(sel, 2, m->run);
        sqlite3_bind_text(sel, 3, removed[i], -1, SQLITE_TRANSIENT);
        int step;
        while ((step = sqlite3_step(sel)) == SQLITE_ROW) {
            char why[200];
            snprintf(why, sizeof(why), "the entity was removed from %s", (const char *)sqlite3_column_text(sel, 3));
            add_event(m, EV_GONE, sqlite3_column_int64(sel, 0), (const char *)sqlite3_column_text(sel, 1),
                      (const char *)sqlite3_column_text(sel, 2), removed[i], (const char *)sqlite3_column_text(sel, 3),
                      (const char *)sqlite3_column_text(sel, 4), (const char *)sqlite3_column_text(sel, 5),
                      sqlite3_column_double(sel, 6), "closed", why);
        }
        if (step != SQLITE_DONE) result = -1;
        sqlite3_reset(sel);
        sqlite3_bind_text(del, 1, removed[i], -1, SQLITE_TRANSIENT);
        if (sqlite3_step(del) != SQLITE_DONE) result = -1;
        sqlite3_reset(del);
    }
    sqlite3_finalize(sel);
    sqlite3_finalize(del);
    for (size_t i = 0; i < nrem; i++) free(removed[i]);
    free(removed);
    return result;
}

/* Stores the touched entities as now seen. */
static int store_entities(mon *m) {
    sqlite3_stmt *q = cli_prepare(m->db, "INSERT OR REPLACE INTO entities(id, hash, list, name, record) VALUES(?,?,?,?,?)");
    if (!q) return -1;
    int r = 0;
    for (uint32_t i = 0; i < m->nent && !r; i++) {
        if (!m->touched[i]) continue;
        embargo_entity e;
        embargo_index_entity(m->ix, i, &e);
        sqlite3_bind_text(q, 1, e.id, (int)e.id_len, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 2, m->hash_now[i], -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 3, e.list, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 4, e.name, (int)e.name_len, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 5, m->rec_now[i], -1, SQLITE_TRANSIENT);
        if (sqlite3_step(q) != SQLITE_DONE) r = -1;
        sqlite3_reset(q);
    }
    sqlite3_finalize(q);
    return r;
}

/* ---- customers ------------------------------------------------------------------------------ */

static int load_customers(mon *m) {
    sqlite3_stmt *q = cli_prepare(m->db, "SELECT key, hash FROM customers");
    if (!q) return -1;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *k = (const char *)sqlite3_column_text(q, 0);
        cust *c = cm_find(&m->cm, k, strlen(k), 1);
        if (!c) break;
        snprintf(c->hash, sizeof(c->hash), "%s", (const char *)sqlite3_column_text(q, 1));
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) return -1;
    /* who has alerts, and whose alerts are on entities touched now */
    q = cli_prepare(m->db, "SELECT customer, entity FROM alerts WHERE status!='closed'");
    if (!q) return -1;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *k = (const char *)sqlite3_column_text(q, 0), *id = (const char *)sqlite3_column_text(q, 1);
        cust *c = cm_find(&m->cm, k, strlen(k), 0);
        if (!c) continue;
        c->has_alerts = 1;
        embargo_entity e;
        if (embargo_index_find(m->ix, id, strlen(id), &e) == EMBARGO_OK && m->touched[e.index]) c->touched_alerts = 1;
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* A customer record's hash: what is screened (name, birth date, country,
 * type) and the document number, as 32 hex digits of XXH3-128 (it tells a
 * changed record from an unchanged one; nothing is proved with it). */
static void customer_hash(const cli_record *r, char out[33]) {
    XXH3_state_t *st = XXH3_createState();
    if (!st || XXH3_128bits_reset(st) != XXH_OK) {
        XXH3_freeState(st);
        out[0] = '\0';
        return;
    }
    const int roles[5] = {CLI_NAME, CLI_DOB, CLI_COUNTRY, CLI_TYPE, CLI_ID};
    for (int i = 0; i < 5; i++) {
        const char *s = roles[i] == CLI_DOB && r->birth_date ? r->birth_date : r->field[roles[i]];
        size_t n = roles[i] == CLI_DOB && r->birth_date ? strlen(r->birth_date) : r->len[roles[i]];
        if (s) XXH3_128bits_update(st, s, n);
        XXH3_128bits_update(st, "\x1f", 1);
    }
    XXH128_hash_t h = XXH3_128bits_digest(st);
    XXH3_freeState(st);
    snprintf(out, 33, "%016llx%016llx", (unsigned long long)h.high64, (unsigned long long)h.low64);
}

typedef struct found {
    uint32_t pos;              /* in the whole index */
    double score;
    char matched[512];
} found;

typedef struct stored {
    long long id;
    char entity[256], hash[65], status[16];
    int handled;
} stored;

/* Screens one record with matcher mt; fills *out (malloc'd) with the
 * matches as positions in the whole index. Returns the count, or -1 with
 * *why (a row error). */
static long screen_record(mon *m, embargo_matcher *mt, const embargo_index *mix, const cli_record *r, found **out,
                          const char **why) {
    static char whybuf[300];
    embargo_screen_options o = m->opts;
    char country[128];
    o.birth_date = r->birth_date;
    if (r->field[CLI_COUNTRY] && r->len[CLI_COUNTRY]) {
        if (r->len[CLI_COUNTRY] >= sizeof(country) || memchr(r->field[CLI_COUNTRY], 0, r->len[CLI_COUNTRY])) {
            *why = "the country is too long or holds a NUL byte";
            return -1;
        }
        memcpy(country, r->field[CLI_COUNTRY], r->len[CLI_COUNTRY]);
        country[r->len[CLI_COUNTRY]] = '\0';
        o.country = country;
    }
    if (r->field[CLI_TYPE] && r->len[CLI_TYPE]) {
        embargo_entity_type t = cli_record_type(r->field[CLI_TYPE], r->len[CLI_TYPE]);
        if (t == EMBARGO_TYPE_UNKNOWN) {
            *why = "the type is none of person, organization, vessel, aircraft (or individual, company, entity, P, C)";
            return -1;
        }
        o.type_mask = 1u << t;
    }
    const embargo_match *mm;
    size_t n = 0;
    embargo_status st = embargo_matcher_screen(mt, r->field[CLI_NAME], r->len[CLI_NAME], &o, &mm, &n);
    if (st) {
        snprintf(whybuf, sizeof(whybuf), "%s", cli_matcher_why(mt, st));
        *why = whybuf;
        return -1;
    }
    *out = n ? calloc(n, sizeof(found)) : NULL;
    if (n && !*out) {
        *why = "out of memory";
        return -1;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        embargo_entity e = mm[i].entity;
        if (mix != m->ix && embargo_index_find(m->ix, e.id, e.id_len, &e) != EMBARGO_OK) continue;
        (*out)[k].pos = e.index;
        (*out)[k].score = mm[i].score;
        snprintf((*out)[k].matched, sizeof((*out)[k].matched), "%.*s", (int)mm[i].matched_name_len, mm[i].matched_name);
        k++;
    }
    return (long)k;
}

/* The stored alerts of a customer that are not closed. */
static size_t stored_alerts(mon *m, const char *key, stored **out) {
    *out = NULL;
    size_t n = 0, cap = 0;
    sqlite3_stmt *q = m->q_alerts;
    sqlite3_reset(q);
    sqlite3_bind_text(q, 1, key, -1, SQLITE_TRANSIENT);
    while (sqlite3_step(q) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            stored *v = realloc(*out, cap * sizeof(stored));
            if (!v) break;
            *out = v;
        }
        stored *s = &(*out)[n++];
        s->id = sqlite3_column_int64(q, 0);
        snprintf(s->entity, sizeof(s->entity), "%s", (const char *)sqlite3_column_text(q, 1));
        snprintf(s->hash, sizeof(s->hash), "%s", (const char *)sqlite3_column_text(q, 2));
        snprintf(s->status, sizeof(s->status), "%s", (const char *)sqlite3_column_text(q, 3));
        s->handled = 0;
    }
    sqlite3_reset(q);
    return n;
}

/* What changed in entity pos since the store saw it, for people. */
static char *entity_changes(mon *m, uint32_t pos) {
    if (!m->rec_old[pos]) return dup0("");
    cli_entity_rec a, b;
    if (cli_entity_rec_parse(m->rec_old[pos], &a)) return NULL;
    if (cli_entity_rec_parse(m->rec_now[pos], &b)) {
        cli_entity_rec_free(&a);
        return NULL;
    }
    char *c = cli_entity_changes(&a, &b);
    cli_entity_rec_free(&a);
    cli_entity_rec_free(&b);
    return c;
}

/* Compares one customer's matches with its stored alerts. `scope_all`: the
 * customer was screened against everything (else only touched entities). */
static int reconcile(mon *m, const char *key, const char *name, const found *f, long nf, int scope_all, int has_alerts) {
    stored *s = NULL;
    size_t ns = has_alerts ? stored_alerts(m, key, &s) : 0;
    int r = 0;
    for (long i = 0; i < nf && !r; i++) {
        embargo_entity e;
        embargo_index_entity(m->ix, f[i].pos, &e);
        char id[256];
        snprintf(id, sizeof(id), "%.*s", (int)e.id_len, e.id);
        char ename[512];
        snprintf(ename, sizeof(ename), "%.*s", (int)e.name_len, e.name);
        const char *hash = m->hash_now[f[i].pos];
        stored *old = NULL;
        for (size_t k = 0; k < ns && !old; k++)
            if (!strcmp(s[k].entity, id)) old = &s[k];
        if (old) old->handled = 1;
        if (old && !strcmp(old->hash, hash)) continue; /* as it was */
        char why[300];
        const char *status = judge(m, key, id, hash, ename, f[i].matched, why, sizeof(why));
        if (old && !strcmp(old->status, "confirmed") && !strcmp(status, "open")) status = "confirmed";
        sqlite3_stmt *q = old ? m->q_update : m->q_insert;
        sqlite3_reset(q);
        sqlite3_bind_text(q, 1, key, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 2, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 3, id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 4, hash, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 5, e.list, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 6, ename, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 7, f[i].matched, -1, SQLITE_TRANSIENT);
        sqlite3_bind_double(q, 8, f[i].score);
        sqlite3_bind_text(q, 9, status, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 10, why, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(q, 11, m->run);
        long long alert = 0;
        if (sqlite3_step(q) == SQLITE_ROW) alert = sqlite3_column_int64(q, 0);
        else r = -1;
        sqlite3_reset(q);
        if (r) break;
        if (!strcmp(status, "suppressed")) {
            /* found again, and a decision holds: recorded, not reported */
            m->suppressed++;
            event ev = {alert, (char *)key, (char *)name, id, (char *)e.list, ename, (char *)f[i].matched, (char *)status,
                        why, f[i].score};
            char *buf = NULL, input[64];
            size_t len = 0;
            FILE *mf = open_memstream(&buf, &len);
            if (mf) {
                json_event(mf, &ev);
                fclose(mf);
                snprintf(input, sizeof(input), "{\"run\":%lld}", m->run);
                if (cli_audit_append(m->db, m->user, "suppression", m->lists, input, buf)) r = -1;
            }
            free(buf);
            continue;
        }
        if (old) {
            char *changes = entity_changes(m, f[i].pos);
            char reason[900];
            snprintf(reason, sizeof(reason), "%s%s%s", changes && changes[0] ? changes : "the listing changed",
                     why[0] ? "; " : "", why);
            add_event(m, EV_CHANGED, alert, key, name, id, e.list, ename, f[i].matched, f[i].score, status, reason);
            free(changes);
        } else {
            add_event(m, EV_NEW, alert, key, name, id, e.list, ename, f[i].matched, f[i].score, status, why);
        }
    }
    /* stored alerts in scope not found again: gone */
    for (size_t k = 0; k < ns && !r; k++) {
        if (s[k].handled) continue;
        embargo_entity e;
        int in_index = embargo_index_find(m->ix, s[k].entity, strlen(s[k].entity), &e) == EMBARGO_OK;
        if (!in_index) continue; /* removed entities were closed already */
        if (!scope_all && !m->touched[e.index]) continue;
        const char *why = m->touched[e.index] ? "no longer matches: the entity's listing changed"
                                              : "no longer matches: the customer's record changed";
        sqlite3_stmt *q = m->q_close;
        sqlite3_reset(q);
        sqlite3_bind_text(q, 1, why, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(q, 2, m->run);
        sqlite3_bind_int64(q, 3, s[k].id);
        if (sqlite3_step(q) != SQLITE_ROW) r = -1;
        else
            add_event(m, EV_GONE, s[k].id, key, name, s[k].entity, (const char *)sqlite3_column_text(q, 0),
                      (const char *)sqlite3_column_text(q, 1), (const char *)sqlite3_column_text(q, 2),
                      sqlite3_column_double(q, 3), "closed", why);
        sqlite3_reset(q);
    }
    free(s);
    return r;
}

/* Closes the alerts of customers no longer in the file. */
static int removed_customers(mon *m) {
    sqlite3_stmt *sel = cli_prepare(m->db, "SELECT id, customer_name, entity, list, entity_name, matched_name, score"
                                           " FROM alerts WHERE customer=? AND status!='closed'");
    sqlite3_stmt *del = cli_prepare(m->db, "DELETE FROM customers WHERE key=?");
    sqlite3_stmt *cls = cli_prepare(m->db, "UPDATE alerts SET status='closed', reason=?, changed_run=?"
                                           " WHERE customer=? AND status!='closed'");
    int r = sel && del && cls ? 0 : -1;
    const char *why = "the customer is no longer in the customer file";
    for (size_t i = 0; i < m->cm.cap && !r; i++) {
        cust *c = &m->cm.slots[i];
        if (!c->key || c->seen) continue;
        m->removed_c++;
        if (c->has_alerts) {
            sqlite3_bind_text(sel, 1, c->key, -1, SQLITE_TRANSIENT);
            while (sqlite3_step(sel) == SQLITE_ROW)
                add_event(m, EV_GONE, sqlite3_column_int64(sel, 0), c->key, (const char *)sqlite3_column_text(sel, 1),
                          (const char *)sqlite3_column_text(sel, 2), (const char *)sqlite3_column_text(sel, 3),
                          (const char *)sqlite3_column_text(sel, 4), (const char *)sqlite3_column_text(sel, 5),
                          sqlite3_column_double(sel, 6), "closed", why);
            sqlite3_reset(sel);
            sqlite3_bind_text(cls, 1, why, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(cls, 2, m->run);
            sqlite3_bind_text(cls, 3, c->key, -1, SQLITE_TRANSIENT);
            if (sqlite3_step(cls) != SQLITE_DONE) r = -1;
            sqlite3_reset(cls);
        }
        sqlite3_bind_text(del, 1, c->key, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(del) != SQLITE_DONE) r = -1;
        sqlite3_reset(del);
    }
    sqlite3_finalize(sel);
    sqlite3_finalize(del);
    sqlite3_finalize(cls);
    return r;
}

/* Suppressed alerts whose decision no longer holds (expired), on entities
 * this run does not touch anyway: open again. */
static int expire_decisions(mon *m) {
    sqlite3_stmt *q = cli_prepare(m->db, "SELECT id, customer, customer_name, entity, entity_hash, list, entity_name,"
                                         " matched_name, score FROM alerts WHERE status='suppressed'");
    sqlite3_stmt *up = cli_prepare(m->db, "UPDATE alerts SET status='open', reason=?, changed_run=? WHERE id=?");
    int r = q && up ? 0 : -1;
    while (!r && sqlite3_step(q) == SQLITE_ROW) {
        const char *cols[9];
        for (int i = 1; i < 8; i++) cols[i] = (const char *)sqlite3_column_text(q, i);
        /* an entity this run touches is judged again when its customer is */
        embargo_entity e;
        if (embargo_index_find(m->ix, cols[3], strlen(cols[3]), &e) != EMBARGO_OK || m->touched[e.index]) continue;
        char why[300];
        if (strcmp(judge(m, cols[1], cols[3], cols[4], cols[6], cols[7], why, sizeof(why)), "open")) continue;
        long long id = sqlite3_column_int64(q, 0);
        sqlite3_bind_text(up, 1, why, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(up, 2, m->run);
        sqlite3_bind_int64(up, 3, id);
        if (sqlite3_step(up) != SQLITE_DONE) r = -1;
        sqlite3_reset(up);
        add_event(m, EV_REOPENED, id, cols[1], cols[2], cols[3], cols[5], cols[6], cols[7],
                  sqlite3_column_double(q, 8), "open", why);
    }
    sqlite3_finalize(q);
    sqlite3_finalize(up);
    return r;
}

/* ---- the report ----------------------------------------------------------------------------- */

static void print_report(mon *m, double seconds, const char *mode) {
    if (m->json) {
        printf("{\"run\":%lld,\"mode\":\"%s\",\"customers\":{\"total\":%zu,\"new\":%zu,\"changed\":%zu,\"removed\":%zu,"
               "\"rejected\":%zu},\"screened\":%zu,\"entities\":{\"touched\":%zu,\"removed\":%zu},\"suppressed\":%zu,"
               "\"seconds\":%.3f,\"lists\":%s",
               m->run, mode, m->customers, m->new_c, m->changed_c, m->removed_c, m->rejected, m->screened,
               m->first ? 0 : m->ntouched, m->nremoved, m->suppressed, seconds, m->lists);
        for (int k = 0; k < EV__COUNT; k++) {
            printf(",\"%s\":[", EV_NAMES[k]);
            for (size_t i = 0; i < m->ev[k].n; i++) {
                if (i) putchar(',');
                json_event(stdout, &m->ev[k].v[i]);
            }
            putchar(']');
        }
        puts("}");
        return;
    }
    printf("monitor run %lld (%s): %zu customers (%zu new, %zu changed, %zu removed", m->run, mode, m->customers,
           m->new_c, m->changed_c, m->removed_c);
    if (m->rejected) printf(", %zu rejected", m->rejected);
    printf("), %zu screened", m->screened);
    if (!m->first) printf("; %zu entities added or changed, %zu removed since the last run", m->ntouched, m->nremoved);
    printf("; %.1f s\n", seconds);
    static const char *const TITLES[EV__COUNT] = {"new alerts", "alerts gone", "alerts whose entity changed",
                                                  "alerts open again"};
    for (int k = 0; k < EV__COUNT; k++) {
        if (!m->ev[k].n) continue;
        printf("%s (%zu):\n", TITLES[k], m->ev[k].n);
        for (size_t i = 0; i < m->ev[k].n; i++) {
            const event *e = &m->ev[k].v[i];
            printf("  #%-6lld ", e->alert);
            text_str(stdout, e->customer, strlen(e->customer)); /* the bank's own key: never raw */
            fputs("  ", stdout);
            text_str(stdout, e->customer_name, strlen(e->customer_name));
            printf("  ->  %s  ", e->entity);
            text_str(stdout, e->entity_name, strlen(e->entity_name));
            printf("  %.3f", e->score);
            if (strcmp(e->status, "open") && k != EV_GONE) printf("  [%s]", e->status);
            if (e->reason[0]) {
                /* a listing that changed much says so at length: its start here, all of it in --json */
                size_t n = strlen(e->reason);
                fputs("\n           ", stdout);
                text_str(stdout, e->reason, n > 300 ? 300 : n);
                if (n > 300) fputs(" ... (--json has it all)", stdout);
            }
            putchar('\n');
        }
    }
    if (m->suppressed) printf("%zu alerts found again and suppressed by decisions\n", m->suppressed);
    if (!m->ev[EV_NEW].n && !m->ev[EV_GONE].n && !m->ev[EV_CHANGED].n && !m->ev[EV_REOPENED].n)
        puts("nothing new since the last run");
}

/* ---- the command ---------------------------------------------------------------------------- */

static const char *const VALUED[] = {"--customers", "--state", "--columns", "--column", "--delimiter", "--date-order",
                                     "--threshold", "--limit", "--lists", "--user", "--busy-timeout", NULL};

static int prepare_all(mon *m) {
    m->q_alerts = cli_prepare(m->db, "SELECT id, entity, entity_hash, status FROM alerts WHERE customer=? AND status!='closed'");
    m->q_insert = cli_prepare(m->db,
        "INSERT INTO alerts(customer, customer_name, entity, entity_hash, list, entity_name, matched_name, score, status,"
        " reason, first_run, changed_run) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?11)"
        " ON CONFLICT(customer, entity) DO UPDATE SET customer_name=?2, entity_hash=?4, list=?5, entity_name=?6,"
        " matched_name=?7, score=?8, status=?9, reason=?10, first_run=?11, changed_run=?11 RETURNING id");
    m->q_update = cli_prepare(m->db,
        "UPDATE alerts SET customer_name=?2, entity_hash=?4, list=?5, entity_name=?6, matched_name=?7, score=?8,"
        " status=?9, reason=?10, changed_run=?11 WHERE customer=?1 AND entity=?3 RETURNING id");
    m->q_close = cli_prepare(m->db, "UPDATE alerts SET status='closed', reason=?1, changed_run=?2 WHERE id=?3"
                                    " RETURNING list, entity_name, matched_name, score");
    m->q_decision = cli_prepare(m->db, "SELECT id, decision, entity_hash, expires, by FROM decisions"
                                       " WHERE customer=? AND entity=? AND decision!='good_guy' ORDER BY id DESC LIMIT 1");
    m->q_goodguy = cli_prepare(m->db, "SELECT id, name FROM decisions WHERE customer=?1 AND decision='good_guy'"
                                      " AND (expires IS NULL OR expires >= ?2)");
    m->q_cust = cli_prepare(m->db, "INSERT INTO customers(key, hash, name, first_run, changed_run) VALUES(?1,?2,?3,?4,?4)"
                                   " ON CONFLICT(key) DO UPDATE SET hash=?2, name=?3, changed_run=?4");
    return m->q_alerts && m->q_insert && m->q_update && m->q_close && m->q_decision && m->q_goodguy && m->q_cust ? 0 : -1;
}

static void finalize_all(mon *m) {
    sqlite3_stmt **all[] = {&m->q_alerts, &m->q_insert, &m->q_update, &m->q_close, &m->q_decision, &m->q_goodguy,
                            &m->q_cust};
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        sqlite3_finalize(*all[i]);
        *all[i] = NULL;
    }
}

/* Reads and screens every customer. */
static int run_customers(mon *m, cli_reader *rd) {
    cli_record rec;
    int st;
    double t0 = (double)clock();
    int progress = !m->json && cli_stderr_tty();
    while ((st = cli_reader_next(rd, &rec)) > 0) {
        m->customers++;
        if (progress && m->customers % 20000 == 0)
            fprintf(stderr, "\r  %zu customers, %zu screened   ", m->customers, m->screened);
        char keybuf[600];
        const char *key;
        size_t klen;
        if (rec.field[CLI_KEY] && rec.len[CLI_KEY]) {
            key = rec.field[CLI_KEY];
            klen = rec.len[CLI_KEY];
        } else if (!rec.error) {
            /* without a key column, a customer is its name and birth date */
            int w = snprintf(keybuf, sizeof(keybuf), "%.*s|%s", (int)(rec.len[CLI_NAME] > 400 ? 400 : rec.len[CLI_NAME]),
                             rec.field[CLI_NAME], rec.birth_date ? rec.birth_date : "");
            key = keybuf;
            klen = (size_t)w;
        } else {
            key = NULL;
            klen = 0;
        }
        if (rec.error) {
            m->rejected++;
            fprintf(stderr, "embargo: %s:%zu: %s\n", m->file, rec.line, rec.error);
            cust *c = key ? cm_find(&m->cm, key, klen, 0) : NULL;
            if (c) c->seen = 1; /* not read now: not taken for removed either */
            continue;
        }
        if (klen >= 512 || memchr(key, 0, klen)) {
            m->rejected++;
            fprintf(stderr, "embargo: %s:%zu: the key is longer than 511 bytes or holds a NUL byte\n", m->file, rec.line);
            continue;
        }
        char hash[33];
        customer_hash(&rec, hash);
        cust *c = cm_find(&m->cm, key, klen, 0);
        if (c && c->seen) {
            m->rejected++;
            m->dups++;
            fprintf(stderr, "embargo: %s:%zu: customer key '", m->file, rec.line);
            text_str(stderr, key, klen > 60 ? 60 : klen);
            fputs("' again: the row is not screened\n", stderr);
            continue;
        }
        int is_new = !c, changed = c && strcmp(c->hash, hash);
        if (!c && !(c = cm_find(&m->cm, key, klen, 1))) return -1;
        c->seen = 1;
        m->new_c += is_new;
        m->changed_c += changed;
        int all = m->full || is_new || changed;
        if (!all && !m->sub) {
            if (!c->touched_alerts) continue;       /* nothing touched: nothing to do */
        }
        found *f = NULL;
        const char *why = NULL;
        long nf = 0;
        if (all) nf = screen_record(m, m->m_full, m->ix, &rec, &f, &why);
        else if (m->sub) nf = screen_record(m, m->m_sub, m->sub, &rec, &f, &why);
        if (nf < 0) {
            m->rejected++;
            fprintf(stderr, "embargo: %s:%zu: %s\n", m->file, rec.line, why);
            continue;
        }
        m->screened += all || m->sub;
        int r = 0;
        char name[1024] = "";
        if (nf || c->has_alerts || is_new || changed)
            snprintf(name, sizeof(name), "%.*s", (int)(rec.len[CLI_NAME] > 1000 ? 1000 : rec.len[CLI_NAME]),
                     rec.field[CLI_NAME]);
        if (nf || c->has_alerts) r = reconcile(m, c->key, name, f, nf, all, c->has_alerts);
        free(f);
        if (!r && (is_new || changed)) {
            sqlite3_stmt *q = m->q_cust;
            sqlite3_reset(q);
            sqlite3_bind_text(q, 1, c->key, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(q, 2, hash, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(q, 3, name, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(q, 4, m->run);
            if (sqlite3_step(q) != SQLITE_DONE) r = -1;
            sqlite3_reset(q);
            snprintf(c->hash, sizeof(c->hash), "%s", hash);
        }
        if (r) {
            fprintf(stderr, "embargo: the store: %s\n", sqlite3_errmsg(m->db));
            return -1;
        }
    }
    if (progress) fputs("\r\033[K", stderr);
    (void)t0;
    if (st < 0) {
        fprintf(stderr, "embargo: cannot read %s: %s\n", m->file, strerror(errno));
        return -1;
    }
    return 0;
}

int cmd_monitor(int argc, char **argv) {
    static mon m;
    memset(&m, 0, sizeof(m));
    cli_data data = {0};
    cli_reader_options ro;
    memset(&ro, 0, sizeof(ro));
    ro.guess = 1;
    embargo_screen_options_init(&m.opts);
    m.opts.limit = 100;
    const char *customers = NULL, *state = NULL, *lists_sel = NULL, *column = NULL, *user = NULL;
    char *columns_mem = NULL;
    double busy = 600, v;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int r = cli_data_option(&data, argc, argv, &i);
        if (r < 0) return EXIT_TROUBLE;
        if (r) continue;
        if (cli_is_help(a)) return cli_usage(USAGE, 1);
        if (cli_needs_value(a, i, argc, VALUED)) return EXIT_TROUBLE;
        if (!strcmp(a, "--customers")) customers = argv[++i];
        else if (!strcmp(a, "--state")) state = argv[++i];
        else if (!strcmp(a, "--csv")) ro.format = CLI_IN_CSV;
        else if (!strcmp(a, "--jsonl")) ro.format = CLI_IN_JSONL;
        else if (!strcmp(a, "--json")) m.json = 1;
        else if (!strcmp(a, "--full")) m.full = 1;
        else if (!strcmp(a, "--lists")) lists_sel = argv[++i];
        else if (!strcmp(a, "--user")) user = argv[++i];
        else if (!strcmp(a, "--column")) column = argv[++i];
        else if (!strcmp(a, "--columns")) {
            free(columns_mem);
            if (cli_parse_columns(argv[++i], ro.columns, &columns_mem)) return EXIT_TROUBLE;
        } else if (!strcmp(a, "--delimiter")) {
            const char *d = argv[++i];
            if (!strcmp(d, "tab") || !strcmp(d, "\\t") || !strcmp(d, "\t")) ro.delimiter = '\t';
            else if (strlen(d) == 1 && strchr(",;|", d[0])) ro.delimiter = d[0];
            else {
                free(columns_mem);
                fprintf(stderr, "embargo: --delimiter takes ',' ';' '|' or 'tab', not '%s'\n", d);
                return EXIT_TROUBLE;
            }
        } else if (!strcmp(a, "--date-order")) {
            const char *o = argv[++i];
            if (strcmp(o, "dmy") && strcmp(o, "mdy") && strcmp(o, "ymd")) {
                free(columns_mem);
                fprintf(stderr, "embargo: --date-order takes dmy, mdy or ymd, not '%s'\n", o);
                return EXIT_TROUBLE;
            }
            ro.date_order = o[0];
        } else if (!strcmp(a, "--threshold")) {
            if (cli_number(a, argv[++i], 0, 1, &m.opts.threshold)) return EXIT_TROUBLE;
        } else if (!strcmp(a, "--limit")) {
            if (cli_number(a, argv[++i], 1, 1000, &v)) return EXIT_TROUBLE;
            m.opts.limit = (uint32_t)v;
        } else if (!strcmp(a, "--busy-timeout")) {
            if (cli_number(a, argv[++i], 0, 86400, &busy)) return EXIT_TROUBLE;
        } else {
            free(columns_mem);
            return cli_usage_error(USAGE, "unexpected '%s'", a);
        }
    }
    if (!customers || !state) {
        free(columns_mem);
        return cli_usage_error(USAGE, "monitor needs --customers FILE and --state DB");
    }
    if (column) {
        ro.columns[CLI_NAME] = column;
        ro.guess = 0;
    }
    if (!ro.format) {
        /* a customer file is records: CSV or JSON Lines, by its name, else
         * JSON Lines if it starts with '{', else CSV */
        size_t n = strlen(customers);
        if (n > 4 && !strcasecmp(customers + n - 4, ".csv")) ro.format = CLI_IN_CSV;
        else if ((n > 6 && !strcasecmp(customers + n - 6, ".jsonl")) || (n > 5 && !strcasecmp(customers + n - 5, ".json")))
            ro.format = CLI_IN_JSONL;
        else {
            FILE *p = fopen(customers, "rb");
            int c = p ? fgetc(p) : EOF;
            while (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == 0xEF || c == 0xBB || c == 0xBF) c = fgetc(p);
            if (p) fclose(p);
            ro.format = c == '{' ? CLI_IN_JSONL : CLI_IN_CSV;
        }
    }
    m.file = customers;
    m.user = user && user[0] ? user : cli_user();
    int rc = EXIT_TROUBLE;
    cli_reader *rd = NULL;
    FILE *in = NULL;
    char file_sha[65] = "";
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    m.ix = cli_data_open_selected(&data, lists_sel, &m.opts.list_mask);
    if (!m.ix) goto done;
    if (cli_sha256_file(customers, file_sha) != 0 || !(in = fopen(customers, "rb"))) {
        fprintf(stderr, "embargo: cannot read %s: %s\n", customers, strerror(errno));
        goto done;
    }
    if (cli_reader_open(&rd, in, &ro)) goto done;
    if (embargo_matcher_new(m.ix, &m.m_full) != EMBARGO_OK || !(m.lists = cli_lists_json(m.ix))) {
        fprintf(stderr, "embargo: out of memory\n");
        goto done;
    }
    {
        time_t now = time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        strftime(m.today, sizeof(m.today), "%Y-%m-%d", &tm);
    }
    m.db = cli_state_open(state, (int)(busy * 1000), 1);
    if (!m.db) goto done;
    if (cli_sql(m.db, "BEGIN IMMEDIATE") != 0) goto done;
    {
        sqlite3_stmt *q = cli_prepare(m.db, "SELECT coalesce(max(id), 0) + 1 FROM runs");
        if (!q || sqlite3_step(q) != SQLITE_ROW) {
            sqlite3_finalize(q);
            goto rollback;
        }
        m.run = sqlite3_column_int64(q, 0);
        sqlite3_finalize(q);
    }
    if (prepare_all(&m) != 0) goto rollback;
    if (hash_entities(&m) != 0) {
        fprintf(stderr, "embargo: out of memory\n");
        goto rollback;
    }
    if (compare_entities(&m) != 0) goto rollback;
    /* what decides a match besides the data: a run with other options or
     * another matching engine than the last cannot build on its alerts */
    char how[300], last_how[300] = "";
    snprintf(how, sizeof(how), "embargo %s; threshold %.4f; limit %u; lists %s", embargo_version(),
             m.opts.threshold, m.opts.limit, lists_sel ? lists_sel : "all");
    {
        sqlite3_stmt *q = cli_prepare(m.db, "SELECT value FROM meta WHERE key='screening'");
        if (q && sqlite3_step(q) == SQLITE_ROW) snprintf(last_how, sizeof(last_how), "%s", sqlite3_column_text(q, 0));
        sqlite3_finalize(q);
        q = cli_prepare(m.db, "INSERT OR REPLACE INTO meta VALUES('screening', ?)");
        if (!q) goto rollback;
        sqlite3_bind_text(q, 1, how, -1, SQLITE_TRANSIENT);
        int ok = sqlite3_step(q) == SQLITE_DONE;
        sqlite3_finalize(q);
        if (!ok) goto rollback;
    }
    const char *mode = "incremental";
    if (m.first) mode = "first";
    else if (m.full) mode = "full";
    else if (last_how[0] && strcmp(last_how, how)) {
        mode = "full (the screening options or the engine changed since the last run)";
        m.full = 1;
    } else if (m.ntouched * 4 > m.nent) {
        mode = "full (more than a quarter of the entities changed)";
        m.full = 1;
    }
    if (m.first) m.full = 1;
    if (!m.full && m.ntouched) {
        uint32_t *pos = malloc(m.ntouched * sizeof(uint32_t));
        size_t k = 0;
        for (uint32_t i = 0; pos && i < m.nent; i++)
            if (m.touched[i]) pos[k++] = i;
        embargo_build_options bo;
        embargo_build_options_init(&bo);
        bo.flags = EMBARGO_BUILD_NO_GROUPS;
        embargo_error err;
        embargo_status es = pos ? embargo_index_subset(m.ix, pos, k, &bo, &m.sub, &err) : EMBARGO_ENOMEM;
        free(pos);
        if (es || embargo_matcher_new(m.sub, &m.m_sub) != EMBARGO_OK) {
            cli_print_error(&err, es ? es : EMBARGO_ENOMEM);
            goto rollback;
        }
    }
    if (load_customers(&m) != 0) goto rollback;
    if (expire_decisions(&m) != 0) goto rollback;
    if (run_customers(&m, rd) != 0) goto rollback;
    if (removed_customers(&m) != 0 || store_entities(&m) != 0) goto rollback;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    {
        /* the run: its row, its audit record, and one record per event */
        char ref[CLI_REF_SIZE], prev_ref[CLI_REF_SIZE] = "";
        cli_screened_against(m.ix, ref);
        sqlite3_stmt *q = cli_prepare(m.db, "SELECT lists_ref FROM runs ORDER BY id DESC LIMIT 1");
        if (q && sqlite3_step(q) == SQLITE_ROW) snprintf(prev_ref, sizeof(prev_ref), "%s", sqlite3_column_text(q, 0));
        sqlite3_finalize(q);
        q = cli_prepare(m.db, "INSERT INTO runs VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        if (!q) goto rollback;
        char at[40], stamp[40];
        cli_now(at, stamp);
        sqlite3_bind_int64(q, 1, m.run);
        sqlite3_bind_text(q, 2, at, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 3, m.user, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 4, customers, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 5, file_sha, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 6, ref, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 7, mode, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(q, 8, (sqlite3_int64)m.customers);
        sqlite3_bind_int64(q, 9, (sqlite3_int64)m.screened);
        sqlite3_bind_int64(q, 10, (sqlite3_int64)m.ev[EV_NEW].n);
        sqlite3_bind_int64(q, 11, (sqlite3_int64)m.ev[EV_GONE].n);
        sqlite3_bind_int64(q, 12, (sqlite3_int64)m.ev[EV_CHANGED].n);
        sqlite3_bind_int64(q, 13, (sqlite3_int64)m.ev[EV_REOPENED].n);
        sqlite3_bind_int64(q, 14, (sqlite3_int64)m.suppressed);
        sqlite3_bind_double(q, 15, secs);
        int ok = sqlite3_step(q) == SQLITE_DONE;
        sqlite3_finalize(q);
        if (!ok) {
            fprintf(stderr, "embargo: the store: %s\n", sqlite3_errmsg(m.db));
            goto rollback;
        }
        if (strcmp(prev_ref, ref)) {
            /* the lists changed since the last run: an update, recorded */
            char input[128];
            snprintf(input, sizeof(input), "{\"previous_ref\":%s%s%s}", prev_ref[0] ? "\"" : "",
                     prev_ref[0] ? prev_ref : "null", prev_ref[0] ? "\"" : "");
            char result[160];
            snprintf(result, sizeof(result), "{\"entities_touched\":%zu,\"entities_removed\":%zu}", m.ntouched,
                     m.nremoved);
            if (cli_audit_append(m.db, m.user, "lists_updated", m.lists, input, result)) goto rollback;
        }
        char *in_json = NULL, *res_json = NULL;
        size_t l1 = 0, l2 = 0;
        FILE *f1 = open_memstream(&in_json, &l1), *f2 = open_memstream(&res_json, &l2);
        if (f1) {
            fprintf(f1, "{\"run\":%lld,\"customers_file\":", m.run);
            json_str(f1, customers, strlen(customers));
            fprintf(f1, ",\"sha256\":\"%s\",\"rows\":%zu}", file_sha, m.customers);
            fclose(f1);
        }
        if (f2) {
            fprintf(f2, "{\"mode\":\"%s\",\"screened\":%zu,\"customers_new\":%zu,\"customers_changed\":%zu,"
                        "\"customers_removed\":%zu,\"rejected\":%zu,\"alerts_new\":%zu,\"alerts_gone\":%zu,"
                        "\"alerts_changed\":%zu,\"alerts_reopened\":%zu,\"suppressed\":%zu,\"seconds\":%.3f}",
                    mode, m.screened, m.new_c, m.changed_c, m.removed_c, m.rejected, m.ev[EV_NEW].n, m.ev[EV_GONE].n,
                    m.ev[EV_CHANGED].n, m.ev[EV_REOPENED].n, m.suppressed, secs);
            fclose(f2);
        }
        ok = in_json && res_json && !cli_audit_append(m.db, m.user, "run", m.lists, in_json, res_json);
        free(in_json);
        free(res_json);
        if (!ok) goto rollback;
        for (int k = 0; k < EV__COUNT; k++)
            for (size_t i = 0; i < m.ev[k].n; i++)
                if (audit_event(&m, k, &m.ev[k].v[i])) goto rollback;
        sqlite3_stmt *mq = cli_prepare(m.db, "INSERT OR REPLACE INTO meta VALUES('lists', ?)");
        if (!mq) goto rollback;
        sqlite3_bind_text(mq, 1, m.lists, -1, SQLITE_TRANSIENT);
        ok = sqlite3_step(mq) == SQLITE_DONE;
        sqlite3_finalize(mq);
        if (!ok) goto rollback;
    }
    finalize_all(&m);
    if (cli_sql(m.db, "COMMIT") != 0) goto rollback;
    print_report(&m, secs, mode);
    if (fflush(stdout) != 0) fprintf(stderr, "embargo: error writing the report\n");
    if (m.rejected) rc = EXIT_TROUBLE;
    else rc = m.ev[EV_NEW].n || m.ev[EV_CHANGED].n || m.ev[EV_REOPENED].n ? EXIT_FOUND : EXIT_NONE;
    goto done;
rollback:
    finalize_all(&m);
    if (m.db) sqlite3_exec(m.db, "ROLLBACK", NULL, NULL, NULL);
    fprintf(stderr, "embargo: the run was not recorded; the store is as it was\n");
done:
    finalize_all(&m);
    if (m.db) sqlite3_close(m.db);
    cli_reader_free(rd);
    if (in) fclose(in);
    embargo_matcher_free(m.m_full);
    embargo_matcher_free(m.m_sub);
    embargo_index_close(m.sub);
    embargo_index_close(m.ix);
    for (uint32_t i = 0; i < m.nent; i++) {
        if (m.rec_now) free(m.rec_now[i]);
        if (m.rec_old) free(m.rec_old[i]);
    }
    free(m.rec_now);
    free(m.rec_old);
    free(m.hash_now);
    free(m.touched);
    free(m.lists);
    free_events(&m);
    cm_free(&m.cm);
    free(columns_mem);
    return rc;
}
