/*
 * entity.c - what a listing says about an entity, as sorted values by part,
 * and its content hash; see ops.h.
 *
 * Shared by diff (what changed between two versions of a list) and monitor
 * (whether an entity a decision was taken on has changed since). The record
 * holds the published names (kind, text, weak) and every field but the
 * whole remarks text, whose every item is also a field of its own (parsed,
 * or kept as a remark); derived names are left out, as they follow from the
 * published ones. Values are sorted and de-duplicated, so that a list that
 * reorders an entity's aliases or addresses changes nothing.
 */
#include "ops.h"

#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

static const char *const PART_NAMES[CLI_PART__COUNT] = {
    "type", "names", "programs", "birth_dates", "identifiers", "addresses", "listed_on", "other",
};

const char *cli_part_name(cli_part p) { return p < CLI_PART__COUNT ? PART_NAMES[p] : "?"; }

/* The part a field belongs to, and whether its value is prefixed with the
 * field's kind (parts that mix kinds). */
static cli_part part_of(embargo_field_kind k, int *prefix) {
    *prefix = 0;
    switch (k) {
    case EMBARGO_FIELD_PROGRAM: return CLI_PART_PROGRAMS;
    case EMBARGO_FIELD_BIRTH_DATE: return CLI_PART_BIRTH_DATES;
    case EMBARGO_FIELD_LISTED_ON: return CLI_PART_LISTED_ON;
    case EMBARGO_FIELD_ID_DOCUMENT:
    case EMBARGO_FIELD_REFERENCE:
    case EMBARGO_FIELD_VESSEL_CALL_SIGN:
        *prefix = 1;
        return CLI_PART_IDENTIFIERS;
    case EMBARGO_FIELD_ADDRESS:
    case EMBARGO_FIELD_COUNTRY:
        *prefix = 1;
        return CLI_PART_ADDRESSES;
    default:
        *prefix = 1;
        return CLI_PART_OTHER;
    }
}

typedef struct strvec {
    char **v;
    size_t n, cap;
} strvec;

static int push(strvec *s, const char *a, size_t an, const char *b, size_t bn) {
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 8;
        char **v = realloc(s->v, cap * sizeof(*v));
        if (!v) return -1;
        s->v = v;
        s->cap = cap;
    }
    char *p = malloc(an + bn + 1);
    if (!p) return -1;
    memcpy(p, a, an);
    memcpy(p + an, b, bn);
    p[an + bn] = '\0';
    s->v[s->n++] = p;
    return 0;
}

static int by_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int cli_entity_read(const embargo_index *ix, const embargo_entity *e, cli_entity_rec *rec) {
    memset(rec, 0, sizeof(*rec));
    strvec parts[CLI_PART__COUNT];
    memset(parts, 0, sizeof(parts));
    int bad = 0;
    const char *type = embargo_type_name(e->type);
    bad |= push(&parts[CLI_PART_TYPE], type, strlen(type), "", 0);
    for (uint32_t i = 0; i < e->name_count && !bad; i++) {
        embargo_name nm;
        if (embargo_entity_name(ix, e, i, &nm) || nm.derived) continue;
        char pre[32];
        int w = snprintf(pre, sizeof(pre), "%s%s: ", embargo_name_kind_name(nm.kind), nm.weak ? " (weak)" : "");
        bad |= push(&parts[CLI_PART_NAMES], pre, (size_t)w, nm.text, nm.len);
    }
    for (uint32_t i = 0; i < e->field_count && !bad; i++) {
        embargo_field f;
        if (embargo_entity_field(ix, e, i, &f) || f.kind == EMBARGO_FIELD_REMARKS) continue;
        int prefix;
        cli_part p = part_of(f.kind, &prefix);
        char pre[48] = "";
        int w = prefix ? snprintf(pre, sizeof(pre), "%s: ", embargo_field_kind_name(f.kind)) : 0;
        bad |= push(&parts[p], pre, (size_t)w, f.text, f.len);
    }
    for (int p = 0; p < CLI_PART__COUNT; p++) {
        strvec *s = &parts[p];
        if (s->n) qsort(s->v, s->n, sizeof(char *), by_str);
        size_t m = 0;
        for (size_t i = 0; i < s->n; i++) {
            if (m && !strcmp(s->v[m - 1], s->v[i])) free(s->v[i]);
            else s->v[m++] = s->v[i];
        }
        rec->values[p] = s->v;
        rec->count[p] = m;
    }
    if (bad) {
        cli_entity_rec_free(rec);
        return -1;
    }
    return 0;
}

void cli_entity_rec_free(cli_entity_rec *rec) {
    for (int p = 0; p < CLI_PART__COUNT; p++) {
        for (size_t i = 0; i < rec->count[p]; i++) free(rec->values[p][i]);
        free(rec->values[p]);
        rec->values[p] = NULL;
        rec->count[p] = 0;
    }
}

void cli_entity_hash(const cli_entity_rec *rec, char hex[65]) {
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    int ok = md && EVP_DigestInit_ex(md, EVP_sha256(), NULL);
    for (int p = 0; ok && p < CLI_PART__COUNT; p++) {
        /* each part's name, then its values, each ended by a NUL byte: no
         * two different records feed the same bytes */
        ok = EVP_DigestUpdate(md, PART_NAMES[p], strlen(PART_NAMES[p]) + 1);
        for (size_t i = 0; ok && i < rec->count[p]; i++)
            ok = EVP_DigestUpdate(md, rec->values[p][i], strlen(rec->values[p][i]) + 1);
        if (ok) ok = EVP_DigestUpdate(md, "\x01", 1);
    }
    cli_sha256_final(md, ok, hex);
    EVP_MD_CTX_free(md);
}

char *cli_entity_rec_text(const cli_entity_rec *rec) {
    size_t len = 1;
    for (int p = 0; p < CLI_PART__COUNT; p++)
        for (size_t i = 0; i < rec->count[p]; i++) len += strlen(PART_NAMES[p]) + strlen(rec->values[p][i]) + 2;
    char *out = malloc(len), *o = out;
    if (!out) return NULL;
    for (int p = 0; p < CLI_PART__COUNT; p++)
        for (size_t i = 0; i < rec->count[p]; i++) {
            /* a value's own tabs and line ends would break the lines */
            o += sprintf(o, "%s\t", PART_NAMES[p]);
            for (const char *v = rec->values[p][i]; *v; v++) *o++ = *v == '\t' || *v == '\n' ? ' ' : *v;
            *o++ = '\n';
        }
    *o = '\0';
    return out;
}

int cli_entity_rec_parse(const char *text, cli_entity_rec *rec) {
    memset(rec, 0, sizeof(*rec));
    strvec parts[CLI_PART__COUNT];
    memset(parts, 0, sizeof(parts));
    int bad = 0;
    for (const char *line = text; line && *line && !bad;) {
        const char *nl = strchr(line, '\n'), *tab = strchr(line, '\t');
        size_t ll = nl ? (size_t)(nl - line) : strlen(line);
        if (tab && tab < line + ll)
            for (int p = 0; p < CLI_PART__COUNT; p++)
                if ((size_t)(tab - line) == strlen(PART_NAMES[p]) && !strncmp(line, PART_NAMES[p], (size_t)(tab - line))) {
                    bad |= push(&parts[p], tab + 1, ll - (size_t)(tab - line) - 1, "", 0);
                    break;
                }
        line = nl ? nl + 1 : NULL;
    }
    for (int p = 0; p < CLI_PART__COUNT; p++) {
        rec->values[p] = parts[p].v;
        rec->count[p] = parts[p].n;
    }
    if (bad) cli_entity_rec_free(rec);
    return bad ? -1 : 0;
}

char *cli_entity_changes(const cli_entity_rec *old, const cli_entity_rec *now) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return NULL;
    int any = 0;
    for (int p = 0; p < CLI_PART__COUNT; p++) {
        for (int side = 0; side < 2; side++) {
            const cli_entity_rec *x = side ? now : old, *y = side ? old : now;
            size_t j = 0;
            for (size_t i = 0; i < x->count[p]; i++) {
                while (j < y->count[p] && strcmp(y->values[p][j], x->values[p][i]) < 0) j++;
                if (j < y->count[p] && !strcmp(y->values[p][j], x->values[p][i])) continue;
                fprintf(f, "%s%s: %c %s", any ? "; " : "", PART_NAMES[p], side ? '+' : '-', x->values[p][i]);
                any = 1;
            }
        }
    }
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}
