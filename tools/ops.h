/*
 * ops.h - the daily operations of the command-line program: fetching list
 * files (fetch.c, libcurl), the store of list versions under a data folder
 * (store.c), the content of an entity as a comparable record (entity.c,
 * shared by diff and monitor) and the commands built on them.
 *
 * The data folder (--data-dir DIR, or $EMBARGO_DATA_DIR) holds:
 *
 *   DIR/embargo.idx                   the live index, replaced by rename only
 *   DIR/snapshots/SOURCE/STAMP-HASH/  one accepted download of a source: its
 *                                     list files, and .meta.json (the fetch:
 *                                     time, SHA-256, HTTP metadata, counts)
 *   DIR/tmp/                          downloads being verified
 *   DIR/.lock                         held by a running update
 *
 * A snapshot's folder holds nothing but the list files (the metadata file's
 * name starts with a dot, which the loaders and the library's hash pass
 * over), so that the SHA-256 of the folder as the library computes it for
 * a set of files is the snapshot's hash, and the index built from it carries
 * the same hash in embargo_list_info.sha256.
 */
#ifndef EMBARGO_OPS_H
#define EMBARGO_OPS_H

#include "cli.h"

#include <openssl/evp.h>
#include <stdint.h>

/* ---- fetch.c: one URL to one file, over HTTPS --------------------------------------- */

/* The SHA-256 of the file at path as 64 lower-case hex digits; -1 if it
 * cannot be read. */
int cli_sha256_file(const char *path, char hex[65]);

/* Finishes a SHA-256 digest begun with EVP_DigestInit_ex into 64 lower-case
 * hex digits (hex is "" on failure, and so when ok is 0: a caller passes
 * whether its updates succeeded). Returns 0, or -1 when hex is "". The
 * context is left to the caller to free or reuse. */
int cli_sha256_final(EVP_MD_CTX *md, int ok, char hex[65]);

typedef struct cli_fetch_opts {
    long connect_timeout;     /* seconds to connect (default 30) */
    long timeout;             /* seconds for a whole transfer (default 600) */
    int retries;              /* further attempts after a transient failure
                                 (connection, timeout, HTTP 5xx, 429, 408) */
    double retry_delay;       /* seconds before the first retry, doubled
                                 after each (default 2) */
    long max_redirects;       /* default 5 */
    uint64_t max_size;        /* bytes; a larger answer is refused */
    int allow_http;           /* accept http:// (default: https only) */
    int progress;             /* 1: a progress bar on stderr (a terminal) */
    const char *label;        /* what the progress bar names */
} cli_fetch_opts;

void cli_fetch_opts_init(cli_fetch_opts *o);

typedef struct cli_fetch_result {
    long status;              /* HTTP status of the last answer; 0 if none */
    uint64_t bytes;           /* body bytes written */
    char sha256[65];          /* of the body, lower-case hex */
    char etag[256];           /* validators of the answer, "" if none */
    char last_modified[80];
    char content_type[128];
    char effective_url[1024]; /* after redirects */
    int attempts;
    double seconds;
    char error[512];          /* why it failed, for people */
} cli_fetch_result;

/* Fetches `url` into the file `path` (created or truncated, mode 0644).
 * With `etag` or `last_modified` (may be NULL or "") the request is
 * conditional. Follows at most max_redirects redirects, retries transient
 * failures with back-off, and refuses: any status but 200 and 304, an
 * answer larger than max_size, a transfer cut short, an empty answer, an
 * HTML page or a media type no list has (r->error says which). Returns 0
 * on 200 (the body is in `path`, fsync'd), 1 on 304 Not Modified (`path`
 * is empty), -1 on failure (`path` may hold part of an answer: the caller
 * removes it). curl_global_init must have been called. */
int cli_fetch(const cli_fetch_opts *o, const char *url, const char *etag, const char *last_modified,
              const char *path, cli_fetch_result *r);

/* ---- store.c: the data folder and its snapshots --------------------------------------- */

/* The data folder: `opt` (--data-dir) if given, else $EMBARGO_DATA_DIR;
 * NULL if neither. */
const char *cli_data_dir(const char *opt);

/* One file of a snapshot, as fetched. */
typedef struct cli_snapshot_file {
    char name[128];           /* in the snapshot folder: sdn.csv */
    char url[1024];
    char effective_url[1024];
    char sha256[65];
    char etag[256];
    char last_modified[80];
    char content_type[128];
    uint64_t bytes;
    long status;              /* 200 when fetched; the status of the fetch
                                 that first brought this content */
} cli_snapshot_file;

/* One list a snapshot holds (an OFAC set holds one; a CSL file one). */
typedef struct cli_snapshot_list {
    char name[64];            /* ofac-sdn */
    char date[32];            /* publication date the list states, or "" */
    char sha256[65];          /* as embargo_list_info.sha256 */
    uint32_t entities;
} cli_snapshot_list;

typedef struct cli_snapshot {
    char source[64];
    char id[96];              /* the folder's name: 20240503T184323.123456Z-1a2b3c4d5e6f */
    char path[4096];          /* the folder */
    char fetched_at[40];      /* ISO 8601, UTC */
    char sha256[65];          /* of the folder (or its one file) */
    uint32_t entities;        /* over its lists */
    cli_snapshot_file files[16];
    int nfiles;
    cli_snapshot_list lists[8];
    int nlists;
} cli_snapshot;

/* The snapshots of `source` in dir, newest first, in *out (free()) and
 * *n. A folder without readable metadata is passed over. Returns 0, or -1
 * on an error (printed). */
int cli_store_list(const char *dir, const char *source, cli_snapshot **out, size_t *n);

/* The names of the sources with snapshots in dir, sorted, in *out (each
 * and the array free()); returns how many, or -1 (printed). */
int cli_store_sources(const char *dir, char ***out);

/* Writes s's metadata to PATH/.meta.json (through a temporary file,
 * fsync'd and renamed). Returns 0, or -1 (printed). */
int cli_store_write_meta(const char *path, const cli_snapshot *s);

/* Reads a snapshot's metadata from the folder `path`; 0, or -1 if absent
 * or unreadable. */
int cli_store_read_meta(const char *path, cli_snapshot *s);

/* Whether the file `path` is an OpenSanctions delta: its first line a
 * JSON object with an "op" and an "entity". */
int cli_is_delta(const char *path);

/* fsync a file or folder by path; 0 or -1 (errno). */
int cli_fsync_path(const char *path);

/* Removes a folder and everything in it; 0 or -1. */
int cli_remove_tree(const char *path);

/* Creates a folder and its parents (mode 0755); 0 or -1 (errno). */
int cli_mkdirs(const char *path);

/* The current time as ISO 8601 UTC with microseconds
 * ("2024-05-03T18:43:23.123456Z") and as a folder stamp
 * ("20240503T184323.123456Z"). */
void cli_now(char iso[40], char stamp[40]);

/* ---- entity.c: an entity's content, compared and hashed ------------------------------- */

/* What a listing says, by part; a change is reported per part. */
typedef enum cli_part {
    CLI_PART_TYPE = 0,
    CLI_PART_NAMES,        /* primary name and aliases (derived names left out) */
    CLI_PART_PROGRAMS,
    CLI_PART_BIRTH_DATES,
    CLI_PART_IDENTIFIERS,  /* documents, references, call signs */
    CLI_PART_ADDRESSES,    /* addresses and countries */
    CLI_PART_LISTED_ON,
    CLI_PART_OTHER,        /* every other field */
    CLI_PART__COUNT
} cli_part;

/* "type", "names", "programs", "birth_dates", "identifiers", "addresses",
 * "listed_on", "other". */
const char *cli_part_name(cli_part p);

/* An entity's content: for each part, its values as sorted, distinct,
 * NUL-terminated strings ("aka: KOSACHEV, Konstantin"), owned by the
 * record. */
typedef struct cli_entity_rec {
    char **values[CLI_PART__COUNT];
    size_t count[CLI_PART__COUNT];
} cli_entity_rec;

/* Reads entity e of ix into rec; 0, or -1 out of memory. */
int cli_entity_read(const embargo_index *ix, const embargo_entity *e, cli_entity_rec *rec);
void cli_entity_rec_free(cli_entity_rec *rec);

/* The SHA-256 of a record's content (every part, in order): equal for
 * two listings that say the same, whatever order the list gave them in. */
void cli_entity_hash(const cli_entity_rec *rec, char hex[65]);

/* A record as text, one "part<TAB>value" line per value (tabs and line
 * ends in values made spaces), for the store; and back. The text is
 * malloc'd; parse returns 0 or -1 (out of memory). */
char *cli_entity_rec_text(const cli_entity_rec *rec);
int cli_entity_rec_parse(const char *text, cli_entity_rec *rec);

/* What differs between two records, for people: "programs: + RUSSIA-EO14024;
 * names: - aka: X" ("" if nothing); malloc'd, NULL out of memory. */
char *cli_entity_changes(const cli_entity_rec *old, const cli_entity_rec *now);

/* ---- state.c: the monitor's store (SQLite) --------------------------------------------- */

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;

/* Opens the store at path (creating it and its tables if `create`): WAL,
 * busy timeout busy_ms, full sync, the schema checked. NULL (printed) on
 * failure. Close with sqlite3_close. */
sqlite3 *cli_state_open(const char *path, int busy_ms, int create);

/* Runs SQL without results; 0, or -1 with the error printed. */
int cli_sql(sqlite3 *db, const char *sql);

/* Prepares a statement; NULL with the error printed. */
sqlite3_stmt *cli_prepare(sqlite3 *db, const char *sql);

/* Who runs this: $EMBARGO_USER, else the login name. */
const char *cli_user(void);

/* The list versions of an index as a JSON object {"ref", "lists":[{name,
 * published, sha256, entities}]}; malloc'd, NULL out of memory. */
char *cli_lists_json(const embargo_index *ix);

/* Appends a record to the audit trail, in the caller's transaction: the
 * time, `user`, `action` and three JSON texts (NULL: null), chained to the
 * record before. 0, or -1 (printed). */
int cli_audit_append(sqlite3 *db, const char *user, const char *action, const char *lists, const char *input,
                     const char *result);

/* Walks the audit trail: *count records intact, the hash of the last of
 * them in head. Returns 0 if the whole chain holds, 1 if it breaks
 * (*bad_seq and why say where), -1 on a read error (printed). */
int cli_audit_verify(sqlite3 *db, long long *count, char head[65], long long *bad_seq, char *why, size_t cap);

/* ---- the commands ------------------------------------------------------------------- */

int cmd_update(int argc, char **argv);
int cmd_versions(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_monitor(int argc, char **argv);
int cmd_alerts(int argc, char **argv);
int cmd_decide(int argc, char **argv);
int cmd_audit(int argc, char **argv);

#endif
