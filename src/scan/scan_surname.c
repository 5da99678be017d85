/*
 * scan_surname.c - a surname alone in a text (src/scan, see scan.c).
 *
 * The surnames of the persons a document names in full, and of the names
 * in full no list names; a lone surname is a follow-up of the last of them
 * with that surname, a headline's surname the person the window names in
 * full after it, and a rare surname that one listed person bears a mention
 * alone. Namesakes, gender and titles settle who a surname is.
 */
#include "scan_int.h"

/* Marks in sur[] which tokens of list name n are its surname: the words
 * written before the comma of "SURNAME, Given", or, in a name without one
 * (an alias written in order), its last name word. */
void emb__scan_surname_tokens(const embargo_index *ix, const emb_ix_name *n, uint8_t *sur) {
    int comma = 0;
    uint32_t last = UINT32_MAX;
    for (uint32_t i = 0; i < n->token_count; i++) {
        const emb_ix_token *t = &ix->tokens[n->first_token + i];
        if (t->flags & EMB_TOK_SURNAME) comma = 1;
        if (!(t->flags & (EMB_TOK_TITLE | EMB_TOK_PARTICLE | EMB_TOK_STOP | EMB_TOK_LEGAL |
                          EMB_TOK_INITIAL | EMB_TOK_NUMBER)))
            last = i;
    }
    for (uint32_t i = 0; i < n->token_count; i++)
        sur[i] = comma ? (ix->tokens[n->first_token + i].flags & EMB_TOK_SURNAME) != 0 : i == last;
}

/* The surname words of list name n by which a text names the person alone
 * (emb__scan_surname_tokens), less a married name: the words from a DE that follows
 * a surname word on (MURILLO DE ORTEGA, Rosario Maria: Ortega is her
 * husband's name, and a lone Ortega, or Mr. Ortega, is not her; Murillo
 * is). */
static void lone_surname_tokens(const embargo_index *ix, const emb_ix_name *n, uint8_t *sur) {
    emb__scan_surname_tokens(ix, n, sur);
    int seen = 0, married = 0;
    for (uint32_t j = 0; j < n->token_count; j++) {
        const emb_ix_token *t = &ix->tokens[n->first_token + j];
        if (!sur[j]) continue;
        if (seen && t->len == 2 && strncasecmp(ix->strings + t->text, "de", 2) == 0) married = 1;
        if (married) sur[j] = 0;
        else if (!(t->flags & (EMB_TOK_PARTICLE | EMB_TOK_STOP))) seen = 1;
    }
}

/* Whether name ni of the index has this key as a surname a text names the
 * person by alone (lone_surname_tokens). */
static int name_has_surname(const embargo_index *ix, uint32_t ni, const char *key, size_t kl) {
    const emb_ix_name *n = &ix->names[ni];
    uint8_t sur[EMB_NAME_MAX_TOKENS];
    lone_surname_tokens(ix, n, sur);
    for (uint32_t i = 0; i < n->token_count; i++) {
        const emb_ix_token *t = &ix->tokens[n->first_token + i];
        if (sur[i] && t->klen == kl && memcmp(ix->strings + t->key, key, kl) == 0) return 1;
    }
    return 0;
}

/* The first of the names of entity e (index position) that has this key
 * as a surname, or -1. */
static long entity_surname(const embargo_index *ix, uint32_t e, const char *key, size_t kl) {
    const emb_ix_entity *x = &ix->entities[e];
    for (uint32_t i = 0; i < x->name_count; i++)
        if (name_has_surname(ix, x->first_name + i, key, kl)) return (long)i;
    return -1;
}

/* Keeps the distinct surname keys of a person found (as name_has_surname
 * reads them), so that each later lone word costs a few compares. */
static void note_surnames(const embargo_index *ix, hit_rec *h) {
    const emb_ix_entity *x = &ix->entities[h->hit.entity.index];
    h->sur_ready = 1;
    for (uint32_t i = 0; i < x->name_count; i++) {
        const emb_ix_name *n = &ix->names[x->first_name + i];
        uint8_t sur[EMB_NAME_MAX_TOKENS];
        lone_surname_tokens(ix, n, sur);
        for (uint32_t j = 0; j < n->token_count; j++) {
            const emb_ix_token *t = &ix->tokens[n->first_token + j];
            if (!sur[j] || t->klen >= HIT_SURNAME_CAP) continue;
            int seen = 0;
            for (unsigned k = 0; k < h->nsur && !seen; k++)
                seen = h->sur_len[k] == t->klen && memcmp(h->sur[k], ix->strings + t->key, t->klen) == 0;
            if (seen) continue;
            if (h->nsur == HIT_SURNAMES) return;
            memcpy(h->sur[h->nsur], ix->strings + t->key, t->klen);
            h->sur_len[h->nsur++] = t->klen;
        }
    }
}

/* The first of person h's names that has this key as a surname, or -1;
 * its surnames noted first (note_surnames), so that most words are turned
 * away after a few compares. */
static long hit_surname(const embargo_index *ix, hit_rec *h, const char *key, size_t kl) {
    if (!h->sur_ready) note_surnames(ix, h);
    int has = 0;
    for (unsigned k = 0; k < h->nsur && !has; k++)
        has = h->sur_len[k] == kl && memcmp(h->sur[k], key, kl) == 0;
    return has ? entity_surname(ix, h->hit.entity.index, key, kl) : -1;
}

static void sur_bloom_add(embargo_scanner *s, const char *key, size_t kl) {
    emb__scan_bloom_add(s->sur_bloom, key, kl);
}

/* Puts `hit` under the hash `hash` in a table of the scanner (the
 * surname table, the head table: *tab of *cap slots holding *count), open
 * addressing, grown to stay at most half full; a hash of 0 is kept as 1 (0
 * marks an empty slot). Out of memory leaves the table as it was and
 * returns -1. */
static int tab_add(struct sur_ent **tab, uint32_t *cap, uint32_t *count, uint32_t hash, uint32_t hit) {
    hash |= !hash;
    if (2 * (*count + 1) > *cap) {
        uint32_t ncap = *cap ? 2 * *cap : 64;
        struct sur_ent *t = emb__calloc(ncap, sizeof(*t));
        if (!t) return -1;
        for (uint32_t i = 0; i < *cap; i++) {
            if (!(*tab)[i].hash) continue;
            uint32_t j = (*tab)[i].hash & (ncap - 1);
            while (t[j].hash) j = (j + 1) & (ncap - 1);
            t[j] = (*tab)[i];
        }
        emb__free(*tab);
        *tab = t;
        *cap = ncap;
    }
    uint32_t j = hash & (*cap - 1);
    while ((*tab)[j].hash) j = (j + 1) & (*cap - 1);
    (*tab)[j].hash = hash;
    (*tab)[j].hit = hit;
    ++*count;
    return 0;
}

/* The hash of a word in ASCII lower case, for the head table (never 0). */
uint32_t emb__scan_head_hash(const char *w, size_t n) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)(w[i] >= 'A' && w[i] <= 'Z' ? w[i] + 32 : w[i])) * 16777619u;
    return h | !h;
}

/* Puts the last words of the names of organisation h, named in full, in
 * the head table: the names org_head_after may shorten to their last word,
 * not weak aliases, of two words or more, the last no country, stop word or
 * particle (the Federation of ...OF THE RUSSIAN FEDERATION). -1: out of
 * memory. */
static int head_add(embargo_scanner *s, const hit_rec *h) {
    const embargo_index *ix = s->ix;
    const emb_ix_entity *x = &ix->entities[h->hit.entity.index];
    for (uint32_t k = 0; k < x->name_count && k < 256; k++) {
        const emb_ix_name *n = &ix->names[x->first_name + k];
        const emb_ix_token *last = &ix->tokens[n->first_token + n->token_count - 1];
        if (n->weak || n->token_count < 2 || (last->flags & (EMB_TOK_COUNTRY | EMB_TOK_STOP | EMB_TOK_PARTICLE)))
            continue;
        const char *nt = ix->strings + n->text;
        size_t b = n->text_len;
        while (b > 0 && nt[b - 1] != ' ') b--;
        if (b == 0) continue; /* no space: no word after one */
        if (tab_add(&s->head_tab, &s->head_cap, &s->nhead_tab, emb__scan_head_hash(nt + b, n->text_len - b),
                    (uint32_t)(h - s->hits) << 8 | k))
            return -1;
    }
    return 0;
}

/* The hit is of an entity named in full: a person's surnames go into the
 * filter that emb__scan_followup_by_key asks, and into the surname table it walks.
 * -1: out of memory. */
int emb__scan_set_full(embargo_scanner *s, hit_rec *h) {
    h->full = 1;
    h->full_tick = ++s->tick;
    if (!h->first_tick) h->first_tick = h->full_tick;
    if (h->in_bloom) return 0;
    if (h->hit.entity.type == EMBARGO_TYPE_ORGANIZATION) {
        h->in_bloom = 1;
        return head_add(s, h);
    }
    if (h->hit.entity.type != EMBARGO_TYPE_PERSON) return 0;
    h->in_bloom = 1;
    if (!h->sur_ready) note_surnames(s->ix, h);
    for (unsigned k = 0; k < h->nsur; k++) {
        sur_bloom_add(s, h->sur[k], h->sur_len[k]);
        if (tab_add(&s->sur_tab, &s->sur_cap, &s->nsur_tab, emb__scan_sur_hash(h->sur[k], h->sur_len[k]),
                    (uint32_t)(h - s->hits)))
            return -1;
    }
    return 0;
}

#include "given_gender.inc"

/* The sex that a given name (lower-case ASCII) says ('f' emily, 'm'
 * matthew), or 0 when it says none or is not in given_gender.inc (kim,
 * jean, reza): the only word on someone no list names that tells Mr. from
 * Ms. */
static char given_gender(const char *low) {
    if (!low[0] || !low[1]) return 0;
    size_t lo = 0, hi = sizeof(GIVEN_GENDER) / sizeof(GIVEN_GENDER[0]);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(low, GIVEN_GENDER[mid] + 1);
        if (c == 0) return GIVEN_GENDER[mid][0];
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return 0;
}

/* Notes that someone no list names was just named in full with this
 * surname key (Matthew Miller, Dmitry Patrushev) and given name words[gk]
 * (kept in lower case for given_gender, asked only when an honorific
 * comes). */
void emb__scan_note_other_last(embargo_scanner *s, const char *key, size_t kl, size_t gk) {
    uint32_t h = emb__scan_sur_hash(key, kl), k = 0, old = 0;
    while (k < s->nother && s->other_last[k].hash != h) k++;
    int fresh = k == s->nother;
    if (k == OTHER_LAST) { /* full: the one written longest ago goes */
        for (k = 1; k < OTHER_LAST; k++)
            if (s->other_last[k].tick < s->other_last[old].tick) old = k;
        k = old;
    } else if (k == s->nother) {
        s->nother++;
    }
    s->other_last[k].hash = h;
    s->other_last[k].tick = ++s->tick;
    s->other_last[k].gender = 0; /* maybe someone else of that surname */
    const word *g = &s->words[gk];
    char *low = s->other_last[k].given;
    size_t ll =
        emb__scan_lower_ascii((const char *)s->text.data + g->s, g->e - g->s, low, sizeof(s->other_last[k].given));
    low[ll] = 0;
    if (fresh) s->other_last[k].first = s->tick;
}

/* The gender an honorific right before words[a] gives: 'm' (Mr.), 'f'
 * (Ms., Mrs., Miss, Madam), or 0. */
char emb__scan_honorific_gender(const embargo_scanner *s, size_t a) {
    static const char *const FEMALE[] = {"ms", "mrs", "miss", "madam", "mme"};
    if (a == 0 || s->words[a].brk || !s->words[a - 1].title) return 0;
    const word *w = &s->words[a - 1];
    const char *t = (const char *)s->text.data + w->s;
    size_t n = w->e - w->s;
    if (n == 2 && !strncasecmp(t, "mr", 2)) return 'm';
    return emb__scan_in_list(FEMALE, sizeof(FEMALE) / sizeof(FEMALE[0]), t, n) ? 'f' : 0;
}

/* The gender the list gives a person: 'm', 'f', or 0. */
static char listed_gender(const embargo_index *ix, const embargo_entity *e) {
    for (uint32_t i = 0; i < e->field_count; i++) {
        embargo_field f;
        if (embargo_entity_field(ix, e, i, &f) || f.kind != EMBARGO_FIELD_GENDER || !f.len) continue;
        return (f.text[0] | 32) == 'f' ? 'f' : (f.text[0] | 32) == 'm' ? 'm' : 0;
    }
    return 0;
}

/* Whether person h is of another gender than the honorific g before a
 * lone surname says (Ms. Kim is not Kim Jong Un). */
int emb__scan_other_gender(const embargo_index *ix, const hit_rec *h, char g) {
    if (!g) return 0;
    char lg = listed_gender(ix, &h->hit.entity);
    return lg && lg != g;
}

/* Whether the word w (n bytes) is written as a word of one of entity e's
 * listed names (with `surname`, as one of their surname words), but for
 * case, apostrophes and hyphens. */
static int word_as_written(const embargo_index *ix, uint32_t e, const char *w, size_t n, int surname) {
    char a[48], b[48];
    size_t al = 0;
    for (size_t i = 0; i < n && al < sizeof(a); i++)
        if (w[i] != '\'' && w[i] != '-') a[al++] = (char)(w[i] | (w[i] >= 'A' && w[i] <= 'Z' ? 32 : 0));
    if (al == 0 || al == sizeof(a)) return 0;
    const emb_ix_entity *x = &ix->entities[e];
    for (uint32_t k = 0; k < x->name_count; k++) {
        const emb_ix_name *nm = &ix->names[x->first_name + k];
        uint8_t sur[EMB_NAME_MAX_TOKENS];
        if (surname) {
            if (nm->token_count > EMB_NAME_MAX_TOKENS) continue;
            emb__scan_surname_tokens(ix, nm, sur);
        }
        for (uint32_t i = 0; i < nm->token_count; i++) {
            if (surname && !sur[i]) continue;
            const emb_ix_token *tk = &ix->tokens[nm->first_token + i];
            const char *q = ix->strings + tk->text;
            size_t bl = 0;
            for (size_t j = 0; j < tk->len && bl < sizeof(b); j++)
                if (q[j] != '\'' && q[j] != '-') b[bl++] = (char)(q[j] | (q[j] >= 'A' && q[j] <= 'Z' ? 32 : 0));
            if (bl == al && memcmp(a, b, al) == 0) return 1;
        }
    }
    return 0;
}

/* Whether words[k] is written as a word of one of entity e's listed
 * names, but for case, apostrophes and hyphens. */
static int listed_word_as_written(const embargo_index *ix, uint32_t e, const char *w, size_t n) {
    return word_as_written(ix, e, w, n, 0);
}

#define APPOSITION_WORDS 12 /* words after an honorific's surname read for its full name */

/* Whether an honorific's lone surname words[a] (Mr. Kim, not Kim's) is
 * followed in its sentence, after a comma, by a full name of that surname
 * whose name word beside it is no word of the listed person h's names:
 * the apposition says who is meant (Mr. Kim of the unification ministry
 * in Seoul, Kim Byung-joo, after Kim Jong Un). */
int emb__scan_namesake_after(embargo_scanner *s, size_t a, const hit_rec *h) {
    const char *t = (const char *)s->text.data;
    const word *w = &s->words[a];
    size_t n = w->e - w->s;
    if (!emb__scan_honorific_gender(s, a) || (a + 1 < s->nwords && emb__scan_possessive_s(s, a + 1))) return 0;
    for (size_t j = a + 1; j < s->nwords && j <= a + APPOSITION_WORDS && !s->words[j].sentence; j++) {
        const word *x = &s->words[j];
        if (x->e - x->s != n || strncasecmp(t + x->s, t + w->s, n) != 0) continue;
        /* the name after a comma: Kim Byung-joo (surname first) or Sung Kim */
        size_t g = 0;
        if (x->brk && x->s > 0 && j + 1 < s->nwords && !s->words[j + 1].brk &&
            s->words[j + 1].shape == SHAPE_TITLE && memchr(t + s->words[j - 1].e, ',', x->s - s->words[j - 1].e))
            g = j + 1;
        else if (j > a + 1 && !x->brk && s->words[j - 1].shape == SHAPE_TITLE && s->words[j - 1].brk &&
                 memchr(t + s->words[j - 2].e, ',', s->words[j - 1].s - s->words[j - 2].e))
            g = j - 1;
        if (!g) continue;
        const word *y = &s->words[g];
        return !listed_word_as_written(s->ix, h->hit.entity.index, t + y->s, y->e - y->s);
    }
    return 0;
}

/* Whether someone no list names was named in full with the surname of
 * word words[a] after person h last was: then a lone surname is that
 * someone's (Alexei Miller ... Matthew Miller said ... Mr. Miller added),
 * unless an honorific before it gives another gender than one given that
 * someone before (Kim Yo Jong ... Kim Hong-kyun ... Mr. Kim ... Ms. Kim:
 * Kim Yo Jong). */
int emb__scan_namesake_since(embargo_scanner *s, size_t a, const hit_rec *h) {
    if (!s->nother) return 0;
    char key[KEY_CAP];
    int other;
    size_t kl = emb__scan_word_key_of(s, (const char *)s->text.data + s->words[a].s, s->words[a].e - s->words[a].s,
                                      key, &other);
    if (kl == 0 || kl == (size_t)-1) return 0;
    uint32_t hash = emb__scan_sur_hash(key, kl);
    char g = emb__scan_honorific_gender(s, a);
    for (uint32_t k = 0; k < s->nother; k++) {
        if (s->other_last[k].hash != hash) continue;
        if (s->other_last[k].tick <= h->full_tick) return 0;
        /* the sex the given name says, if the text gave none (Emily
         * Nasrallah is no Mr. Nasrallah) */
        if (g && !s->other_last[k].gender) s->other_last[k].gender = given_gender(s->other_last[k].given);
        if (g && s->other_last[k].gender && s->other_last[k].gender != g) return 0;
        if (g) s->other_last[k].gender = g;
        return 1;
    }
    return 0;
}

/* A match of entity e through its name ni (its i-th) with this score. */
int emb__scan_make_match(const embargo_index *ix, uint32_t e, uint32_t i, double score, span_match *out) {
    memset(out, 0, sizeof(*out));
    if (embargo_index_entity(ix, e, &out->entity)) return -1;
    const emb_ix_name *n = &ix->names[ix->entities[e].first_name + i];
    out->name_index = i;
    out->matched_name = ix->strings + n->text;
    out->matched_name_len = n->text_len;
    out->score = score;
    out->same_word = 1;
    return 0;
}

/* The first hit from number `from` on (in hits order) of a person named
 * in full who has this key as a surname, with in *ni the first of its names
 * that has it (hit_surname); s->nhits if none. Asks the surname table, not
 * every hit. */
static size_t first_surname_hit(embargo_scanner *s, const char *key, size_t kl, size_t from, long *ni) {
    uint32_t hash = emb__scan_sur_hash(key, kl);
    hash |= !hash;
    size_t best = s->nhits;
    for (uint32_t j = hash & (s->sur_cap - 1); s->sur_cap && s->sur_tab[j].hash; j = (j + 1) & (s->sur_cap - 1)) {
        uint32_t k = s->sur_tab[j].hit;
        if (s->sur_tab[j].hash != hash || k < from || k >= best) continue;
        long n = hit_surname(s->ix, &s->hits[k], key, kl);
        if (n >= 0) best = k, *ni = n;
    }
    return best;
}

/* A single name word (words[a]) that is the surname of a person the
 * document has named in full, by its romanisation key: screening a lone
 * word ranks a surname of a long name (MADURO MOROS) below other names, so
 * the hits are asked directly. The person named first wins (Kim Jong Un
 * before Kim Yo Jong). Sets *done when it reported. */
embargo_status emb__scan_followup_by_key(scan_ctx *c, size_t a, size_t ws, size_t we, int *done) {
    embargo_scanner *s = c->s;
    const char *t = (const char *)s->text.data;
    size_t i = 0;
    while (i < s->nhits && !(s->hits[i].full && s->hits[i].hit.entity.type == EMBARGO_TYPE_PERSON)) i++;
    if (i == s->nhits) return EMBARGO_OK; /* nobody named in full yet */
    char key[KEY_CAP];
    int other;
    size_t kl = emb__scan_word_key_of(s, t + s->words[a].s, s->words[a].e - s->words[a].s, key, &other);
    if (kl == (size_t)-1) return EMBARGO_ENOMEM;
    if (kl == 0 || !emb__scan_sur_bloom_has(s, key, kl)) return EMBARGO_OK;
    char g = emb__scan_honorific_gender(s, a);
    for (long ni = -1; (i = first_surname_hit(s, key, kl, i, &ni)) < s->nhits; i++) {
        hit_rec *h = &s->hits[i];
        if (emb__scan_other_gender(s->ix, h, g)) continue;
        if (emb__scan_namesake_since(s, a, h) || emb__scan_namesake_after(s, a, h)) {
            *done = 1; /* someone else's, named since or right after: nothing to report */
            return EMBARGO_OK;
        }
        span_match m;
        if (emb__scan_make_match(s->ix, h->hit.entity.index, (uint32_t)ni, h->hit.score, &m)) continue;
        *done = 1;
        return emb__scan_emit(c, &m, ws, we, "surname after an earlier full mention");
    }
    return EMBARGO_OK;
}

/* Whether the window writes word w's plural after "the" (the Houthis for
 * Houthi): the word is then a group's or a family's name, and a headline's
 * lone Houthi (Houthi Missile Hits Ship) its adjective, no one of it, as
 * a family word after it says (Rodriguez Siblings). */
static int plural_after_the(const embargo_scanner *s, const word *w) {
    const char *t = (const char *)s->text.data;
    size_t n = w->e - w->s;
    for (size_t k = 1; k < s->nwords; k++) {
        const word *v = &s->words[k], *u = &s->words[k - 1];
        if (v->e - v->s != n + 1 || t[v->e - 1] != 's' || memcmp(t + v->s, t + w->s, n)) continue;
        if (u->e - u->s == 3 && strncasecmp(t + u->s, "the", 3) == 0) return 1;
    }
    return 0;
}

/* A lone surname (words[a]) in a headline that named nobody: a headline
 * names people by surname before the text names them in full (Putin Moves
 * Patrushev..., then the body's Vladimir Putin); in prose a capitalised
 * word before a full name is more often a group's (Houthi military
 * spokesman ..., then Abdul Malik al-Houthi). Kept for the end of the
 * window, when emb__scan_resolve_pending gives it to the next full name of that
 * surname. Not a surname that someone the text named in full already
 * bears, listed or not: that one is theirs. */
embargo_status emb__scan_surname_later(embargo_scanner *s, size_t a) {
    /* a family's surname names no one of it (Rodriguez Siblings) */
    static const char *const FAMILY[] = {"siblings", "brothers", "sisters", "family", "clan", "dynasty",
                                         "couple", "twins"};
    const word *w = &s->words[a];
    if (s->npending == PENDING || !w->head || w->shape != SHAPE_TITLE || w->e - w->s < 3 || w->said)
        return EMBARGO_OK;
    if (a + 1 < s->nwords && s->words[a + 1].line == w->line &&
        emb__scan_in_list(FAMILY, sizeof(FAMILY) / sizeof(FAMILY[0]), (const char *)s->text.data + s->words[a + 1].s,
                          s->words[a + 1].e - s->words[a + 1].s))
        return EMBARGO_OK;
    char key[KEY_CAP];
    int other;
    size_t kl = emb__scan_word_key_of(s, (const char *)s->text.data + w->s, w->e - w->s, key, &other);
    if (kl == (size_t)-1) return EMBARGO_ENOMEM;
    if (kl == 0 || emb__scan_bloom_has(s->other_bloom, key, kl) || emb__scan_sur_bloom_has(s, key, kl))
        return EMBARGO_OK;
    if (plural_after_the(s, w)) return EMBARGO_OK;
    s->pending[s->npending].word = (uint32_t)a;
    s->pending[s->npending++].tick = s->tick;
    emb__scan_bloom_add(s->pend_bloom, key, kl);
    return EMBARGO_OK;
}

/* The lone surnames kept by emb__scan_surname_later, now that the window has been
 * read: each is the person named in full first after it with that
 * surname, if that person is listed (Kim ... Kim Jong Un ... Kim Yung-ho:
 * Kim Jong Un; Miller ... Matthew Miller ... Alexei Miller: nobody). */
embargo_status emb__scan_resolve_pending(scan_ctx *c) {
    embargo_scanner *s = c->s;
    const char *t = (const char *)s->text.data;
    for (uint32_t p = 0; p < s->npending; p++) {
        size_t a = s->pending[p].word;
        uint32_t after = s->pending[p].tick;
        const word *w = &s->words[a];
        if (w->said) continue;
        char key[KEY_CAP];
        int other;
        size_t kl = emb__scan_word_key_of(s, t + w->s, w->e - w->s, key, &other);
        if (kl == (size_t)-1) return EMBARGO_ENOMEM;
        if (kl == 0) continue;
        hit_rec *best = NULL;
        long best_ni = -1;
        const char *how = "surname before a later full mention";
        for (size_t i = 0; i < s->nhits && emb__scan_sur_bloom_has(s, key, kl); i++) {
            hit_rec *h = &s->hits[i];
            if (!h->full || h->hit.entity.type != EMBARGO_TYPE_PERSON || h->first_tick <= after) continue;
            if (best && h->first_tick >= best->first_tick) continue;
            long ni = hit_surname(s->ix, h, key, kl);
            if (ni < 0) continue;
            best = h;
            best_ni = ni;
        }
        /* else someone the text names later by this surname alone, never in
         * full (a headline's Shoigu before "(Defence Minister Sergei)
         * Shoigu said"): the surname-alone rule has found it rare and
         * theirs */
        uint64_t at = emb__scan_doc_offset(c, w->e);
        for (size_t i = 0; i < s->nhits && !best; i++) {
            hit_rec *h = &s->hits[i];
            if (!h->lone || h->full || h->hit.entity.type != EMBARGO_TYPE_PERSON || h->hit.first_start < at)
                continue;
            long ni = hit_surname(s->ix, h, key, kl);
            if (ni < 0) continue;
            best = h;
            best_ni = ni;
            how = "surname before a later mention of it alone";
        }
        if (!best) continue;
        /* someone no list names, of that surname, named in full first */
        uint32_t hash = emb__scan_sur_hash(key, kl);
        int namesake = 0;
        for (uint32_t k = 0; k < s->nother && !namesake; k++)
            namesake = s->other_last[k].hash == hash && s->other_last[k].first < best->first_tick;
        if (namesake) continue;
        span_match m;
        if (emb__scan_make_match(s->ix, best->hit.entity.index, (uint32_t)best_ni, best->hit.score, &m)) continue;
        embargo_status st = emb__scan_emit(c, &m, w->s, w->e, how);
        if (st) return st;
    }
    return EMBARGO_OK;
}

/* Whether entity k (index position) is listed as linked to entity p: a
 * LINKED_TO field of k's is p's first name, as written. */
int emb__scan_linked_to(const embargo_index *ix, uint32_t k, uint32_t p) {
    const emb_ix_name *pn = &ix->names[ix->entities[p].first_name];
    const char *ptext = ix->strings + pn->text;
    embargo_entity e;
    if (embargo_index_entity(ix, k, &e)) return 0;
    for (uint32_t f = 0; f < e.field_count; f++) {
        embargo_field fd;
        if (embargo_entity_field(ix, &e, f, &fd) || fd.kind != EMBARGO_FIELD_LINKED_TO) continue;
        if (fd.len == pn->text_len && strncasecmp(fd.text, ptext, fd.len) == 0) return 1;
    }
    return 0;
}

/* Whether entity who[p] is the one every other of who[0, n) is listed as
 * linked to. */
static int principal(const embargo_index *ix, const uint32_t *who, size_t n, size_t p) {
    for (size_t k = 0; k < n; k++)
        if (k != p && !emb__scan_linked_to(ix, who[k], who[p])) return 0;
    return 1;
}

/* The words after the comma of a list name "SURNAME, Given Patronymic":
 * [g, g + gl) its first, [pt, pt + pl) its last if it is a patronymic
 * (-vich, -vna, -ich, -ichna) and the name has two or more; 0 if none. */
static int given_words(const char *t, size_t n, size_t *g, size_t *gl, size_t *pt, size_t *pl) {
    const char *comma = memchr(t, ',', n);
    if (!comma) return 0;
    size_t i = (size_t)(comma - t) + 1;
    while (i < n && t[i] == ' ') i++;
    *g = i;
    while (i < n && t[i] != ' ') i++;
    *gl = i - *g;
    size_t e = n;
    while (e > i && t[e - 1] == ' ') e--;
    size_t b = e;
    while (b > i && t[b - 1] != ' ') b--;
    *pt = b;
    *pl = b > i ? e - b : 0;
    static const char *const ENDS[] = {"vich", "vna", "ich", "ichna"};
    int patronymic = 0;
    for (size_t k = 0; k < 4 && *pl; k++) {
        size_t el = strlen(ENDS[k]);
        patronymic |= *pl > el + 3 && strncasecmp(t + e - el, ENDS[k], el) == 0;
    }
    if (!patronymic) *pl = 0;
    return *gl > 0;
}

/* Whether person k's listed patronymic is made from a given name of
 * person p (LUKASHENKA, Viktar Aliaksandravich from LUKASHENKO, Aleksandr;
 * ROTENBERG, Igor Arkadyevich from ROTENBERG, Arkady): k is p's child, as
 * far as the list tells. Compared on the given name less its last letter
 * (Arkad-y, Dmitr-y: Dmitrievich), four letters or more. */
static int child_of(const embargo_index *ix, uint32_t k, uint32_t p) {
    const emb_ix_entity *xk = &ix->entities[k], *xp = &ix->entities[p];
    for (uint32_t i = 0; i < xk->name_count; i++) {
        const emb_ix_name *nk = &ix->names[xk->first_name + i];
        const char *tk = ix->strings + nk->text;
        size_t g, gl, pt, pl;
        if (!given_words(tk, nk->text_len, &g, &gl, &pt, &pl) || !pl) continue;
        for (uint32_t j = 0; j < xp->name_count; j++) {
            const emb_ix_name *np = &ix->names[xp->first_name + j];
            const char *tp = ix->strings + np->text;
            size_t g2, gl2, pt2, pl2;
            if (!given_words(tp, np->text_len, &g2, &gl2, &pt2, &pl2) || gl2 < 5) continue;
            if (strncasecmp(tk + pt, tp + g2, gl2 - 1) == 0) return 1;
        }
    }
    return 0;
}

/* The head of the only family among the people who[0, n) of a surname:
 * the one person whom another of them is listed as linked to or is the
 * child of (child_of), when nobody else of them has anyone so (Dmitry
 * Medvedev, whose son is listed as linked to him, and not the two
 * unrelated Medvedevs listed alone; Alyaksandr Lukashenka, whose sons
 * Viktar and Dzmitry Aliaksandravich are listed): a person listed with
 * their family is the prominent one. n if none. */
static size_t family_head(const embargo_index *ix, const uint32_t *who, size_t n) {
    size_t head = n;
    for (size_t p = 0; p < n; p++)
        for (size_t k = 0; k < n; k++) {
            if (k == p || !(emb__scan_linked_to(ix, who[k], who[p]) || child_of(ix, who[k], who[p]))) continue;
            if (head != n && head != p) return n; /* two families (Rotenberg) */
            head = p;
            break;
        }
    return head;
}

/* Whether the word is an English function word (of, the, with). */
static int substance_less(const char *t, const word *w) {
    char low[48];
    size_t ll = emb__scan_lower_ascii(t + w->s, w->e - w->s, low, sizeof(low));
    return ll && emb__scan_function_word(low, ll);
}

#define TITLE_CUE_WORDS 4 /* words before a surname alone read for a listed title */

/* Whether the listed title text t[0, n) holds the words a, b in a row
 * (any case, as whole words). */
static int title_holds(const char *t, size_t n, const char *a, size_t al, const char *b, size_t bl) {
    for (size_t i = 0; i + al + 1 + bl <= n; i++) {
        if ((i > 0 && emb__scan_is_word_cp((unsigned char)t[i - 1])) || strncasecmp(t + i, a, al) != 0 ||
            t[i + al] != ' ' || strncasecmp(t + i + al + 1, b, bl) != 0)
            continue;
        size_t e = i + al + 1 + bl;
        if (e == n || !emb__scan_is_word_cp((unsigned char)t[e])) return 1;
    }
    return 0;
}

/* Which of the people who[0, n) of a surname alone at words[a] the title
 * right before it gives: two words in a row of at most TITLE_CUE_WORDS
 * before it, in its sentence ("Supreme Leader Khamenei"), are two words in
 * a row of the listed title of exactly one of them (KHAMENEI, Ali: Supreme
 * Leader of Iran; not his son). n if none or several. */
static size_t title_cue(const embargo_scanner *s, size_t a, const uint32_t *who, size_t n) {
    const char *t = (const char *)s->text.data;
    size_t lo = a;
    while (lo > 0 && a - lo < TITLE_CUE_WORDS && !s->words[lo].brk && s->words[lo - 1].line == s->words[a].line)
        lo--;
    size_t found = n;
    for (size_t p = 0; p < n; p++) {
        embargo_entity e;
        if (embargo_index_entity(s->ix, who[p], &e)) continue;
        int says = 0;
        for (uint32_t f = 0; f < e.field_count && !says; f++) {
            embargo_field fd;
            if (embargo_entity_field(s->ix, &e, f, &fd) || fd.kind != EMBARGO_FIELD_TITLE) continue;
            for (size_t j = lo; j + 1 < a && !says; j++) {
                const word *x = &s->words[j], *y = &s->words[j + 1];
                /* words of substance: not "of the", no possessive s */
                if (x->e - x->s < 3 || y->e - y->s < 3 || substance_less(t, x) || substance_less(t, y))
                    continue;
                says = title_holds(fd.text, fd.len, t + x->s, x->e - x->s, t + y->s, y->e - y->s);
            }
        }
        if (!says) continue;
        if (found != n) return n;
        found = p;
    }
    return found;
}

/* Whether the word w (n bytes) is written as a surname word of one of
 * entity e's listed names, but for case, apostrophes and hyphens (Qaani:
 * QA'ANI; not Akhmat, which only the romanisation key makes AHMAT). */
static int surname_as_written(const embargo_index *ix, uint32_t e, const char *w, size_t n) {
    return word_as_written(ix, e, w, n, 1);
}

/* A single capitalised word that is the surname of exactly one listed
 * person and rare as a word people are called (Lavrov, Nabiullina; never
 * Kim, Lopez, Ali, Miller): a prominent person named by surname alone.
 * Reported with a lower score. Sets *done when it reported. */
embargo_status emb__scan_surname_alone(scan_ctx *c, size_t a, size_t ws, size_t we, int *done) {
    embargo_scanner *s = c->s;
    const embargo_index *ix = s->ix;
    const word *w = &s->words[a];
    const char *t = (const char *)s->text.data;
    if (s->opts.threshold > SURNAME_ALONE_SCORE || w->shape != SHAPE_TITLE || we - ws < 5) return EMBARGO_OK;
    /* in running prose only, not in a payment line (INVOICE Kosachyov):
     * some lower-case words on its line, next to it */
    size_t prose = 0;
    for (size_t i = a > 12 ? a - 12 : 0; i < s->nwords && i < a + 12; i++)
        if (s->words[i].line == w->line && s->words[i].shape == SHAPE_LOWER) prose++;
    if (prose < 4) return EMBARGO_OK;
    char low[48];
    size_t ll = emb__scan_lower_ascii(t + w->s, w->e - w->s, low, sizeof(low));
    if (!ll) return EMBARGO_OK;
    emb_name_stat st;
    emb__scan_name_stats(s, low, ll, &st);
    if (st.word || st.person_df >= SURNAME_ALONE_DF) return EMBARGO_OK;
    char key[KEY_CAP];
    int other;
    size_t kl = emb__scan_word_key_of(s, t + w->s, w->e - w->s, key, &other);
    if (kl == (size_t)-1) return EMBARGO_ENOMEM;
    if (kl == 0) return EMBARGO_OK;
    /* the surname of someone the text named in full whom no list names
     * (Daniil Medvedev ... Medvedev said) */
    if (emb__scan_bloom_has(s->other_bloom, key, kl)) return EMBARGO_OK;
    long term = emb__index_term(ix, ix->keyhash, ix->keyhash_cap, ix->keys, key, kl);
    if (term < 0) return EMBARGO_OK;
    const emb_ix_term *tm = &ix->keys[term];
    if (tm->post_count > SURNAME_ALONE_POSTINGS) return EMBARGO_OK;
    uint32_t who[SURNAME_ALONE_PEOPLE], name[SURNAME_ALONE_PEOPLE];
    size_t people = 0;
    for (uint32_t i = 0; i < tm->post_count; i++) {
        uint32_t ni = ix->postings[tm->post + i];
        if (ni >= ix->nnames || ix->names[ni].weak) continue;
        uint32_t e = ix->names[ni].entity;
        if (ix->entities[e].type != EMBARGO_TYPE_PERSON) continue;
        if (!name_has_surname(ix, ni, key, kl)) continue;
        size_t k = 0;
        while (k < people && who[k] != e && !embargo_index_same_group(ix, who[k], e)) k++;
        if (k < people) continue; /* one person, or another list's entry of them */
        if (people == SURNAME_ALONE_PEOPLE) return EMBARGO_OK;
        who[people] = e;
        name[people++] = ni - ix->entities[e].first_name;
    }
    if (people == 0) return EMBARGO_OK;
    /* several people: the one the others are listed as linked to (Shoigu's
     * wife and daughters, LINKED TO: SHOIGU, Sergei); else the one the title
     * before the surname gives; else the only one listed with family; or
     * nobody (two Kovalchuks with families of their own) */
    size_t p = 0;
    if (people > 1) {
        while (p < people && !principal(ix, who, people, p)) p++;
        if (p == people) p = title_cue(s, a, who, people);
        if (p == people) p = family_head(ix, who, people);
        /* else the only one of them whose listed surname is the word as
         * written (Qaani: QA'ANI, Esma'il, whose key GHANI and KANI share) */
        for (size_t q = 0; q < people && p == people; q++) {
            if (!surname_as_written(ix, who[q], t + w->s, w->e - w->s)) continue;
            size_t r = q + 1;
            while (r < people && !surname_as_written(ix, who[r], t + w->s, w->e - w->s)) r++;
            if (r < people) break;
            p = q;
        }
        if (p == people) return EMBARGO_OK;
    }
    /* a city in the lists' addresses (index: PLACES) is that place (In
     * Amman, the... is no AMAN, Mohammed) */
    if (emb__index_place(s->ix, t + w->s, w->e - w->s)) return EMBARGO_OK;
    /* nor is a country or its adjective anyone (Danish authorities: no
     * AL-DAKHIL, also written DANISH) */
    if (emb__country_codes(t + w->s, w->e - w->s)) return EMBARGO_OK;
    /* nor a word after "in" or "near", but for a possessive (a tournament
     * in Turin: no TURIN; in Lavrov's remarks is Lavrov) */
    if (a > 0 && !w->brk && !(a + 1 < s->nwords && emb__scan_possessive_s(s, a + 1))) {
        static const char *const AT[] = {"in", "near"};
        const word *pw = &s->words[a - 1];
        if (emb__scan_in_list(AT, 2, t + pw->s, pw->e - pw->s)) return EMBARGO_OK;
    }
    /* a surname alone that the romanisation key alone makes a listed one
     * is another name (the Akhmat battalions: no AHMAT, Abdul Qadir), unless
     * a title before it is the listed person's */
    if (!surname_as_written(ix, who[p], t + w->s, w->e - w->s) && title_cue(s, a, who + p, 1) != 0)
        return EMBARGO_OK;
    span_match m;
    if (emb__scan_make_match(ix, who[p], name[p], SURNAME_ALONE_SCORE, &m)) return EMBARGO_OK;
    *done = 1;
    embargo_status est = emb__scan_emit(c, &m, ws, we, "surname alone");
    hit_rec *h = est ? NULL : emb__scan_find_hit(s, who[p]);
    if (h) h->lone = 1;
    return est;
}
