/*
 * eu_fsf.c - loader for the EU's consolidated financial sanctions list, the
 * Commission's official XML export ("FSF"). The other EU format, the
 * Official Journal extraction, is eu_journal.c; eu_int.h holds what the two
 * share.
 *
 * The Financial Sanctions Files XML (list "eu"), as the Commission
 * publishes it (webgate.ec.europa.eu/fsd/fsf, "xmlFullSanctionsList_1_1"):
 *
 *   <export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="...">
 *     <sanctionEntity logicalId="13" euReferenceNumber="EU.27.28"
 *                     unitedNationId="IQi.001" designationDate="2022-03-09"
 *                     designationDetails="">
 *       <regulation programme="IRQ" publicationDate="2003-07-08" .../>
 *       <subjectType code="person" classificationCode="P"/>
 *       <nameAlias firstName= middleName= lastName= wholeName= function=
 *                  gender="M" title= nameLanguage= strong="true" .../>
 *       <citizenship countryIso2Code= countryDescription= .../>
 *       <birthdate birthdate="1937-04-28" year= monthOfYear= dayOfMonth=
 *                  yearRangeFrom= yearRangeTo= circa= city= place= region=
 *                  countryDescription= .../>
 *       <identification number= latinNumber= identificationTypeDescription=
 *                       countryDescription= .../>
 *       <address street= poBox= zipCode= city= region= place=
 *                countryDescription=><contactInfo key= value=/></address>
 *       <remark>...</remark>
 *     </sanctionEntity> ...
 *   </export>
 *
 * Values are attributes; each child also carries a <regulationSummary> and
 * may carry a <remark>. Elements are matched by local name, so the default
 * namespace (the Commission writes http://eu.europa.ec/fpi/fsd/export;
 * http://eu.europa.eu/... is accepted as well), a prefix, or none all read
 * the same. Mapping:
 *   id            "eu:" + logicalId, else "eu:" + euReferenceNumber
 *   type          subjectType code: person, enterprise (organization); else
 *                 unknown
 *   names         each nameAlias: wholeName, else firstName middleName
 *                 lastName. The list marks no name as primary: the first
 *                 strong one in Latin script is taken (the Commission lists
 *                 the English form first), else the first strong one, else
 *                 the first; the others are AKA, weak where strong="false"
 *   LISTED_ON     designationDate, else the earliest publicationDate of the
 *                 entity's <regulation> elements (date part)
 *   REFERENCE     euReferenceNumber   PROGRAM  each regulation's programme
 *   TITLE         nameAlias function and title;  GENDER  M/F as Male/Female
 *   CITIZENSHIP   citizenship countryDescription (UNKNOWN passed over)
 *   BIRTH_DATE    birthdate, else year[-month[-day]], else
 *                 yearRangeFrom/yearRangeTo (an ISO 8601 interval); circa
 *                 prefixes "circa "
 *   BIRTH_PLACE   place, city, region, countryDescription joined by ", "
 *   ID_DOCUMENT   "<identificationTypeDescription> <number> (<country>)"
 *   ADDRESS       street, "PO Box" poBox, zipCode, city, region, place,
 *                 countryDescription joined; COUNTRY its country; contactInfo
 *                 PHONE/FAX, EMAIL, WEB as PHONE, EMAIL, WEBSITE
 *   REMARKS       each <remark> of the entity; REMARK designationDetails and
 *                 "UN reference: " + unitedNationId
 * The list date is the date part of generationDate.
 *
 * Strictness: XML that is not well-formed fails at the line and column
 * libxml2 reports; a DOCTYPE is refused (no entity can be expanded or
 * fetched); a root other than export, an element other than sanctionEntity
 * in it, an element of this format out of place (a nameAlias inside a
 * nameAlias), text between elements, an entity without a name or without
 * both logicalId and euReferenceNumber, and a duplicate id fail at the
 * element's line with its XML path. Nothing is published on failure.
 */
#include "loader.h"
#include "xml.h"
#include "eu_int.h"
#include "../base/alloc.h"
#include "../base/buf.h"
#include "../base/date.h"
#include "../base/utf8.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include <stdio.h>
#include <string.h>

/* ---- the XML tree ------------------------------------------------------------------- */

typedef struct fsf_state {
    emb_load *ld;
    emb_buf parts;        /* attribute values, one after another */
    emb_buf out;
    emb_buf text;
    emb_buf id;
} fsf_state;

static const char *el_name(const xmlNode *n) { return (const char *)n->name; }

/* The elements of the format. */
static const char *const fsf_entity_kids[] = {
    "regulation", "subjectType", "nameAlias", "citizenship", "birthdate", "identification",
    "address", "remark", NULL,
};
static const char *const fsf_detail_kids[] = {
    "regulationSummary", "remark", "publicationUrl", "contactInfo", NULL,
};

static int fsf_known(const char *name) {
    if (strcmp(name, "export") == 0 || strcmp(name, "sanctionEntity") == 0) return 1;
    for (size_t i = 0; fsf_entity_kids[i]; i++)
        if (strcmp(fsf_entity_kids[i], name) == 0) return 1;
    for (size_t i = 0; fsf_detail_kids[i]; i++)
        if (strcmp(fsf_detail_kids[i], name) == 0) return 1;
    return 0;
}

/* Reads the attributes `names` of n into s->parts (collapsed white space):
 * off[i]/len[i], 0-length when absent. */
static embargo_status fsf_attrs(fsf_state *s, const xmlNode *n, const char *const *names, size_t count,
                                size_t *off, size_t *len) {
    s->parts.len = 0;
    for (size_t i = 0; i < count; i++) off[i] = len[i] = 0;
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        size_t i = 0;
        while (i < count && strcmp(names[i], (const char *)a->name) != 0) i++;
        if (i == count || len[i]) continue;
        s->text.len = 0;
        embargo_status st = emb__xml_text(s->ld, (const xmlNode *)a, a->children, &s->text);
        if (st != EMBARGO_OK) return st;
        off[i] = s->parts.len;
        append_collapsed(&s->parts, off[i], bstr(&s->text), s->text.len);
        len[i] = s->parts.len - off[i];
        if (s->parts.oom) return EMBARGO_ENOMEM;
    }
    return EMBARGO_OK;
}

#define APART(i) (bstr(&s->parts) + off[i]), len[i]

/* A country description that says nothing. */
static int no_country(const char *p, size_t n) {
    return !n || emb__word_ieq(p, n, "UNKNOWN") || emb__word_ieq(p, n, "00") || emb__word_ieq(p, n, "-");
}

/* Checks the children of a detail element (nameAlias, address, ...). */
static embargo_status fsf_check_detail(fsf_state *s, const xmlNode *n) {
    embargo_status bad = EMBARGO_OK;
    for (const xmlNode *c = emb__xml_element(s->ld, n, n->children, &bad); c;
         c = emb__xml_element(s->ld, n, c->next, &bad)) {
        int ok = 0;
        for (size_t i = 0; fsf_detail_kids[i] && !ok; i++) ok = strcmp(fsf_detail_kids[i], el_name(c)) == 0;
        if (!ok && fsf_known(el_name(c))) return emb__xml_unexpected(s->ld, c, n);
    }
    return bad;
}

/* Whether a name is in Latin script (no letter beyond the Latin blocks). */
static int latin_script(const char *p, size_t n) {
    if (emb__utf8_check(p, n) != n) return 0;
    size_t i = 0;
    while (i < n) {
        size_t adv = 1;
        unsigned cp = (unsigned char)p[i] < 0x80 ? (unsigned char)p[i] : emb__utf8_decode(p + i, n - i, &adv);
        if (adv == 0) adv = 1;
        i += adv;
        if (cp < 0x370) continue;                      /* Latin, IPA, combining marks */
        if (cp >= 0x1E00 && cp <= 0x1EFF) continue;    /* Latin Extended Additional */
        if (cp >= 0x2000 && cp <= 0x206F) continue;    /* punctuation */
        return 0;
    }
    return 1;
}

enum { NA_WHOLE, NA_FIRST, NA_MIDDLE, NA_LAST, NA_STRONG, NA_FUNCTION, NA_TITLE, NA_GENDER, NA__N };
static const char *const alias_attrs[NA__N] = {
    "wholeName", "firstName", "middleName", "lastName", "strong", "function", "title", "gender",
};

/* The name of a nameAlias into s->out; *weak set from strong="false". */
static embargo_status alias_name(fsf_state *s, const xmlNode *n, int *weak) {
    size_t off[NA__N], len[NA__N];
    embargo_status st = fsf_attrs(s, n, alias_attrs, NA__N, off, len);
    if (st != EMBARGO_OK) return st;
    s->out.len = 0;
    if (len[NA_WHOLE]) {
        emb__buf_append(&s->out, APART(NA_WHOLE));
    } else {
        emb__join(&s->out, " ", APART(NA_FIRST));
        emb__join(&s->out, " ", APART(NA_MIDDLE));
        emb__join(&s->out, " ", APART(NA_LAST));
    }
    *weak = emb__word_ieq(APART(NA_STRONG), "false");
    return s->out.oom ? EMBARGO_ENOMEM : EMBARGO_OK;
}

static embargo_status alias_facts(fsf_state *s, emb_entity *e, const xmlNode *n) {
    size_t off[NA__N], len[NA__N];
    embargo_status st = fsf_attrs(s, n, alias_attrs, NA__N, off, len);
    if (st == EMBARGO_OK && len[NA_FUNCTION])
        st = emb__entity_add_field_once(s->ld, e, EMBARGO_FIELD_TITLE, APART(NA_FUNCTION));
    if (st == EMBARGO_OK && len[NA_TITLE])
        st = emb__entity_add_field_once(s->ld, e, EMBARGO_FIELD_TITLE, APART(NA_TITLE));
    if (st == EMBARGO_OK && len[NA_GENDER]) st = add_gender(s->ld, e, APART(NA_GENDER));
    return st;
}

enum { BD_DATE, BD_YEAR, BD_MONTH, BD_DAY, BD_FROM, BD_TO, BD_CIRCA, BD_PLACE, BD_CITY, BD_REGION,
       BD_COUNTRY, BD__N };
static const char *const birth_attrs[BD__N] = {
    "birthdate", "year", "monthOfYear", "dayOfMonth", "yearRangeFrom", "yearRangeTo", "circa",
    "place", "city", "region", "countryDescription",
};

static int small_number(const char *p, size_t n, unsigned max) {
    if (!emb__all_digits(p, n) || n > 4) return 0;
    unsigned v = 0;
    for (size_t i = 0; i < n; i++) v = v * 10 + (unsigned)(p[i] - '0');
    return v >= 1 && v <= max ? (int)v : 0;
}

static embargo_status do_birthdate(fsf_state *s, emb_entity *e, const xmlNode *n) {
    size_t off[BD__N], len[BD__N];
    embargo_status st = fsf_attrs(s, n, birth_attrs, BD__N, off, len);
    if (st != EMBARGO_OK) return st;
    s->out.len = 0;
    if (emb__word_ieq(APART(BD_CIRCA), "true")) emb__buf_append(&s->out, "circa ", 6);
    size_t mark = s->out.len;
    if (len[BD_DATE]) {
        size_t k = emb__iso_date10(APART(BD_DATE));
        emb__buf_append(&s->out, bstr(&s->parts) + off[BD_DATE], k ? k : len[BD_DATE]);
    } else if (len[BD_YEAR] && !emb__word_ieq(APART(BD_YEAR), "0")) {
        emb__buf_append(&s->out, APART(BD_YEAR));
        int m = small_number(APART(BD_MONTH), 12), d = small_number(APART(BD_DAY), 31);
        char tail[16];
        if (m) {
            int k = d ? snprintf(tail, sizeof(tail), "-%02d-%02d", m, d) : snprintf(tail, sizeof(tail), "-%02d", m);
            emb__buf_append(&s->out, tail, (size_t)k);
        }
    } else if (len[BD_FROM] || len[BD_TO]) {
        emb__buf_append(&s->out, APART(BD_FROM));
        if (len[BD_FROM] && len[BD_TO]) emb__buf_putc(&s->out, '/');
        emb__buf_append(&s->out, APART(BD_TO));
    }
    if (s->out.oom) return EMBARGO_ENOMEM;
    if (s->out.len > mark)
        st = emb__entity_add_field_once(s->ld, e, EMBARGO_FIELD_BIRTH_DATE, bstr(&s->out), s->out.len);
    if (st != EMBARGO_OK) return st;
    s->out.len = 0;
    emb__join(&s->out, ", ", APART(BD_PLACE));
    emb__join(&s->out, ", ", APART(BD_CITY));
    emb__join(&s->out, ", ", APART(BD_REGION));
    if (!no_country(APART(BD_COUNTRY))) emb__join(&s->out, ", ", APART(BD_COUNTRY));
    if (s->out.oom) return EMBARGO_ENOMEM;
    if (s->out.len)
        st = emb__entity_add_field_once(s->ld, e, EMBARGO_FIELD_BIRTH_PLACE, bstr(&s->out), s->out.len);
    return st;
}

enum { ID_NUMBER, ID_LATIN, ID_TYPE, ID_CODE, ID_COUNTRY, ID__N };
static const char *const id_attrs[ID__N] = {
    "number", "latinNumber", "identificationTypeDescription", "identificationTypeCode",
    "countryDescription",
};

static embargo_status do_identification(fsf_state *s, emb_entity *e, const xmlNode *n) {
    size_t off[ID__N], len[ID__N];
    embargo_status st = fsf_attrs(s, n, id_attrs, ID__N, off, len);
    if (st != EMBARGO_OK) return st;
    int num = len[ID_NUMBER] ? ID_NUMBER : len[ID_LATIN] ? ID_LATIN : -1;
    if (num < 0) return EMBARGO_OK;
    s->out.len = 0;
    emb__join(&s->out, " ", APART(len[ID_TYPE] ? ID_TYPE : ID_CODE));
    emb__join(&s->out, " ", APART(num));
    if (!no_country(APART(ID_COUNTRY))) {
        emb__buf_append(&s->out, " (", 2);
        emb__buf_append(&s->out, APART(ID_COUNTRY));
        emb__buf_putc(&s->out, ')');
    }
    if (s->out.oom) return EMBARGO_ENOMEM;
    return emb__entity_add_field_once(s->ld, e, EMBARGO_FIELD_ID_DOCUMENT, bstr(&s->out), s->out.len);
}

enum { AD_STREET, AD_POBOX, AD_ZIP, AD_CITY, AD_REGION, AD_PLACE, AD_COUNTRY, AD_CONTACT, AD__N };
static const char *const address_attrs[AD__N] = {
    "street", "poBox", "zipCode", "city", "region", "place", "countryDescription", "contactInfo",
};
enum { CI_KEY, CI_VALUE, CI__N };
static const char *const contact_attrs[CI__N] = { "key", "value" };

static embargo_status do_address(fsf_state *s, emb_entity *e, const xmlNode *n) {
    size_t off[AD__N], len[AD__N];
    embargo_status st = fsf_attrs(s, n, address_attrs, AD__N, off, len);
    if (st != EMBARGO_OK) return st;
    s->out.len = 0;
    emb__join(&s->out, ", ", APART(AD_STREET));
    if (len[AD_POBOX]) {
        if (s->out.len) emb__buf_append(&s->out, ", ", 2);
        emb__buf_append(&s->out, "PO Box ", 7);
        emb__buf_append(&s->out, APART(AD_POBOX));
    }
    emb__join(&s->out, ", ", APART(AD_ZIP));
    emb__join(&s->out, ", ", APART(AD_CITY));
    emb__join(&s->out, ", ", APART(AD_REGION));
    emb__join(&s->out, ", ", APART(AD_PLACE));
    int country = !no_country(APART(AD_COUNTRY));
    if (country) emb__join(&s->out, ", ", APART(AD_COUNTRY));
    if (s->out.oom) return EMBARGO_ENOMEM;
    if (s->out.len) st = emb__entity_add_field_once(s->ld, e, EMBARGO_FIELD_ADDRESS, bstr(&s->out), s->out.len);
    if (st == EMBARGO_OK && country)
        st = emb__entity_add_field_once(s->ld, e, EMBARGO_FIELD_COUNTRY, APART(AD_COUNTRY));
    if (st == EMBARGO_OK && len[AD_CONTACT]) {
        s->out.len = 0;
        emb__buf_append(&s->out, "Contact: ", 9);
        emb__buf_append(&s->out, APART(AD_CONTACT));
        if (s->out.oom) return EMBARGO_ENOMEM;
        st = emb__entity_add_field_once(s->ld, e, EMBARGO_FIELD_REMARK, bstr(&s->out), s->out.len);
    }
    for (const xmlNode *c = n->children; c && st == EMBARGO_OK; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || strcmp(el_name(c), "contactInfo") != 0) continue;
        size_t co[CI__N], cl[CI__N];
        st = fsf_attrs(s, c, contact_attrs, CI__N, co, cl);
        if (st != EMBARGO_OK || !cl[CI_VALUE]) continue;
        const char *k = bstr(&s->parts) + co[CI_KEY];
        const char *v = bstr(&s->parts) + co[CI_VALUE];
        size_t kn = cl[CI_KEY], vn = cl[CI_VALUE];
        if (emb__word_ieq(k, kn, "PHONE") || emb__word_ieq(k, kn, "FAX"))
            st = emb__entity_add_field_once(s->ld, e, EMBARGO_FIELD_PHONE, v, vn);
        else if (emb__word_ieq(k, kn, "EMAIL")) st = emb__entity_add_field_once(s->ld, e, EMBARGO_FIELD_EMAIL, v, vn);
        else if (emb__word_ieq(k, kn, "WEB") || emb__word_ieq(k, kn, "WEBSITE") || emb__word_ieq(k, kn, "URL"))
            st = emb__entity_add_field_once(s->ld, e, EMBARGO_FIELD_WEBSITE, v, vn);
        else {
            s->out.len = 0;
            emb__buf_append(&s->out, k, kn);
            emb__buf_append(&s->out, ": ", 2);
            emb__buf_append(&s->out, v, vn);
            if (s->out.oom) return EMBARGO_ENOMEM;
            st = emb__entity_add_field_once(s->ld, e, EMBARGO_FIELD_REMARK, bstr(&s->out), s->out.len);
        }
    }
    return st;
}

enum { SE_LOGICAL, SE_EUREF, SE_UN, SE_DESIGNATION, SE_DETAILS, SE__N };
static const char *const entity_attrs[SE__N] = {
    "logicalId", "euReferenceNumber", "unitedNationId", "designationDate", "designationDetails",
};

static embargo_status fsf_entity(fsf_state *s, const xmlNode *n) {
    emb_load *ld = s->ld;
    ld->rows++;
    /* check the children; find the type and the primary name */
    embargo_entity_type type = EMBARGO_TYPE_UNKNOWN;
    const xmlNode *primary = NULL;
    int primary_rank = 0;  /* 3: strong Latin, 2: strong, 1: any */
    embargo_status bad = EMBARGO_OK;
    for (const xmlNode *c = emb__xml_element(ld, n, n->children, &bad); c;
         c = emb__xml_element(ld, n, c->next, &bad)) {
        int known = 0;
        for (size_t i = 0; fsf_entity_kids[i] && !known; i++) known = strcmp(fsf_entity_kids[i], el_name(c)) == 0;
        if (!known) {
            if (fsf_known(el_name(c))) return emb__xml_unexpected(ld, c, n);
            continue;
        }
        embargo_status st;
        if (strcmp(el_name(c), "remark") == 0) {
            s->out.len = 0;
            st = emb__xml_text(ld, c, c->children, &s->out);
        } else {
            st = fsf_check_detail(s, c);
        }
        if (st != EMBARGO_OK) return st;
        if (strcmp(el_name(c), "subjectType") == 0 && type == EMBARGO_TYPE_UNKNOWN) {
            static const char *const code[1] = { "code" };
            size_t off[1], len[1];
            st = fsf_attrs(s, c, code, 1, off, len);
            if (st != EMBARGO_OK) return st;
            if (emb__word_ieq(APART(0), "person")) type = EMBARGO_TYPE_PERSON;
            else if (emb__word_ieq(APART(0), "enterprise")) type = EMBARGO_TYPE_ORGANIZATION;
        } else if (strcmp(el_name(c), "nameAlias") == 0 && primary_rank < 3) {
            int weak;
            st = alias_name(s, c, &weak);
            if (st != EMBARGO_OK) return st;
            if (!s->out.len) continue;
            int rank = weak ? 1 : latin_script(bstr(&s->out), s->out.len) ? 3 : 2;
            if (rank > primary_rank) {
                primary = c;
                primary_rank = rank;
            }
        }
    }
    if (bad) return bad;
    size_t off[SE__N], len[SE__N];
    embargo_status st = fsf_attrs(s, n, entity_attrs, SE__N, off, len);
    if (st != EMBARGO_OK) return st;
    int idk = len[SE_LOGICAL] ? SE_LOGICAL : len[SE_EUREF] ? SE_EUREF : -1;
    if (idk < 0) return emb__xml_fail(ld, n, "sanctionEntity without logicalId or euReferenceNumber");
    if (!primary) return emb__xml_fail(ld, n, "sanctionEntity without a name");
    s->id.len = 0;
    emb__buf_append(&s->id, APART(idk));
    if (s->id.oom) return EMBARGO_ENOMEM;
    int dup = 0;
    emb_entity *e = emb__load_entity(ld, bstr(&s->id), s->id.len, type, &dup);
    if (!e) {
        if (!dup) return EMBARGO_ENOMEM;
        char what[160];
        snprintf(what, sizeof(what), "duplicate id '%.*s'", (int)(s->id.len > 80 ? 80 : s->id.len),
                 bstr(&s->id));
        return emb__xml_fail(ld, n, what);
    }
    /* the entity's own attributes (s->parts is reused below: copy first) */
    char date[16] = "";
    size_t k = emb__iso_date10(APART(SE_DESIGNATION));
    if (k) memcpy(date, bstr(&s->parts) + off[SE_DESIGNATION], k);
    if (len[SE_EUREF]) st = emb__entity_add_field_once(ld, e, EMBARGO_FIELD_REFERENCE, APART(SE_EUREF));
    if (st == EMBARGO_OK && len[SE_DETAILS])
        st = emb__entity_add_field_once(ld, e, EMBARGO_FIELD_REMARK, APART(SE_DETAILS));
    if (st == EMBARGO_OK && len[SE_UN]) {
        s->out.len = 0;
        emb__buf_append(&s->out, "UN reference: ", 14);
        emb__buf_append(&s->out, APART(SE_UN));
        if (s->out.oom) return EMBARGO_ENOMEM;
        st = emb__entity_add_field_once(ld, e, EMBARGO_FIELD_REMARK, bstr(&s->out), s->out.len);
    }
    if (st != EMBARGO_OK) return st;
    int weak;
    st = alias_name(s, primary, &weak);
    if (st == EMBARGO_OK)
        st = emb__entity_add_name(ld, e, EMBARGO_NAME_PRIMARY, 0, bstr(&s->out), s->out.len);
    /* everything else in document order */
    for (const xmlNode *c = n->children; c && st == EMBARGO_OK; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        const char *nm = el_name(c);
        if (strcmp(nm, "nameAlias") == 0) {
            st = alias_name(s, c, &weak);
            if (st == EMBARGO_OK && s->out.len)
                st = emb__entity_add_name(ld, e, EMBARGO_NAME_AKA, weak, bstr(&s->out), s->out.len);
            if (st == EMBARGO_OK) st = alias_facts(s, e, c);
        } else if (strcmp(nm, "regulation") == 0) {
            static const char *const reg[2] = { "programme", "publicationDate" };
            size_t ro[2], rl[2];
            st = fsf_attrs(s, c, reg, 2, ro, rl);
            if (st != EMBARGO_OK) break;
            if (rl[0])
                st = emb__entity_add_field_once(ld, e, EMBARGO_FIELD_PROGRAM, bstr(&s->parts) + ro[0], rl[0]);
            size_t dk = emb__iso_date10(bstr(&s->parts) + ro[1], rl[1]);
            if (dk && !k && (!date[0] || memcmp(s->parts.data + ro[1], date, 10) < 0))
                memcpy(date, s->parts.data + ro[1], 10);
        } else if (strcmp(nm, "citizenship") == 0) {
            static const char *const cit[2] = { "countryDescription", "countryIso2Code" };
            size_t co[2], cl[2];
            st = fsf_attrs(s, c, cit, 2, co, cl);
            if (st != EMBARGO_OK) break;
            const char *v = bstr(&s->parts) + co[0];
            if (!no_country(v, cl[0])) st = emb__entity_add_field_once(ld, e, EMBARGO_FIELD_CITIZENSHIP, v, cl[0]);
            else if (!no_country(bstr(&s->parts) + co[1], cl[1]))
                st = emb__entity_add_field_once(ld, e, EMBARGO_FIELD_CITIZENSHIP, bstr(&s->parts) + co[1], cl[1]);
        } else if (strcmp(nm, "birthdate") == 0) {
            st = do_birthdate(s, e, c);
        } else if (strcmp(nm, "identification") == 0) {
            st = do_identification(s, e, c);
        } else if (strcmp(nm, "address") == 0) {
            st = do_address(s, e, c);
        } else if (strcmp(nm, "remark") == 0) {
            s->out.len = 0;
            st = emb__xml_text(ld, c, c->children, &s->out);
            if (st == EMBARGO_OK && s->out.len)
                st = emb__entity_add_field(ld, e, EMBARGO_FIELD_REMARKS, bstr(&s->out), s->out.len);
        }
    }
    if (st == EMBARGO_OK && date[0])
        st = emb__entity_add_field_once(ld, e, EMBARGO_FIELD_LISTED_ON, date, 10);
    return st;
}

static embargo_status fsf_walk(fsf_state *s, const xmlNode *root) {
    if (!root || strcmp(el_name(root), "export") != 0)
        return emb__load_fail(s->ld, root ? emb__xml_line(root) : 0, 0, "the root element is <%.60s>, not <export>",
                              root ? el_name(root) : "");
    embargo_status bad = EMBARGO_OK;
    for (const xmlNode *c = emb__xml_element(s->ld, root, root->children, &bad); c;
         c = emb__xml_element(s->ld, root, c->next, &bad)) {
        if (strcmp(el_name(c), "sanctionEntity") != 0) return emb__xml_unexpected(s->ld, c, root);
        embargo_status st = fsf_entity(s, c);
        if (st != EMBARGO_OK) return st;
    }
    return bad;
}

/* Stages the entities of the tree; see emb__xml_load. */
static embargo_status fsf_tree(emb_load *ld, const xmlNode *root) {
    fsf_state s;
    memset(&s, 0, sizeof(s));
    s.ld = ld;
    emb__buf_init(&s.parts);
    emb__buf_init(&s.out);
    emb__buf_init(&s.text);
    emb__buf_init(&s.id);
    embargo_status st = fsf_walk(&s, root);
    emb__buf_free(&s.parts);
    emb__buf_free(&s.out);
    emb__buf_free(&s.text);
    emb__buf_free(&s.id);
    return st;
}

/* The list is dated by the date part of the root's generationDate. */
static embargo_status fsf_load(embargo_dataset *ds, const char *path, embargo_error *err) {
    return emb__xml_load(ds, path, err, "eu", "generationDate", fsf_tree);
}

static int fsf_sniff(const char *path, const unsigned char *head, size_t n) {
    (void)path;
    size_t rest;
    const unsigned char *el = emb__xml_first_element(head, n, &rest);
    if (!el) return 0;
    /* the root's local name: after an optional prefix */
    size_t i = 0;
    while (i < rest && el[i] != ' ' && el[i] != '>' && el[i] != '/' && el[i] != ':' && !emb__is_space(el[i])) i++;
    const unsigned char *local = el;
    size_t ln = i;
    if (i < rest && el[i] == ':') {
        local = el + i + 1;
        ln = 0;
        while (i + 1 + ln < rest && local[ln] != ' ' && local[ln] != '>' && local[ln] != '/' &&
               !emb__is_space(local[ln]))
            ln++;
    }
    int root_export = ln == 6 && memcmp(local, "export", 6) == 0;
    const char *h = (const char *)head;
    if (root_export && emb__contains(h, n, "/fpi/fsd/export")) return 100;
    if (emb__contains(h, n, "<sanctionEntity") || emb__contains(h, n, ":sanctionEntity")) return 100;
    return 0;
}

const emb_loader emb__eu_fsf_loader = { "eu-fsf-xml", fsf_sniff, fsf_load, NULL };
