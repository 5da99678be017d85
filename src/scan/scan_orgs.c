/*
 * scan_orgs.c - organisation names that go on across connecting words
 * (src/scan, see scan.c).
 *
 * An organisation's name goes on across "of", "and", "for" after a head
 * word (Ministry of Petroleum), or "in" and a country (Islamic Resistance
 * in Iraq); an acronym a text gives it in brackets names it from then on
 * (MOIS); a vessel's name with a number is read whole after "tanker" or
 * "formerly" (formerly the Grace 1).
 */
#include "scan_int.h"

/* ---- organisation names across connecting words ------------------------------------ */

/* Head words of organisations whose names go on with "of", "and" or "for"
 * (Ministry of Petroleum, Central Bank of Iran, Committee for State
 * Security), lower case; and the connecting words. */
static const char *const HEAD_WORDS[] = {
    "army", "bank", "corps", "court", "front", "guard", "party", "union", "agency", "bureau", "forces",
    "guards", "office", "police", "council", "company", "service", "ministry", "republic", "authority",
    "committee", "commission", "department", "directorate", "corporation", "organization", "organisation"};

/* Whether words[k] is a connecting word inside an organisation's name. */
static int connecting_word(const embargo_scanner *s, size_t k) {
    static const char *const CONNECT[] = {"of", "and", "for"};
    const word *w = &s->words[k];
    return w->shape == SHAPE_LOWER && !w->brk && w->e - w->s <= 3 && w->oc == CASE_MIXED &&
           emb__scan_in_list(CONNECT, 3, (const char *)s->text.data + w->s, w->e - w->s);
}

/* Where an organisation's name that the run [i, r) begins may go on to
 * across connecting words: the run ends in a head word (Ministry) and a
 * connecting word (and "the") and capitalised words follow, up to JOINS
 * times (Ministry of Intelligence and Security). Fills ends[] with the
 * ends after each, nearest first, and returns how many (0: none). */
size_t emb__scan_joined_end(const embargo_scanner *s, size_t i, size_t r, size_t *ends) {
    const word *h = &s->words[r - 1];
    if (r >= s->nwords || h->shape != SHAPE_TITLE || h->e - h->s < 4) return 0;
    /* a name of two words or more and "in" a country (the Islamic
     * Resistance in Iraq, Hizballah Brigades in Iraq: listed names so
     * written); but "Vladimir Putin in Russia" is screened so too, and
     * only an organisation's name as listed is reported (emb__scan_joined) */
    if (r - i >= 2 && r + 1 < s->nwords && s->words[r].e - s->words[r].s == 2 && !s->words[r].brk &&
        !memcmp((const char *)s->text.data + s->words[r].s, "in", 2) && !s->words[r + 1].brk &&
        s->words[r + 1].cap && s->words[r + 1].known && emb__scan_country_at(s, r + 1)) {
        ends[0] = r + 2;
        return 1;
    }
    if (!connecting_word(s, r) ||
        !emb__scan_in_list(HEAD_WORDS, sizeof(HEAD_WORDS) / sizeof(HEAD_WORDS[0]),
                           (const char *)s->text.data + h->s, h->e - h->s))
        return 0;
    size_t k = r, n = 0;
    while (n < JOINS && k < s->nwords && connecting_word(s, k)) {
        k++;
        if (k < s->nwords && s->words[k].e - s->words[k].s == 3 && !s->words[k].brk &&
            !memcmp((const char *)s->text.data + s->words[k].s, "the", 3))
            k++;
        size_t f = k;
        while (f < s->nwords && f - i < MAX_RUN && s->words[f].cap && !s->words[f].brk && !s->words[f].said &&
               s->words[f].oc == CASE_MIXED)
            f++;
        /* a word the index does not know is in no listed name: the name
         * is no longer than the words before it (a screening saved) */
        for (size_t x = k; x < f; x++)
            if (!s->words[x].known && !s->words[x].particle && !s->words[x].joined) f = k;
        if (f == k) break;
        ends[n++] = k = f;
    }
    return n;
}

/* Whether one of the countries `codes` is named, as a name or an
 * adjective (Iran, Iranian, the United Arab Emirates), within the
 * COUNTRY_BEFORE_WORDS words of the window before words[a]. */
static int country_named_before(const embargo_scanner *s, size_t a, const char *codes) {
    for (size_t k = a; k-- > 0 && a - k <= COUNTRY_BEFORE_WORDS;) {
        if (!s->words[k].cap || s->words[k].shape == SHAPE_LOWER) continue;
        const char *c = emb__scan_country_at(s, k);
        if (c && emb__country_overlap(c, codes)) return 1;
    }
    return 0;
}

/* The countries of entity e (its listed countries, addresses and
 * nationalities) into out (cap bytes: codes as emb__country_codes writes
 * them, each once); 0 if none. */
static size_t entity_countries(const embargo_index *ix, const embargo_entity *e, char *out, size_t cap) {
    size_t n = 0;
    out[0] = 0;
    for (uint32_t k = 0; k < e->field_count; k++) {
        embargo_field f;
        if (embargo_entity_field(ix, e, k, &f)) continue;
        if (f.kind != EMBARGO_FIELD_COUNTRY && f.kind != EMBARGO_FIELD_ADDRESS && f.kind != EMBARGO_FIELD_NATIONALITY)
            continue;
        const char *at = emb__country_codes(f.text, f.len);
        for (; at && at[0] && at[1] && n + 3 <= cap; at += 2) {
            int seen = 0;
            for (size_t j = 0; j < n && !seen; j += 2) seen = out[j] == at[0] && out[j + 1] == at[1];
            if (seen) continue;
            out[n++] = at[0];
            out[n++] = at[1];
            out[n] = 0;
        }
    }
    return n;
}

/* Whether a listed name has a word of its own: not an ordinary English
 * word, a generic or connecting word or a legal form (MINISTRY OF
 * PETROLEUM has none: every country has one). A country counts as its own
 * (CENTRAL BANK OF IRAN). */
static int own_word(const embargo_index *ix, const embargo_entity *e, uint32_t name_index) {
    const emb_ix_name *n = &ix->names[ix->entities[e->index].first_name + name_index];
    for (uint32_t i = 0; i < n->token_count; i++)
        if (!(ix->tokens[n->first_token + i].flags &
              (EMB_TOK_WORD | EMB_TOK_GENERIC | EMB_TOK_LEGAL | EMB_TOK_STOP | EMB_TOK_NUMBER |
               EMB_TOK_PARTICLE | EMB_TOK_TITLE | EMB_TOK_INITIAL)) ||
            (ix->tokens[n->first_token + i].flags & EMB_TOK_COUNTRY))
            return 1;
    return 0;
}

/* Words [a, b) just named organisation m in full: an acronym in brackets
 * right after them whose letters are first letters of their words, in
 * order and from the first (Ministry of Intelligence and Security (MOIS)),
 * names it for the rest of the document. */
static void note_acronym(embargo_scanner *s, size_t a, size_t b, const span_match *m) {
    if (b >= s->nwords || s->nacronyms == ACRONYMS) return;
    const word *w = &s->words[b];
    const char *t = (const char *)s->text.data;
    size_t n = w->e - w->s;
    if (w->brkc != BRK_OPEN || w->shape != SHAPE_UPPER || n < 3 || n > ACRONYM_MAX ||
        (b + 1 < s->nwords && !s->words[b + 1].brk) || (t[w->s] | 32) != (t[s->words[a].s] | 32))
        return;
    size_t j = 0;
    for (size_t k = a; k < b && j < n; k++)
        if ((t[s->words[k].s] | 32) == (t[w->s + j] | 32)) j++;
    if (j < n) return;
    memcpy(s->acronyms[s->nacronyms].text, t + w->s, n);
    s->acronyms[s->nacronyms].len = (uint8_t)n;
    s->acronyms[s->nacronyms++].m = *m;
}

/* The organisation whose acronym the document gave (note_acronym) that
 * words[i] is, written as given, or NULL. */
const span_match *emb__scan_acronym_at(const embargo_scanner *s, size_t i) {
    const word *w = &s->words[i];
    size_t n = w->e - w->s;
    for (uint32_t k = 0; k < s->nacronyms; k++)
        if (s->acronyms[k].len == n && !memcmp(s->acronyms[k].text, (const char *)s->text.data + w->s, n))
            return &s->acronyms[k].m;
    return NULL;
}

/* Whether text t[0, n) is the listed name exactly, but for case and the
 * marks between words (Islamic Resistance in Iraq; ISLAMIC RESISTANCE IN
 * IRAQ), ASCII letters and digits compared. */
static int written_as_listed(const char *t, size_t n, const char *name, size_t nl) {
    size_t i = 0, j = 0;
    for (;;) {
        int gi = 0, gj = 0;
        while (i < n && !isalnum((unsigned char)t[i])) i++, gi = 1;
        while (j < nl && !isalnum((unsigned char)name[j])) j++, gj = 1;
        if (i == n || j == nl) return i == n && j == nl;
        if ((gi != gj && i > 0 && j > 0) || tolower((unsigned char)t[i]) != tolower((unsigned char)name[j]))
            return 0;
        i++, j++;
    }
}

/* Words [a, e) of a run and the words joined to it (emb__scan_joined_end) as one
 * organisation's name: reported if screening finds an organisation's
 * listed name exactly (NEWS_LISTED_SCORE) with no country left out; a name
 * of ordinary words alone (MINISTRY OF PETROLEUM), or matched without the
 * nationality opening it (IRANIAN MINISTRY OF INTELLIGENCE AND SECURITY),
 * only when the country the text named last before it is the
 * organisation's. Sets *done when it reported. */
embargo_status emb__scan_joined(scan_ctx *c, size_t a, size_t e, int *done) {
    embargo_scanner *s = c->s;
    while (a < e && !s->words[a].known) a++; /* The Ministry */
    size_t halves;
    if (e - a < 3 || emb__scan_span_query(s, a, e, &halves) < 2 || s->query.len > EMBARGO_MAX_QUERY_BYTES)
        return EMBARGO_OK;
    if (s->query.oom) return EMBARGO_ENOMEM;
    const span_match *mm;
    size_t n;
    embargo_status st = emb__scan_screen_cached(s, s->opts.threshold, &mm, &n);
    if (st) return st;
    /* a weak alias (scored WEAK_WRITTEN_SCORE at most) counts when written
     * as listed, word for word (ISLAMIC RESISTANCE IN IRAQ) */
    const char *t = (const char *)s->text.data;
    int written = n > 0 && mm[0].score >= WEAK_WRITTEN_SCORE &&
                  written_as_listed(t + s->words[a].s, s->words[e - 1].e - s->words[a].s, mm[0].matched_name,
                                    mm[0].matched_name_len);
    if (n == 0 || mm[0].entity.type != EMBARGO_TYPE_ORGANIZATION || (mm[0].score < NEWS_LISTED_SCORE && !written) ||
        (mm[0].left_country && !mm[0].nat_left) || (mm[0].missing && !mm[0].nat_left) ||
        mm[0].score < s->opts.threshold)
        return EMBARGO_OK;
    if (mm[0].nat_left || !own_word(s->ix, &mm[0].entity, mm[0].name_index)) {
        char own[2 * 16 + 1];
        const char *codes = mm[0].nat_left;
        if (!codes && entity_countries(s->ix, &mm[0].entity, own, sizeof(own))) codes = own;
        if (!codes || !country_named_before(s, a, codes)) return EMBARGO_OK;
        /* not another country's (Egypt's Ministry of Petroleum) */
        const char *around = emb__scan_org_country_around(s, a, e);
        if (around && !emb__country_overlap(around, codes)) return EMBARGO_OK;
    }
    *done = 1;
    st = emb__scan_emit(c, &mm[0], s->words[a].s, s->words[e - 1].e, "name");
    if (st) return st;
    hit_rec *h = emb__scan_find_hit(s, mm[0].entity.index);
    if (h) {
        if (emb__scan_set_full(s, h)) return EMBARGO_ENOMEM;
        emb__scan_note_evidence(s, h, s->words[a].s, s->words[e - 1].e);
    }
    note_acronym(s, a, e, &mm[0]);
    return EMBARGO_OK;
}

/* Whether words[a] follows a word that says a ship's name comes: "tanker"
 * (emb__scan_vessel_word_before), or "formerly", "renamed", "ex" (and maybe "the"):
 * ships change names, and texts give the old one (formerly the Grace 1). */
static int ship_cue(const embargo_scanner *s, size_t a) {
    static const char *const FORMER[] = {"formerly", "renamed", "previously", "ex"};
    if (emb__scan_vessel_word_before(s, a)) return 1;
    size_t k = a;
    const char *t = (const char *)s->text.data;
    if (k > 0 && s->words[k - 1].e - s->words[k - 1].s == 3 && !strncasecmp(t + s->words[k - 1].s, "the", 3)) k--;
    return k > 0 && emb__scan_in_list(FORMER, 4, t + s->words[k - 1].s, s->words[k - 1].e - s->words[k - 1].s);
}

/* A part words[a, b) and the number right after it (Grace 1, Adrian Darya
 * 1): a vessel's name as listed (GRACE 1, ADRIAN DARYA 1), after a word
 * that says a ship's name comes (ship_cue). Sets *done when it reported. */
embargo_status emb__scan_vessel_number(scan_ctx *c, size_t a, size_t b, int *done) {
    embargo_scanner *s = c->s;
    const char *t = (const char *)s->text.data;
    if (b >= s->nwords || s->words[b].brk || s->words[b].said || s->words[b].e - s->words[b].s > 4 ||
        s->words[b].line != s->words[b - 1].line)
        return EMBARGO_OK;
    for (size_t i = s->words[b].s; i < s->words[b].e; i++)
        if (t[i] < '0' || t[i] > '9') return EMBARGO_OK;
    if (!ship_cue(s, a)) return EMBARGO_OK;
    size_t halves;
    if (emb__scan_span_query(s, a, b + 1, &halves) < 2 || s->query.oom)
        return s->query.oom ? EMBARGO_ENOMEM : EMBARGO_OK;
    const span_match *mm;
    size_t n;
    embargo_status st = emb__scan_screen_cached(s, s->opts.threshold, &mm, &n);
    if (st || n == 0) return st;
    if ((mm[0].entity.type != EMBARGO_TYPE_VESSEL && mm[0].entity.type != EMBARGO_TYPE_AIRCRAFT) ||
        mm[0].score < s->opts.threshold ||
        !written_as_listed(t + s->words[a].s, s->words[b].e - s->words[a].s, mm[0].matched_name,
                           mm[0].matched_name_len))
        return EMBARGO_OK;
    *done = 1;
    st = emb__scan_emit(c, &mm[0], s->words[a].s, s->words[b].e, "name");
    if (st) return st;
    hit_rec *h = emb__scan_find_hit(s, mm[0].entity.index);
    if (h && emb__scan_set_full(s, h)) return EMBARGO_ENOMEM;
    return EMBARGO_OK;
}
