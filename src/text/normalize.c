/*
 * normalize.c - romanisation and folding with ICU; see normalize.h.
 *
 * One compound transliterator does the romanising in a single pass over
 * UTF-16. It is built from rules rather than an ID so that Cyrillic goes
 * through Russian-Latin/BGN (the lists' own system: KOSACHEV, SLUTSKIY)
 * before the generic Any-Latin catches the remaining scripts.
 *
 * Before it, text that tries to hide a name is undone (unhide()): invisible
 * characters are dropped (Kosa<U+200B>chyov is Kosachyov), and in a Latin
 * word the Cyrillic and Greek letters that look like Latin ones are read as
 * those (Рutin with a Cyrillic Р is Putin, not Rutin). A wholly Cyrillic or
 * Greek word is left to the romanisation.
 */
#include "normalize.h"
#include "equiv.h"
#include "../base/alloc.h"
#include "../base/utf8.h"

#include <pthread.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#define SKEL_CAP 8           /* UTF-16 units of a letter's skeleton kept */

#define WORD_BITS 11          /* Cyrillic and Arabic words remembered (word_memo) */
#define WORD_TEXT 46          /* longer words are romanised every time */
#define WORD_OUT 80

/* One Cyrillic or Arabic word as the ICU path romanised it (memo_words). */
typedef struct word_memo {
    uint8_t len, olen;       /* len 0: an empty slot */
    char text[WORD_TEXT];
    char out[WORD_OUT];
} word_memo;

struct emb_normalizer {
    UTransliterator *tr;     /* cloned at the first text that needs it */
    USpoofChecker *spoof;    /* opened at the first mixed-script word */
    UChar latin_skel[52][SKEL_CAP]; /* skeletons of A-Z, a-z (NUL-ended) */
    UChar *u16;          /* scratch, grown on demand */
    size_t u16_cap;      /* at most INT32_MAX is used: ICU counts in int32_t */
    UChar *nfkc16;       /* scratch of arabic_letters: the text in NFKC, grown on demand */
    size_t nfkc16_cap;
    word_memo *words;    /* 1 << WORD_BITS, made at the first Cyrillic or Arabic text */
    UTransliterator *hans; /* Traditional-Simplified, opened at the first Han mark */
    emb_buf arabic;      /* scratch of arabic_words: a text with its Arabic words rewritten */
    emb_buf arabic_in;   /* the text that nz->arabic rewrites (the last one) */
    emb_buf arabic_nfkc; /* scratch: a text's Arabic presentation forms as letters */
    emb_buf cyr_article; /* scratch of cyrillic_articles */
    emb_buf hangul;      /* scratch of hangul_loanwords */
};

/* The Arabic ta marbuta (U+0629) ends names that Latin spellings end in a
 * vowel (أسامة Usama, فاطمة Fatima); romanised it would add a t.
 *
 * Hangul is romanised as North Korea's own system of 1992 writes names, the
 * spelling of the lists' Korean names (김정은 KIM Jong Un, 최룡해 CHOE Ryong
 * Hae, 리만건 RI Man Gon), from each syllable's letters (NFD splits it into
 * its initial, vowel and final jamo); ICU's Any-Latin writes the South's
 * system and runs the syllables together (gimjeong-eun). In passes:
 *   1. a name that begins with 이 or 임 begins with the North's r: the
 *      South writes them for the surnames 리 RI and 림 RIM (its spelling
 *      drops an initial r before i); not 유, 양, 윤, where both sides have
 *      surnames without r (Yu, Yang, Yun);
 *   2. the first syllable, the surname in Korean order, is a word of its
 *      own when the given name follows it unspaced;
 *   3. within a given name, k, t and p after a vowel or n, l, m, ng are
 *      voiced (g, d, b: Yong Gil, Man Gon), not at its start (Ki Nam);
 *   4. every syllable a word, as the lists write given names (Jong Un);
 *   5. the letters. */
#define HANGUL_RULES \
    ":: [\\p{Hangul}] NFD ;" \
    "^ \\u110B } \\u1175 [^\\u11A8-\\u11B6 \\u11B8-\\u11C2] > \\u1105 ;" \
    ":: Null ;" \
    "^ ([\\u1100-\\u1112] [\\u1161-\\u1175] [\\u11A8-\\u11C2]?) } [\\u1100-\\u1112] > $1 ' ' ;" \
    ":: Null ;" \
    "$voiced = [\\u1161-\\u1175 \\u11AB \\u11AF \\u11B7 \\u11BC] ;" \
    "$voiced { \\u1100 > g ; $voiced { \\u1103 > d ; $voiced { \\u1107 > b ;" \
    ":: Null ;" \
    "([\\u1161-\\u11C2]) } [\\u1100-\\u1112 gdb] > $1 ' ' ;" \
    ":: Null ;" \
    /* initials */ \
    "\\u1100>k;\\u1101>kk;\\u1102>n;\\u1103>t;\\u1104>tt;\\u1105>r;" \
    "\\u1106>m;\\u1107>p;\\u1108>pp;\\u1109>s;\\u110A>ss;\\u110B>;" \
    "\\u110C>j;\\u110D>jj;\\u110E>ch;\\u110F>kh;\\u1110>th;\\u1111>ph;" \
    "\\u1112>h;" \
    /* vowels */ \
    "\\u1161>a;\\u1162>ae;\\u1163>ya;\\u1164>yae;\\u1165>o;\\u1166>e;" \
    "\\u1167>yo;\\u1168>ye;\\u1169>o;\\u116A>wa;\\u116B>wae;\\u116C>oe;" \
    "\\u116D>yo;\\u116E>u;\\u116F>wo;\\u1170>we;\\u1171>wi;\\u1172>yu;" \
    "\\u1173>u;\\u1174>ui;\\u1175>i;" \
    /* finals */ \
    "\\u11A8>k;\\u11A9>k;\\u11AA>k;\\u11AB>n;\\u11AC>n;\\u11AD>n;" \
    "\\u11AE>t;\\u11AF>l;\\u11B0>k;\\u11B1>m;\\u11B2>l;\\u11B3>l;" \
    "\\u11B4>l;\\u11B5>p;\\u11B6>l;\\u11B7>m;\\u11B8>p;\\u11B9>p;" \
    "\\u11BA>t;\\u11BB>t;\\u11BC>ng;\\u11BD>t;\\u11BE>t;\\u11BF>k;" \
    "\\u11C0>t;\\u11C1>p;\\u11C2>t;" \
    ":: Null ;" /* ends the rules: an ID right after them is not applied */

/* Bengali and Devanagari write a consonant's inherent vowel nowhere, and
 * Any-Latin reads one after every consonant without a vowel sign (মোহাম্মদ
 * moham'mada, শামসুদ্দিন samasuddina, मोहम्मद moham'mada); Bengali and
 * Hindi speak none at the end of a word, nor between a vowel and a
 * consonant with a vowel (their schwa deletion: Mohammad, Shamsuddin,
 * Rahman, Abdul, Islam, Akbar). A virama after such a consonant says so:
 * a final one (not the last of a cluster: দত্ত Datta, नरेंद्र Narendra),
 * and one after a vowel (a vowel sign, an independent vowel or another
 * consonant's inherent one) before a consonant with a vowel sign or an
 * inherent vowel of its own (রহমান rahman, বরকত barkat; আলম alam keeps
 * its a: the m after it ends the word). One pass for both scripts. */
#define INDIC_RULES \
    /* Bengali: consonants, vowel signs, anything else; virama 09CD, nukta 09BC */ \
    "$bc = [\\u0995-\\u09B9 \\u09DC-\\u09DF] ; $bs = [\\u09BE-\\u09CC \\u09D7] ; $bo = [^\\u0980-\\u09FF] ;" \
    "\\u09CD ($bc \\u09BC?) } $bo > \\u09CD $1 ; \\u09CD ($bc \\u09BC?) } $ > \\u09CD $1 ;" \
    "($bc \\u09BC?) } $bo > $1 \\u09CD ; ($bc \\u09BC?) } $ > $1 \\u09CD ;" \
    "[\\u0985-\\u0994 $bs $bc \\u09BC] { ($bc \\u09BC?) } $bc \\u09BC? [$bs $bc] > $1 \\u09CD ;" \
    /* Devanagari: the same; virama 094D, nukta 093C */ \
    "$dc = [\\u0915-\\u0939 \\u0958-\\u095F] ; $ds = [\\u093E-\\u094C] ; $do = [^\\u0900-\\u097F] ;" \
    "\\u094D ($dc \\u093C?) } $do > \\u094D $1 ; \\u094D ($dc \\u093C?) } $ > \\u094D $1 ;" \
    "($dc \\u093C?) } $do > $1 \\u094D ; ($dc \\u093C?) } $ > $1 \\u094D ;" \
    "[\\u0905-\\u0914 $ds $dc \\u093C] { ($dc \\u093C?) } $dc \\u093C? [$ds $dc] > $1 \\u094D ;" \
    ":: Null ;" \
    /* then sh, not the s Latin-ASCII makes of ś and ṣ (শেখ Sheikh, শরিফ \
     * Sharif, सुषमा Sushma); Bengali's ফ f, as its names write it (ফরিদ \
     * Farid), not ph: with the vowel their script gives (a vowel sign \
     * follows: Any-Latin reads it alone), none after a virama, else the \
     * inherent a */ \
    "[\\u09B6 \\u09B7 \\u0936 \\u0937] [\\u09CD \\u094D] > sh ;" \
    "[\\u09B6 \\u09B7 \\u0936 \\u0937] } [\\u09BE-\\u09CC \\u09D7 \\u093E-\\u094C] > sh ;" \
    "[\\u09B6 \\u09B7 \\u0936 \\u0937] > sha ;" \
    "\\u09AB \\u09CD > f ; \\u09AB } [\\u09BE-\\u09CC \\u09D7] > f ; \\u09AB > fa ;" \
    /* and Bengali's o before ya, as its names write wa (ওয়াজেদ Wazed, \
     * আনোয়ার Anwar: no vowel before it), ya with its nukta as NFKC leaves it */ \
    "\\u0993 [\\u09DF {\\u09AF \\u09BC}] > w ; \\u09CB [\\u09DF {\\u09AF \\u09BC}] > \\u09CD w ;" \
    ":: Null ;"

/* Modern Greek writes the b, d and g of other languages (and of its own
 * loanwords) as the digraphs μπ, ντ and γκ: its β, δ and γ are v, dh and gh.
 * The published romanisation (ELOT 743, the UN's of 1987, Greek passports)
 * reads them mb, nd and ng inside a word and b, d and g at its start and
 * end; after a consonant, where Greek speaks no nasal either, they are b, d
 * and g too (Ντόκος Dokos, Μπακογιάννης Bakogiannis, Βλαντίμιρ Vlandimir,
 * Ρότενμπεργκ Rotenberg, Σεργκέι Sergei); ICU's Greek-Latin reads every
 * letter alone (ntokos, mpakogiannis). Its β is the ancient b; the modern
 * letter, and every romanisation of it, is v (Βασίλης Vasilis, Βλαντίμιρ
 * Vladimir); its η the ancient long e, the modern one i (Μιχαήλ Michail,
 * Δημήτρης Dimitris). */
#define GREEK_RULES \
    "$grl = [\\p{L} \\p{M}] ;" \
    /* vowels: lower case, tonos, dialytika; capitals; Latin (after η > i) */ \
    "$grv = [\\u03B1\\u03B5\\u03B7\\u03B9\\u03BF\\u03C5\\u03C9\\u03AC\\u03AD\\u03AE\\u03AF\\u03CC\\u03CD\\u03CE\\u03CA\\u03CB\\u0390\\u03B0" \
    "\\u0391\\u0395\\u0397\\u0399\\u039F\\u03A5\\u03A9\\u0386\\u0388\\u0389\\u038A\\u038C\\u038E\\u038F\\u03AA\\u03AB aeiouyAEIOUY] ;" \
    "$grv { [\\u03BC \\u039C] [\\u03C0 \\u03A0] } $grl > mb ; [\\u03BC \\u039C] [\\u03C0 \\u03A0] > b ;" \
    "$grv { [\\u03BD \\u039D] [\\u03C4 \\u03A4] } $grl > nd ; [\\u03BD \\u039D] [\\u03C4 \\u03A4] > d ;" \
    "$grv { [\\u03B3 \\u0393] [\\u03BA \\u039A] } $grl > ng ; [\\u03B3 \\u0393] [\\u03BA \\u039A] > g ;" \
    "[\\u03B2 \\u0392 \\u03D0] > v ;" \
    "[\\u03B7 \\u0397 \\u03AE \\u0389] > i ;" \
    ":: Null ;"

/* Katakana writes the sounds of foreign names that Japanese lacks with a
 * small vowel after a syllable (ヴィ vi, ウィ wi, ジェ je, トゥ tu), which
 * ICU 72's Katakana-Latin reads as two (vu~i: a word vu and a word i once
 * Latin-ASCII has dropped the tilde; ウラジーミロヴィチ was urajimirovu ichi).
 * Read here as one syllable, as the Japanese loanword tables write them. */
#define KATAKANA_RULES \
    "\\u30F4\\u30A1 > va ; \\u30F4\\u30A3 > vi ; \\u30F4\\u30A7 > ve ; \\u30F4\\u30A9 > vo ; \\u30F4\\u30E5 > vyu ;" \
    "\\u30A6\\u30A3 > wi ; \\u30A6\\u30A7 > we ; \\u30A6\\u30A9 > wo ; \\u30B8\\u30A7 > je ;" \
    "\\u30C4\\u30A1 > tsa ; \\u30C4\\u30A3 > tsi ; \\u30C4\\u30A7 > tse ; \\u30C4\\u30A9 > tso ;" \
    "\\u30C8\\u30A5 > tu ; \\u30C9\\u30A5 > du ; \\u30C6\\u30E5 > tyu ; \\u30C7\\u30E5 > dyu ;" \
    ":: Null ;"

static const char RULES[] =
    ":: NFKC ;"
    ":: [\\u0629] Remove ;"
    HANGUL_RULES
    INDIC_RULES
    GREEK_RULES
    KATAKANA_RULES
    ":: [\\p{Cyrillic}] Russian-Latin/BGN ;"
    ":: Any-Latin ;"
    ":: Latin-ASCII ;"
    ":: Lower ;"
    ":: NFC ;";

/* The transliterator is parsed once per process and cloned for each
 * normaliser. Parsing the rules (and ICU's registry of system
 * transliterators, built at its first use) costs about 160M instructions;
 * a clone shares the parsed system rule data, which ICU holds immutable,
 * and is an independent object that another thread may use (ICU's design
 * guide: clone rather than open again; RuleBasedTransliterator copies the
 * rule data it owns). The prototype is only ever cloned, under proto_mu,
 * and never used to transliterate. A failed build is not remembered: the
 * next normaliser tries again (out of memory is not final). (ICU 72 runs
 * every rule-based transliteration of the process under one mutex of its
 * own, clones or not: threads romanising at once wait for each other.) */
static pthread_mutex_t proto_mu = PTHREAD_MUTEX_INITIALIZER;
static UTransliterator *proto;

/* A new transliterator, cloned from the prototype (built on first use). */
static embargo_status tr_open(UTransliterator **out) {
    UErrorCode ec = U_ZERO_ERROR;
    pthread_mutex_lock(&proto_mu);
    if (!proto) {
        UChar rules[sizeof(RULES)];
        u_charsToUChars(RULES, rules, (int32_t)sizeof(RULES));
        UParseError pe;
        UTransliterator *t = utrans_openU(u"embargo-romanise", -1, UTRANS_FORWARD, rules,
                                          (int32_t)(sizeof(RULES) - 1), &pe, &ec);
        if (U_SUCCESS(ec) && t) proto = t;
        else if (t) utrans_close(t);
    }
    UTransliterator *tr = proto ? utrans_clone(proto, &ec) : NULL;
    pthread_mutex_unlock(&proto_mu);
    if (U_FAILURE(ec) || !tr) {
        if (tr) utrans_close(tr);
        return ec == U_MEMORY_ALLOCATION_ERROR ? EMBARGO_ENOMEM : EMBARGO_EUNICODE;
    }
    *out = tr;
    return EMBARGO_OK;
}

embargo_status emb__normalizer_new(emb_normalizer **out) {
    /* the transliterator comes with the first text that is not ASCII:
     * names in ASCII, most of them, never need it */
    emb_normalizer *nz = emb__calloc(1, sizeof(*nz));
    if (!nz) return EMBARGO_ENOMEM;
    *out = nz;
    return EMBARGO_OK;
}

void emb__normalizer_free(emb_normalizer *nz) {
    if (!nz) return;
    if (nz->tr) utrans_close(nz->tr);
    if (nz->spoof) uspoof_close(nz->spoof);
    if (nz->hans) utrans_close(nz->hans);
    emb__free(nz->u16);
    emb__free(nz->nfkc16);
    emb__free(nz->words);
    emb__buf_free(&nz->arabic);
    emb__buf_free(&nz->arabic_in);
    emb__buf_free(&nz->arabic_nfkc);
    emb__buf_free(&nz->cyr_article);
    emb__buf_free(&nz->hangul);
    emb__free(nz);
}

/* Makes the scratch hold at least `need` (at most INT32_MAX) UChars. */
static int grow(emb_normalizer *nz, size_t need) {
    if (need > INT32_MAX) return -1;
    return EMB_GROW(nz->u16, nz->u16_cap, need);
}

/* The scratch's capacity as ICU takes it. */
static int32_t u16_cap(const emb_normalizer *nz) {
    return nz->u16_cap > INT32_MAX ? INT32_MAX : (int32_t)nz->u16_cap;
}


/* Opens the spoof checker and keeps the skeletons of the ASCII letters,
 * with which those of other letters are compared. */
static embargo_status spoof_open(emb_normalizer *nz) {
    UErrorCode ec = U_ZERO_ERROR;
    USpoofChecker *sc = uspoof_open(&ec);
    if (U_FAILURE(ec) || !sc) {
        if (sc) uspoof_close(sc);
        return ec == U_MEMORY_ALLOCATION_ERROR ? EMBARGO_ENOMEM : EMBARGO_EUNICODE;
    }
    for (int i = 0; i < 52; i++) {
        UChar c = (UChar)(i < 26 ? 'A' + i : 'a' + i - 26);
        ec = U_ZERO_ERROR;
        int32_t n = uspoof_getSkeleton(sc, 0, &c, 1, nz->latin_skel[i], SKEL_CAP - 1, &ec);
        if (U_FAILURE(ec) || n < 0 || n >= SKEL_CAP) n = 0; /* then it matches nothing */
        nz->latin_skel[i][n] = 0;
    }
    nz->spoof = sc;
    return EMBARGO_OK;
}

/* The ASCII letter that the Cyrillic or Greek letter c looks like (the
 * same confusable skeleton, UTS #39), or 0. Where two share a skeleton
 * (I and l), the one of c's case. */
static UChar lookalike(const emb_normalizer *nz, UChar32 c) {
    if (U16_LENGTH(c) != 1) return 0;
    UChar src = (UChar)c, sk[SKEL_CAP];
    UErrorCode ec = U_ZERO_ERROR;
    int32_t n = uspoof_getSkeleton(nz->spoof, 0, &src, 1, sk, SKEL_CAP - 1, &ec);
    if (U_FAILURE(ec) || n <= 0 || n >= SKEL_CAP) return 0;
    sk[n] = 0;
    int upper = u_isupper(c) != 0;
    UChar other = 0;
    for (int i = 0; i < 52; i++) {
        if (u_strcmp(sk, nz->latin_skel[i]) != 0) continue;
        UChar l = (UChar)(i < 26 ? 'A' + i : 'a' + i - 26);
        if ((i < 26) == upper) return l;
        if (!other) other = l;
    }
    return other;
}

static int in_word(UChar32 c) {
    return u_isalnum(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK);
}

/* 0 Latin, 1 Cyrillic or Greek, -1 another script or none. */
static int script_class(UChar32 c) {
    UErrorCode ec = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript(c, &ec);
    if (U_FAILURE(ec)) return -1;
    if (sc == USCRIPT_LATIN) return 0;
    return sc == USCRIPT_CYRILLIC || sc == USCRIPT_GREEK ? 1 : -1;
}

/* Reads the Cyrillic and Greek look-alike letters of the word u[s, e) as
 * Latin, if it is a Latin word: more of its letters Latin than Cyrillic and
 * Greek. (Not the other way round: the EU's lists write Ukrainian and
 * Belarusian names in Cyrillic capitals with a Latin I, НIКОНОРОВА, and
 * nearly every Cyrillic capital has a Latin look-alike.) Each replaced
 * letter is one UTF-16 unit, so is its replacement: the text keeps its
 * length. */
static embargo_status latin_word(emb_normalizer *nz, UChar *u, int32_t s, int32_t e) {
    int32_t latin = 0, other = 0, i = s;
    while (i < e) {
        UChar32 c;
        U16_NEXT(u, i, e, c);
        if (!u_isalpha(c)) continue;
        int k = script_class(c);
        if (k == 0) latin++;
        else if (k == 1) other++;
    }
    if (!other || latin <= other) return EMBARGO_OK;
    if (!nz->spoof) {
        embargo_status st = spoof_open(nz);
        if (st) return st;
    }
    for (i = s; i < e;) {
        int32_t at = i;
        UChar32 c;
        U16_NEXT(u, i, e, c);
        if (!u_isalpha(c) || script_class(c) != 1) continue;
        UChar l = lookalike(nz, c);
        if (l && i == at + 1) u[at] = l;
    }
    return EMBARGO_OK;
}

/* Undoes what hides a name in u[0, *n): drops default-ignorable code
 * points (zero-width spaces and joiners, soft hyphens, word joiners, byte
 * order marks...) and reads the kra as k, then reads Latin words'
 * look-alike letters as Latin. */
static embargo_status unhide(emb_normalizer *nz, UChar *u, int32_t *n) {
    int32_t w = 0, len = *n;
    for (int32_t i = 0; i < len;) {
        int32_t at = i;
        UChar32 c;
        U16_NEXT(u, i, len, c);
        if (u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) continue;
        /* the Latin kra stands for the Cyrillic k it looks like (the EU's
         * Belarusian names: Mikalai as Міĸалай); Latin-ASCII makes it q */
        if (c == 0x0138) {
            u[w++] = 0x043A; /* к */
            continue;
        }
        while (at < i) u[w++] = u[at++];
    }
    *n = len = w;
    for (int32_t i = 0; i < len;) {
        int32_t s = i;
        UChar32 c;
        U16_NEXT(u, i, len, c);
        if (!in_word(c)) continue;
        int32_t e = i;
        while (e < len) {
            int32_t next = e;
            U16_NEXT(u, next, len, c);
            if (!in_word(c)) break;
            e = next;
        }
        embargo_status st = latin_word(nz, u, s, e);
        if (st) return st;
        i = e;
    }
    return EMBARGO_OK;
}

/* The UTF-8 input into the scratch as UTF-16, unhidden; its length in *n16. */
static embargo_status load(emb_normalizer *nz, const char *in, size_t len, int32_t *n16) {
    UErrorCode ec = U_ZERO_ERROR;
    u_strFromUTF8(nz->u16, u16_cap(nz), n16, in, (int32_t)len, &ec);
    if (U_FAILURE(ec)) return EMBARGO_EUNICODE;
    return unhide(nz, nz->u16, n16);
}

/* ---- Latin letters with marks, without ICU ------------------------------------
 *
 * Most names that are not ASCII are Latin with marks (Krüger, Stanković,
 * Muñoz). Through the transliterator each costs about 100,000 instructions,
 * and the first one in a process the 160M of parsing its rules, for what
 * comes to one fixed ASCII spelling per letter: such a letter has no
 * Cyrillic, Hangul or other script for the rules to romanise, Latin-ASCII
 * maps it on its own (it strips the marks of a precomposed letter and spells
 * the others, ß ss, Þ th, by single-letter rules), and Lower and NFC leave
 * ASCII as it is. So a text of ASCII and the letters of latin_table.inc is
 * spelt letter by letter from that table, which
 * scripts/gen_latin_table.c writes from this file's own ICU path, keeping
 * only the Latin letters of U+00C0-U+024F and U+1E00-U+1EFF that the path
 * spells in ASCII alone and between letters and spaces; tests/unit/
 * test_normalize.c compares the two on every letter in context. Anything
 * else in the text (a combining mark, a letter of another script, the kra
 * that unhide() reads as Cyrillic) leaves it to ICU. */
#ifndef EMB_LATIN_GENERATOR
#include "latin_table.inc"
#else
static const char LATIN_EXT[0x190][4], LATIN_ADD[0x100][4];
#endif

/* The table's ASCII spelling of code point c, or NULL. */
static const char *latin_spelling(uint32_t c) {
    const char *s = NULL;
    if (c >= 0xC0 && c < 0x250) s = LATIN_EXT[c - 0xC0];
    else if (c >= 0x1E00 && c < 0x1F00) s = LATIN_ADD[c - 0x1E00];
    return s && s[0] ? s : NULL;
}

/* The letter of the table at in[*i] (2 or 3 bytes of UTF-8), *i past it;
 * NULL if it is not one. */
static const char *latin_at(const unsigned char *in, size_t len, size_t *i) {
    size_t k = *i;
    uint32_t c;
    if (in[k] >= 0xC2 && in[k] < 0xE0) {
        if (k + 1 >= len || (in[k + 1] & 0xC0) != 0x80) return NULL;
        c = (uint32_t)(in[k] & 0x1F) << 6 | (in[k + 1] & 0x3Fu);
        k += 2;
    } else if (in[k] == 0xE1) {
        if (k + 2 >= len || (in[k + 1] & 0xC0) != 0x80 || (in[k + 2] & 0xC0) != 0x80) return NULL;
        c = 0x1000u | (uint32_t)(in[k + 1] & 0x3F) << 6 | (in[k + 2] & 0x3Fu);
        k += 3;
    } else {
        return NULL;
    }
    const char *s = latin_spelling(c);
    if (s) *i = k;
    return s;
}

/* Appends the normal form of in[0, len) if it is ASCII and letters of the
 * table; 1 if done, 0 if ICU must do it, -1 out of memory. */
static int latin_only(const char *text, size_t len, emb_buf *out) {
    const unsigned char *in = (const unsigned char *)text;
    for (size_t i = 0; i < len;) {
        if (in[i] < 0x80) i++;
        else if (!latin_at(in, len, &i)) return 0;
    }
    /* a letter of two bytes or more spells as three at most */
    if (emb__buf_reserve(out, len + len / 2 + 1)) return -1;
    unsigned char *o = out->data + out->len;
    for (size_t i = 0; i < len;) {
        unsigned char c = in[i];
        if (c < 0x80) {
            *o++ = (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            i++;
            continue;
        }
        for (const char *s = latin_at(in, len, &i); *s; s++) *o++ = (unsigned char)*s;
    }
    out->len = (size_t)(o - out->data);
    return 1;
}

/* ---- Cyrillic, a word at a time ------------------------------------------------
 *
 * A Cyrillic name costs the transliterator some 180,000 instructions, under
 * ICU's one lock for the whole process, while its words come back from name
 * to name (Aleksandr, Vladimirovich). Text of ASCII, the letters of
 * latin_table.inc and Cyrillic letters is romanised a word (what spaces
 * delimit) at a time, each word as the ICU path romanises it alone, and the
 * words are remembered. That is what ICU gives the whole text: every rule
 * that such text reaches looks one character around at most (Russian-
 * Latin/BGN: a word boundary before е, ё; a vowel or a lower-case letter
 * after), and a space before or after a word is the same to them as the
 * text's edge, which ICU's rules read as a word boundary too; NFKC, unhide()
 * and the rest work within words. Hangul (its rules look at the text's
 * start), marks and other scripts leave the text to ICU whole. Arabic text
 * goes the same way once rewritten (arabic_text, arabic_words): through ICU
 * an Arabic name cost some 290,000 instructions (the UN list's and the
 * names not listed, four words on average). */

/* Whether in[0, len) is ASCII, letters of the table and Cyrillic letters
 * (U+0400-U+0481, U+048A-U+04FF), with one Cyrillic letter at least. */
static int cyrillic_text(const char *text, size_t len) {
    const unsigned char *in = (const unsigned char *)text;
    int cyr = 0;
    for (size_t i = 0; i < len;) {
        if (in[i] < 0x80) {
            i++;
        } else if (in[i] >= 0xD0 && in[i] <= 0xD3 && i + 1 < len && (in[i + 1] & 0xC0) == 0x80) {
            uint32_t c = (uint32_t)(in[i] & 0x1F) << 6 | (in[i + 1] & 0x3Fu);
            if (c >= 0x482 && c <= 0x489) return 0; /* a sign and combining marks */
            cyr = 1;
            i += 2;
        } else if (!latin_at(in, len, &i)) {
            return 0;
        }
    }
    return cyr;
}

/* Appends the normal form of one word w[0, n) (no space in it) of such a
 * text, from the memo or through ICU. */
static embargo_status cyrillic_word(emb_normalizer *nz, const char *w, size_t n, emb_buf *out) {
    int done = latin_only(w, n, out); /* an ASCII word too */
    if (done) return done < 0 ? EMBARGO_ENOMEM : EMBARGO_OK;
    word_memo *m = NULL;
    if (n <= WORD_TEXT && nz->words) {
        uint32_t h = 2166136261u; /* FNV-1a */
        for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)w[i]) * 16777619u;
        m = &nz->words[(h ^ (h >> WORD_BITS)) & ((1u << WORD_BITS) - 1)];
        if (m->len == n && memcmp(m->text, w, n) == 0) {
            /* (olen may be 0, ة alone, and out still without memory) */
            emb__buf_append(out, m->out, m->olen);
            return out->oom ? EMBARGO_ENOMEM : EMBARGO_OK;
        }
    }
    size_t at = out->len;
    embargo_status st = emb__normalize_icu(nz, w, n, out);
    if (st || !m) return st;
    if (out->len - at <= WORD_OUT) {
        m->len = (uint8_t)n;
        memcpy(m->text, w, n);
        m->olen = (uint8_t)(out->len - at);
        memcpy(m->out, out->data + at, m->olen);
    }
    return EMBARGO_OK;
}

/* Appends the normal form of a Cyrillic text (cyrillic_text) or an Arabic
 * one (arabic_text), word by word. */
static embargo_status memo_words(emb_normalizer *nz, const char *in, size_t len, emb_buf *out) {
    if (!nz->words) nz->words = emb__calloc((size_t)1 << WORD_BITS, sizeof(word_memo)); /* none: no memo */
    for (size_t i = 0; i < len;) {
        if (in[i] == ' ') {
            emb__buf_putc(out, ' ');
            if (out->oom) return EMBARGO_ENOMEM;
            i++;
            continue;
        }
        size_t e = i;
        while (e < len && in[e] != ' ') e++;
        embargo_status st = cyrillic_word(nz, in + i, e - i, out);
        if (st) return st;
        i = e;
    }
    return EMBARGO_OK;
}

/* ---- Arabic words as the Latin lists write them ------------------------------
 *
 * Arabic script writes the article joined to its noun (التكريتي, al-Tikriti),
 * Allah apart from the name it ends (عبد الله, Abdullah; قدرت الله,
 * Qudratullah), the particles without the vowels that tell them apart in
 * Latin (بن bn: bin), and the ayin, which Latin spellings leave out, as a
 * letter: a word-initial ayin stands before a vowel that Latin writes (عزام
 * Azzam, علي Ali, عمر Omar), and romanised it left the word to begin with
 * its next consonant (bd for عبد, Abd). arabic_words() rewrites such text as
 * the Latin lists spell it, before both the romanisation and the marks
 * (emb__normalize_marks), so that the two count the same words:
 *   - the particles in Latin: بن bin, ابن ibn, بنت bint, ابو abu, عبد abd,
 *     آل al, ولد ould, الله allah (name.c then makes abd al X abdul X, abd allah
 *     abdullah, as it does for the Latin spellings); عبدال... (written
 *     together) abd al ...;
 *   - a word of four letters or more that begins with the article ال is two:
 *     al and the noun; one of seven letters or more that begins with وال
 *     (the conjunction wa and the article), not the text's first word, in
 *     a text with no Persian letter, is three: wa, al and the noun
 *     (والمسلمين wa al mslmyn; والي Wali, والتر Walter, والدمار Waldemar,
 *     Persian والنتینا Valentina stay names);
 *   - another word and الله after it, or written to it, are one word,
 *     written ...ullah (Urdu اللہ too; عبدالله abdullah);
 *   - the letters of Urdu, Pashto and Kurdish that ICU's romanisation
 *     leaves as they are are the Arabic letters they stand for (ar_base:
 *     the hehs ھ ہ ha, ٹ ټ t, ڈ ډ d, ڑ ړ r, ں ڼ n, ے ي, ښ sh, ځ z...:
 *     اسحاق ڈار ashaq dar, خاں khan); a final ta marbuta is the
 *     Latin -a (سارة sara: the name the lexicon knows, not an unknown sar);
 *   - a word-initial ayin (after the article too) is an alif;
 *   - الدين (al-din) written to a word ends it as ...ddin (نورالدین
 *     Nooruddin), and so does الدين written apart in a text with Persian or
 *     Urdu letters, or with a nisba typed with alif maqsura and no other
 *     article word (جلال الدين حقانى Jalaluddin Haqqani, not سيف الدين
 *     المشهدانى: ar_nisba_maqsura): Afghan and Pakistani names are listed in one word
 *     (غیاث الدین Ghiassouddine, حسام الدین Hesamuddin), Arab names mostly
 *     apart (سيف الدين Saif al-Din, نور الدين Nor Eldin), and the scorer
 *     pairs ...ddin with neither al-din nor al and din. No vowel before the
 *     d: uddin, eddine, addin are all written;
 *   - زاده (son of) and خيل (clan) after a word are written to it (آخوند
 *     زاده Akhundzada, شهيد خيل Shahidkhel);
 *   - لمتد (and ليمتد) is the legal form limited, کمپنی (Persian, Urdu,
 *     Pashto) company, شبكة (شبکه) network: the words the lists write in
 *     English for them (MUHAMMAD JAMAL NETWORK, ... ZARJMIL COMPANY
 *     HAWALA); in a text with Persian or Urdu letters, the Pashto او is
 *     and (in Arabic it is or);
 *   - a word's first letter s, z, t, d or k (س ص ز ت ط د ض ك) before ha
 *     or hha is followed by "eo", a vowel of any quality: romanised, the two
 *     letters would be one sound (zh, sh, dh, th, kh), while Arabic always
 *     has a short vowel after a word's first consonant and leaves it
 *     unwritten (زهير Zuhair, سهيل Suhail, دحلان Dahlan, سحر Sahar). The
 *     scorer reads a key's unvocalised consonants with the vowels between
 *     them (score.c, consonants()): e stands for a or i, o for u, so "eo"
 *     asks for a vowel there and allows any;
 *   - a final يتش of a word of five letters or more is چ: the -ich of a
 *     Slavic name (فلاديميروفيتش Vladimirovich), whose ch Arabic writes
 *     with ta and shin, romanised tsh;
 *   - طه is the name Taha (romanised, t and h would read as the th of
 *     Thabit);
 *   - a final ha after ayin is a vowel (جمعه Juma, as جمعة), and so is a
 *     final ha after a consonant in a text with Persian or Urdu letters
 *     (شبکه Shabaka, حنیفه Hanifa);
 *   - a waw before a word's final nun after a consonant is the vowel u:
 *     the plural -un (الملثمون Moulathamoun, المرابطون Mourabitoun) and
 *     names in -un (خلدون Khaldoun), which Latin writes
 *     with its vowel;
 *   - a hamza seated on ya after a consonant is the hamza alone: Latin
 *     writes a vowel there, not a y (مطمئن Motmaen);
 *   - in a text with Persian or Urdu letters (پ چ ژ گ ک ی ہ ھ ے), ث is s,
 *     ذ and ض are z, as those languages read them (ثناء اللہ Sanaullah,
 *     ضیا Zia, نذیر Nazir); Arabic names keep th, dh, d (عثمان Othman).
 * Presentation forms, the letters' shapes in context that text copied from a
 * PDF has (ﻋﺒﺪ for عبد), are read as their letters first (arabic_letters).
 * A text comes to arabic_words twice in a row, for its romanisation and
 * for its marks: the last text and its rewriting are kept (nz->arabic_in),
 * and the second time is a comparison. */

#define AR_ALIF "\xD8\xA7"
#define AR_LAM "\xD9\x84"
#define AR_AYIN "\xD8\xB9"

/* Whether in[0, n) is Allah: alif, lam, lam, ha (Arabic or Urdu). */
static int ar_allah(const char *in, size_t n) {
    return n == 8 && memcmp(in, AR_ALIF AR_LAM AR_LAM, 6) == 0 &&
           (memcmp(in + 6, "\xD9\x87", 2) == 0 || memcmp(in + 6, "\xDB\x81", 2) == 0);
}

/* The Latin spelling of the particle in[0, n), or NULL. */
static const char *ar_particle(const char *in, size_t n) {
    static const struct { const char *ar, *lat; } P[] = {
        {"\xD8\xA8\xD9\x86", "bin"},                            /* بن */
        {AR_ALIF "\xD8\xA8\xD9\x86", "ibn"},                    /* ابن */
        {"\xD8\xA5\xD8\xA8\xD9\x86", "ibn"},                    /* إبن */
        {"\xD8\xA8\xD9\x86\xD8\xAA", "bint"},                   /* بنت */
        {AR_ALIF "\xD8\xA8\xD9\x88", "abu"},                    /* ابو */
        {"\xD8\xA3\xD8\xA8\xD9\x88", "abu"},                    /* أبو */
        {AR_AYIN "\xD8\xA8\xD8\xAF", "abd"},                    /* عبد */
        {"\xD8\xA2\xD9\x84", "al"},                             /* آل */
        {"\xD9\x88\xD9\x84\xD8\xAF", "ould"},                 /* ولد (Mauritanian: son of) */
        {"\xD8\xB7\xD9\x87", "taha"},                        /* طه */
        {"\xD9\x84\xD9\x85\xD8\xAA\xD8\xAF", "limited"},            /* لمتد */
        {"\xD9\x84\xDB\x8C\xD9\x85\xD8\xAA\xD8\xAF", "limited"},  /* لیمتد */
        {"\xD9\x84\xD9\x8A\xD9\x85\xD8\xAA\xD8\xAF", "limited"},  /* ليمتد */
        {"\xD8\xB4\xD8\xA8\xD9\x83\xD8\xA9", "network"}, /* شبكة */
        {"\xD8\xB4\xD8\xA8\xD9\x83\xD9\x87", "network"}, /* شبكه */
        {"\xD8\xB4\xD8\xA8\xDA\xA9\xD8\xA9", "network"}, /* شبکة */
        {"\xD8\xB4\xD8\xA8\xDA\xA9\xD9\x87", "network"}, /* شبکه */
        {"\xDA\xA9\xD9\x85\xD9\xBE\xD9\x86\xDB\x8C", "company"}, /* کمپنی */
        {"\xDA\xA9\xD9\x85\xD9\xBE\xD8\xA7\xD9\x86\xDB\x8C", "company"}, /* کمپانی */
        {"\xD9\x83\xD9\x85\xD9\xBE\xD9\x86\xD9\x89", "company"}, /* كمپنى */
        {"\xDA\xA9\xD9\x85\xD9\xBE\xD9\x86\xD9\x89", "company"}, /* کمپنى */
    };
    for (size_t i = 0; i < sizeof(P) / sizeof(P[0]); i++)
        if (strlen(P[i].ar) == n && memcmp(P[i].ar, in, n) == 0) return P[i].lat;
    return ar_allah(in, n) ? "allah" : NULL;
}

/* The title president as Arabic and Persian write it in front of a name:
 * 2 if in[0, n) is الرئيس (al-ra'is) or رئیس‌جمهور (ra'is-e jomhur, with or
 * without its zero-width non-joiner), 1 if it is رئیس, which is that title
 * before a word جمهور (and else also a name, Rais), 3 if it is جمهور; else
 * 0. The Persian ye as the Arabic ya. */
static int ar_president(const char *in, size_t n) {
    static const char RAIS[] = "\xD8\xB1\xD8\xA6\xD9\x8A\xD8\xB3";          /* رئيس */
    static const char JUMHUR[] = "\xD8\xAC\xD9\x85\xD9\x87\xD9\x88\xD8\xB1"; /* جمهور */
    char w[32];
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (i + 2 < n && (unsigned char)in[i] == 0xE2 && (unsigned char)in[i + 1] == 0x80 &&
            (unsigned char)in[i + 2] == 0x8C) {
            i += 2; /* the zero-width non-joiner */
            continue;
        }
        if (k + 2 > sizeof(w)) return 0;
        if (i + 1 < n && (unsigned char)in[i] == 0xDB && (unsigned char)in[i + 1] == 0x8C) {
            w[k++] = (char)0xD9; /* ی as ي */
            w[k++] = (char)0x8A;
            i++;
            continue;
        }
        w[k++] = in[i];
    }
    if (k == 8 && !memcmp(w, RAIS, 8)) return 1;
    if (k == 10 && !memcmp(w, JUMHUR, 10)) return 3;
    if (k == 12 && !memcmp(w, AR_ALIF AR_LAM, 4) && !memcmp(w + 4, RAIS, 8)) return 2;
    return k == 18 && !memcmp(w, RAIS, 8) && !memcmp(w + 8, JUMHUR, 10) ? 2 : 0;
}

/* Whether in[0, n) is a word of Arabic letters (U+0600-U+06FF) only. */
static int ar_word(const char *in, size_t n) {
    if (n < 2) return 0;
    for (size_t i = 0; i < n; i += 2) {
        unsigned char c = (unsigned char)in[i];
        if (i + 1 >= n || c < 0xD8 || c > 0xDB || ((unsigned char)in[i + 1] & 0xC0) != 0x80) return 0;
    }
    return 1;
}

/* Whether in[0, len) has an Arabic letter (a lead byte of U+0600-U+06FF). */
static int has_arabic(const char *in, size_t len) {
    for (size_t i = 0; i + 1 < len; i++)
        if ((unsigned char)in[i] >= 0xD8 && (unsigned char)in[i] <= 0xDB &&
            ((unsigned char)in[i + 1] & 0xC0) == 0x80)
            return 1;
    return 0;
}

/* Whether in[0, len) has an Arabic presentation form (U+FB50-U+FDFF,
 * U+FE70-U+FEFE): the shapes of letters in context and ligatures, which
 * text copied from a PDF has (ﺻﺍﻠﺡ for صالح). */
static int has_arabic_forms(const char *in, size_t len) {
    for (size_t i = 0; i + 2 < len; i++) {
        unsigned char c = (unsigned char)in[i], d = (unsigned char)in[i + 1], e = (unsigned char)in[i + 2];
        if (c != 0xEF) continue;
        if ((d == 0xAD && e >= 0x90) || (d > 0xAD && d <= 0xB7) || (d == 0xB9 && e >= 0xB0) || d == 0xBA ||
            (d == 0xBB && e < 0xBF))
            return 1;
    }
    return 0;
}

/* The text in[0, len) in NFKC, in nz->arabic_nfkc (*out, its length in *n):
 * the presentation forms as the letters they shape (NFKC maps each to its
 * letter, a ligature to its letters: ﻻ لا, ﷲ الله), which the rewriting
 * below reads; ICU's romanisation starts with NFKC, so nothing else
 * changes. EMBARGO_EUNICODE: in is not UTF-8, or ICU fails; EMBARGO_ENOMEM:
 * out of memory. */
static embargo_status arabic_letters(emb_normalizer *nz, const char *in, size_t len, const char **out,
                                     size_t *n) {
    if (len > (size_t)INT32_MAX / 32 || grow(nz, len + 1)) return EMBARGO_ENOMEM;
    UErrorCode ec = U_ZERO_ERROR;
    int32_t n16 = 0;
    u_strFromUTF8(nz->u16, u16_cap(nz), &n16, in, (int32_t)len, &ec);
    if (U_FAILURE(ec)) return EMBARGO_EUNICODE; /* (it has room: UTF-16 is no longer than UTF-8) */
    const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&ec);
    if (U_FAILURE(ec)) return ec == U_MEMORY_ALLOCATION_ERROR ? EMBARGO_ENOMEM : EMBARGO_EUNICODE;
    int32_t cap = 18 * n16 + 1; /* a form spells 18 letters at most (U+FDFA) */
    if (EMB_GROW(nz->nfkc16, nz->nfkc16_cap, (size_t)cap)) return EMBARGO_ENOMEM;
    UChar *d = nz->nfkc16;
    int32_t dn = unorm2_normalize(nfkc, nz->u16, n16, d, cap, &ec);
    if (U_FAILURE(ec)) /* an overflow too: cap is meant to be enough */
        return ec == U_MEMORY_ALLOCATION_ERROR ? EMBARGO_ENOMEM : EMBARGO_EUNICODE;
    int32_t n8 = 0;
    emb_buf *b = &nz->arabic_nfkc;
    emb__buf_reset(b);
    UErrorCode ec8 = U_ZERO_ERROR; /* its own: the measuring call reports an overflow */
    u_strToUTF8(NULL, 0, &n8, d, dn, &ec8);
    if (ec8 == U_BUFFER_OVERFLOW_ERROR) ec8 = U_ZERO_ERROR;
    if (U_SUCCESS(ec8) && !emb__buf_reserve(b, (size_t)n8 + 1))
        u_strToUTF8((char *)b->data, n8 + 1, NULL, d, dn, &ec8);
    if (b->oom || ec8 == U_MEMORY_ALLOCATION_ERROR) return EMBARGO_ENOMEM;
    if (U_FAILURE(ec8)) return EMBARGO_EUNICODE;
    b->len = (size_t)n8;
    *n = b->len;
    *out = (const char *)b->data;
    return EMBARGO_OK;
}

/* Whether in[0, len) is ASCII, letters of the table and code points of
 * U+0600-U+06FF (Arabic letters, marks, digits, punctuation), with one of
 * those at least, and every word (what spaces delimit) that has such a
 * code point has an Arabic letter: a text that ICU romanises a word at a
 * time as it does whole, as Cyrillic text (memo_words). Any-Latin's Arabic
 * rules look within a word, and a space is the same to them as the text's
 * edge; but a word of the block's punctuation or digits alone (the Arabic
 * comma ، is of no script) takes the script of the words around it, which
 * it lacks alone (romanised whole، is ,). The text has been rewritten
 * (arabic_words): presentation forms are letters. */
static int arabic_text(const char *text, size_t len) {
    const unsigned char *in = (const unsigned char *)text;
    int ar = 0, code = 0, letter = 0;
    for (size_t i = 0; i <= len;) {
        if (i == len || in[i] == ' ') {
            if (code && !letter) return 0;
            code = letter = 0;
            i++;
        } else if (in[i] < 0x80) {
            i++;
        } else if (in[i] >= 0xD8 && in[i] <= 0xDB && i + 1 < len && (in[i + 1] & 0xC0) == 0x80) {
            unsigned c = (unsigned)(in[i] & 0x1F) << 6 | (in[i + 1] & 0x3Fu);
            ar = code = 1;
            if ((c >= 0x620 && c <= 0x63F) || (c >= 0x641 && c <= 0x64A) || c == 0x66E || c == 0x66F ||
                (c >= 0x671 && c <= 0x6D3) || c == 0x6D5 || c == 0x6EE || c == 0x6EF || (c >= 0x6FA && c <= 0x6FC) ||
                c == 0x6FF)
                letter = 1;
            i += 2;
        } else if (!latin_at(in, len, &i)) {
            return 0;
        }
    }
    return ar;
}

/* The Arabic letter that the Urdu, Pashto or Kurdish letter at p stands for
 * in the romanisation, into m (two bytes); p's own bytes if none. ICU's
 * Any-Latin leaves these letters as they are (ڈار stayed ڈar, خاں khaں):
 * Urdu ٹ ڈ ڑ ں ۃ ے ۓ, ہ ھ (heh); Pashto ټ ډ ړ ښ ږ ځ څ ڼ ګ ۍ ې; Kurdish ۆ ێ ڵ ڕ ە. */
static void ar_base(const unsigned char *p, unsigned char m[2]) {
    unsigned to;
    switch ((unsigned)(p[0] & 0x1F) << 6 | (p[1] & 0x3Fu)) {
    case 0x679: case 0x67C: to = 0x62A; break;                        /* ٹ ټ: ت */
    case 0x688: case 0x689: to = 0x62F; break;                        /* ڈ ډ: د */
    case 0x691: case 0x693: case 0x695: to = 0x631; break;            /* ڑ ړ ڕ: ر */
    case 0x6BA: case 0x6BC: to = 0x646; break;                        /* ں ڼ: ن */
    case 0x6C3: to = 0x629; break;                                    /* ۃ: ة */
    case 0x6D2: case 0x6D3: case 0x6CD: case 0x6D0: case 0x6CE: to = 0x64A; break; /* ے ۓ ۍ ې ێ: ي */
    case 0x6BE: case 0x6C1: case 0x6C0: case 0x6D5: to = 0x647; break; /* ھ ہ ۀ ە: ه */
    case 0x69A: to = 0x634; break;                                    /* ښ: ش */
    case 0x696: to = 0x698; break;                                    /* ږ: ژ */
    case 0x681: to = 0x632; break;                                    /* ځ: ز */
    case 0x685: to = 0x633; break;                                    /* څ: س */
    case 0x6AB: to = 0x6AF; break;                                    /* ګ: گ */
    case 0x6C6: to = 0x648; break;                                    /* ۆ: و */
    case 0x6B5: to = 0x644; break;                                    /* ڵ: ل */
    default:
        m[0] = p[0];
        m[1] = p[1];
        return;
    }
    m[0] = (unsigned char)(0xC0 | to >> 6);
    m[1] = (unsigned char)(0x80 | (to & 0x3F));
}

/* Whether in[0, len) has a letter of Persian, Urdu, Pashto or Kurdish
 * that Arabic does not write: پ چ ژ گ ک ی, and those of ar_base (the Urdu
 * hehs ہ ھ, ye ے, ٹ ڈ ڑ ں; Pashto ټ ډ ړ ښ; Kurdish ۆ ێ...). */
static int ar_persian(const char *in, size_t len) {
    for (size_t i = 0; i + 1 < len; i++) {
        unsigned char c = (unsigned char)in[i], d = (unsigned char)in[i + 1], m[2];
        if ((c == 0xD9 && d == 0xBE) ||                                          /* پ */
            (c == 0xDA && (d == 0x86 || d == 0x98 || d == 0xAF || d == 0xA9)) || /* چ ژ گ ک */
            (c == 0xDB && d == 0x8C))                                            /* ی */
            return 1;
        if (c < 0xD9 || c > 0xDB || (d & 0xC0) != 0x80) continue;
        ar_base((const unsigned char *)in + i, m);
        if (m[0] != c || m[1] != d) return 1; /* a letter of Urdu, Pashto or Kurdish */
    }
    return 0;
}

/* Whether in[0, n) is الدين (al-din; with the Persian ye too). */
static int ar_din(const char *in, size_t n) {
    return n == 10 && memcmp(in, AR_ALIF AR_LAM "\xD8\xAF", 6) == 0 &&
           (memcmp(in + 6, "\xD9\x8A", 2) == 0 || memcmp(in + 6, "\xDB\x8C", 2) == 0) &&
           memcmp(in + 8, "\xD9\x86", 2) == 0;
}

/* Whether in[0, len) has a word that ends in alif, a letter and alif
 * maqsura (ى): the nisba -ani, -aji (حقانى Haqqani) typed with the Arabic
 * letter where Persian and Dari write ی at a word's end, as Afghan text
 * from Arabic keyboards does. Arabic's own alif maqsura ends a word in -a
 * after a consonant with a short vowel (مصطفى Mustafa, موسى Musa, مثنى
 * Muthanna), not after a long a. Taken as a Persian text only for al-din
 * written apart (arabic_words): Egyptian typing writes such an -i too, so
 * not in a text with a word that begins with the article, other than
 * al-din and Allah: Arab names carry it (سيف الدين المشهدانى Saif al-Din
 * al-Mashhadani, نور الدين الحلوانى), the Afghan ones rarely. */
static int ar_nisba_maqsura(const char *in, size_t len) {
    int found = 0;
    for (size_t i = 0; i < len;) {
        size_t e = i;
        while (e < len && in[e] != ' ') e++;
        const char *w = in + i;
        size_t n = e - i;
        if (n >= 4 && memcmp(w, AR_ALIF AR_LAM, 4) == 0 && !ar_din(w, n) && !ar_allah(w, n))
            return 0; /* an article: an Arab name (سيف الدين المشهدانى) */
        if (n >= 6 && memcmp(w + n - 2, "\xD9\x89", 2) == 0 && memcmp(w + n - 6, AR_ALIF, 2) == 0 &&
            ar_word(w + n - 4, 2))
            found = 1;
        i = e;
        while (i < len && in[i] == ' ') i++;
    }
    return found;
}

/* Whether in[0, n) is a Persian or Pashto word that ends a name written
 * apart: زاده (zada, son of), خيل or خیل (khel, clan). */
static int ar_suffix(const char *in, size_t n) {
    return (n == 8 && memcmp(in, "\xD8\xB2" AR_ALIF "\xD8\xAF\xD9\x87", 8) == 0) ||
           (n == 6 && memcmp(in, "\xD8\xAE", 2) == 0 &&
            (memcmp(in + 2, "\xD9\x8A", 2) == 0 || memcmp(in + 2, "\xDB\x8C", 2) == 0) &&
            memcmp(in + 4, AR_LAM, 2) == 0);
}

/* Whether the two bytes at c are a letter that carries a vowel in Latin
 * spellings: alif, waw, ya, alif maqsura, Persian ye. */
static int ar_vowel_letter(const unsigned char *c) {
    return (c[0] == 0xD8 && c[1] == 0xA7) || (c[0] == 0xD9 && (c[1] == 0x88 || c[1] == 0x8A || c[1] == 0x89)) ||
           (c[0] == 0xDB && c[1] == 0x8C);
}

/* Whether a word whose first two letters are u and v (Arabic ones,
 * ar_base) begins with a letter that romanises as s, z, t, d or k followed
 * by ha or hha: romanised, the two
 * would read as one sound (زهير zhyr: zh; سهيل shyl: sh; دحلان dhlan: dh),
 * while a word's first consonant always has a vowel after it, which Arabic
 * script does not write (Zuhair, Suhail, Dahlan). */
static int ar_digraph(const unsigned char *u, const unsigned char *v) {
    int first = (u[0] == 0xD8 && (u[1] == 0xB3 || u[1] == 0xB5 || u[1] == 0xB2 || u[1] == 0xAA ||
                                  u[1] == 0xB7 || u[1] == 0xAF || u[1] == 0xB6)) || /* س ص ز ت ط د ض */
                (u[0] == 0xD9 && u[1] == 0x83) || (u[0] == 0xDA && u[1] == 0xA9); /* ك ک */
    int hha = v[0] == 0xD8 && v[1] == 0xAD, ha = v[0] == 0xD9 && v[1] == 0x87;
    /* (not dal before ha: Arabic script writes the dh of Indian names so,
     * Dhani, Dharmesh, more often than an Arab name Daham) */
    return first && (hha || (ha && !(u[0] == 0xD8 && u[1] == 0xAF)));
}

/* Appends the word w[0, n) (Arabic letters, no particle): the article
 * apart, an initial ayin as alif; fa: the text has Persian or Urdu
 * letters (ar_persian). */
static void ar_put(emb_buf *b, const char *w, size_t n, int fa) {
    /* Allah written to the name: عبدالله abdullah, خيرالله khyrullah */
    if (n >= 12 && ar_allah(w + n - 8, 8)) {
        if (n == 14 && memcmp(w, AR_AYIN "\xD8\xA8\xD8\xAF", 6) == 0) {
            emb__buf_append(b, "abdullah", 8);
            return;
        }
        ar_put(b, w, n - 8, fa);
        emb__buf_append(b, "ullah", 5);
        return;
    }
    /* al-din written to the name: نورالدین nwrddin */
    if (n >= 14 && ar_din(w + n - 10, 10)) {
        ar_put(b, w, n - 10, fa);
        emb__buf_append(b, "ddin", 4);
        return;
    }
    if (n >= 14 && memcmp(w, AR_AYIN "\xD8\xA8\xD8\xAF" AR_ALIF AR_LAM, 10) == 0) {
        emb__buf_append(b, "abd al ", 7); /* عبدال... */
        w += 10;
        n -= 10;
    } else if (n >= 8 && memcmp(w, AR_ALIF AR_LAM, 4) == 0) {
        emb__buf_append(b, "al ", 3);
        w += 4;
        n -= 4;
    }
    if (n > 2 && memcmp(w, AR_AYIN, 2) == 0) {
        emb__buf_append(b, AR_ALIF, 2);
        w += 2;
        n -= 2;
    }
    const unsigned char *u = (const unsigned char *)w;
    unsigned char prev[2] = {0, 0}, cur[2];
    for (size_t i = 0; i + 1 < n; i += 2, prev[0] = cur[0], prev[1] = cur[1]) {
        ar_base(u + i, cur); /* Urdu, Pashto, Kurdish letters as Arabic ones */
        unsigned char c = cur[0], d = cur[1];
        if (i == 2 && ar_digraph(prev, cur)) emb__buf_append(b, "eo", 2); /* زهير zeohyr */
        if (i + 4 == n && i >= 6 && c == 0xD8 && d == 0xAA && u[i + 2] == 0xD8 && u[i + 3] == 0xB4 &&
            ((prev[0] == 0xD9 && prev[1] == 0x8A) || (prev[0] == 0xDB && prev[1] == 0x8C))) {
            /* a final -itsh, يتش: the -ich of a Slavic name or patronymic,
             * whose ch Arabic writes as ta and shin (فلاديميروفيتش
             * Vladimirovich, ميلوسيفيتش Milosevic): Persian's che, ch */
            emb__buf_append(b, "\xDA\x86", 2);
            break;
        }
        if (i + 2 == n && i > 0 && c == 0xD8 && d == 0xA9) {
            emb__buf_putc(b, 'a'); /* a final ta marbuta: the Latin -a (سارة Sara, أسامة Usama) */
        } else if (i + 2 == n && i > 0 && c == 0xD9 && d == 0x87 &&
                   ((prev[0] == 0xD8 && prev[1] == 0xB9) || (fa && !ar_vowel_letter(prev)))) {
            emb__buf_putc(b, 'a'); /* a final ha as a vowel: جمعه Juma; Persian شبکه Shabaka */
        } else if (i + 4 == n && i > 0 && c == 0xD9 && d == 0x88 && u[i + 2] == 0xD9 && u[i + 3] == 0x86 &&
                   !ar_vowel_letter(prev)) {
            emb__buf_putc(b, 'u'); /* a final -un after a consonant: the vowel (الملثمون Moulathamoun) */
        } else if (c == 0xD8 && d == 0xA6 && i > 0 && !ar_vowel_letter(prev)) {
            emb__buf_append(b, "\xD8\xA1", 2); /* ئ after a consonant: the hamza (مطمئن Motmaen) */
        } else if (fa && c == 0xD8 && d == 0xAB) {
            emb__buf_append(b, "\xD8\xB3", 2); /* Persian ث: s */
        } else if (fa && c == 0xD8 && (d == 0xB0 || d == 0xB6)) {
            emb__buf_append(b, "\xD8\xB2", 2); /* Persian ذ, ض: z */
        } else {
            emb__buf_append(b, (const char *)cur, 2);
        }
    }
}

/* The text in[0, len) with its Arabic words rewritten (above) in nz->arabic
 * (*out, its length in *n); in itself if it has none. EMBARGO_ENOMEM or
 * EMBARGO_EUNICODE as arabic_letters. */
static embargo_status arabic_words(emb_normalizer *nz, const char *in, size_t len, const char **out,
                                   size_t *n) {
    *out = in;
    *n = len;
    int forms = has_arabic_forms(in, len);
    if (!forms && !has_arabic(in, len)) return EMBARGO_OK;
    emb_buf *b = &nz->arabic, *was = &nz->arabic_in;
    /* the text rewritten last time (its marks follow its romanisation) */
    if (was->len == len && !was->oom && memcmp(was->data, in, len) == 0) {
        *out = (const char *)b->data;
        *n = b->len;
        return EMBARGO_OK;
    }
    emb__buf_reset(was);
    const char *given = in;
    size_t given_len = len;
    if (forms) {
        embargo_status st = arabic_letters(nz, given, given_len, &in, &len);
        if (st) return st;
    }
    emb__buf_reset(b);
    if (emb__buf_reserve(b, 2 * len + 8)) return EMBARGO_ENOMEM;
    int fa = ar_persian(in, len);
    int din = fa || ar_nisba_maqsura(in, len); /* al-din apart joins the name before it */
    size_t first = 0; /* the first word's end: 0 before it */
    for (size_t i = 0; i < len;) {
        if (in[i] == ' ') {
            emb__buf_putc(b, ' ');
            i++;
            continue;
        }
        size_t e = i;
        while (e < len && in[e] != ' ') e++;
        const char *w = in + i, *p;
        size_t wn = e - i;
        size_t f = e, g;
        while (f < len && in[f] == ' ') f++;
        for (g = f; g < len && in[g] != ' ';) g++;
        int pres = ar_president(w, wn);
        if (pres == 1 && f > e && ar_president(in + f, g - f) == 3) {
            e = g; /* رئیس جمهور */
            pres = 2;
        }
        if (pres == 2) {
            emb__buf_append(b, "president", 9);
        } else if (!ar_word(w, wn)) {
            emb__buf_append(b, w, wn);
        } else if (fa && wn == 4 && memcmp(w, AR_ALIF "\xD9\x88", 4) == 0) {
            emb__buf_append(b, "and", 3); /* Pashto او (in Arabic: or) */
        } else if ((p = ar_particle(w, wn))) {
            emb__buf_append(b, p, strlen(p));
        } else if (!fa && first && wn >= 14 && memcmp(w, "\xD9\x88" AR_ALIF AR_LAM, 6) == 0) {
            /* the conjunction wa written to an article's noun: والمسلمين
             * wa al-Muslimin. Not a name's first word, not in a Persian
             * text (Persian writes v with waw: والیان Valian), four letters
             * after it at least: والي Wali, والتر Walter, والتون Walton,
             * والدمار Waldemar, والنتينا Valentina are names */
            emb__buf_append(b, "wa ", 3);
            ar_put(b, w + 2, wn - 2, fa);
        } else {
            ar_put(b, w, wn, fa);
            /* Allah, al-din (in a Persian or Urdu text, or one with a
             * nisba typed with alif maqsura: ar_nisba_maqsura), zada or khel
             * after it: one word (f, g: the next word) */
            int joined = 1;
            if (f == e) joined = 0;
            else if (ar_allah(in + f, g - f)) emb__buf_append(b, "ullah", 5);
            else if (din && ar_din(in + f, g - f)) emb__buf_append(b, "ddin", 4);
            else if (ar_suffix(in + f, g - f)) ar_put(b, in + f, g - f, fa);
            else joined = 0;
            if (joined) e = g;
        }
        if (!first) first = e;
        i = e;
    }
    if (b->oom) return EMBARGO_ENOMEM;
    /* (a copy that fails leaves no memo: was->oom) */
    emb__buf_append(was, given, given_len);
    *out = (const char *)b->data;
    *n = b->len;
    return EMBARGO_OK;
}

/* ---- the Arabic article written in Cyrillic -----------------------------------
 *
 * Russian writes the Arabic article as it sounds before a sun letter, which
 * it takes on: ат-Таухид (at-Tawhid), ан-Нусра, аш-Шабаб, ад-Дин, ас-Салам.
 * The Latin lists write al- (AL-TAWHID, AL-NUSRAH), as Russian does before
 * other letters (аль-Каида). A word that begins with а, a consonant, a
 * hyphen and that consonant again (т с ш д н р з; the second as a capital
 * or not) is that article: its first three letters are read as аль-. The
 * word may follow a quotation mark («ат-Таухид», „ан-Нусра“). */

/* Whether the bytes before u[i] (i > 0) end what may stand before an
 * article: a space, a parenthesis, a quotation mark (" ', the « and „ “ of
 * Russian and Ukrainian text: «ат-Таухид»). */
static int article_before(const unsigned char *u, size_t i) {
    unsigned char c = u[i - 1];
    if (c == ' ' || c == '(' || c == '"' || c == '\'') return 1;
    if (i >= 2 && u[i - 2] == 0xC2 && c == 0xAB) return 1;                          /* « */
    return i >= 3 && u[i - 3] == 0xE2 && u[i - 2] == 0x80 && (c == 0x9E || c == 0x9C); /* „ “ */
}

/* The index of the next such article in in[i, len) (the byte of its а), or len. */
static size_t cyr_article_at(const char *in, size_t len, size_t i) {
    static const unsigned char C[][2] = {{0xD1, 0x82}, {0xD1, 0x81}, {0xD1, 0x88}, {0xD0, 0xB4},
                                         {0xD0, 0xBD}, {0xD1, 0x80}, {0xD0, 0xB7}}; /* т с ш д н р з */
    static const unsigned char U[][2] = {{0xD0, 0xA2}, {0xD0, 0xA1}, {0xD0, 0xA8}, {0xD0, 0x94},
                                         {0xD0, 0x9D}, {0xD0, 0xA0}, {0xD0, 0x97}}; /* Т С Ш Д Н Р З */
    const unsigned char *u = (const unsigned char *)in;
    for (; i + 7 <= len; i++) {
        if (u[i] != 0xD0 || (u[i + 1] != 0xB0 && u[i + 1] != 0x90) || u[i + 4] != '-') continue;
        if (i > 0 && !article_before(u, i)) continue;
        for (size_t k = 0; k < sizeof(C) / sizeof(C[0]); k++) {
            int first = (u[i + 2] == C[k][0] && u[i + 3] == C[k][1]) || (u[i + 2] == U[k][0] && u[i + 3] == U[k][1]);
            int again = (u[i + 5] == C[k][0] && u[i + 6] == C[k][1]) || (u[i + 5] == U[k][0] && u[i + 6] == U[k][1]);
            if (first && again) return i;
        }
    }
    return len;
}

/* The text in[0, len) with its Cyrillic Arabic articles as аль- (above) in
 * nz->cyr_article; in itself if it has none. NULL: out of memory. */
static const char *cyrillic_articles(emb_normalizer *nz, const char *in, size_t len, size_t *n) {
    *n = len;
    size_t at = cyr_article_at(in, len, 0);
    if (at == len) return in;
    emb_buf *b = &nz->cyr_article;
    emb__buf_reset(b);
    size_t from = 0;
    while (at < len) {
        emb__buf_append(b, in + from, at - from);
        emb__buf_append(b, "\xD0\xB0\xD0\xBB\xD1\x8C", 6); /* аль */
        from = at + 4; /* at the hyphen */
        at = cyr_article_at(in, len, from);
    }
    emb__buf_append(b, in + from, len - from);
    if (b->oom) return NULL;
    *n = b->len;
    return (const char *)b->data;
}

/* ---- foreign names in Hangul --------------------------------------------------
 *
 * Korean writes a foreign name by its sounds, syllable by syllable, and
 * gives a consonant that has no vowel after it in the foreign word the vowel
 * ㅡ (eu), which is then not spoken as a vowel of the name: 블라디미르
 * beul-la-di-mi-reu is Vladimir, 스 s, 트 t, 프 p or f, 드 d. A syllable of a
 * consonant and ㅡ without a final is no Sino-Korean reading (the syllables
 * of Korean names): a name with one is foreign (a name without, 푸틴 alone,
 * is read as Korean: Korean places, ships and companies begin with
 * syllables no surname has, 청천강 Chong Chon Gang); its Hangul
 * words are read as the foreign word they write (hangul_loanwords), not
 * syllable by syllable as a Korean name (HANGUL_RULES: beul la di mi reu):
 *   - the consonant of such a syllable alone (르 r, 블 bl: the final ㄹ
 *     an l of the cluster; ㅡ before another final is spoken, 릉 rung);
 *   - a final ㄹ and an initial ㄹ are one l (the ll of 블라, Bla);
 *   - a final 치 (chi) or 지 (ji) after another syllable is ch or j, the
 *     ㅣ being the vowel Korean gives a final ch (블라디미로비치 Vladimirovich);
 *   - the plain consonants as the foreign voiced ones (ㅂ b, ㄷ d, ㄱ g,
 *     ㅈ j; ㅂ also writes v), the aspirated as the voiceless (ㅍ p, ㅌ t, ㅋ
 *     k, ㅊ ch); ㅓ o (a foreign e or o), ㅐ e; ㅅ before a y-vowel sh, and
 *     ㅈ ㅊ before one without the y (쇼이구 Shoigu, 쟈 ja).
 * The text's Hangul words are then ASCII before the transliterator and the
 * marks (emb__normalize_marks) read it, so that both count the same words:
 * 블라디미르 푸틴 bladimir putin ~ Vladimir Putin. */

/* The syllable of Hangul at s[0..3), or -1: its index from U+AC00. */
static int hangul_at(const unsigned char *s, size_t n) {
    if (n < 3 || s[0] < 0xEA || s[0] > 0xED || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) return -1;
    unsigned c = (unsigned)(s[0] & 0x0F) << 12 | (unsigned)(s[1] & 0x3F) << 6 | (s[2] & 0x3Fu);
    return c >= 0xAC00 && c <= 0xD7A3 ? (int)(c - 0xAC00) : -1;
}

#define HG_L(x) ((x) / 588)
#define HG_V(x) ((x) % 588 / 28)
#define HG_T(x) ((x) % 28)
#define HG_EU 18   /* the vowel ㅡ */
#define HG_I 20    /* the vowel ㅣ */
#define HG_NG 11   /* the initial ㅇ, no sound */
#define HG_R 5     /* the initial ㄹ */
#define HG_FIN_L 8 /* the final ㄹ */

/* Whether the text is a foreign name: it has a syllable that is no
 * Sino-Korean reading (the syllables of Korean names and places) and that
 * Korean writes foreign words with: a consonant and ㅡ without a final
 * (블라디미르 Vladimir, 세르게이 Sergei); ㅔ with a final (겐나디 Gennady,
 * 엘비라 Elvira); ㅌ and ㅣ (푸틴 Putin, 팀첸코 Timchenko); ㅅ ㅆ ㅈ ㅉ ㅊ
 * before a y-vowel (쇼이구 Shoigu). (Not a first syllable that begins no
 * Korean name: Korean places, ships and companies begin so too, 청천강
 * Chong Chon Gang, 릉라도 Rung Ra Do.) */
static int hangul_foreign(const char *in, size_t len) {
    const unsigned char *u = (const unsigned char *)in;
    for (size_t i = 0; i + 2 < len; i++) {
        int x = hangul_at(u + i, len - i);
        if (x < 0) continue;
        int l = HG_L(x), v = HG_V(x), t = HG_T(x);
        int yv = v == 2 || v == 3 || v == 6 || v == 7 || v == 12 || v == 17;
        if ((v == HG_EU && t == 0 && l != HG_NG) || (v == 5 && t != 0) || (l == 16 && v == HG_I) ||
            (yv && (l == 9 || l == 10 || l == 12 || l == 13 || l == 14)))
            return 1;
    }
    return 0;
}

/* The text in[0, len) with the Hangul words of a foreign name read as
 * above, in nz->hangul (*out, its length in *n); in itself if it has no
 * syllable that says so. EMBARGO_ENOMEM when out of memory. */
static embargo_status hangul_loanwords(emb_normalizer *nz, const char *in, size_t len, const char **out,
                                       size_t *n) {
    static const char *const INI[19] = {"g", "k", "n", "d", "t", "r", "m", "b", "p", "s",
                                        "s", "", "j", "j", "ch", "k", "t", "p", "h"};
    static const char *const VOW[21] = {"a", "e", "ya", "ye", "o", "e", "yo", "ye", "o", "wa", "we",
                                        "oe", "yo", "u", "wo", "we", "wi", "yu", "u", "ui", "i"};
    *out = in;
    *n = len;
    if (!hangul_foreign(in, len)) return EMBARGO_OK;
    const unsigned char *u = (const unsigned char *)in;
    emb_buf *b = &nz->hangul;
    emb__buf_reset(b);
    if (emb__buf_reserve(b, 2 * len + 8)) return EMBARGO_ENOMEM;
    /* the titles Korean writes after a name, apart (name.c, titles_after:
     * 대통령, 위원장, 국무위원장, 총비서, 주석, 동지), stay Korean */
    static const char *const TITLES[] = {
        "\xeb\x8c\x80\xed\x86\xb5\xeb\xa0\xb9", "\xec\x9c\x84\xec\x9b\x90\xec\x9e\xa5",
        "\xea\xb5\xad\xeb\xac\xb4\xec\x9c\x84\xec\x9b\x90\xec\x9e\xa5", "\xec\xb4\x9d\xeb\xb9\x84\xec\x84\x9c",
        "\xec\xa3\xbc\xec\x84\x9d", "\xeb\x8f\x99\xec\xa7\x80"};
    int prev = -1; /* the syllable before, in this word */
    for (size_t i = 0; i < len;) {
        int x = hangul_at(u + i, len - i);
        if (x >= 0 && emb__utf8_space_before(in, i)) { /* a word of Hangul after any space */
            size_t e = i;
            while (e + 2 < len && hangul_at(u + e, len - e) >= 0) e += 3;
            size_t k = 0;
            while (k < sizeof(TITLES) / sizeof(TITLES[0]) &&
                   !(strlen(TITLES[k]) == e - i && !memcmp(in + i, TITLES[k], e - i)))
                k++;
            if (k < sizeof(TITLES) / sizeof(TITLES[0])) {
                emb__buf_append(b, in + i, e - i);
                i = e;
                continue;
            }
        }
        if (x < 0) {
            emb__buf_putc(b, in[i++]);
            prev = -1;
            continue;
        }
        int next = hangul_at(u + i + 3, len - i - 3);
        int l = HG_L(x), v = HG_V(x), t = HG_T(x);
        if (!(prev >= 0 && HG_T(prev) == HG_FIN_L && l == HG_R)) emb__buf_append(b, INI[l], strlen(INI[l]));
        /* ㅅ before ya, yo, yu, ye: sh (쇼 sho); ㅈ, ㅉ, ㅊ: no y (쟈 ja, 초 cho) */
        int yv = v == 2 || v == 3 || v == 6 || v == 7 || v == 12 || v == 17;
        if (yv && (l == 9 || l == 10)) emb__buf_putc(b, 'h');
        if (yv && (l == 9 || l == 10 || l == 12 || l == 13 || l == 14)) {
            static const char *const NOY[21] = {[2] = "a", [3] = "e", [6] = "o", [7] = "e", [12] = "o", [17] = "u"};
            emb__buf_append(b, NOY[v], strlen(NOY[v]));
            emb__buf_append(b, emb__hangul_final[t], strlen(emb__hangul_final[t]));
            prev = x;
            i += 3;
            continue;
        }
        /* (not the vowel Korean adds to a consonant: ㅡ, a final 지 치's ㅣ) */
        int added = l != HG_NG && ((v == HG_EU && (t == 0 || t == HG_FIN_L)) || (v == HG_I && t == 0 && prev >= 0 && next < 0 && (l == 12 || l == 14)));
        if (!added) emb__buf_append(b, VOW[v], strlen(VOW[v]));
        emb__buf_append(b, emb__hangul_final[t], strlen(emb__hangul_final[t]));
        prev = x;
        i += 3;
    }
    if (b->oom) return EMBARGO_ENOMEM;
    *out = (const char *)b->data;
    *n = b->len;
    return EMBARGO_OK;
}

embargo_status emb__normalize(emb_normalizer *nz, const char *in, size_t len, emb_buf *out) {
    if (emb__ascii_only(in, len)) {
        if (emb__buf_reserve(out, len)) return EMBARGO_ENOMEM;
        for (size_t i = 0; i < len; i++) {
            unsigned char c = (unsigned char)in[i];
            out->data[out->len++] = (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        return EMBARGO_OK;
    }
    if (len > (size_t)INT32_MAX / 8) return EMBARGO_EINVAL;
    int done = latin_only(in, len, out);
    if (done) return done < 0 ? EMBARGO_ENOMEM : EMBARGO_OK;
    in = cyrillic_articles(nz, in, len, &len);
    if (!in) return EMBARGO_ENOMEM;
    if (cyrillic_text(in, len)) return memo_words(nz, in, len, out);
    embargo_status st = arabic_words(nz, in, len, &in, &len);
    if (st) return st;
    if (arabic_text(in, len)) return memo_words(nz, in, len, out);
    st = hangul_loanwords(nz, in, len, &in, &len);
    if (st) return st;
    return emb__normalize_icu(nz, in, len, out);
}

embargo_status emb__normalize_icu(emb_normalizer *nz, const char *in, size_t len, emb_buf *out) {
    if (len > (size_t)INT32_MAX / 8) return EMBARGO_EINVAL;
    if (!nz->tr) {
        embargo_status st = tr_open(&nz->tr);
        if (st) return st;
    }
    /* Transliteration may lengthen text (Щ -> Shch): leave room. */
    if (grow(nz, len * 4 + 16)) return EMBARGO_ENOMEM;
    UErrorCode ec = U_ZERO_ERROR;
    int32_t n16 = 0;
    embargo_status st = load(nz, in, len, &n16);
    if (st) return st;
    for (;;) {
        int32_t limit = n16, textlen = n16;
        ec = U_ZERO_ERROR;
        utrans_transUChars(nz->tr, nz->u16, &textlen, u16_cap(nz), 0, &limit, &ec);
        if (ec == U_BUFFER_OVERFLOW_ERROR) {
            /* Start again from the original text with a bigger buffer. */
            if (grow(nz, nz->u16_cap + 1)) return EMBARGO_ENOMEM;
            st = load(nz, in, len, &n16);
            if (st) return st;
            continue;
        }
        if (U_FAILURE(ec)) return EMBARGO_EUNICODE;
        n16 = textlen;
        break;
    }
    int32_t n8 = 0;
    ec = U_ZERO_ERROR;
    u_strToUTF8(NULL, 0, &n8, nz->u16, n16, &ec);
    if (ec != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(ec)) return EMBARGO_EUNICODE;
    if (emb__buf_reserve(out, (size_t)n8 + 1)) return EMBARGO_ENOMEM;
    ec = U_ZERO_ERROR;
    u_strToUTF8((char *)out->data + out->len, n8 + 1, NULL, nz->u16, n16, &ec);
    if (U_FAILURE(ec)) return EMBARGO_EUNICODE;
    out->len += (size_t)n8;
    return EMBARGO_OK;
}

/* ---- marks of the original script (emb__normalize_marks) ---------------------- */

_Static_assert(EMB_MARK_HAN == USCRIPT_HAN && EMB_MARK_HANGUL == USCRIPT_HANGUL &&
                   EMB_MARK_KATAKANA == USCRIPT_KATAKANA, "ICU's script codes");

/* Whether romanising sc may lose what its letters tell apart. */
static int marked_script(UScriptCode sc) {
    return sc > 0 && sc < 256 && sc != USCRIPT_LATIN && sc != USCRIPT_CYRILLIC &&
           sc != USCRIPT_GREEK && sc != USCRIPT_COMMON && sc != USCRIPT_INHERITED &&
           sc != USCRIPT_UNKNOWN;
}

/* The letter c of Arabic or Hebrew as the mark folds it; 0 to drop it. */
static UChar32 fold_abjad(UChar32 c) {
    if ((c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640 || (c >= 0x06D6 && c <= 0x06ED) ||
        (c >= 0x0591 && c <= 0x05C7 && (U_GET_GC_MASK(c) & U_GC_M_MASK)))
        return 0; /* vowel marks, tatweel, Quranic marks; Hebrew points */
    switch (c) {
    case 0x0622: case 0x0623: case 0x0625: case 0x0671: return 0x0627; /* alif */
    case 0x0649: case 0x0626: case 0x06CC: return 0x064A;             /* ya */
    case 0x0629: return 0x0647;                                        /* ta marbuta: ha */
    case 0x0624: return 0x0648;                                        /* waw with hamza */
    case 0x06A9: return 0x0643;                                        /* Persian kaf */
    default: return c;
    }
}

/* A word's first Hangul syllable as the South writes its initial sound:
 * r before i and y is silent, else n; n before i and y is silent (the
 * surnames 리 이, 림 임, 류 유, 로 노, 라 나, 녀 여). */
static UChar32 fold_hangul_initial(UChar32 c) {
    int s = (int)c - 0xAC00, l = s / 588, v = (s % 588) / 28, t = s % 28;
    int iy = v == 2 || v == 6 || v == 7 || v == 12 || v == 17 || v == 20; /* ya yeo ye yo yu i */
    if (l == 5) l = iy ? 11 : 2;
    else if (l == 2 && iy) l = 11;
    return (UChar32)(0xAC00 + (l * 21 + v) * 28 + t);
}

/* Han character c as Simplified Chinese writes it, into u (room for 4). */
static embargo_status fold_han(emb_normalizer *nz, UChar32 c, UChar *u, int32_t *n) {
    if (!nz->hans) {
        UErrorCode ec = U_ZERO_ERROR;
        nz->hans = utrans_openU(u"Traditional-Simplified", -1, UTRANS_FORWARD, NULL, 0, NULL, &ec);
        if (U_FAILURE(ec) || !nz->hans) {
            if (nz->hans) utrans_close(nz->hans);
            nz->hans = NULL;
            return ec == U_MEMORY_ALLOCATION_ERROR ? EMBARGO_ENOMEM : EMBARGO_EUNICODE;
        }
    }
    UChar buf[8];
    int32_t len = 0;
    UBool err = 0;
    U16_APPEND(buf, len, 8, c, err);
    (void)err; /* 8 units hold any code point */
    int32_t limit = len;
    UErrorCode ec = U_ZERO_ERROR;
    utrans_transUChars(nz->hans, buf, &len, 8, 0, &limit, &ec);
    if (U_FAILURE(ec) || len > 4) {
        len = 0;
        U16_APPEND(buf, len, 8, c, err);
    }
    memcpy(u, buf, (size_t)len * sizeof(UChar));
    *n = len;
    return EMBARGO_OK;
}

/* One word being read: its folded letters' hash and set, its script. */
typedef struct mark_word {
    uint32_t hash;
    uint32_t set;      /* a bit of 24 for each letter (EMB_MARK_LETTERS) */
    UScriptCode sc;    /* the first letter's script that is not Common or Inherited */
    int letters;       /* code points kept */
    int single;        /* a Han character or Hangul syllable: the word is full */
    UChar32 syllable;  /* the Hangul syllable the word is, as written; 0: none */
} mark_word;

static void mark_add(mark_word *w, const UChar *u, int32_t n) {
    for (int32_t i = 0; i < n; i++) {
        w->hash = (w->hash ^ u[i]) * 16777619u;
        w->set |= 1u << (((uint32_t)u[i] * 2654435761u >> 16) % 24);
    }
    w->letters++;
}

static void mark_end(mark_word *w, uint32_t *marks, uint32_t *syllables, size_t cap, size_t *count,
                     int *any) {
    if (!w->letters) return;
    uint32_t m = 0;
    if (marked_script(w->sc)) {
        uint32_t h = w->single ? (w->hash ^ (w->hash >> 24)) & 0xFFFFFFu : w->set;
        m = ((uint32_t)w->sc << 24) | h;
        *any = 1;
    }
    if (*count < cap) {
        marks[*count] = m;
        if (syllables) syllables[*count] = (uint32_t)w->syllable;
    }
    (*count)++;
    *w = (mark_word){2166136261u, 0, USCRIPT_COMMON, 0, 0, 0};
}

/* Whether s has a letter beyond Latin, its marks, Greek and Cyrillic (and
 * Latin Extended Additional): most names that are not ASCII have none. */
static int beyond_latin(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0xC0) continue;
        if (c <= 0xD3) continue; /* up to U+04FF */
        if (c == 0xE1 && i + 1 < n && (unsigned char)s[i + 1] >= 0xB8 && (unsigned char)s[i + 1] <= 0xBB)
            continue; /* U+1E00-U+1EFF */
        return 1;
    }
    return 0;
}

size_t emb__normalize_marks(emb_normalizer *nz, const char *in, size_t len, uint32_t *marks,
                            uint32_t *syllables, size_t cap) {
    if (!beyond_latin(in, len)) return 0;
    if (arabic_words(nz, in, len, &in, &len)) return (size_t)-1;
    if (hangul_loanwords(nz, in, len, &in, &len)) return (size_t)-1;
    size_t count = 0;
    int any = 0, hangul_before = 0;
    mark_word w = {2166136261u, 0, USCRIPT_COMMON, 0, 0, 0};
    for (size_t i = 0; i < len;) {
        size_t adv;
        UChar32 c = (UChar32)emb__utf8_decode(in + i, len - i, &adv);
        i += adv;
        if (u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) continue;
        int mark = (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0;
        if (!(u_isalnum(c) || mark)) {
            /* apostrophes and middle dots between letters join them */
            if (emb__word_joiner((uint32_t)c) && i < len) {
                size_t adv2;
                UChar32 d = (UChar32)emb__utf8_decode(in + i, len - i, &adv2);
                if (u_isalnum(d) || (U_GET_GC_MASK(d) & U_GC_M_MASK)) continue;
            }
            mark_end(&w, marks, syllables, cap, &count, &any);
            hangul_before = 0;
            continue;
        }
        UErrorCode ec = U_ZERO_ERROR;
        UScriptCode sc = uscript_getScript(c, &ec);
        if (U_FAILURE(ec)) sc = USCRIPT_COMMON;
        int syllable = c >= 0xAC00 && c <= 0xD7A3;
        int single = sc == USCRIPT_HAN || syllable;
        if ((w.single && !mark) || (single && w.letters)) mark_end(&w, marks, syllables, cap, &count, &any);
        if (syllable) w.syllable = c;
        if (w.sc == USCRIPT_COMMON || w.sc == USCRIPT_INHERITED) w.sc = sc;
        UChar u[8];
        int32_t n = 0;
        UBool err = 0;
        if (sc == USCRIPT_HAN) {
            if (fold_han(nz, c, u, &n)) return (size_t)-1;
        } else {
            if (syllable && !hangul_before) c = fold_hangul_initial(c);
            if (sc == USCRIPT_ARABIC || sc == USCRIPT_HEBREW) c = fold_abjad(c);
            if (c) U16_APPEND(u, n, 8, c, err);
            (void)err;
        }
        hangul_before = syllable;
        if (n) mark_add(&w, u, n);
        w.single = single;
    }
    mark_end(&w, marks, syllables, cap, &count, &any);
    return any ? count : 0;
}
