/*
 * ftm.c - loader for OpenSanctions data: FollowTheMoney (FtM) entity files,
 * their delta files, OpenSanctions' Senzing export and its
 * targets.simple.csv export.
 *
 * FtM entity files (entities.ftm.json, targets.nested.json) hold one JSON
 * object per line: {"id", "schema", "caption", "properties": {prop: [values]},
 * "datasets", "first_seen", "last_seen", "last_change", "target"}. Delta
 * files (entities.delta.json) hold {"op": "ADD"|"MOD"|"DEL", "entity": {...}}
 * lines. A file may mix both, so a base file followed by its deltas
 * (cat entities.ftm.json entities.delta.json) is one load: records apply in
 * file order, ADD and MOD (and a plain record) replace the entity of the
 * same id, DEL removes it; a DEL of an id the file did not hold is counted
 * (orphan_rows), not an error. Deltas cannot change entities published by an
 * earlier load: the dataset publishes all or nothing and never edits, and
 * the linked records an entity was joined with (its Sanctions, Addresses,
 * ...) are not kept after its load. So a delta file loaded after its base
 * as a file of its own is refused at its first ADD, MOD or DEL of an entity
 * the base published (its ADDs of new entities alone would load; a DEL
 * silently ignored would keep a delisted entity), as is a file loaded
 * twice.
 *
 * What is loaded. Entities of the schemas Person (person); Organization,
 * Company, LegalEntity, PublicBody (organization); Vessel (vessel); Airplane
 * (aircraft), whether or not OpenSanctions marks them as a "target" (the
 * companies and relatives around a target are screened too; those marked
 * "target": false carry a remark saying so). Records of the schemas Sanction,
 * Address, Passport, Identification, Occupancy and Position are kept and,
 * once the whole file is read, joined onto the entity they name (second
 * pass): a Sanction's "entity", an Identification's or Occupancy's "holder",
 * an entity's "addressEntity". Every other schema (Family, Ownership,
 * Payment, ...) is skipped and counted. Entities nested inside a record
 * (targets.nested.json) are joined onto it directly.
 *
 * Mapping:
 *   caption                  primary name (FtM's display name; the "name"
 *                            values are an unordered set, so name[0] may be
 *                            a surname alone); without a caption name[0],
 *                            then alias, previousName, weakAlias, then
 *                            firstName middleName lastName
 *   name, alias              AKA;  previousName FKA;  weakAlias, abbreviation AKA weak
 *   birthDate                BIRTH_DATE (ISO 8601 already)
 *   birthPlace, birthCountry BIRTH_PLACE
 *   nationality              NATIONALITY;  citizenship CITIZENSHIP
 *   country, jurisdiction    COUNTRY
 *   gender                   GENDER
 *   passportNumber, idNumber, taxNumber, registrationNumber, innCode, ...
 *                            ID_DOCUMENT, labelled ("Passport 12345")
 *   address, Address record  ADDRESS (and COUNTRY of the Address)
 *   position, title, Occupancy -> Position name     TITLE
 *   email, website, phone    EMAIL, WEBSITE, PHONE
 *   callSign, type, tonnage, grossRegisteredTonnage, flag   VESSEL_* (vessels)
 *   programId                PROGRAM, unless Sanction records give the
 *                            entity its programs (they name the same ones)
 *   notes                    REMARKS
 *   topics                   REMARK "topics: sanction, role.pep", and for
 *                            role.pep / role.rca a REMARK naming the entity a
 *                            politically exposed person or a relative or close
 *                            associate of one, so PEPs are told from
 *                            sanctions targets
 *   datasets                 DATASET per name (us_ofac_sdn, ...): the
 *                            jurisdictions of a merged record
 *                            (embargo_dataset_jurisdiction)
 *   Sanction                 LISTED_ON its startDate (else listingDate),
 *                            PROGRAM "<program> (<authority>)" (program if
 *                            short, else programId, else program, else a
 *                            short reason), REMARK when it has an endDate
 *   first_seen               LISTED_ON (date part) when no Sanction gave one
 * LISTED_ON values are sorted, so the first is the earliest. Country values
 * are ISO 3166-1 codes ("ru"); they become English names ("Russia") through
 * ICU's display names (with a few names made plainer: "Democratic Republic of
 * the Congo", "Hong Kong", "Saint Kitts and Nevis"), and OpenSanctions' own
 * codes for historic and disputed places ("suhh" Soviet Union, "ua-cri"
 * Crimea) by a small table, because the other lists give names and
 * screening compares a user's country with them. Anything else is kept as
 * given. Property values are arrays of strings; a lone string is taken as a
 * one-value array and other JSON values are ignored.
 *
 * Senzing: OpenSanctions also exports its data in Senzing's entity format
 * (senzing.json, JSON lines; watchman's peps_senzing.json is a JSON array of
 * flat records). This file reads those files as it reads FtM ones; the
 * records are mapped in ftm_senzing.c.
 *
 * targets.simple.csv: OpenSanctions' flat export, one CSV row per target
 * (id, schema, name, aliases, birth_date, countries, ...), is recognised by
 * its header, read and mapped in ftm_simple.c into the same load state, and
 * finished here like an FtM file: the same list, ids, country names, nameless
 * and skipped counts, first_seen as LISTED_ON and file date. ftm_int.h holds
 * the load state; ftm_common.c the helpers the three readers share.
 *
 * The list is "opensanctions" (a Senzing file whose DATA_SOURCE is not an
 * OpenSanctions one: "senzing"); ids are "opensanctions:<FtM id>". The list
 * date is the newest last_change / last_seen (Senzing: LAST_CHANGE) of the
 * file, date part, else the folder's publication-date file.
 *
 * Strictness: a line that is not valid JSON (file:line:column, the column
 * from jansson), not an object, an entity without "id" or "schema", a
 * "properties" that is not an object, an unknown "op", a line longer than
 * 64 MB, a name longer than 4 KB or a value longer than 64 KB fail the whole
 * load with EMBARGO_EFORMAT; empty lines are allowed. jansson refuses input
 * nested deeper than JSON_PARSER_MAX_DEPTH (2048) with an error, so deep
 * nesting cannot exhaust the stack, and nothing here recurses. The file is
 * read in a buffer of at most one line, so a file of any size loads in
 * memory proportional to what it publishes.
 */
#include "ftm_int.h"
#include "listfile.h"
#include "loader.h"
#include "../base/alloc.h"
#include "../base/date.h"
#include "../base/str.h"

#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* jansson parses recursively; its compiled-in depth limit bounds the stack. */
_Static_assert(JSON_PARSER_MAX_DEPTH <= 4096, "jansson's nesting limit bounds its recursion");

#define FTM_MAX_LINE ((size_t)64 << 20)
#define FTM_CHUNK ((size_t)1 << 20)

/* ---- reading lines ------------------------------------------------------- */

typedef struct line_reader {
    FILE *f;
    char *buf;
    size_t cap, start, scan, end;
    int eof;
} line_reader;

enum { LR_END = 0, LR_LINE = 1, LR_TOO_LONG = -1, LR_EIO = -2, LR_ENOMEM = -3 };

/* The next line, without its newline, in *s and *n (valid until the next call). */
static int next_line(line_reader *r, const char **s, size_t *n) {
    for (;;) {
        char *nl = r->end > r->scan ? memchr(r->buf + r->scan, '\n', r->end - r->scan) : NULL;
        if (nl) {
            *s = r->buf + r->start;
            *n = (size_t)(nl - (r->buf + r->start));
            r->start = r->scan = (size_t)(nl - r->buf) + 1;
            return LR_LINE;
        }
        r->scan = r->end;
        if (r->end - r->start > FTM_MAX_LINE) {
            *n = r->end - r->start;
            return LR_TOO_LONG;
        }
        if (r->eof) {
            if (r->end == r->start) return LR_END;
            *s = r->buf + r->start;
            *n = r->end - r->start;
            r->start = r->scan = r->end;
            return LR_LINE;
        }
        if (r->start > 0) {
            memmove(r->buf, r->buf + r->start, r->end - r->start);
            r->end -= r->start;
            r->scan -= r->start;
            r->start = 0;
        }
        if (r->end == r->cap) {
            /* doubling as EMB_GROW does, but capped at the longest line
             * taken, so that a line too long costs no more than that */
            size_t cap = r->cap ? r->cap * 2 : FTM_CHUNK;
            if (cap > FTM_MAX_LINE + 2) cap = FTM_MAX_LINE + 2;
            char *b = emb__realloc(r->buf, cap);
            if (!b) return LR_ENOMEM;
            r->buf = b;
            r->cap = cap;
        }
        size_t got = fread(r->buf + r->end, 1, r->cap - r->end, r->f);
        r->end += got;
        if (got == 0) {
            if (ferror(r->f)) return LR_EIO;
            r->eof = 1;
        }
    }
}

/* ---- the top-level keys of a JSON object, for sniffing ---------------------- */

enum { K_ID = 1, K_SCHEMA = 2, K_PROPS = 4, K_OP = 8, K_ENTITY = 16, K_DS = 32, K_RID = 64 };

/* Scans the object starting at p[0] == '{' without parsing it: returns the
 * keys of interest seen at its top level; *end is the offset after its
 * closing brace, or 0 if it did not close within n bytes (or before a
 * newline, if `one_line`). */
static unsigned scan_object(const unsigned char *p, size_t n, int one_line, size_t *end) {
    static const struct { const char *key; unsigned bit; } KEYS[] = {
        { "id", K_ID }, { "schema", K_SCHEMA }, { "properties", K_PROPS }, { "op", K_OP },
        { "entity", K_ENTITY }, { "DATA_SOURCE", K_DS }, { "RECORD_ID", K_RID },
    };
    unsigned keys = 0;
    int depth = 0, in_str = 0, is_key = 0, expect_key = 0;
    size_t key_start = 0;
    *end = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        if (in_str) {
            if (c == '\\') i++;
            else if (c == '\n') return keys;
            else if (c == '"') {
                in_str = 0;
                if (is_key) {
                    for (size_t k = 0; k < sizeof(KEYS) / sizeof(KEYS[0]); k++)
                        if (strlen(KEYS[k].key) == i - key_start &&
                            memcmp(KEYS[k].key, p + key_start, i - key_start) == 0)
                            keys |= KEYS[k].bit;
                }
            }
            continue;
        }
        switch (c) {
        case '"':
            in_str = 1;
            is_key = depth == 1 && expect_key;
            key_start = i + 1;
            break;
        case '{': case '[':
            depth++;
            expect_key = depth == 1;
            break;
        case '}': case ']':
            if (--depth == 0) {
                *end = i + 1;
                return keys;
            }
            break;
        case ',':
            if (depth == 1) expect_key = 1;
            break;
        case ':':
            if (depth == 1) expect_key = 0;
            break;
        case '\n':
            if (one_line) return keys;
            break;
        default:
            break;
        }
    }
    return keys;
}

static int ftm_sniff(const char *path, const unsigned char *h, size_t n) {
    (void)path;
    int simple = emb__ftm_simple_sniff(h, n);
    if (simple) return simple;
    size_t i = 0;
    if (n >= 3 && h[0] == 0xef && h[1] == 0xbb && h[2] == 0xbf) i = 3;
    i = emb__skip_space((const char *)h, i, n);
    if (i < n && h[i] == '[') {
        /* a JSON array of Senzing records (watchman's peps_senzing.json) */
        i = emb__skip_space((const char *)h, i + 1, n);
        if (i >= n || h[i] != '{') return 0;
        size_t end;
        unsigned k = scan_object(h + i, n - i, 0, &end);
        return (k & K_DS) && (k & K_RID) ? 90 : 0;
    }
    if (i >= n || h[i] != '{') return 0;
    size_t end;
    unsigned k = scan_object(h + i, n - i, 1, &end);
    int score = 0;
    if (((k & K_ID) && (k & K_SCHEMA)) || ((k & K_OP) && (k & K_ENTITY))) score = 95;
    else if ((k & K_DS) && (k & K_RID)) score = 90;
    else if (!end && (k & K_ID) && (k & K_PROPS)) score = 80; /* "schema" after a long "properties" */
    if (!score || !end) return score; /* a first line longer than the head: keys decide */
    json_error_t je;
    json_t *o = json_loadb((const char *)h + i, end, 0, &je);
    int ok = o && json_is_object(o);
    json_decref(o);
    return ok ? score : 40; /* ours, but broken: loading will say where */
}

/* ---- load state ------------------------------------------------------------- */

enum { A_SANCTION = 1, A_ADDRESS, A_DOCUMENT, A_OCCUPANCY, A_POSITION };

struct adj_val {
    const char *text;
    uint32_t len;
    uint8_t kind;               /* embargo_field_kind */
};

/* A record joined onto the entities it names (or that name it). */
struct adj {
    uint8_t kind;               /* A_* */
    uint32_t nlinks, nposts, nvals;
    const char **links;         /* ids of the entities it belongs to */
    uint32_t *link_lens;
    const char **posts;         /* Occupancy: ids of Position records */
    uint32_t *post_lens;
    adj_val *vals;              /* the fields it gives them */
};

/* An entity's addressEntity reference, resolved after the file is read. */
struct pend {
    uint32_t rec, gen, len;
    const char *id;
};

/* ---- JSON property access ------------------------------------------------------------- */

/* Number of values of a property: an array's length, 1 for a lone value. */
static size_t prop_count(const json_t *v) {
    if (!v) return 0;
    return json_is_array(v) ? json_array_size(v) : 1;
}

static json_t *prop_at(json_t *v, size_t i) {
    return json_is_array(v) ? json_array_get(v, i) : v;
}

/* The i-th value of v if it is a string (else NULL). */
static const char *prop_str(json_t *v, size_t i, size_t *len) {
    json_t *x = prop_at(v, i);
    if (!json_is_string(x)) return NULL;
    *len = json_string_length(x);
    return json_string_value(x);
}

/* The i-th value of v, trimmed, if it is a string that holds more than
 * white space (else NULL). */
static const char *prop_text(json_t *v, size_t i, size_t *len) {
    const char *s = prop_str(v, i, len);
    if (!s) return NULL;
    emb__trim(&s, len);
    return *len ? s : NULL;
}

/* The first value of props[key] that prop_text gives, or NULL. */
static const char *first_str(json_t *props, const char *key, size_t *len) {
    json_t *v = json_object_get(props, key);
    for (size_t i = 0, n = prop_count(v); i < n; i++) {
        const char *s = prop_text(v, i, len);
        if (s) return s;
    }
    return NULL;
}

/* The id of a reference: a string, or a nested entity's "id". */
static const char *ref_id(json_t *x, size_t *len) {
    if (json_is_object(x)) x = json_object_get(x, "id");
    if (!json_is_string(x)) return NULL;
    *len = json_string_length(x);
    return json_string_value(x);
}

/* ---- linked records (Sanction, Address, ...) --------------------------------------- */

static int adj_kind(const char *schema) {
    if (!strcmp(schema, "Sanction")) return A_SANCTION;
    if (!strcmp(schema, "Address")) return A_ADDRESS;
    if (!strcmp(schema, "Passport") || !strcmp(schema, "Identification")) return A_DOCUMENT;
    if (!strcmp(schema, "Occupancy")) return A_OCCUPANCY;
    if (!strcmp(schema, "Position")) return A_POSITION;
    return 0;
}

static embargo_status val_add(ftm *st, embargo_field_kind kind, const char *s, size_t n) {
    emb__trim(&s, &n);
    if (!n) return EMBARGO_OK;
    if (n > FTM_MAX_VALUE) return emb__ftm_fail(st, "a value of %zu bytes (at most %d)", n, FTM_MAX_VALUE);
    if (EMB_GROW(st->vals, st->vals_cap, st->nvals + 1)) return EMBARGO_ENOMEM;
    const char *copy = emb__arena_strndup(&st->tmp, s, n);
    if (!copy) return EMBARGO_ENOMEM;
    st->vals[st->nvals++] = (adj_val){ copy, (uint32_t)n, (uint8_t)kind };
    return EMBARGO_OK;
}

static embargo_status val_sb(ftm *st, embargo_field_kind kind) {
    if (!st->sb) return EMBARGO_OK;
    return val_add(st, kind, st->sb, st->sb_len);
}

/* Copies the ids of props[key] into the arena. */
static embargo_status copy_refs(ftm *st, json_t *props, const char *key, const char ***out,
                                uint32_t **lens, uint32_t *count) {
    json_t *v = json_object_get(props, key);
    size_t n = prop_count(v);
    *count = 0;
    if (!n) return EMBARGO_OK;
    if (n > UINT32_MAX / 16) return emb__ftm_fail(st, "too many references");
    *out = emb__arena_alloc(&st->tmp, n * sizeof(**out));
    *lens = emb__arena_alloc(&st->tmp, n * sizeof(**lens));
    if (!*out || !*lens) return EMBARGO_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        size_t len;
        const char *id = ref_id(prop_at(v, i), &len);
        if (!id || !len || len > UINT32_MAX / 2) continue;
        const char *copy = emb__arena_strndup(&st->tmp, id, len);
        if (!copy) return EMBARGO_ENOMEM;
        (*out)[*count] = copy;
        (*lens)[(*count)++] = (uint32_t)len;
    }
    return EMBARGO_OK;
}

/* The fields a Sanction gives its entity. */
static embargo_status sanction_vals(ftm *st, json_t *p) {
    embargo_status s = EMBARGO_OK;
    const char *dates = json_object_get(p, "startDate") ? "startDate" : "listingDate";
    json_t *v = json_object_get(p, dates);
    for (size_t i = 0, n = prop_count(v); i < n && s == EMBARGO_OK; i++) {
        size_t len;
        const char *d = prop_str(v, i, &len);
        size_t dl = d ? emb__iso_date_len(d, len) : 0;
        if (dl) s = val_add(st, EMBARGO_FIELD_LISTED_ON, d, dl);
    }
    if (s) return s;
    size_t pl = 0, il = 0, rl = 0, al = 0;
    const char *prog = first_str(p, "program", &pl), *pid = first_str(p, "programId", &il);
    const char *reason = first_str(p, "reason", &rl), *auth = first_str(p, "authority", &al);
    const char *label = NULL;
    size_t ll = 0;
    if (prog && pl <= 120) {
        label = prog;
        ll = pl;
    } else if (pid) {
        label = pid;
        ll = il;
    } else if (prog) {
        label = prog;
        ll = pl;
    } else if (reason && rl <= 120) { /* a long reason is no program name */
        label = reason;
        ll = rl;
    }
    st->sb_len = 0;
    if (label && emb__ftm_sb_add(st, label, ll)) return EMBARGO_ENOMEM;
    if (auth) {
        if (label ? emb__ftm_sb_str(st, " (") || emb__ftm_sb_add(st, auth, al) || emb__ftm_sb_str(st, ")") : emb__ftm_sb_add(st, auth, al))
            return EMBARGO_ENOMEM;
    }
    if (st->sb_len && (s = val_sb(st, EMBARGO_FIELD_PROGRAM))) return s;
    size_t el;
    const char *end = first_str(p, "endDate", &el);
    if (end) {
        st->sb_len = 0;
        if (emb__ftm_sb_str(st, "sanction ended ") || emb__ftm_sb_add(st, end, el)) return EMBARGO_ENOMEM;
        if (auth && (emb__ftm_sb_str(st, " (") || emb__ftm_sb_add(st, auth, al) || emb__ftm_sb_str(st, ")")))
            return EMBARGO_ENOMEM;
        s = val_sb(st, EMBARGO_FIELD_REMARK);
    }
    return s;
}

/* The fields an Address gives the entities that refer to it. */
static embargo_status address_vals(ftm *st, json_t *p) {
    embargo_status s = EMBARGO_OK;
    json_t *full = json_object_get(p, "full");
    size_t n = prop_count(full), added = 0;
    for (size_t i = 0; i < n && s == EMBARGO_OK; i++) {
        size_t len;
        const char *a = prop_str(full, i, &len);
        if (a) {
            s = val_add(st, EMBARGO_FIELD_ADDRESS, a, len);
            added++;
        }
    }
    size_t cl;
    const char *country = first_str(p, "country", &cl);
    if (!added && s == EMBARGO_OK) {
        static const char *const PARTS[] = { "street", "street2", "city", "postalCode", "region" };
        st->sb_len = 0;
        for (size_t i = 0; i < sizeof(PARTS) / sizeof(PARTS[0]); i++) {
            size_t len;
            const char *x = first_str(p, PARTS[i], &len);
            if (x && ((st->sb_len && emb__ftm_sb_str(st, ", ")) || emb__ftm_sb_add(st, x, len))) return EMBARGO_ENOMEM;
        }
        if (country) {
            const char *name = emb__ftm_country_name(st, country, cl);
            if ((st->sb_len && emb__ftm_sb_str(st, ", ")) ||
                (name ? emb__ftm_sb_str(st, name) : emb__ftm_sb_add(st, country, cl)))
                return EMBARGO_ENOMEM;
        }
        if (st->sb_len) s = val_sb(st, EMBARGO_FIELD_ADDRESS);
    }
    if (country && s == EMBARGO_OK) {
        const char *name = emb__ftm_country_name(st, country, cl);
        s = name ? val_add(st, EMBARGO_FIELD_COUNTRY, name, strlen(name))
                 : val_add(st, EMBARGO_FIELD_COUNTRY, country, cl);
    }
    return s;
}

/* "Passport 12345 (Russia)" for a Passport or an Identification. */
static embargo_status document_vals(ftm *st, json_t *p, int passport) {
    json_t *num = json_object_get(p, "number");
    size_t tl = 0, cl = 0;
    const char *type = first_str(p, "type", &tl), *country = first_str(p, "country", &cl);
    const char *cname = country ? emb__ftm_country_name(st, country, cl) : NULL;
    for (size_t i = 0, n = prop_count(num); i < n; i++) {
        size_t len;
        const char *x = prop_text(num, i, &len);
        if (!x) continue;
        st->sb_len = 0;
        if (type ? emb__ftm_sb_add(st, type, tl) : emb__ftm_sb_str(st, passport ? "Passport" : "Identification"))
            return EMBARGO_ENOMEM;
        if (emb__ftm_sb_str(st, " ") || emb__ftm_sb_add(st, x, len)) return EMBARGO_ENOMEM;
        if (country && (emb__ftm_sb_str(st, " (") ||
                        (cname && cname[0] ? emb__ftm_sb_str(st, cname) : emb__ftm_sb_add(st, country, cl)) ||
                        emb__ftm_sb_str(st, ")")))
            return EMBARGO_ENOMEM;
        embargo_status s = val_sb(st, EMBARGO_FIELD_ID_DOCUMENT);
        if (s) return s;
    }
    return EMBARGO_OK;
}

/* TITLE values from a Position's names. */
static embargo_status position_vals(ftm *st, json_t *p) {
    json_t *v = json_object_get(p, "name");
    for (size_t i = 0, n = prop_count(v); i < n; i++) {
        size_t len;
        const char *x = prop_str(v, i, &len);
        if (!x) continue;
        embargo_status s = val_add(st, EMBARGO_FIELD_TITLE, x, len);
        if (s) return s;
    }
    return EMBARGO_OK;
}

/* Builds the linked record of `kind` from an entity's properties. Nested
 * Positions of an Occupancy's "post" give their names at once; referenced
 * ones are looked up after the file is read. */
static embargo_status adj_build(ftm *st, int kind, const char *schema, json_t *p, adj **out) {
    *out = NULL;
    st->nvals = 0;
    adj *a = emb__arena_calloc(&st->tmp, 1, sizeof(*a));
    if (!a) return EMBARGO_ENOMEM;
    a->kind = (uint8_t)kind;
    embargo_status s = EMBARGO_OK;
    switch (kind) {
    case A_SANCTION:
        s = copy_refs(st, p, "entity", &a->links, &a->link_lens, &a->nlinks);
        if (!s) s = sanction_vals(st, p);
        break;
    case A_ADDRESS:
        s = address_vals(st, p);
        break;
    case A_DOCUMENT:
        s = copy_refs(st, p, "holder", &a->links, &a->link_lens, &a->nlinks);
        if (!s) s = document_vals(st, p, !strcmp(schema, "Passport"));
        break;
    case A_OCCUPANCY: {
        s = copy_refs(st, p, "holder", &a->links, &a->link_lens, &a->nlinks);
        if (!s) s = copy_refs(st, p, "post", &a->posts, &a->post_lens, &a->nposts);
        json_t *post = json_object_get(p, "post");
        for (size_t i = 0, n = prop_count(post); i < n && !s; i++) {
            json_t *x = prop_at(post, i);
            if (json_is_object(x)) s = position_vals(st, json_object_get(x, "properties"));
        }
        break;
    }
    case A_POSITION:
        s = position_vals(st, p);
        break;
    default:
        break;
    }
    if (s) return s;
    if (st->nvals) {
        a->vals = emb__arena_alloc(&st->tmp, st->nvals * sizeof(*a->vals));
        if (!a->vals) return EMBARGO_ENOMEM;
        memcpy(a->vals, st->vals, st->nvals * sizeof(*a->vals));
        a->nvals = (uint32_t)st->nvals;
    }
    *out = a;
    return EMBARGO_OK;
}

static embargo_status adj_attach(ftm *st, emb_entity *e, const adj *a) {
    for (uint32_t i = 0; i < a->nvals; i++) {
        embargo_status s = emb__ftm_add_field(st, e, (embargo_field_kind)a->vals[i].kind, a->vals[i].text,
                                              a->vals[i].len);
        if (s) return s;
    }
    return EMBARGO_OK;
}

/* ---- FtM entities --------------------------------------------------------------------------- */

enum { P_PLAIN = 0, P_COUNTRY = 1, P_VESSEL = 2 };

static const struct prop_map {
    const char *prop;
    uint8_t kind;               /* embargo_field_kind */
    uint8_t how;                /* P_* */
    const char *label;          /* identifiers: "Passport" */
} PROPS[] = {
    { "birthDate", EMBARGO_FIELD_BIRTH_DATE, P_PLAIN, NULL },
    { "birthPlace", EMBARGO_FIELD_BIRTH_PLACE, P_PLAIN, NULL },
    { "birthCountry", EMBARGO_FIELD_BIRTH_PLACE, P_COUNTRY, NULL },
    { "nationality", EMBARGO_FIELD_NATIONALITY, P_COUNTRY, NULL },
    { "citizenship", EMBARGO_FIELD_CITIZENSHIP, P_COUNTRY, NULL },
    { "country", EMBARGO_FIELD_COUNTRY, P_COUNTRY, NULL },
    { "jurisdiction", EMBARGO_FIELD_COUNTRY, P_COUNTRY, NULL },
    { "mainCountry", EMBARGO_FIELD_COUNTRY, P_COUNTRY, NULL },
    { "gender", EMBARGO_FIELD_GENDER, P_PLAIN, NULL },
    { "address", EMBARGO_FIELD_ADDRESS, P_PLAIN, NULL },
    { "position", EMBARGO_FIELD_TITLE, P_PLAIN, NULL },
    { "title", EMBARGO_FIELD_TITLE, P_PLAIN, NULL },
    { "email", EMBARGO_FIELD_EMAIL, P_PLAIN, NULL },
    { "website", EMBARGO_FIELD_WEBSITE, P_PLAIN, NULL },
    { "phone", EMBARGO_FIELD_PHONE, P_PLAIN, NULL },
    { "notes", EMBARGO_FIELD_REMARKS, P_PLAIN, NULL },
    { "passportNumber", EMBARGO_FIELD_ID_DOCUMENT, P_PLAIN, "Passport" },
    { "idNumber", EMBARGO_FIELD_ID_DOCUMENT, P_PLAIN, "National ID" },
    { "taxNumber", EMBARGO_FIELD_ID_DOCUMENT, P_PLAIN, "Tax ID" },
    { "registrationNumber", EMBARGO_FIELD_ID_DOCUMENT, P_PLAIN, "Registration number" },
    { "innCode", EMBARGO_FIELD_ID_DOCUMENT, P_PLAIN, "INN" },
    { "ogrnCode", EMBARGO_FIELD_ID_DOCUMENT, P_PLAIN, "OGRN" },
    { "okpoCode", EMBARGO_FIELD_ID_DOCUMENT, P_PLAIN, "OKPO" },
    { "vatCode", EMBARGO_FIELD_ID_DOCUMENT, P_PLAIN, "VAT" },
    { "leiCode", EMBARGO_FIELD_ID_DOCUMENT, P_PLAIN, "LEI" },
    { "swiftBic", EMBARGO_FIELD_ID_DOCUMENT, P_PLAIN, "SWIFT/BIC" },
    { "dunsCode", EMBARGO_FIELD_ID_DOCUMENT, P_PLAIN, "DUNS" },
    { "uniqueEntityId", EMBARGO_FIELD_ID_DOCUMENT, P_PLAIN, "UEI" },
    { "imoNumber", EMBARGO_FIELD_ID_DOCUMENT, P_PLAIN, "IMO" },
    { "mmsi", EMBARGO_FIELD_ID_DOCUMENT, P_PLAIN, "MMSI" },
    { "serialNumber", EMBARGO_FIELD_ID_DOCUMENT, P_PLAIN, "Serial number" },
    { "wikidataId", EMBARGO_FIELD_ID_DOCUMENT, P_PLAIN, "Wikidata" },
    { "callSign", EMBARGO_FIELD_VESSEL_CALL_SIGN, P_VESSEL, NULL },
    { "type", EMBARGO_FIELD_VESSEL_TYPE, P_VESSEL, NULL },
    { "tonnage", EMBARGO_FIELD_VESSEL_TONNAGE, P_VESSEL, NULL },
    { "grossRegisteredTonnage", EMBARGO_FIELD_VESSEL_GRT, P_VESSEL, NULL },
    { "flag", EMBARGO_FIELD_VESSEL_FLAG, P_VESSEL | P_COUNTRY, NULL },
};

/* Adds "<prefix><v1>, <v2>, ..." of a list of strings as one field. */
static embargo_status add_joined(ftm *st, emb_entity *e, embargo_field_kind kind,
                                 const char *prefix, json_t *v) {
    st->sb_len = 0;
    size_t k = 0;
    for (size_t i = 0, n = prop_count(v); i < n; i++) {
        size_t len;
        const char *x = prop_text(v, i, &len);
        if (!x) continue;
        if (emb__ftm_sb_str(st, k++ ? ", " : prefix) || emb__ftm_sb_add(st, x, len)) return EMBARGO_ENOMEM;
    }
    return k ? emb__ftm_add_field(st, e, kind, st->sb, st->sb_len) : EMBARGO_OK;
}

static int has_value(json_t *v, const char *want) {
    for (size_t i = 0, n = prop_count(v); i < n; i++) {
        size_t len;
        const char *x = prop_str(v, i, &len);
        if (x && strlen(want) == len && memcmp(x, want, len) == 0) return 1;
    }
    return 0;
}

static embargo_status add_names_of(ftm *st, emb_entity *e, json_t *p, const char *prop,
                                   embargo_name_kind kind, int weak) {
    json_t *v = json_object_get(p, prop);
    for (size_t i = 0, n = prop_count(v); i < n; i++) {
        size_t len;
        const char *x = prop_str(v, i, &len);
        if (!x) continue;
        embargo_status s = emb__ftm_add_name(st, e, kind, weak, x, len);
        if (s) return s;
    }
    return EMBARGO_OK;
}

/* Joins an entity nested inside `r`'s record onto it. */
static embargo_status nested(ftm *st, rec *r, json_t *n) {
    json_t *sc = json_object_get(n, "schema");
    if (!json_is_string(sc)) return EMBARGO_OK;
    st->c.nested++;
    const char *schema = json_string_value(sc);
    int kind = adj_kind(schema);
    if (!kind || kind == A_POSITION) return EMBARGO_OK;
    json_t *p = json_object_get(n, "properties");
    if (!json_is_object(p)) return EMBARGO_OK;
    adj *a;
    embargo_status s = adj_build(st, kind, schema, p, &a);
    if (s) return s;
    if (kind == A_SANCTION) {
        st->c.sanctions++;
        r->sanctioned = 1;
    }
    return adj_attach(st, r->e, a);
}

/* Fills a screenable entity from its FtM record. */
static embargo_status fill_entity(ftm *st, rec *r, json_t *o, json_t *p, embargo_entity_type type) {
    emb_entity *e = r->e;
    embargo_status s = EMBARGO_OK;
    json_t *cap = json_object_get(o, "caption");
    if (json_is_string(cap))
        s = emb__ftm_add_name(st, e, EMBARGO_NAME_PRIMARY, 0, json_string_value(cap), json_string_length(cap));
    if (!s) s = add_names_of(st, e, p, "name", EMBARGO_NAME_AKA, 0);
    if (!s) s = add_names_of(st, e, p, "alias", EMBARGO_NAME_AKA, 0);
    if (!s) s = add_names_of(st, e, p, "previousName", EMBARGO_NAME_FKA, 0);
    if (!s) s = add_names_of(st, e, p, "weakAlias", EMBARGO_NAME_AKA, 1);
    if (!s) s = add_names_of(st, e, p, "abbreviation", EMBARGO_NAME_AKA, 1);
    if (s) return s;
    if (!e->name_count) {
        static const char *const PARTS[] = { "firstName", "middleName", "lastName" };
        st->sb_len = 0;
        for (size_t i = 0; i < 3; i++) {
            size_t len;
            const char *x = first_str(p, PARTS[i], &len);
            if (x && ((st->sb_len && emb__ftm_sb_str(st, " ")) || emb__ftm_sb_add(st, x, len))) return EMBARGO_ENOMEM;
        }
        if (st->sb_len && (s = emb__ftm_add_name(st, e, EMBARGO_NAME_PRIMARY, 0, st->sb, st->sb_len))) return s;
    }
    for (size_t k = 0; k < sizeof(PROPS) / sizeof(PROPS[0]); k++) {
        const struct prop_map *m = &PROPS[k];
        if ((m->how & P_VESSEL) && type != EMBARGO_TYPE_VESSEL) continue;
        json_t *v = json_object_get(p, m->prop);
        for (size_t i = 0, n = prop_count(v); i < n; i++) {
            size_t len;
            const char *x = prop_text(v, i, &len);
            if (!x) continue;
            if (m->how & P_COUNTRY) {
                s = emb__ftm_add_country(st, e, (embargo_field_kind)m->kind, x, len);
            } else if (m->label) {
                st->sb_len = 0;
                if (emb__ftm_sb_str(st, m->label) || emb__ftm_sb_str(st, " ") || emb__ftm_sb_add(st, x, len)) return EMBARGO_ENOMEM;
                s = emb__ftm_add_field(st, e, (embargo_field_kind)m->kind, st->sb, st->sb_len);
            } else {
                s = emb__ftm_add_field(st, e, (embargo_field_kind)m->kind, x, len);
            }
            if (s) return s;
        }
    }
    json_t *topics = json_object_get(p, "topics");
    if ((s = add_joined(st, e, EMBARGO_FIELD_REMARK, "topics: ", topics))) return s;
    if (has_value(topics, "role.pep") &&
        (s = emb__ftm_add_field(st, e, EMBARGO_FIELD_REMARK, "politically exposed person (PEP)", 32)))
        return s;
    if (has_value(topics, "role.rca") &&
        (s = emb__ftm_add_field(st, e, EMBARGO_FIELD_REMARK,
                                "relative or close associate of a politically exposed person", 59)))
        return s;
    json_t *datasets = json_object_get(o, "datasets");
    for (size_t i = 0, n = prop_count(datasets); i < n; i++) {
        size_t len;
        const char *x = prop_str(datasets, i, &len);
        if (x && (s = emb__ftm_add_field(st, e, EMBARGO_FIELD_DATASET, x, len))) return s;
    }
    if (json_is_false(json_object_get(o, "target")) &&
        (s = emb__ftm_add_field(st, e, EMBARGO_FIELD_REMARK, "not itself a target: an entity related to one", 45)))
        return s;
    /* addresses by reference, joined after the file is read; nested entities now */
    const char *key;
    json_t *v;
    json_object_foreach(p, key, v) {
        int addr = !strcmp(key, "addressEntity");
        for (size_t i = 0, n = json_is_array(v) ? json_array_size(v) : 1; i < n; i++) {
            json_t *x = prop_at(v, i);
            if (json_is_object(x)) {
                if ((s = nested(st, r, x))) return s;
            } else if (addr && json_is_string(x) && json_string_length(x) &&
                       json_string_length(x) < UINT32_MAX / 2) {
                if (EMB_GROW(st->pends, st->pends_cap, st->npends + 1)) return EMBARGO_ENOMEM;
                const char *id = emb__arena_strndup(&st->tmp, json_string_value(x), json_string_length(x));
                if (!id) return EMBARGO_ENOMEM;
                st->pends[st->npends++] = (pend){ (uint32_t)(r - st->recs), r->gen,
                                                  (uint32_t)json_string_length(x), id };
            }
        }
    }
    json_t *pid = json_object_get(p, "programId");
    if (prop_count(pid)) {
        st->nvals = 0;
        for (size_t i = 0, n = prop_count(pid); i < n; i++) {
            size_t len;
            const char *x = prop_str(pid, i, &len);
            if (x && (s = val_add(st, EMBARGO_FIELD_PROGRAM, x, len))) return s;
        }
        adj *a = emb__arena_calloc(&st->tmp, 1, sizeof(*a));
        if (!a || (st->nvals && !(a->vals = emb__arena_alloc(&st->tmp, st->nvals * sizeof(*a->vals)))))
            return EMBARGO_ENOMEM;
        if (st->nvals) memcpy(a->vals, st->vals, st->nvals * sizeof(*a->vals));
        a->nvals = (uint32_t)st->nvals;
        r->programs = a;
    }
    json_t *fs = json_object_get(o, "first_seen");
    if (json_is_string(fs)) return emb__ftm_first_seen(st, r, json_string_value(fs), json_string_length(fs));
    return EMBARGO_OK;
}

/* One FtM entity record: a plain line (op 0), or the entity of an ADD or
 * MOD (op 'A', 'M'). */
static embargo_status ftm_entity(ftm *st, json_t *o, char op) {
    json_t *jid = json_object_get(o, "id"), *jsc = json_object_get(o, "schema");
    if (!json_is_string(jid) || !json_string_length(jid))
        return emb__ftm_fail(st, "an entity without \"id\" (a string)");
    const char *id = json_string_value(jid);
    size_t idlen = json_string_length(jid);
    if (idlen > 1024) return emb__ftm_fail(st, "an entity id of %zu bytes", idlen);
    if (!json_is_string(jsc) || !json_string_length(jsc))
        return emb__ftm_fail(st, "entity %.*s has no \"schema\"", (int)idlen, id);
    json_t *p = json_object_get(o, "properties");
    if (p && !json_is_object(p))
        return emb__ftm_fail(st, "entity %.*s: \"properties\" is not an object", (int)idlen, id);
    static const char *const DATES[] = { "last_change", "last_seen" };
    for (size_t i = 0; i < 2; i++) {
        json_t *d = json_object_get(o, DATES[i]);
        if (json_is_string(d)) emb__ftm_note_date(st, json_string_value(d), json_string_length(d));
    }
    rec *r = emb__ftm_rec_renew(st, id, idlen, !op);
    if (!r) return EMBARGO_ENOMEM;
    r->op = op;
    const char *schema = json_string_value(jsc);
    embargo_entity_type type = emb__ftm_schema_type(schema, json_string_length(jsc));
    int kind = adj_kind(schema);
    if (type != EMBARGO_TYPE_UNKNOWN) {
        embargo_status s = emb__ftm_rec_entity(st, r, type);
        return s ? s : fill_entity(st, r, o, p, type); /* jansson's getters take NULL */
    }
    if (kind) {
        if (!p) {
            r->state = R_SKIPPED;
            return EMBARGO_OK;
        }
        r->state = R_LINKED;
        return adj_build(st, kind, schema, p, &r->a);
    }
    r->state = R_SKIPPED;
    return EMBARGO_OK;
}

static embargo_status ftm_record(ftm *st, json_t *o) {
    json_t *op = json_object_get(o, "op");
    if (!op) return ftm_entity(st, o, 0);
    const char *ops = json_string_value(op);
    json_t *ent = json_object_get(o, "entity");
    if (!ops || (strcmp(ops, "ADD") && strcmp(ops, "MOD") && strcmp(ops, "DEL")))
        return emb__ftm_fail(st, "\"op\" is not ADD, MOD or DEL");
    if (!json_is_object(ent)) return emb__ftm_fail(st, "an %s without \"entity\" (an object)", ops);
    if (ops[0] == 'A') st->c.ops_add++;
    else if (ops[0] == 'M') st->c.ops_mod++;
    else {
        st->c.ops_del++;
        json_t *jid = json_object_get(ent, "id");
        if (!json_is_string(jid) || !json_string_length(jid))
            return emb__ftm_fail(st, "a DEL of an entity without \"id\" (a string)");
        /* kept also for an id the file did not hold, which an earlier load
         * may have published (check_earlier) */
        rec *r = emb__ftm_rec_get(st, json_string_value(jid), json_string_length(jid));
        if (!r) return EMBARGO_ENOMEM;
        if (r->state == R_NONE || r->state == R_DELETED) {
            st->c.del_unknown++;
            st->ld.orphan_rows++;
        }
        emb__ftm_rec_reset(st, r);
        r->state = R_DELETED;
        r->op = 'D';
        return EMBARGO_OK;
    }
    return ftm_entity(st, ent, ops[0]);
}

/* ---- after the whole file: joins, dates, publication ------------------------------------------ */

/* Sorts an entity's LISTED_ON values among their own slots, earliest first
 * (the first 64 of them in order; the earliest of all first in any case). */
static void sort_listed(emb_entity *e) {
    uint32_t idx[64], n = 0, min = UINT32_MAX;
    for (uint32_t i = 0; i < e->field_count; i++) {
        if (e->fields[i].kind != EMBARGO_FIELD_LISTED_ON) continue;
        if (min == UINT32_MAX) min = i;
        else if (strcmp(e->fields[i].text, e->fields[min].text) < 0) {
            emb_field t = e->fields[i];
            e->fields[i] = e->fields[min];
            e->fields[min] = t;
        }
        if (n < 64) idx[n++] = i;
    }
    for (uint32_t i = 1; i < n; i++)
        for (uint32_t j = i; j > 0 && strcmp(e->fields[idx[j]].text, e->fields[idx[j - 1]].text) < 0; j--) {
            emb_field t = e->fields[idx[j]];
            e->fields[idx[j]] = e->fields[idx[j - 1]];
            e->fields[idx[j - 1]] = t;
        }
}

static embargo_status finish(ftm *st) {
    embargo_status s = EMBARGO_OK;
    /* linked records onto their entities, in file order */
    for (size_t i = 0; i < st->nrecs && !s; i++) {
        rec *r = &st->recs[i];
        if (r->state == R_LINKED) st->c.linked++;
        if (r->state != R_LINKED || r->a->kind == A_ADDRESS || r->a->kind == A_POSITION) continue;
        const adj *a = r->a;
        for (uint32_t j = 0; j < a->nlinks && !s; j++) {
            rec *t = emb__ftm_rec_find(st, a->links[j], a->link_lens[j]);
            if (!t || t->state == R_NONE || t->state == R_DELETED) {
                st->c.unresolved++;
                st->ld.orphan_rows++;
                continue;
            }
            if (t->state != R_ENTITY) continue;
            s = adj_attach(st, t->e, a);
            if (a->kind == A_SANCTION) {
                st->c.sanctions++;
                t->sanctioned = 1;
            }
            for (uint32_t q = 0; q < a->nposts && !s; q++) {
                rec *pr = emb__ftm_rec_find(st, a->posts[q], a->post_lens[q]);
                if (pr && pr->state == R_LINKED && pr->a->kind == A_POSITION) s = adj_attach(st, t->e, pr->a);
            }
        }
    }
    for (size_t i = 0; i < st->npends && !s; i++) {
        const pend *pd = &st->pends[i];
        rec *r = &st->recs[pd->rec];
        if (r->state != R_ENTITY || r->gen != pd->gen) continue;
        rec *a = emb__ftm_rec_find(st, pd->id, pd->len);
        if (!a || a->state == R_NONE || a->state == R_DELETED) {
            st->c.unresolved++;
            st->ld.orphan_rows++;
        } else if (a->state == R_LINKED && a->a->kind == A_ADDRESS) {
            s = adj_attach(st, r->e, a->a);
        }
    }
    if (s) return s;
    /* dates, names, counts */
    for (size_t i = 0; i < st->nrecs && !s; i++) {
        rec *r = &st->recs[i];
        if (r->state == R_SKIPPED) st->c.skipped++;
        if (r->state != R_ENTITY) continue;
        emb_entity *e = r->e;
        if (!e->name_count) {
            st->c.nameless++;
            e->type = (uint8_t)TOMBSTONE;
            continue;
        }
        if (r->programs && !r->sanctioned && (s = adj_attach(st, e, r->programs))) break;
        int listed = 0;
        for (uint32_t j = 0; j < e->field_count && !listed; j++)
            listed = e->fields[j].kind == EMBARGO_FIELD_LISTED_ON;
        if (!listed && r->first_seen) s = emb__ftm_add_field(st, e, EMBARGO_FIELD_LISTED_ON, r->first_seen, 10);
        sort_listed(e);
        st->c.entities++;
        switch (e->type) {
        case EMBARGO_TYPE_PERSON: st->c.persons++; break;
        case EMBARGO_TYPE_ORGANIZATION: st->c.organizations++; break;
        case EMBARGO_TYPE_VESSEL: st->c.vessels++; break;
        case EMBARGO_TYPE_AIRCRAFT: st->c.aircraft++; break;
        default: break;
        }
    }
    if (s) return s;
    /* drop the entities deleted, replaced by another schema or nameless
     * (emb__ftm_rec_reset emptied them) */
    emb__load_drop_unnamed(&st->ld);
    return EMBARGO_OK;
}

/* Refuses a file that names an entity an earlier load of the list
 * published, as an entity or in a DEL: the same file loaded twice, or a
 * delta loaded after its base (see the top of this file). Fails at the line
 * of the record that names it. */
static embargo_status check_earlier(ftm *st, const embargo_dataset *ds) {
    if (st->ld.created_list) return EMBARGO_OK;
    size_t ll = strlen(ds->lists[st->ld.list].name);
    for (size_t i = 0; i < ds->entity_count; i++) {
        const emb_entity *e = ds->entities[i];
        if (e->list != st->ld.list) continue;
        const char *local = e->id + ll + 1;
        const rec *r = emb__ftm_rec_find(st, local, strlen(local));
        if (!r || !((r->state == R_ENTITY && r->e->name_count) || r->state == R_DELETED)) continue;
        st->line = r->line;
        st->col = 1;
        if (!r->op) return emb__ftm_fail(st, "entity %.80s is already in the dataset (the same list loaded twice?)", e->id);
        return emb__ftm_fail(st, "a delta's %s of entity %.80s, which an earlier load published: a delta "
                                 "applies to the entities of its own file (load base and delta as one file)",
                             r->op == 'A' ? "ADD" : r->op == 'M' ? "MOD" : "DEL", e->id);
    }
    return EMBARGO_OK;
}

/* ---- driving a load ----------------------------------------------------------------------------- */

/* Whether a Senzing file's DATA_SOURCE is OpenSanctions' own. */
static int is_opensanctions_source(const char *s) {
    return s && (!strncmp(s, "OS_", 3) || !strncmp(s, "OPEN_SANCTIONS", 14) ||
                 !strncmp(s, "OPENSANCTIONS", 13));
}

/* One JSON record (a line, or an item of a Senzing array). */
static embargo_status record(ftm *st, embargo_dataset *ds, json_t *o) {
    if (!json_is_object(o)) return emb__ftm_fail(st, "not a JSON object");
    st->c.records++;
    if (!st->begun) {
        json_t *src = json_object_get(o, "DATA_SOURCE");
        st->senzing = !json_object_get(o, "schema") && !json_object_get(o, "op") &&
                      (src || json_object_get(o, "RECORD_ID"));
        st->c.senzing = st->senzing;
        const char *list = !st->senzing || is_opensanctions_source(json_string_value(src))
                               ? "opensanctions" : "senzing";
        embargo_status s = emb__ftm_begin(st, ds, list);
        if (s) return s;
    }
    embargo_status s = st->senzing ? emb__ftm_senzing_record(st, o) : ftm_record(st, o);
    return s == EMBARGO_OK && st->oom ? EMBARGO_ENOMEM : s;
}

static embargo_status json_fail(ftm *st, const json_error_t *je, unsigned long line, unsigned long col) {
    if (json_error_code(je) == json_error_out_of_memory) return EMBARGO_ENOMEM;
    st->line = line;
    st->col = col;
    return emb__ftm_fail(st, "invalid JSON: %s", je->text);
}

static embargo_status load_lines(ftm *st, embargo_dataset *ds, FILE *f) {
    line_reader lr = { f, NULL, 0, 0, 0, 0, 0 };
    embargo_status s = EMBARGO_OK;
    const char *p;
    size_t n;
    int r = LR_END;
    while (!s && (r = next_line(&lr, &p, &n)) == LR_LINE) {
        st->line++;
        st->col = 1;
        if (n > FTM_MAX_LINE) {
            r = LR_TOO_LONG;
            st->line--;
            break;
        }
        if (st->line == 1 && n >= 3 && !memcmp(p, "\xef\xbb\xbf", 3)) p += 3, n -= 3;
        size_t i = emb__skip_space(p, 0, n);
        if (i == n) continue;
        json_error_t je;
        json_t *o = json_loadb(p, n, 0, &je);
        if (!o) {
            s = json_fail(st, &je, st->line, je.column > 0 ? (unsigned long)je.column : 1);
            break;
        }
        s = record(st, ds, o);
        json_decref(o);
    }
    if (!s) {
        if (r == LR_TOO_LONG) {
            st->line++;
            st->col = FTM_MAX_LINE + 1;
            s = emb__ftm_fail(st, "a line longer than %zu MB", FTM_MAX_LINE >> 20);
        } else if (r == LR_EIO) {
            emb__error_set(st->err, EMBARGO_EIO, st->path, st->line + 1, 0, "read error: %s", strerror(errno));
            s = EMBARGO_EIO;
        } else if (r == LR_ENOMEM) {
            s = EMBARGO_ENOMEM;
        }
    }
    emb__free(lr.buf);
    return s;
}

/* Line and column (from 1, columns in characters) of offset `to`. */
static void position(const char *buf, size_t to, unsigned long *line, unsigned long *col) {
    unsigned long l = 1, c = 1;
    for (size_t i = 0; i < to; i++) {
        if (buf[i] == '\n') { l++; c = 1; }
        else if (((unsigned char)buf[i] & 0xc0) != 0x80) c++;
    }
    *line = l;
    *col = c;
}

/* A JSON array of Senzing records; each item is parsed on its own, so an
 * error names the item's line and a big file needs no big document. */
static embargo_status load_array(ftm *st, embargo_dataset *ds) {
    char *buf;
    size_t n;
    embargo_status s = emb__read_file(st->path, &buf, &n, st->err);
    if (s) return s;
    const unsigned char *u = (const unsigned char *)buf;
    size_t i = 0;
    if (n >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3)) i = 3;
    i = emb__skip_space(buf, i, n);
    i++; /* the '[' the caller saw */
    size_t at = 0; /* position() is incremental from here */
    unsigned long line = 1, col = 1;
#define AT(off)                                                   \
    do {                                                            \
        unsigned long l_, c_;                                       \
        position(buf + at, (off) - at, &l_, &c_);                  \
        col = l_ > 1 ? c_ : col + c_ - 1;                           \
        line += l_ - 1;                                             \
        at = (off);                                                 \
        st->line = line;                                            \
        st->col = col;                                              \
    } while (0)
    int first = 1;
    for (;;) {
        i = emb__skip_space(buf, i, n);
        AT(i);
        if (i < n && u[i] == ']' ) { i++; break; }
        if (!first) {
            if (i >= n || u[i] != ',') { s = emb__ftm_fail(st, "expected ',' or ']' in the array"); goto out; }
            i = emb__skip_space(buf, i + 1, n);
            AT(i);
        }
        first = 0;
        if (i >= n || u[i] != '{') { s = emb__ftm_fail(st, "expected a record (a JSON object)"); goto out; }
        size_t end;
        scan_object(u + i, n - i, 0, &end);
        size_t len = end ? end : n - i;
        json_error_t je;
        json_t *o = json_loadb(buf + i, len, 0, &je);
        if (!o) {
            s = json_fail(st, &je, line + (je.line > 1 ? (unsigned long)je.line - 1 : 0),
                          je.line > 1 ? (unsigned long)je.column : col + (unsigned long)(je.column > 0 ? je.column : 1) - 1);
            goto out;
        }
        s = record(st, ds, o);
        json_decref(o);
        if (s) goto out;
        i += len;
    }
    i = emb__skip_space(buf, i, n);
    if (i < n) {
        AT(i);
        s = emb__ftm_fail(st, "text after the array");
    }
#undef AT
out:
    emb__free(buf);
    return s;
}

embargo_status emb__ftm_load(embargo_dataset *ds, const char *path, embargo_error *err,
                             emb_ftm_counts *counts) {
    if (counts) memset(counts, 0, sizeof(*counts));
    if (err) memset(err, 0, sizeof(*err));
    if (!ds || !path) return EMBARGO_EINVAL;
    FILE *f = emb__open_file(path, err);  /* a regular file: a FIFO would hang */
    if (!f) return EMBARGO_EIO;
    ftm *st = emb__calloc(1, sizeof(*st));
    if (!st) {
        fclose(f);
        emb__error_set(err, EMBARGO_ENOMEM, path, 0, 0, "out of memory");
        return EMBARGO_ENOMEM;
    }
    st->err = err;
    st->path = path;
    emb__arena_init(&st->tmp, 64 * 1024);
    /* a JSON array (Senzing records), targets.simple.csv or JSON lines? */
    unsigned char head[4096];
    size_t hn = fread(head, 1, sizeof(head), f);
    size_t hi = hn >= 3 && head[0] == 0xef && head[1] == 0xbb && head[2] == 0xbf ? 3 : 0;
    hi = emb__skip_space((const char *)head, hi, hn);
    embargo_status s;
    if (hi < hn && head[hi] == '[') {
        fclose(f);
        f = NULL;
        s = load_array(st, ds);
    } else if (emb__ftm_simple_sniff(head, hn)) {
        fclose(f);
        f = NULL;
        s = emb__ftm_simple_read(st, ds);
    } else {
        rewind(f);
        s = load_lines(st, ds, f);
        fclose(f);
        f = NULL;
    }
    if (!s && !st->begun) s = emb__ftm_begin(st, ds, "opensanctions"); /* no records */
    if (!s) s = finish(st);
    st->ld.rows = st->c.records;
    const char *date = NULL;
    if (!s && st->newest[0]) {
        date = emb__arena_strndup(&st->ld.arena, st->newest, 10);
        if (!date) s = EMBARGO_ENOMEM;
    }
    if (!s) s = check_earlier(st, ds);
    if (!s) {
        uint32_t list = st->ld.list;
        int created = st->ld.created_list;
        st->ld.end_line = st->line ? st->line : 1;  /* where "no entities" is told */
        s = emb__load_commit(&st->ld);
        if (!s && date && (created || strcmp(date, ds->lists[list].date) > 0)) ds->lists[list].date = date;
    } else if (st->begun) {
        emb__load_abort(&st->ld);
    }
    if (s == EMBARGO_ENOMEM && err && err->code != EMBARGO_ENOMEM)
        emb__error_set(err, EMBARGO_ENOMEM, path, st->line, 0, "out of memory");
    if (counts) *counts = st->c;
    emb__free(st->recs);
    emb__free(st->slots);
    emb__free(st->pends);
    emb__free(st->vals);
    emb__free(st->sb);
    emb__arena_free(&st->tmp);
    emb__free(st);
    return s;
}

static embargo_status ftm_load(embargo_dataset *ds, const char *path, embargo_error *err) {
    return emb__ftm_load(ds, path, err, NULL);
}

const emb_loader emb__ftm_loader = { "ftm-json", ftm_sniff, ftm_load, NULL };
