/*
 * cmd_diff.c - `embargo diff OLD NEW`: what changed between two versions of
 * the lists, per list: entities added, removed and changed, and for each
 * change which parts (names, programmes, birth dates, identifiers,
 * addresses, listing dates, the rest) gained or lost which values.
 *
 * OLD and NEW are each an index file, a list file or folder (a snapshot is
 * a folder), or, with a data folder, a version of a source kept by update:
 * SOURCE (the newest), SOURCE@previous, SOURCE@ID or SOURCE@SHA256 (a
 * prefix of either). `embargo diff --data-dir DIR SOURCE` compares a
 * source's two newest versions; without operands, every source's. When NEW
 * is an OpenSanctions delta file, it is applied to OLD (the two read as one
 * load: its ADD, MOD and DEL in order), so that a DEL shows as a removal
 * and a MOD as a change, not as additions.
 *
 * Entities are matched by id within each list. Two listings of one id are
 * compared as records of sorted values (entity.c): a change of order alone
 * is no change. Output: text for people, --json (one object), --csv (one
 * row per added or removed entity and per changed part).
 * Exit status: 0 differences found, 1 none, 2 trouble.
 */
#define _DEFAULT_SOURCE /* mkdtemp */
#include "ops.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static const char USAGE[] =
    "usage: embargo diff [OPTIONS] OLD NEW\n"
    "       embargo diff --data-dir DIR [SOURCE]\n"
    "\n"
    "Entities added, removed and changed between two versions of the lists,\n"
    "per list, and for each change what changed. OLD and NEW are index files,\n"
    "list files or folders (a snapshot), or with --data-dir versions kept by\n"
    "'embargo update': SOURCE (the newest), SOURCE@previous, SOURCE@ID or\n"
    "SOURCE@SHA256 (a prefix will do). With --data-dir and one SOURCE, its two\n"
    "newest versions; with none, every source's. An OpenSanctions delta file as\n"
    "NEW is applied to OLD.\n"
    "\n"
    "options:\n"
    "  --data-dir DIR   the data folder of 'embargo update' ($EMBARGO_DATA_DIR)\n"
    "  --json           one JSON object\n"
    "  --csv            CSV: list,change,id,name,part,removed,added\n"
    "  --summary        counts per list only\n"
    "  --lists SEL      only these lists (ofac-sdn,uk)\n"
    "\n"
    "Exit status: 0 differences found, 1 none, 2 an error.\n";

enum { FMT_TEXT, FMT_JSON, FMT_CSV };

typedef struct side {
    char label[4200];         /* what was given, resolved */
    embargo_index *ix;
    uint32_t *order;          /* entities by (list, id) */
    uint32_t n;
    char tmp[4200];           /* a folder made for a delta, removed after */
} side;

typedef struct item {
    char kind;                /* '+', '-', '~' */
    uint32_t a, b;            /* entity in old, in new */
} item;

typedef struct ctx {
    int fmt, summary;
    const char *sel;
    side old, new_;
    item *items;
    size_t nitems, cap;
    int first_list;           /* JSON: no comma before the first list */
} ctx;

/* ---- opening what is compared ----------------------------------------------------------- */

static embargo_index *load_path(const char *path) {
    embargo_dataset *ds = NULL;
    embargo_error err;
    embargo_status st = embargo_dataset_new(&ds);
    if (!st) st = embargo_dataset_load(ds, path, &err);
    if (st) {
        cli_print_error(&err, st);
        embargo_dataset_free(ds);
        return NULL;
    }
    embargo_build_options bo;
    embargo_build_options_init(&bo);
    bo.flags = EMBARGO_BUILD_NO_GROUPS;
    embargo_index *ix = NULL;
    st = embargo_index_build(ds, &bo, &ix, &err);
    embargo_dataset_free(ds);
    if (st) cli_print_error(&err, st);
    return st ? NULL : ix;
}

/* An index file, else a list file or folder. */
static embargo_index *open_path(const char *path) {
    struct stat sb;
    if (stat(path, &sb) != 0) return NULL;
    if (S_ISREG(sb.st_mode)) {
        embargo_index *ix = NULL;
        embargo_error err;
        embargo_status st = embargo_index_open(path, &ix, &err);
        if (!st) return ix;
        if (st != EMBARGO_EINDEX && st != EMBARGO_EVERSION) {
            cli_print_error(&err, st);
            return NULL;
        }
        /* not an index: a list file, unless no loader knows it either */
        embargo_dataset *ds = NULL;
        embargo_error lerr;
        embargo_status ls = embargo_dataset_new(&ds);
        if (!ls) ls = embargo_dataset_load(ds, path, &lerr);
        embargo_dataset_free(ds);
        if (ls == EMBARGO_ENOTFOUND) {
            cli_print_error(&err, st);
            return NULL;
        }
    }
    return load_path(path);
}

/* Resolves SOURCE[@REF] to a snapshot folder of dir. */
static int resolve_version(const char *dir, const char *arg, char *out, size_t cap) {
    char source[64];
    const char *at = strchr(arg, '@');
    size_t sl = at ? (size_t)(at - arg) : strlen(arg);
    if (sl == 0 || sl >= sizeof(source)) return -1;
    memcpy(source, arg, sl);
    source[sl] = '\0';
    const char *ref = at ? at + 1 : "latest";
    cli_snapshot *s = NULL;
    size_t n = 0;
    if (cli_store_list(dir, source, &s, &n) != 0) return -1;
    const cli_snapshot *hit = NULL;
    int ambiguous = 0;
    if (!strcmp(ref, "latest") || !strcmp(ref, "newest")) {
        hit = n ? &s[0] : NULL;
    } else if (!strcmp(ref, "previous")) {
        hit = n > 1 ? &s[1] : NULL;
    } else if (ref[0]) {
        for (size_t i = 0; i < n; i++)
            if (!strncmp(s[i].id, ref, strlen(ref)) || !strncmp(s[i].sha256, ref, strlen(ref))) {
                ambiguous |= hit != NULL;
                hit = &s[i];
            }
    }
    int r = -1;
    if (ambiguous) fprintf(stderr, "embargo: %s names several versions of %s; give more of it\n", ref, source);
    else if (!hit) fprintf(stderr, "embargo: no version %s of %s in %s (see 'embargo versions')\n", ref, source, dir);
    else r = snprintf(out, cap, "%s", hit->path) < (int)cap ? 0 : -1;
    free(s);
    return r;
}

/* The one visible file of a folder (a snapshot of one file), or the path
 * itself if it is a file; -1 if there is not exactly one. */
static int only_file(const char *dirpath, char *out, size_t cap) {
    struct stat sb;
    if (stat(dirpath, &sb) != 0) return -1;
    if (S_ISREG(sb.st_mode)) return snprintf(out, cap, "%s", dirpath) < (int)cap ? 0 : -1;
    int found = 0;
    DIR *d = opendir(dirpath);
    if (!d) return -1;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char sub[4200];
        snprintf(sub, sizeof(sub), "%s/%s", dirpath, e->d_name);
        if (stat(sub, &sb) == 0 && S_ISREG(sb.st_mode)) {
            found++;
            snprintf(out, cap, "%s", sub);
        }
    }
    closedir(d);
    return found == 1 ? 0 : -1;
}

static int copy_into(FILE *to, const char *from) {
    FILE *f = fopen(from, "rb");
    if (!f) return -1;
    char buf[1 << 16];
    size_t n;
    int ok = 1;
    while (ok && (n = fread(buf, 1, sizeof(buf), f)) > 0) ok = fwrite(buf, 1, n, to) == n;
    if (ferror(f)) ok = 0;
    fclose(f);
    return ok ? 0 : -1;
}

/* NEW is a delta: OLD's one file and the delta, as one file in a
 * temporary folder, loaded as NEW. */
static embargo_index *open_delta(side *s, const char *old_path, const char *delta) {
    char base[4200];
    if (only_file(old_path, base, sizeof(base)) != 0) {
        fprintf(stderr, "embargo: %s is a delta file: OLD must be the one file it applies to\n", delta);
        return NULL;
    }
    const char *t = getenv("TMPDIR");
    snprintf(s->tmp, sizeof(s->tmp), "%s/embargo-diff.XXXXXX", t && t[0] ? t : "/tmp");
    if (!mkdtemp(s->tmp)) {
        fprintf(stderr, "embargo: cannot create %s: %s\n", s->tmp, strerror(errno));
        s->tmp[0] = '\0';
        return NULL;
    }
    const char *slash = strrchr(base, '/');
    char joined[8500];
    snprintf(joined, sizeof(joined), "%s/%s", s->tmp, slash ? slash + 1 : base);
    FILE *f = fopen(joined, "wb");
    int ok = f && copy_into(f, base) == 0 && copy_into(f, delta) == 0;
    if (f && fclose(f) != 0) ok = 0;
    if (!ok) {
        fprintf(stderr, "embargo: cannot apply the delta %s: %s\n", delta, strerror(errno));
        return NULL;
    }
    return load_path(joined);
}

static int open_side(side *s, const char *arg, const char *dir, const char *old_path) {
    struct stat sb;
    if (stat(arg, &sb) == 0) {
        snprintf(s->label, sizeof(s->label), "%s", arg);
    } else if (dir && resolve_version(dir, arg, s->label, sizeof(s->label)) == 0) {
        /* a version in the store */
    } else {
        if (!dir || !strchr(arg, '@'))
            fprintf(stderr, "embargo: %s: no such index, list file or folder%s\n", arg,
                    dir ? ", nor a source with versions" : "");
        return -1;
    }
    if (old_path && cli_is_delta(s->label)) s->ix = open_delta(s, old_path, s->label);
    else s->ix = open_path(s->label);
    return s->ix ? 0 : -1;
}

static void close_side(side *s) {
    embargo_index_close(s->ix);
    free(s->order);
    if (s->tmp[0]) cli_remove_tree(s->tmp);
    memset(s, 0, sizeof(*s));
}

/* ---- comparing --------------------------------------------------------------------------- */

static const embargo_index *sort_ix;

/* by list, then id */
static int by_list_id(const void *pa, const void *pb) {
    embargo_entity a, b;
    embargo_index_entity(sort_ix, *(const uint32_t *)pa, &a);
    embargo_index_entity(sort_ix, *(const uint32_t *)pb, &b);
    int c = strcmp(a.list, b.list);
    if (c) return c;
    size_t n = a.id_len < b.id_len ? a.id_len : b.id_len;
    c = memcmp(a.id, b.id, n);
    return c ? c : (a.id_len > b.id_len) - (a.id_len < b.id_len);
}

/* Whether a list is in a --lists selection ("ofac-sdn,uk", "US,EU"): by
 * its name or its jurisdiction. */
static int selected(const char *list, const char *sel) {
    if (!sel) return 1;
    const char *jur = embargo_list_jurisdiction(list);
    for (const char *p = sel; *p;) {
        size_t n = strcspn(p, ",");
        if ((strlen(list) == n && !strncasecmp(list, p, n)) || (strlen(jur) == n && !strncasecmp(jur, p, n)))
            return 1;
        p += n + (p[n] == ',');
    }
    return 0;
}

/* Prints a word of the selection that names no list of either side. */
static int check_selection(const ctx *c) {
    for (const char *p = c->sel; *p;) {
        size_t n = strcspn(p, ",");
        int found = 0;
        for (int k = 0; k < 2 && !found; k++) {
            const side *s = k ? &c->new_ : &c->old;
            embargo_index_info info;
            embargo_index_info_get(s->ix, &info);
            for (uint32_t i = 0; i < info.lists && !found; i++) {
                embargo_list_info l;
                char word[64];
                snprintf(word, sizeof(word), "%.*s", (int)(n < 63 ? n : 63), p);
                if (!embargo_index_list(s->ix, i, &l)) found = selected(l.name, word);
            }
        }
        if (!found && n) {
            fprintf(stderr, "embargo: --lists: '%.*s' is neither a list nor a jurisdiction of OLD or NEW\n", (int)n, p);
            return -1;
        }
        p += n + (p[n] == ',');
    }
    return 0;
}

static int sort_side(side *s, const char *sel) {
    embargo_index_info info;
    embargo_index_info_get(s->ix, &info);
    s->order = malloc(((size_t)info.entities + 1) * sizeof(uint32_t));
    if (!s->order) return -1;
    s->n = 0;
    for (uint32_t i = 0; i < info.entities; i++) {
        embargo_entity e;
        if (!embargo_index_entity(s->ix, i, &e) && selected(e.list, sel)) s->order[s->n++] = i;
    }
    sort_ix = s->ix;
    if (s->n) qsort(s->order, s->n, sizeof(uint32_t), by_list_id);
    return 0;
}

static int add_item(ctx *c, char kind, uint32_t a, uint32_t b) {
    if (c->nitems == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 1024;
        item *v = realloc(c->items, cap * sizeof(*v));
        if (!v) return -1;
        c->items = v;
        c->cap = cap;
    }
    c->items[c->nitems++] = (item){kind, a, b};
    return 0;
}

static int cmp_entities(const embargo_entity *a, const embargo_entity *b) {
    int c = strcmp(a->list, b->list);
    if (c) return c;
    size_t n = a->id_len < b->id_len ? a->id_len : b->id_len;
    c = memcmp(a->id, b->id, n);
    return c ? c : (a->id_len > b->id_len) - (a->id_len < b->id_len);
}

/* Whether two listings differ. */
static int changed(const side *o, uint32_t a, const side *n, uint32_t b, int *err) {
    embargo_entity ea, eb;
    cli_entity_rec ra, rb;
    embargo_index_entity(o->ix, a, &ea);
    embargo_index_entity(n->ix, b, &eb);
    if (cli_entity_read(o->ix, &ea, &ra) != 0) return *err = 1, 0;
    if (cli_entity_read(n->ix, &eb, &rb) != 0) {
        cli_entity_rec_free(&ra);
        return *err = 1, 0;
    }
    char ha[65], hb[65];
    cli_entity_hash(&ra, ha);
    cli_entity_hash(&rb, hb);
    cli_entity_rec_free(&ra);
    cli_entity_rec_free(&rb);
    return strcmp(ha, hb) != 0;
}

static int compare(ctx *c) {
    uint32_t i = 0, j = 0;
    int err = 0;
    while (!err && (i < c->old.n || j < c->new_.n)) {
        embargo_entity a, b;
        int k;
        if (i == c->old.n) k = 1;
        else if (j == c->new_.n) k = -1;
        else {
            embargo_index_entity(c->old.ix, c->old.order[i], &a);
            embargo_index_entity(c->new_.ix, c->new_.order[j], &b);
            k = cmp_entities(&a, &b);
        }
        if (k < 0) err |= add_item(c, '-', c->old.order[i++], 0);
        else if (k > 0) err |= add_item(c, '+', 0, c->new_.order[j++]);
        else {
            if (changed(&c->old, c->old.order[i], &c->new_, c->new_.order[j], &err))
                err |= add_item(c, '~', c->old.order[i], c->new_.order[j]);
            i++;
            j++;
        }
    }
    return err ? -1 : 0;
}

/* ---- printing ---------------------------------------------------------------------------- */

/* The values of part p that are in x and not in y (both sorted). */
static size_t only_in(const cli_entity_rec *x, const cli_entity_rec *y, int p, const char **out, size_t cap) {
    size_t i = 0, j = 0, n = 0;
    while (i < x->count[p]) {
        int k = j < y->count[p] ? strcmp(x->values[p][i], y->values[p][j]) : -1;
        if (k < 0) {
            if (n < cap) out[n] = x->values[p][i];
            n++;
            i++;
        } else if (k > 0) {
            j++;
        } else {
            i++;
            j++;
        }
    }
    return n;
}

static void json_values(const char *key, const char **v, size_t n) {
    printf("\"%s\":[", key);
    for (size_t i = 0; i < n; i++) {
        if (i) putchar(',');
        json_str(stdout, v[i], strlen(v[i]));
    }
    putchar(']');
}

/* Prints one item. */
static void print_item(ctx *c, const item *it, int *first) {
    embargo_entity e;
    const side *s = it->kind == '-' ? &c->old : &c->new_;
    embargo_index_entity(s->ix, it->kind == '-' ? it->a : it->b, &e);
    const char *change = it->kind == '+' ? "added" : it->kind == '-' ? "removed" : "changed";
    if (it->kind != '~') {
        if (c->fmt == FMT_TEXT) {
            printf("  %c %-20.*s %s  %.*s", it->kind, (int)e.id_len, e.id, embargo_type_name(e.type),
                   (int)e.name_len, e.name);
            text_programs(stdout, s->ix, &e);
            putchar('\n');
        } else if (c->fmt == FMT_JSON) {
            fputs(*first ? "{\"id\":" : ",{\"id\":", stdout);
            json_str(stdout, e.id, e.id_len);
            json_member(stdout, "name", e.name, e.name_len);
            json_member(stdout, "type", embargo_type_name(e.type), strlen(embargo_type_name(e.type)));
            json_fields(stdout, s->ix, &e, EMBARGO_FIELD_PROGRAM, "programs", 1);
            putchar('}');
        } else {
            printf("%s,%s,", e.list, change);
            csv_field(stdout, e.id, e.id_len);
            putchar(',');
            csv_field(stdout, e.name, e.name_len);
            puts(",,,");
        }
        *first = 0;
        return;
    }
    embargo_entity eo;
    embargo_index_entity(c->old.ix, it->a, &eo);
    cli_entity_rec ro, rn;
    if (cli_entity_read(c->old.ix, &eo, &ro) != 0) return;
    if (cli_entity_read(c->new_.ix, &e, &rn) != 0) {
        cli_entity_rec_free(&ro);
        return;
    }
    if (c->fmt == FMT_TEXT) {
        printf("  ~ %-20.*s %s  %.*s\n", (int)e.id_len, e.id, embargo_type_name(e.type), (int)e.name_len, e.name);
    } else if (c->fmt == FMT_JSON) {
        fputs(*first ? "{\"id\":" : ",{\"id\":", stdout);
        json_str(stdout, e.id, e.id_len);
        json_member(stdout, "name", e.name, e.name_len);
        fputs(",\"changes\":{", stdout);
    }
    int parts = 0;
    for (int p = 0; p < CLI_PART__COUNT; p++) {
        size_t cap = ro.count[p] + rn.count[p] + 1;
        const char **rem = malloc(cap * sizeof(char *)), **add = malloc(cap * sizeof(char *));
        if (!rem || !add) {
            free(rem);
            free(add);
            continue;
        }
        size_t nr = only_in(&ro, &rn, p, rem, cap), na = only_in(&rn, &ro, p, add, cap);
        if (nr || na) {
            const char *part = cli_part_name((cli_part)p);
            if (c->fmt == FMT_TEXT) {
                for (size_t k = 0; k < nr; k++) printf("        %s: - %s\n", part, rem[k]);
                for (size_t k = 0; k < na; k++) printf("        %s: + %s\n", part, add[k]);
            } else if (c->fmt == FMT_JSON) {
                printf("%s\"%s\":{", parts ? "," : "", part);
                json_values("removed", rem, nr);
                putchar(',');
                json_values("added", add, na);
                putchar('}');
            } else {
                printf("%s,changed,", e.list);
                csv_field(stdout, e.id, e.id_len);
                putchar(',');
                csv_field(stdout, e.name, e.name_len);
                printf(",%s,", part);
                /* the values of a part, joined by " | " */
                for (int side_k = 0; side_k < 2; side_k++) {
                    const char **v = side_k ? add : rem;
                    size_t nv = side_k ? na : nr, len = 0;
                    for (size_t k = 0; k < nv; k++) len += strlen(v[k]) + 3;
                    char *joined = malloc(len + 1);
                    if (joined) {
                        size_t o = 0;
                        for (size_t k = 0; k < nv; k++) o += (size_t)sprintf(joined + o, "%s%s", k ? " | " : "", v[k]);
                        csv_field(stdout, joined, o);
                        free(joined);
                    }
                    putchar(side_k ? '\n' : ',');
                }
            }
            parts++;
        }
        free(rem);
        free(add);
    }
    if (c->fmt == FMT_JSON) fputs("}}", stdout);
    cli_entity_rec_free(&ro);
    cli_entity_rec_free(&rn);
    *first = 0;
}

/* The entities a list has on one side. */
static uint32_t list_count(const side *s, const char *list) {
    uint32_t n = 0;
    for (uint32_t i = 0; i < s->n; i++) {
        embargo_entity e;
        if (!embargo_index_entity(s->ix, s->order[i], &e) && !strcmp(e.list, list)) n++;
    }
    return n;
}

static const char *item_list(const ctx *c, const item *it) {
    embargo_entity e;
    if (it->kind == '-') embargo_index_entity(c->old.ix, it->a, &e);
    else embargo_index_entity(c->new_.ix, it->b, &e);
    return e.list;
}

static void json_side(const char *key, const side *s) {
    printf("\"%s\":{\"path\":", key);
    json_str(stdout, s->label, strlen(s->label));
    fputs(",\"lists\":[", stdout);
    embargo_index_info info;
    embargo_index_info_get(s->ix, &info);
    for (uint32_t i = 0; i < info.lists; i++) {
        embargo_list_info l;
        if (embargo_index_list(s->ix, i, &l)) continue;
        fputs(i ? ",{\"name\":" : "{\"name\":", stdout);
        json_str(stdout, l.name, strlen(l.name));
        json_member(stdout, "published", l.date[0] ? l.date : NULL, strlen(l.date));
        json_member(stdout, "sha256", l.sha256[0] ? l.sha256 : NULL, strlen(l.sha256));
        printf(",\"entities\":%u}", l.entities);
    }
    fputs("]}", stdout);
}

/* Prints every list's changes; items are in (list, id) order within each
 * kind's walk, so a list's items are gathered per list. */
static void print_all(ctx *c) {
    if (c->fmt == FMT_JSON) {
        putchar('{');
        json_side("old", &c->old);
        putchar(',');
        json_side("new", &c->new_);
        fputs(",\"lists\":[", stdout);
    } else if (c->fmt == FMT_CSV) {
        puts("list,change,id,name,part,removed,added");
    } else {
        printf("old: %s\nnew: %s\n", c->old.label, c->new_.label);
    }
    size_t totals[3] = {0, 0, 0};
    int nlists = 0;
    /* the lists of either side, in the order the walk met them */
    for (size_t i = 0; i < c->nitems;) {
        const char *list = item_list(c, &c->items[i]);
        size_t end = i;
        size_t counts[3] = {0, 0, 0};
        while (end < c->nitems && !strcmp(item_list(c, &c->items[end]), list)) {
            char k = c->items[end].kind;
            counts[k == '+' ? 0 : k == '-' ? 1 : 2]++;
            end++;
        }
        for (int k = 0; k < 3; k++) totals[k] += counts[k];
        uint32_t before = list_count(&c->old, list), after = list_count(&c->new_, list);
        if (c->fmt == FMT_TEXT) {
            printf("%s: %zu added, %zu removed, %zu changed (%u entities, now %u)\n", list, counts[0], counts[1],
                   counts[2], before, after);
        } else if (c->fmt == FMT_JSON) {
            fputs(nlists ? ",{\"list\":" : "{\"list\":", stdout);
            json_str(stdout, list, strlen(list));
            printf(",\"entities_before\":%u,\"entities_after\":%u,\"counts\":{\"added\":%zu,\"removed\":%zu,"
                   "\"changed\":%zu}", before, after, counts[0], counts[1], counts[2]);
        }
        nlists++;
        if (!c->summary) {
            static const char KINDS[3] = {'+', '-', '~'};
            static const char *const KEYS[3] = {"added", "removed", "changed"};
            for (int k = 0; k < 3; k++) {
                int first = 1;
                if (c->fmt == FMT_JSON) printf(",\"%s\":[", KEYS[k]);
                for (size_t x = i; x < end; x++)
                    if (c->items[x].kind == KINDS[k]) print_item(c, &c->items[x], &first);
                if (c->fmt == FMT_JSON) putchar(']');
            }
        }
        if (c->fmt == FMT_JSON) putchar('}');
        i = end;
    }
    if (c->fmt == FMT_JSON)
        printf("],\"summary\":{\"added\":%zu,\"removed\":%zu,\"changed\":%zu}}\n", totals[0], totals[1], totals[2]);
    else if (c->fmt == FMT_TEXT && !c->nitems)
        puts("no differences");
}

/* Items grouped by list: the walk interleaves added and removed entities
 * of one list in id order, and lists in name order; stable by list. */
static const ctx *item_ctx;
static int by_item_list(const void *pa, const void *pb) {
    const item *a = pa, *b = pb;
    int c = strcmp(item_list(item_ctx, a), item_list(item_ctx, b));
    if (c) return c;
    return (a > b) - (a < b);
}

static int run_diff(ctx *c, const char *old_arg, const char *new_arg, const char *dir) {
    int rc = EXIT_TROUBLE;
    if (open_side(&c->old, old_arg, dir, NULL) != 0) goto done;
    if (open_side(&c->new_, new_arg, dir, c->old.label) != 0) goto done;
    if (c->sel && check_selection(c) != 0) goto done;
    if (sort_side(&c->old, c->sel) != 0 || sort_side(&c->new_, c->sel) != 0) {
        fprintf(stderr, "embargo: out of memory\n");
        goto done;
    }
    if (compare(c) != 0) {
        fprintf(stderr, "embargo: out of memory\n");
        goto done;
    }
    item_ctx = c;
    if (c->nitems) qsort(c->items, c->nitems, sizeof(item), by_item_list);
    print_all(c);
    rc = c->nitems ? EXIT_FOUND : EXIT_NONE;
done:
    close_side(&c->old);
    close_side(&c->new_);
    free(c->items);
    c->items = NULL;
    c->nitems = c->cap = 0;
    return rc;
}

int cmd_diff(int argc, char **argv) {
    static ctx c;
    memset(&c, 0, sizeof(c));
    const char *dir_opt = NULL, *ops[2];
    int nops = 0;
    static const char *const valued[] = {"--data-dir", "--lists", NULL};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) return cli_usage(USAGE, 1);
        if (cli_needs_value(a, i, argc, valued)) return EXIT_TROUBLE;
        if (!strcmp(a, "--data-dir")) dir_opt = argv[++i];
        else if (!strcmp(a, "--lists")) c.sel = argv[++i];
        else if (!strcmp(a, "--json")) c.fmt = FMT_JSON;
        else if (!strcmp(a, "--csv")) c.fmt = FMT_CSV;
        else if (!strcmp(a, "--summary")) c.summary = 1;
        else if (a[0] == '-' && a[1]) return cli_usage_error(USAGE, "unexpected '%s'", a);
        else if (nops < 2) ops[nops++] = a;
        else return cli_usage_error(USAGE, "diff takes OLD and NEW");
    }
    if (c.summary && c.fmt == FMT_CSV) return cli_usage_error(USAGE, "--summary is for text and --json");
    const char *dir = cli_data_dir(dir_opt);
    if (nops == 2) return run_diff(&c, ops[0], ops[1], dir);
    if (!dir) return cli_usage_error(USAGE, "diff takes OLD and NEW (or --data-dir DIR and a source)");
    char **names = NULL;
    int n;
    if (nops == 1) {
        names = malloc(sizeof(char *));
        if (!names || !(names[0] = strdup(ops[0]))) return EXIT_TROUBLE;
        n = 1;
    } else {
        n = cli_store_sources(dir, &names);
        if (n < 0) return EXIT_TROUBLE;
    }
    int rc = EXIT_NONE, ran = 0;
    for (int i = 0; i < n; i++) {
        cli_snapshot *s = NULL;
        size_t k = 0;
        if (cli_store_list(dir, names[i], &s, &k) != 0) {
            rc = EXIT_TROUBLE;
        } else if (k < 2) {
            if (nops == 1) {
                fprintf(stderr, "embargo: %s has %s in %s: nothing to compare\n", names[i],
                        k ? "one version" : "no versions", dir);
                rc = EXIT_TROUBLE;
            }
        } else {
            int r = run_diff(&c, s[1].path, s[0].path, NULL);
            ran = 1;
            if (r == EXIT_TROUBLE) rc = EXIT_TROUBLE;
            else if (r == EXIT_FOUND && rc != EXIT_TROUBLE) rc = EXIT_FOUND;
        }
        free(s);
        free(names[i]);
    }
    free(names);
    if (!ran && rc == EXIT_NONE) fprintf(stderr, "embargo: no source in %s has two versions yet\n", dir);
    return rc;
}
