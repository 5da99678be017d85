/*
 * format.h - the index file format (private; docs/index-format.md).
 *
 * An index is one byte image, identical in memory and on disk: a fixed
 * header, then sections at 8-byte aligned offsets. Everything inside is an
 * offset or an id, never a pointer, so a file is usable straight from mmap
 * after validation. All integers are little-endian (the loader refuses a
 * big-endian host rather than byte-swap). The checksum (XXH3-64) covers every
 * byte, the header included (with the checksum field as zero);
 * emb__index_attach (open.c) also bounds-checks every offset, so a crafted
 * file with a valid checksum cannot make a reader step outside the image.
 */
#ifndef EMB_FORMAT_H
#define EMB_FORMAT_H

#include <stdint.h>

#define EMB_IX_MAGIC "EMBARGO\x1a"
#define EMB_IX_VERSION 32u

enum emb_ix_section_id {
    EMB_SEC_STRINGS = 0, /* byte pool; strings are NUL-terminated */
    EMB_SEC_LISTS,       /* emb_ix_list[] */
    EMB_SEC_ENTITIES,    /* emb_ix_entity[] */
    EMB_SEC_NAMES,       /* emb_ix_name[] */
    EMB_SEC_TOKENS,      /* emb_ix_token[], grouped by name */
    EMB_SEC_FIELDS,      /* emb_ix_field[], grouped by entity */
    EMB_SEC_KEYS,        /* emb_ix_term[]: distinct romanisation keys */
    EMB_SEC_KEYHASH,     /* uint32_t[pow2]: key id + 1, 0 = empty */
    EMB_SEC_PHONS,       /* emb_ix_term[]: distinct phonetic skeletons */
    EMB_SEC_PHONHASH,    /* uint32_t[pow2] */
    EMB_SEC_POSTINGS,    /* uint32_t[]: name ids, per term, ascending */
    EMB_SEC_DELHASH,     /* emb_ix_del[pow2]: deletion variant -> key ids; linear
                            probing, fingerprints falling along each path (version 20) */
    EMB_SEC_DELPOST,     /* uint32_t[]: key ids (of both deletion tables) */
    EMB_SEC_DEL2HASH,    /* emb_ix_del[pow2]: second deletions of long keys -> key ids
                            (version 8; apart, so that the first table stays small) */
    EMB_SEC_IDHASH,      /* uint32_t[pow2]: entity index + 1, by id */
    EMB_SEC_PLACES,      /* emb_ix_place[]: words of the lists' addresses, sorted
                            (version 15) */
    EMB_SEC_GROUPS,      /* emb_ix_group[], one per entity (the last section) */
    EMB_SEC__COUNT
};

typedef struct emb_ix_section {
    uint64_t offset, size;   /* bytes */
} emb_ix_section;

typedef struct emb_ix_header {
    char magic[8];
    uint32_t version;
    uint32_t header_size;
    uint64_t file_size;
    uint64_t checksum;       /* XXH3-64 of the whole file, this field as 0 */
    uint64_t built_at;       /* Unix time */
    uint32_t nsections;
    uint32_t pad;
    emb_ix_section sections[EMB_SEC__COUNT];
} emb_ix_header;

typedef struct emb_ix_list {
    uint32_t name, source, date;  /* string offsets */
    uint32_t entities;
    uint32_t sha256;              /* string offset: the SHA-256 (hex) of the
                                     source's content, or "" (version 4) */
} emb_ix_list;

typedef struct emb_ix_entity {
    uint32_t id, id_len;          /* string offset, length */
    uint32_t first_name, name_count;
    uint32_t first_field, field_count;
    uint16_t list;
    uint8_t type;
    uint8_t pad;
} emb_ix_entity;

typedef struct emb_ix_name {
    uint32_t entity;
    uint32_t text, text_len;
    uint32_t first_token;
    float weight;                 /* sum of its tokens' weights, titles aside */
    uint8_t token_count;
    uint8_t kind;
    uint8_t weak;
    uint8_t marks;                /* EMB_IXN_*: a search form made of a published
                                     name; an acronym alias (version 28) */
    uint32_t initials;            /* the letters its words begin with, a country
                                     phrase's inner words too (emb__letter_mask):
                                     what acronyms it can spell */
    uint8_t type;                 /* its entity's type and list, as the entity has */
    uint8_t pad;                  /* them (version 29): a screen filters and scores */
    uint16_t list;                /* a name without reading its entity */
} emb_ix_name;

/* emb_ix_name.marks */
enum {
    EMB_IXN_DERIVED = 1 << 0,     /* a search form embargo made of a published name */
    EMB_IXN_ACRONYM = 1 << 1      /* an organisation's alias that is the acronym of
                                     another of its names (IARA), read letter by letter
                                     (src/text/acronym.h; version 28) */
};

/* 32 bytes (version 29; 28 before): a name's record never spans two cache
 * lines, so the one line a screen asks for ahead (screen.c, PREFETCH)
 * holds all of it. */
_Static_assert(sizeof(emb_ix_name) == 32, "emb_ix_name is half a cache line");

typedef struct emb_ix_token {
    uint32_t text, key, phon;     /* string offsets */
    uint8_t len, klen, plen, pos;
    uint16_t flags, legal;
    float weight;
    uint32_t tmask, kmask;        /* letters in text and key */
    uint32_t orig;                /* the word's mark of its own script (normalize.h,
                                     emb__normalize_marks; version 21) */
} emb_ix_token;

typedef struct emb_ix_field {
    uint32_t text, len;
    uint32_t kind;
} emb_ix_field;

typedef struct emb_ix_term {
    uint32_t str;                 /* string offset */
    uint32_t len;
    uint32_t post, post_count;    /* into EMB_SEC_POSTINGS */
} emb_ix_term;

typedef struct emb_ix_del {
    uint32_t fingerprint;         /* high half of the variant's hash; 0 = empty */
    uint32_t post;                /* an entry | EMB_DEL_DIRECT, or an offset into
                                     EMB_SEC_DELPOST: count, then entries */
} emb_ix_del;

/* A deletion entry: a key id (EMB_DEL_ID) and what the variant is a
 * variant of: the key (EMB_DEL_KEY), a spelling of it (EMB_DEL_TEXT), or
 * both (a key that is its own spelling). A list's entries are in
 * increasing key order, one per key. The second table's are all keys'. */
#define EMB_DEL_DIRECT 0x80000000u
#define EMB_DEL_KEY 0x40000000u
#define EMB_DEL_TEXT 0x20000000u
#define EMB_DEL_ID 0x1fffffffu

/* The same person or organisation on several lists (src/group/). GROUPS is
 * the last section, written by the last stage of a build; an image without
 * it (size 0) is valid and has every entity alone.
 * The members of a group form a cycle through `next`; an entity alone is
 * its own next. `via` is the member whose comparison joined this one (the
 * entity itself for the member the group grew from), `score` the name
 * score of that comparison in thousandths. A group has at most
 * EMB_GROUP_MAX members: readers bound every walk by it. */
#define EMB_GROUP_MAX 32u
/* A place word: a word (ASCII lower-cased, at least two bytes) of the
 * address, country or birth-place fields of EMB_PLACE_ENTITIES entities or
 * more, a city or region (Dubai, Tehran, Amman). Sorted by bytes, then
 * length: scan asks whether a lone word of a text names a place. */
#define EMB_PLACE_ENTITIES 3u
typedef struct emb_ix_place {
    uint32_t text, len;           /* string offset, length */
} emb_ix_place;

typedef struct emb_ix_group {
    uint32_t next, via;
    uint32_t score;
} emb_ix_group;

#endif
