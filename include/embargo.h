/*
 * embargo.h - the public C API of embargo, a sanctions-screening engine.
 *
 * embargo loads official sanctions list files into a dataset, builds a
 * compact read-only index from it (kept in memory or written to one file that
 * opens in milliseconds), and screens names against that index with a score in 0..1
 * and an explanation of every match.
 *
 * Ownership, stated once for the whole API:
 *   - Every object returned through an out-parameter (embargo_dataset,
 *     embargo_index, embargo_matcher) is owned by the caller and released with
 *     its *_free / *_close function. Those functions accept NULL.
 *   - Every pointer the library hands out (strings, result arrays, entity
 *     views) points into an object the caller already owns and stays valid
 *     until that object is freed, or, for results, until the next call on the
 *     same matcher. Strings travel as pointer + length and are not
 *     NUL-terminated unless stated.
 *   - The library never prints, exits or aborts. Failures come back as an
 *     embargo_status; parsers also fill an optional embargo_error record.
 *
 * Thread safety, per object: an embargo_index is immutable once built or
 * opened and may be shared by any number of threads. An embargo_matcher and
 * an embargo_scanner hold per-call scratch state and must each be used by
 * one thread at a time: make one per thread over the shared index. An
 * embargo_dataset is used by one thread at a time. Functions that take no
 * object (compare through a matcher of your own, the *_name and *_parse
 * helpers, embargo_version) are safe from any thread.
 *
 * Options structs (embargo_build_options, embargo_screen_options,
 * embargo_scan_options) begin with their own size: fill them with their
 * *_init function, which sets it. A program built against an older header
 * passes a smaller size; the library reads the fields that size covers and
 * takes the defaults for the rest. A larger size (a newer header) is
 * accepted if the bytes the library does not know are zero, and refused
 * with EMBARGO_EINVAL otherwise.
 */
#ifndef EMBARGO_H
#define EMBARGO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The version of this header; embargo_version() gives the library's. A
 * program built against one version runs with a library of the same major
 * version and an equal or newer minor one. */
#define EMBARGO_VERSION_MAJOR 0
#define EMBARGO_VERSION_MINOR 2
#define EMBARGO_VERSION_PATCH 0
#define EMBARGO_VERSION "0.2.0"
#define EMBARGO_VERSION_NUMBER \
    ((EMBARGO_VERSION_MAJOR << 16) | (EMBARGO_VERSION_MINOR << 8) | EMBARGO_VERSION_PATCH)

/* What libembargo.so exports: these declarations and nothing else. */
#if defined(_WIN32) && defined(EMBARGO_BUILDING_DLL)
#define EMBARGO_API __declspec(dllexport)
#elif defined(__GNUC__) || defined(__clang__)
#define EMBARGO_API __attribute__((visibility("default")))
#else
#define EMBARGO_API
#endif

/* The library's version as "MAJOR.MINOR.PATCH", and as
 * EMBARGO_VERSION_NUMBER encodes it. */
EMBARGO_API const char *embargo_version(void);
EMBARGO_API unsigned embargo_version_number(void);

typedef enum embargo_status {
    EMBARGO_OK = 0,
    EMBARGO_ENOMEM,    /* out of memory */
    EMBARGO_EIO,       /* a file could not be read or written */
    EMBARGO_EFORMAT,   /* a list file is malformed (see embargo_error) */
    EMBARGO_EINDEX,    /* an index file is corrupt, truncated or foreign */
    EMBARGO_EVERSION,  /* an index file was written by another format version */
    EMBARGO_EINVAL,    /* a bad argument or option */
    EMBARGO_EQUERY,    /* a query is unusable: empty, too long, bad UTF-8,
                          control characters, or nothing left to match */
    EMBARGO_EUNICODE,  /* the Unicode library (ICU) failed */
    EMBARGO_ENOTFOUND  /* a path or list holds nothing embargo can load */
} embargo_status;

/* Static English text for a status; never NULL. */
EMBARGO_API const char *embargo_strerror(embargo_status status);

/* Where and why a parse failed. `file` and `message` are NUL-terminated and
 * truncated to fit. `line` and `column` count from 1; 0 means unknown. */
typedef struct embargo_error {
    embargo_status code;
    unsigned long line;
    unsigned long column;
    char file[256];
    char message[256];
} embargo_error;

typedef enum embargo_entity_type {
    EMBARGO_TYPE_UNKNOWN = 0,
    EMBARGO_TYPE_PERSON,
    EMBARGO_TYPE_ORGANIZATION,
    EMBARGO_TYPE_VESSEL,
    EMBARGO_TYPE_AIRCRAFT
} embargo_entity_type;

/* "person", "organization", "vessel", "aircraft" or "unknown". */
EMBARGO_API const char *embargo_type_name(embargo_entity_type type);
/* Parses those words (and "individual", "entity", "company", "business");
 * returns EMBARGO_TYPE_UNKNOWN for anything else. */
EMBARGO_API embargo_entity_type embargo_type_parse(const char *s, size_t len);

/* How a name relates to its entity. */
typedef enum embargo_name_kind {
    EMBARGO_NAME_PRIMARY = 0,
    EMBARGO_NAME_AKA,  /* also known as */
    EMBARGO_NAME_FKA,  /* formerly known as */
    EMBARGO_NAME_NKA   /* now known as */
} embargo_name_kind;

EMBARGO_API const char *embargo_name_kind_name(embargo_name_kind kind); /* "primary", "aka", ... */

/* Facts about an entity, each a short UTF-8 string. Dates are ISO 8601
 * ("1962-09-17", "1962-09" or "1962") where the source allows it. */
typedef enum embargo_field_kind {
    EMBARGO_FIELD_PROGRAM = 0,  /* sanctions program, e.g. RUSSIA-EO14024 */
    EMBARGO_FIELD_TITLE,
    EMBARGO_FIELD_BIRTH_DATE,
    EMBARGO_FIELD_BIRTH_PLACE,
    EMBARGO_FIELD_NATIONALITY,
    EMBARGO_FIELD_CITIZENSHIP,
    EMBARGO_FIELD_GENDER,
    EMBARGO_FIELD_ADDRESS,
    EMBARGO_FIELD_COUNTRY,      /* country of an address or registration */
    EMBARGO_FIELD_ID_DOCUMENT,  /* "Passport PW2418905 (Ireland)" */
    EMBARGO_FIELD_VESSEL_CALL_SIGN,
    EMBARGO_FIELD_VESSEL_TYPE,
    EMBARGO_FIELD_VESSEL_TONNAGE,
    EMBARGO_FIELD_VESSEL_GRT,
    EMBARGO_FIELD_VESSEL_FLAG,
    EMBARGO_FIELD_VESSEL_OWNER,
    EMBARGO_FIELD_EMAIL,
    EMBARGO_FIELD_WEBSITE,
    EMBARGO_FIELD_PHONE,
    EMBARGO_FIELD_LINKED_TO,
    EMBARGO_FIELD_REMARK,       /* a remarks item embargo did not classify */
    EMBARGO_FIELD_REMARKS,      /* the whole remarks text, as published */
    EMBARGO_FIELD_LISTED_ON,    /* date the list added the entity (ISO 8601) */
    EMBARGO_FIELD_REFERENCE,    /* the list's own reference (UN QDi.123, UK RUS0001) */
    EMBARGO_FIELD_DATASET,      /* a source of an aggregated record: OpenSanctions'
                                   dataset name (us_ofac_sdn, gb_fcdo_sanctions) */
    EMBARGO_FIELD__COUNT
} embargo_field_kind;

/* Stable snake_case name of a field kind, e.g. "birth_date". */
EMBARGO_API const char *embargo_field_kind_name(embargo_field_kind kind);

/* ------------------------------------------------------------------------
 * Datasets: list files loaded into one entity model.
 * ------------------------------------------------------------------------ */

typedef struct embargo_dataset embargo_dataset;

/* Counts of what a dataset holds, cumulative over every load. */
typedef struct embargo_dataset_stats {
    size_t entities;
    size_t names;          /* every name, primary names included */
    size_t aliases;        /* names that are not primary */
    size_t weak_aliases;
    size_t fields;
    size_t rows;           /* data rows read from list files */
    size_t orphan_rows;    /* alias/address/comment rows whose entity is not
                              in the set; skipped and counted, never silent */
    size_t nameless_rows;  /* rows that give an entity no name at all (nothing
                              to screen); skipped and counted, never silent */
    size_t lists;
} embargo_dataset_stats;

/* Creates an empty dataset. */
EMBARGO_API embargo_status embargo_dataset_new(embargo_dataset **out);

/* Loads a list file, or a folder holding a set of list files (e.g. OFAC's
 * sdn.csv, alt.csv, add.csv, sdn_comments.csv). On failure nothing from this
 * call is added to the dataset and `err` (may be NULL) says where the input is
 * broken: file, line, column and message. */
EMBARGO_API embargo_status embargo_dataset_load(embargo_dataset *ds, const char *path,
                                    embargo_error *err);

EMBARGO_API void embargo_dataset_stats_get(const embargo_dataset *ds, embargo_dataset_stats *out);

/* The notes of the loads into `ds`: findings that did not stop a load, for
 * the user to see as warnings, oldest first. Each is a record like an
 * error: code, file, line, column, message. EMBARGO_EFORMAT: something in
 * a list file is wrong, e.g. a line that is not valid UTF-8 (its bad bytes
 * were read as U+FFFD); EMBARGO_ENOTFOUND: a file in a folder that no
 * loader knows was passed over; EMBARGO_OK: information, e.g. a file was
 * read as Windows-1252. The first 100 are kept; when there were more, one
 * last record (code EMBARGO_OK, no file) says how many more. A failed load
 * adds none. Sets *notes (may be NULL) to the records, NULL if there are
 * none, valid until the next load into `ds` or its free; returns how many
 * there are. */
EMBARGO_API size_t embargo_dataset_notes(const embargo_dataset *ds, const embargo_error **notes);
EMBARGO_API void embargo_dataset_free(embargo_dataset *ds);

/* ------------------------------------------------------------------------
 * The index: built once from a dataset, read-only afterwards.
 * ------------------------------------------------------------------------ */

typedef struct embargo_index embargo_index;

/* Called now and then during long operations with the work done so far and
 * the total (same unit, total may be 0 if unknown). */
typedef void (*embargo_progress_fn)(void *ctx, const char *stage,
                                    size_t done, size_t total);

typedef struct embargo_build_options {
    size_t size;                    /* sizeof(embargo_build_options) */
    embargo_progress_fn progress;   /* may be NULL */
    void *progress_ctx;
    uint32_t flags;                 /* EMBARGO_BUILD_* */
} embargo_build_options;

/* Build without grouping the entries of different lists (faster; every
 * entity is then alone: embargo_index_group returns it only). */
#define EMBARGO_BUILD_NO_GROUPS 1u

/* Fills `opts` with the defaults. */
EMBARGO_API void embargo_build_options_init(embargo_build_options *opts);

/* An index holds at most this many lists (list masks are 64 bits); building
 * from a dataset of more fails with EMBARGO_EINVAL and says so. */
#define EMBARGO_MAX_LISTS 64

/* Builds an index in memory from a dataset, in stages: the names and their
 * search tables, then the groups of entries that are one person or
 * organisation on several lists (found by screening the index just built),
 * then the final image. `opts` may be NULL. The dataset is not needed
 * afterwards. */
EMBARGO_API embargo_status embargo_index_build(const embargo_dataset *ds,
                                   const embargo_build_options *opts,
                                   embargo_index **out, embargo_error *err);

/* Builds an index of some of ix's entities: the n positions in
 * `entities` (each at most once), each as ix holds it -- id, list, type,
 * published names with their kinds and weak flags, fields; the names a
 * build derives are derived again. Every list of ix is kept, in order, with
 * its source, date and SHA-256, so that list masks select the same lists.
 * A name's tokens are weighed by a constant table, not by the index, so
 * screening the subset scores each of its entities as screening ix does;
 * only the competition among candidates (at most 48 names scored per query)
 * is smaller. For re-screening against what a list update touched. `opts`
 * as for embargo_index_build (EMBARGO_BUILD_NO_GROUPS: the fast way).
 * EMBARGO_EINVAL for a position out of range or given twice (`err` says
 * which). */
EMBARGO_API embargo_status embargo_index_subset(const embargo_index *ix, const uint32_t *entities, size_t n,
                                                const embargo_build_options *opts, embargo_index **out,
                                                embargo_error *err);

/* Writes an index to `path` atomically: a temporary file of an unpredictable
 * name is created beside it (never following a symlink), written, flushed
 * and renamed over `path`, then the folder is flushed; on any failure the
 * temporary file is removed and `path` is as it was. This is also the safe
 * way for any program to replace an index others may be opening: write
 * elsewhere in the same folder, then rename; never rewrite it in place. */
EMBARGO_API embargo_status embargo_index_save(const embargo_index *ix, const char *path,
                                  embargo_error *err);

/* Opens an index file. The file is read into memory of the index's own, so
 * that a file replaced or even rewritten in place later cannot change an
 * open index (a file that changes while it is read fails its checksum).
 * The header, checksum and every internal offset are checked; a corrupt,
 * truncated or foreign file is refused with EMBARGO_EINDEX or
 * EMBARGO_EVERSION, anything but a regular file with EMBARGO_EIO, each with
 * a message in `err`. */
EMBARGO_API embargo_status embargo_index_open(const char *path, embargo_index **out,
                                  embargo_error *err);

/* Opens an index image held in memory (the bytes of an index file), checked
 * as embargo_index_open checks a file. The bytes are copied: the caller may
 * free them on return. */
EMBARGO_API embargo_status embargo_index_open_memory(const void *data, size_t size,
                                                     embargo_index **out, embargo_error *err);

EMBARGO_API void embargo_index_close(embargo_index *ix);

/* One source list an index was built from. */
typedef struct embargo_list_info {
    const char *name;      /* "ofac-sdn", "ofac-cons" (NUL-terminated) */
    const char *source;    /* the path it was loaded from */
    const char *date;      /* publication date if known, else "" */
    uint32_t entities;
    const char *sha256;    /* the version: SHA-256 (64 lower-case hex digits) of
                              the file it was loaded from, or for a folder of
                              files (OFAC's set) of the listing "HASH  NAME"
                              of its files, as sha256sum prints it; "" if
                              unknown (a list assembled from several loads) */
} embargo_list_info;

typedef struct embargo_index_info {
    uint32_t format_version;
    uint32_t entities;
    uint32_t names;
    uint32_t tokens;       /* distinct token keys */
    uint32_t lists;
    uint64_t bytes;        /* size of the index image */
    uint64_t built_at;     /* Unix time */
} embargo_index_info;

EMBARGO_API void embargo_index_info_get(const embargo_index *ix, embargo_index_info *out);
/* Returns EMBARGO_EINVAL if i >= info.lists. */
EMBARGO_API embargo_status embargo_index_list(const embargo_index *ix, uint32_t i,
                                  embargo_list_info *out);

/* The reference of the list versions an index holds: 32 lower-case hex
 * digits (and a NUL), the first half of the SHA-256 of every list's name,
 * publication date, content hash (embargo_list_info.sha256) and entity
 * count, in index order. Two indexes of the same list versions have the
 * same reference, so a result that carries it can be replayed against the
 * lists it was screened against. `out` has room for EMBARGO_REFERENCE_SIZE
 * bytes. */
#define EMBARGO_REFERENCE_SIZE 33
EMBARGO_API void embargo_index_reference(const embargo_index *ix, char *out);

/* The jurisdiction a list belongs to: "US", "UK", "EU", "UN", or the
 * list's own name for others (NUL-terminated, static). */
EMBARGO_API const char *embargo_list_jurisdiction(const char *list_name);

/* The jurisdiction of an official sanctions list as an aggregator names its
 * dataset (OpenSanctions: "us_ofac_sdn" -> "US", "gb_fcdo_sanctions" -> "UK",
 * "eu_fsf" -> "EU", "un_sc_sanctions" -> "UN", "ch_seco_sanctions" -> "CH"),
 * or NULL for a dataset that is no government's sanctions list (registries,
 * PEP lists, exclusions). `name` is len bytes, not NUL-terminated. */
EMBARGO_API const char *embargo_dataset_jurisdiction(const char *name, size_t len);

/* Parses a comma-separated selection of lists and jurisdictions
 * ("ofac-sdn,uk", "US,EU") into a mask of the index's lists (bit i: list i;
 * an index has at most EMBARGO_MAX_LISTS).
 * EMBARGO_EINVAL if a word names neither a list of the index nor a
 * jurisdiction of one; `bad` (may be NULL) then points at that word. */
EMBARGO_API embargo_status embargo_index_list_mask(const embargo_index *ix, const char *selection,
                                       uint64_t *mask, const char **bad);

/* Whether entities a and b of an index are the same person or organisation
 * on different lists: their names match strongly (name_score, from the
 * caller's comparison, >= 0.85) AND something beyond the name agrees: the
 * full birth date, the birth year together with a nationality, an identity
 * document or registration number, (organisations) the country with a
 * near-identical name, or, when one list gives no birth date at all, a
 * near-identical name under the same country's sanctions programme. Never
 * on the name alone. On 1, `evidence` (cap
 * bytes, may be NULL) says what agreed. */
EMBARGO_API int embargo_index_same_entity(const embargo_index *ix, uint32_t a, uint32_t b, double name_score,
                              char *evidence, size_t cap);

/* The same person or organisation on several lists, as grouped when the
 * index was built (docs/index-format.md, "Groups"): candidates from
 * screening each entity's names against the other lists and from entries of
 * one list sharing a name or a document number; a pair is joined only when
 * embargo_index_same_entity accepts it, strongest name scores first, never
 * joining two entries whose full birth dates differ. Two entries of one
 * list join only on a document number, or on a birth date with the same
 * name (a list naming one person twice, under two programmes).
 * Writes entity i and the other members of its group to members (cap
 * entries, i first, the others in index order) and returns how many were written: 1 for an entity
 * alone, 0 if i is out of range. */
EMBARGO_API size_t embargo_index_group(const embargo_index *ix, uint32_t i, uint32_t *members, size_t cap);

/* Whether entities a and b are in one group (a == b included). */
EMBARGO_API int embargo_index_same_group(const embargo_index *ix, uint32_t a, uint32_t b);

/* Why entity i is in its group: *via (may be NULL) receives the member whose
 * comparison joined it, and `evidence` (cap bytes, may be NULL) what agreed
 * ("name 0.97; birth date 1962-09-17"). Returns 0, with evidence "", for the
 * member a group grew from and for an entity alone. */
EMBARGO_API int embargo_index_group_evidence(const embargo_index *ix, uint32_t i, uint32_t *via,
                                 char *evidence, size_t cap);

/* A read-only view of one entity; all strings point into the index. */
typedef struct embargo_entity {
    uint32_t index;        /* position in the index, 0..entities-1 */
    const char *id;        /* "ofac-sdn:24231" */
    size_t id_len;
    const char *list;      /* "ofac-sdn" (NUL-terminated) */
    embargo_entity_type type;
    const char *name;      /* the primary name as published */
    size_t name_len;
    uint32_t name_count;   /* names including the primary one */
    uint32_t field_count;
} embargo_entity;

EMBARGO_API embargo_status embargo_index_entity(const embargo_index *ix, uint32_t i,
                                    embargo_entity *out);
/* Finds an entity by its id ("ofac-sdn:24231"). EMBARGO_ENOTFOUND if none. */
EMBARGO_API embargo_status embargo_index_find(const embargo_index *ix, const char *id,
                                  size_t len, embargo_entity *out);

typedef struct embargo_name {
    const char *text;
    size_t len;
    embargo_name_kind kind;
    int weak;              /* a weak alias: evidence, not an alert on its own */
    int derived;           /* not published as such: a published name without
                              the acronym it ends with ("GLOBAL RELIEF
                              FOUNDATION" of "... FOUNDATION (GRF)") */
} embargo_name;

EMBARGO_API embargo_status embargo_entity_name(const embargo_index *ix, const embargo_entity *e,
                                   uint32_t i, embargo_name *out);

typedef struct embargo_field {
    embargo_field_kind kind;
    const char *text;
    size_t len;
} embargo_field;

EMBARGO_API embargo_status embargo_entity_field(const embargo_index *ix, const embargo_entity *e,
                                    uint32_t i, embargo_field *out);

/* ------------------------------------------------------------------------
 * Matching.
 * ------------------------------------------------------------------------ */

/* How one query token was paired with one list-name token. */
typedef enum embargo_pair_kind {
    EMBARGO_PAIR_EXACT = 0,     /* the same normalised token */
    EMBARGO_PAIR_TRANSLIT,      /* the same romanisation key (Kosachyov ~ Kosachev) */
    EMBARGO_PAIR_PHONETIC,      /* the same phonetic skeleton */
    EMBARGO_PAIR_EDIT,          /* within the edit-distance budget */
    EMBARGO_PAIR_INITIAL,       /* an initial and a name that starts with it */
    EMBARGO_PAIR_JOINED,        /* tokens written together or apart */
    EMBARGO_PAIR_LEGAL_FORM,    /* equivalent company forms (OOO ~ LLC) */
    EMBARGO_PAIR_QUERY_ONLY,    /* a query token with no partner */
    EMBARGO_PAIR_NAME_ONLY      /* a list-name token with no partner */
} embargo_pair_kind;

EMBARGO_API const char *embargo_pair_kind_name(embargo_pair_kind kind); /* "exact", ... */

typedef struct embargo_pair {
    embargo_pair_kind kind;
    const char *query;      /* query token as normalised; NULL if none */
    size_t query_len;
    const char *name;       /* list-name token as normalised; NULL if none */
    size_t name_len;
    float similarity;       /* 0..1 */
    float weight;           /* the pair's share of the evidence */
} embargo_pair;

/* The explanation of one name comparison. */
typedef struct embargo_explanation {
    const embargo_pair *pairs;
    size_t pair_count;
    const char *note;       /* a short remark ("weak alias", ...) or "" */
} embargo_explanation;

typedef struct embargo_match {
    embargo_entity entity;
    uint32_t name_index;    /* which of the entity's names matched best */
    const char *matched_name;
    size_t matched_name_len;
    double score;           /* 0..1 */
    embargo_explanation explanation;
} embargo_match;

/* The default threshold, chosen from measurements (docs/scoring.md). */
#define EMBARGO_DEFAULT_THRESHOLD 0.80

typedef struct embargo_screen_options {
    size_t size;            /* sizeof(embargo_screen_options) */
    double threshold;       /* report matches at or above; default 0.80 */
    uint32_t limit;         /* at most this many matches; default 10 */
    uint32_t type_mask;     /* bit (1u << type) per allowed type; 0 = all */
    const char *birth_date; /* "1962", "1962-09-17" or NULL: evidence */
    const char *country;    /* country name or NULL: evidence */
    uint32_t flags;         /* EMBARGO_SCREEN_* */
    uint64_t list_mask;     /* bit i: the index's list i (embargo_index_list_mask);
                               0 = every list */
    uint32_t candidates;    /* listed names scored in full, best first by
                               estimate; 0 = the default (48), at most 48 */
} embargo_screen_options;

/* Candidate search without typo neighbourhoods: faster, and a misspelt word
 * then finds its name only through the other words of the query (scanning
 * uses it: text is rarely misspelt, and its names are many). */
#define EMBARGO_SCREEN_NO_TYPO_SEARCH 1u

/* The query is no payment field: its last word is never read as cut at
 * the field's width of 35 characters (NOUREDDINE BEN ALI BEN BELKASSEM DR
 * for ... DRISSI). Scanning sets it: a run of 35 characters of running
 * text ends where the text does, not where a field did. */
#define EMBARGO_SCREEN_NO_FIELD_CUT 2u

/* Fills `opts` with the defaults. */
EMBARGO_API void embargo_screen_options_init(embargo_screen_options *opts);

typedef struct embargo_matcher embargo_matcher;

/* Creates a matcher over an index (which must outlive it). */
EMBARGO_API embargo_status embargo_matcher_new(const embargo_index *ix, embargo_matcher **out);
EMBARGO_API void embargo_matcher_free(embargo_matcher *m);

/* Screens one name. On EMBARGO_OK, *matches points to *count matches sorted
 * best first, valid until the next call on `m`. A bad query returns
 * EMBARGO_EQUERY and embargo_matcher_message() says why. */
EMBARGO_API embargo_status embargo_matcher_screen(embargo_matcher *m, const char *name, size_t len,
                                      const embargo_screen_options *opts,
                                      const embargo_match **matches, size_t *count);

/* Checks screening options without screening: a threshold out of range, an
 * options struct of an unknown size (EMBARGO_EINVAL), a birth date that is
 * not an ISO 8601 date or a country no name or code of which is known
 * (EMBARGO_EQUERY); embargo_matcher_message() says why. For a caller that
 * gives the same evidence for many names and wants one error, not one per
 * name. */
EMBARGO_API embargo_status embargo_matcher_check_options(embargo_matcher *m,
                                                         const embargo_screen_options *opts);

/* A human-readable reason for the last failure on this matcher. */
EMBARGO_API const char *embargo_matcher_message(const embargo_matcher *m);

/* Compares two names without an index. On EMBARGO_OK the score is in
 * *score and the explanation (valid until the next call on `m`) in *expl.
 * `m` may be a matcher made with a NULL index for this purpose. compare
 * has no entity, so it knows no name's other names: an acronym alias is
 * read as a word here (compare "Yara" "IARA" gives 0.950), while a screen,
 * whose index marks IARA as the acronym of ISLAMIC AFRICAN RELIEF AGENCY,
 * pairs it only with a query that spells it and finds nothing for Yara. */
EMBARGO_API embargo_status embargo_matcher_compare(embargo_matcher *m,
                                       const char *a, size_t alen,
                                       const char *b, size_t blen,
                                       double *score,
                                       const embargo_explanation **expl);

/* Tells compare what kind of entity the second name belongs to (costs of
 * omitted words differ for people and organisations). Default: unknown,
 * guessed from legal forms such as LLC or GmbH. */
EMBARGO_API void embargo_matcher_set_type(embargo_matcher *m, embargo_entity_type type);

/* ------------------------------------------------------------------------
 * Scanning free text: every listed person or organisation a document names.
 * ------------------------------------------------------------------------ */

typedef struct embargo_scanner embargo_scanner;

typedef struct embargo_scan_options {
    size_t size;              /* sizeof(embargo_scan_options) */
    double threshold;         /* as for screening; default 0.80 */
    uint32_t type_mask;       /* bit (1u << type) per allowed type; 0 = all */
    int html;                 /* the document is HTML: tags, scripts, styles and
                                 entities are removed; offsets still refer to
                                 the original bytes */
    const char *date;         /* the document's date (ISO 8601), for ages such as
                                 "the 29-year-old"; NULL: found in the text if it
                                 states one near the top, else unknown */
    uint64_t list_mask;       /* as for screening; 0 = every list */
    const char *charset;      /* the documents' charset ("windows-1251", "koi8-r",
                                 "shift_jis", "utf-16le": a WHATWG label or any
                                 name ICU knows), as an HTTP Content-Type header
                                 would give it: it beats a meta tag, not a byte
                                 order mark. NULL: detected per document (see
                                 embargo_scanner_note). Copied: need not outlive
                                 the call. An unknown name: EMBARGO_EINVAL */
} embargo_scan_options;

EMBARGO_API void embargo_scan_options_init(embargo_scan_options *opts);

/* One mention of a listed entity in the document. Offsets are in bytes and
 * in characters (Unicode code points) of the original document, end
 * exclusive (for a document in another charset than UTF-8: its bytes, and
 * the code points they decode to). `text` points into the document for
 * plain text read as UTF-8, or into scanner memory for HTML and for a
 * decoded document (its UTF-8 text; valid during the callback). */
typedef struct embargo_mention {
    embargo_entity entity;
    uint64_t start, end;
    uint64_t char_start, char_end;
    const char *text;
    size_t len;
    double score;
    const char *matched_name;  /* the listed name it matched */
    size_t matched_name_len;
    embargo_entity matched_entity; /* the entry that name is of: `entity`, or
                                      another list's entry of the same person
                                      (a person is reported once, as the
                                      entry first found) */
    const char *how;           /* "name", "surname after an earlier full mention",
                                  "single-word name" */
} embargo_mention;

/* Called for each mention, in document order. Return non-zero to stop. */
typedef int (*embargo_mention_fn)(void *ctx, const embargo_mention *m);

/* A listed entity the document mentions, with what the text says of it. */
typedef struct embargo_scan_hit {
    embargo_entity entity;
    double score;              /* best over its mentions */
    uint32_t mentions;
    uint64_t first_start;      /* byte offset of the first mention */
    const char *evidence;      /* "age 29 agrees with birth date 1988-11-10; ..." or "" */
} embargo_scan_hit;

/* Creates a scanner over an index (which must outlive it). `opts` may be
 * NULL for the defaults. One scanner per thread. */
EMBARGO_API embargo_status embargo_scanner_new(const embargo_index *ix, const embargo_scan_options *opts,
                                   embargo_scanner **out);
EMBARGO_API void embargo_scanner_free(embargo_scanner *s);

/* Scans one document of `len` bytes (any size: it is walked in windows of
 * bounded size; pass an mmap'd file for large inputs). Its charset is the
 * caller's (options), or found from a byte order mark, an HTML meta tag or
 * an XML declaration, or from the bytes themselves; a document not in UTF-8
 * is decoded with ICU as it is walked, and offsets still point into its
 * original bytes. Invalid bytes, NUL bytes and binary content are tolerated
 * (scanned as best as possible); embargo_scanner_note says how the document
 * was read and what was doubtful. Mentions go to `fn` in text order, a
 * window (64 KB) at a time, when it has been read. Afterwards
 * embargo_scanner_hits gives the entities found, in order of first
 * mention. */
EMBARGO_API embargo_status embargo_scanner_scan(embargo_scanner *s, const char *doc, size_t len,
                                    embargo_mention_fn fn, void *ctx);

/* Whether the start of a document looks like HTML (a DOCTYPE, <html>, or
 * several common tags early on; also in UTF-16), for callers choosing the
 * html option. */
EMBARGO_API int embargo_looks_like_html(const char *data, size_t len);

/* The entities of the last scanned document; valid until the next scan. */
EMBARGO_API void embargo_scanner_hits(const embargo_scanner *s, const embargo_scan_hit **hits, size_t *count);

/* What made the reading of a document doubtful (embargo_scanner_note). */
#define EMBARGO_SCAN_CHARSET_GUESSED 1u     /* no charset declared or given, and
                                               the bytes are not valid UTF-8: the
                                               charset read is a guess */
#define EMBARGO_SCAN_CHARSET_UNSUPPORTED 2u /* the declared charset is none ICU
                                               knows; it was ignored */
#define EMBARGO_SCAN_CHARSET_INVALID 4u     /* some bytes are not valid in the
                                               charset read: replaced (a name in
                                               them cannot be found) */
#define EMBARGO_SCAN_CHARSET_OVERRIDDEN 8u  /* the declaration (or the caller's
                                               charset) was not followed: a byte
                                               order mark said otherwise, or the
                                               bytes are valid UTF-8 (or are not)
                                               against what the page declares */

/* How the last scanned document was read, as one line of text for people:
 * the charset and where it came from, and anything doubtful, e.g.
 *   "charset windows-1251, from the page's meta tag"
 *   "charset windows-1251, a guess: no charset declared and not UTF-8
 *    (invalid byte at 12); ICU's detector is 49% sure"
 *   "charset UTF-8, from the page's meta tag; 3 bytes not valid in it (the
 *    first at byte 512) read as U+FFFD"
 * *charset (if not NULL) gets the charset's name ("UTF-8", "windows-1251",
 * "UTF-16LE") and *flags (if not NULL) the EMBARGO_SCAN_CHARSET_* bits:
 * 0 when the document was read as it says it is (or, undeclared, as the
 * valid UTF-8 it is). A caller that must not miss a name treats any flag
 * as a reason to look again (or to scan again with the right charset).
 * Valid until the next scan; "" (and 0) before the first. Already set
 * when the first mention is reported (invalid bytes are counted as the
 * reading goes), and after a scan stopped early it covers what was read. */
EMBARGO_API const char *embargo_scanner_note(const embargo_scanner *s, const char **charset,
                                             unsigned *flags);

/* Limits on a query. */
#define EMBARGO_MAX_QUERY_BYTES 1024
#define EMBARGO_MAX_QUERY_TOKENS 24

#ifdef __cplusplus
}
#endif
#endif /* EMBARGO_H */
