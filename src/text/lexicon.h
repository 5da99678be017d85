/*
 * lexicon.h - the words of names that are not names.
 *
 * Honorifics and titles (Mr, Senator, Sheikh), particles (al, bin, van, de),
 * connecting words (of, the, and), company legal forms (LLC, OOO, GmbH, JSC),
 * generic organisation words (Group, Bank), countries as organisation names
 * write them (of the Russian Federation, Belarusian) and number words. All
 * lookups take normalised tokens: lower-case ASCII.
 */
#ifndef EMB_LEXICON_H
#define EMB_LEXICON_H

#include <stddef.h>
#include <stdint.h>

enum {
    EMB_LEX_TITLE = 1 << 0,     /* honorific or role: optional evidence */
    EMB_LEX_PARTICLE = 1 << 1,  /* name particle: al, bin, van, de */
    EMB_LEX_STOP = 1 << 2,      /* of, the, and */
    EMB_LEX_ORGWORD = 1 << 3    /* a generic organisation word: it says what kind
                                   of organisation, not which (Group, Holding,
                                   Bank, Trading, Services, International) */
};

/* Flags of one token (0 if it is an ordinary word). For a particle, *canon
 * (may be NULL) receives its canonical spelling (ibn, ben -> bin). */
unsigned emb__lexicon_flags(const char *tok, size_t len, const char **canon);

/* Legal forms. If the tokens tok[0..n) begin with a legal form, returns
 * how many tokens it spans (1..) and stores its class in *cls (> 0) and
 * the class's display name in *name; returns 0 otherwise. Classes group
 * equivalent forms across languages: OOO = LLC = TOV = GmbH-like limited
 * liability; AO = JSC; PAO = PJSC; ZAO = CJSC; and so on. */
typedef struct emb_strref { const char *s; size_t len; } emb_strref;
size_t emb__lexicon_legal(const emb_strref *tok, size_t n, uint16_t *cls, const char **name);

/* Where a phrase stands in a name: the tokens of the name before it, and
 * whether its first word was written as single letters with dots (A.D.).
 * Some forms are read only in their place: the Bulgarian AD and EAD after
 * two words of the name at least, and written as words (REX LOTO AD; SMITH
 * AD and Smith A.D. are initials). */
typedef struct emb_legal_ctx {
    size_t before;
    int dotted;
} emb_legal_ctx;

/* emb__lexicon_legal where ctx says the phrase stands; with ctx NULL, as
 * emb__lexicon_legal, which reads a word as a form wherever it may be one
 * (a lone word: is it a form at all). */
size_t emb__lexicon_legal_in(const emb_strref *tok, size_t n, const emb_legal_ctx *ctx, uint16_t *cls,
                             const char **name);

/* A name's last word (tok, len) that is a long one-word legal form with two
 * typos (S-CAPE LIMIETSD, a typist's swap and a stray letter): a word of
 * seven letters or more, as long as the form at least, that keeps its first
 * and last letters. Fills *cls and *name as emb__lexicon_legal and returns
 * 1, or returns 0. A form of ten letters or more may also be cut short by
 * one letter or two, with one typo more (XORPORATIO, CORPORATI). Only for
 * the last word of a name that has others before it: elsewhere such a word
 * is likelier a name. */
int emb__lexicon_legal_far(const char *tok, size_t len, uint16_t *cls, const char **name);

/* Whether two legal-form classes are the same or close (0 unrelated,
 * 1 same family such as JSC and OJSC, 2 identical). */
int emb__legal_relation(uint16_t a, uint16_t b);

/* Whether classes a and b are related (emb__legal_relation) only as
 * Corporation written out and a joint-stock company's form: 1 when a is
 * the Corporation, 2 when b is, else 0. That relation holds only when the
 * Corporation comes first in its name (Corporation Kometa, not Exar
 * Corporation): the caller checks the token's position. */
int emb__legal_corporation_jsc(uint16_t a, uint16_t b);

/* Countries as organisation names write them: if tok[0..n) begins with a
 * country's name, its adjective or a phrase naming it, in English or as
 * Russian list entries transliterate it ("Russian", "of Russia", "of the
 * Russian Federation", "Rossii"; "Belarusian", "of the Republic of
 * Belarus"), a leading "of" and "the" included, returns the tokens spanned
 * (the longest name) and 0 otherwise. *cls receives the country (its ISO
 * alpha-2 code as a number below 676, the first of several: Korea is North
 * Korea) with EMB_COUNTRY_PHRASE set for a phrase or an adjective, not for
 * the bare name ("VTB BANK BELARUS"); canon (cap bytes, NUL-terminated)
 * receives its words as written, a leading "of" and "the" left out
 * ("russian federation", "republic of belarus"). One word alone
 * is read only if it has four letters or more and is not also a name
 * (Jordan, Chad, Israel). */
#define EMB_COUNTRY_PHRASE 0x8000
size_t emb__lexicon_country(const emb_strref *tok, size_t n, uint16_t *cls, char *canon,
                            size_t cap);

/* Number words: if tok[0..n) begins with a number written in words
 * (four, forty-four, first, 1st) returns the tokens spanned and writes the
 * digits into out (NUL-terminated, cap >= 8); 0 otherwise. */
size_t emb__lexicon_number(const emb_strref *tok, size_t n, char *out, size_t cap);

/* Whether a legal form (emb__lexicon_legal, not its _far), a country
 * (emb__lexicon_country) or a number (emb__lexicon_number) may begin with
 * the word tok[0..len), whatever follows it: 0 means that all three find
 * nothing at tokens that begin with it, so a caller may keep the answer
 * per word. */
int emb__lexicon_begins(const char *tok, size_t len);

/* What may begin with a word, one bit each (emb__lexicon_begins_hits): a
 * bit not set means that one finds nothing at tokens that begin with it. */
enum { EMB_BEGINS_LEGAL = 1, EMB_BEGINS_COUNTRY = 2, EMB_BEGINS_NUMBER = 4 };

/* The legal forms a word may begin, written as listed or with typos, as
 * emb__lexicon_legal_in finds them before it reads the words after it:
 * they depend on the word alone, so a caller may keep them per word. */
#define EMB_LEGAL_HITS 8
typedef struct emb_legal_hits {
    uint8_t n;                      /* forms in hit[] */
    uint8_t all;                    /* hit[] holds them all (else there were
                                       more than EMB_LEGAL_HITS) */
    uint8_t hit[EMB_LEGAL_HITS];    /* the forms (the table's numbers) */
    uint8_t exact[EMB_LEGAL_HITS];  /* written as listed */
} emb_legal_hits;

/* emb__lexicon_begins as EMB_BEGINS_* bits, and the legal forms the word
 * may begin into *hits. */
unsigned emb__lexicon_begins_hits(const char *tok, size_t len, emb_legal_hits *hits);

/* emb__lexicon_legal_in of tokens whose first one's forms are *hits (made
 * by emb__lexicon_begins_hits of its word): the same answer. */
size_t emb__lexicon_legal_hits(const emb_strref *tok, size_t n, const emb_legal_ctx *ctx,
                               const emb_legal_hits *hits, uint16_t *cls, const char **name);

/* A known abbreviation (intl -> international, corp -> corporation,
 * mfg -> manufacturing) or NULL. */
const char *emb__lexicon_expand(const char *tok, size_t len);

/* The form a Slavic given name stands for (ihar -> igor, siarhei -> sergei,
 * oleksandr -> aleksandr), or NULL. */
const char *emb__lexicon_given(const char *tok, size_t len);

/* Whether the word is a given name that a great many people of the Arab
 * world bear (muhammad, abdullah, saud, mona): EMB_GIVEN_COMMON; or one of
 * the names of God that follow Abd al- (aziz, rahman): EMB_GIVEN_DIVINE;
 * or abdul, the Abd al- of such names as the analyser writes it (Abd
 * al-Aziz, Abdelaziz: abdul aziz), "servant of", which names no one but
 * with the name after it, of the same written word: EMB_GIVEN_ABD; 0
 * otherwise. A name table of lists and Wikidata names counts them rare. */
#define EMB_GIVEN_COMMON 1u
#define EMB_GIVEN_DIVINE 2u
#define EMB_GIVEN_ABD 4u
unsigned emb__lexicon_common_given(const char *tok, size_t len);

/* A patronymic in its canonical form (ryhorovich, hryhorovych,
 * grigorievich -> grigorovich; ...ovna for women) written to out (NUL-
 * terminated); returns its length, or 0 if the stem is not a known name. */
size_t emb__lexicon_patronymic(const char *tok, size_t len, char *out, size_t cap);

#endif
