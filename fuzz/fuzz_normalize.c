/*
 * fuzz_normalize.c - libFuzzer harness for the normaliser and the name
 * analyser (src/text/normalize.c, src/text/name.c).
 *
 * Input that is not valid UTF-8 is dropped first, as the matcher does
 * (emb__utf8_check). Valid input is romanised and analysed into tokens, and
 * the analyser's promises are checked: normalised text is valid UTF-8; at
 * most 32 tokens (what an index name can hold); each token's text, romanisation key
 * and phonetic skeleton are NUL-terminated strings of the stated lengths,
 * no longer than EMB_TOKEN_MAX, weights finite and within 0..2, reading
 * positions below the token count. The romanisation key of each token is
 * recomputed and must fit its documented capacity. Statuses other than OK,
 * ENOMEM and EUNICODE abort.
 *
 * One normaliser (ICU transliterators) is made once and reused, as a
 * matcher does; the arena and scratch buffer are reset per input. So is a
 * word memo (name.h), which must change nothing: each input is analysed
 * again with it, and the tokens must be the same.
 */
#include "base/arena.h"
#include "base/buf.h"
#include "base/utf8.h"
#include "text/name.h"
#include "text/normalize.h"
#include "text/romkey.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static emb_normalizer *nz;
static emb_name_memo *memo;
static emb_arena arena, arena2;
static emb_buf scratch, out;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    if (emb__normalizer_new(&nz) != EMBARGO_OK) {
        fprintf(stderr, "fuzz_normalize: cannot make a normaliser (ICU)\n");
        abort();
    }
    emb__arena_init(&arena, 32 * 1024);
    emb__arena_init(&arena2, 32 * 1024);
    if (!(memo = emb__name_memo_new())) abort();
    emb__buf_init(&scratch);
    emb__buf_init(&out);
    return 0;
}

static void check_str(const char *s, size_t len) {
    if (!s) abort();
    if (strlen(s) != len) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* An exact-size copy, so ASan sees any read past the end. */
    char *in = malloc(size ? size : 1);
    if (!in) return 0;
    if (size) memcpy(in, data, size);
    if (emb__utf8_check(in, size) != size) {
        free(in);
        return 0;
    }
    size_t ctl = emb__utf8_find_control(in, size);
    if (ctl > size) abort();

    /* The normaliser alone. */
    out.len = 0;
    out.oom = 0;
    embargo_status st = emb__normalize(nz, in, size, &out);
    if (st == EMBARGO_OK) {
        if (emb__utf8_check((const char *)out.data, out.len) != out.len) abort();
    } else if (st != EMBARGO_ENOMEM && st != EMBARGO_EUNICODE) {
        abort();
    }

    /* The analyser. */
    emb__arena_reset(&arena);
    scratch.oom = 0; /* name.c does not clear an earlier out-of-memory flag */
    emb_tokens toks;
    st = emb__name_analyze(nz, NULL, &arena, &scratch, in, size, &toks);
    if (st == EMBARGO_OK) {
        /* name.c keeps up to 32 (MAX_TOKENS) so that the matcher can refuse a
         * query of more than EMBARGO_MAX_QUERY_TOKENS words; name.h says 24. */
        if (toks.n > 32) abort();
        if (toks.n && !toks.tok) abort();
        for (uint32_t i = 0; i < toks.n; i++) {
            const emb_token *t = &toks.tok[i];
            check_str(t->text, t->len);
            check_str(t->key, t->klen);
            check_str(t->phon, t->plen);
            if (t->len == 0 || t->len > EMB_TOKEN_MAX) abort();
            if (emb__utf8_check(t->text, t->len) != t->len) abort();
            if (!isfinite(t->weight) || t->weight < 0 || t->weight > 2) abort();
            char key[EMB_ROMKEY_CAP(EMB_TOKEN_MAX)];
            size_t kl = emb__romkey(t->text, t->len, key);
            if (kl >= sizeof(key)) abort();
            char phon[EMB_ROMKEY_CAP(EMB_TOKEN_MAX)];
            size_t pl = emb__phonkey(key, kl, phon);
            if (pl > kl) abort();
        }
        /* the same with the memo (ENOMEM aside) */
        emb_tokens again;
        emb__arena_reset(&arena2);
        scratch.oom = 0;
        if (emb__name_analyze(nz, memo, &arena2, &scratch, in, size, &again) == EMBARGO_OK) {
            if (again.n != toks.n) abort();
            for (uint32_t i = 0; i < toks.n; i++) {
                const emb_token *x = &toks.tok[i], *y = &again.tok[i];
                if (x->len != y->len || x->klen != y->klen || x->plen != y->plen || x->flags != y->flags ||
                    x->weight != y->weight || x->tmask != y->tmask || x->kmask != y->kmask ||
                    x->lklen != y->lklen || memcmp(x->key, y->key, x->klen) ||
                    memcmp(x->phon, y->phon, x->plen) || (x->lklen && memcmp(x->lkey, y->lkey, x->lklen)))
                    abort();
                for (int r = 0; r < EMB_ALT_KEYS; r++)
                    if (x->aklen[r] != y->aklen[r] || (x->aklen[r] && memcmp(x->akey[r], y->akey[r], x->aklen[r])))
                        abort();
            }
        }
    } else if (st != EMBARGO_ENOMEM && st != EMBARGO_EUNICODE) {
        abort();
    }
    free(in);
    return 0;
}
