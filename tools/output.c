/*
 * output.c - what the commands write: JSON and text for people.
 *
 * JSON string escaping, and the objects, members and table rows several
 * commands print alike: an entity and a match, an explanation, an entity's
 * fields and programs, who lists it (its group across lists, and the
 * evidence that grouped each entry) and the jurisdictions of an aggregated
 * record. Also the text of a matcher's error, and whether stdout and stderr
 * are terminals (colour, progress).
 */
#include "cli.h"

#include <string.h>
#include <unistd.h>

int cli_stdout_tty(void) { return isatty(STDOUT_FILENO); }
int cli_stderr_tty(void) { return isatty(STDERR_FILENO); }

/* Length of the valid UTF-8 sequence at s (n > 0 bytes left), or 0. */
static size_t utf8_seq(const unsigned char *s, size_t n) {
    unsigned c = s[0];
    size_t len = c < 0x80 ? 1 : (c >= 0xC2 && c <= 0xDF) ? 2 : (c >= 0xE0 && c <= 0xEF) ? 3
               : (c >= 0xF0 && c <= 0xF4) ? 4 : 0;
    if (len == 0 || len > n) return 0;
    for (size_t k = 1; k < len; k++)
        if ((s[k] & 0xC0) != 0x80) return 0;
    if (len == 3 && ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0))) return 0;
    if (len == 4 && ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] >= 0x90))) return 0;
    return len;
}

/* The code point of a valid UTF-8 sequence of n bytes at s. */
static unsigned code_point(const unsigned char *s, size_t n) {
    if (n == 1) return s[0];
    unsigned c = s[0] & (0xFFu >> (n + 1));
    for (size_t k = 1; k < n; k++) c = (c << 6) | (s[k] & 0x3F);
    return c;
}

/* Whether a code point must not reach a terminal raw: C1 controls, which
 * some terminals obey as escape sequences, and the bidirectional
 * embeddings, overrides and isolates, which reorder what is shown. */
static int hidden_control(unsigned c) {
    return (c >= 0x80 && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)
           || c == 0x200E || c == 0x200F || c == 0x061C;
}

/* Writes s as a JSON string. Invalid UTF-8 (a rejected query echoed back)
 * becomes U+FFFD, so every line stays valid JSON; control characters,
 * C1 controls and bidirectional controls are escaped (\u001b, \u009b,
 * \u202e), so a JSON line shown on a terminal cannot drive it. */
void json_str(FILE *f, const char *s, size_t len) {
    fputc('"', f);
    size_t plain = 0;                /* s[plain..i) goes out as it is, in one write */
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') continue;
        if (c >= 0x80) {
            size_t n = utf8_seq((const unsigned char *)s + i, len - i);
            if (n && !hidden_control(code_point((const unsigned char *)s + i, n))) {
                i += n - 1;
                continue;
            }
            if (i > plain) fwrite(s + plain, 1, i - plain, f);
            if (n == 0) {
                fputs("\\ufffd", f);
            } else {
                fprintf(f, "\\u%04x", code_point((const unsigned char *)s + i, n));
                i += n - 1;
            }
            plain = i + 1;
            continue;
        }
        if (i > plain) fwrite(s + plain, 1, i - plain, f);
        plain = i + 1;
        switch (c) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default: fprintf(f, "\\u%04x", c);
        }
    }
    if (len > plain) fwrite(s + plain, 1, len - plain, f);
    fputc('"', f);
}

/* text_str, counting the characters written. */
static size_t text_write(FILE *f, const char *s, size_t len) {
    size_t shown = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7f) shown += (size_t)fprintf(f, "\\x%02x", c);
            else fputc(c, f), shown++;
            continue;
        }
        size_t n = utf8_seq((const unsigned char *)s + i, len - i);
        if (n == 0) {
            shown += (size_t)fprintf(f, "\\x%02x", c);
            continue;
        }
        unsigned cp = code_point((const unsigned char *)s + i, n);
        if (hidden_control(cp)) {
            shown += (size_t)fprintf(f, "\\u%04x", cp);
        } else {
            fwrite(s + i, 1, n, f);
            shown++;
        }
        i += n - 1;
    }
    return shown;
}

void text_str(FILE *f, const char *s, size_t len) { (void)text_write(f, s, len); }

void text_pad(FILE *f, const char *s, size_t len, int width) {
    size_t shown = text_write(f, s, len);
    for (; (int)shown < width; shown++) fputc(' ', f);
}

void json_member(FILE *f, const char *key, const char *s, size_t len) {
    fprintf(f, ",\"%s\":", key);
    if (s) json_str(f, s, len);
    else fputs("null", f);
}

const char *cli_matcher_why(const embargo_matcher *m, embargo_status st) {
    const char *why = embargo_matcher_message(m);
    return why[0] ? why : embargo_strerror(st);
}

void json_explanation(FILE *f, const embargo_explanation *e, const char *extra) {
    fputs("{\"pairs\":[", f);
    for (size_t i = 0; i < e->pair_count; i++) {
        const embargo_pair *p = &e->pairs[i];
        if (i) fputc(',', f);
        fputs("{\"query\":", f);
        if (p->query) json_str(f, p->query, p->query_len);
        else fputs("null", f);
        json_member(f, "name", p->name, p->name_len);
        fprintf(f, ",\"how\":\"%s\",\"similarity\":%.2f,\"weight\":%.2f}",
                embargo_pair_kind_name(p->kind), p->similarity, p->weight);
    }
    fputs("]", f);
    int has = e->note && e->note[0], more = extra && extra[0];
    if (has || more) {
        char note[512];
        snprintf(note, sizeof(note), "%s%s%s", has ? e->note : "", has && more ? "; " : "",
                 more ? extra : "");
        json_member(f, "note", note, strlen(note));
    }
    fputc('}', f);
}

/* The next field of a kind of entity e at or after field *i; advances *i
 * past it. Returns 0 when there is none. */
static int next_field(const embargo_index *ix, const embargo_entity *e, embargo_field_kind kind,
                      uint32_t *i, embargo_field *fl) {
    while (*i < e->field_count)
        if (embargo_entity_field(ix, e, (*i)++, fl) == EMBARGO_OK && fl->kind == kind) return 1;
    return 0;
}

void json_fields(FILE *f, const embargo_index *ix, const embargo_entity *e, embargo_field_kind kind,
                 const char *key, int always) {
    int n = 0;
    embargo_field fl;
    for (uint32_t i = 0; next_field(ix, e, kind, &i, &fl);) {
        fprintf(f, n++ ? "," : ",\"%s\":[", key);
        json_str(f, fl.text, fl.len);
    }
    if (n) fputc(']', f);
    else if (always) fprintf(f, ",\"%s\":[]", key);
}

void text_programs(FILE *f, const embargo_index *ix, const embargo_entity *e) {
    int n = 0;
    embargo_field fl;
    for (uint32_t i = 0; next_field(ix, e, EMBARGO_FIELD_PROGRAM, &i, &fl);) {
        fputs(n++ ? ", " : "  [", f);
        text_str(f, fl.text, fl.len);
    }
    if (n) fputc(']', f);
}

const char *cli_first_field(const embargo_index *ix, const embargo_entity *e,
                            embargo_field_kind kind, size_t *len) {
    embargo_field fl;
    uint32_t i = 0;
    if (!next_field(ix, e, kind, &i, &fl)) return NULL;
    *len = fl.len;
    return fl.text;
}

/* The jurisdictions whose sanctions lists an aggregated record comes from
 * (its DATASET fields), each once, in the record's order. */
static size_t dataset_jurisdictions(const embargo_index *ix, const embargo_entity *e, const char **out,
                                    size_t cap) {
    size_t n = 0;
    embargo_field fl;
    for (uint32_t i = 0; next_field(ix, e, EMBARGO_FIELD_DATASET, &i, &fl);) {
        const char *j = embargo_dataset_jurisdiction(fl.text, fl.len);
        int seen = !j;
        for (size_t k = 0; k < n && !seen; k++) seen = !strcmp(out[k], j);
        if (!seen && n < cap) out[n++] = j;
    }
    return n;
}

void text_dataset_jurisdictions(FILE *f, const embargo_index *ix, const embargo_entity *e) {
    const char *jur[32];
    size_t nj = dataset_jurisdictions(ix, e, jur, 32);
    for (size_t k = 0; k < nj; k++) fprintf(f, "%s%s", k ? ", " : " (from the lists of ", jur[k]);
    if (nj) fputc(')', f);
}

void json_dataset_jurisdictions(FILE *f, const embargo_index *ix, const embargo_entity *e) {
    const char *jur[32];
    size_t nj = dataset_jurisdictions(ix, e, jur, 32);
    for (size_t k = 0; k < nj; k++) {
        fputs(k ? "," : ",\"dataset_jurisdictions\":[", f);
        json_str(f, jur[k], strlen(jur[k]));
    }
    if (nj) fputc(']', f);
}

int cli_grouped_with(const embargo_index *ix, uint32_t i, embargo_entity *via, char *why, size_t cap) {
    uint32_t v;
    return embargo_index_group_evidence(ix, i, &v, why, cap) && embargo_index_entity(ix, v, via) == EMBARGO_OK;
}

void text_listed_by(FILE *f, const embargo_index *ix, const embargo_entity *e, const char *indent) {
    uint32_t members[CLI_GROUP_MAX];
    size_t n = embargo_index_group(ix, e->index, members, CLI_GROUP_MAX);
    fprintf(f, "%slisted by ", indent);
    for (size_t i = 0; i < n; i++) {
        embargo_entity m;
        if (embargo_index_entity(ix, members[i], &m)) continue;
        size_t sl = 0;
        const char *since = cli_first_field(ix, &m, EMBARGO_FIELD_LISTED_ON, &sl);
        fprintf(f, "%s%s ", i ? "; " : "", embargo_list_jurisdiction(m.list));
        text_str(f, m.id, m.id_len);
        if (since) {
            fputs(" since ", f);
            text_str(f, since, sl);
        }
        text_dataset_jurisdictions(f, ix, &m);
    }
    fputc('\n', f);
}

void json_listed_by(FILE *f, const embargo_index *ix, const embargo_entity *e) {
    uint32_t members[CLI_GROUP_MAX];
    size_t n = embargo_index_group(ix, e->index, members, CLI_GROUP_MAX);
    fputs(",\"listed_by\":[", f);
    for (size_t i = 0; i < n; i++) {
        embargo_entity m;
        if (embargo_index_entity(ix, members[i], &m)) continue;
        const char *jur = embargo_list_jurisdiction(m.list);
        size_t sl = 0;
        const char *since = cli_first_field(ix, &m, EMBARGO_FIELD_LISTED_ON, &sl);
        fputs(i ? ",{\"jurisdiction\":" : "{\"jurisdiction\":", f);
        json_str(f, jur, strlen(jur));
        json_member(f, "list", m.list, strlen(m.list));
        json_member(f, "id", m.id, m.id_len);
        json_member(f, "since", since, sl);
        json_dataset_jurisdictions(f, ix, &m);
        char why[200];
        embargo_entity v;
        if (cli_grouped_with(ix, m.index, &v, why, sizeof(why))) {
            json_member(f, "grouped_with", v.id, v.id_len);
            json_member(f, "grouped_on", why, strlen(why));
        }
        fputc('}', f);
    }
    fputc(']', f);
}

void json_entity_open(FILE *f, const embargo_entity *e) {
    const char *jur = embargo_list_jurisdiction(e->list);
    fputs("{\"id\":", f);
    json_str(f, e->id, e->id_len);
    json_member(f, "list", e->list, strlen(e->list));
    json_member(f, "jurisdiction", jur, strlen(jur));
    json_member(f, "name", e->name, e->name_len);
}

void text_entity(FILE *f, double score, const embargo_entity *e) {
    fprintf(f, "  %.3f  ", score);
    text_pad(f, e->id, e->id_len, 18);
    fprintf(f, " %-12s ", embargo_type_name(e->type));
    text_str(f, e->name, e->name_len);
}

void json_match(FILE *f, const embargo_index *ix, const embargo_match *m, const char *extra) {
    const embargo_entity *e = &m->entity;
    embargo_name nm;
    json_entity_open(f, e);
    json_member(f, "matched_name", m->matched_name, m->matched_name_len);
    if (embargo_entity_name(ix, e, m->name_index, &nm) == EMBARGO_OK)
        fprintf(f, ",\"matched_name_kind\":\"%s\"%s%s", embargo_name_kind_name(nm.kind),
                nm.weak ? ",\"weak_alias\":true" : "", nm.derived ? ",\"derived_name\":true" : "");
    fprintf(f, ",\"type\":\"%s\",\"score\":%.3f", embargo_type_name(e->type), m->score);
    json_fields(f, ix, e, EMBARGO_FIELD_PROGRAM, "programs", 1);
    json_listed_by(f, ix, e);
    json_fields(f, ix, e, EMBARGO_FIELD_BIRTH_DATE, "birth_dates", 0);
    json_fields(f, ix, e, EMBARGO_FIELD_NATIONALITY, "nationalities", 0);
    fputs(",\"explanation\":", f);
    json_explanation(f, &m->explanation, extra);
    fputc('}', f);
}

void text_explanation(FILE *f, const embargo_explanation *e, const char *indent) {
    text_pairs(f, e, indent);
    if (e->note && e->note[0]) {
        fprintf(f, "%s(", indent);
        text_str(f, e->note, strlen(e->note));
        fputs(")\n", f);
    }
}

void text_pairs(FILE *f, const embargo_explanation *e, const char *indent) {
    for (size_t i = 0; i < e->pair_count; i++) {
        const embargo_pair *p = &e->pairs[i];
        fputs(indent, f);
        text_pad(f, p->query ? p->query : "-", p->query ? p->query_len : 1, 16);
        fputc(' ', f);
        text_pad(f, p->name ? p->name : "-", p->name ? p->name_len : 1, 16);
        fprintf(f, " %-15s %.2f\n", embargo_pair_kind_name(p->kind), p->similarity);
    }
}

void csv_field(FILE *f, const char *s, size_t len) {
    int quote = 0, inert = len && s[0] && strchr("=+-@", s[0]);
    for (size_t i = 0; i < len && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == ';' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r';
    if (quote) fputc('"', f);
    if (inert) fputc('\'', f);
    for (size_t i = 0; i < len;) {
        size_t j = i;
        while (j < len && s[j] != '"') j++;
        text_str(f, s + i, j - i);
        if (j < len) fputs("\"\"", f), j++;
        i = j;
    }
    if (quote) fputc('"', f);
}
