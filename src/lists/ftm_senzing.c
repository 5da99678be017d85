/*
 * ftm_senzing.c - the records of OpenSanctions' Senzing export, for the
 * OpenSanctions loader (ftm.c reads the file, decides its format from the
 * first record and publishes; ftm_int.h holds the state they share and
 * ftm_common.c the helpers).
 *
 * OpenSanctions also exports its data in Senzing's entity format
 * (senzing.json, JSON lines; watchman's peps_senzing.json is a JSON array of
 * flat records). Records of RECORD_TYPE PERSON, ORGANIZATION, VESSEL and
 * AIRCRAFT are loaded (no type: guessed from NAME_ORG / NAME_FIRST /
 * NAME_LAST, else skipped: OpenSanctions exports positions that way); NAMES,
 * DATES, ADDRESSES, COUNTRIES, CONTACTS, IDENTIFIERS and RISKS (topics) map
 * as for FtM, flat attributes too.
 *
 * A record is one JSON object: RECORD_ID (a string or an integer) is the
 * entity's id; its attributes stand flat in the record or in attribute
 * groups, arrays of objects (NAMES, ADDRESSES, ...), and each group is read
 * the same way. The first name of NAME_TYPE PRIMARY is the primary name
 * (else the first name), the others AKA. A record of an id already read
 * replaces it. A record without RECORD_ID fails the load.
 */
#include "ftm_int.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

/* The string value of a Senzing attribute, trimmed; NULL if absent or empty. */
static const char *sz_str(json_t *g, const char *key, size_t *len) {
    json_t *v = json_object_get(g, key);
    if (!json_is_string(v)) return NULL;
    const char *s = json_string_value(v);
    *len = json_string_length(v);
    emb__trim(&s, len);
    return *len ? s : NULL;
}

/* Composes the name of one Senzing attribute group into st->sb: 1 if there
 * is one, 0 if not, -1 on OOM. *org becomes 1 for NAME_ORG, -1 for a
 * person's name parts. */
static int sz_name(ftm *st, json_t *g, int *org) {
    size_t len;
    const char *s;
    st->sb_len = 0;
    if ((s = sz_str(g, "NAME_ORG", &len))) {
        *org = 1;
        return emb__ftm_sb_add(st, s, len) ? -1 : 1;
    }
    if ((s = sz_str(g, "NAME_FULL", &len))) return emb__ftm_sb_add(st, s, len) ? -1 : 1;
    static const char *const PARTS[] = { "NAME_PREFIX", "NAME_FIRST", "NAME_MIDDLE", "NAME_LAST", "NAME_SUFFIX" };
    int person = 0;
    for (size_t i = 0; i < 5; i++) {
        if (!(s = sz_str(g, PARTS[i], &len))) continue;
        if (i == 1 || i == 3) person = 1;
        if ((st->sb_len && emb__ftm_sb_str(st, " ")) || emb__ftm_sb_add(st, s, len)) return -1;
    }
    if (person) *org = -1;
    return st->sb_len > 0;
}

/* Fields of one Senzing attribute group. */
static embargo_status sz_fields(ftm *st, emb_entity *e, json_t *g) {
    static const struct { const char *key; uint8_t kind; uint8_t country; } SIMPLE[] = {
        { "DATE_OF_BIRTH", EMBARGO_FIELD_BIRTH_DATE, 0 },
        { "PLACE_OF_BIRTH", EMBARGO_FIELD_BIRTH_PLACE, 0 },
        { "NATIONALITY", EMBARGO_FIELD_NATIONALITY, 1 },
        { "CITIZENSHIP", EMBARGO_FIELD_CITIZENSHIP, 1 },
        { "REGISTRATION_COUNTRY", EMBARGO_FIELD_COUNTRY, 1 },
        { "COUNTRY_OF_ASSOCIATION", EMBARGO_FIELD_COUNTRY, 1 },
        { "ADDR_COUNTRY", EMBARGO_FIELD_COUNTRY, 1 },
        { "WEBSITE_ADDRESS", EMBARGO_FIELD_WEBSITE, 0 },
        { "EMAIL_ADDRESS", EMBARGO_FIELD_EMAIL, 0 },
        { "PHONE_NUMBER", EMBARGO_FIELD_PHONE, 0 },
    };
    static const struct { const char *num, *country, *label; } IDS[] = {
        { "PASSPORT_NUMBER", "PASSPORT_COUNTRY", "Passport" },
        { "NATIONAL_ID_NUMBER", "NATIONAL_ID_COUNTRY", "National ID" },
        { "TAX_ID_NUMBER", "TAX_ID_COUNTRY", "Tax ID" },
        { "DRIVERS_LICENSE_NUMBER", "DRIVERS_LICENSE_STATE", "Driver's license" },
        { "SSN_NUMBER", NULL, "SSN" },
        { "LEI_NUMBER", NULL, "LEI" },
        { "DUNS_NUMBER", NULL, "DUNS" },
        { "OTHER_ID_NUMBER", "OTHER_ID_COUNTRY", NULL },
    };
    embargo_status s = EMBARGO_OK;
    size_t len, l2;
    const char *x;
    for (size_t i = 0; i < sizeof(SIMPLE) / sizeof(SIMPLE[0]) && !s; i++) {
        if (!(x = sz_str(g, SIMPLE[i].key, &len))) continue;
        s = SIMPLE[i].country ? emb__ftm_add_country(st, e, (embargo_field_kind)SIMPLE[i].kind, x, len)
                              : emb__ftm_add_field(st, e, (embargo_field_kind)SIMPLE[i].kind, x, len);
    }
    if (s) return s;
    if ((x = sz_str(g, "GENDER", &len))) {
        if (len == 1 && (x[0] == 'M' || x[0] == 'm'))
            s = emb__ftm_add_field(st, e, EMBARGO_FIELD_GENDER, "male", 4);
        else if (len == 1 && (x[0] == 'F' || x[0] == 'f'))
            s = emb__ftm_add_field(st, e, EMBARGO_FIELD_GENDER, "female", 6);
        else s = emb__ftm_add_field(st, e, EMBARGO_FIELD_GENDER, x, len);
        if (s) return s;
    }
    if ((x = sz_str(g, "ADDR_FULL", &len))) {
        if ((s = emb__ftm_add_field(st, e, EMBARGO_FIELD_ADDRESS, x, len))) return s;
    } else {
        static const char *const PARTS[] = { "ADDR_LINE1", "ADDR_LINE2", "ADDR_LINE3", "ADDR_LINE4",
                                             "ADDR_LINE5", "ADDR_LINE6", "ADDR_CITY", "ADDR_STATE",
                                             "ADDR_POSTAL_CODE", "ADDR_COUNTRY" };
        st->sb_len = 0;
        for (size_t i = 0; i < sizeof(PARTS) / sizeof(PARTS[0]); i++)
            if ((x = sz_str(g, PARTS[i], &len)) && ((st->sb_len && emb__ftm_sb_str(st, ", ")) || emb__ftm_sb_add(st, x, len)))
                return EMBARGO_ENOMEM;
        if (st->sb_len && (s = emb__ftm_add_field(st, e, EMBARGO_FIELD_ADDRESS, st->sb, st->sb_len))) return s;
    }
    for (size_t i = 0; i < sizeof(IDS) / sizeof(IDS[0]); i++) {
        if (!(x = sz_str(g, IDS[i].num, &len))) continue;
        const char *label = IDS[i].label;
        size_t ll = label ? strlen(label) : 0;
        if (!label) {
            label = sz_str(g, "OTHER_ID_TYPE", &ll);
            if (!label) label = "ID", ll = 2;
        }
        const char *c = IDS[i].country ? sz_str(g, IDS[i].country, &l2) : NULL;
        st->sb_len = 0;
        if (emb__ftm_sb_add(st, label, ll) || emb__ftm_sb_str(st, " ") || emb__ftm_sb_add(st, x, len)) return EMBARGO_ENOMEM;
        if (c) {
            const char *name = emb__ftm_country_name(st, c, l2);
            if (emb__ftm_sb_str(st, " (") || (name && name[0] ? emb__ftm_sb_str(st, name) : emb__ftm_sb_add(st, c, l2)) ||
                emb__ftm_sb_str(st, ")"))
                return EMBARGO_ENOMEM;
        }
        if ((s = emb__ftm_add_field(st, e, EMBARGO_FIELD_ID_DOCUMENT, st->sb, st->sb_len))) return s;
    }
    if ((x = sz_str(g, "LAST_CHANGE", &len))) emb__ftm_note_date(st, x, len);
    return EMBARGO_OK;
}

/* Calls the group function on the record and on each object in its arrays. */
#define FOR_GROUPS(o, g, ...)                                             \
    do {                                                                  \
        json_t *g = (o);                                                  \
        __VA_ARGS__;                                                      \
        const char *k_;                                                   \
        json_t *v_;                                                       \
        json_object_foreach((o), k_, v_) {                                \
            if (!json_is_array(v_)) continue;                             \
            for (size_t i_ = 0; i_ < json_array_size(v_); i_++) {         \
                g = json_array_get(v_, i_);                               \
                if (json_is_object(g)) { __VA_ARGS__; }                   \
            }                                                             \
        }                                                                 \
    } while (0)

embargo_status emb__ftm_senzing_record(ftm *st, json_t *o) {
    json_t *jid = json_object_get(o, "RECORD_ID");
    char num[32];
    const char *id;
    size_t idlen;
    if (json_is_string(jid) && json_string_length(jid)) {
        id = json_string_value(jid);
        idlen = json_string_length(jid);
    } else if (json_is_integer(jid)) {
        snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(jid));
        id = num;
        idlen = strlen(num);
    } else {
        return emb__ftm_fail(st, "a Senzing record without \"RECORD_ID\"");
    }
    if (idlen > 1024) return emb__ftm_fail(st, "a RECORD_ID of %zu bytes", idlen);
    /* the type: RECORD_TYPE, else what the names say */
    embargo_entity_type type = EMBARGO_TYPE_UNKNOWN;
    json_t *rt = json_object_get(o, "RECORD_TYPE");
    int org = 0, primary_at = -1, k = 0, oom = 0;
    FOR_GROUPS(o, g, {
        int got = sz_name(st, g, &org);
        if (got < 0) oom = 1;
        if (got > 0) {
            size_t tl;
            const char *t = sz_str(g, "NAME_TYPE", &tl);
            if (primary_at < 0 && t && tl == 7 && !memcmp(t, "PRIMARY", 7)) primary_at = k;
            k++;
        }
    });
    if (oom) return EMBARGO_ENOMEM;
    if (json_is_string(rt)) {
        const char *t = json_string_value(rt);
        if (!strcmp(t, "PERSON")) type = EMBARGO_TYPE_PERSON;
        else if (!strcmp(t, "ORGANIZATION")) type = EMBARGO_TYPE_ORGANIZATION;
        else if (!strcmp(t, "VESSEL")) type = EMBARGO_TYPE_VESSEL;
        else if (!strcmp(t, "AIRCRAFT")) type = EMBARGO_TYPE_AIRCRAFT;
    } else if (org > 0) {
        type = EMBARGO_TYPE_ORGANIZATION;
    } else if (org < 0) {
        type = EMBARGO_TYPE_PERSON;
    }
    rec *r = emb__ftm_rec_renew(st, id, idlen, 1);
    if (!r) return EMBARGO_ENOMEM;
    size_t ll;
    const char *lc = sz_str(o, "LAST_CHANGE", &ll);
    if (lc) emb__ftm_note_date(st, lc, ll);
    if (type == EMBARGO_TYPE_UNKNOWN) {
        r->state = R_SKIPPED;
        return EMBARGO_OK;
    }
    embargo_status s = emb__ftm_rec_entity(st, r, type);
    if (s) return s;
    emb_entity *e = r->e;
    /* the primary name first, so that an alias of the same text stays primary */
    int want = primary_at < 0 ? 0 : primary_at;
    for (int pass = 0; pass < 2; pass++) {
        k = 0;
        FOR_GROUPS(o, g, {
            int got = s ? 0 : sz_name(st, g, &org);
            if (got < 0) s = EMBARGO_ENOMEM;
            if (got > 0) {
                if (pass == 0 && k == want)
                    s = emb__ftm_add_name(st, e, EMBARGO_NAME_PRIMARY, 0, st->sb, st->sb_len);
                else if (pass == 1 && k != want)
                    s = emb__ftm_add_name(st, e, EMBARGO_NAME_AKA, 0, st->sb, st->sb_len);
                k++;
            }
        });
    }
    FOR_GROUPS(o, g, {
        if (!s) s = sz_fields(st, e, g);
    });
    if (s) return s;
    json_t *risks = json_object_get(o, "RISKS");
    st->sb_len = 0;
    int pep = 0, rca = 0, nt = 0;
    for (size_t i = 0; json_is_array(risks) && i < json_array_size(risks); i++) {
        size_t tl;
        const char *t = sz_str(json_array_get(risks, i), "TOPIC", &tl);
        if (!t) continue;
        if (emb__ftm_sb_str(st, nt++ ? ", " : "topics: ") || emb__ftm_sb_add(st, t, tl)) return EMBARGO_ENOMEM;
        pep |= tl == 8 && !memcmp(t, "role.pep", 8);
        rca |= tl == 8 && !memcmp(t, "role.rca", 8);
    }
    if (nt && (s = emb__ftm_add_field(st, e, EMBARGO_FIELD_REMARK, st->sb, st->sb_len))) return s;
    if (pep && (s = emb__ftm_add_field(st, e, EMBARGO_FIELD_REMARK, "politically exposed person (PEP)", 32)))
        return s;
    if (rca && (s = emb__ftm_add_field(st, e, EMBARGO_FIELD_REMARK,
                                       "relative or close associate of a politically exposed person", 59)))
        return s;
    return EMBARGO_OK;
}

