/*
 * normalize.c - romanisation and folding with ICU; see normalize.h.
 *
 * One compound transliterator does all the work in a single pass over
 * UTF-16. It is built from rules rather than an ID so that Cyrillic goes
 * through Russian-Latin/BGN (the lists' own system: KOSACHEV, SLUTSKIY)
 * before the generic Any-Latin catches the remaining scripts.
 */
#include "normalize.h"
#include "../base/alloc.h"

#include <string.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

struct emb_normalizer {
    UTransliterator *tr;
    UChar *u16;          /* scratch, grown on demand */
    size_t u16_cap;      /* at most INT32_MAX is used: ICU counts in int32_t */
};

/* The Arabic ta marbuta (U+0629) ends names that Latin spellings end in a
 * vowel (أسامة Usama, فاطمة Fatima); romanised it would add a t. */
static const char RULES[] =
    ":: NFKC ;"
    ":: [\\u0629] Remove ;"
    ":: [\\p{Cyrillic}] Russian-Latin/BGN ;"
    ":: Any-Latin ;"
    ":: Latin-ASCII ;"
    ":: Lower ;"
    ":: NFC ;";

embargo_status emb__normalizer_new(emb_normalizer **out) {
    emb_normalizer *nz = emb__calloc(1, sizeof(*nz));
    if (!nz) return EMBARGO_ENOMEM;
    UChar rules[sizeof(RULES)];
    u_charsToUChars(RULES, rules, (int32_t)sizeof(RULES));
    UErrorCode ec = U_ZERO_ERROR;
    UParseError pe;
    nz->tr = utrans_openU(u"embargo-romanise", -1, UTRANS_FORWARD, rules,
                          (int32_t)(sizeof(RULES) - 1), &pe, &ec);
    if (U_FAILURE(ec) || !nz->tr) {
        emb__free(nz);
        return ec == U_MEMORY_ALLOCATION_ERROR ? EMBARGO_ENOMEM : EMBARGO_EUNICODE;
    }
    *out = nz;
    return EMBARGO_OK;
}

void emb__normalizer_free(emb_normalizer *nz) {
    if (!nz) return;
    if (nz->tr) utrans_close(nz->tr);
    emb__free(nz->u16);
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

static int is_ascii(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80) return 0;
    return 1;
}

embargo_status emb__normalize(emb_normalizer *nz, const char *in, size_t len, emb_buf *out) {
    if (is_ascii(in, len)) {
        if (emb__buf_reserve(out, len)) return EMBARGO_ENOMEM;
        for (size_t i = 0; i < len; i++) {
            unsigned char c = (unsigned char)in[i];
            out->data[out->len++] = (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        return EMBARGO_OK;
    }
    if (len > (size_t)INT32_MAX / 8) return EMBARGO_EINVAL;
    /* Transliteration may lengthen text (Щ -> Shch): leave room. */
    if (grow(nz, len * 4 + 16)) return EMBARGO_ENOMEM;
    UErrorCode ec = U_ZERO_ERROR;
    int32_t n16 = 0;
    u_strFromUTF8(nz->u16, u16_cap(nz), &n16, in, (int32_t)len, &ec);
    if (U_FAILURE(ec)) return EMBARGO_EUNICODE;
    for (;;) {
        int32_t limit = n16, textlen = n16;
        ec = U_ZERO_ERROR;
        utrans_transUChars(nz->tr, nz->u16, &textlen, u16_cap(nz), 0, &limit, &ec);
        if (ec == U_BUFFER_OVERFLOW_ERROR) {
            /* Start again from the original text with a bigger buffer. */
            if (grow(nz, nz->u16_cap + 1)) return EMBARGO_ENOMEM;
            ec = U_ZERO_ERROR;
            u_strFromUTF8(nz->u16, u16_cap(nz), &n16, in, (int32_t)len, &ec);
            if (U_FAILURE(ec)) return EMBARGO_EUNICODE;
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
