/*
 * scan_evidence.c - the entities a scan has found, and the evidence a text
 * gives about them (src/scan, see scan.c).
 *
 * A hit per entity found, with its mentions; an age or birth year after a
 * name and a nationality before it, read against the entity's fields, are
 * noted on the hit or keep a match out.
 */
#include "scan_int.h"

/* ---- entities found --------------------------------------------------------------- */

/* The hit of this entity, or of another list's entry of the same person
 * (embargo_index_group): a person the text names is reported once. */
static int has_hit_bit(const embargo_scanner *s, uint32_t e) {
    return (s->hit_bits[e >> 3] >> (e & 7)) & 1;
}

/* Whether the entity or a member of its group has a hit: most entities
 * screened have none, and then emb__scan_find_hit need not walk the hits. */
static int group_has_hit(const embargo_scanner *s, uint32_t e) {
    if (e >= s->ix->nentities) return 1; /* let emb__scan_find_hit judge */
    if (has_hit_bit(s, e)) return 1;
    const emb_ix_group *g = s->ix->groups;
    uint32_t j = g[e].next;
    for (uint32_t k = 0; k < EMB_GROUP_MAX && j != e && j < s->ix->nentities; k++, j = g[j].next)
        if (has_hit_bit(s, j)) return 1;
    return 0;
}

hit_rec *emb__scan_find_hit(embargo_scanner *s, uint32_t entity) {
    if (!group_has_hit(s, entity)) return NULL;
    if (entity < s->ix->nentities && s->hit_of[entity]) return &s->hits[s->hit_of[entity] - 1];
    if (s->ix->groups[entity].next == entity) return NULL; /* listed once */
    for (size_t i = 0; i < s->nhits; i++)
        if (embargo_index_same_group(s->ix, s->hits[i].hit.entity.index, entity)) return &s->hits[i];
    return NULL;
}

hit_rec *emb__scan_add_hit(embargo_scanner *s, const embargo_entity *e, uint64_t start) {
    hit_rec *h = emb__scan_find_hit(s, e->index);
    if (h) return h;
    if (EMB_GROW(s->hits, s->hits_cap, s->nhits + 1)) return NULL;
    h = &s->hits[s->nhits++];
    memset(h, 0, sizeof(*h));
    h->hit.entity = *e;
    if (e->index < s->ix->nentities) {
        s->hit_bits[e->index >> 3] |= (uint8_t)(1u << (e->index & 7));
        s->hit_of[e->index] = (uint32_t)s->nhits;
    }
    h->hit.first_start = start;
    return h;
}

/* How many of a listed name's tokens are names (not titles, particles...). */
unsigned emb__scan_name_words(const embargo_index *ix, const embargo_entity *e, uint32_t name_index) {
    const emb_ix_name *n = &ix->names[ix->entities[e->index].first_name + name_index];
    unsigned k = 0;
    for (uint32_t i = 0; i < n->token_count; i++) {
        const emb_ix_token *t = &ix->tokens[n->first_token + i];
        /* generic words and country phrases name no organisation: SBERBANK
         * ROSSII is Sberbank's one word */
        if (!(t->flags & (EMB_TOK_TITLE | EMB_TOK_PARTICLE | EMB_TOK_STOP | EMB_TOK_LEGAL |
                          EMB_TOK_INITIAL | EMB_TOK_GENERIC)) &&
            !((t->flags & EMB_TOK_COUNTRY) && (t->legal & EMB_COUNTRY_PHRASE)))
            k++;
    }
    return k;
}

/* How many tokens of a listed name are words, generic ones included (not
 * titles, particles, connecting words, legal forms or initials): a word
 * in halves (Alfa-Bank) names ALFA-BANK, whose BANK emb__scan_name_words leaves out. */
unsigned emb__scan_name_tokens(const embargo_index *ix, const embargo_entity *e, uint32_t name_index) {
    const emb_ix_name *n = &ix->names[ix->entities[e->index].first_name + name_index];
    unsigned k = 0;
    for (uint32_t i = 0; i < n->token_count; i++)
        k += !(ix->tokens[n->first_token + i].flags &
               (EMB_TOK_TITLE | EMB_TOK_PARTICLE | EMB_TOK_STOP | EMB_TOK_LEGAL | EMB_TOK_INITIAL));
    return k;
}

/* Whether the word before word wi names a kind of ship ("the tanker ..."). */
int emb__scan_vessel_word_before(const embargo_scanner *s, size_t wi) {
    static const char *const WORDS[] = {"vessel", "ship", "tanker", "yacht", "freighter",
                                        "carrier", "mv", "boat", "superyacht"};
    if (wi == 0) return 0;
    const word *p = &s->words[wi - 1];
    const char *t = (const char *)s->text.data + p->s;
    size_t len = p->e - p->s;
    for (size_t i = 0; i < sizeof(WORDS) / sizeof(WORDS[0]); i++)
        if (strlen(WORDS[i]) == len && !strncasecmp(t, WORDS[i], len)) return 1;
    return 0;
}

/* ---- evidence from the text ---------------------------------------------------- */

/* A number followed by "-year-old" or " years old" within the next words
 * after byte `from` (up to `limit`): the age the text gives, or -1. */
static int age_after(const char *t, size_t from, size_t limit) {
    for (size_t i = from; i + 9 < limit; i++) {
        if (t[i] < '0' || t[i] > '9' || (i > 0 && t[i - 1] >= '0' && t[i - 1] <= '9')) continue;
        int v = 0;
        size_t j = i;
        while (j < limit && t[j] >= '0' && t[j] <= '9' && v < 1000) v = v * 10 + (t[j++] - '0');
        if (v < 10 || v > 110) continue;
        if (limit - j >= 9 && (memcmp(t + j, "-year-old", 9) == 0 || memcmp(t + j, " year-old", 9) == 0))
            return v;
        if (limit - j >= 10 && memcmp(t + j, " years old", 10) == 0) return v;
    }
    return -1;
}

static int birth_year(const embargo_index *ix, const embargo_entity *e) {
    for (uint32_t i = 0; i < e->field_count; i++) {
        embargo_field f;
        if (embargo_entity_field(ix, e, i, &f) || f.kind != EMBARGO_FIELD_BIRTH_DATE || f.len < 4) continue;
        int y = 0;
        for (int k = 0; k < 4; k++) {
            if (f.text[k] < '0' || f.text[k] > '9') { y = -1; break; }
            y = y * 10 + (f.text[k] - '0');
        }
        if (y > 0) return y;
    }
    return 0;
}

/* Notes what the words around a full mention say about the entity: an age
 * against its birth year (given the document's year). */
/* Country adjectives of the nationalities lists name most often. */
static const struct { const char *adj, *country; } DEMONYMS[] = {
    {"afghan", "afghanistan"}, {"american", "united states"}, {"belarusian", "belarus"},
    {"british", "united kingdom"}, {"chinese", "china"}, {"colombian", "colombia"},
    {"cuban", "cuba"}, {"egyptian", "egypt"}, {"emirati", "united arab emirates"},
    {"french", "france"}, {"german", "germany"}, {"indian", "india"}, {"iranian", "iran"},
    {"iraqi", "iraq"}, {"israeli", "israel"}, {"italian", "italy"}, {"jordanian", "jordan"},
    {"kazakh", "kazakhstan"}, {"korean", "korea"}, {"kuwaiti", "kuwait"}, {"lebanese", "lebanon"},
    {"libyan", "libya"}, {"mexican", "mexico"}, {"nicaraguan", "nicaragua"},
    {"pakistani", "pakistan"}, {"palestinian", "palestin"}, {"qatari", "qatar"},
    {"russian", "russia"}, {"saudi", "saudi arabia"}, {"somali", "somalia"},
    {"sudanese", "sudan"}, {"syrian", "syria"}, {"turkish", "turkey"},
    {"ukrainian", "ukraine"}, {"venezuelan", "venezuela"}, {"yemeni", "yemen"},
};

/* Words of listed titles too general to confirm anyone (Member of the
 * Federal Assembly of the Russian Federation): country adjectives and these. */
static int generic_word(const char *w, size_t n) {
    static const char *const GENERIC[] = {"member", "members", "federal", "federation", "assembly",
                                          "state", "states", "republic", "national", "people",
                                          "peoples", "former", "deputy", "general", "first"};
    for (size_t i = 0; i < sizeof(GENERIC) / sizeof(GENERIC[0]); i++)
        if (strlen(GENERIC[i]) == n && !strncasecmp(w, GENERIC[i], n)) return 1;
    for (size_t d = 0; d < sizeof(DEMONYMS) / sizeof(DEMONYMS[0]); d++)
        if (strlen(DEMONYMS[d].adj) == n && !strncasecmp(w, DEMONYMS[d].adj, n)) return 1;
    return 0;
}

/* Whether field text names the country (case-insensitive prefix match). */
static int field_says(const embargo_field *f, const char *country) {
    size_t n = strlen(country);
    return f->len >= n && !strncasecmp(f->text, country, n);
}

/* The country that the words right before window offset `at` give a
 * person (U.S. special envoy, the Iranian economist): a nationality within
 * NATIONALITY_BEFORE bytes, on the same line, after no punctuation but the
 * full stops of U.S.; NULL if none. */
const char *emb__scan_nationality_before(const embargo_scanner *s, size_t at) {
    const char *t = (const char *)s->text.data;
    size_t lo = at > NATIONALITY_BEFORE ? at - NATIONALITY_BEFORE : 0, i = at;
    while (i > lo) {
        char ch = t[i - 1];
        if (ch == '\n' || ch == ',' || ch == ';' || ch == ':' || ch == '(' || ch == ')' || ch == '"') break;
        /* a full stop ends the sentence, but not after a lone capital (U.S.) */
        if (ch == '.' && !(i >= 2 && t[i - 2] >= 'A' && t[i - 2] <= 'Z' &&
                           (i == 2 || t[i - 3] == '.' || t[i - 3] == ' ')))
            break;
        i--;
    }
    for (size_t j = i; j < at;) {
        while (j < at && t[j] == ' ') j++;
        size_t ws = j;
        while (j < at && t[j] != ' ') j++;
        size_t wl = j - ws;
        if ((wl == 4 && !memcmp(t + ws, "U.S.", 4)) || (wl == 2 && !memcmp(t + ws, "US", 2)))
            return "united states";
        for (size_t d = 0; d < sizeof(DEMONYMS) / sizeof(DEMONYMS[0]); d++)
            if (strlen(DEMONYMS[d].adj) == wl && !strncasecmp(t + ws, DEMONYMS[d].adj, wl))
                return DEMONYMS[d].country;
    }
    return NULL;
}

/* Whether a person's listed nationalities or citizenships (at least one)
 * all differ from `country`; for a person listed with none, the countries
 * of their places of birth (SALEH, Ali Mohamad, born in Adchit, Lebanon, is
 * no Jordanian economist Ali Saleh). */
int emb__scan_other_nationality(const embargo_index *ix, const embargo_entity *e, const char *country) {
    int listed = 0, born = 0, born_there = 0;
    const char *codes = NULL;
    for (uint32_t k = 0; k < e->field_count; k++) {
        embargo_field f;
        if (embargo_entity_field(ix, e, k, &f)) continue;
        if (f.kind == EMBARGO_FIELD_BIRTH_PLACE) {
            if (!codes) codes = emb__country_codes(country, strlen(country));
            const char *at = emb__country_codes(f.text, f.len);
            if (!codes || !at) continue;
            born = 1;
            born_there |= emb__country_overlap(codes, at);
        }
        if (f.kind != EMBARGO_FIELD_NATIONALITY && f.kind != EMBARGO_FIELD_CITIZENSHIP) continue;
        if (field_says(&f, country)) return 0;
        listed = 1;
    }
    return listed || (born && !born_there);
}

/* Appends "; note" (or "note") to the evidence, if there is room. */
static void add_note(hit_rec *h, const char *note) {
    size_t used = strlen(h->evidence);
    if (strstr(h->evidence, note)) return;
    snprintf(h->evidence + used, sizeof(h->evidence) - used, "%s%s", used ? "; " : "", note);
}

/* Notes what the words around a full mention at [start, end) say about the
 * entity: an age against its birth year (given the document's year), a
 * nationality adjective against its nationalities, a word of its listed
 * title (President, Member of the State Duma). */
void emb__scan_note_evidence(embargo_scanner *s, hit_rec *h, size_t start, size_t end) {
    if (h->looked++ >= EVIDENCE_LOOKS) return; /* the first full mentions say enough */
    const char *t = (const char *)s->text.data;
    size_t lo = start > 100 ? start - 100 : 0;
    size_t hi = end + 100 < s->text.len ? end + 100 : s->text.len;
    char note[96];
    int by = birth_year(s->ix, &h->hit.entity);
    int age = s->doc_year ? age_after(t, end, end + 80 < hi ? end + 80 : hi) : -1;
    if (age >= 0 && by) {
        int expect = s->doc_year - by;
        int agrees = age == expect || age == expect - 1;
        snprintf(note, sizeof(note), "age %d %s birth year %d (document of %d)", age,
                 agrees ? "agrees with" : "DISAGREES with", by, s->doc_year);
        add_note(h, note);
    }
    /* words around the mention, lower-cased */
    const embargo_entity *e = &h->hit.entity;
    for (size_t i = lo; i < hi;) {
        while (i < hi && !((t[i] | 32) >= 'a' && (t[i] | 32) <= 'z')) i++;
        size_t ws = i;
        while (i < hi && (((t[i] | 32) >= 'a' && (t[i] | 32) <= 'z') || t[i] == '-')) i++;
        size_t wl = i - ws;
        if (wl < 4 || (ws >= start && ws < end)) continue;
        for (size_t d = 0; d < sizeof(DEMONYMS) / sizeof(DEMONYMS[0]); d++) {
            if (strlen(DEMONYMS[d].adj) != wl || strncasecmp(t + ws, DEMONYMS[d].adj, wl) != 0) continue;
            for (uint32_t k = 0; k < e->field_count; k++) {
                embargo_field f;
                if (embargo_entity_field(s->ix, e, k, &f)) continue;
                if ((f.kind == EMBARGO_FIELD_NATIONALITY || f.kind == EMBARGO_FIELD_CITIZENSHIP) &&
                    field_says(&f, DEMONYMS[d].country)) {
                    snprintf(note, sizeof(note), "\"%.*s\" agrees with nationality %.*s",
                             (int)wl, t + ws, (int)f.len, f.text);
                    add_note(h, note);
                    break;
                }
            }
        }
        /* a distinctive word of the listed title: President, Duma, Council */
        for (uint32_t k = 0; k < e->field_count; k++) {
            embargo_field f;
            if (embargo_entity_field(s->ix, e, k, &f) || f.kind != EMBARGO_FIELD_TITLE) continue;
            for (size_t j = 0; j + wl <= f.len; j++) {
                if ((j > 0 && ((f.text[j - 1] | 32) >= 'a' && (f.text[j - 1] | 32) <= 'z')) ||
                    (j + wl < f.len && ((f.text[j + wl] | 32) >= 'a' && (f.text[j + wl] | 32) <= 'z')))
                    continue;
                if (wl >= 5 && !generic_word(t + ws, wl) && !strncasecmp(t + ws, f.text + j, wl)) {
                    snprintf(note, sizeof(note), "\"%.*s\" agrees with the listed title", (int)wl, t + ws);
                    add_note(h, note);
                    break;
                }
            }
        }
    }
}

/* The year of the document: the caller's date, or a date in the first lines
 * ("August 6, 2018", "2018-08-06", "6 August 2018"). 0 if none. */
int emb__scan_find_year(const char *date, const char *t, size_t n) {
    const char *p = date;
    size_t len = date ? strlen(date) : (n < 600 ? n : 600);
    if (!date) p = t;
    for (size_t i = 0; i + 4 <= len; i++) {
        if (i > 0 && p[i - 1] >= '0' && p[i - 1] <= '9') continue;
        int ok = 1, y = 0;
        for (int k = 0; k < 4; k++) {
            if (p[i + k] < '0' || p[i + k] > '9') { ok = 0; break; }
            y = y * 10 + (p[i + k] - '0');
        }
        if (!ok || (i + 4 < len && p[i + 4] >= '0' && p[i + 4] <= '9')) continue;
        if (y >= 1900 && y <= 2100) return y;
    }
    return 0;
}

/* The country adjective of a country written as words[i] (Belarus:
 * belarusian), or NULL. */
const char *emb__scan_demonym_of(const embargo_scanner *s, size_t i) {
    const char *t = (const char *)s->text.data;
    size_t n = s->words[i].e - s->words[i].s;
    for (size_t d = 0; d < sizeof(DEMONYMS) / sizeof(DEMONYMS[0]); d++)
        if (strlen(DEMONYMS[d].country) == n && !strncasecmp(t + s->words[i].s, DEMONYMS[d].country, n))
            return DEMONYMS[d].adj;
    return NULL;
}
