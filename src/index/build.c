/*
 * build.c - from a dataset to an index image.
 *
 * Every name is analysed once (romanised, tokenised, weighed) and its
 * tokens stored, so queries never re-analyse list names. Three inverted
 * indexes lead from a query token to the names that may match it: exact
 * romanisation keys, phonetic skeletons, and symmetric-delete neighbourhoods
 * of the keys (edit distance 1, or 2 for long keys) for typos. The image is
 * assembled in one malloc'd buffer in the file layout of format.h.
 *
 * This is the first stage of a build. Its image has no groups; the group
 * stage (src/group/) searches it with the matcher and hands the groups back
 * to emb__index_set_groups, the last stage, which appends them as the final
 * section and seals the image again. Nothing here calls up into matching.
 */
#include "index_int.h"
#include "../base/alloc.h"
#include "../base/str.h"
#include "../base/buf.h"
#include "../base/hash.h"
#include "../base/opts.h"
#include "../lists/dataset.h"
#include "../text/name.h"
#include "../text/acronym.h"
#include "../text/romkey.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <xxhash.h>

/* ---- string pool with interning -------------------------------------------- */

typedef struct pool {
    emb_buf buf;
    struct pool_slot { uint64_t hash; uint32_t off, len; } *slots;
    size_t cap, count;
} pool;

static int pool_init(pool *p) {
    emb__buf_init(&p->buf);
    p->cap = 1 << 16;
    p->count = 0;
    p->slots = emb__calloc(p->cap, sizeof(*p->slots));
    if (!p->slots) return -1;
    emb__buf_putc(&p->buf, 0); /* offset 0 is the empty string */
    return p->buf.oom ? -1 : 0;
}

static void pool_free(pool *p) {
    emb__buf_free(&p->buf);
    emb__free(p->slots);
}

static int pool_grow(pool *p) {
    size_t cap = p->cap * 2;
    struct pool_slot *s = emb__calloc(cap, sizeof(*s));
    if (!s) return -1;
    for (size_t i = 0; i < p->cap; i++) {
        if (!p->slots[i].off) continue;
        size_t h = (size_t)p->slots[i].hash & (cap - 1);
        while (s[h].off) h = (h + 1) & (cap - 1);
        s[h] = p->slots[i];
    }
    emb__free(p->slots);
    p->slots = s;
    p->cap = cap;
    return 0;
}

/* Returns the offset of a NUL-terminated copy of s, or UINT32_MAX on error. */
static uint32_t pool_add(pool *p, const char *s, size_t len) {
    if (len == 0) return 0;
    if (p->buf.len + len + 1 > UINT32_MAX) return UINT32_MAX;
    uint64_t hash = emb__hash(s, len);
    size_t h = (size_t)hash & (p->cap - 1);
    while (p->slots[h].off) {
        struct pool_slot *sl = &p->slots[h];
        if (sl->hash == hash && sl->len == len && memcmp(p->buf.data + sl->off, s, len) == 0)
            return sl->off;
        h = (h + 1) & (p->cap - 1);
    }
    uint32_t off = (uint32_t)p->buf.len;
    emb__buf_append(&p->buf, s, len);
    emb__buf_putc(&p->buf, 0);
    if (p->buf.oom) return UINT32_MAX;
    p->slots[h] = (struct pool_slot){hash, off, (uint32_t)len};
    if (++p->count * 2 > p->cap && pool_grow(p)) return UINT32_MAX;
    return off;
}

/* ---- vocabularies: term -> postings ------------------------------------------- */

typedef struct vocab {
    struct vocab_slot { uint32_t str, len, id; } *slots;  /* id + 1, 0 = empty */
    size_t cap, count;
    uint32_t *strs, *lens;        /* per id */
    size_t id_cap;
    uint64_t *pairs;              /* (term id << 32) | name id */
    size_t npairs, pairs_cap;
} vocab;

static void vocab_free(vocab *v) {
    emb__free(v->slots);
    emb__free(v->strs);
    emb__free(v->lens);
    emb__free(v->pairs);
}

/* Returns the term id of pool string (off, len), adding it if new; -1 OOM. */
static long vocab_id(vocab *v, const pool *p, uint32_t off, uint32_t len) {
    if (v->count * 2 >= v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 4096;
        struct vocab_slot *s = emb__calloc(cap, sizeof(*s));
        if (!s) return -1;
        for (size_t i = 0; i < v->cap; i++) {
            if (!v->slots[i].id) continue;
            size_t h = (size_t)emb__hash(p->buf.data + v->slots[i].str, v->slots[i].len) & (cap - 1);
            while (s[h].id) h = (h + 1) & (cap - 1);
            s[h] = v->slots[i];
        }
        emb__free(v->slots);
        v->slots = s;
        v->cap = cap;
    }
    size_t h = (size_t)emb__hash(p->buf.data + off, len) & (v->cap - 1);
    while (v->slots[h].id) {
        if (v->slots[h].str == off) return v->slots[h].id - 1; /* interned: same offset */
        h = (h + 1) & (v->cap - 1);
    }
    if (v->count == v->id_cap) {
        size_t cap = v->id_cap ? v->id_cap * 2 : 4096;
        uint32_t *s = emb__realloc(v->strs, cap * sizeof(*s));
        if (!s) return -1;
        v->strs = s;
        uint32_t *l = emb__realloc(v->lens, cap * sizeof(*l));
        if (!l) return -1;
        v->lens = l;
        v->id_cap = cap;
    }
    uint32_t id = (uint32_t)v->count++;
    v->strs[id] = off;
    v->lens[id] = len;
    v->slots[h] = (struct vocab_slot){off, len, id + 1};
    return id;
}

static int vocab_post(vocab *v, uint32_t term, uint32_t name) {
    if (v->npairs == v->pairs_cap) {
        size_t cap = v->pairs_cap ? v->pairs_cap * 2 : 16384;
        uint64_t *p = emb__realloc(v->pairs, cap * sizeof(*p));
        if (!p) return -1;
        v->pairs = p;
        v->pairs_cap = cap;
    }
    v->pairs[v->npairs++] = ((uint64_t)term << 32) | name;
    return 0;
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static size_t align8(size_t n) { return (n + 7) & ~(size_t)7; }

static size_t pow2_at_least(size_t n) {
    size_t c = 16;
    while (c < n) c *= 2;
    return c;
}

/* Emits terms, their hash table and postings (appended to `post`). */
static int vocab_emit(vocab *v, const pool *p, emb_buf *terms, emb_buf *hash, emb_buf *post) {
    if (v->npairs) qsort(v->pairs, v->npairs, sizeof(*v->pairs), cmp_u64);
    size_t k = 0;
    for (uint32_t id = 0; id < v->count; id++) {
        emb_ix_term t = {v->strs[id], v->lens[id], (uint32_t)(post->len / 4), 0};
        uint32_t last = UINT32_MAX;
        while (k < v->npairs && (v->pairs[k] >> 32) == id) {
            uint32_t name = (uint32_t)v->pairs[k++];
            if (name == last) continue;
            emb__buf_append(post, &name, 4);
            last = name;
            t.post_count++;
        }
        emb__buf_append(terms, &t, sizeof(t));
    }
    size_t cap = pow2_at_least(v->count * 2 + 1);
    if (emb__buf_reserve(hash, cap * 4)) return -1;
    uint32_t *slots = (uint32_t *)(void *)(hash->data + hash->len);
    memset(slots, 0, cap * 4);
    for (uint32_t id = 0; id < v->count; id++) {
        size_t h = (size_t)emb__hash(p->buf.data + v->strs[id], v->lens[id]) & (cap - 1);
        while (slots[h]) h = (h + 1) & (cap - 1);
        slots[h] = id + 1;
    }
    hash->len += cap * 4;
    return terms->oom || post->oom ? -1 : 0;
}

/* ---- deletion neighbourhoods ----------------------------------------------- */

unsigned emb__del_depth(size_t len, int query) {
    if (len < 4) return 0;
    return query && len >= 8 ? 2 : 1;
}

typedef struct hid { uint64_t h; uint32_t id; uint32_t tag; } hid; /* tag: EMB_DEL_KEY, EMB_DEL_TEXT */

typedef struct delpairs {
    hid *v;        /* variant hash, key id, what it is a variant of */
    size_t n, cap;
} delpairs;

static void delpairs_free(delpairs *d) {
    emb__free(d->v);
    d->v = NULL;
    d->n = d->cap = 0;
}

static int del_add(delpairs *d, uint64_t h, uint32_t id, uint32_t tag) {
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 65536;
        hid *v = emb__realloc(d->v, cap * sizeof(*v));
        if (!v) return -1;
        d->v = v;
        d->cap = cap;
    }
    d->v[d->n++] = (hid){h, id, tag};
    return 0;
}

/* Deletion variants are hashed by a polynomial in the word's bytes, so
 * that each variant's hash comes from the word's prefix and suffix sums in
 * a few operations instead of copying and hashing the variant (a long query
 * word has hundreds of them), then mixed with the seed and the length:
 *   P(s) = sum over k of (s[k] + 1) * B^(len-1-k)  (mod 2^64)
 *   hash = vmix(P(s) ^ fmix64(seed + len))
 * A collision only costs a verification: every key a variant leads to is
 * checked by edit distance. (XXH3 with seeds one apart, used before, made
 * variants of up to 8 bytes of one seed meet those of another: the key,
 * spelling and second-deletion tables overlapped.) */
#define DEL_B 0x9e3779b97f4a7c15ULL

static uint64_t fmix64(uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

/* The variant's mix: one product and a fold of its high half into the
 * low, which picks the slot (the high half is the fingerprint). fmix64
 * took ~11 instructions a variant, a query word has up to 800 of them,
 * and the seed is mixed with fmix64 already. */
static uint64_t vmix(uint64_t h) {
    h *= 0xd6e8feb86659fd93ULL;
    return h ^ (h >> 32);
}

uint64_t emb__del_hash(const char *s, size_t len, uint64_t seed) {
    uint64_t p = 0;
    for (size_t k = 0; k < len; k++) p = p * DEL_B + (uint64_t)(unsigned char)s[k] + 1;
    return vmix(p ^ fmix64(seed + len));
}

size_t emb__del_hashes(const char *w, size_t len, uint64_t seed, unsigned lo, unsigned hi,
                       uint64_t *out) {
    if (len > EMB_DEL_MAX_LEN) return 0;
    uint64_t pw[EMB_DEL_MAX_LEN + 1], pre[EMB_DEL_MAX_LEN + 1], suf[EMB_DEL_MAX_LEN + 1];
    pw[0] = 1;
    pre[0] = 0;
    for (size_t t = 0; t < len; t++) {
        pw[t + 1] = pw[t] * DEL_B;
        pre[t + 1] = pre[t] * DEL_B + (uint64_t)(unsigned char)w[t] + 1;
    }
    suf[len] = 0;
    for (size_t t = len; t-- > 0;)
        suf[t] = suf[t + 1] + ((uint64_t)(unsigned char)w[t] + 1) * pw[len - 1 - t];
    /* each letter's term one place further down, as it stands between two
     * deletions (the last letter never does) */
    uint64_t mid[EMB_DEL_MAX_LEN + 1];
    if (hi >= 2)
        for (size_t t = 0; t + 1 < len; t++) mid[t] = ((uint64_t)(unsigned char)w[t] + 1) * pw[len - 2 - t];
    if (len) mid[len - 1] = 0;
    /* the seeds mixed with each length a variant can have */
    uint64_t s0 = fmix64(seed + len), s1 = fmix64(seed + len - 1), s2 = fmix64(seed + len - 2);
#define PUT(p, sa) (out[n++] = vmix((p) ^ (sa)))
    size_t n = 0;
    if (lo == 0) PUT(pre[len], s0);
    if (hi == 0) return n;
    for (size_t i = 0; i < len; i++) {
        if (i > 0 && w[i] == w[i - 1]) continue; /* the same variants as from i - 1 */
        if (lo <= 1) PUT(pre[i] * pw[len - 1 - i] + suf[i + 1], s1);
        if (hi < 2 || i + 1 == len) continue;
        /* the second deletion at k > i; a letter equal to the one before it
         * (in the word without w[i]) gives the same variant again. The
         * letters between the two, each a place down, are summed as k
         * moves on (mid[]: a sum and no product a variant). */
        uint64_t head = pre[i] * pw[len - 2 - i], between = 0;
        for (size_t k = i + 1; k < len; k++) {
            if (!(k > i + 1 && w[k] == w[k - 1])) PUT(head + between + suf[k + 1], s2);
            between += mid[k];
        }
    }
#undef PUT
    return n;
}


/* Adds the variants of a word with lo..hi deletions, hashed with `seed`,
 * each leading to key `id` as a variant of the key or of a spelling of it
 * (`tag`, EMB_DEL_KEY or EMB_DEL_TEXT: one table holds both). */
static int del_variants(const char *w, size_t len, delpairs *d, uint32_t id, uint32_t tag,
                        uint64_t seed, unsigned lo, unsigned hi) {
    uint64_t hashes[EMB_DEL_MAX_HASHES];
    size_t n = emb__del_hashes(w, len, seed, lo, hi, hashes);
    for (size_t k = 0; k < n; k++)
        if (del_add(d, hashes[k], id, tag)) return -1;
    return 0;
}

static int cmp_hid(const void *a, const void *b) {
    const hid *x = a, *y = b;
    if (x->h != y->h) return x->h < y->h ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Writes the deletion table. An entry is a key id with the tags of what the
 * variant is a variant of (EMB_DEL_KEY, EMB_DEL_TEXT; both when a key is its
 * own spelling), once per key, the keys in increasing order. A variant that
 * leads to one key stores it in the slot itself (EMB_DEL_DIRECT); others
 * point at a count-prefixed list. */
static int del_emit(delpairs *d, emb_buf *table, emb_buf *post) {
    hid *all = d->v;
    if (d->n) qsort(all, d->n, sizeof(*all), cmp_hid);
    size_t groups = 0;
    for (size_t i = 0; i < d->n; i++)
        if (i == 0 || all[i].h != all[i - 1].h) groups++;
    size_t cap = pow2_at_least(groups + groups / 3 + 1); /* load factor <= 0.75 */
    if (emb__buf_reserve(table, cap * sizeof(emb_ix_del))) return -1;
    size_t base = table->len;
    memset(table->data + base, 0, cap * sizeof(emb_ix_del));
    table->len += cap * sizeof(emb_ix_del);
    for (size_t i = 0; i < d->n;) {
        size_t j = i;
        while (j < d->n && all[j].h == all[i].h) j++;
        /* the group's pairs of one key (adjacent: sorted) merged into one
         * entry, in place at the group's start */
        size_t distinct = 0;
        for (size_t k = i; k < j; k++) {
            if (distinct && all[i + distinct - 1].id == all[k].id) {
                all[i + distinct - 1].tag |= all[k].tag;
            } else {
                all[i + distinct] = all[k];
                distinct++;
            }
        }
        uint32_t ref;
        if (distinct == 1) {
            ref = all[i].id | all[i].tag | EMB_DEL_DIRECT;
        } else {
            ref = (uint32_t)(post->len / 4);
            uint32_t count = (uint32_t)distinct;
            emb__buf_append(post, &count, 4);
            for (size_t k = i; k < i + distinct; k++) {
                uint32_t e = all[k].id | all[k].tag;
                emb__buf_append(post, &e, 4);
            }
            if (post->oom) return -1;
        }
        /* Ordered linear probing (Amble and Knuth 1974): along any probe
         * path the fingerprints fall, so a lookup stops at the first one
         * below its own instead of at an empty slot. An entry meeting a
         * smaller one takes its slot and carries the smaller one on. A
         * variant that is not there (most of a typo search's) reads about
         * as many slots as one that is: 2.4 instead of 7.4 at the second
         * table's load of 0.73. */
        emb_ix_del *slots = (emb_ix_del *)(void *)(table->data + base);
        emb_ix_del cur = {(uint32_t)(all[i].h >> 32) | 1u, ref};
        size_t h = (size_t)all[i].h & (cap - 1);
        for (; slots[h].fingerprint; h = (h + 1) & (cap - 1)) {
            if (slots[h].fingerprint < cur.fingerprint) {
                emb_ix_del t = slots[h];
                slots[h] = cur;
                cur = t;
            }
        }
        slots[h] = cur;
        i = j;
    }
    return 0;
}

/* ---- the build ------------------------------------------------------------------ */

typedef struct builder {
    pool strings;
    emb_buf lists, entities, names, tokens, fields;
    vocab keys, phons;
    vocab texts;                  /* distinct spellings, for typo search */
    uint32_t *text_key;           /* per spelling: its key id */
    size_t text_key_cap;
    delpairs dels, dels2;       /* the first deletion table, and the second (long keys) */
    emb_normalizer *nz;
    emb_name_memo *memo;        /* the words of the names analysed before */
    emb_arena arena;
    emb_buf scratch;
} builder;

static void builder_free(builder *b) {
    pool_free(&b->strings);
    emb__buf_free(&b->lists);
    emb__buf_free(&b->entities);
    emb__buf_free(&b->names);
    emb__buf_free(&b->tokens);
    emb__buf_free(&b->fields);
    vocab_free(&b->keys);
    vocab_free(&b->phons);
    vocab_free(&b->texts);
    emb__free(b->text_key);
    delpairs_free(&b->dels);
    delpairs_free(&b->dels2);
    emb__normalizer_free(b->nz);
    emb__name_memo_free(b->memo);
    emb__arena_free(&b->arena);
    emb__buf_free(&b->scratch);
}

#define POOL(b, s, len)                                   \
    do {                                                  \
        off = pool_add(&(b)->strings, (s), (len));        \
        if (off == UINT32_MAX) return EMBARGO_ENOMEM;     \
    } while (0)

/* Indexes one name of entity e (index `entity`); `marks` (EMB_IXN_*): a
 * search form embargo made of a published name, not a name the list gives;
 * an acronym alias. */
static embargo_status add_name(builder *b, const emb_name *nm, const emb_entity *e, uint32_t entity,
                               uint8_t marks) {
    uint32_t off;
    uint32_t name_id = (uint32_t)(b->names.len / sizeof(emb_ix_name));
    emb_ix_name ixn;
    memset(&ixn, 0, sizeof(ixn));
    ixn.entity = entity;
    ixn.type = e->type;
    ixn.list = (uint16_t)e->list;
    POOL(b, nm->text, nm->len);
    ixn.text = off;
    ixn.text_len = nm->len;
    ixn.kind = nm->kind;
    ixn.weak = nm->weak;
    ixn.marks = marks;
    ixn.first_token = (uint32_t)(b->tokens.len / sizeof(emb_ix_token));
    emb_tokens toks;
    emb__arena_reset(&b->arena);
    embargo_status st = emb__name_analyze(b->nz, b->memo, &b->arena, &b->scratch, nm->text, nm->len, &toks);
    if (st) return st;
    for (uint32_t i = 0; i < toks.n; i++) {
        const emb_token *t = &toks.tok[i];
        emb_ix_token it;
        memset(&it, 0, sizeof(it));
        POOL(b, t->text, t->len);
        it.text = off;
        POOL(b, t->key, t->klen);
        it.key = off;
        long kid = vocab_id(&b->keys, &b->strings, off, t->klen);
        if (kid < 0 || vocab_post(&b->keys, (uint32_t)kid, name_id)) return EMBARGO_ENOMEM;
        char ck[4];
        size_t cl = emb__country_token_key(t, ck);
        if (cl) { /* also under its country, whatever the form (name.h) */
            uint32_t coff = pool_add(&b->strings, ck, cl);
            long cid = coff == UINT32_MAX ? -1 : vocab_id(&b->keys, &b->strings, coff, (uint32_t)cl);
            if (cid < 0 || vocab_post(&b->keys, (uint32_t)cid, name_id)) return EMBARGO_ENOMEM;
        }
        emb_token et;
        if (emb__token_east(t, &et)) { /* Belarusian, Ukrainian: also as Russian spells it */
            POOL(b, et.key, et.klen);
            long eid = vocab_id(&b->keys, &b->strings, off, et.klen);
            if (eid < 0 || vocab_post(&b->keys, (uint32_t)eid, name_id)) return EMBARGO_ENOMEM;
            POOL(b, et.phon, et.plen);
            long epid = et.plen < 3 ? 0 : vocab_id(&b->phons, &b->strings, off, et.plen);
            if (epid < 0 || (et.plen >= 3 && vocab_post(&b->phons, (uint32_t)epid, name_id))) return EMBARGO_ENOMEM;
            POOL(b, t->key, (size_t)(et.phon + et.plen - t->key)); /* key\0rkey\0rphon (name.h) */
            it.key = off;
        }
        if (t->len != t->klen || memcmp(t->text, t->key, t->len) != 0) {
            /* a spelling that differs from its key: typos are searched in both */
            long tid = vocab_id(&b->texts, &b->strings, it.text, t->len);
            if (tid < 0) return EMBARGO_ENOMEM;
            if ((size_t)tid >= b->text_key_cap) {
                size_t cap = b->text_key_cap ? b->text_key_cap * 2 : 4096;
                uint32_t *tk = emb__realloc(b->text_key, cap * sizeof(*tk));
                if (!tk) return EMBARGO_ENOMEM;
                b->text_key = tk;
                b->text_key_cap = cap;
            }
            b->text_key[tid] = (uint32_t)kid;
        }
        POOL(b, t->phon, t->plen);
        it.phon = off;
        if (t->plen >= 3 && !(t->flags & (EMB_TOK_LEGAL | EMB_TOK_STOP | EMB_TOK_TITLE))) {
            long pid = vocab_id(&b->phons, &b->strings, off, t->plen);
            if (pid < 0 || vocab_post(&b->phons, (uint32_t)pid, name_id)) return EMBARGO_ENOMEM;
        }
        it.len = t->len;
        it.klen = t->klen;
        it.plen = t->plen;
        it.pos = t->pos;
        it.flags = t->flags;
        it.legal = t->legal;
        it.weight = t->weight;
        it.tmask = t->tmask;
        it.kmask = t->kmask;
        it.orig = t->orig;
        /* what leaving the token out costs the scorer (score.c,
         * omission_weight): a patronymic half its weight; the screen's
         * estimate must not promise less than the score */
        if (!(t->flags & EMB_TOK_TITLE))
            ixn.weight += t->flags & EMB_TOK_PATRONYMIC ? 0.5f * t->weight : t->weight;
        ixn.initials |= emb__letter_mask(t->text, t->len ? 1 : 0);
        if (t->flags & EMB_TOK_COUNTRY)
            for (size_t c = 1; c < t->len; c++)
                if (t->text[c - 1] == ' ') ixn.initials |= emb__letter_mask(t->text + c, 1);
        emb__buf_append(&b->tokens, &it, sizeof(it));
    }
    /* A particle and the word after it written together (Aladl for AL-ADL,
     * Binladin), and a hyphenated pair (Kosa-chyov): the name is found under
     * their joined key too, which the scorer pairs (pair_joins). */
    for (uint32_t i = 0; i + 1 < toks.n; i++) {
        const emb_token *p = &toks.tok[i], *w = &toks.tok[i + 1];
        if (!(p->flags & (EMB_TOK_PARTICLE | EMB_TOK_HYPHEN)) ||
            (w->flags & (EMB_TOK_LEGAL | EMB_TOK_COUNTRY | EMB_TOK_NUMBER)) || p->len + w->len > EMB_TOKEN_MAX)
            continue;
        char text[EMB_TOKEN_MAX], key[EMB_ROMKEY_CAP(EMB_TOKEN_MAX)];
        memcpy(text, p->text, p->len);
        memcpy(text + p->len, w->text, w->len);
        size_t kl = emb__romkey(text, (size_t)p->len + w->len, key);
        POOL(b, key, kl);
        long jid = vocab_id(&b->keys, &b->strings, off, (uint32_t)kl);
        if (jid < 0 || vocab_post(&b->keys, (uint32_t)jid, name_id)) return EMBARGO_ENOMEM;
    }
    ixn.token_count = (uint8_t)toks.n;
    emb__buf_append(&b->names, &ixn, sizeof(ixn));
    return b->names.oom || b->tokens.oom ? EMBARGO_ENOMEM : EMBARGO_OK;
}

/* "GLOBAL RELIEF FOUNDATION (GRF)": a name that ends with its own acronym in
 * brackets. Returns the length of the name before the bracket, or 0 if the
 * name is not of that form. The acronym must be one word of 2-8 letters
 * (hyphens allowed) whose letters begin words of the name in order, the
 * first letter the first word's, words in between skipped ("AQAP": Al-Qaida
 * in the Arabian Peninsula). */
static size_t acronym_stem(const char *s, size_t n) {
    if (n < 6 || s[n - 1] != ')') return 0;
    size_t open = n - 1;
    while (open > 0 && s[open] != '(') open--;
    if (s[open] != '(' || open < 4 || s[open - 1] != ' ') return 0;
    char acr[9];
    size_t na = 0;
    for (size_t i = open + 1; i < n - 1; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '-') continue;
        if (!emb__is_ascii_letter(c) || na == sizeof(acr) - 1) return 0;
        acr[na++] = (char)(c | 0x20);
    }
    if (na < 2) return 0;
    size_t stem = open - 1;
    while (stem > 0 && s[stem - 1] == ' ') stem--;
    for (size_t i = 0; i < stem; i++)
        if (s[i] == '(' || s[i] == ')') return 0;
    /* walk the words of the stem (runs of letters, UTF-8 bytes included) */
    size_t k = 0, i = 0;
    int first = 1;
    while (i < stem && k < na) {
        while (i < stem && !emb__is_word_byte((unsigned char)s[i])) i++;
        if (i == stem) break;
        if ((s[i] | 0x20) == acr[k]) k++;
        else if (first) return 0;
        first = 0;
        while (i < stem && emb__is_word_byte((unsigned char)s[i])) i++;
    }
    return k == na ? stem : 0;
}

/* Indexes, beside each name of e of which stem_of gives a shorter name
 * (its length; 0: none), that name, marked derived, unless e has it
 * already; counts them in *count. */
static embargo_status add_stems(builder *b, const emb_entity *e, uint32_t index, uint32_t *count,
                                size_t (*stem_of)(const char *, size_t)) {
    uint32_t n = e->name_count;
    for (uint32_t i = 0; i < n; i++) {
        const emb_name *nm = &e->names[i];
        size_t stem = stem_of(nm->text, nm->len);
        if (!stem) continue;
        int known = 0;
        for (uint32_t j = 0; j < n && !known; j++)
            known = e->names[j].len == stem && strncasecmp(e->names[j].text, nm->text, stem) == 0;
        if (known) continue;
        emb_name d = *nm;
        d.len = (uint32_t)stem;
        if (d.kind == EMBARGO_NAME_PRIMARY) d.kind = EMBARGO_NAME_AKA;
        embargo_status st = add_name(b, &d, e, index, EMB_IXN_DERIVED);
        if (st) return st;
        (*count)++;
    }
    return EMBARGO_OK;
}

/* Indexes, beside a name that ends with its acronym, the name without it,
 * so that the name as people write it is the exact match it is. */
static embargo_status add_acronym_stems(builder *b, const emb_entity *e, uint32_t index,
                                        uint32_t *count) {
    return add_stems(b, e, index, count, acronym_stem);
}

/* Alias-name readings at most per entity in acronym_marks: a hostile list
 * (one entity of 4,000 four-letter aliases and 4,000 names of 39 words)
 * costs this many, not 16 million; past it, aliases are left unmarked
 * (read as words, as any alias no name spells). The largest SDN entity
 * needs a few hundred. */
enum { ACRONYM_READINGS_MAX = 1 << 18 };

/* marks[i] = EMB_IXN_ACRONYM if name i of e, not a person, is the acronym
 * of another of its names (IARA of ISLAMIC AFRICAN RELIEF AGENCY:
 * text/acronym.h), else 0. Each name is split into its words once, and
 * only if e has an alias that may be an acronym; a name whose first word
 * gives no alias's first letter is passed over on it. */
static embargo_status acronym_marks(const emb_entity *e, uint8_t *marks) {
    uint32_t n = e->name_count;
    memset(marks, 0, n);
    if (e->type == EMBARGO_TYPE_PERSON) return EMBARGO_OK;
    int any = 0;
    for (uint32_t i = 0; i < n && !any; i++) any = emb__acronym_candidate(e->names[i].text, e->names[i].len);
    if (!any) return EMBARGO_OK;
    /* owned here: the words of each name, and how many */
    emb_acronym_word *w = emb__malloc((size_t)n * EMB_ACRONYM_WORDS_MAX * sizeof(*w));
    uint8_t *nw = emb__malloc(n);
    if (!w || !nw) {
        emb__free(w);
        emb__free(nw);
        return EMBARGO_ENOMEM;
    }
    for (uint32_t j = 0; j < n; j++)
        nw[j] = (uint8_t)emb__acronym_words(e->names[j].text, e->names[j].len, w + (size_t)j * EMB_ACRONYM_WORDS_MAX);
    size_t readings = 0;
    for (uint32_t i = 0; i < n && readings < ACRONYM_READINGS_MAX; i++) {
        const emb_name *nm = &e->names[i];
        if (!emb__acronym_candidate(nm->text, nm->len)) continue;
        char first = (char)(nm->text[0] | 0x20);
        for (uint32_t j = 0; j < n && readings < ACRONYM_READINGS_MAX; j++) {
            const emb_acronym_word *wj = w + (size_t)j * EMB_ACRONYM_WORDS_MAX;
            if (j == i || nw[j] < 2 || (wj[0].skip != 1 && wj[0].first != first)) continue;
            readings++;
            if (emb__acronym_spelt(nm->text, nm->len, wj, nw[j])) {
                marks[i] = EMB_IXN_ACRONYM;
                break;
            }
        }
    }
    emb__free(w);
    emb__free(nw);
    return EMBARGO_OK;
}

/* Indexes, beside a name that gives another after a slash
 * (AL-QA'IDA/ISLAMIC ARMY), the name before it (emb__name_slash_stem), so
 * that it is the exact match it is. Not a person's: a slash there gives
 * another spelling of a word (SMITH, John/Jon Paul), no name of its own. */
static embargo_status add_slash_stems(builder *b, const emb_entity *e, uint32_t index, uint32_t *count) {
    if (e->type == EMBARGO_TYPE_PERSON) return EMBARGO_OK;
    return add_stems(b, e, index, count, emb__name_slash_stem);
}

static embargo_status add_entity(builder *b, const emb_entity *e, uint32_t index) {
    uint32_t off;
    emb_ix_entity ie;
    memset(&ie, 0, sizeof(ie));
    size_t idlen = strlen(e->id);
    POOL(b, e->id, idlen);
    ie.id = off;
    ie.id_len = (uint32_t)idlen;
    ie.list = (uint16_t)e->list;
    ie.type = e->type;
    ie.first_name = (uint32_t)(b->names.len / sizeof(emb_ix_name));
    ie.name_count = e->name_count;
    ie.first_field = (uint32_t)(b->fields.len / sizeof(emb_ix_field));
    ie.field_count = e->field_count;
    /* owned here: each name's acronym mark */
    uint8_t *marks = emb__malloc(e->name_count ? e->name_count : 1);
    if (!marks) return EMBARGO_ENOMEM;
    embargo_status st = acronym_marks(e, marks);
    for (uint32_t i = 0; i < e->name_count && !st; i++) st = add_name(b, &e->names[i], e, index, marks[i]);
    emb__free(marks);
    if (!st) st = add_acronym_stems(b, e, index, &ie.name_count);
    if (!st) st = add_slash_stems(b, e, index, &ie.name_count);
    if (st) return st;
    for (uint32_t i = 0; i < e->field_count; i++) {
        emb_ix_field f = {0, e->fields[i].len, e->fields[i].kind};
        POOL(b, e->fields[i].text, e->fields[i].len);
        f.text = off;
        emb__buf_append(&b->fields, &f, sizeof(f));
    }
    emb__buf_append(&b->entities, &ie, sizeof(ie));
    return b->entities.oom || b->fields.oom ? EMBARGO_ENOMEM : EMBARGO_OK;
}

static embargo_status add_lists(builder *b, const embargo_dataset *ds) {
    uint32_t off;
    for (size_t i = 0; i < ds->list_count; i++) {
        const emb_list *l = &ds->lists[i];
        emb_ix_list il;
        POOL(b, l->name, strlen(l->name));
        il.name = off;
        POOL(b, l->source, strlen(l->source));
        il.source = off;
        POOL(b, l->date, strlen(l->date));
        il.date = off;
        POOL(b, l->sha256, strlen(l->sha256));
        il.sha256 = off;
        il.entities = l->entities;
        emb__buf_append(&b->lists, &il, sizeof(il));
    }
    return b->lists.oom ? EMBARGO_ENOMEM : EMBARGO_OK;
}

/* Id lookup table: entity index + 1 by hash of the id. Fails on duplicates. */
static embargo_status build_idhash(const embargo_dataset *ds, emb_buf *out, embargo_error *err) {
    size_t n = ds->entity_count;
    size_t cap = pow2_at_least(n * 2 + 1);
    if (emb__buf_reserve(out, cap * 4)) return EMBARGO_ENOMEM;
    uint32_t *slots = (uint32_t *)(void *)(out->data + out->len);
    memset(slots, 0, cap * 4);
    out->len += cap * 4;
    for (size_t i = 0; i < n; i++) {
        const char *id = ds->entities[i]->id;
        size_t len = strlen(id);
        size_t h = (size_t)emb__hash(id, len) & (cap - 1);
        while (slots[h]) {
            if (strcmp(ds->entities[slots[h] - 1]->id, id) == 0) {
                emb__error_set(err, EMBARGO_EINVAL, ds->lists[ds->entities[i]->list].source, 0, 0,
                               "entity %s appears twice (the same list loaded twice?)", id);
                return EMBARGO_EINVAL;
            }
            h = (h + 1) & (cap - 1);
        }
        slots[h] = (uint32_t)i + 1;
    }
    return EMBARGO_OK;
}

void embargo_build_options_init(embargo_build_options *o) {
    if (!o) return;
    memset(o, 0, sizeof(*o));
    o->size = sizeof(*o);
}

embargo_status emb__build_options_read(const embargo_build_options *in, embargo_build_options *out) {
    typedef embargo_build_options T;
    embargo_build_options_init(out);
    if (!in) return EMBARGO_OK;
    if (emb__opt_check(in, in->size, EMB_OPT_END(T, flags))) return EMBARGO_EINVAL;
    EMB_OPT_TAKE(in, out, T, progress);
    EMB_OPT_TAKE(in, out, T, progress_ctx);
    EMB_OPT_TAKE(in, out, T, flags);
    return EMBARGO_OK;
}

static void progress(const embargo_build_options *o, const char *stage, size_t done, size_t total) {
    if (o && o->progress) o->progress(o->progress_ctx, stage, done, total);
}

/* Writes the header, its checksum over the whole image included. */
static void seal(unsigned char *image, emb_ix_header *hdr) {
    hdr->checksum = 0;
    memcpy(image, hdr, sizeof(*hdr));
    hdr->checksum = emb__index_checksum(image, hdr->file_size);
    memcpy(image, hdr, sizeof(*hdr));
}

/* ---- place words ----------------------------------------------------------- */

static int place_byte(unsigned char c) { return emb__is_word_byte(c); }

typedef struct { const char *s; uint32_t len; } place_text;

static int cmp_place(const void *a, const void *b) {
    const place_text *x = a, *y = b;
    return emb__place_cmp(x->s, x->len, y->s, y->len);
}

/* The place words (format.h, emb_ix_place) of ds: every word of an
 * address, country or birth-place field, counted once per entity, in a pool
 * of their own; those of EMB_PLACE_ENTITIES entities or more go into the
 * index's strings and `out`, sorted. */
static int build_places(builder *b, const embargo_dataset *ds, emb_buf *out) {
    pool words;
    vocab v;
    memset(&v, 0, sizeof(v));
    place_text *found = NULL;
    int rc = -1;
    if (pool_init(&words)) goto done; /* pool_free takes a pool whose init failed */
    for (size_t i = 0; i < ds->entity_count; i++) {
        const emb_entity *e = ds->entities[i];
        for (uint32_t k = 0; k < e->field_count; k++) {
            const emb_field *f = &e->fields[k];
            if (f->kind != EMBARGO_FIELD_ADDRESS && f->kind != EMBARGO_FIELD_COUNTRY &&
                f->kind != EMBARGO_FIELD_BIRTH_PLACE)
                continue;
            for (uint32_t j = 0; j < f->len;) {
                if (!place_byte((unsigned char)f->text[j])) { j++; continue; }
                char low[64];
                uint32_t n = 0;
                for (; j < f->len && place_byte((unsigned char)f->text[j]); j++, n++)
                    if (n < sizeof(low)) {
                        unsigned char c = (unsigned char)f->text[j];
                        low[n] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
                    }
                if (n < 2 || n > sizeof(low)) continue;
                uint32_t off = pool_add(&words, low, n);
                long id = off == UINT32_MAX ? -1 : vocab_id(&v, &words, off, n);
                if (id < 0 || vocab_post(&v, (uint32_t)id, (uint32_t)i)) goto done;
            }
        }
    }
    if (v.npairs) qsort(v.pairs, v.npairs, sizeof(*v.pairs), cmp_u64);
    size_t nfound = 0;
    if (v.count && !(found = emb__calloc(v.count, sizeof(*found)))) goto done;
    for (size_t k = 0; k < v.npairs;) {
        uint32_t id = (uint32_t)(v.pairs[k] >> 32), entities = 0, last = UINT32_MAX;
        for (; k < v.npairs && (uint32_t)(v.pairs[k] >> 32) == id; k++)
            if ((uint32_t)v.pairs[k] != last) {
                last = (uint32_t)v.pairs[k];
                entities++;
            }
        if (entities >= EMB_PLACE_ENTITIES)
            found[nfound++] = (place_text){(const char *)words.buf.data + v.strs[id], v.lens[id]};
    }
    if (nfound) qsort(found, nfound, sizeof(*found), cmp_place);
    for (size_t k = 0; k < nfound; k++) {
        uint32_t off = pool_add(&b->strings, found[k].s, found[k].len);
        if (off == UINT32_MAX) goto done;
        emb_ix_place pl = {off, found[k].len};
        emb__buf_append(out, &pl, sizeof(pl));
    }
    rc = out->oom ? -1 : 0;
done:
    emb__free(found);
    vocab_free(&v);
    pool_free(&words);
    return rc;
}

embargo_status emb__index_build(const embargo_dataset *ds, const embargo_build_options *opts,
                                embargo_index **out, embargo_error *err) {
    if (!ds || !out) return EMBARGO_EINVAL;
    if (err) memset(err, 0, sizeof(*err));
    embargo_build_options o;
    if (emb__build_options_read(opts, &o)) return EMBARGO_EINVAL;
    opts = &o;
    if (ds->list_count > EMBARGO_MAX_LISTS) {
        emb__error_set(err, EMBARGO_EINVAL, "", 0, 0,
                       "%zu lists: an index holds at most %d (load fewer, or build several indexes)",
                       ds->list_count, EMBARGO_MAX_LISTS);
        return EMBARGO_EINVAL;
    }
    if (ds->entity_count >= UINT32_MAX / 64) {
        emb__error_set(err, EMBARGO_EINVAL, "", 0, 0, "%zu entities: too many for one index",
                       ds->entity_count);
        return EMBARGO_EINVAL;
    }
    builder b;
    memset(&b, 0, sizeof(b));
    emb__arena_init(&b.arena, 16 * 1024);
    emb__buf_init(&b.scratch);
    emb_buf sec[EMB_SEC__COUNT];
    for (int i = 0; i < EMB_SEC__COUNT; i++) emb__buf_init(&sec[i]);
    embargo_status st = EMBARGO_ENOMEM;
    unsigned char *image = NULL;
    if (pool_init(&b.strings)) goto done;
    st = emb__normalizer_new(&b.nz);
    if (st) goto done;
    st = EMBARGO_ENOMEM;
    if (!(b.memo = emb__name_memo_new())) goto done;
    st = add_lists(&b, ds);
    if (st) goto done;
    for (size_t i = 0; i < ds->entity_count; i++) {
        st = add_entity(&b, ds->entities[i], (uint32_t)i);
        if (st) goto done;
        if ((i & 1023) == 0) progress(opts, "names", i, ds->entity_count);
    }
    progress(opts, "names", ds->entity_count, ds->entity_count);
    st = build_idhash(ds, &sec[EMB_SEC_IDHASH], err);
    if (st) goto done;
    st = EMBARGO_ENOMEM;
    if (build_places(&b, ds, &sec[EMB_SEC_PLACES])) goto done;
    if (vocab_emit(&b.keys, &b.strings, &sec[EMB_SEC_KEYS], &sec[EMB_SEC_KEYHASH],
                   &sec[EMB_SEC_POSTINGS]))
        goto done;
    if (vocab_emit(&b.phons, &b.strings, &sec[EMB_SEC_PHONS], &sec[EMB_SEC_PHONHASH],
                   &sec[EMB_SEC_POSTINGS]))
        goto done;
    if (b.keys.count > EMB_DEL_ID + 1) { /* a deletion entry holds a key id in 29 bits */
        emb__error_set(err, EMBARGO_EINVAL, "", 0, 0, "%u distinct keys: too many for one index",
                       (unsigned)b.keys.count);
        st = EMBARGO_EINVAL;
        goto done;
    }
    for (uint32_t id = 0; id < b.keys.count; id++) {
        const char *k = (const char *)b.strings.buf.data + b.keys.strs[id];
        size_t kl = b.keys.lens[id];
        if (del_variants(k, kl, &b.dels, id, EMB_DEL_KEY, EMB_DEL_SEED, 0, emb__del_depth(kl, 0)) ||
            (kl >= EMB_DEL2_MIN_LEN &&
             del_variants(k, kl, &b.dels2, id, EMB_DEL_KEY, EMB_DEL_SEED_2, 2, 2)))
            goto done;
    }
    for (uint32_t id = 0; id < b.texts.count; id++)
        if (del_variants((const char *)b.strings.buf.data + b.texts.strs[id], b.texts.lens[id],
                         &b.dels, b.text_key[id], EMB_DEL_TEXT, EMB_DEL_SEED, 0,
                         emb__del_depth(b.texts.lens[id], 0)))
            goto done;
    progress(opts, "typos", 1, 1);
    if (del_emit(&b.dels, &sec[EMB_SEC_DELHASH], &sec[EMB_SEC_DELPOST]) ||
        del_emit(&b.dels2, &sec[EMB_SEC_DEL2HASH], &sec[EMB_SEC_DELPOST]))
        goto done;
    /* the variant pairs are the build's largest buffer: gone before the
     * image is assembled */
    delpairs_free(&b.dels);
    delpairs_free(&b.dels2);

    /* Assemble: header, then sections 8-byte aligned; GROUPS, the last, is
     * empty until emb__index_set_groups. */
    sec[EMB_SEC_STRINGS] = b.strings.buf;
    emb__buf_init(&b.strings.buf);
    sec[EMB_SEC_LISTS] = b.lists;
    sec[EMB_SEC_ENTITIES] = b.entities;
    sec[EMB_SEC_NAMES] = b.names;
    sec[EMB_SEC_TOKENS] = b.tokens;
    sec[EMB_SEC_FIELDS] = b.fields;
    emb__buf_init(&b.lists);
    emb__buf_init(&b.entities);
    emb__buf_init(&b.names);
    emb__buf_init(&b.tokens);
    emb__buf_init(&b.fields);
    /* what else the builder holds (the string pool's slots, the vocabularies'
     * pairs, the name memo, the normaliser) is spent: gone before the image
     * is assembled (the build's peak of memory), not after */
    builder_free(&b);
    memset(&b, 0, sizeof(b));
    emb_ix_header hdr;
    memset(&hdr, 0, sizeof(hdr));
    memcpy(hdr.magic, EMB_IX_MAGIC, 8);
    hdr.version = EMB_IX_VERSION;
    hdr.header_size = sizeof(hdr);
    hdr.built_at = (uint64_t)time(NULL);
    hdr.nsections = EMB_SEC__COUNT;
    size_t total = sizeof(hdr);
    for (int i = 0; i < EMB_SEC__COUNT; i++) {
        if (sec[i].oom) goto done;
        total = align8(total);
        hdr.sections[i].offset = total;
        hdr.sections[i].size = sec[i].len;
        total += sec[i].len;
    }
    total = align8(total);
    hdr.file_size = total;
    image = emb__image_alloc(total);
    if (!image) goto done;
    /* each section copied, then freed: the image and the sections it holds
     * are not both in memory whole (the padding between them zeroed, as
     * the header's place, which seal fills) */
    size_t at = 0;
    for (int i = 0; i < EMB_SEC__COUNT; i++) {
        size_t off = (size_t)hdr.sections[i].offset;
        memset(image + at, 0, off - at);
        if (sec[i].len) memcpy(image + off, sec[i].data, sec[i].len);
        at = off + sec[i].len;
        emb__buf_free(&sec[i]);
    }
    memset(image + at, 0, total - at);
    seal(image, &hdr);
    embargo_index *ix = emb__calloc(1, sizeof(*ix));
    if (!ix) goto done;
    st = emb__index_attach(ix, image, total, "(memory)", err);
    if (st) {
        emb__free(ix);
        goto done;
    }
    ix->image = image;
    *out = ix;
    image = NULL;
    st = EMBARGO_OK;
done:
    emb__free(image);
    for (int i = 0; i < EMB_SEC__COUNT; i++) emb__buf_free(&sec[i]);
    builder_free(&b);
    if (st == EMBARGO_ENOMEM && err && !err->code)
        emb__error_set(err, st, "", 0, 0, "out of memory while building the index");
    return st;
}

embargo_status emb__index_set_groups(embargo_index *ix, const emb_ix_group *groups,
                                     embargo_error *err) {
    if (!ix || !ix->image || !groups) return EMBARGO_EINVAL;
    emb_ix_header hdr;
    memcpy(&hdr, ix->image, sizeof(hdr));
    emb_ix_section *gs = &hdr.sections[EMB_SEC_GROUPS];
    if (gs->size != 0 || gs->offset != hdr.file_size) return EMBARGO_EINVAL; /* set once, last */
    size_t bytes = (size_t)ix->nentities * sizeof(emb_ix_group);
    size_t total = align8((size_t)hdr.file_size + bytes);
    unsigned char *image = emb__image_alloc(total);
    if (!image) {
        emb__error_set(err, EMBARGO_ENOMEM, "", 0, 0, "out of memory while building the index");
        return EMBARGO_ENOMEM; /* ix is as it was */
    }
    memcpy(image, ix->image, (size_t)hdr.file_size);
    memcpy(image + gs->offset, groups, bytes);
    memset(image + gs->offset + bytes, 0, total - gs->offset - bytes);
    gs->size = bytes;
    hdr.file_size = total;
    seal(image, &hdr);
    /* the same gate as a file: a bad group record is refused here too, and
     * ix is then as it was, without groups */
    embargo_index next;
    memset(&next, 0, sizeof(next));
    embargo_status st = emb__index_attach(&next, image, total, "(memory)", err);
    if (st) {
        emb__free(image);
        return st;
    }
    emb__free(ix->image);
    *ix = next;
    ix->image = image;
    return EMBARGO_OK;
}
