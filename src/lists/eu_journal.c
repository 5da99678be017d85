/*
 * eu_journal.c - loader for OpenSanctions' CSV extraction of the EU Official
 * Journal annexes. The other EU format, the Commission's financial
 * sanctions XML, is eu_fsf.c; eu_int.h holds what the two share.
 *
 * OpenSanctions' extraction of the Official Journal annexes (list
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
 * Strictness: a row whose field count differs from the header's, any CSV
 * error (bad quoting, NUL bytes), an empty name and a duplicate id fail at
 * the file's line and column. Nothing is published on failure.
 */
#include "loader.h"
#include "csv.h"
#include "listfile.h"
#include "remarks.h"
#include "eu_int.h"
#include "../base/alloc.h"
#include "../base/buf.h"
#include "../base/date.h"

#include <stdio.h>
#include <string.h>

/* Whether p starts with `word` (case-insensitive) followed by a space, ':'
 * or the end; returns its length then, else 0. */
static size_t iprefix(const char *p, size_t n, const char *word) {
    size_t m = strlen(word);
    if (n < m || !emb__word_ieq(p, m, word)) return 0;
    if (n == m || emb__is_space((unsigned char)p[m]) || p[m] == ':' || word[m - 1] == '.') return m;
    return 0;
}

/* ---- dates --------------------------------------------------------------------- */

/* "17.3.2014" / "17.03.2014" -> "2014-03-17"; "3.2014" -> "2014-03".
 * out holds at least 11 bytes. Returns the length or 0. */
static size_t dmy_date(const char *p, size_t n, char *out) {
    int v[3];
    size_t k = 0, i = 0, s = 0;
    while (k < 3) {
        s = i;
        if ((v[k++] = emb__read_digits(p, n, &i, 1, 4)) < 0) return 0;
        if (i == n) break;
        if (p[i] != '.' || i - s > 2) return 0;
        i++;
    }
    if (i != n || k < 2) return 0;
    /* the year must be written with four digits */
    int y = emb__year4(p + s, n - s), m = v[k - 2], d = k == 3 ? v[0] : 0;
    if (y < 0 || m < 1 || m > 12 || (k == 3 && (d < 1 || d > 31))) return 0;
    return emb__iso_date_put(out, y, m, d);
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
    emb__trim(&p, &n);
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
        emb__trim(&c, &cn);
        size_t m;
        while ((m = iprefix(c, cn, "possibly")) || (m = iprefix(c, cn, "or")) ||
               (m = iprefix(c, cn, "born")) || (m = iprefix(c, cn, "on")) ||
               (m = iprefix(c, cn, "established")) || (m = iprefix(c, cn, "founded")) ||
               (m = iprefix(c, cn, "registered"))) {
            c += m;
            cn -= m;
            emb__trim(&c, &cn);
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
    return emb__word_ieq(p, n, "LLC") || emb__word_ieq(p, n, "JSC") || emb__word_ieq(p, n, "Ltd") || emb__word_ieq(p, n, "Ltd.");
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
    if (emb__word_ieq(it, in, "Text of image")) return EMBARGO_OK;
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
        emb__trim(&q, &qn);
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
        while (qn && (*q == ':' || emb__is_space((unsigned char)*q))) { q++; qn--; }
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
            emb__trim(&part, &pn);
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
        emb__trim(&h, &hn);
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
    emb__trim(&p, &n);
    if (emb__word_ieq(p, n, "Person")) return EMBARGO_TYPE_PERSON;
    if (emb__word_ieq(p, n, "Organization") || emb__word_ieq(p, n, "Company") || emb__word_ieq(p, n, "LegalEntity") ||
        emb__word_ieq(p, n, "PublicBody"))
        return EMBARGO_TYPE_ORGANIZATION;
    if (emb__word_ieq(p, n, "Vessel")) return EMBARGO_TYPE_VESSEL;
    if (emb__word_ieq(p, n, "Airplane")) return EMBARGO_TYPE_AIRCRAFT;
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
    if (EMB_GROW(s->annex, s->annex_cap, s->nannex + 1)) return EMBARGO_ENOMEM;
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
    emb__trim(&p, n);
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
        st = emb__csv_next_row(&c, &ld, f, JR_MAX_COLS, header ? 0 : s.width, &nf);
        if (st != EMBARGO_OK || nf == 0) break;
        if (header) {
            st = jr_header(&s, &c, f, nf);
            header = 0;
            continue;
        }
        ld.rows++;
        st = jr_row(&s, &c, f);
    }
    if (st == EMBARGO_OK && header) st = emb__load_fail(&ld, 1, 1, "empty file: no header");
    emb__csv_free(&c);
    jr_free(&s);
    emb__free(data);
    return emb__load_end(&ld, st);
}

static int journal_sniff(const char *path, const unsigned char *head, size_t n) {
    (void)path;
    size_t i = 0;
    if (n >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF) i = 3;
    static const char tag[] = "celex,";
    if (n - i < sizeof(tag) - 1 || memcmp(head + i, tag, sizeof(tag) - 1) != 0) return 0;
    return 90;
}

const emb_loader emb__eu_journal_loader = { "eu-journal-csv", journal_sniff, journal_load, NULL };
