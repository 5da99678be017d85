/*
 * eu.c - loaders for the EU's consolidated financial sanctions list (the
 * official XML export, "FSF") and for OpenSanctions' CSV extraction of the
 * EU Official Journal annexes.
 *
 * 1. The Financial Sanctions Files XML (list "eu"), as the Commission
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
 * 2. OpenSanctions' extraction of the Official Journal annexes (list
 * "eu-journal"): one UTF-8 CSV per regulation (32014R0269.csv: Russia and
 * Ukraine; 32006R0765.csv: Belarus) with a header of 45 columns, celex,
 * recordId, programKey, annex, measure, startDate, reason, schema, name,
 * alias, weakAlias, previousName, ..., website, notes. One row is one entry
 * of one annex table: the 2802 and 408 rows are 2802 and 408 entities (the
 * same party in two annexes of a regulation, e.g. a bank under an asset
 * freeze in annex I.B and under export control in annex V, is two
 * listings, as in the Journal). Columns are found by their header name; an
 * unknown column is kept as a REMARK "column: value".
 *   id            "eu-journal:" + celex + ":" + annex + ":" + recordId
 *                 ("eu-journal:32014R0269:I.PERSONS:795"): recordId numbers
 *                 the entries of one annex table, so it repeats across
 *                 annexes (I.PERSONS 1 and I.ENTITIES 1) and files. Annexes
 *                 without numbers (32006R0765 V, IX, XV, XXXIV) use the
 *                 entry's position in its annex: celex:annex#3
 *   REFERENCE     the same local id
 *   type          schema: Person; Organization, Company, LegalEntity,
 *                 PublicBody (organization); Vessel; Airplane; else unknown
 *   names         name primary, as published; alias items (split at ';'
 *                 outside parentheses, and at " / ") AKA; weakAlias weak AKA;
 *                 previousName FKA (also split at " or "). The Journal packs
 *                 variants into parentheses, so each name also gives: the
 *                 text without the parentheses ("Sergei Valerievich AKSENOV
 *                 (Сергей Валерьевич АКСЁНОВ)" -> "Sergei Valerievich
 *                 AKSENOV"); each parenthesised name of two or more words
 *                 ("Сергей Валерьевич АКСЁНОВ"); a one-word variant of a
 *                 person's name put in place of the word before it
 *                 ("Alexander (Alexandr) Petrovich BARSUKOV" -> "Alexandr
 *                 Petrovich BARSUKOV"; after "born", the surname:
 *                 "MATVIYENKO (born TYUTINA)" -> "... TYUTINA"); one word
 *                 after "a.k.a." (a nickname), or one word in parentheses
 *                 that ends an organisation's name (an acronym: "Zavod
 *                 (BelAZ)"; not a company form such as "(ООО)", not a
 *                 qualifier inside the name: "ETS Solutions (China) Ltd."),
 *                 as a weak AKA. Parentheses glued to a word ("中國石油(香港)
 *                 有限公司") are part of the name. The extraction's artefacts
 *                 are dropped: items "Text of image" and a label before a
 *                 name ("Chinese:", "Russian spelling:").
 *   LISTED_ON     startDate ("17.3.2014" -> "2014-03-17")
 *   BIRTH_DATE    birthDate, and an organisation's incorporationDate (as
 *                 OFAC's "Organization Established Date"); each date of
 *                 "26.11.1972 or 27.11.1972" is kept, in ISO 8601 (D.M.YYYY,
 *                 "24 March 2009", "March 1960", "1966", also a date that
 *                 starts a longer text: "20.8.1963 POB: ..."); text that
 *                 holds no date ("N/D", "10 October (year unknown)") is kept
 *                 as written
 *   PROGRAM programKey  REMARKS reason  BIRTH_PLACE birthPlace  TITLE position
 *   NATIONALITY nationality  COUNTRY country, jurisdiction  GENDER gender
 *   ADDRESS address  PHONE phone  EMAIL, WEBSITE email, website (split)
 *   VESSEL_FLAG flag
 *   ID_DOCUMENT   "Passport ", "Registration Number ", "Tax ID No. ",
 *                 "Identification Number ", "INN ", "OGRN ", "KPP ", "OKPO ",
 *                 "LEI ", "SWIFT/BIC ", "IMO ", "MMSI " + the column
 *   REMARK        measure, legalForm, sector, ticker, appearance,
 *                 ethnicity, fatherName, motherName, notes, with a label
 * Neither file dates itself; the list date comes from emb__folder_date.
 * Several files load into the one list; an id the dataset already holds
 * for it (a file loaded twice) fails the load.
 *
 * Strictness, both formats. FSF: XML that is not well-formed fails at the
 * line and column libxml2 reports; a DOCTYPE is refused (no entity can be
 * expanded or fetched); a root other than export, an element other than
 * sanctionEntity in it, an element of this format out of place (a nameAlias
 * inside a nameAlias), text between elements, an entity without a name or
 * without both logicalId and euReferenceNumber, and a duplicate id fail at
 * the element's line with its XML path. Journal: a row whose field count
 * differs from the header's, any CSV error (bad quoting, NUL bytes), an
 * empty name and a duplicate id fail at the file's line and column. Nothing
 * is published on failure.
 */
#include "loader.h"
#include "xml.h"
#include "csv.h"
#include "remarks.h"
#include "../base/alloc.h"
#include "../base/buf.h"
#include "../base/utf8.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include <limits.h>
#include <stdio.h>
#include <string.h>

/* A buffer's bytes, "" while it has none (never a null pointer). */
static const char *bstr(const emb_buf *b) { return b->data ? (const char *)b->data : ""; }

/* ---- shared helpers ---------------------------------------------------------- */

static int is_space(unsigned char ch) { return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n'; }

static void trim(const char **p, size_t *n) {
    while (*n && is_space((unsigned char)**p)) { (*p)++; (*n)--; }
    while (*n && is_space((unsigned char)(*p)[*n - 1])) (*n)--;
}

/* Appends p[0..n) to b with white space runs as one space, trimmed (a
 * space is put before it if b[from..] already holds text). */
static void append_collapsed(emb_buf *b, size_t from, const char *p, size_t n) {
    int space = b->len > from;
    int pending = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)p[i];
        if (is_space(ch)) {
            pending = 1;
            continue;
        }
        if ((pending || space) && b->len > from) emb__buf_putc(b, ' ');
        pending = space = 0;
        emb__buf_putc(b, ch);
    }
}

static int ieq(const char *p, size_t n, const char *word) {
    size_t m = strlen(word);
    if (n != m) return 0;
    for (size_t i = 0; i < n; i++) {
        int a = (unsigned char)p[i], b = (unsigned char)word[i];
        if (a >= 'A' && a <= 'Z') a += 32;
        if (b >= 'A' && b <= 'Z') b += 32;
        if (a != b) return 0;
    }
    return 1;
}

/* Whether p starts with `word` (case-insensitive) followed by a space, ':'
 * or the end; returns its length then, else 0. */
static size_t iprefix(const char *p, size_t n, const char *word) {
    size_t m = strlen(word);
    if (n < m || !ieq(p, m, word)) return 0;
    if (n == m || is_space((unsigned char)p[m]) || p[m] == ':' || word[m - 1] == '.') return m;
    return 0;
}

static int is_digits(const char *p, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (p[i] < '0' || p[i] > '9') return 0;
    return n > 0;
}

static size_t iso_date_prefix(const char *p, size_t n) {
    if (n >= 10 && is_digits(p, 4) && p[4] == '-' && is_digits(p + 5, 2) && p[7] == '-' &&
        is_digits(p + 8, 2))
        return 10;
    return 0;
}

/* "Male"/"Female" for M/F/male/female; else NULL. */
static const char *gender_word(const char *p, size_t n) {
    if (ieq(p, n, "M") || ieq(p, n, "male")) return "Male";
    if (ieq(p, n, "F") || ieq(p, n, "female")) return "Female";
    return NULL;
}

static embargo_status add_gender(emb_load *ld, emb_entity *e, const char *p, size_t n) {
    trim(&p, &n);
    const char *g = gender_word(p, n);
    if (g) return emb__entity_add_field_once(ld, e, EMBARGO_FIELD_GENDER, g, strlen(g));
    return emb__entity_add_field_once(ld, e, EMBARGO_FIELD_GENDER, p, n);
}



static int mem_has(const unsigned char *h, size_t n, const char *needle) {
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++)
        if (h[i] == (unsigned char)needle[0] && memcmp(h + i, needle, m) == 0) return 1;
    return 0;
}

/* ---- dates --------------------------------------------------------------------- */

/* "17.3.2014" / "17.03.2014" -> "2014-03-17"; "3.2014" -> "2014-03".
 * out holds at least 11 bytes. Returns the length or 0. */
static size_t dmy_date(const char *p, size_t n, char *out) {
    unsigned v[3];
    size_t k = 0, i = 0;
    while (k < 3) {
        size_t s = i;
        unsigned x = 0;
        while (i < n && p[i] >= '0' && p[i] <= '9' && i - s < 4) x = x * 10 + (unsigned)(p[i++] - '0');
        if (i == s) return 0;
        v[k++] = x;
        if (i == n) break;
        if (p[i] != '.' || i - s > 2) return 0;
        i++;
    }
    if (i != n || k < 2) return 0;
    unsigned y = v[k - 1], m = v[k - 2], d = k == 3 ? v[0] : 0;
    /* the year must be written with four digits */
    size_t yl = 0;
    while (yl < n && p[n - 1 - yl] != '.') yl++;
    if (yl != 4 || m < 1 || m > 12 || (k == 3 && (d < 1 || d > 31))) return 0;
    if (k == 3) snprintf(out, 11, "%04u-%02u-%02u", y, m, d);
    else snprintf(out, 8, "%04u-%02u", y, m);
    return k == 3 ? 10 : 7;
}

/* The date a chunk of a date column starts with: "17.3.2014",
 * "7.8. 1978", "28.01 1966", "24 March 2009", "March 1960", "1966",
 * "20.8.1963 POB: ...". Writes ISO 8601 to out (40 bytes); returns its
 * length or 0. */
static size_t chunk_date(const char *c, size_t cn, char *out) {
    char t[64];
    size_t n = 0;
    if (cn >= sizeof(t)) cn = sizeof(t) - 1;
    /* "7.8. 1978" and "28.01 1966": a space inside D.M.YYYY read as the dot */
    for (size_t i = 0; i < cn; i++) {
        if (c[i] == ' ' && n && i + 1 < cn && c[i + 1] >= '0' && c[i + 1] <= '9' &&
            (t[n - 1] == '.' || (t[n - 1] >= '0' && t[n - 1] <= '9'))) {
            int dot = 0;
            for (size_t j = 0; j < n && !dot; j++) dot = t[j] == '.';
            if (dot) {
                if (t[n - 1] != '.') t[n++] = '.';
                continue;
            }
        }
        t[n++] = c[i];
    }
    while (n && (t[n - 1] == '.' || t[n - 1] == ' ')) n--;
    size_t k = dmy_date(t, n, out);
    if (!k && n) k = emb__remarks_date(t, n, out, 40);
    if (k) return k;
    /* a date followed by other words: the first one to three words */
    size_t w = 0, ends[3];
    for (size_t i = 0; i <= n && w < 3; i++)
        if (i == n || t[i] == ' ') ends[w++] = i;
    if (w && (k = dmy_date(t, ends[0] && t[ends[0] - 1] == '.' ? ends[0] - 1 : ends[0], out)) != 0) return k;
    for (size_t i = w; i > 1; i--)
        if ((k = emb__remarks_date(t, ends[i - 1], out, 40)) != 0) return k;
    return 0;
}

/* Adds every date of a free-text date column ("26.11.1972 or 27.11.1972",
 * "24 March 2009", "possibly 1.2.1960", "1966") in ISO 8601; text holding
 * no date is kept as written. */
static embargo_status add_dates(emb_load *ld, emb_entity *e, embargo_field_kind kind,
                                const char *p, size_t n) {
    trim(&p, &n);
    if (!n) return EMBARGO_OK;
    int found = 0;
    size_t i = 0;
    while (i < n) {
        /* a chunk ends at ; , / ( ) or the word "or" */
        size_t s = i;
        while (i < n && p[i] != ';' && p[i] != ',' && p[i] != '/' && p[i] != '(' && p[i] != ')' &&
               !(i + 4 <= n && p[i] == ' ' && (p[i + 1] | 32) == 'o' && (p[i + 2] | 32) == 'r' &&
                 p[i + 3] == ' '))
            i++;
        const char *c = p + s;
        size_t cn = i - s;
        if (i < n) i += (p[i] == ' ') ? 4 : 1;
        trim(&c, &cn);
        size_t m;
        while ((m = iprefix(c, cn, "possibly")) || (m = iprefix(c, cn, "or")) ||
               (m = iprefix(c, cn, "born")) || (m = iprefix(c, cn, "on")) ||
               (m = iprefix(c, cn, "established")) || (m = iprefix(c, cn, "founded")) ||
               (m = iprefix(c, cn, "registered"))) {
            c += m;
            cn -= m;
            trim(&c, &cn);
        }
        char iso[40];
        size_t k = chunk_date(c, cn, iso);
        if (!k) continue;
        found = 1;
        embargo_status st = emb__entity_add_field_once(ld, e, kind, iso, k);
        if (st != EMBARGO_OK) return st;
    }
    if (found) return EMBARGO_OK;
    return emb__entity_add_field_once(ld, e, kind, p, n);
}

/* ---- names of the Journal -------------------------------------------------------- */

typedef struct name_work {
    emb_buf item;       /* one item, collapsed */
    emb_buf base;       /* the item without its parentheses */
    emb_buf group;      /* one parenthesis' content */
    emb_buf variant;
} name_work;

#define MAX_GROUPS 16

/* Counts the words of b. */
static size_t word_count(const emb_buf *b) {
    size_t w = 0;
    int in = 0;
    for (size_t i = 0; i < b->len; i++) {
        int sp = b->data[i] == ' ';
        if (!sp && !in) w++;
        in = !sp;
    }
    return w;
}

/* Writes `base` with word number `k` replaced by `rep` into `out`. */
static void replace_word(emb_buf *out, const emb_buf *base, size_t k, const char *rep, size_t rn) {
    out->len = 0;
    size_t w = 0, i = 0;
    while (i < base->len) {
        size_t s = i;
        while (i < base->len && base->data[i] != ' ') i++;
        if (out->len) emb__buf_putc(out, ' ');
        if (w == k) emb__buf_append(out, rep, rn);
        else emb__buf_append(out, base->data + s, i - s);
        w++;
        while (i < base->len && base->data[i] == ' ') i++;
    }
}

/* The length of a label such as "Chinese:" or "Russian spelling:" at the
 * start of p (a few Latin words and a colon), or 0. */
static size_t label_len(const char *p, size_t n) {
    size_t i = 0;
    int letters = 0;
    while (i < n && i < 24 && (((p[i] | 32) >= 'a' && (p[i] | 32) <= 'z') || p[i] == ' ')) {
        letters += p[i] != ' ';
        i++;
    }
    if (i < n && p[i] == ':' && letters) {
        i++;
        while (i < n && p[i] == ' ') i++;
        return i;
    }
    return 0;
}

/* Company forms that are no name of their own ("КБ МРБ (ООО)"). */
static int legal_form(const char *p, size_t n) {
    static const char *const forms[] = {
        "ООО", "ОАО", "ЗАО", "АО", "ПАО", "АТ", "ПрАТ", "ТОВ", "LLC", "JSC", "OJSC", "CJSC", "PJSC",
        "Ltd", "Ltd.", "GmbH", "Inc", "Inc.", "LLP", "SA", "FZE", "FZCO", "FZ-LLC", "DMCC", "UAB",
    };
    for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
        if (strlen(forms[i]) == n && memcmp(forms[i], p, n) == 0) return 1;
    return ieq(p, n, "LLC") || ieq(p, n, "JSC") || ieq(p, n, "Ltd") || ieq(p, n, "Ltd.");
}

/* Adds the variants of one name item (see the file comment). */
static embargo_status item_names(emb_load *ld, emb_entity *e, name_work *w, const char *p, size_t n,
                                 embargo_name_kind kind, int weak, int person) {
    w->item.len = 0;
    append_collapsed(&w->item, 0, p, n);
    if (w->item.oom) return EMBARGO_ENOMEM;
    const char *it = bstr(&w->item);
    size_t in = w->item.len;
    /* the extraction's artefacts: "Text of image", "Chinese:" before a name */
    if (ieq(it, in, "Text of image")) return EMBARGO_OK;
    size_t lab = label_len(it, in);
    it += lab;
    in -= lab;
    if (!in) return EMBARGO_OK;
    /* the text outside parentheses, and where each top-level group is */
    size_t gs[MAX_GROUPS], ge[MAX_GROUPS], gw[MAX_GROUPS], ng = 0;
    w->base.len = 0;
    int depth = 0;
    size_t start = 0;
    for (size_t i = 0; i < in; i++) {
        char ch = it[i];
        if (ch == '(' && depth == 0 && i > 0 && it[i - 1] != ' ') {
            /* glued to a word ("中國石油(香港)有限公司"): part of the name */
            int d = 0;
            do {
                if (it[i] == '(') d++;
                else if (it[i] == ')') d--;
                emb__buf_putc(&w->base, it[i]);
                i++;
            } while (i < in && d > 0);
            i--;
            continue;
        }
        if (ch == '(') {
            if (depth++ == 0) {
                start = i + 1;
                if (ng < MAX_GROUPS) gw[ng] = word_count(&w->base);
            }
            continue;
        }
        if (ch == ')') {
            if (depth == 0) continue;  /* unbalanced: dropped */
            if (--depth == 0 && ng < MAX_GROUPS) {
                gs[ng] = start;
                ge[ng] = i;
                ng++;
            }
            continue;
        }
        if (depth == 0) emb__buf_putc(&w->base, ch);
    }
    if (depth > 0 && ng < MAX_GROUPS) {  /* unclosed: runs to the end */
        gs[ng] = start;
        ge[ng] = in;
        ng++;
    }
    if (w->base.oom) return EMBARGO_ENOMEM;
    {
        /* collapse the base in place through `variant` */
        w->variant.len = 0;
        append_collapsed(&w->variant, 0, bstr(&w->base), w->base.len);
        w->base.len = 0;
        emb__buf_append(&w->base, bstr(&w->variant), w->variant.len);
        if (w->base.oom || w->variant.oom) return EMBARGO_ENOMEM;
    }
    embargo_status st = EMBARGO_OK;
    if (w->base.len)
        st = emb__entity_add_name(ld, e, kind, weak, bstr(&w->base), w->base.len);
    size_t base_words = word_count(&w->base);
    for (size_t g = 0; g < ng && st == EMBARGO_OK; g++) {
        /* the group without nested parentheses */
        w->group.len = 0;
        int d = 0;
        for (size_t i = gs[g]; i < ge[g]; i++) {
            if (it[i] == '(') { d++; continue; }
            if (it[i] == ')') { if (d) d--; continue; }
            if (!d) emb__buf_putc(&w->group, it[i]);
        }
        if (w->group.oom) return EMBARGO_ENOMEM;
        const char *q = bstr(&w->group);
        size_t qn = w->group.len, m;
        trim(&q, &qn);
        int standalone = 0, surname = 0;
        if ((m = iprefix(q, qn, "a.k.a.")) || (m = iprefix(q, qn, "aka")) ||
            (m = iprefix(q, qn, "also known as")) || (m = iprefix(q, qn, "also"))) {
            standalone = 1;
        } else if ((m = iprefix(q, qn, "born")) || (m = iprefix(q, qn, "née")) ||
                   (m = iprefix(q, qn, "nee")) || (m = iprefix(q, qn, "formerly")) ||
                   (m = iprefix(q, qn, "previously"))) {
            surname = 1;
        }
        q += m;
        qn -= m;
        while (qn && (*q == ':' || is_space((unsigned char)*q))) { q++; qn--; }
        m = label_len(q, qn);  /* "Russian spelling: Кирсанова" */
        q += m;
        qn -= m;
        /* the parts, at ',' ';' and " or " */
        size_t i = 0;
        while (i < qn && st == EMBARGO_OK) {
            size_t s = i;
            while (i < qn && q[i] != ',' && q[i] != ';' &&
                   !(i + 4 <= qn && q[i] == ' ' && q[i + 1] == 'o' && q[i + 2] == 'r' && q[i + 3] == ' '))
                i++;
            const char *part = q + s;
            size_t pn = i - s;
            if (i < qn) i += q[i] == ' ' ? 4 : 1;
            trim(&part, &pn);
            if (!pn) continue;
            int one_word = memchr(part, ' ', pn) == NULL;
            if (!one_word) {
                st = emb__entity_add_name(ld, e, kind, weak, part, pn);
            } else if (person && !standalone && base_words >= 2) {
                size_t k = surname ? base_words - 1 : gw[g] ? gw[g] - 1 : 0;
                if (k >= base_words) k = base_words - 1;
                replace_word(&w->variant, &w->base, k, part, pn);
                if (w->variant.oom) return EMBARGO_ENOMEM;
                st = emb__entity_add_name(ld, e, kind, weak, bstr(&w->variant), w->variant.len);
            } else if (standalone || (ge[g] + 1 >= in && !legal_form(part, pn))) {
                /* a nickname, or an organisation's acronym closing the name
                 * ("Zavod (BelAZ)", not "ETS Solutions (China) Ltd."):
                 * evidence, not an alert */
                st = emb__entity_add_name(ld, e, kind, 1, part, pn);
            }
        }
    }
    return st;
}

/* Splits a name column at ';' outside parentheses and at " / " (and, for
 * lists of former names, at " or "), and adds each item's names. */
static embargo_status column_names(emb_load *ld, emb_entity *e, name_work *w, const char *p, size_t n,
                                   embargo_name_kind kind, int weak, int person) {
    int split_or = kind == EMBARGO_NAME_FKA;
    size_t i = 0;
    while (i < n) {
        size_t s = i;
        int depth = 0;
        while (i < n) {
            if (p[i] == '(') depth++;
            else if (p[i] == ')' && depth) depth--;
            else if (depth == 0 && p[i] == ';') break;
            else if (depth == 0 && i + 3 <= n && p[i] == ' ' && p[i + 1] == '/' && p[i + 2] == ' ') break;
            else if (depth == 0 && split_or && i + 4 <= n && p[i] == ' ' && p[i + 1] == 'o' &&
                     p[i + 2] == 'r' && p[i + 3] == ' ')
                break;
            i++;
        }
        size_t end = i;
        if (i < n) i += p[i] == ';' ? 1 : p[i + 1] == '/' ? 3 : 4;
        embargo_status st = item_names(ld, e, w, p + s, end - s, kind, weak, person);
        if (st != EMBARGO_OK) return st;
    }
    return EMBARGO_OK;
}

/* ---- the Journal CSV ----------------------------------------------------------------- */

enum jr_col {
    JC_REMARK = 0, JC_CELEX, JC_RECORD, JC_ANNEX, JC_SCHEMA, JC_NAME, JC_ALIAS, JC_WEAK, JC_PREVIOUS,
    JC_FIELD, JC_DATES, JC_GENDER, JC_ID, JC_SPLIT, JC_SKIP
};

static const struct jr_column {
    const char *header;
    int role;
    int kind;             /* embargo_field_kind for JC_FIELD, JC_DATES, JC_SPLIT */
    const char *label;    /* JC_ID and JC_REMARK: put before the value */
} jr_columns[] = {
    { "celex", JC_CELEX, 0, NULL },
    { "recordId", JC_RECORD, 0, NULL },
    { "programKey", JC_FIELD, EMBARGO_FIELD_PROGRAM, NULL },
    { "annex", JC_ANNEX, 0, NULL },
    { "measure", JC_REMARK, 0, "Measure: " },
    { "startDate", JC_DATES, EMBARGO_FIELD_LISTED_ON, NULL },
    { "reason", JC_FIELD, EMBARGO_FIELD_REMARKS, NULL },
    { "schema", JC_SCHEMA, 0, NULL },
    { "name", JC_NAME, 0, NULL },
    { "alias", JC_ALIAS, 0, NULL },
    { "weakAlias", JC_WEAK, 0, NULL },
    { "previousName", JC_PREVIOUS, 0, NULL },
    { "country", JC_FIELD, EMBARGO_FIELD_COUNTRY, NULL },
    { "nationality", JC_FIELD, EMBARGO_FIELD_NATIONALITY, NULL },
    { "jurisdiction", JC_FIELD, EMBARGO_FIELD_COUNTRY, NULL },
    { "birthDate", JC_DATES, EMBARGO_FIELD_BIRTH_DATE, NULL },
    { "birthPlace", JC_FIELD, EMBARGO_FIELD_BIRTH_PLACE, NULL },
    { "position", JC_FIELD, EMBARGO_FIELD_TITLE, NULL },
    { "passportNumber", JC_ID, 0, "Passport " },
    { "gender", JC_GENDER, 0, NULL },
    { "appearance", JC_REMARK, 0, "Appearance: " },
    { "ethnicity", JC_REMARK, 0, "Ethnicity: " },
    { "fatherName", JC_REMARK, 0, "Father's name: " },
    { "motherName", JC_REMARK, 0, "Mother's name: " },
    { "incorporationDate", JC_DATES, EMBARGO_FIELD_BIRTH_DATE, NULL },
    { "legalForm", JC_REMARK, 0, "Legal form: " },
    { "sector", JC_REMARK, 0, "Sector: " },
    { "registrationNumber", JC_ID, 0, "Registration Number " },
    { "taxNumber", JC_ID, 0, "Tax ID No. " },
    { "idNumber", JC_ID, 0, "Identification Number " },
    { "innCode", JC_ID, 0, "INN " },
    { "ogrnCode", JC_ID, 0, "OGRN " },
    { "kppCode", JC_ID, 0, "KPP " },
    { "okpoCode", JC_ID, 0, "OKPO " },
    { "leiCode", JC_ID, 0, "LEI " },
    { "swiftBic", JC_ID, 0, "SWIFT/BIC " },
    { "ticker", JC_REMARK, 0, "Ticker: " },
    { "imoNumber", JC_ID, 0, "IMO " },
    { "mmsi", JC_ID, 0, "MMSI " },
    { "flag", JC_FIELD, EMBARGO_FIELD_VESSEL_FLAG, NULL },
    { "address", JC_FIELD, EMBARGO_FIELD_ADDRESS, NULL },
    { "phone", JC_FIELD, EMBARGO_FIELD_PHONE, NULL },
    { "email", JC_SPLIT, EMBARGO_FIELD_EMAIL, NULL },
    { "website", JC_SPLIT, EMBARGO_FIELD_WEBSITE, NULL },
    { "notes", JC_REMARK, 0, "" },
    { NULL, 0, 0, NULL },
};

#define JR_MAX_COLS 128

typedef struct annex_count {
    char *key;            /* celex + ":" + annex */
    size_t len;
    unsigned long n;
} annex_count;

typedef struct jr_state {
    emb_load *ld;
    size_t width;                          /* the header's field count */
    int col[JR_MAX_COLS];                  /* index into jr_columns, -1: unknown */
    char *unknown[JR_MAX_COLS];            /* header text of unknown columns */
    int idx[JC_SKIP + 1];                  /* column of celex, recordId, ... (-1) */
    annex_count *annex;
    size_t nannex, annex_cap;
    emb_buf id, out;
    name_work w;
} jr_state;

static void jr_free(jr_state *s) {
    for (size_t i = 0; i < JR_MAX_COLS; i++) emb__free(s->unknown[i]);
    for (size_t i = 0; i < s->nannex; i++) emb__free(s->annex[i].key);
    emb__free(s->annex);
    emb__buf_free(&s->id);
    emb__buf_free(&s->out);
    emb__buf_free(&s->w.item);
    emb__buf_free(&s->w.base);
    emb__buf_free(&s->w.group);
    emb__buf_free(&s->w.variant);
}

static embargo_status jr_header(jr_state *s, emb_csv *c, const emb_csv_field *f, size_t nf) {
    emb_load *ld = s->ld;
    if (nf > JR_MAX_COLS)
        return emb__load_fail(ld, c->record_line, 1, "the header has %zu columns, more than %d", nf,
                              JR_MAX_COLS);
    s->width = nf;
    for (int i = 0; i <= JC_SKIP; i++) s->idx[i] = -1;
    for (size_t i = 0; i < nf; i++) {
        const char *h = f[i].ptr;
        size_t hn = f[i].len;
        trim(&h, &hn);
        s->col[i] = -1;
        for (int k = 0; jr_columns[k].header; k++) {
            if (strlen(jr_columns[k].header) == hn && memcmp(jr_columns[k].header, h, hn) == 0) {
                s->col[i] = k;
                int r = jr_columns[k].role;
                if (r != JC_REMARK && r != JC_FIELD && r != JC_DATES && r != JC_ID && r != JC_SPLIT &&
                    s->idx[r] < 0)
                    s->idx[r] = (int)i;
                break;
            }
        }
        if (s->col[i] < 0) {
            s->unknown[i] = emb__malloc(hn + 1);
            if (!s->unknown[i]) return EMBARGO_ENOMEM;
            memcpy(s->unknown[i], h, hn);
            s->unknown[i][hn] = '\0';
        }
    }
    if (s->idx[JC_CELEX] != 0)
        return emb__load_fail(ld, c->record_line, 1, "the header does not start with 'celex'");
    if (s->idx[JC_NAME] < 0) return emb__load_fail(ld, c->record_line, 1, "the header has no 'name' column");
    return EMBARGO_OK;
}

static embargo_entity_type schema_type(const char *p, size_t n) {
    trim(&p, &n);
    if (ieq(p, n, "Person")) return EMBARGO_TYPE_PERSON;
    if (ieq(p, n, "Organization") || ieq(p, n, "Company") || ieq(p, n, "LegalEntity") ||
        ieq(p, n, "PublicBody"))
        return EMBARGO_TYPE_ORGANIZATION;
    if (ieq(p, n, "Vessel")) return EMBARGO_TYPE_VESSEL;
    if (ieq(p, n, "Airplane")) return EMBARGO_TYPE_AIRCRAFT;
    return EMBARGO_TYPE_UNKNOWN;
}

/* The position of the next entry without a recordId in annex key[0..n). */
static embargo_status annex_next(jr_state *s, const char *key, size_t n, unsigned long *out) {
    for (size_t i = 0; i < s->nannex; i++) {
        if (s->annex[i].len == n && memcmp(s->annex[i].key, key, n) == 0) {
            *out = ++s->annex[i].n;
            return EMBARGO_OK;
        }
    }
    if (s->nannex == s->annex_cap) {
        size_t cap = s->annex_cap ? s->annex_cap * 2 : 8;
        annex_count *a = emb__realloc(s->annex, cap * sizeof(*a));
        if (!a) return EMBARGO_ENOMEM;
        s->annex = a;
        s->annex_cap = cap;
    }
    char *k = emb__malloc(n + 1);
    if (!k) return EMBARGO_ENOMEM;
    memcpy(k, key, n);
    k[n] = '\0';
    s->annex[s->nannex++] = (annex_count){ k, n, 1 };
    *out = 1;
    return EMBARGO_OK;
}

static const char *fptr(const emb_csv_field *f, size_t *n) {
    const char *p = f->ptr;
    *n = f->len;
    trim(&p, n);
    return p;
}

/* Adds `label` + each item of a list column split at ';' and ','. */
static embargo_status add_split(emb_load *ld, emb_entity *e, embargo_field_kind kind, const char *p,
                                size_t n) {
    size_t i = 0;
    while (i < n) {
        size_t s = i;
        while (i < n && p[i] != ';' && p[i] != ',') i++;
        embargo_status st = emb__entity_add_field_once(ld, e, kind, p + s, i - s);
        if (st != EMBARGO_OK) return st;
        i++;
    }
    return EMBARGO_OK;
}

static embargo_status jr_row(jr_state *s, emb_csv *c, const emb_csv_field *f) {
    emb_load *ld = s->ld;
    size_t celex_n, annex_n = 0, rec_n = 0, name_n, schema_n = 0;
    const char *celex = fptr(&f[s->idx[JC_CELEX]], &celex_n);
    const char *annex = s->idx[JC_ANNEX] >= 0 ? fptr(&f[s->idx[JC_ANNEX]], &annex_n) : "";
    const char *rec = s->idx[JC_RECORD] >= 0 ? fptr(&f[s->idx[JC_RECORD]], &rec_n) : "";
    const char *name = fptr(&f[s->idx[JC_NAME]], &name_n);
    const char *schema = s->idx[JC_SCHEMA] >= 0 ? fptr(&f[s->idx[JC_SCHEMA]], &schema_n) : "";
    if (!name_n) return emb__load_fail(ld, c->record_line, f[s->idx[JC_NAME]].column, "empty name");
    if (!celex_n) return emb__load_fail(ld, c->record_line, f[s->idx[JC_CELEX]].column, "empty celex");
    embargo_entity_type type = schema_type(schema, schema_n);

    /* the id */
    s->id.len = 0;
    emb__buf_append(&s->id, celex, celex_n);
    emb__buf_putc(&s->id, ':');
    emb__buf_append(&s->id, annex, annex_n);
    if (s->id.oom) return EMBARGO_ENOMEM;
    if (rec_n) {
        emb__buf_putc(&s->id, ':');
        emb__buf_append(&s->id, rec, rec_n);
    } else {
        unsigned long k;
        embargo_status st = annex_next(s, bstr(&s->id), s->id.len, &k);
        if (st != EMBARGO_OK) return st;
        char num[24];
        int m = snprintf(num, sizeof(num), "#%lu", k);
        emb__buf_append(&s->id, num, (size_t)m);
    }
    if (s->id.oom) return EMBARGO_ENOMEM;
    int dup = 0;
    emb_entity *e = emb__load_entity(ld, bstr(&s->id), s->id.len, type, &dup);
    if (!e) {
        if (!dup) return EMBARGO_ENOMEM;
        return emb__load_fail(ld, c->record_line, 1, "duplicate entry %.*s", (int)(s->id.len > 80 ? 80 : s->id.len),
                              bstr(&s->id));
    }
    int person = type == EMBARGO_TYPE_PERSON;
    embargo_status st = emb__entity_add_name(ld, e, EMBARGO_NAME_PRIMARY, 0, name, name_n);
    if (st == EMBARGO_OK) st = column_names(ld, e, &s->w, name, name_n, EMBARGO_NAME_AKA, 0, person);
    if (st == EMBARGO_OK)
        st = emb__entity_add_field_once(ld, e, EMBARGO_FIELD_REFERENCE, bstr(&s->id), s->id.len);
    for (size_t i = 0; i < s->width && st == EMBARGO_OK; i++) {
        size_t vn;
        const char *v = fptr(&f[i], &vn);
        if (!vn) continue;
        if (s->col[i] < 0) {
            s->out.len = 0;
            emb__buf_append(&s->out, s->unknown[i], strlen(s->unknown[i]));
            emb__buf_append(&s->out, ": ", 2);
            emb__buf_append(&s->out, v, vn);
            if (s->out.oom) return EMBARGO_ENOMEM;
            st = emb__entity_add_field_once(ld, e, EMBARGO_FIELD_REMARK, bstr(&s->out), s->out.len);
            continue;
        }
        const struct jr_column *col = &jr_columns[s->col[i]];
        switch (col->role) {
        case JC_ALIAS:
            st = column_names(ld, e, &s->w, v, vn, EMBARGO_NAME_AKA, 0, person);
            break;
        case JC_WEAK:
            st = column_names(ld, e, &s->w, v, vn, EMBARGO_NAME_AKA, 1, person);
            break;
        case JC_PREVIOUS:
            st = column_names(ld, e, &s->w, v, vn, EMBARGO_NAME_FKA, 0, person);
            break;
        case JC_FIELD:
            if (col->kind == EMBARGO_FIELD_REMARKS)
                st = emb__entity_add_field(ld, e, EMBARGO_FIELD_REMARKS, v, vn);
            else
                st = emb__entity_add_field_once(ld, e, (embargo_field_kind)col->kind, v, vn);
            break;
        case JC_DATES:
            st = add_dates(ld, e, (embargo_field_kind)col->kind, v, vn);
            break;
        case JC_SPLIT:
            st = add_split(ld, e, (embargo_field_kind)col->kind, v, vn);
            break;
        case JC_GENDER:
            st = add_gender(ld, e, v, vn);
            break;
        case JC_ID:
        case JC_REMARK:
            s->out.len = 0;
            emb__buf_append(&s->out, col->label, strlen(col->label));
            emb__buf_append(&s->out, v, vn);
            if (s->out.oom) return EMBARGO_ENOMEM;
            st = emb__entity_add_field_once(ld, e,
                                            col->role == JC_ID ? EMBARGO_FIELD_ID_DOCUMENT : EMBARGO_FIELD_REMARK,
                                            bstr(&s->out), s->out.len);
            break;
        default:
            break;
        }
    }
    return st;
}

static embargo_status journal_load(embargo_dataset *ds, const char *path, embargo_error *err) {
    if (!ds || !path) return EMBARGO_EINVAL;
    char *data;
    size_t len;
    embargo_status st = emb__read_file(path, &data, &len, err);
    if (st != EMBARGO_OK) return st;
    char date[32];
    emb__folder_date(path, date, sizeof(date));
    emb_load ld;
    st = emb__load_begin(&ld, ds, "eu-journal", path, date, err);
    jr_state s;
    memset(&s, 0, sizeof(s));
    s.ld = &ld;
    emb__buf_init(&s.id);
    emb__buf_init(&s.out);
    emb__buf_init(&s.w.item);
    emb__buf_init(&s.w.base);
    emb__buf_init(&s.w.group);
    emb__buf_init(&s.w.variant);
    emb_csv c;
    emb__csv_init(&c, data, len);
    emb_csv_field f[JR_MAX_COLS];
    int header = 1;
    while (st == EMBARGO_OK) {
        size_t nf;
        st = emb__csv_next(&c, f, JR_MAX_COLS, &nf);
        if (st == EMBARGO_EFORMAT) {
            st = emb__load_fail(&ld, c.err_line, c.err_column, "%s", c.err_msg);
            break;
        }
        if (st != EMBARGO_OK || nf == 0) break;
        if (header) {
            st = jr_header(&s, &c, f, nf);
            header = 0;
            continue;
        }
        ld.rows++;
        if (nf != s.width) {
            st = emb__load_fail(&ld, c.record_line, 1, "expected %zu fields, found %zu", s.width, nf);
            break;
        }
        st = jr_row(&s, &c, f);
    }
    if (st == EMBARGO_OK && header) st = emb__load_fail(&ld, 1, 1, "empty file: no header");
    emb__csv_free(&c);
    jr_free(&s);
    emb__free(data);
    if (st == EMBARGO_OK) st = emb__load_commit(&ld);
    else emb__load_abort(&ld);
    if (st == EMBARGO_ENOMEM) emb__error_set(err, st, path, 0, 0, "out of memory");
    return st;
}

static int journal_sniff(const char *path, const unsigned char *head, size_t n) {
    (void)path;
    size_t i = 0;
    if (n >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF) i = 3;
    static const char tag[] = "celex,";
    if (n - i < sizeof(tag) - 1 || memcmp(head + i, tag, sizeof(tag) - 1) != 0) return 0;
    return 90;
}

/* ---- FSF XML ------------------------------------------------------------------------ */


typedef struct fsf_state {
    emb_load *ld;
    emb_buf parts;        /* attribute values, one after another */
    emb_buf out;
    emb_buf text;
    emb_buf id;
} fsf_state;

static const char *el_name(const xmlNode *n) { return (const char *)n->name; }

static unsigned long node_line(const xmlNode *n) {
    long l = xmlGetLineNo(n);
    return l > 0 ? (unsigned long)l : 0;
}

static embargo_status fsf_fail(fsf_state *s, const xmlNode *n, const char *what) {
    xmlChar *path = xmlGetNodePath(n);
    embargo_status st = emb__load_fail(s->ld, node_line(n), 0, "%s at %s", what,
                                       path ? (const char *)path : el_name(n));
    if (path) xmlFree(path);
    return st;
}

static embargo_status fsf_unexpected(fsf_state *s, const xmlNode *child, const xmlNode *parent) {
    char what[200];
    if (child->type == XML_ELEMENT_NODE)
        snprintf(what, sizeof(what), "element <%.60s> is out of place in <%.60s>", el_name(child),
                 el_name(parent));
    else
        snprintf(what, sizeof(what), "unexpected text in <%.60s>", el_name(parent));
    return fsf_fail(s, child, what);
}

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

static int is_blank_text(const xmlNode *c) {
    const char *p = (const char *)c->content;
    for (; p && *p; p++)
        if (!is_space((unsigned char)*p)) return 0;
    return 1;
}

/* Appends the text of a node list (text, CDATA and predefined entity
 * references; an element there fails) to b. */
static embargo_status node_text(fsf_state *s, const xmlNode *parent, const xmlNode *list, emb_buf *b) {
    for (const xmlNode *c = list; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content) emb__buf_append(b, c->content, strlen((const char *)c->content));
        } else if (c->type == XML_ENTITY_REF_NODE) {
            xmlEntityPtr e = xmlGetPredefinedEntity(c->name);
            if (!e) return fsf_fail(s, c, "entity reference");
            emb__buf_append(b, e->content, strlen((const char *)e->content));
        } else if (c->type == XML_ELEMENT_NODE) {
            return fsf_unexpected(s, c, parent);
        }
    }
    return b->oom ? EMBARGO_ENOMEM : EMBARGO_OK;
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
        embargo_status st = node_text(s, (const xmlNode *)a, a->children, &s->text);
        if (st != EMBARGO_OK) return st;
        off[i] = s->parts.len;
        append_collapsed(&s->parts, off[i], bstr(&s->text), s->text.len);
        len[i] = s->parts.len - off[i];
        if (s->parts.oom) return EMBARGO_ENOMEM;
    }
    return EMBARGO_OK;
}

#define APART(i) (bstr(&s->parts) + off[i]), len[i]

static void join_part(emb_buf *b, const char *sep, const char *p, size_t n) {
    if (!n) return;
    if (b->len) emb__buf_append(b, sep, strlen(sep));
    emb__buf_append(b, p, n);
}

/* A country description that says nothing. */
static int no_country(const char *p, size_t n) {
    return !n || ieq(p, n, "UNKNOWN") || ieq(p, n, "00") || ieq(p, n, "-");
}

/* Checks the children of a detail element (nameAlias, address, ...). */
static embargo_status fsf_check_detail(fsf_state *s, const xmlNode *n) {
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (!is_blank_text(c)) return fsf_unexpected(s, c, n);
            continue;
        }
        if (c->type != XML_ELEMENT_NODE) continue;
        int ok = 0;
        for (size_t i = 0; fsf_detail_kids[i] && !ok; i++) ok = strcmp(fsf_detail_kids[i], el_name(c)) == 0;
        if (!ok && fsf_known(el_name(c))) return fsf_unexpected(s, c, n);
    }
    return EMBARGO_OK;
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
        join_part(&s->out, " ", APART(NA_FIRST));
        join_part(&s->out, " ", APART(NA_MIDDLE));
        join_part(&s->out, " ", APART(NA_LAST));
    }
    *weak = ieq(APART(NA_STRONG), "false");
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
    if (!is_digits(p, n) || n > 4) return 0;
    unsigned v = 0;
    for (size_t i = 0; i < n; i++) v = v * 10 + (unsigned)(p[i] - '0');
    return v >= 1 && v <= max ? (int)v : 0;
}

static embargo_status do_birthdate(fsf_state *s, emb_entity *e, const xmlNode *n) {
    size_t off[BD__N], len[BD__N];
    embargo_status st = fsf_attrs(s, n, birth_attrs, BD__N, off, len);
    if (st != EMBARGO_OK) return st;
    s->out.len = 0;
    if (ieq(APART(BD_CIRCA), "true")) emb__buf_append(&s->out, "circa ", 6);
    size_t mark = s->out.len;
    if (len[BD_DATE]) {
        size_t k = iso_date_prefix(APART(BD_DATE));
        emb__buf_append(&s->out, bstr(&s->parts) + off[BD_DATE], k ? k : len[BD_DATE]);
    } else if (len[BD_YEAR] && !ieq(APART(BD_YEAR), "0")) {
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
    join_part(&s->out, ", ", APART(BD_PLACE));
    join_part(&s->out, ", ", APART(BD_CITY));
    join_part(&s->out, ", ", APART(BD_REGION));
    if (!no_country(APART(BD_COUNTRY))) join_part(&s->out, ", ", APART(BD_COUNTRY));
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
    join_part(&s->out, " ", APART(len[ID_TYPE] ? ID_TYPE : ID_CODE));
    join_part(&s->out, " ", APART(num));
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
    join_part(&s->out, ", ", APART(AD_STREET));
    if (len[AD_POBOX]) {
        if (s->out.len) emb__buf_append(&s->out, ", ", 2);
        emb__buf_append(&s->out, "PO Box ", 7);
        emb__buf_append(&s->out, APART(AD_POBOX));
    }
    join_part(&s->out, ", ", APART(AD_ZIP));
    join_part(&s->out, ", ", APART(AD_CITY));
    join_part(&s->out, ", ", APART(AD_REGION));
    join_part(&s->out, ", ", APART(AD_PLACE));
    int country = !no_country(APART(AD_COUNTRY));
    if (country) join_part(&s->out, ", ", APART(AD_COUNTRY));
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
        if (ieq(k, kn, "PHONE") || ieq(k, kn, "FAX"))
            st = emb__entity_add_field_once(s->ld, e, EMBARGO_FIELD_PHONE, v, vn);
        else if (ieq(k, kn, "EMAIL")) st = emb__entity_add_field_once(s->ld, e, EMBARGO_FIELD_EMAIL, v, vn);
        else if (ieq(k, kn, "WEB") || ieq(k, kn, "WEBSITE") || ieq(k, kn, "URL"))
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
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (!is_blank_text(c)) return fsf_unexpected(s, c, n);
            continue;
        }
        if (c->type != XML_ELEMENT_NODE) continue;
        int known = 0;
        for (size_t i = 0; fsf_entity_kids[i] && !known; i++) known = strcmp(fsf_entity_kids[i], el_name(c)) == 0;
        if (!known) {
            if (fsf_known(el_name(c))) return fsf_unexpected(s, c, n);
            continue;
        }
        embargo_status st;
        if (strcmp(el_name(c), "remark") == 0) {
            s->out.len = 0;
            st = node_text(s, c, c->children, &s->out);
        } else {
            st = fsf_check_detail(s, c);
        }
        if (st != EMBARGO_OK) return st;
        if (strcmp(el_name(c), "subjectType") == 0 && type == EMBARGO_TYPE_UNKNOWN) {
            static const char *const code[1] = { "code" };
            size_t off[1], len[1];
            st = fsf_attrs(s, c, code, 1, off, len);
            if (st != EMBARGO_OK) return st;
            if (ieq(APART(0), "person")) type = EMBARGO_TYPE_PERSON;
            else if (ieq(APART(0), "enterprise")) type = EMBARGO_TYPE_ORGANIZATION;
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
    size_t off[SE__N], len[SE__N];
    embargo_status st = fsf_attrs(s, n, entity_attrs, SE__N, off, len);
    if (st != EMBARGO_OK) return st;
    int idk = len[SE_LOGICAL] ? SE_LOGICAL : len[SE_EUREF] ? SE_EUREF : -1;
    if (idk < 0) return fsf_fail(s, n, "sanctionEntity without logicalId or euReferenceNumber");
    if (!primary) return fsf_fail(s, n, "sanctionEntity without a name");
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
        return fsf_fail(s, n, what);
    }
    /* the entity's own attributes (s->parts is reused below: copy first) */
    char date[16] = "";
    size_t k = iso_date_prefix(APART(SE_DESIGNATION));
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
            size_t dk = iso_date_prefix(bstr(&s->parts) + ro[1], rl[1]);
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
            st = node_text(s, c, c->children, &s->out);
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
        return emb__load_fail(s->ld, root ? node_line(root) : 0, 0, "the root element is <%.60s>, not <export>",
                              root ? el_name(root) : "");
    for (const xmlNode *c = root->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (!is_blank_text(c)) return fsf_unexpected(s, c, root);
            continue;
        }
        if (c->type != XML_ELEMENT_NODE) continue;
        if (strcmp(el_name(c), "sanctionEntity") != 0) return fsf_unexpected(s, c, root);
        embargo_status st = fsf_entity(s, c);
        if (st != EMBARGO_OK) return st;
    }
    return EMBARGO_OK;
}

static embargo_status fsf_load(embargo_dataset *ds, const char *path, embargo_error *err) {
    if (!ds || !path) return EMBARGO_EINVAL;
    char *data;
    size_t len;
    embargo_status st = emb__read_file(path, &data, &len, err);
    if (st != EMBARGO_OK) return st;
    xmlDocPtr doc = NULL;
    st = emb__xml_parse(path, err, data, len, &doc);
    emb__free(data);
    if (st != EMBARGO_OK) {
        if (st == EMBARGO_ENOMEM) emb__error_set(err, st, path, 0, 0, "out of memory");
        return st;
    }
    const xmlNode *root = xmlDocGetRootElement(doc);
    char date[16] = "";
    for (const xmlAttr *a = root ? root->properties : NULL; a; a = a->next) {
        if (strcmp((const char *)a->name, "generationDate") != 0) continue;
        const xmlNode *t = a->children;
        if (t && t->type == XML_TEXT_NODE && t->content) {
            const char *v = (const char *)t->content;
            size_t k = iso_date_prefix(v, strlen(v));
            if (k) memcpy(date, v, k);
        }
    }
    emb_load ld;
    st = emb__load_begin(&ld, ds, "eu", path, date, err);
    if (st == EMBARGO_OK) {
        fsf_state s;
        memset(&s, 0, sizeof(s));
        s.ld = &ld;
        emb__buf_init(&s.parts);
        emb__buf_init(&s.out);
        emb__buf_init(&s.text);
        emb__buf_init(&s.id);
        st = fsf_walk(&s, root);
        emb__buf_free(&s.parts);
        emb__buf_free(&s.out);
        emb__buf_free(&s.text);
        emb__buf_free(&s.id);
    }
    xmlFreeDoc(doc);
    if (st == EMBARGO_OK) st = emb__load_commit(&ld);
    else emb__load_abort(&ld);
    if (st == EMBARGO_ENOMEM) emb__error_set(err, st, path, 0, 0, "out of memory");
    return st;
}

static int fsf_sniff(const char *path, const unsigned char *head, size_t n) {
    (void)path;
    size_t rest;
    const unsigned char *el = emb__xml_first_element(head, n, &rest);
    if (!el) return 0;
    /* the root's local name: after an optional prefix */
    size_t i = 0;
    while (i < rest && el[i] != ' ' && el[i] != '>' && el[i] != '/' && el[i] != ':' && !is_space(el[i])) i++;
    const unsigned char *local = el;
    size_t ln = i;
    if (i < rest && el[i] == ':') {
        local = el + i + 1;
        ln = 0;
        while (i + 1 + ln < rest && local[ln] != ' ' && local[ln] != '>' && local[ln] != '/' &&
               !is_space(local[ln]))
            ln++;
    }
    int root_export = ln == 6 && memcmp(local, "export", 6) == 0;
    if (root_export && mem_has(head, n, "/fpi/fsd/export")) return 100;
    if (mem_has(head, n, "<sanctionEntity") || mem_has(head, n, ":sanctionEntity")) return 100;
    return 0;
}

const emb_loader emb__eu_fsf_loader = { "eu-fsf-xml", fsf_sniff, fsf_load };
const emb_loader emb__eu_journal_loader = { "eu-journal-csv", journal_sniff, journal_load };
