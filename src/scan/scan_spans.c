/*
 * scan_spans.c - one window of a scan: its name-like runs and the spans of
 * them that are screened (src/scan, see scan.c).
 *
 * A run is cut into the parts whose words the index knows; each part is
 * screened, with the rules for a one-word organisation or vessel, a place
 * alone, a legal form, a sentence's opening word and lines of one case.
 * After the runs come the short names journalists use for listed
 * organisations (news_aliases.inc) and the names written in lower case
 * after a country's name or possessive. They stay in the file of the
 * window they serve: called once a window, the compiler inlines them into
 * it (in a file of their own the scan costs ~0.5% more instructions).
 */
#include "scan_int.h"

/* Whether the entity has an address or country field holding the word
 * (case-insensitive, as a whole word): "Dubai" is where DUBAI TRADING
 * COMPANY is, and a lone "Dubai" in a text names the place. */
static int word_in_address(const embargo_index *ix, const embargo_entity *e, const char *w, size_t n) {
    for (uint32_t k = 0; k < e->field_count; k++) {
        embargo_field f;
        if (embargo_entity_field(ix, e, k, &f)) continue;
        if (f.kind != EMBARGO_FIELD_ADDRESS && f.kind != EMBARGO_FIELD_COUNTRY &&
            f.kind != EMBARGO_FIELD_BIRTH_PLACE)
            continue;
        int letter = ((w[0] | 32) >= 'a' && (w[0] | 32) <= 'z');
        int c0 = letter ? (w[0] | 32) : (unsigned char)w[0], c1 = letter ? (w[0] & ~32) : c0;
        const char *hit = f.text;
        for (size_t j = 0; j + n <= f.len; j = (size_t)(hit - f.text) + 1) {
            /* to the next byte that may begin the word (memchr: the
             * place test reads every address of the lists) */
            const char *lo = memchr(f.text + j, c0, f.len - n + 1 - j);
            const char *up = memchr(f.text + j, c1, f.len - n + 1 - j);
            hit = !lo ? up : !up ? lo : lo < up ? lo : up;
            if (!hit) break;
            j = (size_t)(hit - f.text);
            if (j > 0 && ((f.text[j - 1] | 32) >= 'a' && (f.text[j - 1] | 32) <= 'z')) continue;
            if (j + n < f.len && ((f.text[j + n] | 32) >= 'a' && (f.text[j + n] | 32) <= 'z')) continue;
            if (!strncasecmp(f.text + j, w, n)) return 1;
        }
    }
    return 0;
}

/* Whether a listed name has a generic organisation word (TRADING, GROUP). */
static int generic_besides(const embargo_index *ix, const embargo_entity *e, uint32_t name_index) {
    const emb_ix_name *n = &ix->names[ix->entities[e->index].first_name + name_index];
    for (uint32_t i = 0; i < n->token_count; i++)
        if (ix->tokens[n->first_token + i].flags & EMB_TOK_GENERIC) return 1;
    return 0;
}

/* Whether one name word words[a] = text [ws, we) names the organisation
 * (or, after "tanker", the vessel) of its best match m0: a listed name of
 * that one word (generic words and legal forms aside: STATE CORPORATION
 * ROSTEC is Rostec's), matched strongly (0.85), or as the very word at the
 * threshold; five letters or more, or an acronym in capitals that is a
 * listed name exactly (IRGC, NIOC); not just any capitalised word at the
 * start of a sentence (It, Olympia) unless it is the name exactly; no
 * ordinary word or name people are called; not the place the entity is at
 * (Dubai). */
/* Whether a word is the name of a month or of a day of the week. */
static int calendar_word(const char *w, size_t n) {
    static const char *const CALENDAR[] = {"january", "february", "march", "april", "may", "june", "july",
                                           "august", "september", "october", "november", "december",
                                           "monday", "tuesday", "wednesday", "thursday", "friday",
                                           "saturday", "sunday"};
    return emb__scan_in_list(CALENDAR, sizeof(CALENDAR) / sizeof(CALENDAR[0]), w, n);
}

/* Whether one of a word's matches mm[0, n) is a weak alias of some entity
 * that is that word alone (ZENIT of ZENIT 3D; SINA of the vessel SONIA I):
 * OFAC says the word is too broad to tell an entity, so it tells none of
 * the others either whose listed name it matches only by leaving words
 * out (BANK ZENIT OAO, SINA BANK), whichever of them ranks first. */
static int weak_word(const embargo_index *ix, const span_match *mm, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (ix->names[ix->entities[mm[i].entity.index].first_name + mm[i].name_index].weak && mm[i].same_word &&
            emb__scan_name_tokens(ix, &mm[i].entity, mm[i].name_index) == 1)
            return 1;
    return 0;
}

static int single_word_org(embargo_scanner *s, const span_match *m0, size_t a, size_t ws, size_t we,
                           size_t halves) {
    const char *t = (const char *)s->text.data;
    const word *w = &s->words[a];
    int acronym = w->shape == SHAPE_UPPER && we - ws >= 3 && we - ws <= 4 && halves == 1 &&
                  m0->score >= 1.0;
    double need = m0->same_word ? s->opts.threshold : SINGLE_WORD_SCORE;
    if (m0->score < need || m0->score < s->opts.threshold) return 0;
    /* a word of the listed name of an organisation named in full before
     * (State Corporation Rostec ... Rostec has) */
    const hit_rec *named = emb__scan_find_hit(s, m0->entity.index);
    int after = named && named->full && m0->same_word && m0->entity.type == EMBARGO_TYPE_ORGANIZATION;
    /* a weak alias (OFAC's word for one too broad to tell the entity: ZENIT
     * of ZENIT 3D, a football club's name too) alone names nobody */
    if (!after && s->ix->names[s->ix->entities[m0->entity.index].first_name + m0->name_index].weak) return 0;
    /* nor a word of a listed name that a letter goes with (Crypto for
     * B-CRYPTO) */
    if (!after && m0->letter_left) return 0;
    /* at a sentence's start the word must be the name, or such a word */
    /* (an acronym of an organisation named before: Belarus's KGB ... the KGB) */
    int short_after = after && w->shape == SHAPE_UPPER && we - ws >= 3 && halves == 1;
    if ((we - ws < 5 && !acronym && !short_after) || (w->sentence && m0->score < NEWS_LISTED_SCORE && !after))
        return 0;
    if (m0->entity.type == EMBARGO_TYPE_PERSON || m0->entity.type == EMBARGO_TYPE_UNKNOWN) return 0;
    /* (after a word such as "tanker" the word is the ship's name, whatever
     * else people call by it: the tanker Devon) */
    int ship = (m0->entity.type == EMBARGO_TYPE_VESSEL || m0->entity.type == EMBARGO_TYPE_AIRCRAFT) &&
               emb__scan_vessel_word_before(s, a);
    /* a month or a day of the week names no company (in October, not
     * LIMITED LIABILITY COMPANY OCTOBER) */
    if (!ship && calendar_word(t + ws, we - ws)) return 0;
    if (!acronym && !ship && emb__scan_ordinary_word(t + ws, we - ws)) return 0;
    if (acronym && m0->matched_name_len != we - ws) return 0;
    /* (a word in halves, Sollers-Finance, as the listed name's two) */
    if (!after && emb__scan_name_words(s->ix, &m0->entity, m0->name_index) != halves &&
        (halves < 2 || emb__scan_name_tokens(s->ix, &m0->entity, m0->name_index) != halves))
        return 0;
    if ((m0->entity.type == EMBARGO_TYPE_VESSEL || m0->entity.type == EMBARGO_TYPE_AIRCRAFT) &&
        !emb__scan_vessel_word_before(s, a))
        return 0;
    /* the place the entity is at (Dubai); but an acronym that is a listed
     * name exactly names its building too (NITC Building, Tehran) */
    if (!acronym && word_in_address(s->ix, &m0->entity, t + ws, we - ws)) return 0;
    /* a place alone is no company of that place and generic words, nor,
     * after a full mention, of a longer name (Sinaloa of SINALOA CARTEL) */
    if ((after || generic_besides(s->ix, &m0->entity, m0->name_index)) && emb__index_place(s->ix, t + ws, we - ws))
        return 0;
    return 1;
}

/* Whether a listed name has a word of its own: not an ordinary English
 * word, a generic organisation word, a legal form or a country; a name
 * without a legal form counts as its own (an agency, a movement). */
static int distinctive_name(const embargo_index *ix, const embargo_entity *e, uint32_t name_index) {
    const emb_ix_name *n = &ix->names[ix->entities[e->index].first_name + name_index];
    int legal = 0;
    for (uint32_t i = 0; i < n->token_count; i++)
        legal |= (ix->tokens[n->first_token + i].flags & EMB_TOK_LEGAL) != 0;
    if (!legal) return 1; /* listed as written: ISLAMIC REVOLUTIONARY GUARD CORPS */
    for (uint32_t i = 0; i < n->token_count; i++) {
        const emb_ix_token *t = &ix->tokens[n->first_token + i];
        if (!(t->flags & (EMB_TOK_WORD | EMB_TOK_GENERIC | EMB_TOK_LEGAL | EMB_TOK_STOP |
                          EMB_TOK_COUNTRY | EMB_TOK_NUMBER | EMB_TOK_PARTICLE | EMB_TOK_TITLE |
                          EMB_TOK_INITIAL)))
            return 1;
    }
    return 0;
}

/* The length of a possessive 's (or ’s) at text offset `i` of the window,
 * 0 if none there. */
static size_t possessive_at(const embargo_scanner *s, size_t i) {
    const unsigned char *t = s->text.data;
    size_t n = s->text.len, q = 0;
    if (i < n && t[i] == '\'') q = 1;
    else if (i + 2 < n && t[i] == 0xE2 && t[i + 1] == 0x80 && t[i + 2] == 0x99) q = 3;
    if (!q || i + q >= n || (t[i + q] | 32) != 's') return 0;
    if (i + q + 1 < n && (((t[i + q + 1] | 32) >= 'a' && (t[i + q + 1] | 32) <= 'z') || t[i + q + 1] >= 0x80))
        return 0;
    return q + 1;
}

/* Whether words[a] is, within OWNER_WORDS words, after a mention in its
 * sentence of an entity that organisation `org` is listed as linked to
 * (its owner, OFAC's "Linked To"), written with a possessive and only
 * words that say what the company is to it between (owned_word): Deripaska's
 * holding company Basic Element (BASIC ELEMENT LIMITED, linked to
 * DERIPASKA, Oleg Vladimirovich). The owner named elsewhere in the
 * sentence is not enough (Sberbank chief Herman Gref blamed the Business
 * Environment: no JSC BUSINESS ENVIRONMENT, linked to SBERBANK), nor
 * elsewhere in the document (NITC in one paragraph, and Pacific Ocean
 * Shipping, two Singapore brokers, in another, is no PACIFIC OCEAN
 * SHIPPING LIMITED, linked to NITC). */
#define OWNER_WORDS 3
/* Whether words[k] is one that may stand between an owner's possessive
 * and its company (Deripaska's holding company Basic Element, Rosneft's
 * new unit): a word that says what the company is to its owner. Any other
 * makes the company another word's (Sberbank's CEO blamed the Business
 * Environment; Sberbank's chief praised Digital Technologies). */
static int owned_word(const embargo_scanner *s, size_t k) {
    static const char *const words[] = {"holding", "company", "subsidiary", "unit", "arm", "firm",
                                        "group",   "new",     "former",     "parent", "its"};
    const word *w = &s->words[k];
    char low[16];
    size_t ll = emb__scan_lower_ascii((const char *)s->text.data + w->s, w->e - w->s, low, sizeof(low));
    for (size_t i = 0; ll && i < sizeof(words) / sizeof(words[0]); i++)
        if (strlen(words[i]) == ll && memcmp(words[i], low, ll) == 0) return 1;
    return 0;
}

static int owner_before(scan_ctx *c, size_t a, uint32_t org) {
    embargo_scanner *s = c->s;
    size_t k = a;
    while (k > 0 && !s->words[k].sentence) k--;
    if (k == a) return 0;
    uint64_t from = emb__scan_doc_offset(c, s->words[k].s), to = emb__scan_doc_offset(c, s->words[a].s);
    for (size_t i = 0; i < s->nfound; i++) {
        const found_rec *f = &s->found[i];
        if (f->m.start < from || f->m.start >= to ||
            !emb__scan_linked_to(s->ix, org, s->hits[f->hit].hit.entity.index))
            continue;
        /* the owner's last word, a possessive right after it, and the
         * company within OWNER_WORDS words of it */
        for (size_t j = k; j < a; j++) {
            if (emb__scan_doc_offset(c, s->words[j].e) != f->m.end) continue;
            size_t q = possessive_at(s, s->words[j].e);
            if (!q) break;
            size_t next = j + 1;
            if (next < a && s->words[next].s < s->words[j].e + q) next++; /* the s of 's, a word */
            if (a - next > OWNER_WORDS) break;
            while (next < a && owned_word(s, next)) next++;
            if (next == a) return 1;
            break;
        }
    }
    return 0;
}

static int legal_word(embargo_scanner *s, size_t i);

static int span_has_legal(embargo_scanner *s, size_t a, size_t b) {
    for (size_t i = a; i < b; i++)
        if (legal_word(s, i)) return 1;
    return 0;
}

/* Whether words[k] is a title, or a capitalised ordinary English word
 * that (nearly) no one is called (Supreme, Leader, Council: Wikidata
 * person names hold them under OFFICE_DF times; not Sung, Mark, Young). */
static int office_word(const embargo_scanner *s, size_t k) {
    const word *w = &s->words[k];
    if (w->title) return 1;
    if (w->shape != SHAPE_TITLE || w->skip) return 0;
    char low[48];
    size_t ll = emb__scan_lower_ascii((const char *)s->text.data + w->s, w->e - w->s, low, sizeof(low));
    if (ll < 3) return 0;
    emb_name_stat st;
    emb__scan_name_stats(s, low, ll, &st);
    return st.word && st.person_df < OFFICE_DF;
}

/* Whether words [a, b) are all the name the run [i, r) writes: no other
 * capitalised name word stands beside them (a title, particle, initial or
 * quoted nickname may, and so may a word opening the sentence that is no
 * word people are called: Later, Then).
 * "Silla" of "Virginie Silla" is not a surname
 * alone, and "Carlos" of "Carlos Valderrama" no later mention of a Carlos
 * named before, though the index knows neither Virginie nor Valderrama. */
static int span_alone(const embargo_scanner *s, size_t i, size_t r, size_t a, size_t b) {
    /* an office written in capitalised English words right before the name
     * is a title too (Supreme Leader Khamenei, Security Council Secretary) */
    size_t o = a;
    while (o > i && office_word(s, o - 1)) o--;
    /* in a headline, English words cut the run (Putin | Moves | Patrushev) */
    if (s->words[a].head) {
        size_t lo = o;
        while (lo > i && !s->words[lo - 1].hword) lo--;
        i = lo;
        size_t e = b;
        while (e < r && !s->words[e].hword) e++;
        r = e;
    }
    for (size_t k = i; k < r; k++) {
        const word *w = &s->words[k];
        if (k >= o && k < b) continue;
        if (!w->cap || w->title || w->particle || w->initial || w->skip || w->function || w->plain)
            continue;
        if (w->sentence) { /* Later Mr. Kosachyov said; but Virginie Silla */
            char low[48];
            size_t ll = emb__scan_lower_ascii((const char *)s->text.data + w->s, w->e - w->s, low, sizeof(low));
            if (ll && !emb__scan_personal_word(low, ll)) continue;
        }
        return 0;
    }
    return 1;
}

/* Puts words [a, b) into s->query as one name (a nickname in quotes left
 * out); returns how many name words they hold, *halves counting a word in
 * halves (Wolde-Yohannes) twice. */
size_t emb__scan_span_query(embargo_scanner *s, size_t a, size_t b, size_t *halves_out) {
    const char *t = (const char *)s->text.data;
    size_t names = 0, halves = 0;
    int named = 0; /* the word before, or its other half, was a name word */
    s->query.len = 0;
    for (size_t i = a; i < b; i++) {
        const word *w = &s->words[i];
        if (w->skip) continue; /* a nickname in quotes */
        /* a word written in halves (Wolde-Yohannes) is one name word */
        int name = !w->title && !w->particle && !w->initial && !w->stop && w->legal != 2;
        if (name && !(w->joined && i > a && named)) names++;
        halves += (size_t)name;
        named = name || (w->joined && i > a && named);
        if (i > a && !w->joined) emb__buf_putc(&s->query, ' ');
        emb__buf_append(&s->query, t + w->s, w->e - w->s);
    }
    *halves_out = halves;
    return names;
}

/* "The" and a capitalised word that is the last word of a listed name of
 * an organisation the document has named in full (the Guards, after the
 * Revolutionary Guards): that organisation, as journalists shorten it. The
 * word has five letters or more and does not open a sentence; screening
 * the word alone finds nothing (generic words name no one), so the hits
 * are asked. Sets *done when it reported. */
static embargo_status org_head_after(scan_ctx *c, size_t a, size_t ws, size_t we, int *done) {
    embargo_scanner *s = c->s;
    const embargo_index *ix = s->ix;
    const char *t = (const char *)s->text.data;
    const word *w = &s->words[a];
    if (we - ws < 5 || w->sentence || w->shape != SHAPE_TITLE || a == 0 || w->brk) return EMBARGO_OK;
    const word *p = &s->words[a - 1];
    if (p->e - p->s != 3 || memcmp(t + p->s, "the", 3) != 0) return EMBARGO_OK;
    /* the first organisation named in full (in hits order), and the first
     * of its names, that ends in the word (head_add): among those the head
     * table holds under the word's hash */
    uint32_t hash = emb__scan_head_hash(t + ws, we - ws), best = UINT32_MAX;
    span_match m;
    for (uint32_t j = hash & (s->head_cap - 1); s->head_cap && s->head_tab[j].hash; j = (j + 1) & (s->head_cap - 1)) {
        uint32_t v = s->head_tab[j].hit;
        if (s->head_tab[j].hash != hash || v >= best) continue;
        const hit_rec *h = &s->hits[v >> 8];
        const emb_ix_name *n = &ix->names[ix->entities[h->hit.entity.index].first_name + (v & 255)];
        const char *nt = ix->strings + n->text;
        if (n->text_len <= we - ws + 1) continue;
        size_t b = n->text_len - (we - ws);
        if (nt[b - 1] != ' ' || strncasecmp(nt + b, t + ws, we - ws) != 0) continue;
        span_match mk;
        if (emb__scan_make_match(ix, h->hit.entity.index, v & 255, NEWS_ALIAS_SCORE, &mk)) continue;
        best = v;
        m = mk;
    }
    if (best == UINT32_MAX) return EMBARGO_OK;
    *done = 1;
    return emb__scan_emit(c, &m, ws, we, "last word after an earlier full mention");
}

/* The countries of a country written in capitalised words from words[k]
 * on, on the line of words[k] (Jordan, Saudi Arabia, the United Arab
 * Emirates), or NULL. */
const char *emb__scan_country_at(const embargo_scanner *s, size_t k) {
    const char *t = (const char *)s->text.data;
    for (size_t n = 3; n >= 1; n--) {
        if (k + n > s->nwords) continue;
        size_t j = k;
        while (j < k + n && s->words[j].cap && s->words[j].line == s->words[k].line &&
               (j == k || !s->words[j].brk))
            j++;
        if (j < k + n) continue;
        const char *codes = emb__country_codes(t + s->words[k].s, s->words[k + n - 1].e - s->words[k].s);
        if (codes) return codes;
    }
    return NULL;
}

/* The country the words around words [a, b) give an organisation's name:
 * "of" or "in" (and "the") and a country after it (the Central Bank of
 * Jordan, the Islamic Resistance in Iraq), or
 * a country's possessive or adjective right before it (Jordan's Central
 * Bank, the Jordanian Central Bank); NULL if none. */
const char *emb__scan_org_country_around(const embargo_scanner *s, size_t a, size_t b) {
    const char *t = (const char *)s->text.data;
    if (b + 1 < s->nwords && !s->words[b].brk && s->words[b].e - s->words[b].s == 2 &&
        (!memcmp(t + s->words[b].s, "of", 2) || !memcmp(t + s->words[b].s, "in", 2))) {
        size_t k = b + 1;
        if (k + 1 < s->nwords && s->words[k].e - s->words[k].s == 3 && !memcmp(t + s->words[k].s, "the", 3))
            k++;
        if (!s->words[k].brk) {
            const char *c = emb__scan_country_at(s, k);
            if (c) return c;
        }
    }
    if (a >= 1 && !s->words[a].brk) {
        size_t k = a - 1;
        if (emb__scan_possessive_s(s, k) && k >= 1) k--;
        else if (!s->words[k].cap) return NULL;
        return emb__country_codes(t + s->words[k].s, s->words[k].e - s->words[k].s);
    }
    return NULL;
}

/* Words [a, b) of two or more name words are no listed name: if they are a
 * person's as a text writes one (a given name, not an office, before a
 * capitalised last word: Daniil Medvedev), that last word is the surname
 * of someone not listed, and no surname alone later in the document. */
static embargo_status note_other(embargo_scanner *s, size_t a, size_t b) {
    const word *last = &s->words[b - 1];
    /* (in a headline, a word that is no name is no surname either: Heads
     * of "Lavrov Heads To Ankara") */
    if (last->shape != SHAPE_TITLE || last->joined || last->skip || (last->head && last->hword)) return EMBARGO_OK;
    int given = 0;
    size_t gk = a;
    for (size_t k = a; k + 1 < b && !given; k++)
        if ((given = !s->words[k].skip && !s->words[k].particle && !s->words[k].initial &&
                     !(s->words[k].head && s->words[k].hword) && !office_word(s, k)))
            gk = k;
    if (!given) return EMBARGO_OK;
    char key[KEY_CAP];
    int other;
    size_t kl = emb__scan_word_key_of(s, (const char *)s->text.data + last->s, last->e - last->s, key, &other);
    if (kl == (size_t)-1) return EMBARGO_ENOMEM;
    if (kl) {
        emb__scan_bloom_add(s->other_bloom, key, kl);
        emb__scan_note_other_last(s, key, kl, gk);
    }
    return EMBARGO_OK;
}

/* Whether every name word of words [a, b) (not a title, particle, initial
 * or quoted nickname) is a name held by `df` Wikidata person names or more:
 * COMMON_NAME_DF, a name many people have (Ali, Hussein, Castro; not
 * Khamenei, Guzman); SPELT_NAME_DF, a name people have as written. */
static int common_names(const embargo_scanner *s, size_t a, size_t b, unsigned df) {
    int any = 0;
    for (size_t k = a; k < b; k++) {
        const word *w = &s->words[k];
        if (w->title || w->particle || w->initial || w->skip || (w->joined && k > a)) continue;
        char low[48];
        size_t ll = emb__scan_lower_ascii((const char *)s->text.data + w->s, w->e - w->s, low, sizeof(low));
        if (!ll || (k + 1 < b && s->words[k + 1].joined)) return 0; /* not ASCII; a word in halves */
        emb_name_stat st;
        emb__scan_name_stats(s, low, ll, &st);
        if (st.person_df < df) return 0;
        any = 1;
    }
    return any;
}

/* Whether words[a - 1] is a word in lower case that says a company's name
 * comes: a generic organisation word of the lexicon (group, company) or a
 * word for a maker (carmaker, firm). */
static int company_word_before(embargo_scanner *s, size_t a) {
    static const char *const MAKER[] = {"maker", "carmaker", "automaker", "firm", "brand", "manufacturer",
                                        "contractor", "conglomerate", "giant", "producer", "exporter"};
    const word *w = &s->words[a - 1];
    if (w->shape != SHAPE_LOWER) return 0;
    const char *t = (const char *)s->text.data + w->s;
    size_t n = w->e - w->s;
    if (emb__scan_in_list(MAKER, sizeof(MAKER) / sizeof(MAKER[0]), t, n)) return 1;
    return n <= 12 && (emb__scan_word_flags(s, t, n) & EMB_LEX_ORGWORD) != 0;
}

/* Whether words[k] is the article "a" or "an" in lower case. */
static int article_word(const embargo_scanner *s, size_t k) {
    const char *t = (const char *)s->text.data + s->words[k].s;
    size_t n = s->words[k].e - s->words[k].s;
    return (n == 1 && t[0] == 'a') || (n == 2 && t[0] == 'a' && t[1] == 'n');
}

/* Screens words [a, b) as one name. `alone`: they are the whole name
 * written there (span_alone); a single name word is taken for a surname
 * (of a person named before, or alone) only then. `tail`: a capitalised
 * name word that the index does not know follows them in their run (see
 * name_tail). */
/* Whether every word of [a, b) is a word of a region or a place: a
 * continent, a point of the compass, a sea (REGION_WORDS), a country or
 * its adjective, or a city of the lists' addresses (East Asia, North
 * Africa, Gulf, Baltic Sea). */
static int place_words(embargo_scanner *s, size_t a, size_t b) {
    static const char *const REGION_WORDS[] = {
        "asia", "east", "gulf", "west", "north", "south", "arctic", "baltic", "europe", "middle",
        "africa", "america", "caspian", "central", "eastern", "pacific", "western", "americas", "atlantic",
        "northern", "southern", "caribbean", "mediterranean"};
    const char *t = (const char *)s->text.data;
    for (size_t k = a; k < b; k++) {
        const char *w = t + s->words[k].s;
        size_t n = s->words[k].e - s->words[k].s;
        if (!emb__scan_in_list(REGION_WORDS, sizeof(REGION_WORDS) / sizeof(REGION_WORDS[0]), w, n) &&
            !emb__country_codes(w, n) && !emb__index_place(s->ix, w, n))
            return 0;
    }
    return 1;
}

static embargo_status screen_span(scan_ctx *c, size_t a, size_t b, int alone, int tail) {
    embargo_scanner *s = c->s;
    size_t halves;
    size_t names = emb__scan_span_query(s, a, b, &halves);
    if (s->query.oom) return EMBARGO_ENOMEM;
    if (names == 0 || s->query.len > EMBARGO_MAX_QUERY_BYTES) return EMBARGO_OK;
    double threshold = names >= 2 ? s->opts.threshold : FOLLOWUP_THRESHOLD;
    if (threshold > s->opts.threshold) threshold = s->opts.threshold;
    const span_match *mm;
    size_t n;
    embargo_status st = emb__scan_screen_cached(s, threshold, &mm, &n);
    if (st) return st;
    size_t ws = s->words[a].s, we = s->words[b - 1].e, a0 = a;
    /* a title in front is not part of the name as written */
    while (a < b && s->words[a].title) ws = s->words[++a].s;
    if (names >= 2) {
        if (n == 0 || mm[0].score < s->opts.threshold || mm[0].missing) return note_other(s, a, b);
        /* a person named less their first given name, or half of it
         * (Reza Kazemi is no KAZEMI, Mohammad Reza) */
        if (mm[0].other_given) return note_other(s, a, b);
        /* ...or less the first of two surnames, short of exactly (Ismael
         * Garcia is no ZAMBADA GARCIA, Ismael) */
        if (mm[0].first_sur_left) return note_other(s, a, b);
        /* a person's name of common names that leaves out a given name or
         * surname of the listed one (Ali Hussein for HUSSEIN, Ali Ahmed;
         * Raul Castro for CASTRO RODRIGUEZ, Raul): many people are so
         * called, and the listed one is called more; Ali Khamenei, of a
         * rare surname, is the listed one */
        if (mm[0].entity.type == EMBARGO_TYPE_PERSON && mm[0].score < NATIONALITY_EXACT && mm[0].word_left &&
            common_names(s, a, b, COMMON_NAME_DF))
            return note_other(s, a, b);
        /* ...or whose surname is the listed one only by its sound (Mustafa
         * Kamal for KAMEL, Mustafa; David Abraham for IBRAHIM, Dawood): a
         * name people have, as written, is more often someone else's than
         * another spelling of the listed one's (a given name's spelling is
         * not: Ahmed Jibril is JIBRIL, Ahmad) */
        if (mm[0].entity.type == EMBARGO_TYPE_PERSON && mm[0].score < NATIONALITY_EXACT && mm[0].sounded &&
            common_names(s, a, b, SPELT_NAME_DF))
            return note_other(s, a, b);
        /* a person's name with a word that is another listed word only by
         * edit distance, short of exactly: texts write names as the lists
         * romanise them or as their common forms, which romanisation keys
         * and sound skeletons pair; an edit is another name (Kim Jong Nam
         * is no KIM, Kyong Nam) */
        if (mm[0].entity.type == EMBARGO_TYPE_PERSON && mm[0].edited && mm[0].score < NATIONALITY_EXACT)
            return note_other(s, a, b);
        /* ...so is a listed surname written first before a sound-alike of
         * a listed given name (Saeed Mohammadi is no SAEED, Muhammad) */
        if (mm[0].turned && mm[0].score < NATIONALITY_EXACT) return note_other(s, a, b);
        /* a person's name that goes on with a surname no list has is
         * someone else's (Mohammad Bagher Ghalibaf is no BAGHERI, Mohammad) */
        if (tail && mm[0].entity.type == EMBARGO_TYPE_PERSON) return EMBARGO_OK;
        /* an organisation matched without its country, of another country
         * by the words around it (the Central Bank of Jordan) */
        if (mm[0].left_country) {
            const char *country = emb__scan_org_country_around(s, a, b);
            if (country && !emb__country_overlap(country, mm[0].left_country)) return EMBARGO_OK;
        }
        /* a vessel of fewer words than the span is a one-word vessel name
         * next to another name (Daniel Tan is no tanker DANIEL) */
        if ((mm[0].entity.type == EMBARGO_TYPE_VESSEL || mm[0].entity.type == EMBARGO_TYPE_AIRCRAFT) &&
            emb__scan_name_words(s->ix, &mm[0].entity, mm[0].name_index) < names)
            return EMBARGO_OK;
        /* a person whom the text gives another nationality than the list,
         * matched short of exactly (U.S. special envoy Sung Kim is no KIM
         * Song of North Korea) */
        if (mm[0].entity.type == EMBARGO_TYPE_PERSON && mm[0].score < NATIONALITY_EXACT) {
            const char *country = emb__scan_nationality_before(s, s->words[a0].s);
            if (country && emb__scan_other_nationality(s->ix, &mm[0].entity, country)) return note_other(s, a, b);
        }
        /* a company named with ordinary words alone (PACIFIC OCEAN SHIPPING
         * LIMITED) is that company only when written with its legal form:
         * "Pacific Ocean Shipping" in running text is any such firm; or
         * after its owner, whom the list links it to, in one sentence
         * (owner_before) */
        if (mm[0].entity.type == EMBARGO_TYPE_ORGANIZATION && !span_has_legal(s, a, b) &&
            !distinctive_name(s->ix, &mm[0].entity, mm[0].name_index) && !owner_before(c, a, mm[0].entity.index))
            return EMBARGO_OK;
        /* ...nor is a region or a place, written with ordinary words, an
         * organisation whose listed name goes on with a word it leaves out
         * (in East Asia: no EAST ASIA TRADING) */
        if (mm[0].entity.type == EMBARGO_TYPE_ORGANIZATION && mm[0].org_left && !span_has_legal(s, a, b) &&
            place_words(s, a, b))
            return EMBARGO_OK;
        st = emb__scan_emit(c, &mm[0], ws, we, "name");
        if (st) return st;
        hit_rec *h = emb__scan_find_hit(s, mm[0].entity.index);
        if (h) {
            if (emb__scan_set_full(s, h)) return EMBARGO_ENOMEM;
            emb__scan_note_evidence(s, h, ws, we);
        }
        return EMBARGO_OK;
    }
    /* One name word: a person named in full earlier in the document, whose
     * name has this very word (or its romanisation: Kosachyov, KOSACHEV)...
     * but not after "a" or "an": a person is not "a Houthi" (a Houthi
     * financier, after Abdul Malik al-Houthi), a family's or a group's
     * member is */
    if (a > 0 && !s->words[a].brk && article_word(s, a - 1)) alone = 0;
    /* ...nor after a word that says a company comes (the Swedish defence
     * group Saab, after Alex Saab) */
    if (a > 0 && !s->words[a].brk && company_word_before(s, a)) alone = 0;
    char g = alone ? emb__scan_honorific_gender(s, a) : 0;
    for (size_t i = 0; i < n && alone; i++) {
        hit_rec *h = emb__scan_find_hit(s, mm[i].entity.index);
        if (!h || !h->full || mm[i].entity.type != EMBARGO_TYPE_PERSON || !mm[i].same_word) continue;
        if (emb__scan_other_gender(s->ix, h, g)) continue;
        if (emb__scan_namesake_since(s, a, h) || emb__scan_namesake_after(s, a, h)) return EMBARGO_OK;
        return emb__scan_emit(c, &mm[i], ws, we, "surname after an earlier full mention");
    }
    if (halves == 1 && alone) {
        int done = 0;
        st = emb__scan_followup_by_key(c, a, ws, we, &done);
        if (st || done) return st;
    }
    /* ...or an organisation named in full before, if the word is one of
     * its name's, ranked first or not (the KGB after Belarus's KGB, where
     * KGB ALPHA ranks first) */
    size_t o = 0;
    /* (a weak alias ranked first, ZENIT of ZENIT 3D, ranks nothing: Zenit
     * after Bank Zenit is the bank) */
    int weak0 = n > 0 && weak_word(s->ix, mm, 1);
    for (size_t i = 1; i < n; i++) {
        const hit_rec *h = emb__scan_find_hit(s, mm[i].entity.index);
        if (h && h->full && mm[i].entity.type == EMBARGO_TYPE_ORGANIZATION && mm[i].same_word &&
            (mm[i].score >= mm[0].score || weak0)) {
            o = i;
            break;
        }
    }
    /* a weak alias's word names no other organisation it matches short of
     * its listed name, unless that one was named in full before */
    int weak_other = 0;
    if (n > 0 && weak_word(s->ix, mm, n) && emb__scan_name_tokens(s->ix, &mm[o].entity, mm[o].name_index) > halves) {
        const hit_rec *ho = emb__scan_find_hit(s, mm[o].entity.index);
        weak_other = !(ho && ho->full);
    }
    if (n > 0 && !weak_other && single_word_org(s, &mm[o], a, ws, we, halves)) {
        st = emb__scan_emit(c, &mm[o], ws, we, "single-word name");
        if (st) return st;
        hit_rec *h = emb__scan_find_hit(s, mm[o].entity.index);
        if (h && emb__scan_set_full(s, h)) return EMBARGO_ENOMEM;
        return EMBARGO_OK;
    }
    if (halves != 1 || !alone) return EMBARGO_OK;
    int done = 0;
    st = org_head_after(c, a, ws, we, &done);
    if (st || done) return st;
    st = emb__scan_surname_alone(c, a, ws, we, &done);
    if (st || done) return st;
    return emb__scan_surname_later(s, a);
}

/* Whether words [a, b) of the run [start, end) of a line of one case may be
 * a name: not half a word, not starting with a plain English word, a word
 * that can carry a name (an anchor), no title, particle or initial at the
 * end, and no word people are called left out next to it. */
static int caseless_span(const embargo_scanner *s, size_t start, size_t a, size_t b, size_t end) {
    const word *last = &s->words[b - 1];
    if (s->words[a].joined || (b < end && s->words[b].joined)) return 0; /* half a word */
    if ((a > start && s->words[a - 1].personal) || (b < end && s->words[b].personal)) return 0;
    if (s->words[a].plain) return 0;
    if (b - a > 1 && !last->joined && (last->title || last->particle || last->initial)) return 0;
    if (b - a == 1 && !last->anchor) return 0;
    for (size_t k = a; k < b; k++)
        if (s->words[k].anchor) return 1;
    return 0;
}

/* Words [a, b) of a line of one case, all of them known words, titles,
 * particles, initials or halves: the longest span from each word on that
 * screening finds a name, left to right. */
static embargo_status scan_caseless_run(scan_ctx *c, size_t a, size_t b) {
    embargo_scanner *s = c->s;
    size_t pos = a;
    while (pos < b && !c->stop) {
        if (!(s->words[pos].known || s->words[pos].title)) { pos++; continue; }
        size_t longest = b - pos < SUBSPAN_MAX ? b - pos : SUBSPAN_MAX, len;
        for (len = longest; len > 0; len--) {
            if (!caseless_span(s, a, pos, pos + len, b)) continue;
            unsigned long before = c->emitted;
            embargo_status st = screen_span(c, pos, pos + len, 1, 0);
            if (st) return st;
            if (c->emitted > before) break;
        }
        pos += len ? len : 1;
    }
    return EMBARGO_OK;
}

/* Words [i, end) are in lines of one case: capitals say nothing there.
 * Runs of words the index knows (with titles, particles and initials
 * between; not function words) are screened, span by span. */
static embargo_status scan_caseless(scan_ctx *c, size_t i, size_t end) {
    embargo_scanner *s = c->s;
    while (i < end && !c->stop) {
        const word *w = &s->words[i];
        if (!((w->known && !w->function) || w->title)) { i++; continue; }
        size_t r = i + 1;
        while (r < end) {
            const word *x = &s->words[r];
            if ((x->brk && !x->soft) || x->function ||
                !(x->known || x->title || x->particle || x->initial || x->joined))
                break;
            r++;
        }
        embargo_status st = scan_caseless_run(c, i, r);
        if (st) return st;
        i = r;
    }
    return EMBARGO_OK;
}

/* Whether words[i] is a company legal form or its word (Corporation,
 * LLC): inside a name it does not cut it. Looked up once, when asked. */
static int legal_word(embargo_scanner *s, size_t i) {
    word *w = &s->words[i];
    if (!w->legal) {
        char low[16];
        size_t ll = emb__scan_lower_ascii((const char *)s->text.data + w->s, w->e - w->s, low, sizeof(low));
        uint16_t cls;
        const char *form;
        emb_strref ref = {low, ll};
        w->legal = ll && w->cap && emb__lexicon_legal(&ref, 1, &cls, &form) == 1 ? 2 : 1;
    }
    return w->legal == 2;
}

/* Whether words[a] opens its sentence and is an ordinary English word, not
 * one people are called (Today, Yesterday, Meanwhile; not Said or Mark). */
/* Whether words[a] is the article A or An opening a sentence of a line
 * with capitals, no initial (that has its full stop: A. Chechen): no part
 * of the name after it (A Chechen blogger is no THE CHECHEN, Abu Jihad,
 * whose Abu the A would be the initial of). */
static int opening_article(const embargo_scanner *s, size_t a) {
    const word *w = &s->words[a];
    if (!w->sentence || w->initial || w->oc != CASE_MIXED) return 0;
    const char *t = (const char *)s->text.data + w->s;
    size_t n = w->e - w->s;
    return (n == 1 && t[0] == 'A') || (n == 2 && t[0] == 'A' && t[1] == 'n');
}

static int opening_word(const embargo_scanner *s, size_t a) {
    const word *w = &s->words[a];
    if (!w->sentence || w->shape != SHAPE_TITLE || w->title) return 0;
    char low[48];
    size_t ll = emb__scan_lower_ascii((const char *)s->text.data + w->s, w->e - w->s, low, sizeof(low));
    return emb__scan_plain_word(low, ll);
}

static int space_byte(char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r'; }

/* Whether the break before words[r], inside a run that began at words[i],
 * is a mark that does not end the name: the closing bracket of an editorial
 * insertion at the name's start ("(Defence Minister Sergei) Shoigu"), or the
 * quotes of a nickname of one to three capitalised words between a given
 * name and a surname (Joaquin "El Chapo" Guzman), whose words are marked to
 * be skipped. Returns the word the run goes on from, or 0. */
static size_t name_goes_on(embargo_scanner *s, size_t i, size_t r) {
    const char *t = (const char *)s->text.data;
    word *x = &s->words[r];
    const word *p = &s->words[r - 1];
    if (!x->cap || x->oc != CASE_MIXED || p->title) return 0;
    int attached_before = !space_byte(t[x->s - 1]), attached_after = !space_byte(t[p->e]);
    if (x->brkc == BRK_CLOSE && attached_after && !attached_before) {
        const word *o = &s->words[i];
        return o->brkc == BRK_OPEN && o->s > 0 && !space_byte(t[o->s - 1]) ? r : 0;
    }
    if (x->brkc != BRK_QUOTE || !attached_before || attached_after || !p->cap) return 0;
    for (size_t y = r + 1; y < s->nwords && y <= r + 3; y++) {
        const word *q = &s->words[y];
        if (!q->brk) {
            if (!q->cap || q->joined) return 0;
            continue;
        }
        if (q->brkc != BRK_QUOTE || space_byte(t[s->words[y - 1].e]) || !space_byte(t[q->s - 1]) ||
            !q->cap || q->oc != CASE_MIXED || q->title)
            return 0;
        for (size_t k = r; k < y; k++) s->words[k].skip = 1;
        return y;
    }
    return 0;
}

/* Whether w[0, n) is one of the space-separated lower-case words of list
 * (any case). */
static int in_word_list(const char *list, const char *w, size_t n) {
    for (const char *p = list; *p;) {
        size_t l = strcspn(p, " ");
        if (l == n && strncasecmp(p, w, n) == 0) return 1;
        p += l;
        while (*p == ' ') p++;
    }
    return 0;
}

/* How many words from words[i] on write news alias al, nothing breaking
 * them and no hyphen joining them to the words around (0: they do not). */
static size_t alias_at(const embargo_scanner *s, size_t i, const news_alias *al) {
    const char *t = (const char *)s->text.data;
    const char *p = al->text;
    size_t k = i;
    if (s->words[i].joined) return 0;
    while (*p) {
        if (k >= s->nwords) return 0;
        const word *w = &s->words[k];
        size_t l = strcspn(p, " ");
        if ((k > i && (w->brk || w->joined)) || w->oc != CASE_MIXED || w->said || w->e - w->s != l)
            return 0;
        if (al->how == NEWS_AS_WRITTEN ? memcmp(t + w->s, p, l) != 0 : strncasecmp(t + w->s, p, l) != 0)
            return 0;
        k++;
        p += l;
        while (*p == ' ') p++;
    }
    if (k < s->nwords && s->words[k].joined) return 0;
    return k - i;
}

/* Whether the context of words [i, k) says what news alias al needs: its
 * owner right before it (Iran's defense ministry), and a cue near it
 * (Wagner's mercenaries), unless `named` (the organisation was named in
 * full before). */
static int alias_context(const embargo_scanner *s, size_t i, size_t k, const news_alias *al, int named) {
    const char *t = (const char *)s->text.data;
    /* a given name right before makes the alias a person's surname (Emma
     * Lazarus, Richard Wagner), whatever the text said before */
    if (i > 0 && !s->words[i].brk && s->words[i - 1].shape == SHAPE_TITLE && !s->words[i - 1].title) {
        char low[48];
        size_t ll =
            emb__scan_lower_ascii(t + s->words[i - 1].s, s->words[i - 1].e - s->words[i - 1].s, low, sizeof(low));
        emb_name_stat st;
        if (ll) emb__scan_name_stats(s, low, ll, &st);
        if (ll && st.person_df >= (st.word ? PERSONAL_DF_WORD : PERSONAL_DF)) return 0;
    }
    if (al->owner[0]) {
        if (i == 0 || s->words[i].brk) return 0;
        const word *o = &s->words[i - 1];
        /* the s of a possessive is a word of its own: Iran's */
        if (i >= 2 && o->e - o->s == 1 && (t[o->s] | 32) == 's' && o->brk &&
            (t[o->s - 1] == '\'' || (o->s >= 3 && !memcmp(t + o->s - 3, "\xe2\x80\x99", 3))) &&
            o->s == (o - 1)->e + (t[o->s - 1] == '\'' ? 1 : 3))
            o--;
        if (!in_word_list(al->owner, t + o->s, o->e - o->s)) return 0;
    }
    if (!al->cue[0] || named) return 1;
    size_t from = i > NEWS_CUE_WORDS ? i - NEWS_CUE_WORDS : 0;
    for (size_t j = from; j < s->nwords && j < k + NEWS_CUE_WORDS; j++)
        if ((j < i || j >= k) && in_word_list(al->cue, t + s->words[j].s, s->words[j].e - s->words[j].s))
            return 1;
    return 0;
}

/* Reports the short names journalists use for listed organisations
 * (news_aliases.inc: FSB, Wagner, Iran's defense ministry) that no mention
 * covers yet: the listed name the row gives is screened, and what it
 * names as written is the mention's entity, with a lower score. */
static embargo_status scan_aliases(scan_ctx *c) {
    embargo_scanner *s = c->s;
    if (s->opts.threshold > NEWS_ALIAS_SCORE) return EMBARGO_OK;
    const char *t = (const char *)s->text.data;
    for (size_t i = 0; i < s->nwords && !c->stop; i++) {
        const word *w = &s->words[i];
        size_t n = w->e - w->s;
        char first = (char)(t[w->s] | 32);
        /* a bit test turns away nearly every word */
        if (n >= 64 || !(s->alias_lens[first & 31] >> n & 1) || w->said ||
            w->oc != CASE_MIXED)
            continue;
        for (size_t r = 0; r < NEWS_ALIAS_COUNT; r++) {
            if (s->alias_len[r] != n || s->alias_c[r] != first) continue;
            const news_alias *al = &NEWS_ALIASES[r];
            size_t k = alias_at(s, i, al);
            if (!k) continue;
            s->query.len = 0;
            emb__buf_append(&s->query, al->listed, strlen(al->listed));
            if (s->query.oom) return EMBARGO_ENOMEM;
            const span_match *mm;
            size_t nm;
            embargo_status st = emb__scan_screen_cached(s, NEWS_ALIAS_SCORE, &mm, &nm);
            if (st) return st;
            if (nm == 0 || mm[0].score < NEWS_LISTED_SCORE || mm[0].entity.type != EMBARGO_TYPE_ORGANIZATION)
                continue;
            const hit_rec *h = emb__scan_find_hit(s, mm[0].entity.index);
            if (!alias_context(s, i, i + k, al, h && h->full)) continue;
            span_match m = mm[0];
            m.score = NEWS_ALIAS_SCORE;
            st = emb__scan_emit(c, &m, w->s, s->words[i + k - 1].e, "news alias");
            if (st) return st;
            i += k - 1;
            break;
        }
    }
    return EMBARGO_OK;
}

/* Head words of the state bodies and agencies journalists name in lower
 * case after the country or the name (the Belarusian state security
 * committee, the Tasnim news agency), lower case, by length. */
static const char *const BODY_WORDS[] = {"court", "corps", "guard", "agency", "bureau", "forces", "guards",
                                         "police", "council", "service", "ministry", "committee",
                                         "directorate"};

/* Whether words[k] is one of BODY_WORDS, written in lower case (its
 * length and first letter turn most words away). */
static int body_word(const embargo_scanner *s, size_t k) {
    const char *w = (const char *)s->text.data + s->words[k].s;
    size_t n = s->words[k].e - s->words[k].s;
    /* (the first letters of BODY_WORDS turn most words away) */
    static const uint32_t FIRST = 1u << ('a' & 31) | 1u << ('b' & 31) | 1u << ('c' & 31) | 1u << ('d' & 31) |
                                  1u << ('f' & 31) | 1u << ('g' & 31) | 1u << ('m' & 31) | 1u << ('p' & 31) |
                                  1u << ('s' & 31);
    if (n < 5 || n > 11 || w[0] < 'a' || w[0] > 'z' || !(FIRST >> (w[0] & 31) & 1)) return 0;
    for (size_t i = 0; i < sizeof(BODY_WORDS) / sizeof(BODY_WORDS[0]); i++)
        if (BODY_WORDS[i][0] == w[0] && strlen(BODY_WORDS[i]) == n && memcmp(BODY_WORDS[i], w, n) == 0)
            return 1;
    return 0;
}

#define DESCRIBED_WORDS 3 /* lower-case words after the name or country */

/* Whether words[k] is the s of a possessive (Belarus's), a word of its own. */
int emb__scan_possessive_s(const embargo_scanner *s, size_t k) {
    const char *t = (const char *)s->text.data;
    const word *o = &s->words[k];
    if (k == 0 || o->e - o->s != 1 || (t[o->s] | 32) != 's' || !o->brk) return 0;
    return (t[o->s - 1] == '\'' && o->s == s->words[k - 1].e + 1) ||
           (o->s >= 3 && !memcmp(t + o->s - 3, "\xe2\x80\x99", 3) && o->s == s->words[k - 1].e + 3);
}

/* Reports organisations named as journalists describe them, where the
 * words are a listed name, all of it, but for case or a possessive:
 * a capitalised word and lower-case words ending in the head word of a
 * body (the Belarusian state security committee: BELARUSIAN STATE SECURITY
 * COMMITTEE; the Tasnim news agency), or a country's possessive and an
 * acronym or such words, the country read as its adjective (Belarus's
 * KGB: BELARUSIAN KGB). The words are screened as written and the listed
 * name must be matched exactly (NEWS_LISTED_SCORE), word for word, by an
 * organisation; the mention has the score of a news alias. */
static embargo_status scan_described(scan_ctx *c) {
    embargo_scanner *s = c->s;
    if (s->opts.threshold > NEWS_ALIAS_SCORE) return EMBARGO_OK;
    const char *t = (const char *)s->text.data;
    for (size_t i = 0; i + 1 < s->nwords && !c->stop; i++) {
        const word *w = &s->words[i];
        if (w->oc != CASE_MIXED || w->said || !w->cap || w->shape == SHAPE_LOWER) continue;
        const char *adj = NULL;
        size_t j = i + 1;
        if (emb__scan_possessive_s(s, j)) {
            if (!(adj = emb__scan_demonym_of(s, i))) continue;
            j++;
        }
        if (j >= s->nwords || s->words[j].brk || s->words[j].said || s->words[j].oc != CASE_MIXED) continue;
        size_t k = j;
        if (adj && s->words[j].shape == SHAPE_UPPER && s->words[j].e - s->words[j].s >= 2)
            k = j + 1; /* Belarus's KGB */
        else {
            while (k < s->nwords && k - j < DESCRIBED_WORDS && !s->words[k].brk && !s->words[k].said &&
                   s->words[k].shape == SHAPE_LOWER)
                k++;
            while (k > j && !body_word(s, k - 1)) k--;
            if (k == j) continue;
        }
        if (k < s->nwords && s->words[k].joined) continue;
        /* every word a word of the lists, or the name is not theirs (a
         * word cache lookup each, before a screening) */
        int unknown = !adj && !w->known;
        for (size_t x = j; x < k && !unknown; x++) {
            int kn = emb__scan_known_word(s, t + s->words[x].s, s->words[x].e - s->words[x].s);
            if (kn < 0) return EMBARGO_ENOMEM;
            unknown = !kn;
        }
        if (unknown) continue;
        s->query.len = 0;
        if (adj)
            emb__buf_append(&s->query, adj, strlen(adj));
        else
            emb__buf_append(&s->query, t + w->s, w->e - w->s);
        for (size_t x = j; x < k; x++) {
            emb__buf_putc(&s->query, ' ');
            emb__buf_append(&s->query, t + s->words[x].s, s->words[x].e - s->words[x].s);
        }
        if (s->query.oom) return EMBARGO_ENOMEM;
        const span_match *mm;
        size_t nm;
        embargo_status st = emb__scan_screen_cached(s, NEWS_ALIAS_SCORE, &mm, &nm);
        if (st) return st;
        if (nm == 0 || mm[0].score < NEWS_LISTED_SCORE || mm[0].missing ||
            mm[0].entity.type != EMBARGO_TYPE_ORGANIZATION)
            continue;
        const emb_ix_name *ln = &s->ix->names[s->ix->entities[mm[0].entity.index].first_name + mm[0].name_index];
        if (ln->token_count != 1 + (k - j)) continue; /* the listed name, all of it */
        span_match m = mm[0];
        m.score = NEWS_ALIAS_SCORE;
        st = emb__scan_emit(c, &m, w->s, s->words[k - 1].e, adj ? "country's name" : "lower-case name");
        if (st) return st;
        hit_rec *h = emb__scan_find_hit(s, m.entity.index);
        if (h && emb__scan_set_full(s, h)) return EMBARGO_ENOMEM;
        i = k - 1;
    }
    return EMBARGO_OK;
}

/* Whether the part [a, b) of the run [.., r), cut by a title word at
 * words[b] (General), goes on through it as an organisation's name: the
 * known words after the title, with it, screen as an organisation
 * (Reconnaissance General Bureau). Returns the part's new end, or 0. */
static size_t org_through_title(embargo_scanner *s, size_t a, size_t b, size_t r, embargo_status *st) {
    size_t e = b + 1;
    while (e < r) {
        const word *x = &s->words[e];
        if (x->title || x->skip || !(x->known || x->particle || x->joined || legal_word(s, e))) break;
        e++;
    }
    if (e == b + 1 || !s->words[e - 1].known) return 0;
    size_t halves;
    if (emb__scan_span_query(s, a, e, &halves) < 2 || s->query.len > EMBARGO_MAX_QUERY_BYTES) return 0;
    if (s->query.oom) {
        *st = EMBARGO_ENOMEM;
        return 0;
    }
    const span_match *mm;
    size_t n;
    if ((*st = emb__scan_screen_cached(s, s->opts.threshold, &mm, &n))) return 0;
    return n && mm[0].entity.type == EMBARGO_TYPE_ORGANIZATION && mm[0].score >= s->opts.threshold &&
                   !mm[0].missing
               ? e
               : 0;
}

/* Whether words[b], where a part of the run [.., r) ends, is a capitalised
 * name word that the index does not know (no title, particle, initial or
 * quoted nickname, not after a break): the name written goes on with a
 * word no listed name has, as the surname of someone not listed does
 * (Mohammad Bagher Ghalibaf). */
static int name_tail(const embargo_scanner *s, size_t b, size_t r) {
    if (b >= r) return 0;
    const word *w = &s->words[b];
    return w->shape == SHAPE_TITLE && !w->known && !w->brk && !w->joined && !w->title && !w->particle &&
           !w->initial && !w->skip && !w->stop;
}

/* A run [i, r) that named nobody listed, written as a person's name (a
 * given name, not an office, before the surname), is someone else's: its
 * surname is the latest full name of that surname for a later lone one
 * (Unification Minister Kim Yung-ho ... Mr. Kim is the minister, not Kim
 * Jong Un named before him). A name ending in a lower-case half after a
 * hyphen (Yung-ho, Won-sik) is Korean, the surname written first. */
static embargo_status note_run(embargo_scanner *s, size_t i, size_t r) {
    for (size_t k = i; k < r; k++) {
        const word *w = &s->words[k];
        if (!(w->cap || w->joined || w->particle || w->initial || w->skip)) return EMBARGO_OK;
    }
    const word *last = &s->words[r - 1];
    size_t sur, given;
    if (last->joined && last->shape == SHAPE_LOWER && r >= i + 3 && !s->words[r - 2].joined)
        sur = r - 3, given = r - 2; /* Kim Yung-ho */
    else if (last->shape == SHAPE_TITLE && !last->joined && r >= i + 2)
        sur = r - 1, given = r - 2; /* Dmitry Patrushev */
    else
        return EMBARGO_OK;
    const word *g = &s->words[given], *w = &s->words[sur];
    if (w->shape != SHAPE_TITLE || w->joined || g->shape != SHAPE_TITLE || g->particle) return EMBARGO_OK;
    char key[KEY_CAP];
    int other;
    size_t kl = emb__scan_word_key_of(s, (const char *)s->text.data + w->s, w->e - w->s, key, &other);
    if (kl == (size_t)-1) return EMBARGO_ENOMEM;
    /* only the surname of a person named in full matters (the filter
     * turns nearly every run away before the lexicon is asked) */
    if (kl == 0 ||
        !(emb__scan_sur_bloom_has(s, key, kl) || (s->npending && emb__scan_bloom_has(s->pend_bloom, key, kl))) ||
        office_word(s, given) || office_word(s, sur))
        return EMBARGO_OK;
    emb__scan_note_other_last(s, key, kl, given);
    return EMBARGO_OK;
}

/* Screens the part [a, b) of the run [i, r), which holds a known word, and
 * what a part of it may name when the whole names nobody: without the
 * sentence's opening word, a headline's words, an office before it, or
 * the surname alone after an office. */
static embargo_status screen_part(scan_ctx *c, size_t i, size_t r, size_t a, size_t b) {
    embargo_scanner *s = c->s;
    unsigned long before = c->emitted;
    int tail = name_tail(s, b, r);
    /* a ship's name with a number (formerly the Grace 1, the
     * tanker Adrian Darya 1) */
    embargo_status st;
    if (b == r) {
        int done = 0;
        st = emb__scan_vessel_number(c, a, b, &done);
        if (st || done) return st;
    }
    st = screen_span(c, a, b, span_alone(s, i, r, a, b), tail);
    if (st) return st;
    /* a capitalised ordinary word opening the sentence is no
     * part of the name after it (Today Maria Butina) */
    if (c->emitted == before && b - a >= 3 && opening_word(s, a)) {
        st = screen_span(c, a + 1, b, span_alone(s, i, r, a, b), tail);
        if (st) return st;
    }
    /* nor is a headline's word after it that names nobody
     * (Putin Moves Patrushev Out Of...) */
    size_t hb = b;
    while (s->words[a].head && hb > a + 1 && s->words[hb - 1].hword) hb--;
    if (c->emitted == before && hb < b) {
        st = screen_span(c, a, hb, span_alone(s, i, r, a, hb), 0);
        if (st) return st;
    }
    /* a headline's words that named nobody together may each be
     * a surname the body names in full later (Lavrov Heads To
     * Ankara): kept, unless a full name of someone no list
     * names has that surname (Daniil Medvedev Wins, above) */
    if (c->emitted == before && s->words[a].head && b - a >= 2)
        for (size_t k = a; k < b && !st; k++)
            if (s->words[k].known && !s->words[k].title && !s->words[k].hword)
                st = emb__scan_surname_later(s, k);
    if (st) return st;
    /* nor is an office in capitalised English words before it
     * (Supreme Leader Ali Khamenei; Supreme Leader Khamenei
     * below) */
    size_t o = a;
    while (c->emitted == before && o + 2 < b && office_word(s, o)) o++;
    int names_after = o > a && c->emitted == before; /* no English word after it */
    for (size_t k = o; k < b && names_after; k++) names_after = !office_word(s, k);
    if (names_after) {
        st = screen_span(c, o, b, span_alone(s, i, r, o, b), tail);
        if (st) return st;
    }
    o = a;
    if (c->emitted == before && b - a >= 2 && s->words[b - 1].shape == SHAPE_TITLE &&
        !s->words[b - 1].joined)
        while (o < b - 1 && office_word(s, o)) o++;
    if (o > a && o == b - 1 && span_alone(s, i, r, o, b)) {
        /* the surname after a full mention, or alone (asked
         * directly: no screening for the one word) */
        int done = 0;
        size_t ws = s->words[o].s, we = s->words[o].e;
        st = emb__scan_followup_by_key(c, o, ws, we, &done);
        if (!st && !done) st = emb__scan_surname_alone(c, o, ws, we, &done);
        if (!st && !done) st = emb__scan_surname_later(s, o);
        if (st) return st;
    }
    return EMBARGO_OK;
}

/* Finds the name-like runs of the window and screens their known parts. */
static embargo_status scan_runs(scan_ctx *c) {
    embargo_scanner *s = c->s;
    embargo_status st = emb__scan_split_words(s);
    if (st) return st;
    emb__scan_mark_cases(s);
    st = emb__scan_mark_known(s);
    if (st) return st;
    emb__scan_mark_headlines(s);
    /* described names first, so that the organisation counts as named in
     * full for the runs after it (Belarus's KGB ... the KGB) */
    st = scan_described(c);
    if (st) return st;
    size_t i = 0;
    while (i < s->nwords && !c->stop) {
        const word *w = &s->words[i];
        if (w->said) { i++; continue; }
        if (w->oc != CASE_MIXED) {
            size_t end = i + 1;
            while (end < s->nwords && s->words[end].oc != CASE_MIXED) end++;
            st = scan_caseless(c, i, end);
            if (st) return st;
            i = end;
            continue;
        }
        int nameish = w->cap || w->initial;
        if (!nameish) { i++; continue; }
        /* a run: name-like words with nothing but spaces between */
        size_t r = i + 1;
        while (r < s->nwords && r - i < MAX_RUN) {
            const word *x = &s->words[r];
            if (x->brk && x->brkc) {
                size_t on = name_goes_on(s, i, r);
                if (on) {
                    r = on + 1;
                    continue;
                }
            }
            if (x->oc != CASE_MIXED || x->brk || x->said || !(x->cap || x->initial || x->particle || x->joined))
                break;
            r++;
        }
        /* trailing particles are not part of a name */
        while (r > i + 1 && s->words[r - 1].particle && !s->words[r - 1].cap) r--;
        /* an organisation's name across connecting words (Ministry of
         * Petroleum), first: its parts alone are other names or none */
        size_t ends[JOINS], nj = emb__scan_joined_end(s, i, r, ends);
        int joined = 0;
        while (nj > 0 && !joined) { /* the longest name first */
            st = emb__scan_joined(c, i, ends[--nj], &joined);
            if (st) return st;
        }
        if (joined) {
            i = ends[nj];
            continue;
        }
        /* an acronym the document gave an organisation (MOIS) */
        if (r == i + 1 && s->nacronyms && w->shape == SHAPE_UPPER) {
            const span_match *am = emb__scan_acronym_at(s, i);
            if (am) {
                st = emb__scan_emit(c, am, w->s, w->e, "acronym the text gives");
                if (st) return st;
                i = r;
                continue;
            }
        }
        /* parts of the run: known words, with titles in front and particles
         * and initials between */
        unsigned long run_before = c->emitted;
        size_t a = i;
        while (a < r && !c->stop) {
            while (a < r && (s->words[a].skip || !(s->words[a].known || s->words[a].title) || s->words[a].hfunc ||
                             opening_article(s, a)))
                a++;
            if (a >= r) break;
            size_t b = a;
            int known = 0;
            while (b < r) {
                const word *x = &s->words[b];
                if (x->title && b > a && !s->words[b - 1].title) {
                    /* a title word inside an organisation's name does not
                     * cut it (Reconnaissance General Bureau) */
                    size_t on = org_through_title(s, a, b, r, &st);
                    if (st) return st;
                    if (on) b = on, known = 1;
                    break;
                }
                /* a legal form does not cut a name (State Corporation Rostec) */
                if (!(x->known || x->title || x->particle || x->initial || x->joined || x->skip ||
                      legal_word(s, b)))
                    break;
                known |= x->known && !x->skip;
                b++;
            }
            while (b > a && s->words[b - 1].skip) b--; /* a nickname ends no name */
            if (known) {
                st = screen_part(c, i, r, a, b);
                if (st) return st;
            }
            a = b > a ? b : a + 1;
        }
        if (c->emitted == run_before && !c->stop) {
            st = note_run(s, i, r);
            if (st) return st;
        }
        i = r > i ? r : i + 1;
    }
    return c->stop ? EMBARGO_OK : scan_aliases(c);
}

/* Scans one window: its runs, then the lone surnames a later full name
 * resolves; its mentions go out in text order. */
embargo_status emb__scan_window(scan_ctx *c) {
    embargo_scanner *s = c->s;
    s->npending = 0;
    memset(s->pend_bloom, 0, sizeof(s->pend_bloom));
    s->nfound = 0;
    embargo_status st = scan_runs(c);
    if (!st && !c->stop) st = emb__scan_resolve_pending(c);
    if (!st) st = emb__scan_flush_found(c);
    s->nfound = 0;
    return st;
}
