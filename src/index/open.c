/*
 * open.c - opening, checking, saving and reading an index image.
 *
 * An index file is read into private memory, not mapped: a mapped file that
 * another program rewrites in place would change under the checked image.
 * Saving writes a temporary file beside the target and renames it over,
 * so that the file at the path is always a whole index, old or new.
 *
 * emb__index_attach is the single gate every image passes, whether it was
 * just built or comes from a file: header, size, checksum, then every
 * record's offsets against the bounds of their sections, so that readers
 * can follow them without further checks. The postings are checked too
 * (one pass, a fraction of the checksum's time): the screen follows
 * hundreds of them per query. The typo lists are the exception: their
 * readers check each id, a compare per element, instead of a pass here.
 */
#define _DEFAULT_SOURCE /* mkstemp, fchmod, O_DIRECTORY */
#include "index_int.h"
#include "../base/alloc.h"
#include "../base/hash.h"
#include "../base/error.h"

#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>
#if defined(__x86_64__) && defined(__has_include)
#if __has_include(<xxh_x86dispatch.h>) /* Debian's amd64 libxxhash exports the dispatcher */
#include <xxh_x86dispatch.h> /* XXH3 with the widest vectors the CPU has */
#endif
#endif

#define BAD(...)                                                        \
    do {                                                                \
        emb__error_set(err, EMBARGO_EINDEX, path, 0, 0, __VA_ARGS__);   \
        return EMBARGO_EINDEX;                                          \
    } while (0)

static int str_ok(const embargo_index *ix, uint32_t off, size_t len) {
    /* one compare: off (32 bits) + len (a record's length field, 32 bits at
     * most) cannot wrap 64 bits */
    return (uint64_t)off + len < ix->strings_size && ix->strings[off + len] == '\0';
}

/* A token marked EMB_TOK_EAST has two more strings after its key (name.h,
 * emb__token_east): both must end inside the pool. */
static int east_ok(const embargo_index *ix, const emb_ix_token *t) {
    if (!(t->flags & EMB_TOK_EAST)) return 1;
    size_t e = (size_t)t->key + t->klen + 1; /* str_ok: the key's NUL is in the pool */
    if (e >= ix->strings_size) return 0;
    size_t p = e + strlen(ix->strings + e) + 1; /* the pool ends with a NUL */
    return p < ix->strings_size;
}

static int is_pow2(uint64_t x) { return x && !(x & (x - 1)); }

int emb__place_cmp(const char *a, size_t al, const char *b, size_t bl) {
    int c = memcmp(a, b, al < bl ? al : bl);
    return c ? c : (al > bl) - (al < bl);
}

/* Whether deletion table tab (cap slots; none: 0) has an empty slot. */
static int del_table_ends(const emb_ix_del *tab, uint32_t cap) {
    if (cap == 0) return 1;
    for (uint32_t i = 0; i < cap; i++)
        if (tab[i].fingerprint == 0) return 1;
    return 0;
}

/* The largest of ids[0, n), n > 0: four at a time, each its own maximum,
 * so that the steps overlap. */
static uint32_t postings_top(const uint32_t *ids, uint32_t n) {
    uint32_t m0 = 0, m1 = 0, m2 = 0, m3 = 0, i = 0;
    for (; i + 4 <= n; i += 4) {
        m0 = ids[i] > m0 ? ids[i] : m0;
        m1 = ids[i + 1] > m1 ? ids[i + 1] : m1;
        m2 = ids[i + 2] > m2 ? ids[i + 2] : m2;
        m3 = ids[i + 3] > m3 ? ids[i + 3] : m3;
    }
    for (; i < n; i++) m0 = ids[i] > m0 ? ids[i] : m0;
    m0 = m1 > m0 ? m1 : m0;
    m2 = m3 > m2 ? m3 : m2;
    return m2 > m0 ? m2 : m0;
}

static embargo_status check_terms(const embargo_index *ix, const emb_ix_term *t, uint32_t n,
                                  const uint32_t *hash, uint32_t cap, const char *path,
                                  embargo_error *err) {
    for (uint32_t i = 0; i < n; i++) {
        if (!str_ok(ix, t[i].str, t[i].len) || t[i].len > 255) BAD("term %u: bad string", i);
        if (t[i].post > ix->npostings || t[i].post_count > ix->npostings - t[i].post)
            BAD("term %u: postings out of range", i);
    }
    if (!is_pow2(cap) && cap) BAD("term hash size is not a power of two");
    for (uint32_t i = 0; i < cap; i++)
        if (hash[i] > n) BAD("term hash slot %u out of range", i);
    return EMBARGO_OK;
}

uint64_t emb__index_checksum(const unsigned char *image, size_t size) {
    /* the header with its checksum field taken as zero, then the rest. The
     * rest (megabytes) goes through libxxhash's dispatcher, which picks
     * AVX2 or AVX-512 when the CPU has them: the same XXH3-64 value at a
     * fraction of the SSE2 build's instructions. */
    emb_ix_header h;
    memcpy(&h, image, sizeof(h));
    h.checksum = 0;
    return XXH3_64bits_withSeed(image + sizeof(h), size - sizeof(h), XXH3_64bits(&h, sizeof(h)));
}

embargo_status emb__index_attach(embargo_index *ix, const unsigned char *base, size_t size,
                                 const char *path, embargo_error *err) {
    const uint16_t one = 1;
    if (*(const uint8_t *)&one != 1) BAD("big-endian hosts are not supported");
    if (size < sizeof(emb_ix_header)) BAD("file too small to be an embargo index (%zu bytes)", size);
    const emb_ix_header *h = (const emb_ix_header *)(const void *)base;
    if (memcmp(h->magic, EMB_IX_MAGIC, 8) != 0) BAD("not an embargo index (bad magic)");
    if (h->version != EMB_IX_VERSION) {
        emb__error_set(err, EMBARGO_EVERSION, path, 0, 0,
                       "index format version %u; this embargo reads version %u: rebuild it",
                       h->version, EMB_IX_VERSION);
        return EMBARGO_EVERSION;
    }
    if (h->header_size != sizeof(emb_ix_header) || h->nsections != EMB_SEC__COUNT)
        BAD("unexpected header layout");
    if (h->file_size != size)
        BAD("truncated or extended: header says %llu bytes, file has %zu",
            (unsigned long long)h->file_size, size);
    if (emb__index_checksum(base, size) != h->checksum)
        BAD("checksum mismatch: the file is corrupt");
    for (int i = 0; i < EMB_SEC__COUNT; i++) {
        const emb_ix_section *s = &h->sections[i];
        if (s->offset % 8 || s->offset < sizeof(*h) || s->offset > size || s->size > size - s->offset)
            BAD("section %d out of bounds", i);
    }
#define SEC(id, field, type, count)                                                  \
    do {                                                                             \
        ix->field = (const type *)(const void *)(base + h->sections[id].offset);     \
        if (h->sections[id].size % sizeof(type)) BAD("section %d has a partial record", id); \
        if (h->sections[id].size / sizeof(type) > UINT32_MAX) BAD("section %d too large", id); \
        count = (uint32_t)(h->sections[id].size / sizeof(type));                     \
    } while (0)
    ix->base = base;
    ix->size = size;
    ix->hdr = h;
    ix->strings = (const char *)(base + h->sections[EMB_SEC_STRINGS].offset);
    ix->strings_size = h->sections[EMB_SEC_STRINGS].size;
    if (ix->strings_size == 0 || ix->strings[0] != '\0' || ix->strings[ix->strings_size - 1] != '\0')
        BAD("bad string pool");
    SEC(EMB_SEC_LISTS, lists, emb_ix_list, ix->nlists);
    SEC(EMB_SEC_ENTITIES, entities, emb_ix_entity, ix->nentities);
    SEC(EMB_SEC_NAMES, names, emb_ix_name, ix->nnames);
    SEC(EMB_SEC_TOKENS, tokens, emb_ix_token, ix->ntokens);
    SEC(EMB_SEC_FIELDS, fields, emb_ix_field, ix->nfields);
    SEC(EMB_SEC_KEYS, keys, emb_ix_term, ix->nkeys);
    SEC(EMB_SEC_PHONS, phons, emb_ix_term, ix->nphons);
    SEC(EMB_SEC_KEYHASH, keyhash, uint32_t, ix->keyhash_cap);
    SEC(EMB_SEC_PHONHASH, phonhash, uint32_t, ix->phonhash_cap);
    SEC(EMB_SEC_IDHASH, idhash, uint32_t, ix->idhash_cap);
    SEC(EMB_SEC_POSTINGS, postings, uint32_t, ix->npostings);
    SEC(EMB_SEC_DELHASH, delhash, emb_ix_del, ix->delhash_cap);
    SEC(EMB_SEC_DELPOST, delpost, uint32_t, ix->ndelpost);
    SEC(EMB_SEC_DEL2HASH, del2hash, emb_ix_del, ix->del2hash_cap);
    SEC(EMB_SEC_PLACES, places, emb_ix_place, ix->nplaces);
    uint32_t ngroups;
    SEC(EMB_SEC_GROUPS, groups, emb_ix_group, ngroups);
#undef SEC

    for (uint32_t i = 0; i < ix->nlists; i++) {
        const emb_ix_list *l = &ix->lists[i];
        if (l->name >= ix->strings_size || l->source >= ix->strings_size ||
            l->date >= ix->strings_size || l->sha256 >= ix->strings_size)
            BAD("list %u: bad strings", i);
    }
    for (uint32_t i = 0; i < ix->nentities; i++) {
        const emb_ix_entity *e = &ix->entities[i];
        if (!str_ok(ix, e->id, e->id_len)) BAD("entity %u: bad id", i);
        if (e->list >= ix->nlists || e->type > EMBARGO_TYPE_AIRCRAFT) BAD("entity %u: bad list or type", i);
        if (e->name_count == 0 || e->first_name > ix->nnames || e->name_count > ix->nnames - e->first_name)
            BAD("entity %u: names out of range", i);
        if (e->first_field > ix->nfields || e->field_count > ix->nfields - e->first_field)
            BAD("entity %u: fields out of range", i);
    }
    if (ix->nlists > EMBARGO_MAX_LISTS) BAD("%u lists; an index holds at most %d", ix->nlists, EMBARGO_MAX_LISTS);
    for (uint32_t i = 0; i < ix->nplaces; i++) {
        const emb_ix_place *pl = &ix->places[i];
        if (!str_ok(ix, pl->text, pl->len) || pl->len < 2) BAD("place word %u: bad string", i);
        if (i && emb__place_cmp(ix->strings + ix->places[i - 1].text, ix->places[i - 1].len,
                           ix->strings + pl->text, pl->len) >= 0)
            BAD("place word %u: out of order", i);
    }
    if (ngroups == 0) ix->groups = NULL; /* not grouped (yet): every entity alone */
    else if (ngroups != ix->nentities) BAD("%u group records for %u entities", ngroups, ix->nentities);
    for (uint32_t i = 0; i < ngroups; i++) {
        const emb_ix_group *g = &ix->groups[i];
        if (g->next >= ix->nentities || g->via >= ix->nentities || g->score > 1000)
            BAD("group record %u out of range", i);
    }
    for (uint32_t i = 0; i < ix->nnames; i++) {
        const emb_ix_name *n = &ix->names[i];
        if (n->entity >= ix->nentities || !str_ok(ix, n->text, n->text_len) ||
            n->first_token > ix->ntokens || n->token_count > ix->ntokens - n->first_token ||
            n->token_count > EMB_NAME_MAX_TOKENS || n->kind > EMBARGO_NAME_NKA || (n->marks & ~(EMB_IXN_DERIVED | EMB_IXN_ACRONYM)) || n->pad || !(n->weight >= 0 && n->weight < 100))
            BAD("name %u: out of range", i);
        /* (the entity's type and list were checked above) */
        if (n->type != ix->entities[n->entity].type || n->list != ix->entities[n->entity].list)
            BAD("name %u: type or list other than its entity's", i);
    }
    for (uint32_t i = 0; i < ix->ntokens; i++) {
        const emb_ix_token *t = &ix->tokens[i];
        if (!str_ok(ix, t->text, t->len) || !str_ok(ix, t->key, t->klen) || !str_ok(ix, t->phon, t->plen) ||
            t->len > EMB_TOKEN_MAX || !(t->weight >= 0 && t->weight <= 2) || !east_ok(ix, t))
            BAD("token %u: out of range", i);
    }
    for (uint32_t i = 0; i < ix->nfields; i++) {
        const emb_ix_field *f = &ix->fields[i];
        if (!str_ok(ix, f->text, f->len) || f->kind >= EMBARGO_FIELD__COUNT) BAD("field %u: out of range", i);
    }
    embargo_status st = check_terms(ix, ix->keys, ix->nkeys, ix->keyhash, ix->keyhash_cap, path, err);
    if (st) return st;
    st = check_terms(ix, ix->phons, ix->nphons, ix->phonhash, ix->phonhash_cap, path, err);
    if (st) return st;
    /* Postings are name ids: the screen reads hundreds a query, so they
     * are checked here once (the largest, compared at the end: a loop the
     * compiler vectorises). Typo-list entries are key ids; readers check
     * them against nkeys where they use them, and so the typo tables' list
     * offsets (screen.c), a million slots in all. */
    if (ix->npostings && postings_top(ix->postings, ix->npostings) >= ix->nnames)
        BAD("a posting names a name beyond the %u names", ix->nnames);
    if (!is_pow2(ix->idhash_cap) || !is_pow2(ix->delhash_cap) || !is_pow2(ix->del2hash_cap))
        BAD("hash size is not a power of two");
    for (uint32_t i = 0; i < ix->idhash_cap; i++)
        if (ix->idhash[i] > ix->nentities) BAD("id hash slot %u out of range", i);
    /* A deletion table holds an empty slot (a quarter of them, as built),
     * where every probe ends: the screen's probing counts no steps. */
    if (!del_table_ends(ix->delhash, ix->delhash_cap) || !del_table_ends(ix->del2hash, ix->del2hash_cap))
        BAD("a deletion table has no empty slot");
    return EMBARGO_OK;
}

#define HUGE_PAGE ((size_t)2 << 20)

unsigned char *emb__image_alloc(size_t size) {
    if (size < HUGE_PAGE) return emb__malloc(size);
    size_t rounded = (size + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    unsigned char *p = emb__malloc_aligned(HUGE_PAGE, rounded);
#ifdef MADV_HUGEPAGE
    if (p) (void)madvise(p, rounded, MADV_HUGEPAGE); /* advice: failure is harmless */
#endif
    return p;
}

/* Reads all of fd (a regular file of `size` bytes) into a private image.
 * The file may change while it is read: a short or long read is a change,
 * reported as such. */
static embargo_status read_image(int fd, size_t size, const char *path, unsigned char **out,
                                 embargo_error *err) {
    unsigned char *image = emb__image_alloc(size);
    if (!image) {
        emb__error_set(err, EMBARGO_ENOMEM, path, 0, 0, "out of memory reading the index (%zu bytes)", size);
        return EMBARGO_ENOMEM;
    }
    size_t done = 0;
    while (done < size) {
        ssize_t r = read(fd, image + done, size - done);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) {
            emb__free(image);
            if (r < 0) {
                emb__error_set(err, EMBARGO_EIO, path, 0, 0, "cannot read: %s", strerror(errno));
                return EMBARGO_EIO;
            }
            emb__error_set(err, EMBARGO_EINDEX, path, 0, 0,
                           "the file shrank while it was read (rewritten in place?)");
            return EMBARGO_EINDEX;
        }
        done += (size_t)r;
    }
    *out = image;
    return EMBARGO_OK;
}

embargo_status embargo_index_open(const char *path, embargo_index **out, embargo_error *err) {
    if (!path || !out) return EMBARGO_EINVAL;
    if (err) memset(err, 0, sizeof(*err));
    *out = NULL;
    /* O_NONBLOCK: a FIFO or device at the path must not block the open */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        emb__error_set(err, EMBARGO_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
        return EMBARGO_EIO;
    }
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        emb__error_set(err, EMBARGO_EIO, path, 0, 0, "not a regular file");
        return EMBARGO_EIO;
    }
    size_t size = (size_t)sb.st_size;
    if (size < sizeof(emb_ix_header)) {
        close(fd);
        emb__error_set(err, EMBARGO_EINDEX, path, 0, 0,
                       "file too small to be an embargo index (%zu bytes)", size);
        return EMBARGO_EINDEX;
    }
    /* A private copy, not a shared mapping: a mapped file that another
     * program rewrites in place (cp new.idx live.idx) would change under
     * the validated image, or end in SIGBUS when it shrinks. Read from the
     * page cache, the copy costs milliseconds. */
    unsigned char *image = NULL;
    embargo_status st = read_image(fd, size, path, &image, err);
    close(fd);
    if (st) return st;
    embargo_index *ix = emb__calloc(1, sizeof(*ix));
    if (!ix) {
        emb__free(image);
        emb__error_set(err, EMBARGO_ENOMEM, path, 0, 0, "out of memory opening the index");
        return EMBARGO_ENOMEM;
    }
    st = emb__index_attach(ix, image, size, path, err);
    if (st) {
        emb__free(image);
        emb__free(ix);
        return st;
    }
    ix->image = image;
    *out = ix;
    return EMBARGO_OK;
}

embargo_status embargo_index_open_memory(const void *data, size_t size, embargo_index **out,
                                         embargo_error *err) {
    if (!data || !out) return EMBARGO_EINVAL;
    if (err) memset(err, 0, sizeof(*err));
    *out = NULL;
    /* a copy: malloc's alignment suits the records, and the caller keeps
     * its buffer */
    unsigned char *image = emb__image_alloc(size);
    embargo_index *ix = emb__calloc(1, sizeof(*ix));
    if (!image || !ix) {
        emb__free(image);
        emb__free(ix);
        emb__error_set(err, EMBARGO_ENOMEM, "(memory)", 0, 0, "out of memory opening the index");
        return EMBARGO_ENOMEM;
    }
    memcpy(image, data, size);
    embargo_status st = emb__index_attach(ix, image, size, "(memory)", err);
    if (st) {
        emb__free(image);
        emb__free(ix);
        return st;
    }
    ix->image = image;
    *out = ix;
    return EMBARGO_OK;
}

void embargo_index_close(embargo_index *ix) {
    if (!ix) return;
    emb__free(ix->image);
    emb__free(ix);
}

/* Writes all of image to fd; 0 or -1 with errno set. */
static int write_all(int fd, const unsigned char *p, size_t n) {
    for (size_t done = 0; done < n;) {
        ssize_t w = write(fd, p + done, n - done);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) return -1;
        done += (size_t)w;
    }
    return 0;
}

/* The folder of path, for fsync after a rename ("." for a bare name). */
static void sync_folder(const char *path) {
    const char *slash = strrchr(path, '/');
    char dir[4096];
    if (!slash) snprintf(dir, sizeof(dir), ".");
    else if (slash == path) snprintf(dir, sizeof(dir), "/");
    else snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd); /* best effort: some file systems refuse it on folders */
        close(fd);
    }
}

embargo_status embargo_index_save(const embargo_index *ix, const char *path, embargo_error *err) {
    if (!ix || !path || !*path) return EMBARGO_EINVAL;
    if (err) memset(err, 0, sizeof(*err));
    /* A temporary file of an unpredictable name in the target's own folder
     * (mkstemp: O_CREAT|O_EXCL, never following a planted symlink), so that
     * the rename is atomic; removed on every failure. Readers of the old
     * file, or of the new one after the rename, never see half of one. */
    size_t plen = strlen(path);
    char *tmp = emb__malloc(plen + 16);
    if (!tmp) {
        emb__error_set(err, EMBARGO_ENOMEM, path, 0, 0, "out of memory");
        return EMBARGO_ENOMEM;
    }
    snprintf(tmp, plen + 16, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        emb__error_set(err, EMBARGO_EIO, path, 0, 0, "cannot create a temporary file beside it: %s",
                       strerror(errno));
        emb__free(tmp);
        return EMBARGO_EIO;
    }
    const char *what = "cannot write";
    if (fchmod(fd, 0644) != 0 || write_all(fd, ix->base, ix->size) != 0) goto fail;
    what = "cannot flush";
    if (fsync(fd) != 0) goto fail;
    what = "cannot close";
    int rc = close(fd);
    fd = -1;
    if (rc != 0) goto fail;
    what = "cannot rename the temporary file over it";
    if (rename(tmp, path) != 0) goto fail;
    sync_folder(path);
    emb__free(tmp);
    return EMBARGO_OK;
fail:
    emb__error_set(err, EMBARGO_EIO, path, 0, 0, "%s: %s", what, strerror(errno));
    if (fd >= 0) close(fd);
    unlink(tmp);
    emb__free(tmp);
    return EMBARGO_EIO;
}

/* ---- readers ---------------------------------------------------------------- */

void embargo_index_info_get(const embargo_index *ix, embargo_index_info *out) {
    memset(out, 0, sizeof(*out));
    if (!ix) return;
    out->format_version = ix->hdr->version;
    out->entities = ix->nentities;
    out->names = ix->nnames;
    out->tokens = ix->nkeys;
    out->lists = ix->nlists;
    out->bytes = ix->size;
    out->built_at = ix->hdr->built_at;
}

embargo_status embargo_index_entity(const embargo_index *ix, uint32_t i, embargo_entity *out) {
    if (!ix || !out || i >= ix->nentities) return EMBARGO_EINVAL;
    const emb_ix_entity *e = &ix->entities[i];
    const emb_ix_name *n = &ix->names[e->first_name];
    out->index = i;
    out->id = ix->strings + e->id;
    out->id_len = e->id_len;
    out->list = ix->strings + ix->lists[e->list].name;
    out->type = (embargo_entity_type)e->type;
    out->name = ix->strings + n->text;
    out->name_len = n->text_len;
    out->name_count = e->name_count;
    out->field_count = e->field_count;
    return EMBARGO_OK;
}

embargo_status embargo_index_find(const embargo_index *ix, const char *id, size_t len,
                                  embargo_entity *out) {
    if (!ix || !id) return EMBARGO_EINVAL;
    size_t h = (size_t)emb__hash(id, len) & (ix->idhash_cap - 1);
    for (uint32_t probes = 0; probes < ix->idhash_cap && ix->idhash[h]; probes++) {
        const emb_ix_entity *e = &ix->entities[ix->idhash[h] - 1];
        if (e->id_len == len && memcmp(ix->strings + e->id, id, len) == 0)
            return embargo_index_entity(ix, ix->idhash[h] - 1, out);
        h = (h + 1) & (ix->idhash_cap - 1);
    }
    return EMBARGO_ENOTFOUND;
}

embargo_status embargo_entity_name(const embargo_index *ix, const embargo_entity *e, uint32_t i,
                                   embargo_name *out) {
    if (!ix || !e || !out || e->index >= ix->nentities) return EMBARGO_EINVAL;
    const emb_ix_entity *ie = &ix->entities[e->index];
    if (i >= ie->name_count) return EMBARGO_EINVAL;
    const emb_ix_name *n = &ix->names[ie->first_name + i];
    out->text = ix->strings + n->text;
    out->len = n->text_len;
    out->kind = (embargo_name_kind)n->kind;
    out->weak = n->weak;
    out->derived = n->marks & EMB_IXN_DERIVED;
    return EMBARGO_OK;
}

embargo_status embargo_entity_field(const embargo_index *ix, const embargo_entity *e, uint32_t i,
                                    embargo_field *out) {
    if (!ix || !e || !out || e->index >= ix->nentities) return EMBARGO_EINVAL;
    const emb_ix_entity *ie = &ix->entities[e->index];
    if (i >= ie->field_count) return EMBARGO_EINVAL;
    const emb_ix_field *f = &ix->fields[ie->first_field + i];
    out->kind = (embargo_field_kind)f->kind;
    out->text = ix->strings + f->text;
    out->len = f->len;
    return EMBARGO_OK;
}

int emb__index_place(const embargo_index *ix, const char *w, size_t n) {
    char low[64];
    if (n < 2 || n > sizeof(low)) return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        low[i] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
    }
    uint32_t lo = 0, hi = ix->nplaces;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        const emb_ix_place *pl = &ix->places[mid];
        int c = emb__place_cmp(ix->strings + pl->text, pl->len, low, n);
        if (c == 0) return 1;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return 0;
}

/* The term s[0, len) of a table whose probe path starts at slot h. */
static long term_from(const embargo_index *ix, const uint32_t *hash, uint32_t cap,
                      const emb_ix_term *terms, const char *s, size_t len, size_t h) {
    for (uint32_t probes = 0; probes < cap && hash[h]; probes++) {
        const emb_ix_term *t = &terms[hash[h] - 1];
        if (t->len == len && memcmp(ix->strings + t->str, s, len) == 0) return (long)hash[h] - 1;
        h = (h + 1) & (cap - 1);
    }
    return -1;
}

long emb__index_term(const embargo_index *ix, const uint32_t *hash, uint32_t cap,
                     const emb_ix_term *terms, const char *s, size_t len) {
    if (cap == 0) return -1;
    return term_from(ix, hash, cap, terms, s, len, (size_t)emb__hash(s, len) & (cap - 1));
}

#if defined(__GNUC__) || defined(__clang__)
#define ASK_AHEAD(p) __builtin_prefetch(p)
#else
#define ASK_AHEAD(p) ((void)(p))
#endif

void emb__index_terms(const embargo_index *ix, emb_term_ask *asks, size_t n) {
    /* each stage asks for what the next reads, for every term at once */
    for (size_t i = 0; i < n; i++) {
        emb_term_ask *a = &asks[i];
        uint32_t cap = a->phon ? ix->phonhash_cap : ix->keyhash_cap;
        a->id = -1;
        if (cap == 0) {
            a->slot = SIZE_MAX; /* none */
            continue;
        }
        a->slot = (size_t)emb__hash(a->s, a->len) & (cap - 1);
        ASK_AHEAD(&(a->phon ? ix->phonhash : ix->keyhash)[a->slot]);
    }
    for (size_t i = 0; i < n; i++) {
        const emb_term_ask *a = &asks[i];
        if (a->slot == SIZE_MAX) continue;
        uint32_t v = (a->phon ? ix->phonhash : ix->keyhash)[a->slot];
        if (v) ASK_AHEAD(&(a->phon ? ix->phons : ix->keys)[v - 1]);
    }
    for (size_t i = 0; i < n; i++) {
        const emb_term_ask *a = &asks[i];
        if (a->slot == SIZE_MAX) continue;
        uint32_t v = (a->phon ? ix->phonhash : ix->keyhash)[a->slot];
        if (!v) continue;
        const emb_ix_term *t = &(a->phon ? ix->phons : ix->keys)[v - 1];
        if (t->len == a->len) ASK_AHEAD(ix->strings + t->str);
    }
    for (size_t i = 0; i < n; i++) {
        emb_term_ask *a = &asks[i];
        if (a->slot == SIZE_MAX) continue;
        if (a->phon)
            a->id = term_from(ix, ix->phonhash, ix->phonhash_cap, ix->phons, a->s, a->len, a->slot);
        else
            a->id = term_from(ix, ix->keyhash, ix->keyhash_cap, ix->keys, a->s, a->len, a->slot);
    }
}

/* A stored token's fields from len to orig lie as a scorer token's do (the
 * same types in the same order), so a candidate's tokens are read with one
 * copy each: a screen reads the tokens of every candidate. */
#define TOKEN_SAME(f) (offsetof(emb_ix_token, f) - offsetof(emb_ix_token, len) == \
                       offsetof(emb_token, f) - offsetof(emb_token, len))
_Static_assert(TOKEN_SAME(klen) && TOKEN_SAME(plen) && TOKEN_SAME(pos) && TOKEN_SAME(flags) &&
                   TOKEN_SAME(legal) && TOKEN_SAME(weight) && TOKEN_SAME(tmask) && TOKEN_SAME(kmask) && TOKEN_SAME(orig),
               "emb_ix_token and emb_token lay out len..orig alike");
#define TOKEN_RUN (offsetof(emb_ix_token, orig) + sizeof(uint32_t) - offsetof(emb_ix_token, len))

void emb__index_name_tokens(const embargo_index *ix, uint32_t n, emb_token *out, emb_tokens *view) {
    /* read once: the stores below may alias them for all the compiler knows */
    uint32_t nt = ix->names[n].token_count;
    const emb_ix_token *t = ix->tokens + ix->names[n].first_token;
    const char *strings = ix->strings;
    for (uint32_t i = 0; i < nt; i++, t++) {
        emb_token *o = &out[i];
        o->text = strings + t->text;
        o->key = strings + t->key;
        o->phon = strings + t->phon;
        memcpy(&o->len, &t->len, TOKEN_RUN); /* len, klen, plen, pos, flags, legal, weight, masks, orig */
        o->aklen[0] = 0; /* a list spelling: its own reading only (name.h) */
        o->lklen = 0;
    }
    view->tok = out;
    view->n = nt;
}
