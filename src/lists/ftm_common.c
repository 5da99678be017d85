/*
 * ftm_common.c - what the three readers of the OpenSanctions loader share
 * (ftm.c: FtM JSON and Senzing files; ftm_senzing.c: Senzing records;
 * ftm_simple.c: targets.simple.csv): the load's error record, its records
 * by id, starting the load, FtM schemas, dates, country names, adding names
 * and fields to a staged entity, and the scratch text. See ftm_int.h for
 * the contracts; the load state is struct ftm there.
 */
#include "ftm_int.h"
#include "listfile.h"
#include "../base/alloc.h"
#include "../base/date.h"
#include "../base/hash.h"
#include "../base/str.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>

#define DEDUP_FIELDS 4096      /* fields compared for duplicates, at most */

/* ---- errors ----------------------------------------------------------------------------- */

embargo_status emb__ftm_fail(ftm *st, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    emb__error_vset(st->err, EMBARGO_EFORMAT, st->path, st->line, st->col, fmt, ap);
    va_end(ap);
    return EMBARGO_EFORMAT;
}

/* ---- records by id ---------------------------------------------------------------------- */

/* The record of `id`, or NULL; see ftm_int.h. */
rec *emb__ftm_rec_find(ftm *st, const char *id, size_t len) {
    if (!st->slot_cap) return NULL;
    size_t h = (size_t)emb__hash(id, len) & (st->slot_cap - 1);
    while (st->slots[h]) {
        rec *r = &st->recs[st->slots[h] - 1];
        if (r->len == len && memcmp(r->id, id, len) == 0) return r;
        h = (h + 1) & (st->slot_cap - 1);
    }
    return NULL;
}

/* The record of `id`, created if new; see ftm_int.h. */
rec *emb__ftm_rec_get(ftm *st, const char *id, size_t len) {
    rec *r = emb__ftm_rec_find(st, id, len);
    if (r) return r;
    if (st->nrecs >= UINT32_MAX - 1 || len > UINT32_MAX / 2) return NULL;
    if ((st->nrecs + 1) * 2 > st->slot_cap) {
        size_t cap = st->slot_cap ? st->slot_cap * 2 : 1024;
        uint32_t *s = emb__calloc(cap, sizeof(*s));
        if (!s) return NULL;
        for (size_t i = 0; i < st->nrecs; i++) {
            size_t h = (size_t)emb__hash(st->recs[i].id, st->recs[i].len) & (cap - 1);
            while (s[h]) h = (h + 1) & (cap - 1);
            s[h] = (uint32_t)i + 1;
        }
        emb__free(st->slots);
        st->slots = s;
        st->slot_cap = cap;
    }
    if (EMB_GROW(st->recs, st->recs_cap, st->nrecs + 1)) return NULL;
    char *copy = emb__arena_strndup(&st->tmp, id, len);
    if (!copy) return NULL;
    r = &st->recs[st->nrecs];
    memset(r, 0, sizeof(*r));
    r->id = copy;
    r->len = (uint32_t)len;
    size_t h = (size_t)emb__hash(id, len) & (st->slot_cap - 1);
    while (st->slots[h]) h = (h + 1) & (st->slot_cap - 1);
    st->slots[h] = (uint32_t)++st->nrecs;
    return r;
}

/* Empties `r` before a new version of it; see ftm_int.h. */
void emb__ftm_rec_reset(ftm *st, rec *r) {
    if (r->e) {
        r->e->name_count = 0;
        r->e->field_count = 0;
        r->e->type = (uint8_t)TOMBSTONE;
    }
    r->a = NULL;
    r->programs = NULL;
    r->sanctioned = 0;
    r->first_seen = NULL;
    r->line = st->line;
    r->op = 0;
    r->gen++;
}

/* The record of `id`, reset for a new version; see ftm_int.h. */
rec *emb__ftm_rec_renew(ftm *st, const char *id, size_t len, int plain) {
    rec *r = emb__ftm_rec_get(st, id, len);
    if (!r) return NULL;
    if (plain && r->state != R_NONE) st->c.replaced++;
    emb__ftm_rec_reset(st, r);
    return r;
}

/* Makes `r` an entity of `type`; see ftm_int.h. */
embargo_status emb__ftm_rec_entity(ftm *st, rec *r, embargo_entity_type type) {
    if (!r->e) {
        int dup = 0;
        r->e = emb__load_entity(&st->ld, r->id, r->len, type, &dup);
        if (!r->e) return dup ? emb__ftm_fail(st, "entity %s twice", r->id) : EMBARGO_ENOMEM;
    }
    r->e->type = (uint8_t)type;
    r->state = R_ENTITY;
    return EMBARGO_OK;
}

/* ---- starting the load ------------------------------------------------------------------- */

/* Starts the load of list `list`; see ftm_int.h. */
embargo_status emb__ftm_begin(ftm *st, embargo_dataset *ds, const char *list) {
    char date[32];
    emb__folder_date(st->path, date, sizeof(date));
    embargo_status s = emb__load_begin(&st->ld, ds, list, st->path, date, st->err);
    st->begun = 1;
    return s;
}

/* ---- schemas ----------------------------------------------------------------------------- */

/* The entity type of a screenable schema; see ftm_int.h. */
embargo_entity_type emb__ftm_schema_type(const char *s, size_t n) {
    static const struct { const char *schema; embargo_entity_type type; } TYPES[] = {
        { "Person", EMBARGO_TYPE_PERSON },             { "Organization", EMBARGO_TYPE_ORGANIZATION },
        { "Company", EMBARGO_TYPE_ORGANIZATION },      { "LegalEntity", EMBARGO_TYPE_ORGANIZATION },
        { "PublicBody", EMBARGO_TYPE_ORGANIZATION },   { "Vessel", EMBARGO_TYPE_VESSEL },
        { "Airplane", EMBARGO_TYPE_AIRCRAFT },
    };
    for (size_t i = 0; i < sizeof(TYPES) / sizeof(TYPES[0]); i++)
        if (strlen(TYPES[i].schema) == n && !memcmp(TYPES[i].schema, s, n)) return TYPES[i].type;
    return EMBARGO_TYPE_UNKNOWN;
}

/* ---- dates ------------------------------------------------------------------------ */

void emb__ftm_note_date(ftm *st, const char *s, size_t n) {
    if (emb__iso_date_len(s, n) != 10) return;
    if (!st->newest[0] || memcmp(s, st->newest, 10) > 0) {
        memcpy(st->newest, s, 10);
        st->newest[10] = '\0';
    }
}

/* Keeps the date part of a first_seen value; see ftm_int.h. */
embargo_status emb__ftm_first_seen(ftm *st, rec *r, const char *s, size_t n) {
    if (emb__iso_date_len(s, n) != 10) return EMBARGO_OK;
    r->first_seen = emb__arena_strndup(&st->tmp, s, 10);
    return r->first_seen ? EMBARGO_OK : EMBARGO_ENOMEM;
}

/* ---- countries ------------------------------------------------------------------------ */

static const struct { const char *code, *name; } COUNTRY_OVERRIDES[] = {
    /* ICU's English names that do not read as the lists write them */
    { "CD", "Democratic Republic of the Congo" }, { "CG", "Republic of the Congo" },
    { "MM", "Myanmar" }, { "HK", "Hong Kong" }, { "MO", "Macau" }, { "PS", "Palestine" },
    { "TR", "Turkey" }, { "ZZ", "" },
    /* OpenSanctions' codes for historic and disputed places */
    { "suhh", "Soviet Union" }, { "cshh", "Czechoslovakia" }, { "yucs", "Yugoslavia" },
    { "csxx", "Serbia and Montenegro" }, { "ddde", "East Germany" }, { "ge-ab", "Abkhazia" },
    { "x-so", "South Ossetia" }, { "ua-cri", "Crimea" }, { "ua-dpr", "Donetsk People's Republic" },
    { "ua-lpr", "Luhansk People's Republic" }, { "so-som", "Somaliland" },
    { "cy-trnc", "Northern Cyprus" }, { "az-nk", "Nagorno-Karabakh" }, { "md-pmr", "Transnistria" },
    { "iq-kr", "Kurdistan Region" }, { "gb-sct", "Scotland" }, { "gb-wls", "Wales" },
    { "gb-nir", "Northern Ireland" }, { "gb-eng", "England" },
};

/* A code's English name, cached in st->country; see ftm_int.h. */
const char *emb__ftm_country_name(ftm *st, const char *s, size_t n) {
    for (size_t i = 0; i < sizeof(COUNTRY_OVERRIDES) / sizeof(COUNTRY_OVERRIDES[0]); i++)
        if (emb__word_ieq(s, n, COUNTRY_OVERRIDES[i].code)) return COUNTRY_OVERRIDES[i].name;
    if (n != 2) return NULL;
    char a = s[0], b = s[1];
    if (a >= 'a' && a <= 'z') a = (char)(a - 32);
    if (b >= 'a' && b <= 'z') b = (char)(b - 32);
    if (a < 'A' || a > 'Z' || b < 'A' || b > 'Z') return NULL;
    size_t slot = (size_t)(a - 'A') * 26 + (size_t)(b - 'A');
    if (st->country[slot]) return st->country[slot][0] ? st->country[slot] : NULL;
    char loc[8] = { 'u', 'n', 'd', '_', a, b, 0 };
    UChar u[128];
    UErrorCode ue = U_ZERO_ERROR;
    int32_t un = uloc_getDisplayCountry(loc, "en", u, 128, &ue);
    char name[384];
    int32_t nn = 0;
    if (U_SUCCESS(ue) && ue != U_USING_DEFAULT_WARNING && un > 0 && un < 128) {
        UErrorCode e2 = U_ZERO_ERROR;
        u_strToUTF8(name, (int32_t)sizeof(name), &nn, u, un, &e2);
        if (U_FAILURE(e2) || nn <= 0 || nn >= (int32_t)sizeof(name)) nn = 0;
    }
    /* "St. Kitts & Nevis" -> "Saint Kitts and Nevis" */
    char out[400];
    size_t o = 0;
    for (int32_t i = 0; i < nn && o + 8 < sizeof(out); i++) {
        if (i == 0 && nn > 4 && memcmp(name, "St. ", 4) == 0) {
            memcpy(out, "Saint ", 6);
            o = 6;
            i = 3;
        } else if (i + 2 < nn && memcmp(name + i, " & ", 3) == 0) {
            memcpy(out + o, " and ", 5);
            o += 5;
            i += 2;
        } else {
            out[o++] = name[i];
        }
    }
    const char *copy = emb__arena_strndup(&st->tmp, out, o);
    if (!copy) {
        st->oom = 1;
        return NULL;
    }
    st->country[slot] = copy;
    return o ? copy : NULL;
}

/* ---- adding names and fields ----------------------------------------------------------- */

static int has_primary(const emb_entity *e) {
    return e->name_count > 0 && e->names[0].kind == EMBARGO_NAME_PRIMARY;
}

/* Adds a name; the first name of an entity becomes its primary one. */
embargo_status emb__ftm_add_name(ftm *st, emb_entity *e, embargo_name_kind kind, int weak,
                                 const char *s, size_t n) {
    emb__trim(&s, &n);
    if (!n) return EMBARGO_OK;
    if (n > FTM_MAX_NAME)
        return emb__ftm_fail(st, "entity %s: a name of %zu bytes (at most %d)", e->id, n, FTM_MAX_NAME);
    if (!has_primary(e)) {
        kind = EMBARGO_NAME_PRIMARY;
        weak = 0;
    }
    return emb__entity_add_name(&st->ld, e, kind, weak, s, n);
}

/* Adds a field unless the entity has it already. */
embargo_status emb__ftm_add_field(ftm *st, emb_entity *e, embargo_field_kind kind, const char *s,
                                  size_t n) {
    emb__trim(&s, &n);
    if (!n) return EMBARGO_OK;
    if (n > FTM_MAX_VALUE)
        return emb__ftm_fail(st, "entity %s: a value of %zu bytes (at most %d)", e->id, n, FTM_MAX_VALUE);
    for (uint32_t i = 0; i < e->field_count && i < DEDUP_FIELDS; i++)
        if (e->fields[i].kind == kind && e->fields[i].len == n && memcmp(e->fields[i].text, s, n) == 0)
            return EMBARGO_OK;
    return emb__entity_add_field(&st->ld, e, kind, s, n);
}

/* Adds a country field: the name for a code, else the value as given. */
embargo_status emb__ftm_add_country(ftm *st, emb_entity *e, embargo_field_kind kind, const char *s,
                                    size_t n) {
    emb__trim(&s, &n);
    const char *name = emb__ftm_country_name(st, s, n);
    if (name) return emb__ftm_add_field(st, e, kind, name, strlen(name));
    return emb__ftm_add_field(st, e, kind, s, n);
}

/* ---- scratch text ------------------------------------------------------------------------- */

int emb__ftm_sb_add(ftm *st, const char *s, size_t n) {
    if (n > SIZE_MAX / 2 || EMB_GROW(st->sb, st->sb_cap, st->sb_len + n + 1)) return -1;
    if (n) memcpy(st->sb + st->sb_len, s, n);
    st->sb_len += n;
    st->sb[st->sb_len] = '\0';
    return 0;
}

int emb__ftm_sb_str(ftm *st, const char *s) { return emb__ftm_sb_add(st, s, strlen(s)); }
