/*
 * score_org.c - what an organisation's names leave unpaired, and what it
 * says (docs/scoring.md, "Organisations"): org_score in score.c weighs
 * each side's unpaired words as emb__org_unpaired sorts them. A country
 * phrase (of the Russian Federation, Belarusian) pairs with the same
 * country however written and costs little left out; a generic word
 * (Group, Bank) agrees in full but costs little left out; the words
 * around a quoted name (PRIVATE MILITARY COMPANY 'WAGNER'), a name's own
 * acronym and its repeated words only describe it; a legal form missing
 * on one side costs as a word of its side; a describing word (plant,
 * research, NPP) costs as a generic word, and a dedication (named after
 * N.I. Sazikin) as the words around a quoted name. Also the country rules
 * (emb__weigh_countries: a country phrase both names give weighs as an
 * English word; emb__country_before_legal: a bare country between the
 * name and its legal form names a subsidiary), the one-name cap of an
 * organisation's alias (emb__query_name_borne, emb__org_worded), and
 * what an organisation's unpaired word costs the screen's bound at least
 * (emb__org_least, emb__org_listed_word: score.c, score_names).
 * score_int.h has what the scorer's files share.
 */
#include "score_int.h"
#include "../text/freq.h"

/* The letters (bit: letter & 31) the words of t begin with, the words of
 * a country phrase too: every letter of an acronym of t's own words is
 * one of them (initials), and most words have a letter that is not. */
static uint32_t word_firsts(const emb_tokens *t) {
    uint32_t m = 0;
    for (uint32_t j = 0; j < t->n; j++) {
        const emb_token *o = &t->tok[j];
        if (!o->len) continue;
        m |= 1u << ((unsigned char)o->text[0] & 31);
        if (o->flags & EMB_TOK_COUNTRY)
            for (size_t k = 1; k + 1 < o->len; k++)
                if (o->text[k] == ' ') m |= 1u << ((unsigned char)o->text[k + 1] & 31);
    }
    return m;
}

/* Words that say what kind of organisation a name's distinctive word
 * belongs to, its trade or its rank in a ministry's plan, rather than
 * which: a plant, a shipyard, a research and production enterprise, a
 * design bureau, and the abbreviations Russian names write for these
 * (NPP, NPO, OKB, NII). People drop them or write others (NPP Istok for
 * JOINT STOCK COMPANY 'RESEARCH AND PRODUCTION ENTERPRISE 'ISTOK'; Legmash
 * Plant for ZAVOD LEGMASH): left out, they weigh as a generic word does.
 * Only the organisation scorer reads them so (not the lexicon's generic
 * words, which the scan takes for no part of a name: Baltic in running
 * text is no BALTIC SHIPYARD). A word of the name: not a legal form,
 * generic word, country or number, which weigh as they are. */
static int describing_word(const emb_token *k) {
    if (k->flags &
        (EMB_TOK_LEGAL | EMB_TOK_GENERIC | EMB_TOK_COUNTRY | EMB_TOK_NUMBER | EMB_TOK_STOP | EMB_TOK_PARTICLE))
        return 0;
    const char *x = k->text;
#define IS(w) (x[0] == (w)[0] && memcmp(x, w, sizeof(w) - 1) == 0)
    switch (k->len) {
    case 2: return IS("kb");
    case 3: return IS("nii") || IS("npk") || IS("npo") || IS("npp") || IS("okb") || IS("skb");
    case 4: return IS("ntts") || IS("tskb");
    case 5: return IS("byuro") || IS("plant") || IS("works") || IS("zavod");
    case 6: return IS("bureau") || IS("design");
    case 7: return IS("combine") || IS("complex") || IS("fabrika") || IS("factory") || IS("nauchno");
    case 8: return IS("kombinat") || IS("research") || IS("shipyard");
    case 9: return IS("institute");
    case 10: return IS("obedinenie") || IS("production") || IS("scientific");
    case 11: return IS("association") || IS("corporation") || IS("obedineniye") || IS("obyedinenie");
    case 12: return IS("korporatsiya") || IS("obyedineniye") || IS("shipbuilding");
    case 15: return IS("issledovatelsky");
    case 16: return IS("issledovatelskii") || IS("issledovatelskiy") || IS("proizvodstvennoe");
    case 17: return IS("proizvodstvennoye");
    default: return 0;
    }
#undef IS
}

/* Where a name's dedication begins: "named after" (or the Russian imeni)
 * and what follows, JOINT STOCK COMPANY DUBNENSKY MACHINE BUILDING PLANT
 * NAMED AFTER NP FEDOROV. The person it honours says which organisation
 * no more than its trade does; people leave it out. t->n: none, or none
 * after a word of the name. */
static uint32_t dedication(const emb_tokens *t) {
    for (uint32_t i = 1; i + 1 < t->n; i++) {
        const emb_token *k = &t->tok[i];
        if (k->len == 5 && memcmp(k->text, "named", 5) == 0 && t->tok[i + 1].len == 5 &&
            memcmp(t->tok[i + 1].text, "after", 5) == 0)
            return i;
        if (k->len == 5 && memcmp(k->text, "imeni", 5) == 0) return i;
    }
    return t->n;
}

/* Whether the other side paired every word of t's name before its
 * dedication at `end` (not its legal forms, generic, describing or
 * country words) and one of its words at least (Sverdlov Plant against
 * PLANT NAMED AFTER IA. M. SVERDLOV): the rest of the dedication then only
 * describes the organisation both names name; otherwise it may be all
 * that names it (NAUCHNO PROIZVODSTVENNOYE OBYEDINENIYE IMENI LAVOCHKINA
 * is no NAUCHNO-PROIZVODSTVENNOE OBEDINENIE OPTIKA). */
static int named_before(const emb_tokens *t, const uint8_t *used, uint32_t end) {
    int any = 0;
    for (uint32_t i = 0; i < t->n; i++) {
        const emb_token *k = &t->tok[i];
        if (!substantive(k) || (k->flags & (EMB_TOK_GENERIC | EMB_TOK_COUNTRY)) || describing_word(k)) continue;
        if (used[i]) any = 1;
        else if (i < end) return 0;
    }
    return any;
}

/* Whether t->tok[i] is an acronym a name gives of its own words, as in THE
 * ISLAMIC REPUBLIC OF IRAN SHIPPING LINES (IRISL): a restatement. *firsts
 * keeps word_firsts(t) (0: not worked out yet). */
static int own_acronym_spelt(const emb_tokens *t, uint32_t i) {
    const emb_token *tk = &t->tok[i];
    uint32_t idx[8], nt;
    for (uint32_t j = 0; j < t->n; j++)
        if (j != i && t->tok[j].text[0] == tk->text[0] && emb__spells(tk, t, j, NULL, 0, idx, &nt)) return 1;
    return 0;
}

/* (inline: asked of most unpaired words of an organisation's names; the
 * tests before the spelling settle nearly all) */
static inline int own_acronym(const emb_tokens *t, uint32_t i, uint32_t *firsts) {
    const emb_token *tk = &t->tok[i];
    if (t->n < 3 || tk->len < 3 || tk->len > 6 || (tk->flags & (EMB_TOK_NUMBER | EMB_TOK_LEGAL)))
        return 0;
    if (!*firsts) *firsts = word_firsts(t);
    for (size_t k = 0; k < tk->len; k++)
        if (!(*firsts & (1u << ((unsigned char)tk->text[k] & 31)))) return 0;
    return own_acronym_spelt(t, i);
}

/* Whether the paired words of a query are names many people bear: known to
 * the name table (known_name) and weighing half the evidence a match needs
 * at most, as the common given names do (Sara, Iyad: 0.4); not Rosneft
 * (0.85), Zenit (0.795), qaida (0.77), which the table has from a few
 * names. The one-name cap of an organisation's alias (score_names). */
int emb__query_name_borne(const emb_tokens *q, const uint8_t *qu) {
    int any = 0;
    for (uint32_t i = 0; i < q->n; i++)
        if (qu[i] && substantive(&q->tok[i])) {
            if (!known_name(&q->tok[i]) || q->tok[i].weight > (float)(EMB_MIN_EVIDENCE / 2)) return 0;
            any = 1;
        }
    return any;
}

/* Whether a name has a word that says it names an organisation or a thing
 * rather than a person: a legal form, a generic organisation word, an
 * English word or a country. */
int emb__org_worded(const emb_tokens *t) {
    for (uint32_t i = 0; i < t->n; i++)
        if (t->tok[i].flags & (EMB_TOK_LEGAL | EMB_TOK_GENERIC | EMB_TOK_WORD | EMB_TOK_COUNTRY)) return 1;
    return 0;
}

/* In an organisation's name a country phrase or adjective (Russian, of the
 * Republic of Belarus) that both names give agrees as an ordinary English
 * word would (EMB_COUNTRY_PAIRED at most, whatever its frequency); left out,
 * it weighs EMB_WEIGHT_COUNTRY (org_unpaired). `out` receives the tokens so
 * weighed; returns whether any changed (if not, the caller keeps its own). */
int emb__weigh_countries(const emb_tokens *in, emb_token *out, emb_tokens *view) {
    uint32_t i = 0;
    while (i < in->n && !country_phrase(&in->tok[i])) i++;
    if (i == in->n) return 0;
    memcpy(out, in->tok, in->n * sizeof(*out));
    for (; i < in->n; i++)
        if (country_phrase(&out[i]) && out[i].weight > (float)EMB_COUNTRY_PAIRED)
            out[i].weight = (float)EMB_COUNTRY_PAIRED;
    view->tok = out;
    view->n = in->n;
    return 1;
}

/* Whether a token numbers one of a series of organisations: a Roman
 * numeral (Fund II, Partners IV; 2 for one of two letters or more, 1 for a
 * single I, V or X, which may be an initial). Not Xi, nor initials written
 * with dots (named after V.I. Luzyanin); and not digits,
 * which are as often part of the name (TEXEL F.C.G. TECHNOLOGY 2100 LTD). */
static inline int series_number(const emb_token *t) {
    if (t->len == 0) return 0;
    char f = t->text[0];
    if ((f != 'i' && f != 'v' && f != 'x') || t->len > 5 || (t->flags & EMB_TOK_DOTTED) ||
        (t->len == 2 && !memcmp(t->text, "xi", 2)))
        return 0;
    for (size_t i = 0; i < t->len; i++)
        if (t->text[i] != 'i' && t->text[i] != 'v' && t->text[i] != 'x') return 0;
    return t->len >= 2 ? 2 : 1;
}

/* Whether t->tok[i] repeats a paired word of its own name, as the UK list
 * restates names in brackets: PJSC Sberbank (Public Joint-Stock Company
 * Sberbank). Names of fewer than four words are not looked at. */
static int restated(const emb_tokens *t, const uint8_t *used, uint32_t i) {
    const emb_token *a = &t->tok[i];
    if (t->n < 4) return 0;
    for (uint32_t k = 0; k < t->n; k++) {
        const emb_token *b = &t->tok[k];
        if (used[k] && b->len == a->len && b->text[0] == a->text[0] &&
            memcmp(b->text, a->text, a->len) == 0)
            return 1;
    }
    return 0;
}

/* Whether t names its organisation in quotes within a longer name, and the
 * other side paired every quoted word: PRIVATE MILITARY COMPANY 'WAGNER'
 * against Wagner. The words around the quotes then only describe it. */
static int quoted_name_paired(const emb_tokens *t, const uint8_t *used) {
    int quoted = 0, around = 0;
    uint32_t i = 0;
    while (i < t->n && !(t->tok[i].flags & EMB_TOK_QUOTED)) i++;
    if (i == t->n) return 0;
    for (i = 0; i < t->n; i++) {
        const emb_token *k = &t->tok[i];
        if (!substantive(k) || (k->flags & EMB_TOK_COUNTRY)) continue;
        if (k->flags & EMB_TOK_QUOTED) {
            if (!used[i]) return 0;
            quoted = 1;
        } else {
            around = 1;
        }
    }
    return quoted && around;
}

/* Whether a word is the form of a non-profit: the Russian autonomous
 * non-commercial organisation, ANO (АНО), which the lexicon leaves a word
 * of the name: read as a legal form, it would cost as one where the other
 * side gives none (АНО 'ТВ-новости' ~ TV-NOVOSTI, one organisation, 0.979
 * -> 0.943), and the legal forms of the lexicon are companies'. */
static int nonprofit_form(const emb_token *k) {
    return k->len == 3 && memcmp(k->text, "ano", 3) == 0;
}

/* Whether t names a country anywhere, as a bare name or a phrase. */
static int names_country(const emb_tokens *t) {
    for (uint32_t i = 0; i < t->n; i++)
        if (t->tok[i].flags & EMB_TOK_COUNTRY) return 1;
    return 0;
}

/* Whether the query's unpaired t->tok[i] is a country, its name or its
 * adjective (China, Iran, Russian), that says where the organisation is,
 * as people write it after an acronym or a short name to say which they
 * mean (PLA China ~ PEOPLE'S LIBERATION ARMY, IARA Iran ~ IARA), not
 * another organisation: the query is of that shape
 * (emb__country_placed_shape), its word distinctive (`distinct`: no
 * generic or English word, Bank Syria) and no name people bear, in
 * EMB_PLACED_PERSON_DF persons' names the name table counts or more (Sara
 * Iran is no SARA, an alias of SANABEL RELIEF AGENCY); the listed name (`other`)
 * names no country (another one contradicts: org_score, other_country)
 * and leaves out no word of its own, legal forms, generic and describing
 * words aside (`oused`: Iran Pooya is not POUYA AIR); the word paired
 * letter for letter (ta->q_exact: PKK Turkey is not P.P.C., pkk ~ ppc a
 * romanisation); and a screen did not rule it out for this entity
 * (ta->no_placed: the list places it in other countries, or the name is a
 * weak alias of an entity it places nowhere there). It then costs as a
 * country phrase left out (EMB_WEIGHT_COUNTRY, EMB_EXTRA_DESCRIPTIVE of
 * it) and says no more (u->placed: org_score). A country the list gives
 * and the query leaves out stays a name word (VTB BANK BELARUS, the
 * parent's national subsidiary). */
#define EMB_PLACED_PERSON_DF 10
static int added_country(const emb_tokens *t, const uint8_t *used, uint32_t i, const emb_tokens *other,
                         const uint8_t *oused, const tally *ta) {
    if (!ta->distinct || ta->no_placed || !emb__country_placed_shape(t, i) || names_country(other)) return 0;
    for (uint32_t j = 0; j < other->n; j++) {
        const emb_token *o = &other->tok[j];
        if (!oused[j] && substantive(o) && !(o->flags & (EMB_TOK_GENERIC | EMB_TOK_LEGAL)) && !describing_word(o))
            return 0;
    }
    /* (the one other word: emb__country_placed_shape) */
    for (uint32_t j = 0; j < t->n; j++) {
        emb_name_stat st;
        if (j == i || !used[j] || !substantive(&t->tok[j])) continue;
        /* the word paired letter for letter (Tara ~ TARA, not pkk ~ ppc) */
        if (j >= 32 || !(ta->q_exact >> j & 1)) return 0;
        if (emb__name_stats(t->tok[j].text, t->tok[j].len, &st) &&
            st.person_df >= EMB_PLACED_PERSON_DF)
            return 0;
    }
    return 1;
}

/* What added_country asks of the query alone, which the screen's bounds
 * ask before any pair (score.c, name_stays; emb__org_least; screen.c):
 * q->tok[i] is a country, neither written to a word by a hyphen (a
 * branch: BIF-CANADA, RIHS-LEBANON) nor after a connecting word (Al-Qaida
 * in Iraq is not AL-QAIDA IN THE ARABIAN PENINSULA), and the query has one
 * other word (joining words and titles aside) of EMB_PLACED_WORD_MAX
 * letters at most: an acronym or a short name (PLA, IARA, PKK, Hamas),
 * which many organisations share and people tell apart by a country. A
 * name written in full with a country is as often the registered name of
 * the group's company there, which the list names too: Havanatur Chile is
 * HAVANATUR CHILE S.A. before HAVANATUR, Prensa Latina Canada PRENSA
 * LATINA CANADA LTD. before PRENSA LATINA. */
#define EMB_PLACED_WORD_MAX 6
int emb__country_placed_shape(const emb_tokens *q, uint32_t i) {
    const emb_token *k = &q->tok[i];
    if (!(k->flags & EMB_TOK_COUNTRY) || (k->flags & EMB_TOK_HYPHEN) ||
        (i > 0 && (q->tok[i - 1].flags & (EMB_TOK_HYPHEN | EMB_TOK_STOP))))
        return 0;
    uint32_t words = 0, len = 0;
    for (uint32_t j = 0; j < q->n; j++)
        if (j != i && !(q->tok[j].flags & (EMB_TOK_STOP | EMB_TOK_PARTICLE | EMB_TOK_TITLE))) words++, len = q->tok[j].len;
    return words == 1 && len >= 2 && len <= EMB_PLACED_WORD_MAX;
}

/* Sorts one side's unpaired tokens of an organisation pair (tokens
 * weighed by weigh_countries); `other`: the other side's tokens, `oused`
 * which of them are paired; `has_quoted`: the side has a quoted word. */
void emb__org_unpaired(tally *t, const emb_tokens *side, const uint8_t *used, const emb_tokens *other,
                       const uint8_t *oused, int is_query, int has_quoted, unpaired *u) {
    memset(u, 0, sizeof(*u));
    int quoted = has_quoted && quoted_name_paired(side, used);
    uint32_t firsts = 0; /* (own_acronym's) */
    /* a dedication the other name gives too, to someone else, contradicts
     * (PRIBOR NAMED AFTER S.S. GOLEMBIOVSKY is not ... NAMED AFTER S. A.
     * LAVOCHKINA) */
    uint32_t dedicated = side->n >= 4 ? dedication(side) : side->n;
    if (dedicated < side->n && ((other->n >= 4 && dedication(other) < other->n) || !named_before(side, used, dedicated)))
        dedicated = side->n;
    /* the lengths and first letters of the paired words (join_bit): a word
     * restates none of another length or letter (restated: four words) */
    uint64_t said = 0;
    if (side->n >= 4)
        for (uint32_t i = 0; i < side->n; i++)
            if (used[i]) said |= join_bit(side->tok[i].len, side->tok[i].text[0]);
    for (uint32_t i = 0; i < side->n; i++) {
        const emb_token *k = &side->tok[i];
        if (used[i] || (k->flags & EMB_TOK_TITLE)) continue;
        double w = omission_weight(side, i, !is_query);
        /* PRIVATE MILITARY COMPANY 'WAGNER'; ... SHIPPING LINES (IRISL); a
         * word said twice */
        int around = !country_phrase(k) &&
                     (i >= dedicated || (quoted && !(k->flags & (EMB_TOK_QUOTED | EMB_TOK_STOP | EMB_TOK_PARTICLE))) ||
                      own_acronym(side, i, &firsts) ||
                      (substantive(k) && (said & join_bit(k->len, k->text[0])) && restated(side, used, i)));
        /* the explanation gives each word the weight it has here */
        int placed = is_query && !around && (k->flags & EMB_TOK_COUNTRY) && added_country(side, used, i, other, oused, t);
        int generic = (k->flags & EMB_TOK_GENERIC) || (!around && describing_word(k));
        if (t->want) {
            float ew = country_phrase(k) || placed ? (float)EMB_WEIGHT_COUNTRY : k->weight;
            if (generic || around) ew *= (float)EMB_GENERIC_FACTOR;
            explain(t, is_query ? EMBARGO_PAIR_QUERY_ONLY : EMBARGO_PAIR_NAME_ONLY, is_query ? k : NULL,
                    is_query ? NULL : k, 0, ew);
        }
        u->series |= series_number(k);
        /* any other word left (a joining word aside) than a legal form or
         * a non-profit's form (other_kind: ANO must be its side's only one) */
        if (!(k->flags & (EMB_TOK_LEGAL | EMB_TOK_STOP | EMB_TOK_PARTICLE)) && !nonprofit_form(k)) u->kinds |= 4;
        if (placed) { /* Gazprom Russia: where it is */
            u->countries++;
            u->placed += EMB_WEIGHT_COUNTRY;
        } else if (country_phrase(k)) {
            u->countries++;
            u->described += EMB_WEIGHT_COUNTRY;
        } else if (around) {
            u->described += w * EMB_GENERIC_FACTOR;
        } else if (k->flags & EMB_TOK_LEGAL) {
            u->legal += k->weight;
            u->kinds |= 1;
        } else if (generic) { /* Group, Bank, Plant: says little */
            u->normal += w * EMB_GENERIC_FACTOR;
            u->names += k->weight * EMB_GENERIC_FACTOR;
            u->generic += k->weight * EMB_GENERIC_FACTOR;
        } else { /* a bare country name (VTB BANK BELARUS) weighs as a word */
            if (k->flags & EMB_TOK_COUNTRY) u->countries++;
            if (nonprofit_form(k)) u->kinds |= 2;
            u->normal += w;
            if (k->flags & EMB_TOK_SURNAME) u->surname += k->weight;
            if (substantive(k)) {
                u->names += k->weight;
                u->distinct += k->weight;
            }
        }
    }
}

/* Whether a paired token of an organisation's name is weak evidence of
 * which organisation it names: letters (a token of one or two, or written
 * with dots, A.B.C.), a country, a generic word (Bank, International) or
 * a legal form. */
static inline int weak_paired(const emb_token *k) {
    return k->len <= 2 ||
           (k->flags & (EMB_TOK_INITIAL | EMB_TOK_DOTTED | EMB_TOK_COUNTRY | EMB_TOK_GENERIC | NOT_SUBSTANTIVE));
}

/* What one side leaves unpaired, for emb__org_weak_other: bit 0 a
 * distinctive word (a name word of three letters or more: not an English,
 * generic, describing or country word, nor a number), bit 1 a generic or
 * describing word, bit 2 a legal form; 8 when every paired token is weak
 * evidence (weak_paired). */
static unsigned weak_side(const emb_tokens *t, const uint8_t *used) {
    unsigned m = 8;
    for (uint32_t i = 0; i < t->n; i++) {
        const emb_token *k = &t->tok[i];
        if (used[i]) {
            if (!weak_paired(k)) m &= ~8u;
        } else if (k->flags & EMB_TOK_LEGAL) {
            m |= 4;
        } else if ((k->flags & EMB_TOK_GENERIC) || describing_word(k)) {
            m |= 2;
        } else if (substantive(k) && k->len >= 3 &&
                   !(k->flags & (EMB_TOK_WORD | EMB_TOK_COUNTRY | EMB_TOK_NUMBER | EMB_TOK_INITIAL | EMB_TOK_DOTTED))) {
            m |= 1;
        }
    }
    return m;
}

/* Whether two organisations' names pair only weak evidence on one side at
 * least (weak_paired: letters, countries, generic words, legal forms) and
 * say two organisations otherwise: either leaves a distinctive word out
 * (L & H Sweden, AB ~ L & H MENDEZ SWEDEN, AB), or one adds a generic word
 * where the other has a generic word or a legal form of its own (ABC
 * International ~ A.B.C. Company). Shared letters and a country are what
 * many firms' names have in common. */
int emb__org_weak_other(const emb_tokens *q, const emb_tokens *c, const uint8_t *qu, const uint8_t *cu) {
    unsigned a = weak_side(q, qu), b = weak_side(c, cu);
    if (!((a | b) & 8)) return 0;
    return ((a | b) & 1) || ((a & 2) && (b & 6)) || ((b & 2) && (a & 6));
}

/* Whether one name is the other's with a bare country written between the
 * name and its legal form: Banco Santander Chile S.A., Banco Santander
 * Mexico, S.A. against Banco Santander S.A. A country inside a company's
 * registered name names the group's company there, a subsidiary and
 * another legal person. Every other token of both names is paired, but
 * legal forms and titles; the country follows a paired name word (not
 * NUSRAH FRONT IN LEBANON) and precedes a legal form (not BANK MELLI IRAN,
 * nor the state bodies of a country, which say "of": country_phrase). */
int emb__country_before_legal(const emb_tokens *t, const uint8_t *used, const emb_tokens *o,
                              const uint8_t *oused) {
    uint32_t k = 0, n = 0;
    for (uint32_t i = 0; i < t->n; i++)
        if (!used[i] && !(t->tok[i].flags & (EMB_TOK_LEGAL | EMB_TOK_TITLE))) k = i, n++;
    if (n != 1 || k == 0 || k + 1 >= t->n || !(t->tok[k].flags & EMB_TOK_COUNTRY) ||
        country_phrase(&t->tok[k]) || !used[k - 1] || !substantive(&t->tok[k - 1]) ||
        !(t->tok[k + 1].flags & EMB_TOK_LEGAL))
        return 0;
    for (uint32_t i = 0; i < k; i++)
        if (!used[i] && !(t->tok[i].flags & EMB_TOK_TITLE)) return 0;
    for (uint32_t i = 0; i < o->n; i++)
        if (!oused[i] && !(o->tok[i].flags & (EMB_TOK_LEGAL | EMB_TOK_TITLE))) return 0;
    return 1;
}

/* What an organisation's token t->tok[i] (omission weight w), sure to
 * stay unpaired, costs in org_score at least, whatever else pairs: a
 * country phrase EMB_EXTRA_DESCRIPTIVE x EMB_WEIGHT_COUNTRY; a word that
 * may only describe (around a quoted name, where the side has one; of
 * three to six letters in a name of three words or more, which
 * own_acronym may read as the name's acronym, not asked: it cost more
 * than it told; a name word in a name of four words or more, which
 * restated may find said twice, not looked for either; a word of a name's
 * dedication, which may only describe) EMB_EXTRA_DESCRIPTIVE x
 * EMB_GENERIC_FACTOR of w; a legal form EMB_EXTRA_QUERY_ORG or
 * EMB_EXTRA_NAME_ORG of its weight; any other word that, or for a listed
 * one EMB_EXTRA_QUERY if less (a listed surname), of w (a generic or
 * describing word's x EMB_GENERIC_FACTOR); a query's bare country that
 * added_country may take for where the organisation is (its query's
 * shape: emb__country_placed_shape) EMB_EXTRA_DESCRIPTIVE x
 * EMB_WEIGHT_COUNTRY at most, a phrase's cost (or a word's around a quoted
 * name, if less). A contradiction (X in org_score) costs
 * 2 EMB_CONFLICT, more than the two sides' words it takes out of those
 * terms, and so does one of legal forms (2 EMB_LEGAL_CONFLICT). */
double emb__org_least(const emb_tokens *t, uint32_t i, double w, int listed, int quoted) {
    const emb_token *k = &t->tok[i];
    if (country_phrase(k)) return EMB_EXTRA_DESCRIPTIVE * EMB_WEIGHT_COUNTRY;
    if (!listed && emb__country_placed_shape(t, i)) /* (added_country, or a word around a quoted name) */
        return EMB_EXTRA_DESCRIPTIVE * (EMB_GENERIC_FACTOR * w < EMB_WEIGHT_COUNTRY ? EMB_GENERIC_FACTOR * w
                                                                                   : EMB_WEIGHT_COUNTRY);
    if ((quoted && !(k->flags & (EMB_TOK_QUOTED | EMB_TOK_STOP | EMB_TOK_PARTICLE))) ||
        (t->n >= 3 && k->len >= 3 && k->len <= 6 && !(k->flags & (EMB_TOK_NUMBER | EMB_TOK_LEGAL))) ||
        (substantive(k) && t->n >= 4) || (t->n >= 4 && i >= 2 && i >= dedication(t)))
        return EMB_EXTRA_DESCRIPTIVE * EMB_GENERIC_FACTOR * w;
    if (k->flags & EMB_TOK_LEGAL) return (listed ? EMB_EXTRA_NAME_ORG : EMB_EXTRA_QUERY_ORG) * k->weight;
    double f = !listed ? EMB_EXTRA_QUERY_ORG : EMB_EXTRA_QUERY < EMB_EXTRA_NAME_ORG ? EMB_EXTRA_QUERY : EMB_EXTRA_NAME_ORG;
    return ((k->flags & EMB_TOK_GENERIC) || describing_word(k) ? EMB_GENERIC_FACTOR : 1.0) * f * w;
}

/* Whether an organisation's listed token t->tok[i], left unpaired, is
 * sure to count as a distinct or generic word in org_unpaired (and so to
 * make `more` true there), whatever else pairs: not a country phrase, and
 * no word around a quoted name, no acronym of the name's own words, no
 * repeated word. */
int emb__org_listed_word(const emb_tokens *t, uint32_t i) {
    const emb_token *k = &t->tok[i];
    uint32_t firsts = 0;
    if (!(k->weight > 0) || !substantive(k) || country_phrase(k) || own_acronym(t, i, &firsts) ||
        (t->n >= 4 && i >= dedication(t)))
        return 0;
    for (uint32_t j = 0; j < t->n; j++) {
        const emb_token *o = &t->tok[j];
        if (o->flags & EMB_TOK_QUOTED) return 0;
        if (j != i && t->n >= 4 && o->len == k->len && memcmp(o->text, k->text, k->len) == 0) return 0;
    }
    return 1;
}
