/*
 * un.c - loader for the UN Security Council consolidated list (XML).
 *
 * The Security Council publishes every sanctions committee's list as one
 * XML file (https://scsanctions.un.org/resources/xml/en/consolidated.xml,
 * schema sc-sanctions.xsd):
 *
 *   <CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z">
 *     <INDIVIDUALS><INDIVIDUAL>...</INDIVIDUAL>...</INDIVIDUALS>
 *     <ENTITIES><ENTITY>...</ENTITY>...</ENTITIES>
 *   </CONSOLIDATED_LIST>
 *
 * Everything is element text; no attributes but dateGenerated. The file is
 * about 2 MB, so it is parsed into a libxml2 tree (network access off, no
 * entity substitution, and a document with a DOCTYPE is refused outright:
 * the UN never writes one, and refusing it shuts out external and
 * expanding entities) and walked once. List "un"; its date is the date part
 * of dateGenerated.
 *
 * Mapping of one INDIVIDUAL (type person) or ENTITY (type organization):
 *   id            "un:" + REFERENCE_NUMBER ("un:QDi.001"), else "un:" + DATAID
 *   primary name  FIRST_NAME SECOND_NAME THIRD_NAME FOURTH_NAME joined by one
 *                 space (entities have FIRST_NAME only)
 *   NAME_ORIGINAL_SCRIPT      a strong alias (AKA)
 *   *_ALIAS       ALIAS_NAME by QUALITY: "Good" and "a.k.a." strong AKA,
 *                 "Low" weak AKA, "f.k.a." strong FKA, "n.k.a." strong NKA,
 *                 an empty or unknown quality strong AKA. (The 2026-02-27
 *                 file uses Good 1524, Low 615, a.k.a. 594, f.k.a. 19; the
 *                 291 aliases without a quality have no name either.) An
 *                 alias's own DATE_OF_BIRTH and CITY/COUNTRY_OF_BIRTH are
 *                 kept as BIRTH_DATE / BIRTH_PLACE.
 *   LISTED_ON     LISTED_ON (ten files of 1003 append a time zone,
 *                 "2015-04-07-04:00": the date part is kept)
 *   REFERENCE     REFERENCE_NUMBER           PROGRAM   UN_LIST_TYPE
 *   GENDER        GENDER                     REMARKS   COMMENTS1 as published
 *   TITLE         each TITLE/VALUE and DESIGNATION/VALUE
 *   NATIONALITY   each NATIONALITY/VALUE
 *   BIRTH_DATE    per INDIVIDUAL_DATE_OF_BIRTH by TYPE_OF_DATE: DATE
 *                 ("1963-04-11") or YEAR ("1971"); APPROXIMATELY prefixes
 *                 "circa "; BETWEEN gives FROM_YEAR/TO_YEAR as an ISO 8601
 *                 interval ("1955/1958"); with none of those, the NOTE
 *                 ("Nov. 1973" -> "1973-11", else as written)
 *   BIRTH_PLACE   STREET, CITY, STATE_PROVINCE, COUNTRY joined by ", "
 *                 (the NOTE when there is nothing else)
 *   ADDRESS       STREET, CITY, STATE_PROVINCE, ZIP_CODE, COUNTRY joined by
 *                 ", " (the NOTE when there is nothing else); COUNTRY also
 *                 as a COUNTRY field, once per entity
 *   ID_DOCUMENT   "TYPE_OF_DOCUMENT (TYPE_OF_DOCUMENT2) NUMBER (COUNTRY)"
 *                 with ISSUING_COUNTRY or else COUNTRY_OF_ISSUE, e.g.
 *                 "Passport A123456 (Egypt)"
 * VERSIONNUM, LIST_TYPE, LAST_DAY_UPDATED, SORT_KEY*, SUBMITTED_*,
 * DELISTED_ON and the NOTEs of aliases and addresses are not kept.
 *
 * Strictness. Not well-formed XML (a truncated file, a tag not closed)
 * fails with the line and column libxml2 reports. Structure is checked
 * too: the root must be CONSOLIDATED_LIST, holding only INDIVIDUALS and
 * ENTITIES, which hold only INDIVIDUAL and ENTITY; an element of this
 * format found in the wrong place (an ALIAS_NAME directly in an INDIVIDUAL,
 * an INDIVIDUAL in ENTITIES, an element inside a text element), text
 * between elements, a record without a name or without both
 * REFERENCE_NUMBER and DATAID, and a duplicate id all fail the load with
 * the element's line and its XML path in the message. An element name this
 * format does not know inside a record is passed over (a field the UN may
 * add later); at the top levels it fails, since records could be lost.
 * An id the dataset already holds for list "un" (the file loaded twice)
 * fails too. Nothing is published on failure.
 */
#include "loader.h"
#include "xml.h"
#include "remarks.h"
#include "../base/alloc.h"
#include "../base/buf.h"
#include "../base/date.h"
#include "../base/str.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include <limits.h>
#include <string.h>

/* ---- the format's elements -------------------------------------------------- */

/* What a child element of a record means. */
enum un_what {
    W_SKIP = 0, W_DATAID, W_NAME, W_PROGRAM, W_REF, W_LISTED, W_GENDER, W_ORIG, W_COMMENTS,
    W_TITLES, W_NATIONALITIES, W_ALIAS, W_ADDRESS, W_DOB, W_POB, W_DOC
};

typedef struct un_kid {
    const char *name;
    int what;
} un_kid;

static const un_kid individual_kids[] = {
    { "DATAID", W_DATAID }, { "VERSIONNUM", W_SKIP },
    { "FIRST_NAME", W_NAME }, { "SECOND_NAME", W_NAME }, { "THIRD_NAME", W_NAME },
    { "FOURTH_NAME", W_NAME }, { "UN_LIST_TYPE", W_PROGRAM }, { "REFERENCE_NUMBER", W_REF },
    { "LISTED_ON", W_LISTED }, { "GENDER", W_GENDER }, { "SUBMITTED_BY", W_SKIP },
    { "SUBMITTED_ON", W_SKIP }, { "NAME_ORIGINAL_SCRIPT", W_ORIG }, { "COMMENTS1", W_COMMENTS },
    { "TITLE", W_TITLES }, { "DESIGNATION", W_TITLES }, { "NATIONALITY", W_NATIONALITIES },
    { "LIST_TYPE", W_SKIP }, { "LAST_DAY_UPDATED", W_SKIP },
    { "INDIVIDUAL_ALIAS", W_ALIAS }, { "INDIVIDUAL_ADDRESS", W_ADDRESS },
    { "INDIVIDUAL_DATE_OF_BIRTH", W_DOB }, { "INDIVIDUAL_PLACE_OF_BIRTH", W_POB },
    { "INDIVIDUAL_DOCUMENT", W_DOC }, { "SORT_KEY", W_SKIP }, { "SORT_KEY_LAST_MOD", W_SKIP },
    { "DELISTED_ON", W_SKIP }, { NULL, 0 },
};

static const un_kid entity_kids[] = {
    { "DATAID", W_DATAID }, { "VERSIONNUM", W_SKIP },
    { "FIRST_NAME", W_NAME }, { "SECOND_NAME", W_NAME }, { "THIRD_NAME", W_NAME },
    { "FOURTH_NAME", W_NAME }, { "UN_LIST_TYPE", W_PROGRAM }, { "REFERENCE_NUMBER", W_REF },
    { "LISTED_ON", W_LISTED }, { "SUBMITTED_BY", W_SKIP }, { "SUBMITTED_ON", W_SKIP },
    { "NAME_ORIGINAL_SCRIPT", W_ORIG }, { "COMMENTS1", W_COMMENTS }, { "LIST_TYPE", W_SKIP },
    { "LAST_DAY_UPDATED", W_SKIP }, { "ENTITY_ALIAS", W_ALIAS }, { "ENTITY_ADDRESS", W_ADDRESS },
    { "SORT_KEY", W_SKIP }, { "SORT_KEY_LAST_MOD", W_SKIP }, { "DELISTED_ON", W_SKIP },
    { NULL, 0 },
};

/* The parts of the small compound elements, in the order they are joined. */
enum { AL_QUALITY, AL_NAME, AL_DOB, AL_CITY, AL_COUNTRY, AL_NOTE, AL__N };
static const char *const alias_parts[AL__N] = {
    "QUALITY", "ALIAS_NAME", "DATE_OF_BIRTH", "CITY_OF_BIRTH", "COUNTRY_OF_BIRTH", "NOTE",
};
enum { AD_STREET, AD_CITY, AD_STATE, AD_ZIP, AD_COUNTRY, AD_NOTE, AD__N };
static const char *const address_parts[AD__N] = {
    "STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY", "NOTE",
};
enum { DB_TYPE, DB_DATE, DB_YEAR, DB_FROM, DB_TO, DB_NOTE, DB__N };
static const char *const dob_parts[DB__N] = {
    "TYPE_OF_DATE", "DATE", "YEAR", "FROM_YEAR", "TO_YEAR", "NOTE",
};
enum { DC_TYPE, DC_TYPE2, DC_NUMBER, DC_ISSUING, DC_DATE, DC_CITY, DC_COUNTRY, DC_NOTE, DC__N };
static const char *const doc_parts[DC__N] = {
    "TYPE_OF_DOCUMENT", "TYPE_OF_DOCUMENT2", "NUMBER", "ISSUING_COUNTRY", "DATE_OF_ISSUE",
    "CITY_OF_ISSUE", "COUNTRY_OF_ISSUE", "NOTE",
};
static const char *const value_parts[1] = { "VALUE" };

static const char *const top_names[] = {
    "CONSOLIDATED_LIST", "INDIVIDUALS", "ENTITIES", "INDIVIDUAL", "ENTITY", NULL,
};

static int in_list(const char *const *names, size_t n, const char *name) {
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0) return 1;
    return 0;
}

/* Whether `name` is an element of this format (anywhere). */
static int known_name(const char *name) {
    for (size_t i = 0; top_names[i]; i++)
        if (strcmp(top_names[i], name) == 0) return 1;
    for (size_t i = 0; individual_kids[i].name; i++)
        if (strcmp(individual_kids[i].name, name) == 0) return 1;
    for (size_t i = 0; entity_kids[i].name; i++)
        if (strcmp(entity_kids[i].name, name) == 0) return 1;
    return in_list(alias_parts, AL__N, name) || in_list(address_parts, AD__N, name) ||
           in_list(dob_parts, DB__N, name) || in_list(doc_parts, DC__N, name) ||
           in_list(value_parts, 1, name);
}

/* A buffer's bytes, "" while it has none (never a null pointer). */
static const char *bstr(const emb_buf *b) { return b->data ? (const char *)b->data : ""; }

/* ---- state and errors ------------------------------------------------------- */

typedef struct un_state {
    emb_load *ld;
    emb_buf text;         /* text of the element being read */
    emb_buf parts;        /* the parts of a compound element, NUL-separated */
    emb_buf out;          /* a value being composed */
    emb_buf name;         /* the primary name being joined */
    emb_buf id;
} un_state;

static const char *el_name(const xmlNode *n) { return (const char *)n->name; }

/* ---- text ------------------------------------------------------------------- */

/* Appends the text content of a leaf element `n` to `b`. A child element
 * fails the load; comments and processing instructions are passed over. */
static embargo_status leaf_text(un_state *s, const xmlNode *n, emb_buf *b) {
    return emb__xml_text(s->ld, n, n->children, b);
}

/* Collapses white space runs in b[from..] to one space and trims them. */
static void collapse(emb_buf *b, size_t from) {
    size_t o = from;
    int space = 0;
    for (size_t i = from; i < b->len; i++) {
        unsigned char ch = b->data[i];
        if (emb__is_space(ch)) {
            space = 1;
            continue;
        }
        if (space && o > from) b->data[o++] = ' ';
        space = 0;
        b->data[o++] = ch;
    }
    b->len = o;
}

/* The collapsed text of leaf `n` in s->text. */
static embargo_status text_of(un_state *s, const xmlNode *n) {
    s->text.len = 0;
    embargo_status st = leaf_text(s, n, &s->text);
    if (st == EMBARGO_OK) collapse(&s->text, 0);
    return st;
}

/* Reads a compound element whose children are the leaf elements `names`
 * into s->parts: off[i]/len[i] for names[i] (0-length if absent; a part
 * given twice is joined with "; "). */
static embargo_status read_parts(un_state *s, const xmlNode *n, const char *const *names,
                                 size_t count, size_t *off, size_t *len) {
    s->parts.len = 0;
    for (size_t i = 0; i < count; i++) off[i] = len[i] = 0;
    embargo_status bad = EMBARGO_OK;
    for (const xmlNode *c = emb__xml_element(s->ld, n, n->children, &bad); c;
         c = emb__xml_element(s->ld, n, c->next, &bad)) {
        size_t i = 0;
        while (i < count && strcmp(names[i], el_name(c)) != 0) i++;
        if (i == count) {
            if (known_name(el_name(c))) return emb__xml_unexpected(s->ld, c, n);
            continue;
        }
        embargo_status st = text_of(s, c);
        if (st != EMBARGO_OK) return st;
        if (!s->text.len) continue;
        if (len[i]) {
            /* repeated: move it to the end, joined */
            size_t start = s->parts.len;
            emb__buf_append(&s->parts, s->parts.data + off[i], len[i]);
            emb__buf_append(&s->parts, "; ", 2);
            off[i] = start;
            len[i] += 2;
        } else {
            off[i] = s->parts.len;
        }
        emb__buf_append(&s->parts, s->text.data, s->text.len);
        len[i] += s->text.len;
        if (s->parts.oom) return EMBARGO_ENOMEM;
    }
    return bad;
}

#define PART(i) (bstr(&s->parts) + off[i]), len[i]

/* ---- fields ----------------------------------------------------------------- */

/* A date as ISO 8601: an ISO date with a time or zone suffix is cut to the
 * date; anything else is kept as written. */
static embargo_status add_date(emb_load *ld, emb_entity *e, embargo_field_kind kind,
                               const char *p, size_t n) {
    size_t k = emb__iso_date10(p, n);
    return emb__entity_add_field_once(ld, e, kind, p, k ? k : n);
}

static embargo_status do_alias(un_state *s, emb_entity *e, const xmlNode *n) {
    size_t off[AL__N], len[AL__N];
    embargo_status st = read_parts(s, n, alias_parts, AL__N, off, len);
    if (st != EMBARGO_OK || !len[AL_NAME]) return st;
    const char *q = bstr(&s->parts) + off[AL_QUALITY];
    size_t qn = len[AL_QUALITY];
    embargo_name_kind kind = EMBARGO_NAME_AKA;
    int weak = 0;
    if (emb__word_ieq(q, qn, "Low")) weak = 1;
    else if (emb__word_ieq(q, qn, "f.k.a.") || emb__word_ieq(q, qn, "fka")) kind = EMBARGO_NAME_FKA;
    else if (emb__word_ieq(q, qn, "n.k.a.") || emb__word_ieq(q, qn, "nka")) kind = EMBARGO_NAME_NKA;
    st = emb__entity_add_name(s->ld, e, kind, weak, PART(AL_NAME));
    if (st == EMBARGO_OK && len[AL_DOB]) st = add_date(s->ld, e, EMBARGO_FIELD_BIRTH_DATE, PART(AL_DOB));
    if (st == EMBARGO_OK && (len[AL_CITY] || len[AL_COUNTRY])) {
        s->out.len = 0;
        emb__join(&s->out, ", ", PART(AL_CITY));
        emb__join(&s->out, ", ", PART(AL_COUNTRY));
        if (s->out.oom) return EMBARGO_ENOMEM;
        st = emb__entity_add_field_once(s->ld, e, EMBARGO_FIELD_BIRTH_PLACE, bstr(&s->out), s->out.len);
    }
    return st;
}

static embargo_status do_address(un_state *s, emb_entity *e, const xmlNode *n, int birth) {
    size_t off[AD__N], len[AD__N];
    embargo_status st = read_parts(s, n, address_parts, AD__N, off, len);
    if (st != EMBARGO_OK) return st;
    s->out.len = 0;
    for (int i = AD_STREET; i <= AD_COUNTRY; i++) emb__join(&s->out, ", ", PART(i));
    if (!s->out.len) emb__join(&s->out, ", ", PART(AD_NOTE));
    if (s->out.oom) return EMBARGO_ENOMEM;
    if (s->out.len)
        st = emb__entity_add_field_once(s->ld, e, birth ? EMBARGO_FIELD_BIRTH_PLACE : EMBARGO_FIELD_ADDRESS,
                      bstr(&s->out), s->out.len);
    if (st == EMBARGO_OK && !birth && len[AD_COUNTRY])
        st = emb__entity_add_field_once(s->ld, e, EMBARGO_FIELD_COUNTRY, PART(AD_COUNTRY));
    return st;
}

static embargo_status do_dob(un_state *s, emb_entity *e, const xmlNode *n) {
    size_t off[DB__N], len[DB__N];
    embargo_status st = read_parts(s, n, dob_parts, DB__N, off, len);
    if (st != EMBARGO_OK) return st;
    s->out.len = 0;
    if (emb__word_ieq(PART(DB_TYPE), "APPROXIMATELY")) emb__buf_append(&s->out, "circa ", 6);
    size_t mark = s->out.len;
    if (len[DB_DATE]) {
        size_t k = emb__iso_date10(PART(DB_DATE));
        emb__buf_append(&s->out, bstr(&s->parts) + off[DB_DATE], k ? k : len[DB_DATE]);
    } else if (len[DB_YEAR]) {
        emb__buf_append(&s->out, PART(DB_YEAR));
    } else if (len[DB_FROM] || len[DB_TO]) {
        emb__buf_append(&s->out, PART(DB_FROM));
        if (len[DB_FROM] && len[DB_TO]) emb__buf_putc(&s->out, '/');
        emb__buf_append(&s->out, PART(DB_TO));
    } else if (len[DB_NOTE]) {
        /* "Nov. 1973": drop the abbreviation dots, then read it as a date */
        char tmp[64], iso[64];
        size_t k = 0;
        const char *p = bstr(&s->parts) + off[DB_NOTE];
        for (size_t i = 0; i < len[DB_NOTE] && k + 1 < sizeof(tmp); i++)
            if (!(p[i] == '.' && i > 0 && ((p[i - 1] | 32) >= 'a' && (p[i - 1] | 32) <= 'z')))
                tmp[k++] = p[i];
        size_t m = len[DB_NOTE] < sizeof(tmp) ? emb__remarks_date(tmp, k, iso, sizeof(iso)) : 0;
        s->out.len = 0;
        if (m) emb__buf_append(&s->out, iso, m);
        else emb__buf_append(&s->out, PART(DB_NOTE));
    }
    if (s->out.oom) return EMBARGO_ENOMEM;
    if (s->out.len == mark) return EMBARGO_OK;  /* no date given */
    return emb__entity_add_field_once(s->ld, e, EMBARGO_FIELD_BIRTH_DATE, bstr(&s->out), s->out.len);
}

static embargo_status do_document(un_state *s, emb_entity *e, const xmlNode *n) {
    size_t off[DC__N], len[DC__N];
    embargo_status st = read_parts(s, n, doc_parts, DC__N, off, len);
    if (st != EMBARGO_OK) return st;
    if (!len[DC_NUMBER] && !len[DC_NOTE]) return EMBARGO_OK;
    s->out.len = 0;
    emb__join(&s->out, " ", PART(DC_TYPE));
    if (len[DC_TYPE2]) {
        if (s->out.len) emb__buf_append(&s->out, " (", 2);
        emb__buf_append(&s->out, PART(DC_TYPE2));
        if (len[DC_TYPE]) emb__buf_putc(&s->out, ')');
    }
    emb__join(&s->out, " ", PART(len[DC_NUMBER] ? DC_NUMBER : DC_NOTE));
    int country = len[DC_ISSUING] ? DC_ISSUING : len[DC_COUNTRY] ? DC_COUNTRY : -1;
    if (country >= 0) {
        emb__buf_append(&s->out, " (", 2);
        emb__buf_append(&s->out, PART(country));
        emb__buf_putc(&s->out, ')');
    }
    if (s->out.oom) return EMBARGO_ENOMEM;
    return emb__entity_add_field_once(s->ld, e, EMBARGO_FIELD_ID_DOCUMENT, bstr(&s->out), s->out.len);
}

/* TITLE, DESIGNATION, NATIONALITY: a list of VALUE elements. */
static embargo_status do_values(un_state *s, emb_entity *e, const xmlNode *n, embargo_field_kind kind) {
    embargo_status bad = EMBARGO_OK;
    for (const xmlNode *c = emb__xml_element(s->ld, n, n->children, &bad); c;
         c = emb__xml_element(s->ld, n, c->next, &bad)) {
        if (strcmp(el_name(c), "VALUE") != 0) {
            if (known_name(el_name(c))) return emb__xml_unexpected(s->ld, c, n);
            continue;
        }
        embargo_status st = text_of(s, c);
        if (st == EMBARGO_OK && s->text.len)
            st = emb__entity_add_field_once(s->ld, e, kind, bstr(&s->text), s->text.len);
        if (st != EMBARGO_OK) return st;
    }
    return bad;
}

/* ---- records ---------------------------------------------------------------- */

static int kid_of(const un_kid *kids, const char *name) {
    for (size_t i = 0; kids[i].name; i++)
        if (strcmp(kids[i].name, name) == 0) return (int)i;
    return -1;
}

static embargo_status do_record(un_state *s, const xmlNode *rec, int person) {
    const un_kid *kids = person ? individual_kids : entity_kids;
    emb_load *ld = s->ld;
    ld->rows++;
    /* Pass 1: check every child, gather the name and the id. */
    s->name.len = 0;
    s->id.len = 0;
    int have_ref = 0;
    const xmlNode *orig = NULL, *first_alias = NULL;
    embargo_status bad = EMBARGO_OK;
    for (const xmlNode *c = emb__xml_element(ld, rec, rec->children, &bad); c;
         c = emb__xml_element(ld, rec, c->next, &bad)) {
        int k = kid_of(kids, el_name(c));
        if (k < 0) {
            if (known_name(el_name(c))) return emb__xml_unexpected(ld, c, rec);
            continue;
        }
        int what = kids[k].what;
        embargo_status st = EMBARGO_OK;
        if (what == W_NAME) {
            st = text_of(s, c);
            if (st == EMBARGO_OK) emb__join(&s->name, " ", bstr(&s->text), s->text.len);
        } else if (what == W_REF || (what == W_DATAID && !have_ref)) {
            st = text_of(s, c);
            if (st == EMBARGO_OK && s->text.len) {
                s->id.len = 0;
                emb__buf_append(&s->id, s->text.data, s->text.len);
                if (what == W_REF) have_ref = 1;
            }
        } else if (what == W_ORIG && !orig) {
            orig = c;
        } else if (what == W_ALIAS && !first_alias) {
            first_alias = c;
        }
        if (st != EMBARGO_OK) return st;
        if (s->name.oom || s->id.oom) return EMBARGO_ENOMEM;
    }
    if (bad) return bad;
    if (!s->id.len) return emb__xml_fail(ld, rec, "record without REFERENCE_NUMBER or DATAID");
    int dup = 0;
    emb_entity *e = emb__load_entity(ld, bstr(&s->id), s->id.len,
                                     person ? EMBARGO_TYPE_PERSON : EMBARGO_TYPE_ORGANIZATION, &dup);
    if (!e) {
        if (!dup) return EMBARGO_ENOMEM;
        char what[160];
        snprintf(what, sizeof(what), "duplicate id '%.*s'", (int)(s->id.len > 80 ? 80 : s->id.len),
                 bstr(&s->id));
        return emb__xml_fail(ld, rec, what);
    }
    /* The primary name first, so an alias spelt the same cannot take its place. */
    embargo_status st = EMBARGO_OK;
    if (s->name.len) {
        st = emb__entity_add_name(ld, e, EMBARGO_NAME_PRIMARY, 0, bstr(&s->name), s->name.len);
    } else {
        /* no FIRST_NAME: the name in the original script, else the first alias */
        s->text.len = 0;
        if (orig) {
            st = text_of(s, orig);
        } else if (first_alias) {
            size_t off[AL__N], len[AL__N];
            st = read_parts(s, first_alias, alias_parts, AL__N, off, len);
            s->text.len = 0;
            if (st == EMBARGO_OK) emb__buf_append(&s->text, PART(AL_NAME));
        }
        if (st != EMBARGO_OK) return st;
        if (!s->text.len || s->text.oom) {
            if (s->text.oom) return EMBARGO_ENOMEM;
            return emb__xml_fail(ld, rec, "record without a name");
        }
        st = emb__entity_add_name(ld, e, EMBARGO_NAME_PRIMARY, 0, bstr(&s->text), s->text.len);
    }
    if (st != EMBARGO_OK) return st;

    /* Pass 2: everything else, in document order. */
    for (const xmlNode *c = rec->children; c && st == EMBARGO_OK; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        int k = kid_of(kids, el_name(c));
        if (k < 0) continue;
        switch (kids[k].what) {
        case W_PROGRAM: case W_REF: case W_LISTED: case W_GENDER: case W_ORIG: {
            st = text_of(s, c);
            if (st != EMBARGO_OK || !s->text.len) break;
            const char *t = bstr(&s->text);
            size_t tn = s->text.len;
            switch (kids[k].what) {
            case W_PROGRAM: st = emb__entity_add_field_once(ld, e, EMBARGO_FIELD_PROGRAM, t, tn); break;
            case W_REF: st = emb__entity_add_field_once(ld, e, EMBARGO_FIELD_REFERENCE, t, tn); break;
            case W_LISTED: st = add_date(ld, e, EMBARGO_FIELD_LISTED_ON, t, tn); break;
            case W_GENDER: st = emb__entity_add_field_once(ld, e, EMBARGO_FIELD_GENDER, t, tn); break;
            default: st = emb__entity_add_name(ld, e, EMBARGO_NAME_AKA, 0, t, tn); break;
            }
            break;
        }
        case W_COMMENTS:
            /* as published: line breaks kept, only the ends trimmed */
            s->text.len = 0;
            st = leaf_text(s, c, &s->text);
            if (st == EMBARGO_OK && s->text.len)
                st = emb__entity_add_field(ld, e, EMBARGO_FIELD_REMARKS, bstr(&s->text),
                                           s->text.len);
            break;
        case W_TITLES: st = do_values(s, e, c, EMBARGO_FIELD_TITLE); break;
        case W_NATIONALITIES: st = do_values(s, e, c, EMBARGO_FIELD_NATIONALITY); break;
        case W_ALIAS: st = do_alias(s, e, c); break;
        case W_ADDRESS: st = do_address(s, e, c, 0); break;
        case W_POB: st = do_address(s, e, c, 1); break;
        case W_DOB: st = do_dob(s, e, c); break;
        case W_DOC: st = do_document(s, e, c); break;
        default: break;
        }
    }
    return st;
}

/* INDIVIDUALS or ENTITIES. */
static embargo_status do_group(un_state *s, const xmlNode *g, const char *want, int person) {
    embargo_status bad = EMBARGO_OK;
    for (const xmlNode *c = emb__xml_element(s->ld, g, g->children, &bad); c;
         c = emb__xml_element(s->ld, g, c->next, &bad)) {
        if (strcmp(el_name(c), want) != 0) return emb__xml_unexpected(s->ld, c, g);
        embargo_status st = do_record(s, c, person);
        if (st != EMBARGO_OK) return st;
    }
    return bad;
}

/* ---- parsing ---------------------------------------------------------------- */

static embargo_status un_walk(un_state *s, const xmlNode *root) {
    if (!root || strcmp(el_name(root), "CONSOLIDATED_LIST") != 0)
        return emb__load_fail(s->ld, root ? emb__xml_line(root) : 0, 0,
                              "the root element is <%.60s>, not <CONSOLIDATED_LIST>",
                              root ? el_name(root) : "");
    embargo_status bad = EMBARGO_OK;
    for (const xmlNode *c = emb__xml_element(s->ld, root, root->children, &bad); c;
         c = emb__xml_element(s->ld, root, c->next, &bad)) {
        embargo_status st;
        if (strcmp(el_name(c), "INDIVIDUALS") == 0) st = do_group(s, c, "INDIVIDUAL", 1);
        else if (strcmp(el_name(c), "ENTITIES") == 0) st = do_group(s, c, "ENTITY", 0);
        else st = emb__xml_unexpected(s->ld, c, root);
        if (st != EMBARGO_OK) return st;
    }
    return bad;
}

/* Stages the entities of the tree; see emb__xml_load. */
static embargo_status un_tree(emb_load *ld, const xmlNode *root) {
    un_state s;
    memset(&s, 0, sizeof(s));
    s.ld = ld;
    emb__buf_init(&s.text);
    emb__buf_init(&s.parts);
    emb__buf_init(&s.out);
    emb__buf_init(&s.name);
    emb__buf_init(&s.id);
    embargo_status st = un_walk(&s, root);
    emb__buf_free(&s.text);
    emb__buf_free(&s.parts);
    emb__buf_free(&s.out);
    emb__buf_free(&s.name);
    emb__buf_free(&s.id);
    return st;
}

/* The list is dated by the date part of dateGenerated ("2026-02-27T00:00:09.554Z"). */
static embargo_status un_load(embargo_dataset *ds, const char *path, embargo_error *err) {
    return emb__xml_load(ds, path, err, "un", "dateGenerated", un_tree);
}

/* ---- sniffing --------------------------------------------------------------- */


static int un_sniff(const char *path, const unsigned char *head, size_t n) {
    (void)path;
    size_t rest;
    const unsigned char *el = emb__xml_first_element(head, n, &rest);
    static const char tag[] = "CONSOLIDATED_LIST";
    size_t m = sizeof(tag) - 1;
    if (!el || rest < m || memcmp(el, tag, m) != 0) return 0;
    if (rest == m) return 100;  /* the head ends here */
    unsigned char ch = el[m];
    return (ch == '>' || ch == '/' || emb__is_space(ch)) ? 100 : 0;
}

const emb_loader emb__un_loader = { "un-xml", un_sniff, un_load, NULL };
