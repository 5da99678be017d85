/*
 * evidence.c - what beyond the name makes two entries one person or
 * organisation, and the groups an index stores.
 *
 * Grouping is deliberately strict: a name match alone never groups two
 * entries (two men called Sergei Ivanov are two men); an agreeing birth
 * date, document number or registration number must back it. Everything
 * here reads the index only; finding the groups (group.c) is the stage
 * that searches.
 */
#include "group.h"
#include "../base/date.h"
#include "../index/index_int.h"
#include "../text/country.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static int same_text(const embargo_index *ix, const emb_ix_field *a, const emb_ix_field *b) {
    return a->len == b->len && strncasecmp(ix->strings + a->text, ix->strings + b->text, a->len) == 0;
}

/* Whether two fields name one country, however written ("Russia" and
 * "Russian Federation", "Korea, North" and "DPRK"; country.h). */
static int same_country(const embargo_index *ix, const emb_ix_field *a, const emb_ix_field *b) {
    if (same_text(ix, a, b)) return 1;
    return emb__country_overlap(emb__country_codes(ix->strings + a->text, a->len),
                                emb__country_codes(ix->strings + b->text, b->len));
}

/* Whether two birth-date texts give the same first year ("1957-03-01",
 * "1957", "circa 1957" all give 1957; "circa 1942" does not). */
static int same_year(const char *a, size_t an, const char *b, size_t bn) {
    size_t end;
    int ya = emb__year_at(a, an, &end);
    return ya && ya == emb__year_at(b, bn, &end);
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
size_t emb__group_id_number(const char *s, size_t n, char *out, size_t cap) {
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

unsigned emb__group_judge(const embargo_index *ix, uint32_t a, uint32_t b, double name_score,
                          char *ev, size_t cap) {
    if (!ix || a >= ix->nentities || b >= ix->nentities || a == b || name_score < SAME_NAME) return 0;
    const emb_ix_entity *ea = &ix->entities[a], *eb = &ix->entities[b];
    if (ea->type != eb->type && ea->type != EMBARGO_TYPE_UNKNOWN && eb->type != EMBARGO_TYPE_UNKNOWN)
        return 0;
    char buf[160] = "";
    int full_date = 0, year = 0, nationality = 0, country = 0, document = 0, program = 0, reference = 0;
    int dates_a = 0, dates_b = 0;
    const char *prog = "";
    for (uint32_t i = 0; i < ea->field_count; i++) {
        const emb_ix_field *fa = emb__group_field(ix, a, i);
        for (uint32_t j = 0; j < eb->field_count; j++) {
            const emb_ix_field *fb = emb__group_field(ix, b, j);
            if (fa->kind == EMBARGO_FIELD_PROGRAM && fb->kind == EMBARGO_FIELD_PROGRAM && !program)
                program = shared_regime(ix, fa, fb, &prog);
            if (fa->kind == EMBARGO_FIELD_BIRTH_DATE && fb->kind == EMBARGO_FIELD_BIRTH_DATE) {
                const char *sa = ix->strings + fa->text, *sb = ix->strings + fb->text;
                if (emb__iso_date10(sa, fa->len) && emb__iso_date10(sb, fb->len) && memcmp(sa, sb, 10) == 0) {
                    if (!full_date) snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%sbirth date %.10s",
                                             buf[0] ? "; " : "", sa);
                    full_date = 1;
                } else if (same_year(sa, fa->len, sb, fb->len)) {
                    year = 1;
                }
            } else if ((fa->kind == EMBARGO_FIELD_NATIONALITY || fa->kind == EMBARGO_FIELD_CITIZENSHIP) &&
                       (fb->kind == EMBARGO_FIELD_NATIONALITY || fb->kind == EMBARGO_FIELD_CITIZENSHIP) &&
                       same_country(ix, fa, fb)) {
                nationality = 1;
            } else if (fa->kind == EMBARGO_FIELD_COUNTRY && fb->kind == EMBARGO_FIELD_COUNTRY &&
                       same_country(ix, fa, fb)) {
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
                if (emb__group_id_number(ix->strings + fa->text, fa->len, na, sizeof(na)) &&
                    emb__group_id_number(ix->strings + fb->text, fb->len, nb, sizeof(nb)) && strcmp(na, nb) == 0) {
                    if (!document) snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%sdocument %s",
                                            buf[0] ? "; " : "", na);
                    document = 1;
                }
            }
        }
    }
    for (uint32_t i = 0; i < ea->field_count; i++)
        dates_a += emb__group_field(ix, a, i)->kind == EMBARGO_FIELD_BIRTH_DATE;
    for (uint32_t j = 0; j < eb->field_count; j++)
        dates_b += emb__group_field(ix, b, j)->kind == EMBARGO_FIELD_BIRTH_DATE;
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
    return emb__group_judge(ix, a, b, name_score, ev, cap) != 0;
}

/* Whether entities a and b both give full birth dates and none agree: the
 * evidence against their being one person, whatever joins them. */
int emb__group_dates_conflict(const embargo_index *ix, uint32_t a, uint32_t b) {
    const emb_ix_entity *ea = &ix->entities[a], *eb = &ix->entities[b];
    int da = 0, db = 0;
    for (uint32_t i = 0; i < ea->field_count; i++) {
        const emb_ix_field *fa = emb__group_field(ix, a, i);
        if (fa->kind != EMBARGO_FIELD_BIRTH_DATE || !emb__iso_date10(ix->strings + fa->text, fa->len)) continue;
        da = 1;
        for (uint32_t j = 0; j < eb->field_count; j++) {
            const emb_ix_field *fb = emb__group_field(ix, b, j);
            if (fb->kind != EMBARGO_FIELD_BIRTH_DATE || !emb__iso_date10(ix->strings + fb->text, fb->len)) continue;
            db = 1;
            if (memcmp(ix->strings + fa->text, ix->strings + fb->text, 10) == 0) return 0;
        }
    }
    return da && db;
}

/* ---- the groups an index stores ------------------------------------------ */

size_t embargo_index_group(const embargo_index *ix, uint32_t i, uint32_t *members, size_t cap) {
    if (!ix || i >= ix->nentities || !members || !cap) return 0;
    size_t n = 0;
    members[n++] = i;
    if (!ix->groups) return n; /* an index built without groups */
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
    if (a == b) return 1;
    if (!ix->groups) return 0;
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
    if (!ix || i >= ix->nentities || !ix->groups || ix->groups[i].via == i) return 0;
    const emb_ix_group *g = &ix->groups[i];
    if (via) *via = g->via;
    if (!embargo_index_same_entity(ix, g->via, i, emb__group_score(g->score), evidence, cap) &&
        evidence && cap)
        snprintf(evidence, cap, "name %.2f", emb__group_score(g->score));
    return 1;
}
