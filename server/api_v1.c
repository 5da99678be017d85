/*
 * api_v1.c - the server's own API: the CLI's JSON objects over HTTP.
 *
 *   GET  /v1/screen?name=&type=&dob=&country=&threshold=&limit=&lists=
 *        one name; the object `embargo screen --json` prints
 *   POST /v1/screen   a JSON array, or JSON Lines, of records: a name as a
 *        string, or {"name", "type", "dob", "country", "threshold",
 *        "limit", "lists", "id"}; the answers in the same order and form
 *        (an array for an array, lines for lines). A record the matcher
 *        refuses (empty, too long, control characters, a bad date) gets an
 *        error record of its own, as in `screen --batch`; a body that is
 *        not such records is refused whole (400).
 *   POST /v1/scan     a text/plain or text/html document; `scan --json`'s object
 *   GET  /v1/who?name=&threshold=   `who --json`'s object
 *   GET  /v1/entities/{id}          everything the index holds on one entity
 *   GET  /v1/info     `info --json`'s object, with list versions and the index's age
 */
#include "api.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* The screening options of the query string (GET, and the defaults of a
 * POST batch). Returns -1 with 400 filled. */
static int query_options(srv_call *c, embargo_screen_options *o, int with_evidence) {
    double v;
    int r;
    if ((r = srv_param_number(c, "threshold", 0, 1, &v)) < 0) return -1;
    if (r) o->threshold = v;
    if ((r = srv_param_number(c, "limit", 1, 1000, &v)) < 0) return -1;
    if (r && v != floor(v)) return srv_fail(c, 400, "bad_parameter", "parameter 'limit' takes a whole number");
    if (r) o->limit = (uint32_t)v;
    for (size_t i = 0; i < c->np; i++)
        if (!strcmp(c->p[i].key, "type") && srv_type_words(c, "type", c->p[i].val, c->p[i].vlen, &o->type_mask))
            return -1;
    const char *s;
    if ((r = srv_param_one(c, "lists", &s, NULL)) < 0) return -1;
    if (r && srv_list_mask(c, "lists", s, &o->list_mask)) return -1;
    if (!with_evidence) return 0;
    if ((r = srv_param_one(c, "dob", &s, NULL)) < 0) return -1;
    if (r) o->birth_date = s;
    if ((r = srv_param_one(c, "country", &s, NULL)) < 0) return -1;
    if (r) o->country = s;
    return 0;
}

/* {"query":..,"matches":[..]}, as `screen --json` (with "id" when given),
 * through a cli_out: one write to the body stream per 4 KB, numbers
 * without printf. */
static void write_matches(srv_call *c, FILE *f, const char *q, size_t qlen, const json_t *id,
                          const embargo_match *mm, size_t n) {
    cli_out o;
    out_init(&o, f);
    out_str(&o, "{\"query\":");
    jo_str(&o, q, qlen);
    if (id) {
        out_str(&o, ",\"id\":");
        out_flush(&o);
        srv_json_dump(f, id);
    }
    out_str(&o, ",\"screened_against\":\"");
    out_str(&o, c->d->screened_against);
    out_str(&o, "\",\"matches\":[");
    for (size_t i = 0; i < n; i++) {
        if (i) out_char(&o, ',');
        jo_match(&o, c->ix, &mm[i], NULL);
    }
    out_mem(&o, "]}", 2);
    out_flush(&o);
}

void srv_v1_screen_get(srv_call *c) {
    static const char *const allowed[] = {"name", "type", "dob", "country", "threshold", "limit", "lists", NULL};
    if (srv_params_allow(c, allowed)) return;
    const char *name;
    size_t nlen;
    if (srv_param_needed(c, "name", &name, &nlen)) return;
    embargo_screen_options o;
    embargo_screen_options_init(&o);
    if (query_options(c, &o, 1)) return;
    const embargo_match *mm;
    size_t n;
    if (srv_screen(c, name, nlen, &o, &mm, &n)) return;
    FILE *f = srv_begin(c, 200, "application/json");
    write_matches(c, f, name, nlen, NULL, mm, n);
    fputc('\n', f);
}

/* ---- POST /v1/screen -------------------------------------------------------------------- */

/* Reads one record into options and a name; 400 (naming the record) on a
 * structural problem. */
static int record_read(srv_call *c, size_t i, json_t *rec, const embargo_screen_options *base,
                       embargo_screen_options *o, const char **name, size_t *nlen, json_t **id) {
    *o = *base;
    *id = NULL;
    if (json_is_string(rec)) {
        *name = json_string_value(rec);
        *nlen = json_string_length(rec);
        return 0;
    }
    if (!json_is_object(rec))
        return srv_fail(c, 400, "bad_record", "record %zu: a name (string) or an object with \"name\"", i + 1);
    const char *key;
    json_t *v;
    *name = NULL;
    int typed = 0;
    json_object_foreach(rec, key, v) {
        if (!strcmp(key, "name")) {
            if (!json_is_string(v)) return srv_fail(c, 400, "bad_record", "record %zu: \"name\" must be a string", i + 1);
            *name = json_string_value(v);
            *nlen = json_string_length(v);
        } else if (!strcmp(key, "type")) {
            if (!typed) o->type_mask = 0;
            typed = 1;
            if (json_is_string(v)) {
                if (srv_type_words(c, "type", json_string_value(v), json_string_length(v), &o->type_mask)) return -1;
            } else if (json_is_array(v)) {
                size_t k;
                json_t *t;
                json_array_foreach(v, k, t) {
                    if (!json_is_string(t))
                        return srv_fail(c, 400, "bad_record", "record %zu: \"type\" holds strings", i + 1);
                    if (srv_type_words(c, "type", json_string_value(t), json_string_length(t), &o->type_mask))
                        return -1;
                }
            } else {
                return srv_fail(c, 400, "bad_record", "record %zu: \"type\" must be a string or an array", i + 1);
            }
        } else if (!strcmp(key, "dob") || !strcmp(key, "country") || !strcmp(key, "lists")) {
            if (json_is_null(v)) continue;
            if (!json_is_string(v)) return srv_fail(c, 400, "bad_record", "record %zu: \"%s\" must be a string", i + 1, key);
            if (key[0] == 'd') o->birth_date = json_string_value(v);
            else if (key[0] == 'c') o->country = json_string_value(v);
            else if (srv_list_mask(c, "lists", json_string_value(v), &o->list_mask)) return -1;
        } else if (!strcmp(key, "threshold")) {
            double t = json_number_value(v);
            if (!json_is_number(v) || !(t >= 0 && t <= 1))
                return srv_fail(c, 400, "bad_record", "record %zu: \"threshold\" must be a number from 0 to 1", i + 1);
            o->threshold = t;
        } else if (!strcmp(key, "limit")) {
            if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 1000)
                return srv_fail(c, 400, "bad_record", "record %zu: \"limit\" must be a whole number from 1 to 1000", i + 1);
            o->limit = (uint32_t)json_integer_value(v);
        } else if (!strcmp(key, "id")) {
            if (!json_is_string(v) && !json_is_integer(v))
                return srv_fail(c, 400, "bad_record", "record %zu: \"id\" must be a string or a whole number", i + 1);
            *id = v;
        } else {
            return srv_fail(c, 400, "unknown_parameter",
                            "record %zu: unknown member \"%.60s\" (name, type, dob, country, threshold, limit, lists, id)",
                            i + 1, key);
        }
    }
    if (!*name) return srv_fail(c, 400, "bad_record", "record %zu: \"name\" is needed", i + 1);
    return 0;
}

/* The records of a JSON Lines body, parsed; NULL with 400/413 filled. */
static json_t *json_lines(srv_call *c, const char *b, size_t len) {
    json_t *all = json_array();
    if (!all) {
        srv_fail(c, 500, "internal", "out of memory");
        return NULL;
    }
    size_t at = 0, lineno = 0;
    while (at < len) {
        const char *nl = memchr(b + at, '\n', len - at);
        size_t n = nl ? (size_t)(nl - (b + at)) : len - at;
        const char *s = b + at;
        at += n + 1;
        lineno++;
        size_t k = 0;
        while (k < n && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r')) k++;
        if (k == n) continue;
        if (json_array_size(all) == c->s->cfg.max_batch) {
            json_decref(all);
            srv_fail(c, 413, "payload_too_large", "more than %u records in a batch", c->s->cfg.max_batch);
            return NULL;
        }
        json_error_t e;
        json_t *v = json_loadb(s, n, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &e);
        if (!v) {
            json_decref(all);
            srv_fail(c, 400, "invalid_json", "line %zu, column %d: %s", lineno, e.column, e.text);
            return NULL;
        }
        json_array_append_new(all, v);
    }
    return all;
}

void srv_v1_screen_post(srv_call *c) {
    static const char *const allowed[] = {"type", "threshold", "limit", "lists", NULL};
    if (srv_params_allow(c, allowed)) return;
    embargo_screen_options base;
    embargo_screen_options_init(&base);
    if (query_options(c, &base, 0)) return;
    const char *b = c->rq->body ? c->rq->body : "";
    size_t len = c->rq->body_len;
    if (!srv_utf8_valid(b, len)) {
        srv_fail(c, 400, "invalid_utf8", "the body is not valid UTF-8");
        return;
    }
    size_t k = 0;
    while (k < len && (b[k] == ' ' || b[k] == '\t' || b[k] == '\r' || b[k] == '\n')) k++;
    int array = k < len && b[k] == '[';
    json_t *recs = array ? srv_json_body(c, b, len, "the body") : json_lines(c, b, len);
    if (!recs) return;
    if (!json_is_array(recs)) {
        json_decref(recs);
        srv_fail(c, 400, "bad_request", "the body is a JSON array of records, or JSON Lines");
        return;
    }
    size_t n = json_array_size(recs);
    if (n > c->s->cfg.max_batch) {
        json_decref(recs);
        srv_fail(c, 413, "payload_too_large", "%zu records; a batch holds at most %u", n, c->s->cfg.max_batch);
        return;
    }
    if (n == 0) {
        json_decref(recs);
        srv_fail(c, 400, "bad_request", "no record to screen");
        return;
    }
    embargo_matcher *m = srv_matcher(c);
    if (!m) {
        json_decref(recs);
        return;
    }
    FILE *f = srv_begin(c, 200, array ? "application/json" : "application/x-ndjson");
    if (array) fputc('[', f);
    for (size_t i = 0; i < n; i++) {
        embargo_screen_options o;
        const char *name = NULL;
        size_t nlen = 0;
        json_t *id = NULL;
        if (record_read(c, i, json_array_get(recs, i), &base, &o, &name, &nlen, &id)) break;
        const embargo_match *mm;
        size_t cnt;
        embargo_status st = embargo_matcher_screen(m, name, nlen, &o, &mm, &cnt);
        if (i && array) fputs(",\n", f);
        if (st == EMBARGO_EQUERY) {        /* this record only, as screen --batch */
            const char *why = embargo_matcher_message(m);
            fputs("{\"query\":", f);
            json_str(f, name, nlen > 256 ? 256 : nlen);
            if (id) {
                fputs(",\"id\":", f);
                srv_json_dump(f, id);
            }
            fputs(",\"error\":{\"code\":\"bad_query\",\"message\":", f);
            json_str(f, why, strlen(why));
            fputs("}}", f);
        } else if (st) {
            srv_screen_failed(c, st);
            break;
        } else {
            write_matches(c, f, name, nlen, id, mm, cnt);
        }
        if (!array) fputc('\n', f);
    }
    if (array && c->rs->status == 200) fputs("]\n", f);
    json_decref(recs);
}

/* ---- POST /v1/scan -------------------------------------------------------------------------- */

typedef struct mentions {
    embargo_mention *v;
    size_t n, cap;
    char *text;              /* the mentions' texts, one after another */
    size_t tlen, tcap;
    int oom;
} mentions;

static int collect(void *ctx, const embargo_mention *m) {
    mentions *d = ctx;
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 32;
        embargo_mention *v = realloc(d->v, cap * sizeof(*v));
        if (!v) return d->oom = 1;
        d->v = v;
        d->cap = cap;
    }
    if (d->tlen + m->len > d->tcap) {
        size_t cap = d->tcap ? d->tcap * 2 : 1024;
        while (cap < d->tlen + m->len) cap *= 2;
        char *t = realloc(d->text, cap);
        if (!t) return d->oom = 1;
        d->text = t;
        d->tcap = cap;
    }
    memcpy(d->text + d->tlen, m->text, m->len);
    d->v[d->n] = *m;
    d->v[d->n].text = NULL;          /* HTML text lives in the scanner: copied to d->text, in order */
    d->n++;
    d->tlen += m->len;
    return 0;
}

void srv_v1_scan(srv_call *c) {
    static const char *const allowed[] = {"threshold", "type", "lists", "date", NULL};
    if (srv_params_allow(c, allowed)) return;
    embargo_scan_options o;
    embargo_scan_options_init(&o);
    double v;
    int r, custom = 0;
    if ((r = srv_param_number(c, "threshold", 0, 1, &v)) < 0) return;
    if (r) o.threshold = v, custom = 1;
    for (size_t i = 0; i < c->np; i++)
        if (!strcmp(c->p[i].key, "type")) {
            if (srv_type_words(c, "type", c->p[i].val, c->p[i].vlen, &o.type_mask)) return;
            custom = 1;
        }
    const char *s;
    if ((r = srv_param_one(c, "lists", &s, NULL)) < 0) return;
    if (r && srv_list_mask(c, "lists", s, &o.list_mask)) return;
    custom |= r;
    if ((r = srv_param_one(c, "date", &s, NULL)) < 0) return;
    if (r) o.date = s, custom = 1;
    const char *doc = c->rq->body ? c->rq->body : "";
    size_t len = c->rq->body_len;
    if (!srv_utf8_valid(doc, len)) {
        srv_fail(c, 400, "invalid_utf8", "the document is not valid UTF-8");
        return;
    }
    if (memchr(doc, '\0', len)) {
        srv_fail(c, 400, "bad_request", "the document holds a NUL byte");
        return;
    }
    int html;
    const char *ct = c->rq->content_type;
    if (ct && *ct) {
        size_t k = 0;
        while (ct[k] == ' ') k++;
        html = !strncasecmp(ct + k, "text/html", 9);
    } else {
        html = embargo_looks_like_html(doc, len);
    }
    o.html = html;
    embargo_scanner *sc = NULL, *own = NULL;
    if (custom) {
        if (embargo_scanner_new(c->ix, &o, &own) != EMBARGO_OK) {
            srv_fail(c, 500, "internal", "cannot make a scanner: out of memory");
            return;
        }
        sc = own;
    } else if (!(sc = srv_scanner(c, html))) {
        return;
    }
    mentions d;
    memset(&d, 0, sizeof(d));
    embargo_status st = embargo_scanner_scan(sc, doc, len, collect, &d);
    if (st || d.oom) {
        srv_fail(c, 500, "internal", "%s", st ? embargo_strerror(st) : "out of memory");
    } else {
        const embargo_scan_hit *hits;
        size_t nhits;
        embargo_scanner_hits(sc, &hits, &nhits);
        FILE *f = srv_begin(c, 200, "application/json");
        fprintf(f, "{\"screened_against\":\"%s\",\"entities\":[", c->d->screened_against);
        for (size_t i = 0; i < nhits; i++) {
            const embargo_scan_hit *h = &hits[i];
            if (i) fputc(',', f);
            json_entity_open(f, &h->entity);
            fprintf(f, ",\"type\":\"%s\",\"score\":%.3f,\"mentions\":%u", embargo_type_name(h->entity.type), h->score,
                    h->mentions);
            json_fields(f, c->ix, &h->entity, EMBARGO_FIELD_PROGRAM, "programs", 1);
            json_listed_by(f, c->ix, &h->entity);
            if (h->evidence && h->evidence[0]) json_member(f, "evidence", h->evidence, strlen(h->evidence));
            fputc('}', f);
        }
        fputs("],\"mentions\":[", f);
        size_t t = 0;
        for (size_t i = 0; i < d.n; i++) {
            const embargo_mention *m = &d.v[i];
            if (i) fputc(',', f);
            fputs("{\"entity\":", f);
            json_str(f, m->entity.id, m->entity.id_len);
            fprintf(f, ",\"start\":%llu,\"end\":%llu,\"char_start\":%llu,\"char_end\":%llu,\"text\":",
                    (unsigned long long)m->start, (unsigned long long)m->end, (unsigned long long)m->char_start,
                    (unsigned long long)m->char_end);
            json_str(f, d.text + t, m->len);
            t += m->len;
            fprintf(f, ",\"score\":%.3f", m->score);
            json_member(f, "matched_name", m->matched_name, m->matched_name_len);
            if (m->matched_entity.index != m->entity.index)
                json_member(f, "matched_entity", m->matched_entity.id, m->matched_entity.id_len);
            json_member(f, "how", m->how, strlen(m->how));
            fputc('}', f);
        }
        fputs("]}\n", f);
    }
    free(d.v);
    free(d.text);
    embargo_scanner_free(own);
}

/* ---- GET /v1/who ------------------------------------------------------------------------------ */

/* One list's line of `who --json`: the list names the person as `hit`, or
 * (hit NULL) does not. */
static void who_list(srv_call *c, FILE *f, const embargo_list_info *li, const embargo_entity *hit,
                     const embargo_match *mm, size_t n, int first) {
    const embargo_match *scored = NULL;
    for (size_t i = 0; i < n && !scored; i++)
        if (!strcmp(mm[i].entity.list, li->name) && (!hit || mm[i].entity.index == hit->index)) scored = &mm[i];
    char why[200] = "";
    embargo_entity v;
    if (hit && cli_grouped_with(c->ix, hit->index, &v, why, sizeof(why)))
        snprintf(why + strlen(why), sizeof(why) - strlen(why), " (with %.*s)", (int)v.id_len, v.id);
    const char *jur = embargo_list_jurisdiction(li->name);
    fputs(first ? "{\"list\":" : ",{\"list\":", f);
    json_str(f, li->name, strlen(li->name));
    json_member(f, "jurisdiction", jur, strlen(jur));
    fprintf(f, ",\"listed\":%s", hit ? "true" : "false");
    if (hit) {
        size_t sl = 0;
        const char *since = cli_first_field(c->ix, hit, EMBARGO_FIELD_LISTED_ON, &sl);
        json_member(f, "id", hit->id, hit->id_len);
        json_member(f, "name", hit->name, hit->name_len);
        json_fields(f, c->ix, hit, EMBARGO_FIELD_PROGRAM, "programs", 1);
        json_member(f, "since", since, sl);
        json_dataset_jurisdictions(f, c->ix, hit);
        if (scored) fprintf(f, ",\"score\":%.3f", scored->score);
        json_member(f, "grouped_on", why[0] ? why : NULL, strlen(why));
    }
    json_member(f, "list_date", li->date, strlen(li->date));
    const char *sha = cli_list_sha256(li);
    json_member(f, "list_sha256", sha[0] ? sha : NULL, strlen(sha));
    fputc('}', f);
}

void srv_v1_who(srv_call *c) {
    static const char *const allowed[] = {"name", "threshold", NULL};
    if (srv_params_allow(c, allowed)) return;
    const char *name;
    size_t nlen;
    if (srv_param_needed(c, "name", &name, &nlen)) return;
    embargo_screen_options o;
    embargo_screen_options_init(&o);
    double v;
    int r;
    if ((r = srv_param_number(c, "threshold", 0, 1, &v)) < 0) return;
    if (r) o.threshold = v;
    o.limit = 50;
    const embargo_match *mm;
    size_t n;
    if (srv_screen(c, name, nlen, &o, &mm, &n)) return;
    uint32_t group[CLI_GROUP_MAX];
    size_t ng = n ? embargo_index_group(c->ix, mm[0].entity.index, group, CLI_GROUP_MAX) : 0;
    FILE *f = srv_begin(c, 200, "application/json");
    fputs("{\"query\":", f);
    json_str(f, name, nlen);
    fprintf(f, ",\"screened_against\":\"%s\",\"lists\":[", c->d->screened_against);
    int first = 1;
    for (uint32_t l = 0; l < c->d->info.lists; l++) {
        embargo_list_info li;
        if (embargo_index_list(c->ix, l, &li)) continue;
        int shown = 0;
        for (size_t g = 0; g < ng; g++) {
            embargo_entity hit;
            if (embargo_index_entity(c->ix, group[g], &hit) || strcmp(hit.list, li.name)) continue;
            who_list(c, f, &li, &hit, mm, n, first);
            first = 0;
            shown++;
        }
        if (!shown) {
            who_list(c, f, &li, NULL, mm, n, first);
            first = 0;
        }
    }
    fputs("]}\n", f);
}

/* ---- GET /v1/entities/{id} -------------------------------------------------------------------- */

void srv_v1_entity(srv_call *c) {
    if (srv_params_allow(c, (const char *const[]){NULL})) return;
    embargo_entity e;
    if (embargo_index_find(c->ix, c->arg, c->arg_len, &e) != EMBARGO_OK) {
        srv_fail(c, 404, "not_found", "no entity '%.200s' in this index", c->arg);
        return;
    }
    FILE *f = srv_begin(c, 200, "application/json");
    json_entity_open(f, &e);
    fprintf(f, ",\"type\":\"%s\",\"names\":[", embargo_type_name(e.type));
    for (uint32_t i = 0; i < e.name_count; i++) {
        embargo_name nm;
        if (embargo_entity_name(c->ix, &e, i, &nm)) continue;
        fputs(i ? ",{\"name\":" : "{\"name\":", f);
        json_str(f, nm.text, nm.len);
        fprintf(f, ",\"kind\":\"%s\"%s%s}", embargo_name_kind_name(nm.kind), nm.weak ? ",\"weak\":true" : "",
                nm.derived ? ",\"derived\":true" : "");
    }
    fputs("],\"fields\":[", f);
    int k = 0;
    for (uint32_t i = 0; i < e.field_count; i++) {
        embargo_field fl;
        if (embargo_entity_field(c->ix, &e, i, &fl)) continue;
        fprintf(f, "%s{\"kind\":\"%s\",\"value\":", k++ ? "," : "", embargo_field_kind_name(fl.kind));
        json_str(f, fl.text, fl.len);
        fputc('}', f);
    }
    fputc(']', f);
    json_fields(f, c->ix, &e, EMBARGO_FIELD_PROGRAM, "programs", 1);
    json_fields(f, c->ix, &e, EMBARGO_FIELD_BIRTH_DATE, "birth_dates", 1);
    json_fields(f, c->ix, &e, EMBARGO_FIELD_NATIONALITY, "nationalities", 1);
    json_fields(f, c->ix, &e, EMBARGO_FIELD_CITIZENSHIP, "citizenships", 1);
    json_fields(f, c->ix, &e, EMBARGO_FIELD_ID_DOCUMENT, "id_documents", 1);
    json_listed_by(f, c->ix, &e);
    json_dataset_jurisdictions(f, c->ix, &e);
    for (uint32_t l = 0; l < c->d->info.lists; l++) {
        embargo_list_info li;
        if (embargo_index_list(c->ix, l, &li) || strcmp(li.name, e.list)) continue;
        const char *sha = cli_list_sha256(&li);
        fputs(",\"list_version\":{\"name\":", f);
        json_str(f, li.name, strlen(li.name));
        json_member(f, "date", li.date[0] ? li.date : NULL, strlen(li.date));
        json_member(f, "sha256", sha[0] ? sha : NULL, strlen(sha));
        fputc('}', f);
        break;
    }
    fprintf(f, ",\"screened_against\":\"%s\"}\n", c->d->screened_against);
}

/* ---- GET /v1/info ---------------------------------------------------------------------------------- */

void srv_v1_info(srv_call *c) {
    if (srv_params_allow(c, (const char *const[]){NULL})) return;
    const srv_data *d = c->d;
    char built[32], loaded[32];
    srv_iso_time(built, sizeof(built), (double)d->info.built_at);
    srv_iso_time(loaded, sizeof(loaded), d->loaded_at);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    FILE *f = srv_begin(c, 200, "application/json");
    fprintf(f,
            "{\"format_version\":%u,\"built_at\":\"%s\",\"entities\":%u,\"names\":%u,\"tokens\":%u,\"bytes\":%llu,"
            "\"groups\":%u,\"grouped_entities\":%u,\"index_age_seconds\":%lld,\"loaded_at\":\"%s\","
            "\"load_ms\":%.1f,\"generation\":%llu,\"version\":\"%s\"",
            d->info.format_version, built, d->info.entities, d->info.names, d->info.tokens,
            (unsigned long long)d->info.bytes, d->groups, d->grouped,
            (long long)ts.tv_sec - (long long)d->info.built_at, loaded, d->load_ms,
            (unsigned long long)d->generation, embargo_version());
    json_member(f, "source", d->source, strlen(d->source));
    fputs(",\"lists\":[", f);
    for (uint32_t i = 0; i < d->info.lists; i++) {
        embargo_list_info l;
        if (embargo_index_list(c->ix, i, &l)) continue;
        const char *jur = embargo_list_jurisdiction(l.name), *sha = cli_list_sha256(&l);
        fputs(i ? ",{\"name\":" : "{\"name\":", f);
        json_str(f, l.name, strlen(l.name));
        json_member(f, "source", l.source, strlen(l.source));
        json_member(f, "date", l.date, strlen(l.date));
        json_member(f, "sha256", sha[0] ? sha : NULL, strlen(sha));
        fprintf(f, ",\"entities\":%u", l.entities);
        json_member(f, "jurisdiction", jur, strlen(jur));
        fputc('}', f);
    }
    fprintf(f, "],\"screened_against\":\"%s\"}\n", d->screened_against);
}
