/*
 * scan_words.c - the words of a scanner window (src/scan, see scan.c).
 *
 * Splits the window's text into words with their offsets, shapes, brackets
 * and sentence starts; keys each word as the index does (cached per
 * scanner), and marks the words the index knows, the lines of one case and
 * the headlines.
 */
#include "scan_int.h"

/* ---- words ------------------------------------------------------------------ */

static int is_letter_cp(unsigned cp) { return cp < 0x80 ? 0 : u_isalnum((UChar32)cp) != 0; }

/* Invisible characters (zero-width space and joiners, soft hyphen, word
 * joiner, BOM...): inside a word they do not split it. */
static int is_hidden_cp(unsigned cp) {
    return cp >= 0x80 && u_hasBinaryProperty((UChar32)cp, UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
}

int emb__scan_is_word_cp(unsigned c) {
    return (c < 0x80 && ((c | 32) - 'a' < 26 || c - '0' < 10)) || is_letter_cp(c) ||
           (c >= 0x300 && c < 0x370);
}

/* The romanisation key of a word into key (KEY_CAP bytes): its length; 0
 * if it has none (no letters, too long, not romanisable: *other is set
 * then, the matcher must judge); (size_t)-1 when out of memory. */
static size_t word_key(embargo_scanner *s, const char *w, size_t n, char *key, int *other) {
    char low[64];
    const char *src = w;
    size_t len = n;
    int ascii = 1;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)w[i] >= 0x80) ascii = 0;
    *other = 0;
    if (!ascii) {
        s->scratch.len = 0;
        embargo_status st = emb__normalize(s->nz, w, n, &s->scratch);
        if (st == EMBARGO_ENOMEM) return (size_t)-1;
        if (st) return 0;
        src = (const char *)s->scratch.data;
        len = s->scratch.len;
    }
    size_t k = 0;
    for (size_t i = 0; i < len && k < sizeof(low); i++) {
        char c = src[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) low[k++] = c;
        else if ((unsigned char)c >= 0x80) { *other = 1; return 0; }
    }
    if (k == 0 || k >= sizeof(low)) return 0;
    /* keyed as the index keys it (text/name.c): a Slavic given name or
     * patronymic as the form it stands for (Alexander as Aleksandr) */
    char pat[64];
    size_t pl;
    const char *given = emb__lexicon_given(low, k);
    if (given) return emb__romkey(given, strlen(given), key);
    if (k >= 7 && (pl = emb__lexicon_patronymic(low, k, pat, sizeof(pat))) > 0 && pl < sizeof(pat))
        return emb__romkey(pat, pl, key);
    return emb__romkey(low, k, key);
}

/* The slot for word w[0, n) (n <= WORD_TEXT) among `count` slots of
 * `size` bytes (a text_slot first), count a power of two, by its hash ANDed
 * with `mask` (tests: 0, one slot for all); *held: it holds that word. The
 * slot is claimed for the word: the caller fills the rest when !*held.
 * `fold`: the word in any ASCII case is the same word. */
static text_slot *text_slot_of(void *slots, size_t size, size_t count, uint64_t mask, const char *w,
                               size_t n, int fold, int *held) {
    char low[WORD_TEXT];
    const char *k = w;
    if (fold) {
        for (size_t i = 0; i < n; i++) low[i] = (char)(w[i] >= 'A' && w[i] <= 'Z' ? w[i] + 32 : w[i]);
        k = low;
    }
    uint64_t hash = (emb__hash_seed(k, n, 0) & mask) | 1;
    /* (the slot from the bits above the lowest, which is always set) */
    text_slot *slot = (text_slot *)((char *)slots + ((hash >> 1) & (count - 1)) * size);
    *held = slot->hash == hash && slot->len == n && memcmp(slot->text, k, n) == 0;
    if (!*held) {
        slot->hash = hash;
        slot->len = (uint8_t)n;
        memcpy(slot->text, k, n);
    }
    return slot;
}

/* word_key through the scanner's word cache: the slot of this word, filled
 * (with known = -1 when new), or NULL when the word or its key is too long
 * to keep; then word_key's result is in key, kl, *other. *kl is (size_t)-1
 * when out of memory. */
static word_slot *word_key_cached(embargo_scanner *s, const char *w, size_t n, char *key,
                                  size_t *kl, int *other) {
    if (n > WORD_TEXT) {
        *kl = word_key(s, w, n, key, other);
        return NULL;
    }
    int held;
    word_slot *slot = (word_slot *)text_slot_of(s->wcache, sizeof(*s->wcache), WORD_SLOTS, s->cache_mask,
                                                w, n, 0, &held);
    if (held) return slot;
    *kl = word_key(s, w, n, key, other);
    if (*kl == (size_t)-1 || *kl > WORD_KEY) {
        slot->head.hash = 0; /* not kept */
        return NULL;
    }
    slot->klen = (uint8_t)*kl;
    memcpy(slot->key, key, *kl);
    slot->other = (uint8_t)*other;
    slot->known = -1;
    return slot;
}

/* The romanisation key of a word (as word_key), recalled from the word
 * cache when the word came before. */
size_t emb__scan_word_key_of(embargo_scanner *s, const char *w, size_t n, char *key, int *other) {
    size_t kl;
    word_slot *slot = word_key_cached(s, w, n, key, &kl, other);
    if (!slot) return kl;
    *other = slot->other;
    memcpy(key, slot->key, slot->klen);
    return slot->klen;
}

/* Whether the romanisation key of a word is one the index holds: 1 or 0;
 * -1 when out of memory. */
int emb__scan_known_word(embargo_scanner *s, const char *w, size_t n) {
    char key[KEY_CAP];
    int other;
    size_t kl;
    word_slot *slot = word_key_cached(s, w, n, key, &kl, &other);
    if (slot && slot->known >= 0) return slot->known;
    if (slot) {
        kl = slot->klen;
        other = slot->other;
        memcpy(key, slot->key, kl);
    }
    if (kl == (size_t)-1) return -1;
    int known;
    if (other) known = 1; /* unromanisable: let the matcher judge */
    else if (kl == 0) known = 0;
    else {
        const embargo_index *ix = s->ix;
        known = emb__index_term(ix, ix->keyhash, ix->keyhash_cap, ix->keys, key, kl) >= 0;
    }
    if (slot) slot->known = (int8_t)known;
    return known;
}

/* emb__lexicon_flags of a word of at most 12 bytes (low, as emb__scan_lower_ascii
 * gives it), through the scanner's flag cache. */
unsigned emb__scan_word_flags(embargo_scanner *s, const char *low, size_t ll) {
    uint32_t h = 2166136261u; /* FNV-1a: the words are short */
    for (size_t i = 0; i < ll; i++) h = (h ^ (unsigned char)low[i]) * 16777619u;
    flag_slot *slot = &s->fcache[(h ^ (h >> 16)) & (FLAG_SLOTS - 1) & (uint32_t)s->cache_mask];
    if (slot->len == ll && memcmp(slot->text, low, ll) == 0) return slot->flags;
    unsigned f = emb__lexicon_flags(low, ll, NULL);
    if (ll <= sizeof(slot->text)) {
        slot->len = (uint8_t)ll;
        memcpy(slot->text, low, ll);
        slot->flags = f;
    }
    return f;
}

/* emb__name_stats of a lower-case word (low, as emb__scan_lower_ascii gives it),
 * through the scanner's statistics cache. */
void emb__scan_name_stats(const embargo_scanner *s, const char *low, size_t ll, emb_name_stat *out) {
    if (ll == 0 || ll > sizeof(s->scache->text)) {
        emb__name_stats(low, ll, out);
        return;
    }
    uint32_t h = 2166136261u; /* FNV-1a, as emb__scan_word_flags */
    for (size_t i = 0; i < ll; i++) h = (h ^ (unsigned char)low[i]) * 16777619u;
    stat_slot *slot = &s->scache[(h ^ (h >> 16)) & (STAT_SLOTS - 1) & (uint32_t)s->cache_mask];
    if (slot->len != ll || memcmp(slot->text, low, ll) != 0) {
        emb__name_stats(low, ll, &slot->st);
        slot->len = (uint8_t)ll;
        memcpy(slot->text, low, ll);
    }
    *out = slot->st;
}

static int push_word(embargo_scanner *s, const word *w) {
    if (EMB_GROW(s->words, s->words_cap, s->nwords + 1)) return -1;
    s->words[s->nwords++] = *w;
    return 0;
}

/* English function words: in a line of one case they are what separates
 * names, as lower case does in ordinary text. Sorted for bsearch. */
static const char *const FUNCTION_WORDS[] = {
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "among", "an",
    "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below",
    "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down",
    "during", "each", "either", "every", "few", "for", "from", "further", "had", "has",
    "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how",
    "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "might", "more",
    "most", "must", "my", "myself", "neither", "no", "nor", "not", "now", "of", "off", "on",
    "once", "only", "onto", "or", "other", "our", "ours", "ourselves", "out", "over", "own",
    "per", "same", "shall", "she", "should", "since", "so", "some", "such", "than", "that",
    "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this",
    "those", "through", "to", "too", "under", "until", "up", "upon", "us", "very", "via",
    "was", "we", "were", "what", "when", "where", "whether", "which", "while", "who", "whom",
    "whose", "why", "will", "with", "within", "without", "would", "yet", "you", "your",
    "yours", "yourself",
};

static int cmp_word(const void *key, const void *elem) {
    return strcmp((const char *)key, *(const char *const *)elem);
}

int emb__scan_function_word(const char *low, size_t n) {
    char z[16];
    if (n == 0 || n >= sizeof(z)) return 0;
    memcpy(z, low, n);
    z[n] = '\0';
    return bsearch(z, FUNCTION_WORDS, sizeof(FUNCTION_WORDS) / sizeof(FUNCTION_WORDS[0]),
                   sizeof(FUNCTION_WORDS[0]), cmp_word) != NULL;
}

/* Splits the window text into words, noting what makes a name. */
embargo_status emb__scan_split_words(embargo_scanner *s) {
    const char *t = (const char *)s->text.data;
    size_t n = s->text.len, i = 0;
    int brk = 1, newlines = 0, joined = 0, sentence = 1, soft = 0;
    unsigned marks = 0, mark = 0; /* punctuation marks since the last word, the last */
    uint32_t line = 0;
    s->nwords = 0;
    while (i < n) {
        size_t adv = 1;
        unsigned cp = (unsigned char)t[i];
        if (cp >= 0x80) cp = emb__utf8_decode(t + i, n - i, &adv);
        int letter = (cp < 0x80 && ((cp | 32) - 'a' < 26 || cp - '0' < 10)) || is_letter_cp(cp);
        if (!letter) {
            if (cp == '.' || cp == '!' || cp == '?') sentence = 1;
            if (cp == '\n') {
                line++;
                /* a blank line ends a name; in HTML any line end does: block
                 * tags end in one (<td>John</td><td>Smith</td>) */
                if (++newlines >= 2 || s->opts.html) brk = sentence = 1, soft = 0, marks += 2;
            } else if (cp == '-' && i + 1 < n && t[i + 1] == '\n' && s->nwords) {
                joined = 1; /* hyphenation at a line end */
            } else if ((cp == '-' || cp == '_') && s->nwords && s->words[s->nwords - 1].e == i) {
                joined = 1; /* al-Assad, Abd_al_Rahman */
            } else if (cp != ' ' && cp != '\t' && cp != '\r' && cp != 0xA0 && !is_hidden_cp(cp)) {
                /* a full stop after an initial or a title abbreviation does not
                 * end a name; other punctuation does */
                int keep = 0, dot = 0;
                if (cp == '.' && s->nwords && s->words[s->nwords - 1].e == i) {
                    word *p = &s->words[s->nwords - 1];
                    if (p->e - p->s == 1 && p->cap) { p->initial = 1; keep = 1; }
                    else if (p->title) keep = 1;
                    else if (p->e - p->s == 1 && p->shape == SHAPE_LOWER) p->dotted = 1, dot = 1;
                    if (keep) sentence = 0;
                }
                if (!keep) {
                    soft = !brk && dot;
                    brk = 1;
                    marks++;
                    mark = cp;
                }
            }
            i += adv;
            continue;
        }
        word w;
        memset(&w, 0, sizeof(w));
        w.s = i;
        w.line = line;
        if (cp < 0x80) w.cap = cp >= 'A' && cp <= 'Z';
        else w.cap = u_isupper((UChar32)cp) || u_istitle((UChar32)cp) ||
                     (!u_islower((UChar32)cp) && u_isalpha((UChar32)cp));
        size_t upper = 0, lower = 0;
        int first = -1; /* whether the first cased letter is a capital; -1 none yet */
        while (i < n) {
            unsigned c = (unsigned char)t[i];
            size_t a = 1;
            if (c < 0x80) {
                if (c - 'a' < 26) {
                    if (first < 0) first = 0;
                    lower++;
                    i++;
                    continue;
                }
                if (c - 'A' < 26) {
                    if (first < 0) first = 1;
                    upper++;
                    i++;
                    continue;
                }
                if (c - '0' < 10) { i++; continue; }
            } else {
                c = emb__utf8_decode(t + i, n - i, &a);
                if (emb__scan_is_word_cp(c)) {
                    int up = u_isupper((UChar32)c) || u_istitle((UChar32)c), lo = u_islower((UChar32)c);
                    if (first < 0 && (up || lo)) first = up;
                    upper += (size_t)up;
                    lower += (size_t)lo;
                    i += a;
                    continue;
                }
            }
            /* invisible characters between letters: Kosa<U+200B>chyov is one word */
            if (is_hidden_cp(c)) {
                size_t j = i + a;
                unsigned d = 0;
                while (j < n) {
                    size_t b = 1;
                    d = (unsigned char)t[j];
                    if (d >= 0x80) d = emb__utf8_decode(t + j, n - j, &b);
                    if (!is_hidden_cp(d)) break;
                    j += b;
                }
                if (j < n && emb__scan_is_word_cp(d)) { i = j; continue; }
                break;
            }
            /* an apostrophe inside a word (O'Neill), not a possessive 's */
            if (c == '\'' || c == 0x2019) {
                size_t j = i + a;
                int more = j < n && ((unsigned char)t[j] >= 0x80 || ((t[j] | 32) >= 'a' && (t[j] | 32) <= 'z'));
                int poss = j < n && (t[j] == 's' || t[j] == 'S') &&
                           (j + 1 >= n || !(((t[j + 1] | 32) >= 'a' && (t[j + 1] | 32) <= 'z')));
                if (more && !poss) { i = j; continue; }
            }
            break;
        }
        w.e = i;
        w.brk = (uint8_t)brk;
        w.soft = (uint8_t)(brk && soft);
        if (brk && marks == 1) {
            if (mark == '(' || mark == '[') w.brkc = BRK_OPEN;
            else if (mark == ')' || mark == ']') w.brkc = BRK_CLOSE;
            else if (mark == '"' || mark == 0x201C || mark == 0x201D || mark == 0x201E || mark == 0xAB ||
                     mark == 0xBB)
                w.brkc = BRK_QUOTE;
        }
        w.joined = (uint8_t)joined;
        w.sentence = (uint8_t)sentence;
        size_t len = w.e - w.s;
        w.shape = first < 0 ? SHAPE_NONE : !first ? SHAPE_LOWER : lower ? SHAPE_TITLE
                : upper >= 2 ? SHAPE_UPPER : SHAPE_LETTER;
        /* titles are capitalised; particles and connecting words short */
        if (len <= 12 && (w.cap || len <= 5)) {
            char low[16];
            size_t ll = emb__scan_lower_ascii(t + w.s, len, low, sizeof(low));
            if (!ll) { /* not ASCII: as it is (lexicon words are ASCII) */
                memcpy(low, t + w.s, len);
                ll = len;
            }
            unsigned f = emb__scan_word_flags(s, low, ll);
            w.particle = (f & EMB_LEX_PARTICLE) != 0;
            w.title = (f & EMB_LEX_TITLE) != 0;
            w.stop = (f & EMB_LEX_STOP) != 0;
        }
        if (push_word(s, &w)) return EMBARGO_ENOMEM;
        brk = 0;
        newlines = 0;
        marks = 0;
        joined = 0;
        sentence = 0;
        soft = 0;
    }
    return EMBARGO_OK;
}

/* Decides how each line of the window is written. A line of capitals
 * (PAYMENT TO OLEG DERIPASKA) or of lower case (sent 500 to vladimir
 * putin) says nothing by its capitals: there, names are runs of words the
 * index knows. Lower case counts only in a window that does not otherwise
 * capitalise its names: ordinary text has lines without a name. */
void emb__scan_mark_cases(embargo_scanner *s) {
    size_t titled = 0;
    for (size_t k = 0; k < s->nwords; k++)
        if (s->words[k].shape == SHAPE_TITLE && !s->words[k].sentence) titled++;
    int lower_ok = titled * LOWER_GUARD < s->nwords;
    for (size_t p = 0; p < s->nwords;) {
        size_t q = p, upper = 0, title = 0, lower = 0;
        for (; q < s->nwords && s->words[q].line == s->words[p].line; q++) {
            const word *w = &s->words[q];
            if (w->shape == SHAPE_UPPER) upper++;
            else if (w->shape == SHAPE_TITLE && !w->sentence) title++;
            else if (w->shape == SHAPE_LOWER) lower++;
        }
        uint8_t oc = CASE_MIXED;
        if (upper && upper >= 3 * (title + lower)) oc = CASE_UPPER;
        else if (lower_ok && lower && !title && upper <= lower) oc = CASE_LOWER;
        for (size_t k = p; k < q; k++) s->words[k].oc = oc;
        p = q;
    }
}

/* Whether a known word of a line of one case can carry a name: not a
 * particle, an English word or a country (RUSSIAN STATE is no name). */
static int anchor_word(const word *w, const char *low, size_t ll) {
    if (w->particle) return 0;
    if (!ll) return 1; /* not ASCII: no English word */
    emb_name_stat st;
    emb__name_stats(low, ll, &st);
    if (st.word) return 0;
    /* a company legal form or a generic organisation word (JSC, LTD, BANK) */
    uint16_t cls;
    const char *form;
    emb_strref ref = {low, ll};
    if (emb__lexicon_legal(&ref, 1, &cls, &form) || (emb__lexicon_flags(low, ll, NULL) & EMB_LEX_ORGWORD))
        return 0;
    return ll < 4 || !emb__country_codes(low, ll); /* codes (TO, RUS) are no countries here */
}

/* Whether a word of a line of one case is one people are called (DAVID,
 * RODRIGUEZ, by the Wikidata person-name counts; of English words only the
 * names common as such, MARK and JOHN but not SAID), or not ASCII and so
 * perhaps: a span that leaves such a word out next to it would cut a name
 * written in full (MIGUEL ANGEL of MIGUEL ANGEL RODRIGUEZ). */
int emb__scan_personal_word(const char *low, size_t ll) {
    if (!ll) return 1;
    emb_name_stat st;
    emb__name_stats(low, ll, &st);
    return st.person_df >= (st.word ? PERSONAL_DF_WORD : PERSONAL_DF);
}

/* Whether a word of a line of one case is an ordinary English word and not
 * one people are called (PAYMENT, PROGRESS, NEW): a span does not start
 * with it. */
int emb__scan_plain_word(const char *low, size_t ll) {
    if (!ll) return 0;
    emb_name_stat st;
    emb__name_stats(low, ll, &st);
    return st.word && st.person_df < PERSONAL_DF_WORD;
}

/* Marks the lines written in title case: every word of four letters or
 * more capitalised, the short ones (of, in, to) may not be. In a headline
 * ("Putin Moves Patrushev Out Of Security Council") capitals mark every
 * word, and the words that are no part of a name (hword) stand between
 * names as lower-case words do in prose: function words, English words,
 * and words the index does not know that people are not called (Moves,
 * Brings; not Virginie of Virginie Silla). After emb__scan_mark_known. */
void emb__scan_mark_headlines(embargo_scanner *s) {
    const char *t = (const char *)s->text.data;
    for (size_t p = 0; p < s->nwords;) {
        size_t q = p;
        int title = 1;
        for (; q < s->nwords && s->words[q].line == s->words[p].line; q++) {
            const word *w = &s->words[q];
            if (w->oc != CASE_MIXED || (w->shape == SHAPE_LOWER && w->e - w->s > 3)) title = 0;
        }
        if (title && q - p >= HEADLINE_WORDS)
            for (size_t k = p; k < q; k++) {
                word *w = &s->words[k];
                w->head = 1;
                char low[48];
                size_t ll = emb__scan_lower_ascii(t + w->s, w->e - w->s, low, sizeof(low));
                if (!w->cap || w->title || !ll) continue;
                emb_name_stat st;
                emb__scan_name_stats(s, low, ll, &st);
                w->hfunc = (uint8_t)emb__scan_function_word(low, ll);
                w->hword = (uint8_t)(w->hfunc || (st.word && st.person_df < PERSONAL_DF_WORD) ||
                                     (!w->known && st.person_df < PERSONAL_DF));
            }
        p = q;
    }
}

/* Looks each word up in the index: in ordinary lines the capitalised ones;
 * in lines of one case every word but function words (and then notes which
 * known words are no English words: a run of names needs one). A word
 * written in halves (Kosa-chyov, Kosa_chyov) is known if its halves
 * written together are. */
embargo_status emb__scan_mark_known(embargo_scanner *s) {
    const char *t = (const char *)s->text.data;
    for (size_t k = 0; k < s->nwords; k++) {
        word *w = &s->words[k];
        size_t len = w->e - w->s;
        int look = w->cap && !w->title && !w->stop;
        char low[48];
        size_t ll = 0;
        if (w->oc != CASE_MIXED) {
            ll = emb__scan_lower_ascii(t + w->s, len, low, sizeof(low));
            if (ll && ll <= 12) {
                unsigned f = emb__scan_word_flags(s, low, ll);
                w->particle = (f & EMB_LEX_PARTICLE) != 0;
                w->title = (f & EMB_LEX_TITLE) != 0;
                w->stop = (f & EMB_LEX_STOP) != 0;
            }
            /* a single letter is an initial (V PUTIN, v. putin), but for
             * the s of a possessive (TRUMP'S) */
            int apos = w->s > 0 && (t[w->s - 1] == '\'' ||
                                    (w->s >= 3 && !memcmp(t + w->s - 3, "\xe2\x80\x99", 3)));
            if (ll == 1 && (w->shape == SHAPE_LETTER || w->shape == SHAPE_LOWER)) {
                /* A and I are words unless written as initials (A.) */
                if (apos || (!w->initial && !w->dotted && (low[0] == 'a' || low[0] == 'i')))
                    w->function = 1;
                else
                    w->initial = 1;
            }
            if (!w->initial && ll && emb__scan_function_word(low, ll)) w->function = 1;
            int digits = 1;
            for (size_t i = w->s; i < w->e && digits; i++)
                if (t[i] < '0' || t[i] > '9') digits = 0;
            look = !w->title && !w->stop && !w->function && !digits && !w->initial;
        }
        if (look) {
            int known = emb__scan_known_word(s, t + w->s, len);
            if (known < 0) return EMBARGO_ENOMEM;
            w->known = (uint8_t)known;
            if (known && w->oc != CASE_MIXED) {
                w->anchor = (uint8_t)anchor_word(w, low, ll);
                w->personal = (uint8_t)emb__scan_personal_word(low, ll);
                w->plain = (uint8_t)emb__scan_plain_word(low, ll);
            }
        }
    }
    /* words written in halves */
    for (size_t k = 0; k + 1 < s->nwords; k++) {
        if (s->words[k + 1].joined == 0) continue;
        size_t e = k + 1;
        int all = s->words[k].known;
        while (e < s->nwords && s->words[e].joined) all &= s->words[e++].known;
        word *first = &s->words[k];
        if (!all && (first->cap || first->oc != CASE_MIXED) && !first->title &&
            s->words[e - 1].e - first->s < 64) {
            int known = emb__scan_known_word(s, t + first->s, s->words[e - 1].e - first->s);
            if (known < 0) return EMBARGO_ENOMEM;
            if (known) {
                /* in a line of one case, an anchor unless the whole is English */
                char low[64];
                size_t ll = 0;
                for (size_t i = first->s; i < s->words[e - 1].e && ll < sizeof(low); i++)
                    if (t[i] != '-' && t[i] != '_' && t[i] != '\n' && t[i] != '\r') low[ll++] = t[i];
                size_t n = emb__scan_lower_ascii(low, ll, low, sizeof(low));
                int anchor = anchor_word(first, low, n), personal = emb__scan_personal_word(low, n);
                for (size_t i = k; i < e; i++) {
                    s->words[i].known = 1;
                    if (s->words[i].oc == CASE_MIXED) continue;
                    s->words[i].anchor = (uint8_t)anchor;
                    s->words[i].personal = (uint8_t)personal;
                }
            }
        }
        k = e - 1;
    }
    return EMBARGO_OK;
}
