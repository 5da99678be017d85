/*
 * remarks.c - splits and classifies OFAC's Remarks field.
 *
 * Why: in OFAC's legacy files the Remarks column carries birth dates, birth
 * places, nationalities, ID documents, weak aliases and links to other
 * entries; screening needs them as separate facts.
 *
 * Splitting. Items are separated by ';'. An alias item (a.k.a. / f.k.a. /
 * n.k.a., optionally after "alt. ") quotes its name in apostrophes, and the
 * name itself may hold apostrophes (a.k.a. 'AL-QA'IDA', a.k.a. ''ABD AL-
 * RAHMAN') or, in principle, a ';'. So the name runs from the first
 * apostrophe to the first later apostrophe that is followed by nothing but an
 * optional '.' and spaces before the next ';' or the end of the text; if
 * there is no such apostrophe (within ALIAS_MAX bytes) the item ends at the
 * next ';' as usual.
 * The remarks end with a '.', which is dropped from the last item unless its
 * last word is an abbreviation (contains another '.', or is LTD, INC, ...),
 * since OFAC writes "Linked To: GRUPO X, S.A. DE C.V." with a single dot.
 *
 * Classification (after an optional "alt. "), by the item's label:
 *   a.k.a./f.k.a./n.k.a. 'X'  alias X, kind AKA/FKA/NKA, weak (OFAC's weak
 *                             aliases are exactly the quoted ones in remarks)
 *   DOB, Organization Established Date
 *                             EMBARGO_FIELD_BIRTH_DATE, normalised by
 *                             emb__remarks_date (an organisation's founding
 *                             date is its "birth date" in this model); a
 *                             phrase that is not a date is kept as written
 *   POB                       BIRTH_PLACE      nationality  NATIONALITY
 *   citizen                   CITIZENSHIP      Gender       GENDER
 *   Email Address             EMAIL            Website      WEBSITE
 *   Phone Number, Telephone, Fax  PHONE        Linked To:   LINKED_TO
 *   Nationality of Registration (aircraft, vessels)         COUNTRY
 *   ID documents and registry numbers: a known label (Passport, National ID
 *   No., Tax ID No., Registration Number, Identification Number, Vessel
 *   Registration Identification IMO, MMSI, SWIFT/BIC, Digital Currency
 *   Address, ...) or any label (the text before the first digit) holding
 *   the word Number, No., No, ID, Identification or '#', in an item that
 *   has a digit: ID_DOCUMENT, the whole item as text ("Passport PW2418905
 *   (Ireland)"), since the document type and country are part of the fact.
 *   Everything else: EMBARGO_FIELD_REMARK, the whole item as published.
 */
#include "remarks.h"
#include "../base/date.h"
#include "../base/str.h"

#include <string.h>

/* How far past its opening apostrophe a remarks alias may close. */
#define ALIAS_MAX 1024

/* ---- small string helpers ----------------------------------------------- */

static int lower(int ch) { return (ch >= 'A' && ch <= 'Z') ? ch + 32 : ch; }

/* If s starts with the label `p` followed by the end, a space or (when the
 * label does not end in one) ':', returns the label length, else 0. */
static size_t label(const char *s, size_t n, const char *p, int nocase) {
    size_t m = strlen(p);
    if (n < m) return 0;
    for (size_t i = 0; i < m; i++) {
        int a = (unsigned char)s[i], b = (unsigned char)p[i];
        if (nocase ? lower(a) != lower(b) : a != b) return 0;
    }
    if (n == m || emb__is_blank((unsigned char)s[m]) || p[m - 1] == ':' || p[m - 1] == '.' ||
        p[m - 1] == '#' || p[m - 1] == ')' || s[m] == ':')
        return m;
    return 0;
}

/* ---- dates -------------------------------------------------------------- */

/* Reads one word (a run of non-space bytes) at *p. */
static int word(const char *s, size_t n, size_t *p, const char **w, size_t *wn) {
    while (*p < n && emb__is_space(s[*p])) (*p)++;
    if (*p >= n) return 0;
    size_t start = *p;
    while (*p < n && !emb__is_space(s[*p])) (*p)++;
    *w = s + start;
    *wn = *p - start;
    return 1;
}

/* One date: "DD Mon YYYY", "Mon YYYY", "YYYY"; writes ISO form to out
 * (at least 11 bytes). Returns the length written or 0. */
static size_t one_date(const char *s, size_t n, char *out) {
    const char *w[4];
    size_t wn[4], p = 0, k = 0;
    while (k < 4 && word(s, n, &p, &w[k], &wn[k])) k++;
    if (k == 0 || k > 3 || word(s, n, &p, &w[3], &wn[3])) return 0;
    int year = emb__year4(w[k - 1], wn[k - 1]);
    if (year < 0) return 0;
    int mon = 0, day = 0;
    if (k >= 2) {
        mon = emb__month_name(w[k - 2], wn[k - 2]);
        if (!mon) return 0;
    }
    if (k == 3) {
        size_t i = 0;
        day = emb__read_digits(w[0], wn[0], &i, 1, 2);
        if (i != wn[0] || day < 1 || day > 31) return 0;
    }
    return emb__iso_date_put(out, year, mon, day);
}

size_t emb__remarks_date(const char *s, size_t n, char *out, size_t cap) {
    if (!s || cap < 32) return 0;
    emb__trim(&s, &n);
    if (n && s[n - 1] == '.') n--;
    emb__trim(&s, &n);
    size_t o = 0;
    size_t m = label(s, n, "circa", 1);
    if (m && m < n) {
        memcpy(out, "circa ", 6);
        o = 6;
        s += m;
        n -= m;
        emb__trim(&s, &n);
    }
    /* "A to B", or "YYYY-YYYY" */
    size_t split = n, skip = 0;
    for (size_t i = 0; i + 4 <= n; i++) {
        if (s[i] == ' ' && (s[i + 1] == 't' || s[i + 1] == 'T') &&
            (s[i + 2] == 'o' || s[i + 2] == 'O') && s[i + 3] == ' ') {
            split = i;
            skip = 4;
            break;
        }
    }
    if (split == n && n == 9 && emb__year4(s, 4) >= 0 && s[4] == '-' && emb__year4(s + 5, 4) >= 0) {
        split = 4;
        skip = 1;
    }
    size_t a = one_date(s, split, out + o);
    if (!a) return 0;
    o += a;
    if (split < n) {
        out[o++] = '/';
        size_t b = one_date(s + split + skip, n - split - skip, out + o);
        if (!b) return 0;
        o += b;
    }
    out[o] = '\0';
    return o;
}

/* ---- classification ------------------------------------------------------- */

/* Labels whose value is the rest of the item. Case-sensitive, longest
 * first where one label begins another. */
static const struct { const char *label; embargo_field_kind kind; } value_labels[] = {
    { "Nationality of Registration", EMBARGO_FIELD_COUNTRY },
    { "nationality", EMBARGO_FIELD_NATIONALITY },
    { "Nationality", EMBARGO_FIELD_NATIONALITY },
    { "citizen", EMBARGO_FIELD_CITIZENSHIP },
    { "Citizenship", EMBARGO_FIELD_CITIZENSHIP },
    { "POB", EMBARGO_FIELD_BIRTH_PLACE },
    { "Place of Birth", EMBARGO_FIELD_BIRTH_PLACE },
    { "Gender", EMBARGO_FIELD_GENDER },
    { "Email Address", EMBARGO_FIELD_EMAIL },
    { "Email", EMBARGO_FIELD_EMAIL },
    { "Website", EMBARGO_FIELD_WEBSITE },
    { "Phone Number", EMBARGO_FIELD_PHONE },
    { "Telephone No.", EMBARGO_FIELD_PHONE },
    { "Telephone", EMBARGO_FIELD_PHONE },
    { "Phone", EMBARGO_FIELD_PHONE },
    { "Fax No.", EMBARGO_FIELD_PHONE },
    { "Fax", EMBARGO_FIELD_PHONE },
    { "Linked To:", EMBARGO_FIELD_LINKED_TO },
};

/* Labels of identity documents and registry numbers (kept whole). */
static const char *const id_labels[] = {
    "Passport", "Diplomatic Passport", "National ID No.", "Tax ID No.",
    "Registration Number", "Registration ID", "Identification Number",
    "Vessel Registration Identification", "MMSI", "SWIFT/BIC", "BIK (RU)",
    "Digital Currency Address", "Cedula No.", "NIT #", "RUC #", "RIF #", "D.N.I.",
    "Driver's License", "License", "Trade License No.", "Company Number",
    "UK Company Number", "Commercial Registry Number", "Business Registration Document #",
    "Business Number", "Legal Entity Number", "Unified Social Credit Code",
    "Government Gazette Number", "C.R. No.", "Folio Mercantil", "Matricula Mercantil",
    "V.A.T. Number", "D-U-N-S Number", "Economic Register Number", "ISIN", "US FEIN",
    "SSN", "CURP", "Credencial electoral", "Cartilla de Servicio Militar Nacional",
    "Italian Fiscal Code", "Birth Certificate Number", "Personal ID Card",
    "Aircraft Tail Number", "Aircraft Manufacturer's Serial Number (MSN)",
    "Aircraft Construction Number", "Kenyan ID No.", "Refugee ID Card",
    "Travel Document Number", "Residency Number", "Enterprise Number",
};

/* Whether the label part of an item (before its first digit) holds a word
 * that marks an identifier, and the item has a digit at all. */
static int generic_id(const char *s, size_t n) {
    size_t d = 0;
    while (d < n && !emb__is_digit(s[d])) d++;
    if (d == n) return 0;
    size_t p = 0;
    const char *w;
    size_t wn;
    while (p < d && word(s, d, &p, &w, &wn)) {
        while (wn && (w[wn - 1] == ':' || w[wn - 1] == ',')) wn--;
        if ((wn == 6 && memcmp(w, "Number", 6) == 0) || (wn == 3 && memcmp(w, "No.", 3) == 0) ||
            (wn == 2 && memcmp(w, "No", 2) == 0) || (wn == 2 && memcmp(w, "ID", 2) == 0) ||
            (wn == 14 && memcmp(w, "Identification", 14) == 0) || (wn == 1 && w[0] == '#'))
            return 1;
    }
    return 0;
}

static int is_abbreviation(const char *w, size_t n) {
    /* w ends with '.' */
    static const char *const abbr[] = {
        "ltd", "ltda", "corp", "inc", "co", "cia", "jr", "sr", "bhd", "plc", "llc",
        "st", "no", "mr", "dr", "gen", "col", "sa", "ag", "srl", "sdn", "pte", "pty", "jsc",
    };
    for (size_t i = 0; i + 1 < n; i++)
        if (w[i] == '/' || w[i] == '@') return 0;  /* a URL or an address */
    for (size_t i = 0; i + 1 < n; i++)
        if (w[i] == '.') return 1;
    for (size_t i = 0; i < sizeof(abbr) / sizeof(abbr[0]); i++)
        if (emb__word_ieq(w, n - 1, abbr[i])) return 1;
    return 0;
}

static embargo_status emit_field(emb_remark_fn fn, void *ctx, embargo_field_kind kind,
                                 const char *v, size_t vn, const char *item, size_t in) {
    emb_remark r;
    memset(&r, 0, sizeof(r));
    r.field_kind = kind;
    r.text = v;
    r.len = vn;
    r.item = item;
    r.item_len = in;
    return fn(ctx, &r);
}

/* Classifies one item (already trimmed, final '.' handled). */
static embargo_status classify(const char *item, size_t in, emb_remark_fn fn, void *ctx) {
    const char *s = item;
    size_t n = in, m;
    if ((m = label(s, n, "alt.", 1)) != 0) {
        s += m;
        n -= m;
        emb__trim(&s, &n);
    }
    if (!n) return emit_field(fn, ctx, EMBARGO_FIELD_REMARK, item, in, item, in);

    if ((m = label(s, n, "DOB", 0)) != 0 || (m = label(s, n, "Organization Established Date", 0)) != 0) {
        const char *v = s + m;
        size_t vn = n - m;
        emb__trim(&v, &vn);
        char iso[32];
        size_t k = emb__remarks_date(v, vn, iso, sizeof(iso));
        if (k) return emit_field(fn, ctx, EMBARGO_FIELD_BIRTH_DATE, iso, k, item, in);
        if (vn) return emit_field(fn, ctx, EMBARGO_FIELD_BIRTH_DATE, v, vn, item, in);
        return emit_field(fn, ctx, EMBARGO_FIELD_REMARK, item, in, item, in);
    }
    for (size_t i = 0; i < sizeof(value_labels) / sizeof(value_labels[0]); i++) {
        if ((m = label(s, n, value_labels[i].label, 0)) == 0) continue;
        const char *v = s + m;
        size_t vn = n - m;
        emb__trim(&v, &vn);
        if (vn && v[0] == ':') { v++; vn--; emb__trim(&v, &vn); }
        if (vn) return emit_field(fn, ctx, value_labels[i].kind, v, vn, item, in);
        return emit_field(fn, ctx, EMBARGO_FIELD_REMARK, item, in, item, in);
    }
    for (size_t i = 0; i < sizeof(id_labels) / sizeof(id_labels[0]); i++)
        if (label(s, n, id_labels[i], 0) && n > strlen(id_labels[i]))
            return emit_field(fn, ctx, EMBARGO_FIELD_ID_DOCUMENT, s, n, item, in);
    if (generic_id(s, n)) return emit_field(fn, ctx, EMBARGO_FIELD_ID_DOCUMENT, s, n, item, in);
    return emit_field(fn, ctx, EMBARGO_FIELD_REMARK, item, in, item, in);
}

/* If s[0..n) starts with an alias label ("a.k.a.", "f.k.a.", "n.k.a.",
 * after an optional "alt."), returns the offset just past it and the kind. */
static size_t alias_label(const char *s, size_t n, embargo_name_kind *kind) {
    size_t p = 0, m = label(s, n, "alt.", 1);
    if (m) {
        p = m;
        while (p < n && emb__is_space(s[p])) p++;
    }
    static const struct { const char *l; embargo_name_kind k; } al[] = {
        { "a.k.a.", EMBARGO_NAME_AKA }, { "f.k.a.", EMBARGO_NAME_FKA },
        { "n.k.a.", EMBARGO_NAME_NKA },
    };
    for (size_t i = 0; i < 3; i++) {
        if ((m = label(s + p, n - p, al[i].l, 1)) != 0) {
            *kind = al[i].k;
            return p + m;
        }
    }
    return 0;
}

embargo_status emb__remarks_parse(const char *text, size_t len, emb_remark_fn fn, void *ctx) {
    if (!text || !len) return EMBARGO_OK;
    size_t pos = 0;
    while (pos < len) {
        while (pos < len && (emb__is_space(text[pos]) || text[pos] == ';')) pos++;
        if (pos >= len) break;
        const char *s = text + pos;
        size_t rest = len - pos;
        size_t end = 0;  /* item length within s */
        embargo_name_kind kind = EMBARGO_NAME_AKA;
        size_t al = alias_label(s, rest, &kind);
        const char *name = NULL;
        size_t name_len = 0;
        if (al) {
            size_t q = al;
            while (q < rest && emb__is_space(s[q])) q++;
            if (q < rest && s[q] == '\'') {
                /* find the closing apostrophe: followed by [.] spaces then ';' or end */
                /* Names are short (OFAC's longest in 2024 is 93 bytes); the
                 * cap keeps the parse linear on hostile input. */
                size_t lim = rest - q > ALIAS_MAX ? q + ALIAS_MAX : rest;
                for (size_t k = q + 1; k < lim; k++) {
                    if (s[k] != '\'') continue;
                    size_t t = k + 1;
                    if (t < rest && s[t] == '.') t++;
                    while (t < rest && emb__is_space(s[t])) t++;
                    if (t == rest || s[t] == ';') {
                        name = s + q + 1;
                        name_len = k - q - 1;
                        end = t;
                        break;
                    }
                }
            }
        }
        if (!name) {
            while (end < rest && s[end] != ';') end++;
        }
        size_t next = pos + end;  /* at ';' or len */
        const char *item = s;
        size_t in = end;
        emb__trim(&item, &in);
        /* last item: drop the closing '.' unless it ends an abbreviation */
        size_t after = next;
        while (after < len && (emb__is_space(text[after]) || text[after] == ';')) after++;
        if (after >= len && in && item[in - 1] == '.') {
            size_t w = in - 1;
            while (w > 0 && !emb__is_space(item[w - 1])) w--;
            if (name || !is_abbreviation(item + w, in - w)) {
                in--;
                emb__trim(&item, &in);
            }
        }
        embargo_status st;
        if (al) {
            if (!name) {
                /* unquoted or unterminated: the rest of the item after the label */
                name = s + al;
                name_len = item + in > name ? (size_t)(item + in - name) : 0;
                emb__trim(&name, &name_len);
                if (name_len && name[0] == '\'') { name++; name_len--; }
                if (name_len && name[name_len - 1] == '\'') name_len--;
            }
            emb__trim(&name, &name_len);
            emb_remark r;
            memset(&r, 0, sizeof(r));
            r.is_name = 1;
            r.name_kind = kind;
            r.weak = 1;
            r.text = name;
            r.len = name_len;
            r.item = item;
            r.item_len = in;
            st = name_len ? fn(ctx, &r) : EMBARGO_OK;
        } else {
            st = in ? classify(item, in, fn, ctx) : EMBARGO_OK;
        }
        if (st != EMBARGO_OK) return st;
        pos = next;
    }
    return EMBARGO_OK;
}

/* ---- onto an entity ------------------------------------------------------ */

typedef struct apply_ctx {
    emb_load *ld;
    emb_entity *e;
} apply_ctx;

static embargo_status apply_one(void *ctx, const emb_remark *r) {
    apply_ctx *a = ctx;
    if (r->is_name) return emb__entity_add_name(a->ld, a->e, r->name_kind, r->weak, r->text, r->len);
    return emb__entity_add_field(a->ld, a->e, r->field_kind, r->text, r->len);
}

embargo_status emb__remarks_apply(emb_load *ld, emb_entity *e, const char *text, size_t len) {
    if (!text || !len) return EMBARGO_OK;
    embargo_status st = emb__entity_add_field(ld, e, EMBARGO_FIELD_REMARKS, text, len);
    if (st != EMBARGO_OK) return st;
    apply_ctx a = { ld, e };
    return emb__remarks_parse(text, len, apply_one, &a);
}
