/*
 * output.c - what the commands write: JSON and text for people.
 *
 * JSON string escaping, and the objects, members and table rows several
 * commands print alike: an entity and a match, an explanation, an entity's
 * fields and programs, who lists it (its group across lists, and the
 * evidence that grouped each entry) and the jurisdictions of an aggregated
 * record. Also the text of a matcher's error, and whether stdout and stderr
 * are terminals (colour, progress).
 *
 * The JSON writers work on a cli_out, a buffer that goes to its stream in
 * large writes, with numbers formatted here rather than by printf (out_fixed
 * gives printf's digits); the FILE * forms wrap them for one call each.
 */
#include "cli.h"

#include <stdint.h>
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

/* ---- the buffered writer ---------------------------------------------------------- */

void out_init(cli_out *o, FILE *f) {
    o->f = f;
    o->len = 0;
}

void out_flush(cli_out *o) {
    if (o->len) fwrite(o->b, 1, o->len, o->f);
    o->len = 0;
}

void out_mem_flush(cli_out *o, const char *s, size_t n) {
    out_flush(o);
    if (n >= CLI_OUT_CAP) {
        fwrite(s, 1, n, o->f);
        return;
    }
    memcpy(o->b, s, n);
    o->len = n;
}

void out_uint(cli_out *o, unsigned long long v) {
    char d[24];
    size_t i = sizeof(d);
    do d[--i] = (char)('0' + v % 10); while (v /= 10);
    out_mem(o, d + i, sizeof(d) - i);
}

/* x = m * 2^e exactly, x finite and not negative, is rounded to a whole
 * number of 10^-decimals as printf rounds it: the exact value of m * p /
 * 2^s (p = 10^decimals, s = -e) is split into whole part and remainder in
 * integers, and the remainder compared with one half, a tie going to the
 * even neighbour. m < 2^53 and p <= 1000 < 2^10 keep m * p below 2^63.
 * Other values (negative, -0, infinite, NaN, from 2^31 on) go to snprintf. */
void out_fixed(cli_out *o, double x, int decimals) {
    static const unsigned POW10[4] = {1, 10, 100, 1000};
    uint64_t bits;
    memcpy(&bits, &x, sizeof(bits));
    unsigned bexp = (unsigned)(bits >> 52) & 0x7FF;
    if (decimals < 0 || decimals > 3 || (bits >> 63) || bexp >= 1023 + 31) {
        char tmp[400];
        int n = snprintf(tmp, sizeof(tmp), "%.*f", decimals, x);
        if (n > 0) out_mem(o, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
        return;
    }
    uint64_t m = bits & ((1ull << 52) - 1);
    int e = bexp ? (int)bexp - 1075 : -1074;
    if (bexp) m |= 1ull << 52;
    unsigned p = POW10[decimals];
    uint64_t n = m * p, k;
    if (e >= 0) {
        k = n << e;                       /* x < 2^31: no overflow */
    } else if (e <= -64) {
        k = 0;                            /* m * p / 2^64 < 1/2 */
    } else {
        unsigned sh = (unsigned)-e;
        uint64_t rem = n & ((1ull << sh) - 1), half = 1ull << (sh - 1);
        k = n >> sh;
        if (rem > half || (rem == half && (k & 1))) k++;
    }
    out_uint(o, k / p);
    if (!decimals) return;
    char frac[4];
    unsigned f = (unsigned)(k % p);
    for (int i = decimals - 1; i >= 0; i--, f /= 10) frac[i] = (char)('0' + f % 10);
    out_char(o, '.');
    out_mem(o, frac, (size_t)decimals);
}

static const char HEX[] = "0123456789abcdef";

/* Escape e and its length: \x and two hex digits for byte c, or \u and
 * four for a code point below U+10000 (every hidden_control is). */
static size_t esc_x2(char e[4], unsigned c) {
    e[0] = '\\', e[1] = 'x', e[2] = HEX[(c >> 4) & 15], e[3] = HEX[c & 15];
    return 4;
}

static size_t esc_u4(char e[6], unsigned c) {
    e[0] = '\\', e[1] = 'u', e[2] = HEX[(c >> 12) & 15], e[3] = HEX[(c >> 8) & 15];
    e[4] = HEX[(c >> 4) & 15], e[5] = HEX[c & 15];
    return 6;
}

static void out_u4(cli_out *o, unsigned c) {
    char u[6];
    out_mem(o, u, esc_u4(u, c));
}

/* Whether one of the eight bytes of x needs a look (jo_str): a control
 * character, a quote, a backslash, DEL or a byte of a longer UTF-8
 * sequence: the bit tricks "any byte below n", "any byte above n" and
 * "any byte zero", each exact for whether there is one (a borrow or carry
 * starts only at a byte that is one). */
static int word_needs_look(uint64_t x) {
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\');
    uint64_t ctl = (x - ones * 0x20) & ~x & highs;      /* a byte below 0x20 */
    uint64_t big = ((x + ones * (127 - 0x7e)) | x) & highs; /* a byte above 0x7e */
    uint64_t quote = (q - ones) & ~q & highs, slash = (b - ones) & ~b & highs;
    return (ctl | big | quote | slash) != 0;
}

/* Writes s as a JSON string. Invalid UTF-8 (a rejected query echoed back)
 * becomes U+FFFD, so every line stays valid JSON; control characters,
 * C1 controls and bidirectional controls are escaped (\u001b, \u009b,
 * \u202e), so a JSON line shown on a terminal cannot drive it. */
void jo_str(cli_out *o, const char *s, size_t len) {
    out_char(o, '"');
    size_t plain = 0;                /* s[plain..i) goes out as it is, in one write */
    for (size_t i = 0; i < len; i++) {
        /* eight plain bytes at a time (most names are all plain) */
        while (len - i >= 8) {
            uint64_t x;
            memcpy(&x, s + i, 8);
            if (word_needs_look(x)) break;
            i += 8;
        }
        if (i >= len) break;
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') continue;
        if (c >= 0x80) {
            size_t n = utf8_seq((const unsigned char *)s + i, len - i);
            if (n && !hidden_control(code_point((const unsigned char *)s + i, n))) {
                i += n - 1;
                continue;
            }
            if (i > plain) out_mem(o, s + plain, i - plain);
            if (n == 0) {
                out_mem(o, "\\ufffd", 6);
            } else {
                out_u4(o, code_point((const unsigned char *)s + i, n));
                i += n - 1;
            }
            plain = i + 1;
            continue;
        }
        if (i > plain) out_mem(o, s + plain, i - plain);
        plain = i + 1;
        switch (c) {
        case '"': out_mem(o, "\\\"", 2); break;
        case '\\': out_mem(o, "\\\\", 2); break;
        case '\n': out_mem(o, "\\n", 2); break;
        case '\r': out_mem(o, "\\r", 2); break;
        case '\t': out_mem(o, "\\t", 2); break;
        default: out_u4(o, c);
        }
    }
    if (len > plain) out_mem(o, s + plain, len - plain);
    out_char(o, '"');
}

void json_str(FILE *f, const char *s, size_t len) {
    cli_out o;
    out_init(&o, f);
    jo_str(&o, s, len);
    out_flush(&o);
}

/* text_str, counting the characters written. Runs of characters shown as
 * they are go out in one fwrite, escapes without printf: a table of a
 * batch writes every listed name through here. */
static size_t text_write(FILE *f, const char *s, size_t len) {
    size_t shown = 0, plain = 0; /* s[plain..i) goes out as it is */
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7f) {
            shown++, i++;
            continue;
        }
        char esc[6];
        size_t el, n = 1;
        if (c >= 0x80 && (n = utf8_seq((const unsigned char *)s + i, len - i)) != 0) {
            unsigned cp = code_point((const unsigned char *)s + i, n);
            if (!hidden_control(cp)) {
                shown++, i += n;
                continue;
            }
            el = esc_u4(esc, cp);
        } else { /* a control character, or a byte that is not UTF-8 */
            n = 1;
            el = esc_x2(esc, c);
        }
        if (i > plain) fwrite(s + plain, 1, i - plain, f);
        fwrite(esc, 1, el, f);
        shown += el;
        i += n;
        plain = i;
    }
    if (len > plain) fwrite(s + plain, 1, len - plain, f);
    return shown;
}

void text_str(FILE *f, const char *s, size_t len) { (void)text_write(f, s, len); }

void text_pad(FILE *f, const char *s, size_t len, int width) {
    size_t shown = text_write(f, s, len);
    for (; (int)shown < width; shown++) fputc(' ', f);
}

void jo_member(cli_out *o, const char *key, const char *s, size_t len) {
    out_mem(o, ",\"", 2);
    out_str(o, key);
    out_mem(o, "\":", 2);
    if (s) jo_str(o, s, len);
    else out_mem(o, "null", 4);
}

void json_member(FILE *f, const char *key, const char *s, size_t len) {
    cli_out o;
    out_init(&o, f);
    jo_member(&o, key, s, len);
    out_flush(&o);
}

const char *cli_matcher_why(const embargo_matcher *m, embargo_status st) {
    const char *why = embargo_matcher_message(m);
    return why[0] ? why : embargo_strerror(st);
}

void jo_explanation(cli_out *o, const embargo_explanation *e, const char *extra) {
    out_str(o, "{\"pairs\":[");
    for (size_t i = 0; i < e->pair_count; i++) {
        const embargo_pair *p = &e->pairs[i];
        if (i) out_char(o, ',');
        out_str(o, "{\"query\":");
        if (p->query) jo_str(o, p->query, p->query_len);
        else out_mem(o, "null", 4);
        jo_member(o, "name", p->name, p->name_len);
        out_str(o, ",\"how\":\"");
        out_str(o, embargo_pair_kind_name(p->kind));
        out_str(o, "\",\"similarity\":");
        out_fixed(o, p->similarity, 2);
        out_str(o, ",\"weight\":");
        out_fixed(o, p->weight, 2);
        out_char(o, '}');
    }
    out_char(o, ']');
    int has = e->note && e->note[0], more = extra && extra[0];
    if (has || more) {
        char note[512];
        snprintf(note, sizeof(note), "%s%s%s", has ? e->note : "", has && more ? "; " : "",
                 more ? extra : "");
        jo_member(o, "note", note, strlen(note));
    }
    out_char(o, '}');
}

void json_explanation(FILE *f, const embargo_explanation *e, const char *extra) {
    cli_out o;
    out_init(&o, f);
    jo_explanation(&o, e, extra);
    out_flush(&o);
}

/* The next field of a kind of entity e at or after field *i; advances *i
 * past it. Returns 0 when there is none. */
static int next_field(const embargo_index *ix, const embargo_entity *e, embargo_field_kind kind,
                      uint32_t *i, embargo_field *fl) {
    while (*i < e->field_count)
        if (embargo_entity_field(ix, e, (*i)++, fl) == EMBARGO_OK && fl->kind == kind) return 1;
    return 0;
}

void jo_fields(cli_out *o, const embargo_index *ix, const embargo_entity *e, embargo_field_kind kind,
               const char *key, int always) {
    int n = 0;
    embargo_field fl;
    for (uint32_t i = 0; next_field(ix, e, kind, &i, &fl);) {
        if (n++) {
            out_char(o, ',');
        } else {
            out_mem(o, ",\"", 2);
            out_str(o, key);
            out_mem(o, "\":[", 3);
        }
        jo_str(o, fl.text, fl.len);
    }
    if (n) {
        out_char(o, ']');
    } else if (always) {
        out_mem(o, ",\"", 2);
        out_str(o, key);
        out_mem(o, "\":[]", 4);
    }
}

void json_fields(FILE *f, const embargo_index *ix, const embargo_entity *e, embargo_field_kind kind,
                 const char *key, int always) {
    cli_out o;
    out_init(&o, f);
    jo_fields(&o, ix, e, kind, key, always);
    out_flush(&o);
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

void jo_dataset_jurisdictions(cli_out *o, const embargo_index *ix, const embargo_entity *e) {
    const char *jur[32];
    size_t nj = dataset_jurisdictions(ix, e, jur, 32);
    for (size_t k = 0; k < nj; k++) {
        out_str(o, k ? "," : ",\"dataset_jurisdictions\":[");
        jo_str(o, jur[k], strlen(jur[k]));
    }
    if (nj) out_char(o, ']');
}

void json_dataset_jurisdictions(FILE *f, const embargo_index *ix, const embargo_entity *e) {
    cli_out o;
    out_init(&o, f);
    jo_dataset_jurisdictions(&o, ix, e);
    out_flush(&o);
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

void jo_listed_by(cli_out *o, const embargo_index *ix, const embargo_entity *e) {
    uint32_t members[CLI_GROUP_MAX];
    size_t n = embargo_index_group(ix, e->index, members, CLI_GROUP_MAX);
    out_str(o, ",\"listed_by\":[");
    for (size_t i = 0; i < n; i++) {
        embargo_entity m;
        if (embargo_index_entity(ix, members[i], &m)) continue;
        const char *jur = embargo_list_jurisdiction(m.list);
        size_t sl = 0;
        const char *since = cli_first_field(ix, &m, EMBARGO_FIELD_LISTED_ON, &sl);
        out_str(o, i ? ",{\"jurisdiction\":" : "{\"jurisdiction\":");
        jo_str(o, jur, strlen(jur));
        jo_member(o, "list", m.list, strlen(m.list));
        jo_member(o, "id", m.id, m.id_len);
        jo_member(o, "since", since, sl);
        jo_dataset_jurisdictions(o, ix, &m);
        char why[200];
        embargo_entity v;
        if (cli_grouped_with(ix, m.index, &v, why, sizeof(why))) {
            jo_member(o, "grouped_with", v.id, v.id_len);
            jo_member(o, "grouped_on", why, strlen(why));
        }
        out_char(o, '}');
    }
    out_char(o, ']');
}

void json_listed_by(FILE *f, const embargo_index *ix, const embargo_entity *e) {
    cli_out o;
    out_init(&o, f);
    jo_listed_by(&o, ix, e);
    out_flush(&o);
}

void jo_entity_open(cli_out *o, const embargo_entity *e) {
    const char *jur = embargo_list_jurisdiction(e->list);
    out_str(o, "{\"id\":");
    jo_str(o, e->id, e->id_len);
    jo_member(o, "list", e->list, strlen(e->list));
    jo_member(o, "jurisdiction", jur, strlen(jur));
    jo_member(o, "name", e->name, e->name_len);
}

void json_entity_open(FILE *f, const embargo_entity *e) {
    cli_out o;
    out_init(&o, f);
    jo_entity_open(&o, e);
    out_flush(&o);
}

void text_entity(FILE *f, double score, const embargo_entity *e) {
    fprintf(f, "  %.3f  ", score);
    text_pad(f, e->id, e->id_len, 18);
    fprintf(f, " %-12s ", embargo_type_name(e->type));
    text_str(f, e->name, e->name_len);
}

void jo_match(cli_out *o, const embargo_index *ix, const embargo_match *m, const char *extra) {
    const embargo_entity *e = &m->entity;
    embargo_name nm;
    jo_entity_open(o, e);
    jo_member(o, "matched_name", m->matched_name, m->matched_name_len);
    if (embargo_entity_name(ix, e, m->name_index, &nm) == EMBARGO_OK) {
        out_str(o, ",\"matched_name_kind\":\"");
        out_str(o, embargo_name_kind_name(nm.kind));
        out_char(o, '"');
        if (nm.weak) out_str(o, ",\"weak_alias\":true");
        if (nm.derived) out_str(o, ",\"derived_name\":true");
    }
    out_str(o, ",\"type\":\"");
    out_str(o, embargo_type_name(e->type));
    out_str(o, "\",\"score\":");
    out_fixed(o, m->score, 3);
    jo_fields(o, ix, e, EMBARGO_FIELD_PROGRAM, "programs", 1);
    jo_listed_by(o, ix, e);
    jo_fields(o, ix, e, EMBARGO_FIELD_BIRTH_DATE, "birth_dates", 0);
    jo_fields(o, ix, e, EMBARGO_FIELD_NATIONALITY, "nationalities", 0);
    out_str(o, ",\"explanation\":");
    jo_explanation(o, &m->explanation, extra);
    out_char(o, '}');
}

void json_match(FILE *f, const embargo_index *ix, const embargo_match *m, const char *extra) {
    cli_out o;
    out_init(&o, f);
    jo_match(&o, ix, m, extra);
    out_flush(&o);
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
