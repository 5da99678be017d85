/*
 * scan_screen.c - screening a span of text as a name (src/scan, see scan.c).
 *
 * What screening each span text found is cached per scanner by a hash of
 * the text; the checks here read a match's explanation for what the span
 * leaves out of the listed name (a given name, a first surname, an
 * organisation's words or its country), which decides whether it is a
 * mention.
 */
#include "scan_int.h"

/* Whether a word is one people are called (Markus, Scott) or an English
 * word (Progress): as a lone capitalised word in running text it is far
 * likelier to be that than the organisation or vessel of the same name. */
int emb__scan_ordinary_word(const char *w, size_t n) {
    char low[48];
    if (n >= sizeof(low)) return 0;
    for (size_t i = 0; i < n; i++) {
        char c = w[i];
        if ((unsigned char)c >= 0x80) return 0;
        low[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    emb_name_stat st;
    emb__name_stats(low, n, &st);
    return st.word || st.person_df > 2;
}

/* Whether a match pairs a query word with a listed one in this way alone
 * (EMBARGO_PAIR_EDIT: by edit distance, not as the same word, romanisation
 * or sound skeleton; EMBARGO_PAIR_PHONETIC: by the sound skeleton). */
static int pair_of_kind(const embargo_explanation *e, embargo_pair_kind kind) {
    for (size_t i = 0; i < e->pair_count; i++) {
        const embargo_pair *p = &e->pairs[i];
        if (p->query && p->name && p->kind == kind) return 1;
    }
    return 0;
}

/* Whether a match pairs a query name word with a listed one as the same
 * word or the same romanisation, not merely a similar one. */
static int same_word_pair(const embargo_explanation *e) {
    for (size_t i = 0; i < e->pair_count; i++) {
        const embargo_pair *p = &e->pairs[i];
        if (p->query && p->name && (p->kind == EMBARGO_PAIR_EXACT || p->kind == EMBARGO_PAIR_TRANSLIT))
            return 1;
    }
    return 0;
}

void emb__scanner_cache_mask(embargo_scanner *s, uint64_t mask) {
    s->cache_mask = mask;
    s->pool_cap = mask ? CACHE_POOL : 2 * SPAN_MATCHES; /* the ring wraps often */
}

/* The position in list name n of the token explanation pair p names, or -1
 * (the pair points at the index's own strings by text). */
static int pair_token(const embargo_index *ix, const emb_ix_name *n, const embargo_pair *p) {
    for (uint32_t j = 0; j < n->token_count; j++) {
        const emb_ix_token *t = &ix->tokens[n->first_token + j];
        if (t->len == p->name_len && memcmp(ix->strings + t->text, p->name, t->len) == 0) return (int)j;
    }
    return -1;
}

/* The next word of m's listed name that the match left out (a pair with no
 * query side), from pair *i on; *i past it. NULL when there is none. */
static const emb_ix_token *next_left_out(const embargo_index *ix, const embargo_match *m, size_t *i) {
    const emb_ix_name *n = &ix->names[ix->entities[m->entity.index].first_name + m->name_index];
    while (*i < m->explanation.pair_count) {
        const embargo_pair *p = &m->explanation.pairs[(*i)++];
        int j = p->name && !p->query ? pair_token(ix, n, p) : -1;
        if (j >= 0) return &ix->tokens[n->first_token + (uint32_t)j];
    }
    return NULL;
}

/* Whether the match of an organisation is a long listed name matched by
 * the overlap of some of its words: the span leaves out as many of its
 * words of substance (not legal forms, generic words, countries, connecting
 * words or numbers) as it holds. "State Duma" is no mention of STATE DUMA
 * OF THE FEDERAL ASSEMBLY OF THE RUSSIAN FEDERATION; "Federal Security
 * Service" of FEDERAL SECURITY SERVICE OF THE RUSSIAN FEDERATION is. */
static int org_words_missing(const embargo_index *ix, const embargo_match *m) {
    if (m->entity.type != EMBARGO_TYPE_ORGANIZATION) return 0;
    const emb_ix_name *n = &ix->names[ix->entities[m->entity.index].first_name + m->name_index];
    unsigned held = 0, left = 0;
    for (size_t i = 0; i < m->explanation.pair_count; i++) {
        const embargo_pair *p = &m->explanation.pairs[i];
        int j = p->name ? pair_token(ix, n, p) : -1;
        if (j < 0) continue;
        const emb_ix_token *t = &ix->tokens[n->first_token + (uint32_t)j];
        if (!(t->flags & (EMB_TOK_LEGAL | EMB_TOK_STOP | EMB_TOK_GENERIC | EMB_TOK_COUNTRY |
                          EMB_TOK_PARTICLE | EMB_TOK_TITLE | EMB_TOK_INITIAL | EMB_TOK_NUMBER))) {
            if (p->query) held++;
            else left++;
        }
    }
    return left > 0 && left >= held;
}

/* Whether the match of an organisation leaves out the nationality opening
 * its listed name and pairs nothing but ordinary English and generic words:
 * "Democratic Party" in a text is any such party, not SERB DEMOCRATIC
 * PARTY, whose nationality is what tells it from the others. */
static int org_nationality_missing(const embargo_index *ix, const embargo_match *m) {
    if (m->entity.type != EMBARGO_TYPE_ORGANIZATION) return 0;
    const emb_ix_name *n = &ix->names[ix->entities[m->entity.index].first_name + m->name_index];
    if (n->token_count < 2) return 0;
    const emb_ix_token *first = &ix->tokens[n->first_token];
    if (!(first->flags & EMB_TOK_COUNTRY) || !(first->legal & EMB_COUNTRY_PHRASE)) return 0;
    int left = 0;
    for (size_t i = 0; i < m->explanation.pair_count; i++) {
        const embargo_pair *p = &m->explanation.pairs[i];
        int j = p->name ? pair_token(ix, n, p) : -1;
        if (j < 0) continue;
        const emb_ix_token *t = &ix->tokens[n->first_token + (uint32_t)j];
        if (j == 0) left = !p->query;
        else if (p->query && !(t->flags & (EMB_TOK_WORD | EMB_TOK_GENERIC | EMB_TOK_LEGAL | EMB_TOK_STOP |
                                           EMB_TOK_COUNTRY | EMB_TOK_PARTICLE)))
            return 0; /* a word of its own paired: (Russian) Railways Rostov */
    }
    return left;
}

/* The countries of the nationality opening an organisation's listed name
 * (IRANIAN of IRANIAN MINISTRY OF ...), or NULL. */
static const char *nationality_left(const embargo_index *ix, const embargo_match *m) {
    const emb_ix_name *n = &ix->names[ix->entities[m->entity.index].first_name + m->name_index];
    const emb_ix_token *first = &ix->tokens[n->first_token];
    return emb__country_codes(ix->strings + first->text, first->len);
}

/* Honorifics written as a person's first given name (Seyed Abbas), which
 * journalists leave out: no given name of the person's own. */
static int honorific_given(const char *w, size_t n) {
    static const char *const HONORIFIC[] = {"sayed", "sayyed", "sayyid", "seyed", "seyyed", "seyyid", "syed"};
    for (size_t i = 0; i < sizeof(HONORIFIC) / sizeof(HONORIFIC[0]); i++)
        if (strlen(HONORIFIC[i]) == n && !memcmp(HONORIFIC[i], w, n)) return 1;
    return 0;
}

/* Whether entity x writes tokens a, b (texts) as one given name in one of
 * its names: joined by a hyphen (PAK, Ch'o'l-nam) or as one word
 * (MORADI, Alireza for MORADI, Ali Reza). */
static int one_given_name(const embargo_index *ix, const emb_ix_entity *x, const emb_ix_token *a,
                          const emb_ix_token *b) {
    const char *at = ix->strings + a->text, *bt = ix->strings + b->text;
    for (uint32_t k = 0; k < x->name_count; k++) {
        const emb_ix_name *n = &ix->names[x->first_name + k];
        for (uint32_t j = 0; j < n->token_count; j++) {
            const emb_ix_token *t = &ix->tokens[n->first_token + j];
            const char *tt = ix->strings + t->text;
            if (t->len == a->len + b->len && !memcmp(tt, at, a->len) && !memcmp(tt + a->len, bt, b->len))
                return 1;
            if ((t->flags & EMB_TOK_HYPHEN) && j + 1 < n->token_count && t->len == a->len &&
                !memcmp(tt, at, a->len)) {
                const emb_ix_token *u = &ix->tokens[n->first_token + j + 1];
                if (u->len == b->len && !memcmp(ix->strings + u->text, bt, b->len)) return 1;
            }
        }
    }
    return 0;
}

/* Whether the listed name says which of its words are the surname
 * (SURNAME, Given); ABBASI-DAVANI FEREIDOUN, in the UK list's order, does
 * not, and the rules that read given names apart from surnames stay out. */
static int surname_marked(const embargo_index *ix, const emb_ix_name *n) {
    for (uint32_t j = 0; j < n->token_count; j++)
        if (ix->tokens[n->first_token + j].flags & EMB_TOK_SURNAME) return 1;
    return 0;
}

/* Whether a person's match pairs a given name of the listed name but leaves
 * out the first one (Reza Kazemi for KAZEMI, Mohammad Reza; Luis Guzman
 * for GUZMAN ENRIQUEZ, Juan Luis), or half of a given name that the list
 * also writes as one word (Pak Chol for PAK, Chol Nam, also PAK,
 * Ch'o'l-nam; Ali Moradi for MORADI, Ali Reza, also Alireza): a text names
 * people by their first given name, whole, so such a name is someone
 * else's. An honorific first (Seyed) may be left out. */
static int given_left_out(const embargo_index *ix, const embargo_match *m) {
    if (m->entity.type != EMBARGO_TYPE_PERSON) return 0;
    const emb_ix_entity *x = &ix->entities[m->entity.index];
    const emb_ix_name *n = &ix->names[x->first_name + m->name_index];
    if (!surname_marked(ix, n)) return 0;
    uint8_t sur[EMB_NAME_MAX_TOKENS];
    emb__scan_surname_tokens(ix, n, sur);
    /* per token of the listed name: 0 no given name, 1 given and left out,
     * 2 given and paired */
    uint8_t given[EMB_NAME_MAX_TOKENS] = {0};
    for (uint32_t j = 0; j < n->token_count; j++)
        given[j] = !sur[j] && !(ix->tokens[n->first_token + j].flags &
                                (EMB_TOK_TITLE | EMB_TOK_PARTICLE | EMB_TOK_STOP | EMB_TOK_LEGAL |
                                 EMB_TOK_INITIAL | EMB_TOK_NUMBER | EMB_TOK_PATRONYMIC));
    int paired = 0, joined = 0;
    for (size_t i = 0; i < m->explanation.pair_count; i++) {
        const embargo_pair *p = &m->explanation.pairs[i];
        int j = p->name ? pair_token(ix, n, p) : -1;
        if (j < 0 || !given[j]) continue;
        if (p->query) given[j] = 2, paired = 1;
        /* a text word that covers two listed ones (Zakiur for Zaki-ur) */
        joined |= p->query && p->kind == EMBARGO_PAIR_JOINED;
    }
    if (!paired) return 0;
    uint32_t g0 = 0;
    while (g0 < n->token_count && !given[g0]) g0++;
    const emb_ix_token *t0 = &ix->tokens[n->first_token + g0];
    /* an honorific left out: the given name after it is the first (Ahmad
     * Khan leaves out Habib of KHAN, Sayed Habib Ahmad) */
    if (given[g0] == 1 && honorific_given(ix->strings + t0->text, t0->len)) {
        g0++;
        while (g0 < n->token_count && !given[g0]) g0++;
        if (g0 == n->token_count) return 0;
    }
    if (given[g0] == 1) return 1;
    for (uint32_t j = 0; j + 1 < n->token_count && !joined; j++) {
        if (!given[j] || !given[j + 1] || given[j] == given[j + 1]) continue;
        if (one_given_name(ix, x, &ix->tokens[n->first_token + j], &ix->tokens[n->first_token + j + 1]))
            return 1;
    }
    return 0;
}

/* The surname words of list name n in sur[] (emb__scan_surname_tokens), less its
 * particles and the like (DE, AL): the words that name a family. Returns
 * how many; 0 for a name that does not mark its surname. */
static int family_words(const embargo_index *ix, const emb_ix_name *n, uint8_t *sur) {
    if (!surname_marked(ix, n)) return 0;
    emb__scan_surname_tokens(ix, n, sur);
    int words = 0;
    for (uint32_t j = 0; j < n->token_count; j++) {
        if (sur[j] && (ix->tokens[n->first_token + j].flags &
                       (EMB_TOK_TITLE | EMB_TOK_PARTICLE | EMB_TOK_STOP | EMB_TOK_LEGAL | EMB_TOK_INITIAL |
                        EMB_TOK_NUMBER)))
            sur[j] = 0;
        words += sur[j];
    }
    return words;
}

/* Whether a person's match pairs a later word of a listed surname of two
 * words or more and no first one (Ismael Garcia for ZAMBADA GARCIA,
 * Ismael; Maria Guzman for SALAZAR HERNANDEZ DE GUZMAN, Maria, also
 * SALAZAR DE GUZMAN, Alejandrina): a Spanish name may leave out the second
 * surname (the mother's, or a husband's after DE: Nicolas Maduro for MADURO
 * MOROS), never the first, the father's, by which the person is known; a
 * name with only a later one is someone else's. Read over all the person's
 * names that mark their surname, by key (a first surname of one of them is
 * a first one: GARCIA, Ismael would make Garcia the person's), since a
 * name of four surname words or more is not marked (name.c). */
static int first_surname_left_out(const embargo_index *ix, const embargo_match *m) {
    if (m->entity.type != EMBARGO_TYPE_PERSON) return 0;
    const emb_ix_entity *x = &ix->entities[m->entity.index];
    const emb_ix_name *mn = &ix->names[x->first_name + m->name_index];
    int later = 0;
    for (uint32_t k = 0; k < x->name_count; k++) {
        const emb_ix_name *n = &ix->names[x->first_name + k];
        uint8_t sur[EMB_NAME_MAX_TOKENS];
        int words = family_words(ix, n, sur);
        if (!words) continue;
        for (size_t i = 0; i < m->explanation.pair_count; i++) {
            const embargo_pair *p = &m->explanation.pairs[i];
            if (!p->query || !p->name) continue;
            int pj = pair_token(ix, mn, p);
            if (pj < 0) continue;
            const emb_ix_token *pt = &ix->tokens[mn->first_token + pj];
            for (uint32_t j = 0, w = 0; j < n->token_count; j++) {
                if (!sur[j]) continue;
                const emb_ix_token *t = &ix->tokens[n->first_token + j];
                if (t->klen == pt->klen && !memcmp(ix->strings + t->key, ix->strings + pt->key, t->klen)) {
                    if (w == 0) return 0; /* a first surname of the person's */
                    if (words >= 2) later = 1;
                }
                w++;
            }
        }
    }
    return later;
}

/* Whether query q[0, n) (words separated by spaces) starts with the word
 * w[0, wl) (as_last: ends with it), ASCII case ignored. */
static int query_word_at(const char *q, size_t n, const char *w, size_t wl, int as_last) {
    size_t s = 0, e = n;
    if (as_last) {
        while (s < n && q[n - 1 - s] != ' ') s++;
        s = n - s;
    } else {
        e = 0;
        while (e < n && q[e] != ' ') e++;
    }
    return e - s == wl && strncasecmp(q + s, w, wl) == 0;
}

/* Whether a person's match pairs the query's first word with the listed
 * surname and the query's last word with a listed given name, one of the
 * two only by sound or an edit: SAEED, Muhammad as Saeed Mohammadi (the
 * surname as itself, the given name by sound), AMAN, Mohammed as Amina
 * Mohammed (the surname by sound). The text names someone whose surname is
 * the sound-alike or the listed given name, and whose given name is the
 * other. A name written surname first as listed (Kim Jong Un; Ri Pyong
 * Chol) pairs every word exactly. */
static int surname_first_by_sound(const embargo_index *ix, const embargo_match *m, const char *q, size_t qn) {
    if (m->entity.type != EMBARGO_TYPE_PERSON || !memchr(q, ' ', qn)) return 0;
    const emb_ix_name *n = &ix->names[ix->entities[m->entity.index].first_name + m->name_index];
    if (!surname_marked(ix, n)) return 0;
    uint8_t sur[EMB_NAME_MAX_TOKENS];
    emb__scan_surname_tokens(ix, n, sur);
    int first_sur = 0, last_given = 0, sound = 0;
    for (size_t i = 0; i < m->explanation.pair_count; i++) {
        const embargo_pair *p = &m->explanation.pairs[i];
        if (!p->query || !p->name) continue;
        int j = pair_token(ix, n, p);
        if (j < 0) continue;
        int exact = p->kind == EMBARGO_PAIR_EXACT || p->kind == EMBARGO_PAIR_TRANSLIT;
        int by_sound = p->kind == EMBARGO_PAIR_PHONETIC || p->kind == EMBARGO_PAIR_EDIT;
        if (sur[j] && (exact || by_sound) && query_word_at(q, qn, p->query, p->query_len, 0)) {
            first_sur = 1;
            sound |= by_sound;
        }
        if (!sur[j] && (exact || by_sound) && query_word_at(q, qn, p->query, p->query_len, 1)) {
            last_given = 1;
            sound |= by_sound;
        }
    }
    return first_sur && last_given && sound;
}

/* Whether an organisation's match leaves out a single letter of its listed
 * name: B-CRYPTO is a name of its own, no word Crypto. */
static int org_letter_left(const embargo_index *ix, const embargo_match *m) {
    if (m->entity.type != EMBARGO_TYPE_ORGANIZATION) return 0;
    const emb_ix_token *t;
    for (size_t i = 0; (t = next_left_out(ix, m, &i));)
        if (t->flags & EMB_TOK_INITIAL) return 1;
    return 0;
}

/* Whether a person's match pairs a query word with a listed surname by its
 * sound alone (Kamal ~ KAMEL; not Ahmed ~ AHMAD, a given name). */
static int surname_by_sound(const embargo_index *ix, const embargo_match *m) {
    if (m->entity.type != EMBARGO_TYPE_PERSON) return 0;
    const emb_ix_name *n = &ix->names[ix->entities[m->entity.index].first_name + m->name_index];
    uint8_t sur[EMB_NAME_MAX_TOKENS];
    emb__scan_surname_tokens(ix, n, sur);
    for (size_t i = 0; i < m->explanation.pair_count; i++) {
        const embargo_pair *p = &m->explanation.pairs[i];
        if (!p->query || !p->name || p->kind != EMBARGO_PAIR_PHONETIC) continue;
        int j = pair_token(ix, n, p);
        if (j >= 0 && sur[j]) return 1;
    }
    return 0;
}

/* Whether a person's match leaves out a word of the listed name that is a
 * given name or a surname: not a title, particle, initial, number,
 * patronymic or honorific (Ali Hussein leaves out Ahmed of HUSSEIN, Ali
 * Ahmed; Habib Ahmad Khan leaves out only Sayed). */
static int person_word_left(const embargo_index *ix, const embargo_match *m) {
    if (m->entity.type != EMBARGO_TYPE_PERSON) return 0;
    const emb_ix_token *t;
    for (size_t i = 0; (t = next_left_out(ix, m, &i));) {
        if (t->flags & (EMB_TOK_TITLE | EMB_TOK_PARTICLE | EMB_TOK_STOP | EMB_TOK_LEGAL | EMB_TOK_INITIAL |
                        EMB_TOK_NUMBER | EMB_TOK_PATRONYMIC))
            continue;
        if (!honorific_given(ix->strings + t->text, t->len)) return 1;
    }
    return 0;
}

/* Whether an organisation's match leaves out a word of its listed name that
 * is not a legal form, a function word, a particle, a number, an initial
 * or a country (TRADING of EAST ASIA TRADING, matched as East Asia). */
static int org_word_left(const embargo_index *ix, const embargo_match *m) {
    if (m->entity.type != EMBARGO_TYPE_ORGANIZATION) return 0;
    const emb_ix_token *t;
    for (size_t i = 0; (t = next_left_out(ix, m, &i));)
        if (!(t->flags & (EMB_TOK_LEGAL | EMB_TOK_STOP | EMB_TOK_PARTICLE | EMB_TOK_NUMBER | EMB_TOK_INITIAL |
                          EMB_TOK_COUNTRY)))
            return 1;
    return 0;
}

/* The countries of the country word of an organisation's listed name that
 * the match left out (IRAN of CENTRAL BANK OF IRAN, matched as Central
 * Bank), or NULL. */
static const char *country_left_out(const embargo_index *ix, const embargo_match *m) {
    if (m->entity.type != EMBARGO_TYPE_ORGANIZATION) return NULL;
    const emb_ix_token *t;
    for (size_t i = 0; (t = next_left_out(ix, m, &i));)
        if (t->flags & EMB_TOK_COUNTRY) return emb__country_codes(ix->strings + t->text, t->len);
    return NULL;
}

/* Whether a cache slot holds what screening this span text at this
 * threshold found: the hash and length reject nearly every other span at
 * the cost of two compares, the text and threshold settle it; and whether
 * its matches are still in the ring. */
static int slot_holds(const embargo_scanner *s, const cache_slot *slot, uint64_t hash,
                      const unsigned char *text, size_t len, double threshold) {
    return slot->hash == hash && slot->len == len && slot->threshold == threshold &&
           memcmp(slot->text, text, len) == 0 && (slot->n == 0 || s->pool_head - slot->pos <= s->pool_cap);
}

/* Screens the span in s->query (at `threshold`), or recalls what screening
 * it found the last time it came. *out stays valid for the next screenings
 * of this scanner: the ring takes at least pool_cap / SPAN_MATCHES of them to
 * come round. */
embargo_status emb__scan_screen_cached(embargo_scanner *s, double threshold, const span_match **out,
                                       size_t *count) {
    const unsigned char *text = s->query.data;
    size_t len = s->query.len;
    uint64_t hash = (emb__hash_seed(text, len, (uint64_t)(threshold * 1000)) & s->cache_mask) | 1;
    /* the set from the bits above the lowest, which `| 1` sets (0 marks
     * an empty slot): from the lowest, only odd sets were ever used */
    cache_slot *set = &s->cache[((hash >> 1) & (CACHE_SETS - 1)) * CACHE_WAYS];
    for (unsigned w = 0; w < CACHE_WAYS; w++) {
        if (!slot_holds(s, &set[w], hash, text, len, threshold)) continue;
        set[w].used = ++s->cache_clock;
        *out = s->pool + set[w].pos % s->pool_cap;
        *count = set[w].n;
        return EMBARGO_OK;
    }
    embargo_screen_options o;
    embargo_screen_options_init(&o);
    o.type_mask = s->opts.type_mask;
    o.list_mask = s->opts.list_mask;
    o.limit = SPAN_MATCHES;
    o.threshold = threshold;
    o.flags = EMBARGO_SCREEN_NO_TYPO_SEARCH | EMBARGO_SCREEN_NO_FIELD_CUT; /* text, no payment field */
    o.candidates = SCAN_CANDIDATES;
    const embargo_match *mm;
    size_t n;
    embargo_status st = embargo_matcher_screen(s->m, (const char *)s->query.data, s->query.len, &o,
                                               &mm, &n);
    if (st == EMBARGO_EQUERY) n = 0; /* nothing matchable here */
    else if (st) return st;
    if (n > SPAN_MATCHES) n = SPAN_MATCHES;
    /* the matches go to the ring, in one piece: a piece that would run over
     * its end starts again at its beginning */
    if (s->pool_head % s->pool_cap + n > s->pool_cap) s->pool_head += s->pool_cap - s->pool_head % s->pool_cap;
    uint64_t pos = s->pool_head;
    s->pool_head += n;
    span_match *m = s->pool + pos % s->pool_cap;
    if (len <= CACHE_TEXT) { /* longer: found for this time only */
        cache_slot *slot = &set[0];
        for (unsigned w = 1; w < CACHE_WAYS; w++)
            if (set[w].used < slot->used) slot = &set[w];
        slot->hash = hash;
        slot->pos = pos;
        slot->threshold = threshold;
        slot->used = ++s->cache_clock;
        slot->len = (uint8_t)len;
        slot->n = (uint8_t)n;
        memcpy(slot->text, text, len);
    }
    for (size_t i = 0; i < n; i++) {
        span_match *sm = &m[i];
        sm->entity = mm[i].entity;
        sm->name_index = mm[i].name_index;
        sm->matched_name = mm[i].matched_name;
        sm->matched_name_len = mm[i].matched_name_len;
        sm->score = mm[i].score;
        sm->same_word = (uint8_t)same_word_pair(&mm[i].explanation);
        sm->edited = (uint8_t)pair_of_kind(&mm[i].explanation, EMBARGO_PAIR_EDIT);
        sm->sounded = (uint8_t)surname_by_sound(s->ix, &mm[i]);
        sm->letter_left = (uint8_t)org_letter_left(s->ix, &mm[i]);
        sm->word_left = (uint8_t)person_word_left(s->ix, &mm[i]);
        int words_missing = org_words_missing(s->ix, &mm[i]), nat = org_nationality_missing(s->ix, &mm[i]);
        sm->missing = (uint8_t)(words_missing || nat);
        sm->nat_left = nat && !words_missing ? nationality_left(s->ix, &mm[i]) : NULL;
        sm->other_given = (uint8_t)given_left_out(s->ix, &mm[i]);
        sm->first_sur_left = mm[i].score < NATIONALITY_EXACT && first_surname_left_out(s->ix, &mm[i]);
        sm->left_country = country_left_out(s->ix, &mm[i]);
        sm->org_left = (uint8_t)org_word_left(s->ix, &mm[i]);
        sm->turned = (uint8_t)surname_first_by_sound(s->ix, &mm[i], (const char *)text, len);
    }
    *out = m;
    *count = n;
    return EMBARGO_OK;
}
