/*
 * group.c - lists and jurisdictions, and the same entity on several lists.
 *
 * Grouping is deliberately strict: a name match alone never groups two
 * entries (two men called Sergei Ivanov are two men); an agreeing birth
 * date, document number or registration number must back it.
 */
#include "embargo.h"
#include "../index/index_int.h"

#include <stdio.h>
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

/* Whether two programme texts share a country word ("RUSSIA-EO14024" and
 * "Russia", "UKRAINE-EO13661" and "EU-UKR"); writes it to out. */
static int shared_program_word(const embargo_index *ix, const emb_ix_field *a, const emb_ix_field *b,
                               char *out, size_t cap) {
    static const char *const COUNTRIES[] = {"russia", "ukr", "belarus", "iran", "syria", "korea",
                                            "dprk", "venezuela", "cuba", "libya", "myanmar", "burma",
                                            "sudan", "yemen", "iraq", "afghan", "somalia", "mali",
                                            "nicaragua", "zimbabwe", "lebanon", "congo"};
    const char *sa = ix->strings + a->text, *sb = ix->strings + b->text;
    for (size_t i = 0; i < sizeof(COUNTRIES) / sizeof(COUNTRIES[0]); i++) {
        size_t n = strlen(COUNTRIES[i]);
        int ina = 0, inb = 0;
        for (size_t k = 0; k + n <= a->len && !ina; k++) ina = strncasecmp(sa + k, COUNTRIES[i], n) == 0;
        for (size_t k = 0; k + n <= b->len && !inb; k++) inb = strncasecmp(sb + k, COUNTRIES[i], n) == 0;
        if (ina && inb) {
            snprintf(out, cap, "%s", COUNTRIES[i]);
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

int embargo_index_same_entity(const embargo_index *ix, uint32_t a, uint32_t b, double name_score,
                              char *ev, size_t cap) {
    if (!ix || a >= ix->nentities || b >= ix->nentities || a == b || name_score < SAME_NAME) return 0;
    const emb_ix_entity *ea = &ix->entities[a], *eb = &ix->entities[b];
    if (ea->type != eb->type && ea->type != EMBARGO_TYPE_UNKNOWN && eb->type != EMBARGO_TYPE_UNKNOWN)
        return 0;
    char buf[160] = "";
    int full_date = 0, year = 0, nationality = 0, country = 0, document = 0, program = 0;
    int dates_a = 0, dates_b = 0;
    char prog[32] = "";
    for (uint32_t i = 0; i < ea->field_count; i++) {
        const emb_ix_field *fa = field_at(ix, a, i);
        for (uint32_t j = 0; j < eb->field_count; j++) {
            const emb_ix_field *fb = field_at(ix, b, j);
            if (fa->kind == EMBARGO_FIELD_PROGRAM && fb->kind == EMBARGO_FIELD_PROGRAM && !program)
                program = shared_program_word(ix, fa, fb, prog, sizeof(prog));
            if (fa->kind == EMBARGO_FIELD_BIRTH_DATE && fb->kind == EMBARGO_FIELD_BIRTH_DATE) {
                const char *sa = ix->strings + fa->text, *sb = ix->strings + fb->text;
                if (fa->len >= 10 && fb->len >= 10 && memcmp(sa, sb, 10) == 0) {
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
    int same = full_date || document;
    /* A list that gives no birth date (the UK's spreadsheet) can still be
     * matched: a near-identical name under the same country's sanctions
     * programme, with nothing that contradicts it. */
    if (!same && program && name_score >= SAME_ORG_NAME && (dates_a == 0 || dates_b == 0)) {
        same = 1;
        snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%sprogramme (%s), no birth date to compare",
                 buf[0] ? "; " : "", prog);
    }
    if (!same && year && nationality) {
        same = 1;
        snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%sbirth year and nationality",
                 buf[0] ? "; " : "");
    }
    if (!same && ea->type == EMBARGO_TYPE_ORGANIZATION && country && name_score >= SAME_ORG_NAME) {
        same = 1;
        snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%scountry", buf[0] ? "; " : "");
    }
    if (same && ev && cap) snprintf(ev, cap, "name %.2f; %s", name_score, buf);
    return same;
}
