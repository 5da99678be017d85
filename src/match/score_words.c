/*
 * score_words.c - the scorer's passes over several words at once, run
 * around the pairing loop of score.c, which pairs words one to one: a
 * token of one side that is two or three of the other written together
 * (SiemensAG ~ Siemens AG, vanderbilt ~ van der bilt), or whose halves
 * have its romanisation key (Kosa-chyov ~ KOSACHEV); acronyms and initials
 * of a run of words (PLA ~ People's Liberation Army, JC ~ Jean-Claude) and
 * the parts of the written word an initial stands for; the Arabic article
 * written to a name (Alghamdi ~ AL-GHAMDI); a pair one edit beyond the
 * typo budget, and the one word each side leaves misspelt beside strong
 * evidence. Each pass pairs only tokens left unpaired (qu, cu) and records
 * its pairs into the tally (emb__record). score_int.h has what the
 * scorer's files share.
 */
#include <string.h>
#include "score_int.h"
#include "../text/romkey.h"

/* Whether t equals a[i] a[i+1] written together, within `budget` edits. */
static int joins(const emb_token *t, const emb_token *a, const emb_token *b, unsigned budget,
                 float *sim) {
    size_t jl = (size_t)a->len + b->len;
    if (t->len < 4 || jl > 2 * EMB_TOKEN_MAX) return 0;
    size_t diff = jl > t->len ? jl - t->len : t->len - jl;
    if (diff > budget || t->text[0] != a->text[0]) return 0;
    if (budget == 0) {
        if (jl != t->len || memcmp(t->text, a->text, a->len) != 0 ||
            memcmp(t->text + a->len, b->text, b->len) != 0)
            return 0;
        /* a Wade-Giles given name, which the analyser joins where a hyphen
         * joins it (Chin-Hua), is one name written apart too (Chin Hua) */
        *sim = emb__wade_giles_pair(a->text, a->len, b->text, b->len) ? 1.0f : EMB_SIM_JOINED;
        return 1;
    }
    char joined[2 * EMB_TOKEN_MAX];
    memcpy(joined, a->text, a->len);
    memcpy(joined + a->len, b->text, b->len);
    size_t L = jl > t->len ? jl : t->len;
    unsigned d = emb__edit_distance(t->text, t->len, joined, jl, budget);
    if (d > budget) return 0;
    *sim = d == 0 ? EMB_SIM_JOINED : EMB_SIM_JOINED * emb__edit_sim(d, L);
    return 1;
}

/* Whether the halves a, b of a hyphenated word (Kosa-chyov) written together
 * have t's romanisation key (KOSACHEV); *sim gets the similarity. */
static int key_joins(const emb_token *t, const emb_token *a, const emb_token *b, float *sim) {
    if (!(a->flags & EMB_TOK_HYPHEN) || t->text[0] != a->text[0]) return 0;
    char joined[2 * EMB_TOKEN_MAX], key[EMB_ROMKEY_CAP(2 * EMB_TOKEN_MAX)];
    memcpy(joined, a->text, a->len);
    memcpy(joined + a->len, b->text, b->len);
    size_t kl = emb__romkey(joined, (size_t)a->len + b->len, key);
    if (kl != t->klen || memcmp(key, t->key, kl) != 0) return 0;
    *sim = EMB_SIM_JOINED * EMB_SIM_TRANSLIT;
    return 1;
}

/* Records token tk of one side joined by a and b of the other (`side` 1:
 * tk is the candidate's), a pair of substance. A query word that is the
 * listed article and name written together (Alghamdi ~ AL-GHAMDI) keeps
 * what it adds to the evidence beyond EMB_ARTICLE_FAMILY_WEIGHT apart: a
 * query of that word alone names a family (score_names). */
static void record_join(tally *t, int side, const emb_token *tk, const emb_token *a,
                        const emb_token *b, float s) {
    float w2 = a->weight + b->weight;
    if (side) emb__record(t, EMBARGO_PAIR_JOINED, a, tk, s, w2, tk->weight);
    else emb__record(t, EMBARGO_PAIR_JOINED, tk, a, s, tk->weight, w2);
    if (!side && !t->org && article(a) && tk->weight > EMB_ARTICLE_FAMILY_WEIGHT)
        t->article_cut += s * (tk->weight - EMB_ARTICLE_FAMILY_WEIGHT);
    t->substance = 1;
}

/* Joins: a token of one side against two adjacent unpaired tokens of the
 * other. `budget_max` 0 takes exact joins only; above 0, the halves of a
 * hyphenated word may also pair by their romanisation key (key_joins). */
/* (pair_joins: see above; `sides` bit 0 asks the query's tokens against
 * the list name's runs, bit 1 the list name's against the query's: the
 * exact joins ask only a side whose join bits meet the other's. `runs`:
 * the join bits of the runs of the query [0] and of the list name [1]
 * (side_marks' two) while no token of either is paired, or NULL) */
void emb__pair_joins(tally *t, const emb_tokens *q, const emb_tokens *c, uint8_t *qu, uint8_t *cu,
                     unsigned budget_max, unsigned sides, const uint64_t *runs) {
    for (int side = 0; side < 2; side++) {
        if (!(sides >> side & 1)) continue;
        const emb_tokens *one = side ? c : q, *two = side ? q : c;
        uint8_t *u1 = side ? cu : qu, *u2 = side ? qu : cu;
        if (!budget_max) {
            /* an exact join is as long as the token and begins with its
             * letter: one bit for each length and first letter (folded
             * into 64) of the runs, then of the tokens */
            uint64_t sums = 0;
            if (runs) {
                sums = runs[!side];
            } else {
                for (uint32_t j = 0; j + 1 < two->n; j++)
                    if (!u2[j] && !u2[j + 1])
                        sums |= join_bit((unsigned)two->tok[j].len + two->tok[j + 1].len, two->tok[j].text[0]);
            }
            for (uint32_t i = 0; sums && i < one->n; i++) {
                const emb_token *tk = &one->tok[i];
                /* joins() wants four letters */
                if (u1[i] || tk->len < 4 || !(sums & join_bit(tk->len, tk->text[0]))) continue;
                for (uint32_t j = 0; j + 1 < two->n; j++) {
                    const emb_token *a = &two->tok[j], *b = &two->tok[j + 1];
                    float s;
                    if (u2[j] || u2[j + 1] || a->text[0] != tk->text[0] || (size_t)a->len + b->len != tk->len ||
                        !joins(tk, a, b, 0, &s))
                        continue;
                    u1[i] = u2[j] = u2[j + 1] = 1;
                    record_join(t, side, tk, a, b, s);
                    runs = NULL; /* (paired: the other side's bits are stale) */
                    break;
                }
            }
            continue;
        }
        /* the first letters of runs of two unpaired tokens: a token of
         * another first letter joins none (most do not; this saves the
         * inner loop) */
        uint32_t starts = 0;
        for (uint32_t j = 0; j + 1 < two->n; j++)
            if (!u2[j] && !u2[j + 1]) starts |= 1u << ((unsigned char)two->tok[j].text[0] & 31);
        for (uint32_t i = 0; starts && i < one->n; i++) {
            const emb_token *tk = &one->tok[i];
            /* joins() wants four letters */
            if (u1[i] || tk->len < 4 || !(starts & (1u << ((unsigned char)tk->text[0] & 31)))) continue;
            unsigned budget = emb__edit_budget(tk->len);
            if (budget > 0) budget--;
            if (budget > budget_max) budget = budget_max;
            for (uint32_t j = 0; j + 1 < two->n; j++) {
                if (u2[j] || u2[j + 1] || two->tok[j].text[0] != tk->text[0]) continue;
                const emb_token *a = &two->tok[j], *b = &two->tok[j + 1];
                /* (joins wants the lengths within the budget, key_joins a
                 * hyphenated word: most runs are neither) */
                unsigned jl = (unsigned)a->len + b->len;
                if ((jl > tk->len ? jl - tk->len : tk->len - jl) > budget && !(a->flags & EMB_TOK_HYPHEN)) continue;
                float s;
                if (!joins(tk, a, b, budget, &s) && !(budget_max && key_joins(tk, a, b, &s))) continue;
                u1[i] = u2[j] = u2[j + 1] = 1;
                record_join(t, side, tk, a, b, s);
                break;
            }
        }
    }
}

/* Joins of three: a token of one side that is three adjacent unpaired
 * tokens of the other written together, exactly (vanderbilt ~ van der
 * bilt; Plat Ono Vich ~ Platonovich). pair_joins takes two. */
/* (`qsix`, `csix`: the unpaired tokens of six letters or more of q and
 * c, each 0 where the other side has fewer than three tokens) */
void emb__pair_joins3(tally *t, const emb_tokens *q, const emb_tokens *c, uint8_t *qu, uint8_t *cu,
                      uint32_t qsix, uint32_t csix) {
    for (int side = 0; side < 2; side++) {
        const emb_tokens *one = side ? c : q, *two = side ? q : c;
        uint8_t *u1 = side ? cu : qu, *u2 = side ? qu : cu;
        /* the lengths of runs of three unpaired tokens against those of
         * unpaired tokens of six letters or more: most pairs have no run
         * as long as a token */
        uint32_t six = side ? unpaired_of(csix, u1) : qsix; /* (side 0 may have paired some) */
        if (!six) continue;
        uint64_t runs = 0, lens = 0;
        for (uint32_t b = six; b; b &= b - 1) lens |= (uint64_t)1 << (one->tok[emb__lowest_bit(b)].len & 63);
        for (uint32_t j = 0; lens && j + 2 < two->n; j++) {
            unsigned jl = (unsigned)two->tok[j].len + two->tok[j + 1].len + two->tok[j + 2].len;
            if (!u2[j] && !u2[j + 1] && !u2[j + 2] && jl < 64) runs |= (uint64_t)1 << jl;
        }
        if (!(runs & lens)) continue;
        for (uint32_t i = 0; i < one->n; i++) {
            const emb_token *tk = &one->tok[i];
            if (u1[i] || tk->len < 6) continue;
            for (uint32_t j = 0; j + 2 < two->n; j++) {
                const emb_token *a = &two->tok[j], *b = a + 1, *d = a + 2;
                if (u2[j] || u2[j + 1] || u2[j + 2] || (size_t)a->len + b->len + d->len != tk->len ||
                    memcmp(tk->text, a->text, a->len) != 0 || memcmp(tk->text + a->len, b->text, b->len) != 0 ||
                    memcmp(tk->text + a->len + b->len, d->text, d->len) != 0)
                    continue;
                u1[i] = u2[j] = u2[j + 1] = u2[j + 2] = 1;
                float w3 = a->weight + b->weight + d->weight;
                if (side) emb__record(t, EMBARGO_PAIR_JOINED, a, tk, EMB_SIM_JOINED, w3, tk->weight);
                else emb__record(t, EMBARGO_PAIR_JOINED, tk, a, EMB_SIM_JOINED, tk->weight, w3);
                t->substance = 1;
                break;
            }
        }
    }
}

/* The letters a token gives an acronym: its first, or for a country phrase
 * the first of each of its words but connecting ones (Islamic Republic of
 * Iran: IRI, of IRISL). Returns how many (at most cap). */
static size_t initials(const emb_token *o, char *out, size_t cap) {
    size_t n = 0;
    if (!(o->flags & EMB_TOK_COUNTRY) || !memchr(o->text, ' ', o->len)) {
        out[0] = o->text[0];
        return 1;
    }
    for (size_t i = 0; i < o->len && n < cap;) {
        size_t e = i;
        while (e < o->len && o->text[e] != ' ') e++;
        size_t wl = e - i;
        if (!((wl == 2 && !memcmp(o->text + i, "of", 2)) || (wl == 3 && !memcmp(o->text + i, "the", 3)) ||
              (wl == 3 && !memcmp(o->text + i, "and", 3))))
            out[n++] = o->text[i];
        i = e + 1;
    }
    return n;
}

/* Whether the tokens of t from j on spell tk's letters by their initials
 * (as pair_acronyms reads them), the tokens in `skip` passed over (NULL:
 * none); with `words`, a token and the parts of its written word give one
 * letter (continues). Stores the tokens used in idx (8) and their number in *nt. */
int emb__spells(const emb_token *tk, const emb_tokens *t, uint32_t j, const uint8_t *skip,
                int words, uint32_t *idx, uint32_t *nt) {
    uint32_t k = j, got = 0;
    *nt = 0;
    while (k < t->n && got < tk->len && !(skip && skip[k])) {
        const emb_token *o = &t->tok[k];
        char ini[8];
        size_t ni = initials(o, ini, sizeof(ini));
        /* connecting words are passed over, and so are legal forms, but for
         * one that gives the next letter (PMC ~ Private Military Company) */
        if ((o->flags & EMB_TOK_STOP) || ((o->flags & EMB_TOK_LEGAL) && ini[0] != tk->text[got])) {
            k++;
            continue;
        }
        if (o == tk || o->len < 2 || got + ni > tk->len || memcmp(ini, tk->text + got, ni) != 0)
            return 0;
        idx[(*nt)++] = k++;
        got += (uint32_t)ni;
        /* a person's initial stands for a written word: Abd al-Rahim,
         * Nasir-al-Din give one letter */
        while (words && k < t->n && !(skip && skip[k]) && continues(t, k)) {
            if (*nt == 8) return 0;
            idx[(*nt)++] = k++;
        }
    }
    return got == tk->len;
}

/* Whether a token of t continues a written word (continues); *known
 * keeps the answer (-1: not asked yet). */
static int written_parts(const emb_tokens *t, int *known) {
    if (*known < 0) {
        *known = 0;
        for (uint32_t k = 1; k < t->n && !*known; k++) *known = continues(t, k);
    }
    return *known;
}

/* Acronyms and initials: a short unpaired token whose letters are the
 * initials of a run of unpaired tokens on the other side. */
void emb__pair_acronyms(tally *t, const emb_tokens *q, const emb_tokens *c, uint8_t *qu,
                        uint8_t *cu) {
    for (int side = 0; side < 2; side++) {
        const emb_tokens *one = side ? c : q, *two = side ? q : c;
        uint8_t *u1 = side ? cu : qu, *u2 = side ? qu : cu;
        /* whether a token of `two` continues a written word (continues),
         * asked when first needed (-1): if none does, spelling by written
         * words is spelling by tokens, and failed already */
        int parts = -1;
        /* the letters the unpaired tokens of `two` give (initials: a
         * country phrase's letters stand for its words'): a token with
         * another letter spells no run (most have one) */
        uint32_t ini = 0;
        for (uint32_t k = 0; k < two->n; k++)
            if (!u2[k])
                ini |= two->tok[k].flags & EMB_TOK_COUNTRY ? two->tok[k].tmask
                                                          : 1u << ((unsigned char)two->tok[k].text[0] & 31);
        for (uint32_t i = 0; i < one->n; i++) {
            const emb_token *tk = &one->tok[i];
            if (tk->tmask & ~ini) continue;
            /* two letters are too ambiguous to stand for an organisation's
             * words (BM, US), not for a person's given names (D.B. ~ Denis
             * Borisovich); a vessel's two letters are its prefix (SV
             * NIKOLAY is no Nikolai Sergeevich Valueev). Two written
             * with dots are an acronym in any name (U.S. ~ United States) */
            if (u1[i] || tk->len < (!(tk->flags & EMB_TOK_DOTTED) && (t->org || !t->person) ? 3 : 2) ||
                tk->len > 6 || (tk->flags & EMB_TOK_NUMBER))
                continue;
            /* (but the Arabic article assimilated, As-Samarai, is no pair
             * of initials) */
            if (tk->len == 2 && (tk->flags & (EMB_TOK_HYPHEN | EMB_TOK_PARTICLE)) && !dotted_particle(tk)) continue;
            /* runs of unpaired tokens, skipping connecting words */
            for (uint32_t j = 0; j < two->n; j++) {
                uint32_t nt, idx[8];
                /* a run starts with its first letter (one that starts with a
                 * connecting word is the run of the word after it) */
                /* a person's written word gives one letter (Abd al-Rahim:
                 * A), or its parts one each as the French write initials
                 * (Jean-Claude: J.-C., JC) */
                if (u2[j] || two->tok[j].text[0] != tk->text[0] ||
                    (!emb__spells(tk, two, j, u2, !t->org, idx, &nt) &&
                     (t->org || !written_parts(two, &parts) || !emb__spells(tk, two, j, u2, 0, idx, &nt))))
                    continue;
                float w2 = 0;
                for (uint32_t g = 0; g < nt; g++) {
                    u2[idx[g]] = 1;
                    w2 += two->tok[idx[g]].weight;
                }
                u1[i] = 1;
                /* an acronym is weaker evidence than the words it stands for */
                float w1 = tk->weight;
                w2 *= 0.5f;
                if (side) emb__record(t, EMBARGO_PAIR_INITIAL, &two->tok[idx[0]], tk, EMB_SIM_ACRONYM, w2, w1);
                else emb__record(t, EMBARGO_PAIR_INITIAL, tk, &two->tok[idx[0]], EMB_SIM_ACRONYM, w1, w2);
                /* A query's acronym of three letters or more for a run of
                 * three words or more (PLA ~ People's Liberation Army) is
                 * evidence of the name as a word is: emb__record() counts no
                 * initial, and an acronym alone scored 0 (0.169 as a
                 * person's name). Not a list's acronym that the initials
                 * of the query's words spell, which is chance (the words
                 * of any three-word name spell a listed SVR or a NIOC),
                 * nor initials written with dots (M.S.A.), which agree as
                 * initials do. It is the name's distinctive word too, as a
                 * word no English one (org_score: PLA China). */
                if (!side && tk->len >= 3 && nt >= 3 && !(tk->flags & EMB_TOK_DOTTED)) {
                    t->evidence += EMB_SIM_ACRONYM * w1;
                    if (!(tk->flags & (EMB_TOK_WORD | EMB_TOK_GENERIC))) t->distinct = 1;
                }
                /* a query's initials written together (N.V. Beglova) agree
                 * with as many listed given names as N. V. Beglova does:
                 * emb__record() counted the run's first word */
                if (!side && !t->org && (substantive(tk) || dotted_particle(tk)) && w1 > 0 &&
                    !(two->tok[idx[0]].flags & EMB_TOK_SURNAME))
                    for (uint32_t g = 1; g < nt; g++)
                        if (!continues(two, idx[g]) && !(two->tok[idx[g]].flags & EMB_TOK_SURNAME))
                            t->initials++;
                t->substance = 1;
                break;
            }
        }
    }
}

/* An initial stands for a whole written word: W. H. A. for Wa'el Hamza Abd
 * Al-Fatah, N. for Nasir-al-Din. Once an initial is paired with the word's
 * first part, the word's other parts are the initial's too (at the
 * initial's similarity) instead of names the query left out. */
void emb__initial_words(tally *t, const emb_tokens *q, const emb_tokens *c,
                        uint8_t *cu, const int8_t *partner) {
    for (uint32_t i = 0; i < q->n; i++) {
        /* (an initial paired with a particle, A. for Al-, stands for no word) */
        if (partner[i] < 0 || !(q->tok[i].flags & EMB_TOK_INITIAL) || !substantive(&c->tok[partner[i]]))
            continue;
        for (uint32_t k = (uint32_t)partner[i] + 1; k < c->n && !cu[k] && continues(c, k); k++) {
            cu[k] = 1;
            emb__record(t, EMBARGO_PAIR_INITIAL, &q->tok[i], &c->tok[k], EMB_SIM_INITIAL, 0,
                   c->tok[k].weight);
        }
    }
}

/* The Arabic article written to a name on one side (ALAZIZ, Alkhayry) and
 * not on the other, where it is apart or not written at all: SAMIR ABD
 * ALAZIZ AL-NAJIM against AL-NAJIM, Samir abd al-Aziz (whose al the
 * analyser gives to abdul), Hamad Alkhayry against EL KHAIRY, Hamad. The
 * word without its article pairs as a join does (EMB_SIM_JOINED; x
 * EMB_SIM_TRANSLIT when only the romanisation keys agree), and takes an
 * unpaired article right before its partner along. pair_joins takes the
 * exact joins (Alrahyah ~ AL-RAHYAH); names of four letters or more only
 * (Alan is not Al-An), and only in a name that is Arabic (arabic_marked). */
static int arabic_marked(const emb_tokens *t) {
    for (uint32_t i = 0; i < t->n; i++) {
        const emb_token *k = &t->tok[i];
        if (article(k) || is_abdul(k) || (k->len == 3 && !memcmp(k->text, "abd", 3)) ||
            ((k->flags & EMB_TOK_PARTICLE) && k->len == 3 &&
             (!memcmp(k->text, "bin", 3) || !memcmp(k->text, "ibn", 3) || !memcmp(k->text, "abu", 3))))
            return 1;
    }
    return 0;
}

void emb__pair_articles(tally *t, const emb_tokens *q, const emb_tokens *c, uint8_t *qu,
                        uint8_t *cu, int8_t *partner) {
    /* (few words begin al or el: look no further for most names) */
    int any = 0;
    for (uint32_t i = 0; i < q->n && !any; i++) any = !qu[i] && article_joined(&q->tok[i]);
    for (uint32_t j = 0; j < c->n && !any; j++) any = !cu[j] && article_joined(&c->tok[j]);
    /* an Arabic name: one side writes an article or a particle apart
     * (Elmira is no Mira, Alberto no Berto) */
    if (!any || !(arabic_marked(q) || arabic_marked(c))) return;
    for (int side = 0; side < 2; side++) {
        const emb_tokens *one = side ? c : q, *two = side ? q : c;
        uint8_t *u1 = side ? cu : qu, *u2 = side ? qu : cu;
        for (uint32_t i = 0; i < one->n; i++) {
            const emb_token *tk = &one->tok[i];
            size_t rl;
            if (u1[i] || !(rl = article_joined(tk))) continue;
            const char *rest = tk->text + 2;
            char key[EMB_ROMKEY_CAP(EMB_TOKEN_MAX)];
            size_t kl = 0;
            for (uint32_t j = 0; j < two->n; j++) {
                const emb_token *o = &two->tok[j];
                if (u2[j] || !substantive(o) || (o->flags & (EMB_TOK_INITIAL | EMB_TOK_NUMBER)) ||
                    o->text[0] != rest[0])
                    continue;
                float sim = 0;
                if (o->len == rl && memcmp(o->text, rest, rl) == 0) {
                    sim = EMB_SIM_JOINED;
                } else {
                    if (!kl) kl = emb__romkey(rest, rl, key);
                    if (o->klen == kl && memcmp(o->key, key, kl) == 0) sim = EMB_SIM_JOINED * EMB_SIM_TRANSLIT;
                }
                if (sim <= 0) continue;
                float w2 = o->weight;
                u1[i] = u2[j] = 1;
                if (j > 0 && !u2[j - 1] && article(&two->tok[j - 1])) {
                    u2[j - 1] = 1;
                    w2 += two->tok[j - 1].weight;
                }
                if (side) {
                    emb__record(t, EMBARGO_PAIR_JOINED, o, tk, sim, w2, tk->weight);
                    partner[j] = (int8_t)i;
                } else {
                    emb__record(t, EMBARGO_PAIR_JOINED, tk, o, sim, tk->weight, w2);
                    partner[i] = (int8_t)j;
                }
                t->substance = 1;
                break;
            }
        }
    }
}

/* Names left unpaired on both sides would contradict each other (see
 * emb__score_names). One edit beyond the typo budget (Smregei ~ SERGEI,
 * Mordsed ~ MORSHED: two typos in a word of seven letters) is more likely
 * a misspelling than another name: such a pair counts at
 * EMB_SIM_FAR_EDIT x the edit similarity, below any pair within the
 * budget. Words of four letters or fewer (budget 0) stay exact: qf, cf
 * are the unpaired words of each side that far_word lets pair here (bit
 * i: token i; side_marks). */
void emb__pair_far(tally *t, const emb_tokens *q, const emb_tokens *c, uint8_t *qu, uint8_t *cu,
                   int8_t *partner, uint32_t qf, uint32_t cf) {
    /* the words either side may pair here, unpaired (side_marks): most
     * names have none left on one side */
    uint8_t cj[32];
    uint32_t nc = 0;
    for (; cf; cf &= cf - 1) cj[nc++] = (uint8_t)emb__lowest_bit(cf);
    for (; nc && qf; qf &= qf - 1) {
        uint32_t i = emb__lowest_bit(qf);
        const emb_token *a = &q->tok[i];
        float best = 0;
        uint32_t bk = 0;
        for (uint32_t k = 0; k < nc; k++) {
            const emb_token *b = &c->tok[cj[k]];
            size_t L = a->len > b->len ? a->len : b->len;
            unsigned far = emb__edit_budget(L) + 1;
            /* people rarely get a name's first letter wrong, and two typos
             * rarely change both the first and the last letter of a long
             * one (Othman is not LEHMAN); but the first letter dropped or
             * doubled before it is one typo (ISLAYK ~ KISLYAK, a typo
             * more). The test keeps this pass cheap where most pairs are
             * far apart (screen.c's word_partner follows it) */
            size_t diff = a->len > b->len ? a->len - b->len : b->len - a->len;
            if (diff > far ||
                (a->text[0] != b->text[0] && (L <= 7 || a->text[a->len - 1] != b->text[b->len - 1]) &&
                 !(a->len > 1 && a->text[1] == b->text[0]) && !(b->len > 1 && b->text[1] == a->text[0])) ||
                emb__popcount(a->tmask ^ b->tmask) + diff > 2 * far ||
                emb__letters_apart(a->text, a->len, b->text, b->len, 2 * far - (unsigned)diff) > 2 * far - diff)
                continue;
            unsigned d = emb__edit_distance(a->text, a->len, b->text, b->len, far);
            if (d > far) continue;
            float sim = EMB_SIM_FAR_EDIT * emb__edit_sim(d, L);
            if (sim > best) {
                best = sim;
                bk = k;
            }
        }
        if (best <= 0 || (a->len >= 8 && !emb__compound_sim(a, &c->tok[cj[bk]], best))) continue;
        uint32_t j = cj[bk];
        cj[bk] = cj[--nc];
        qu[i] = cu[j] = 1;
        partner[i] = (int8_t)j;
        emb__record(t, EMBARGO_PAIR_EDIT, a, &c->tok[j], best, a->weight, c->tok[j].weight);
        t->substance = 1;
    }
}

/* The one name word a side leaves unpaired, if exactly one (titles,
 * particles, connecting words, legal forms and countries aside), as its
 * index; -1 otherwise, and where an initial or a number is left too. */
static int lone_word(const emb_tokens *t, const uint8_t *used) {
    int w = -1;
    for (uint32_t i = 0; i < t->n; i++) {
        const emb_token *k = &t->tok[i];
        if (used[i] || !substantive(k) || (k->flags & EMB_TOK_COUNTRY)) continue;
        if (w >= 0 || (k->flags & (EMB_TOK_INITIAL | EMB_TOK_NUMBER))) return -1;
        w = (int)i;
    }
    return w;
}

/* Whether word s is word l with letters left out. */
static int letters_dropped(const emb_token *s, const emb_token *l) {
    size_t i = 0;
    for (size_t j = 0; i < s->len && j < l->len; j++) i += s->text[i] == l->text[j];
    return i == s->len;
}

/* Whether a word has a digit (a code: AHL1, not a name). */
static int has_digit(const emb_token *t) {
    for (size_t i = 0; i < t->len; i++)
        if (t->text[i] >= '0' && t->text[i] <= '9') return 1;
    return 0;
}

/* Where every other name word of both sides is the same word or
 * romanisation and those words are strong evidence on their own (at least
 * EMB_STRONG_EVIDENCE of it, which two common given names, or English and
 * generic words and a legal form, do not weigh; one of them a name, not
 * an English, generic or country word), the one word
 * each side has left, two edits apart at most, is that word misspelt
 * (Qusay adda Hussein AL-TIKRITI ~ Saddam; Monica Jath VERDUGO GARCIA ~
 * Janeth): the edits in it, where pair_far refuses them (four letters, the
 * first letters dropped: KTASI ~ LAKTASI), cost what pair_far's would, not
 * a contradiction. The longer word has five letters or more: two edits in
 * four are half the word; a longer word of four letters will do for one
 * edit (the shorter of four, or of three with a letter dropped: Syd ~ Syed,
 * Hji ~ Haji) where the query's word is no name the table knows and neither
 * word holds a digit (MOHAMMADHASNI HAJI SSAD KHAN ZARKARI ~ Asad; not a
 * series code, AHL1 ~ AHL2); nor in a
 * romanisation of Arabic or Hebrew script
 * (EMB_TOK_ABJAD), which writes no short vowels: two edits are two of its
 * few letters (شريف shryf is not شياع shya; the name table does not weigh
 * such words, so common ones count as rare). Nor where the query's word
 * is a name people bear (known_name) and more than letters left out of the
 * listed one: a brother's name beside the same father's and family name
 * (Uday Saddam Hussein AL-TIKRITI is not Qusay, 0.694 -> 0.882 without
 * this; adda for Saddam, a name the table has too, is Saddam with letters
 * dropped). A rule about the other words, not about the misspelt one: two
 * edits alone in a short word (Ali Kasimir ~ QASIR, LLC ELYTSEC ~ MELYTEC)
 * stay as they were. */
void emb__lone_misspelt(tally *t, const emb_tokens *q, const emb_tokens *c, uint8_t *qu, uint8_t *cu,
                        int8_t *partner) {
    int i = lone_word(q, qu), j = i < 0 ? -1 : lone_word(c, cu);
    if (j < 0) return;
    /* a patronymic names the father by a given name: half the evidence
     * (Sergej Viktorovich Navros is not LAVROV, Sergey Viktorovich) */
    double e = t->evidence;
    for (uint32_t k = 0; k < q->n; k++)
        if (qu[k] && (q->tok[k].flags & EMB_TOK_PATRONYMIC)) e -= 0.5 * q->tok[k].weight;
    if (e < EMB_STRONG_EVIDENCE) return;
    const emb_token *a = &q->tok[i], *b = &c->tok[j];
    size_t L = a->len > b->len ? a->len : b->len, diff = a->len > b->len ? a->len - b->len : b->len - a->len;
    unsigned most = L == 4 && !known_name(a) && !has_digit(a) && !has_digit(b) ? 1 : 2;
    if (L < 4 + (most == 2) || diff > most || ((a->flags | b->flags) & EMB_TOK_ABJAD) ||
        emb__letters_apart(a->text, a->len, b->text, b->len, 2 * most) > 2 * most)
        return;
    unsigned d = emb__edit_distance(a->text, a->len, b->text, b->len, most);
    if (d > most || (known_name(a) && !(a->len < b->len && letters_dropped(a, b)))) return;
    qu[i] = cu[j] = 1;
    partner[i] = (int8_t)j;
    emb__record(t, EMBARGO_PAIR_EDIT, a, b, EMB_SIM_FAR_EDIT * emb__edit_sim(d, L), a->weight, b->weight);
}

/* Whether c is in the SWIFT MT "x" character set: letters, digits, space
 * and / - ? : ( ) . , ' + */
static int mt_char(char c) {
    unsigned char u = (unsigned char)c;
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
           (u && strchr(" /-?:().,'+", u) != NULL);
}

uint8_t emb__query_cut(const char *s, size_t len, const emb_tokens *q) {
    size_t b = 0, e = len;
    while (b < e && s[b] == ' ') b++;
    while (e > b && s[e - 1] == ' ') e--;
    if (e - b != EMB_CUT_WIDTH) return 0;
    for (size_t i = b; i < e; i++)
        if (!mt_char(s[i])) return 0;
    size_t w = e;
    while (w > b && ((s[w - 1] | 0x20) >= 'a' && (s[w - 1] | 0x20) <= 'z')) w--;
    if (e - w < 2 || w == b) return 0;
    char word[EMB_CUT_WIDTH];
    for (size_t i = w; i < e; i++) word[i - w] = (char)(s[i] | 0x20);
    /* the token that is the word as written (the last such: reading order
     * puts a surname written first after it) */
    for (uint32_t i = q->n; i-- > 0;)
        if (q->tok[i].len == e - w && memcmp(q->tok[i].text, word, e - w) == 0) return (uint8_t)(i + 1);
    return 0;
}

/* Whether listed word j of c is one cut word w may be the beginning of:
 * unpaired, a name, longer, beginning with it. */
static int cut_fits(const emb_token *w, const emb_tokens *c, const uint8_t *cu, uint32_t j) {
    if (j >= c->n || cu[j]) return 0;
    const emb_token *x = &c->tok[j];
    return x->len > w->len && substantive(x) && !(x->flags & (EMB_TOK_INITIAL | EMB_TOK_NUMBER)) &&
           memcmp(x->text, w->text, w->len) == 0;
}

/* The query's word cut short at a payment field's width (emb__query_cut),
 * left unpaired: the beginning of the listed word right after the partner
 * of the query's word right before it, if that query word is paired and
 * that listed word is unpaired and a name longer than the cut word
 * (BELKASSEM DR ~ BELKASSEM DRISSI). It pairs as an initial does
 * (EMB_SIM_INITIAL, its weight no more than the listed word's): the listed
 * word's beginning is confirmed, and the rest is what the field had no
 * room for. Otherwise (the word before unpaired: HASSAN BA is no cut
 * BAZZI; the listed word after paired already) the cut word is left as it
 * was. screen.c (may_pair) lets the same pair through its pruning. */
void emb__pair_cut(tally *t, const emb_tokens *q, const emb_tokens *c, uint8_t *qu, uint8_t *cu,
                   int8_t *partner) {
    uint32_t k = q->cut - 1u;
    if (k >= q->n || qu[k]) return;
    const emb_token *w = &q->tok[k];
    if (w->len < 2 || (w->flags & (EMB_TOK_INITIAL | EMB_TOK_NUMBER))) return;
    if (k == 0 || partner[k - 1] < 0) return;
    const emb_token *v = &q->tok[k - 1];
    uint32_t j = (uint32_t)partner[k - 1] + 1;
    if (!cut_fits(w, c, cu, j)) {
        /* a word written more than once (BIN ... BIN ... BIN LAD) may have
         * paired another of the listed ones spelt as it is: the listed word
         * right after one of those, then */
        for (j = 1; j < c->n; j++)
            if (cu[j - 1] && c->tok[j - 1].klen == v->klen && memcmp(c->tok[j - 1].key, v->key, v->klen) == 0 &&
                cut_fits(w, c, cu, j))
                break;
        if (j >= c->n) return;
    }
    const emb_token *x = &c->tok[j];
    qu[k] = cu[j] = 1;
    partner[k] = (int8_t)j;
    emb__record(t, EMBARGO_PAIR_INITIAL, w, x, EMB_SIM_INITIAL, w->weight < x->weight ? w->weight : x->weight,
                x->weight);
    if (t->out) t->out->cut = 1;
}
