/*
 * index_int.h - the in-memory view of an index image (private).
 */
#ifndef EMB_INDEX_INT_H
#define EMB_INDEX_INT_H

#include "embargo.h"
#include "format.h"
#include "../text/name.h"

#include <stddef.h>

struct embargo_index {
    const unsigned char *base;    /* the image */
    size_t size;
    unsigned char *image;         /* the image, malloc'd and owned: built here,
                                     read from a file, or copied from memory */
    const emb_ix_header *hdr;
    const char *strings;
    size_t strings_size;
    const emb_ix_list *lists;
    uint32_t nlists;
    const emb_ix_entity *entities;
    uint32_t nentities;
    const emb_ix_name *names;
    uint32_t nnames;
    const emb_ix_token *tokens;
    uint32_t ntokens;
    const emb_ix_field *fields;
    uint32_t nfields;
    const emb_ix_term *keys, *phons;
    uint32_t nkeys, nphons;
    const uint32_t *keyhash, *phonhash, *idhash;
    uint32_t keyhash_cap, phonhash_cap, idhash_cap;
    const uint32_t *postings;
    uint32_t npostings;
    const emb_ix_del *delhash, *del2hash;
    uint32_t delhash_cap, del2hash_cap;
    const uint32_t *delpost;
    uint32_t ndelpost;
    const emb_ix_place *places;
    uint32_t nplaces;
    const emb_ix_group *groups;   /* nentities of them, or NULL: no groups yet
                                     (every entity alone) */
};

/* The caller's build options, field by field over the defaults (opts.h);
 * EMBARGO_EINVAL if they cannot be read. `in` may be NULL. */
embargo_status emb__build_options_read(const embargo_build_options *in, embargo_build_options *out);

/* The first stage of a build: the names, tokens, fields and search tables
 * of every entity of ds, in an image without groups. */
embargo_status emb__index_build(const embargo_dataset *ds, const embargo_build_options *opts,
                                embargo_index **out, embargo_error *err);

/* The last stage: appends groups[0 .. entities-1] (src/group/) to an index
 * emb__index_build made and nobody else holds yet, as its GROUPS section,
 * seals the image again and validates it like a file. Once per index. On
 * failure the index is left as it was, without groups. */
embargo_status emb__index_set_groups(embargo_index *ix, const emb_ix_group *groups,
                                     embargo_error *err);

/* Memory for an index image of `size` bytes, freed with emb__free: when
 * large, aligned to 2 MiB and advised to the kernel as wanting huge pages.
 * A screen reads the image at random; huge pages spare it most TLB misses
 * (8% of a batch's time on the SDN list, measured against 4 KiB pages). */
unsigned char *emb__image_alloc(size_t size);

/* Points the view's fields at the sections of image [base, base+size) and
 * checks everything (header, checksum, bounds). On failure fills err. */
embargo_status emb__index_attach(embargo_index *ix, const unsigned char *base, size_t size,
                                 const char *path, embargo_error *err);

/* The checksum of an image of `size` >= sizeof(emb_ix_header) bytes: XXH3-64
 * of everything after the header, seeded with the XXH3-64 of the header (its
 * checksum field as zero), so that every byte counts. */
uint64_t emb__index_checksum(const unsigned char *image, size_t size);

/* The order of the place words: by bytes, then the shorter first. */
int emb__place_cmp(const char *a, size_t al, const char *b, size_t bl);

/* Whether w[0, n) (any case) is a place word of the index (format.h,
 * emb_ix_place): a word of the addresses of several entities. */
int emb__index_place(const embargo_index *ix, const char *w, size_t n);

/* Looks a term up in a KEYHASH/PHONHASH table; returns term id or -1. */
long emb__index_term(const embargo_index *ix, const uint32_t *hash, uint32_t cap,
                     const emb_ix_term *terms, const char *s, size_t len);

/* One term to look up with emb__index_terms: s[0, len) in PHONHASH (`phon`)
 * or KEYHASH; `id` receives the term id or -1 (as emb__index_term). */
typedef struct emb_term_ask {
    const char *s;
    uint32_t len;
    uint8_t phon;
    size_t slot;                  /* (emb__index_terms' own) */
    long id;
} emb_term_ask;

/* Looks up n terms at once, as emb__index_term would one by one: a lookup
 * waits on memory three times (the table slot, the term, its string), and
 * a query's terms lie far apart in a large index, so each step is asked
 * for all of them before any is read. */
void emb__index_terms(const embargo_index *ix, emb_term_ask *asks, size_t n);

/* The tokens of name `n` as scorer tokens, written into out (capacity
 * EMB_NAME_MAX_TOKENS). */
void emb__index_name_tokens(const embargo_index *ix, uint32_t n, emb_token *out,
                            emb_tokens *view);

/* Deletion variants: the seeds of their hashes, and how many deletions a
 * neighbourhood holds for a word of this length. The index stores one
 * deletion per word and queries try up to two on long words: together they
 * find every word one edit away and most two edits away, in an index a
 * fraction of the size of two deletions on both sides. */
#define EMB_DEL_SEED 0x656d6261726730ULL /* variants of keys and of spellings
                                          (one table, format.h: EMB_DEL_KEY) */
unsigned emb__del_depth(size_t len, int query);

/* The hashes of the variants of w with lo..hi deletions (0 <= lo <= hi <=
 * 2) written to out, which holds EMB_DEL_MAX_HASHES; returns how many (0
 * for a word longer than EMB_DEL_MAX_LEN). Deleting either of two equal
 * neighbours gives one variant, hashed once. Each hash equals
 * emb__del_hash of the variant written out. */
#define EMB_DEL_MAX_LEN 64
#define EMB_DEL_MAX_HASHES (1 + EMB_DEL_MAX_LEN + EMB_DEL_MAX_LEN * (EMB_DEL_MAX_LEN - 1) / 2)
size_t emb__del_hashes(const char *w, size_t len, uint64_t seed, unsigned lo, unsigned hi,
                       uint64_t *out);
uint64_t emb__del_hash(const char *s, size_t len, uint64_t seed);

/* The second deletions of keys of at least EMB_DEL2_MIN_LEN bytes, in a
 * table of their own (EMB_SEC_DEL2HASH): only a query's rarest word looks them
 * up (its key and its key's first and second deletions), so that two edits
 * in that word (two substitutions, a letter missing and another wrong) still
 * lead to its name. Shorter keys are left out: the scorer allows one edit
 * below eight letters (emb__edit_budget), so two there would not match. */
#define EMB_DEL_SEED_2 0x656d6261726732ULL
#define EMB_DEL2_MIN_LEN 8

#endif
