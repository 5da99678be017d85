/*
 * group.c - lists and jurisdictions, and the same entity on several lists.
 *
 * Grouping is deliberately strict: a name match alone never groups two
 * entries (two men called Sergei Ivanov are two men); an agreeing birth
 * date, document number or registration number must back it.
 */
#include "group.h"
#include "../base/alloc.h"
#include "../base/date.h"
#include "../base/hash.h"
#include "../index/index_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SAME_NAME 0.85       /* the least name score that may group */
#define SAME_ORG_NAME 0.95   /* organisations grouped on country need more */

const char *embargo_list_jurisdiction(const char *list) {
    static const struct { const char *prefix, *juris; } MAP[] = {
        {"ofac", "US"}, {"us-", "US"}, {"bis", "US"}, {"uk", "UK"},
        {"eu", "EU"},   {"un", "UN"},
    };
    if (!list) return "";
    for (size_t i = 0; i < sizeof(MAP) / sizeof(MAP[0]); i++) {
        size_t n = strlen(MAP[i].prefix);
        if (strncmp(list, MAP[i].prefix, n) == 0 &&
            (list[n] == '\0' || list[n] == '-' || MAP[i].prefix[n - 1] == '-'))
            return MAP[i].juris;
    }
    return list;
}

const char *embargo_dataset_jurisdiction(const char *name, size_t len) {
    static const struct { const char *dataset, *juris; } MAP[] = {
        {"us_ofac_sdn", "US"},        {"us_ofac_cons", "US"},       {"us_trade_csl", "US"},
        {"us_bis_denied", "US"},      {"gb_hmt_sanctions", "UK"},   {"gb_fcdo_sanctions", "UK"},
        {"eu_fsf", "EU"},             {"eu_journal_sanctions", "EU"}, {"un_sc_sanctions", "UN"},
        {"ch_seco_sanctions", "CH"},  {"ua_nsdc_sanctions", "UA"},  {"ca_dfatd_sema_sanctions", "CA"},
        {"au_dfat_sanctions", "AU"},  {"jp_mof_sanctions", "JP"},   {"eu_sanctions_map", "EU"},
        {"be_fod_sanctions", "BE"},   {"fr_tresor_gels_avoir", "FR"}, {"nz_russia_sanctions", "NZ"},
        {"mc_fund_freezes", "MC"},
    };
    if (!name) return NULL;
    for (size_t i = 0; i < sizeof(MAP) / sizeof(MAP[0]); i++)
        if (strlen(MAP[i].dataset) == len && memcmp(MAP[i].dataset, name, len) == 0) return MAP[i].juris;
    return NULL;
}

embargo_status embargo_index_list_mask(const embargo_index *ix, const char *sel, uint64_t *mask,
                                       const char **bad) {
    if (!ix || !sel || !mask) return EMBARGO_EINVAL;
    *mask = 0;
    if (bad) *bad = NULL;
    const char *p = sel;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        while (n && *p == ' ') { p++; n--; }
        while (n && p[n - 1] == ' ') n--;
        if (n) {
            int found = 0;
            for (uint32_t i = 0; i < ix->nlists && i < 64; i++) {
                const char *name = ix->strings + ix->lists[i].name;
                const char *jur = embargo_list_jurisdiction(name);
                if ((strlen(name) == n && strncasecmp(name, p, n) == 0) ||
                    (strlen(jur) == n && strncasecmp(jur, p, n) == 0)) {
                    *mask |= (uint64_t)1 << i;
                    found = 1;
                }
            }
            if (!found) {
                if (bad) *bad = p;
                return EMBARGO_EINVAL;
            }
        }
        if (!e) break;
        p = e + 1;
    }
    return EMBARGO_OK;
}

/* Calls fn for each field of kind k of entity e, until it returns non-zero. */
static const emb_ix_field *field_at(const embargo_index *ix, uint32_t e, uint32_t i) {
    return &ix->fields[ix->entities[e].first_field + i];
}

static int same_text(const embargo_index *ix, const emb_ix_field *a, const emb_ix_field *b) {
    return a->len == b->len && strncasecmp(ix->strings + a->text, ix->strings + b->text, a->len) == 0;
}

/* Sanctions programmes by the country or theme they concern, as the lists
 * name them: OFAC "RUSSIA-EO14024" and "UKRAINE-EO13661", the EU's "EU-UKR",
 * the UK's "Russia"; the UN's "DPRK" and the UK's "Democratic People's
 * Republic of Korea"; "Al-Qaida", "ISIL (Da'esh) and Al-Qaida" and OFAC's
 * SDGT. Patterns are whole words of the programme text, lower-cased, with
 * everything but letters read as a space. */
static const struct regime {
    const char *pattern, *label;
} REGIMES[] = {
    {"russia", "russia"},        {"ukraine", "russia"},     {"ukr", "russia"},
    {"belarus", "belarus"},      {"korea", "north korea"},  {"dprk", "north korea"},
    {"nkspea", "north korea"},   {"iran", "iran"},          {"syria", "syria"},
    {"afghanistan", "afghanistan"}, {"taliban", "afghanistan"},
    {"qaida", "terrorism"},      {"qaeda", "terrorism"},    {"isil", "terrorism"},
    {"daesh", "terrorism"},      {"da esh", "terrorism"},   {"sdgt", "terrorism"},
    {"terrorism", "terrorism"},  {"congo", "congo"},        {"drc", "congo"},
    {"central african", "central african republic"},        {"car", "central african republic"},
    {"haiti", "haiti"},          {"guinea bissau", "guinea-bissau"}, {"gb", "guinea-bissau"},
    {"somalia", "somalia"},      {"iraq", "iraq"},          {"libya", "libya"},
    {"sudan", "sudan"},          {"southsudan", "sudan"},   {"yemen", "yemen"},        {"mali", "mali"},
    {"venezuela", "venezuela"},  {"cuba", "cuba"},          {"myanmar", "myanmar"},
    {"burma", "myanmar"},        {"nicaragua", "nicaragua"}, {"zimbabwe", "zimbabwe"},
    {"lebanon", "lebanon"},      {"balkans", "western balkans"}, {"glomag", "human rights"},
    {"human rights", "human rights"}, {"cyber", "cyber"},
};
#define NREGIMES (sizeof(REGIMES) / sizeof(REGIMES[0]))
_Static_assert(NREGIMES <= 64, "regime sets are 64-bit masks");

/* Sets bit r of *set for each regime r whose pattern is in programme text
 * s (whole words). */
static void regimes_of(const char *s, size_t n, uint64_t *set) {
    char buf[160];
    size_t k = 0;
    buf[k++] = ' ';
    for (size_t i = 0; i < n && k + 2 < sizeof(buf); i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if (c < 'a' || c > 'z') c = ' ';
        if (c != ' ' || buf[k - 1] != ' ') buf[k++] = c;
    }
    if (buf[k - 1] != ' ') buf[k++] = ' ';
    buf[k] = '\0';
    for (size_t r = 0; r < NREGIMES; r++) {
        char pat[40];
        snprintf(pat, sizeof(pat), " %s ", REGIMES[r].pattern);
        if (strstr(buf, pat)) *set |= (uint64_t)1 << r;
    }
}

/* Whether two programme texts concern the same country or theme; writes its
 * label to *label. */
static int shared_regime(const embargo_index *ix, const emb_ix_field *a, const emb_ix_field *b,
                         const char **label) {
    uint64_t ra = 0, rb = 0;
    regimes_of(ix->strings + a->text, a->len, &ra);
    regimes_of(ix->strings + b->text, b->len, &rb);
    for (size_t r = 0; r < NREGIMES; r++) {
        if (ra & (uint64_t)1 << r) /* a's regime r, by label, in b's */
            for (size_t q = 0; q < NREGIMES; q++)
                if ((rb & (uint64_t)1 << q) && !strcmp(REGIMES[r].label, REGIMES[q].label)) {
                    *label = REGIMES[r].label;
                    return 1;
                }
    }
    return 0;
}

/* The digits and letters of an identifier, upper-cased ("PW 241-8905" ->
 * "PW2418905"), skipping a leading label ("Passport PW2418905 (Ireland)"
 * -> the longest token with a digit). */
static size_t id_number(const char *s, size_t n, char *out, size_t cap) {
    size_t best_s = 0, best_n = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && (s[i] == ' ' || s[i] == ',' || s[i] == '(' || s[i] == ')' || s[i] == ';')) i++;
        size_t st = i;
        int digit = 0;
        while (i < n && s[i] != ' ' && s[i] != ',' && s[i] != '(' && s[i] != ')' && s[i] != ';') {
            if (s[i] >= '0' && s[i] <= '9') digit = 1;
            i++;
        }
        if (digit && i - st > best_n) { best_s = st; best_n = i - st; }
    }
    size_t k = 0;
    for (size_t i = best_s; i < best_s + best_n && k + 1 < cap; i++) {
        char c = s[i];
        if (c >= 'a' && c <= 'z') c = (char)(c - 32);
        if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) out[k++] = c;
    }
    out[k] = '\0';
    return k >= 5 ? k : 0; /* short numbers prove nothing */
}

/* What beyond the name ties entities a and b together, as SAME_* flags (0:
 * not enough); the evidence text goes to ev. */
enum {
    SAME_DATE = 1, SAME_DOCUMENT = 2, SAME_PROGRAMME = 4, SAME_YEAR_NATIONALITY = 8, SAME_COUNTRY = 16
};
#define SAME_LIST_NAME 990 /* thousandths: the name score two entries of one list need */

static unsigned judge(const embargo_index *ix, uint32_t a, uint32_t b, double name_score, char *ev,
                      size_t cap) {
    if (!ix || a >= ix->nentities || b >= ix->nentities || a == b || name_score < SAME_NAME) return 0;
    const emb_ix_entity *ea = &ix->entities[a], *eb = &ix->entities[b];
    if (ea->type != eb->type && ea->type != EMBARGO_TYPE_UNKNOWN && eb->type != EMBARGO_TYPE_UNKNOWN)
        return 0;
    char buf[160] = "";
    int full_date = 0, year = 0, nationality = 0, country = 0, document = 0, program = 0, reference = 0;
    int dates_a = 0, dates_b = 0;
    const char *prog = "";
    for (uint32_t i = 0; i < ea->field_count; i++) {
        const emb_ix_field *fa = field_at(ix, a, i);
        for (uint32_t j = 0; j < eb->field_count; j++) {
            const emb_ix_field *fb = field_at(ix, b, j);
            if (fa->kind == EMBARGO_FIELD_PROGRAM && fb->kind == EMBARGO_FIELD_PROGRAM && !program)
                program = shared_regime(ix, fa, fb, &prog);
            if (fa->kind == EMBARGO_FIELD_BIRTH_DATE && fb->kind == EMBARGO_FIELD_BIRTH_DATE) {
                const char *sa = ix->strings + fa->text, *sb = ix->strings + fb->text;
                if (emb__iso_date10(sa, fa->len) && emb__iso_date10(sb, fb->len) && memcmp(sa, sb, 10) == 0) {
                    if (!full_date) snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%sbirth date %.10s",
                                             buf[0] ? "; " : "", sa);
                    full_date = 1;
                } else if (fa->len >= 4 && fb->len >= 4 && memcmp(sa, sb, 4) == 0) {
                    year = 1;
                }
            } else if ((fa->kind == EMBARGO_FIELD_NATIONALITY || fa->kind == EMBARGO_FIELD_CITIZENSHIP) &&
                       (fb->kind == EMBARGO_FIELD_NATIONALITY || fb->kind == EMBARGO_FIELD_CITIZENSHIP) &&
                       same_text(ix, fa, fb)) {
                nationality = 1;
            } else if (fa->kind == EMBARGO_FIELD_COUNTRY && fb->kind == EMBARGO_FIELD_COUNTRY &&
                       same_text(ix, fa, fb)) {
                country = 1;
            } else if (fa->kind == EMBARGO_FIELD_REFERENCE && fb->kind == EMBARGO_FIELD_REFERENCE &&
                       ea->list == eb->list && !reference && same_text(ix, fa, fb)) {
                /* one list's own reference, given to two of its entries (the
                 * UK's OFSI Group ID of one person under two regimes) */
                snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%sreference %.*s",
                         buf[0] ? "; " : "", (int)(fa->len > 60 ? 60 : fa->len), ix->strings + fa->text);
                reference = 1;
            } else if (fa->kind == EMBARGO_FIELD_ID_DOCUMENT && fb->kind == EMBARGO_FIELD_ID_DOCUMENT) {
                char na[64], nb[64];
                if (id_number(ix->strings + fa->text, fa->len, na, sizeof(na)) &&
                    id_number(ix->strings + fb->text, fb->len, nb, sizeof(nb)) && strcmp(na, nb) == 0) {
                    if (!document) snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%sdocument %s",
                                            buf[0] ? "; " : "", na);
                    document = 1;
                }
            }
        }
    }
    for (uint32_t i = 0; i < ea->field_count; i++)
        dates_a += field_at(ix, a, i)->kind == EMBARGO_FIELD_BIRTH_DATE;
    for (uint32_t j = 0; j < eb->field_count; j++)
        dates_b += field_at(ix, b, j)->kind == EMBARGO_FIELD_BIRTH_DATE;
    unsigned same = (full_date ? SAME_DATE : 0) | (document || reference ? SAME_DOCUMENT : 0);
    /* A list that gives no birth date (the UK's spreadsheet) can still be
     * matched: a near-identical name under the same country's sanctions
     * programme, with nothing that contradicts it. */
    if (!same && program && name_score >= SAME_ORG_NAME && (dates_a == 0 || dates_b == 0)) {
        same = SAME_PROGRAMME;
        snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%sprogramme (%s), no birth date to compare",
                 buf[0] ? "; " : "", prog);
    }
    if (!same && year && nationality) {
        same = SAME_YEAR_NATIONALITY;
        snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%sbirth year and nationality",
                 buf[0] ? "; " : "");
    }
    int org = ea->type == EMBARGO_TYPE_ORGANIZATION || eb->type == EMBARGO_TYPE_ORGANIZATION;
    if (!same && org && country && name_score >= SAME_ORG_NAME) {
        same = SAME_COUNTRY;
        snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%scountry", buf[0] ? "; " : "");
    }
    if (same && ev && cap) snprintf(ev, cap, "name %.2f; %s", name_score, buf);
    return same;
}

int embargo_index_same_entity(const embargo_index *ix, uint32_t a, uint32_t b, double name_score,
                              char *ev, size_t cap) {
    return judge(ix, a, b, name_score, ev, cap) != 0;
}

/* ---- groups, found when the index is built ------------------------------ */

/* Name scores are kept in thousandths; the decision at build time is taken
 * on the rounded score, so that the evidence recomputed from the stored
 * score later (embargo_index_group_evidence) is the same decision. */
static double score_of(uint32_t t) { return t / 1000.0; }
static uint32_t thousandths(double score) { return (uint32_t)(score * 1000.0 + 1e-6); }

typedef struct group_edge {
    uint32_t a, b, score;
    int same_list;       /* a list naming one person twice (OFAC does) */
} group_edge;

static int cmp_edge(const void *x, const void *y) {
    const group_edge *p = x, *q = y;
    if (p->same_list != q->same_list) return p->same_list ? -1 : 1;
    if (p->score != q->score) return p->score > q->score ? -1 : 1;
    if (p->a != q->a) return p->a < q->a ? -1 : 1;
    return (p->b > q->b) - (p->b < q->b);
}

static uint32_t find_root(uint32_t *parent, uint32_t x) {
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

/* Hangs b's tree of `via` links under a: the path from b to its root is
 * reversed, so that b becomes the root, and b then points at a. */
static void hang_under(emb_ix_group *g, uint32_t b, uint32_t a, uint32_t score) {
    uint32_t prev = a, prev_score = score, cur = b;
    for (;;) {
        uint32_t next = g[cur].via, next_score = g[cur].score;
        g[cur].via = prev;
        g[cur].score = prev_score;
        if (next == cur) break;
        prev = cur;
        prev_score = next_score;
        cur = next;
    }
}

/* The pairs found so far. */
typedef struct edge_set {
    group_edge *v;
    size_t n, cap;
} edge_set;

static int edge_add(edge_set *es, uint32_t a, uint32_t b, uint32_t q, int same_list) {
    if (es->n == es->cap) {
        size_t cap = es->cap ? 2 * es->cap : 256;
        group_edge *v = emb__realloc(es->v, cap * sizeof(*v));
        if (!v) return -1;
        es->v = v;
        es->cap = cap;
    }
    es->v[es->n++] = (group_edge){a < b ? a : b, a < b ? b : a, q, same_list};
    return 0;
}

/* Whether what ties a and b together (judge's flags, name score q) makes
 * them one. A list keeps its entries apart on purpose: two of them are one
 * only on a document number, or on a birth date and the same name. */
static int joinable(unsigned why, uint32_t q, int same_list) {
    if (!why) return 0;
    return !same_list || (why & SAME_DOCUMENT) || ((why & SAME_DATE) && q >= SAME_LIST_NAME);
}

/* Pairs across lists: the names of each entity (primary and strong
 * aliases) are screened against the other lists, except that the largest
 * list is only searched, never searched from: its pairs are found from the
 * other side, so that the cost follows the smaller lists (a million-entity
 * list beside the UK's costs the UK's 5,000 entities' screenings, not a
 * million). Between the other lists, pairs are searched both ways. */
static embargo_status cross_list_edges(const embargo_index *ix, const embargo_build_options *bo,
                                       edge_set *es) {
    uint32_t nl = ix->nlists < 64 ? ix->nlists : 64, largest = 0;
    for (uint32_t l = 1; l < nl; l++)
        if (ix->lists[l].entities > ix->lists[largest].entities) largest = l;
    uint64_t all = nl == 64 ? ~(uint64_t)0 : ((uint64_t)1 << nl) - 1;
    embargo_matcher *m = NULL, *cmp = NULL;
    embargo_status st = embargo_matcher_new(ix, &m);
    if (!st) st = embargo_matcher_new(NULL, &cmp);
    embargo_screen_options o;
    embargo_screen_options_init(&o);
    o.threshold = SAME_NAME - 0.05; /* the other direction may reach SAME_NAME */
    o.limit = 16;
    for (uint32_t a = 0; a < ix->nentities && !st; a++) {
        if (bo && bo->size >= sizeof(*bo) && bo->progress && (a & 1023) == 0)
            bo->progress(bo->progress_ctx, "groups", a, ix->nentities);
        const emb_ix_entity *ea = &ix->entities[a];
        if (ea->list >= nl || ea->list == largest) continue;
        o.list_mask = all & ~((uint64_t)1 << ea->list);
        o.type_mask = ea->type == EMBARGO_TYPE_UNKNOWN
                          ? 0
                          : (1u << ea->type) | (1u << EMBARGO_TYPE_UNKNOWN);
        for (uint32_t k = 0; k < ea->name_count && !st; k++) {
            const emb_ix_name *nm = &ix->names[ea->first_name + k];
            if (nm->weak) continue;
            const embargo_match *mm;
            size_t n;
            st = embargo_matcher_screen(m, ix->strings + nm->text, nm->text_len, &o, &mm, &n);
            if (st == EMBARGO_EQUERY) { /* a name the screen refuses groups nothing */
                st = EMBARGO_OK;
                continue;
            }
            for (size_t j = 0; j < n && !st; j++) {
                uint32_t b = mm[j].entity.index;
                /* Nothing beyond the name: no pair, whatever the name. A
                 * weak alias ("Supporters of Islamic Law", which OFAC gives
                 * two different groups) ties nobody to anybody. */
                if (ix->names[ix->entities[b].first_name + mm[j].name_index].weak ||
                    !joinable(judge(ix, a, b, 1.0, NULL, 0), 1000, 0))
                    continue;
                /* A name score is not symmetric (a word only the query has
                 * costs more than one only the list has: "GLAZYEV Sergey
                 * Yurievich" finds "GLAZYEV, Sergey" less readily than the
                 * other way round); the better direction counts, as if each
                 * entry had been screened for the other. */
                double back;
                if (embargo_matcher_compare(cmp, mm[j].matched_name, mm[j].matched_name_len,
                                            ix->strings + nm->text, nm->text_len, &back, NULL))
                    continue;
                uint32_t q = thousandths(back > mm[j].score ? back : mm[j].score);
                if (joinable(judge(ix, a, b, score_of(q), NULL, 0), q, 0) && edge_add(es, a, b, q, 0))
                    st = EMBARGO_ENOMEM;
            }
        }
    }
    embargo_matcher_free(m);
    embargo_matcher_free(cmp);
    return st;
}

typedef struct keyed {
    uint64_t key;
    uint32_t entity;
} keyed;

static int cmp_keyed(const void *x, const void *y) {
    const keyed *p = x, *q = y;
    if (p->key != q->key) return p->key < q->key ? -1 : 1;
    return (p->entity > q->entity) - (p->entity < q->entity);
}

static int cmp_str(const void *x, const void *y) {
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The key of entity e's primary name, whatever its word order: its tokens'
 * romanisation keys, sorted, titles left out. */
static uint64_t name_key(const embargo_index *ix, uint32_t e, uint64_t seed) {
    const emb_ix_name *n = &ix->names[ix->entities[e].first_name];
    const char *keys[32];
    uint32_t k = 0;
    for (uint32_t i = 0; i < n->token_count && k < 32; i++) {
        const emb_ix_token *t = &ix->tokens[n->first_token + i];
        if (!(t->flags & EMB_TOK_TITLE)) keys[k++] = ix->strings + t->key;
    }
    qsort(keys, k, sizeof(keys[0]), cmp_str);
    uint64_t h = seed;
    for (uint32_t i = 0; i < k; i++) h = emb__hash_seed(keys[i], strlen(keys[i]) + 1, h);
    return h;
}

/* A run of entries sharing a key longer than this identifies nobody (a
 * placeholder number, the commonest names): it is passed over. */
#define SAME_LIST_RUN 16

/* Pairs within one list: entries that share their name, a document number
 * or one of the list's own references, found by sorting keys (a list naming one person twice rarely
 * changes the name, and never the passport). The names are compared; the
 * pair is kept on judge's evidence under the same-list rule. */
static embargo_status same_list_edges(const embargo_index *ix, edge_set *es) {
    size_t cap = ix->nentities, n = 0;
    for (uint32_t e = 0; e < ix->nentities; e++)
        for (uint32_t i = 0; i < ix->entities[e].field_count; i++)
            cap += field_at(ix, e, i)->kind == EMBARGO_FIELD_ID_DOCUMENT ||
                   field_at(ix, e, i)->kind == EMBARGO_FIELD_REFERENCE;
    keyed *v = emb__calloc(cap ? cap : 1, sizeof(*v));
    embargo_matcher *cmp = NULL;
    embargo_status st = v ? embargo_matcher_new(NULL, &cmp) : EMBARGO_ENOMEM;
    if (st) goto done;
    for (uint32_t e = 0; e < ix->nentities; e++) {
        uint64_t list = ix->entities[e].list;
        v[n++] = (keyed){name_key(ix, e, 0x6e616d65ULL + list), e};
        for (uint32_t i = 0; i < ix->entities[e].field_count; i++) {
            const emb_ix_field *f = field_at(ix, e, i);
            char num[64];
            size_t len;
            if (f->kind == EMBARGO_FIELD_REFERENCE) {
                v[n++] = (keyed){emb__hash_seed(ix->strings + f->text, f->len, 0x726566ULL + list), e};
                continue;
            }
            if (f->kind != EMBARGO_FIELD_ID_DOCUMENT ||
                !(len = id_number(ix->strings + f->text, f->len, num, sizeof(num))))
                continue;
            v[n++] = (keyed){emb__hash_seed(num, len, 0x646f63ULL + list), e};
        }
    }
    qsort(v, n, sizeof(*v), cmp_keyed);
    for (size_t r = 0; r < n && !st;) {
        size_t end = r + 1;
        while (end < n && v[end].key == v[r].key) end++;
        for (size_t i = r; end - r <= SAME_LIST_RUN && i < end && !st; i++)
            for (size_t j = i + 1; j < end && !st; j++) {
                uint32_t a = v[i].entity, b = v[j].entity;
                if (a == b || ix->entities[a].list != ix->entities[b].list) continue;
                const emb_ix_name *na = &ix->names[ix->entities[a].first_name];
                const emb_ix_name *nb = &ix->names[ix->entities[b].first_name];
                double s;
                if (embargo_matcher_compare(cmp, ix->strings + na->text, na->text_len,
                                            ix->strings + nb->text, nb->text_len, &s, NULL))
                    continue;
                uint32_t q = thousandths(s);
                if (joinable(judge(ix, a, b, score_of(q), NULL, 0), q, 1) && edge_add(es, a, b, q, 1))
                    st = EMBARGO_ENOMEM;
            }
        r = end;
    }
done:
    embargo_matcher_free(cmp);
    emb__free(v);
    return st;
}

/* Whether entities a and b both give full birth dates and none agree: the
 * evidence against their being one person, whatever joins them. */
static int dates_conflict(const embargo_index *ix, uint32_t a, uint32_t b) {
    const emb_ix_entity *ea = &ix->entities[a], *eb = &ix->entities[b];
    int da = 0, db = 0;
    for (uint32_t i = 0; i < ea->field_count; i++) {
        const emb_ix_field *fa = field_at(ix, a, i);
        if (fa->kind != EMBARGO_FIELD_BIRTH_DATE || !emb__iso_date10(ix->strings + fa->text, fa->len)) continue;
        da = 1;
        for (uint32_t j = 0; j < eb->field_count; j++) {
            const emb_ix_field *fb = field_at(ix, b, j);
            if (fb->kind != EMBARGO_FIELD_BIRTH_DATE || !emb__iso_date10(ix->strings + fb->text, fb->len)) continue;
            db = 1;
            if (memcmp(ix->strings + fa->text, ix->strings + fb->text, 10) == 0) return 0;
        }
    }
    return da && db;
}

/* Whether the groups of a and b may become one: no two members whose birth
 * dates contradict each other (a chain through an entry that gives no date
 * must not join two people the dates tell apart), no list twice unless the
 * two entries are that list naming one person twice, and no more than
 * EMB_GROUP_MAX members. */
static int may_join(const embargo_index *ix, const emb_ix_group *g, const uint64_t *lists,
                    const group_edge *e, uint32_t ra, uint32_t rb) {
    uint64_t shared = lists[ra] & lists[rb];
    if (e->same_list) shared &= ~((uint64_t)1 << (ix->entities[e->a].list & 63)); /* that list only */
    if (shared) return 0;
    uint32_t na = 0, nb = 0;
    for (uint32_t x = e->a; na == 0 || x != e->a; x = g[x].next) na++;
    for (uint32_t y = e->b; nb == 0 || y != e->b; y = g[y].next) nb++;
    if (na + nb > EMB_GROUP_MAX) return 0;
    for (uint32_t x = e->a, i = 0; i < na; x = g[x].next, i++)
        for (uint32_t y = e->b, j = 0; j < nb; y = g[y].next, j++)
            if (dates_conflict(ix, x, y)) return 0;
    return 1;
}

embargo_status emb__group_entities(const embargo_index *ix, emb_ix_group *g,
                                   const embargo_build_options *opts) {
    for (uint32_t i = 0; i < ix->nentities; i++) g[i] = (emb_ix_group){i, i, 0};
    edge_set es = {NULL, 0, 0};
    embargo_status st = same_list_edges(ix, &es);
    if (!st) st = cross_list_edges(ix, opts, &es);
    if (st) {
        emb__free(es.v);
        return st;
    }
    group_edge *edges = es.v;
    size_t n = es.n;
    uint32_t *parent = emb__calloc(ix->nentities, sizeof(*parent));
    uint64_t *lists = emb__calloc(ix->nentities, sizeof(*lists));
    if (!parent || !lists) {
        st = EMBARGO_ENOMEM;
        goto done;
    }
    for (uint32_t i = 0; i < ix->nentities; i++) {
        parent[i] = i;
        lists[i] = (uint64_t)1 << (ix->entities[i].list & 63);
    }
    /* a list's own duplicates first, then strongest first: an entry joins
     * the group its best namesake is in */
    if (n) qsort(edges, n, sizeof(*edges), cmp_edge);
    for (size_t k = 0; k < n; k++) {
        uint32_t a = edges[k].a, b = edges[k].b;
        uint32_t ra = find_root(parent, a), rb = find_root(parent, b);
        if (ra == rb || !may_join(ix, g, lists, &edges[k], ra, rb)) continue;
        hang_under(g, b, a, edges[k].score);
        uint32_t t = g[a].next;
        g[a].next = g[b].next;
        g[b].next = t;
        parent[rb] = ra;
        lists[ra] |= lists[rb];
    }
done:
    emb__free(parent);
    emb__free(lists);
    emb__free(edges);
    return st;
}

size_t embargo_index_group(const embargo_index *ix, uint32_t i, uint32_t *members, size_t cap) {
    if (!ix || i >= ix->nentities || !members || !cap) return 0;
    size_t n = 0;
    members[n++] = i;
    /* a longer walk than a group can be is a damaged file */
    for (uint32_t j = ix->groups[i].next; j != i && n < cap && n < EMB_GROUP_MAX; j = ix->groups[j].next)
        members[n++] = j;
    /* the others in index order (the order the lists were loaded in) */
    for (size_t a = 2; a < n; a++)
        for (size_t b = a; b > 1 && members[b - 1] > members[b]; b--) {
            uint32_t t = members[b];
            members[b] = members[b - 1];
            members[b - 1] = t;
        }
    return n;
}

int embargo_index_same_group(const embargo_index *ix, uint32_t a, uint32_t b) {
    if (!ix || a >= ix->nentities || b >= ix->nentities) return 0;
    uint32_t j = a;
    for (uint32_t k = 0; k < EMB_GROUP_MAX; k++) {
        if (j == b) return 1;
        j = ix->groups[j].next;
        if (j == a) break;
    }
    return 0;
}

int embargo_index_group_evidence(const embargo_index *ix, uint32_t i, uint32_t *via, char *evidence,
                                 size_t cap) {
    if (evidence && cap) evidence[0] = '\0';
    if (!ix || i >= ix->nentities || ix->groups[i].via == i) return 0;
    const emb_ix_group *g = &ix->groups[i];
    if (via) *via = g->via;
    if (!embargo_index_same_entity(ix, g->via, i, score_of(g->score), evidence, cap) &&
        evidence && cap)
        snprintf(evidence, cap, "name %.2f", score_of(g->score));
    return 1;
}
