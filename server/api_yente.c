/*
 * api_yente.c - OpenSanctions yente's API, so that a yente client works
 * against embargo unchanged.
 *
 * Shapes follow yente's published models (yente/data/common.py, its
 * routers and OpenAPI description) field by field:
 *
 *   POST /match/{dataset}   EntityMatchQuery {"queries":{KEY:{"schema","properties",
 *        "id"}},"weights","config"} -> EntityMatchResponse {"responses":{KEY:
 *        {"status","results":[ScoredEntityResponse],"total":{"value","relation"},
 *        "query"}},"limit"}
 *   GET  /search/{dataset}?q=  -> SearchResponse {"limit","offset","total",
 *        "results":[EntityResponse],"facets"}
 *   GET  /entities/{id}     -> EntityResponse {"id","caption","schema","properties",
 *        "datasets","referents","target","first_seen","last_seen","last_change"}
 *   GET  /catalog           -> DataCatalogModel {"datasets","current","outdated","index_stale"}
 *
 * A scored result carries "score", "match" (score >= threshold) and both
 * forms of the score's make-up yente has used: "features" ({name: score},
 * older clients) and "explanations" ({name: {"score","detail"}}, newer).
 * Datasets are the index's lists (ofac-sdn, uk, ...) and their
 * jurisdictions (US, UK, ...); "default" (yente's usual name) and
 * "sanctions" mean all of them. The entries of other lists grouped with an
 * entity (the same person, on evidence beyond the name) are its
 * "referents", as yente lists the source records it merged.
 *
 * Where embargo differs, it says so rather than pretend: the scoring
 * algorithm is embargo's whatever `algorithm` names; `threshold` defaults
 * to embargo's measured 0.80 (yente: 0.7 on its own scale) and `cutoff`
 * to 0.5 as in yente; filters embargo cannot apply (countries, sort,
 * changed_since, property filters) are refused with 400, never ignored;
 * query properties beyond the names, birth date and nationality are read
 * as yente's schema allows and not scored; errors carry yente's "detail"
 * next to embargo's {"error":{"code","message"}}.
 */
#include "api.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { MAX_RESULTS = 48, MAX_NAMES = 20 };

/* FtM properties of an entity, from embargo's field kinds. */
static const struct {
    const char *prop;
    embargo_field_kind kind;
} PROPS[] = {
    {"birthDate", EMBARGO_FIELD_BIRTH_DATE},   {"birthPlace", EMBARGO_FIELD_BIRTH_PLACE},
    {"nationality", EMBARGO_FIELD_NATIONALITY}, {"citizenship", EMBARGO_FIELD_CITIZENSHIP},
    {"gender", EMBARGO_FIELD_GENDER},           {"title", EMBARGO_FIELD_TITLE},
    {"country", EMBARGO_FIELD_COUNTRY},         {"address", EMBARGO_FIELD_ADDRESS},
    {"idNumber", EMBARGO_FIELD_ID_DOCUMENT},    {"programId", EMBARGO_FIELD_PROGRAM},
    {"callSign", EMBARGO_FIELD_VESSEL_CALL_SIGN}, {"type", EMBARGO_FIELD_VESSEL_TYPE},
    {"tonnage", EMBARGO_FIELD_VESSEL_TONNAGE},  {"grossRegisteredTonnage", EMBARGO_FIELD_VESSEL_GRT},
    {"flag", EMBARGO_FIELD_VESSEL_FLAG},        {"email", EMBARGO_FIELD_EMAIL},
    {"website", EMBARGO_FIELD_WEBSITE},         {"phone", EMBARGO_FIELD_PHONE},
    {"notes", EMBARGO_FIELD_REMARKS},
};

/* Query properties yente's schemata define (Thing, LegalEntity, Person,
 * Organization, Company, Vessel, Airplane): accepted; the names, birth date
 * and countries are used. Anything else is refused, as yente refuses a
 * property its schema lacks. */
static const char *const KNOWN_PROPS[] = {
    "name", "alias", "weakAlias", "previousName", "firstName", "secondName", "middleName", "fatherName",
    "motherName", "lastName", "nameSuffix", "title", "birthDate", "birthPlace", "birthCountry", "deathDate",
    "nationality", "citizenship", "country", "jurisdiction", "mainCountry", "gender", "position", "address",
    "email", "phone", "website", "idNumber", "passportNumber", "socialSecurityNumber", "taxNumber",
    "registrationNumber", "vatCode", "leiCode", "innCode", "ogrnCode", "okpoCode", "dunsCode", "swiftBic",
    "permId", "uniqueEntityId", "incorporationDate", "dissolutionDate", "legalForm", "status", "sector",
    "classification", "summary", "description", "notes", "topics", "program", "programId", "sourceUrl",
    "keywords", "wikidataId", "imoNumber", "mmsi", "callSign", "flag", "tonnage", "grossRegisteredTonnage",
    "type", "model", "buildDate", "owner", "operator", "serialNumber", "icaoCode", "manufacturer",
    "ethnicity", "religion", "education", "createdAt", "modifiedAt", NULL};

static const char *schema_of(embargo_entity_type t) {
    switch (t) {
    case EMBARGO_TYPE_PERSON: return "Person";
    case EMBARGO_TYPE_ORGANIZATION: return "Organization";
    case EMBARGO_TYPE_VESSEL: return "Vessel";
    case EMBARGO_TYPE_AIRCRAFT: return "Airplane";
    default: return "LegalEntity";
    }
}

/* The entity types a schema covers (a mask, 0 = all); -1 if unknown. */
static long schema_mask(const char *s) {
    uint32_t P = 1u << EMBARGO_TYPE_PERSON, O = 1u << EMBARGO_TYPE_ORGANIZATION;
    if (!strcmp(s, "Person")) return P;
    if (!strcmp(s, "Organization") || !strcmp(s, "Company") || !strcmp(s, "PublicBody")) return O;
    if (!strcmp(s, "LegalEntity")) return P | O | (1u << EMBARGO_TYPE_UNKNOWN);
    if (!strcmp(s, "Vessel")) return 1u << EMBARGO_TYPE_VESSEL;
    if (!strcmp(s, "Airplane")) return 1u << EMBARGO_TYPE_AIRCRAFT;
    if (!strcmp(s, "Thing")) return 0;
    return -1;
}

/* The lists a dataset name selects (mask 0 = all); 404 if none. */
static int dataset(srv_call *c, const char *name, uint64_t *mask) {
    *mask = 0;
    if (!strcmp(name, "default") || !strcmp(name, "sanctions") || !strcmp(name, "all")) return 0;
    if (embargo_index_list_mask(c->ix, name, mask, NULL) == EMBARGO_OK) return 0;
    return srv_fail(c, 404, "not_found", "Dataset not found: %.100s (see /catalog)", name);
}

/* Applies repeated include_dataset / exclude_dataset parameters. */
static int dataset_filters(srv_call *c, uint64_t *mask) {
    uint64_t all = c->d->info.lists >= 64 ? ~0ull : ((1ull << c->d->info.lists) - 1);
    uint64_t m = *mask ? *mask : all, inc = 0;
    int any_inc = 0;
    for (size_t i = 0; i < c->np; i++) {
        int in = !strcmp(c->p[i].key, "include_dataset"), ex = !strcmp(c->p[i].key, "exclude_dataset");
        if (!in && !ex) continue;
        uint64_t sel;
        if (srv_list_mask(c, c->p[i].key, c->p[i].val, &sel)) return -1;
        if (in) inc |= sel, any_inc = 1;
        else m &= ~sel;
    }
    if (any_inc) m &= inc;
    *mask = m;
    return 0;
}

/* Refuses a non-empty filter parameter embargo cannot apply. */
static int unsupported(srv_call *c, const char *key, const char *why) {
    for (size_t i = 0; i < c->np; i++)
        if (!strcmp(c->p[i].key, key) && c->p[i].vlen)
            return srv_fail(c, 400, "unsupported_parameter", "%s is not supported: %s", key, why);
    return 0;
}

/* Whether `topics` lets sanctioned entities through: no topics, or "sanction" among them. */
static int topics_pass(srv_call *c) {
    int any = 0;
    for (size_t i = 0; i < c->np; i++)
        if (!strcmp(c->p[i].key, "topics") && c->p[i].vlen) {
            any = 1;
            if (!strcmp(c->p[i].val, "sanction")) return 1;
        }
    return !any;
}

/* ---- entities ------------------------------------------------------------------------------- */

/* Writes "prop":[values] for the names of entity e of one kind group. */
static void name_prop(cli_out *o, const embargo_index *ix, const embargo_entity *e, const char *prop, int which,
                      int *first) {
    int n = 0;
    for (uint32_t i = 0; i < e->name_count; i++) {
        embargo_name nm;
        if (embargo_entity_name(ix, e, i, &nm) || nm.derived) continue;
        int w = nm.weak ? 3 : nm.kind == EMBARGO_NAME_PRIMARY ? 0 : nm.kind == EMBARGO_NAME_FKA ? 2 : 1;
        if (w != which) continue;
        if (!n++) {
            out_str(o, *first ? "\"" : ",\"");
            out_str(o, prop);
            out_str(o, "\":[");
            *first = 0;
        } else {
            out_char(o, ',');
        }
        jo_str(o, nm.text, nm.len);
    }
    if (n) out_char(o, ']');
}

/* An EntityResponse's members, without the braces' closing: id, caption,
 * schema, properties, datasets, referents, target, first/last seen.
 * Written through a cli_out (tools/output.c): some forty JSON strings an
 * entity, each a few stdio calls before. */
static void entity_members_out(srv_call *c, cli_out *o, const embargo_entity *e) {
    out_str(o, "{\"id\":");
    jo_str(o, e->id, e->id_len);
    out_str(o, ",\"caption\":");
    jo_str(o, e->name, e->name_len);
    out_str(o, ",\"schema\":\"");
    out_str(o, schema_of(e->type));
    out_str(o, "\",\"properties\":{");
    int first = 1;
    name_prop(o, c->ix, e, "name", 0, &first);
    name_prop(o, c->ix, e, "alias", 1, &first);
    name_prop(o, c->ix, e, "previousName", 2, &first);
    name_prop(o, c->ix, e, "weakAlias", 3, &first);
    /* The fields, read once rather than once per property (an entity
     * with more than FIELDS_AT_ONCE is read per property). */
    enum { FIELDS_AT_ONCE = 128 };
    embargo_field fields[FIELDS_AT_ONCE];
    uint32_t nf = 0;
    int at_once = e->field_count <= FIELDS_AT_ONCE;
    for (uint32_t i = 0; at_once && i < e->field_count; i++)
        if (embargo_entity_field(c->ix, e, i, &fields[nf]) == EMBARGO_OK) nf++;
    for (size_t p = 0; p < sizeof(PROPS) / sizeof(PROPS[0]); p++) {
        int n = 0;
        for (uint32_t i = 0; i < (at_once ? nf : e->field_count); i++) {
            embargo_field fl;
            if (at_once) fl = fields[i];
            else if (embargo_entity_field(c->ix, e, i, &fl)) continue;
            if (fl.kind != PROPS[p].kind) continue;
            if (!n++) {
                out_str(o, first ? "\"" : ",\"");
                out_str(o, PROPS[p].prop);
                out_str(o, "\":[");
                first = 0;
            } else {
                out_char(o, ',');
            }
            jo_str(o, fl.text, fl.len);
        }
        if (n) out_char(o, ']');
    }
    out_str(o, first ? "\"topics\":[\"sanction\"]}" : ",\"topics\":[\"sanction\"]}");
    /* the datasets of the entity and of the entries grouped with it */
    uint32_t members[CLI_GROUP_MAX];
    size_t n = embargo_index_group(c->ix, e->index, members, CLI_GROUP_MAX);
    const char *lists[CLI_GROUP_MAX];
    size_t nl = 0;
    out_str(o, ",\"datasets\":[");
    for (size_t i = 0; i < n; i++) {
        embargo_entity m;
        if (embargo_index_entity(c->ix, members[i], &m)) continue;
        int seen = 0;
        for (size_t k = 0; k < nl && !seen; k++) seen = !strcmp(lists[k], m.list);
        if (seen) continue;
        if (nl) out_char(o, ',');
        jo_str(o, m.list, strlen(m.list));
        lists[nl++] = m.list;
    }
    out_str(o, "],\"referents\":[");
    int k = 0;
    for (size_t i = 0; i < n; i++) {
        embargo_entity m;
        if (members[i] == e->index || embargo_index_entity(c->ix, members[i], &m)) continue;
        if (k++) out_char(o, ',');
        jo_str(o, m.id, m.id_len);
    }
    out_str(o, "],\"target\":true,\"first_seen\":null,\"last_seen\":null,\"last_change\":null");
}

static void entity_members(srv_call *c, FILE *f, const embargo_entity *e) {
    cli_out o;
    out_init(&o, f);
    entity_members_out(c, &o, e);
    out_flush(&o);
}

/* ---- POST /match/{dataset} ------------------------------------------------------------------- */

typedef struct scored {
    embargo_entity entity;
    double score;
    char detail[320];
} scored;

static int by_score(const void *a, const void *b) {
    double x = ((const scored *)a)->score, y = ((const scored *)b)->score;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* A short account of how the names were paired. */
static void detail_of(const embargo_match *m, char *out, size_t cap) {
    size_t at = (size_t)snprintf(out, cap, "as %.*s:", (int)(m->matched_name_len > 80 ? 80 : m->matched_name_len),
                                 m->matched_name);
    const embargo_explanation *e = &m->explanation;
    for (size_t i = 0; i < e->pair_count && at < cap; i++) {
        const embargo_pair *p = &e->pairs[i];
        at += (size_t)snprintf(out + at, cap - at, "%s %.*s~%.*s %s %.2f", i ? ";" : "",
                               p->query ? (int)(p->query_len > 30 ? 30 : p->query_len) : 1, p->query ? p->query : "-",
                               p->name ? (int)(p->name_len > 30 ? 30 : p->name_len) : 1, p->name ? p->name : "-",
                               embargo_pair_kind_name(p->kind), p->similarity);
    }
    if (e->note && e->note[0] && at < cap) snprintf(out + at, cap - at, " (%s)", e->note);
}

/* Whether entity i, or an entry grouped with it, is among exclude_entity_ids. */
static int excluded(srv_call *c, uint32_t i) {
    for (size_t k = 0; k < c->np; k++) {
        if (strcmp(c->p[k].key, "exclude_entity_ids")) continue;
        embargo_entity e;
        if (embargo_index_find(c->ix, c->p[k].val, c->p[k].vlen, &e) == EMBARGO_OK &&
            embargo_index_same_group(c->ix, e.index, i))
            return 1;
    }
    return 0;
}

/* The strings of a property value (a string or an array of strings). */
static int prop_values(srv_call *c, const char *qkey, const char *prop, json_t *v, const char **out, size_t *lens,
                       size_t cap, size_t *n) {
    *n = 0;
    if (json_is_string(v)) {
        out[0] = json_string_value(v);
        lens[0] = json_string_length(v);
        *n = 1;
        return 0;
    }
    if (!json_is_array(v))
        return srv_fail(c, 400, "bad_query", "Cannot parse example entity %.60s: property %.60s must be a string or a list", qkey, prop);
    size_t i;
    json_t *s;
    json_array_foreach(v, i, s) {
        if (!json_is_string(s))
            return srv_fail(c, 400, "bad_query", "Cannot parse example entity %.60s: property %.60s holds strings", qkey, prop);
        if (*n == cap)
            return srv_fail(c, 400, "bad_query", "Cannot parse example entity %.60s: more than %zu values of %.60s", qkey, cap, prop);
        out[*n] = json_string_value(s);
        lens[*n] = json_string_length(s);
        (*n)++;
    }
    return 0;
}

typedef struct match_params {
    double threshold, cutoff;
    uint32_t limit;
    uint64_t mask;
    uint32_t type_exclude;
    int pass_topics;
} match_params;

/* Answers one query of a batch into f. Returns -1 with the error filled. */
static int match_one(srv_call *c, FILE *f, const char *qkey, json_t *q, const match_params *mp, scored *res) {
    if (!json_is_object(q))
        return srv_fail(c, 400, "bad_query", "Cannot parse example entity %.60s: an object with schema and properties", qkey);
    json_t *schema = NULL, *props = NULL, *id = NULL;
    const char *key;
    json_t *v;
    json_object_foreach(q, key, v) {
        if (!strcmp(key, "schema")) schema = v;
        else if (!strcmp(key, "properties")) props = v;
        else if (!strcmp(key, "id")) id = v;
        else return srv_fail(c, 400, "unknown_parameter", "Cannot parse example entity %.60s: unknown member %.60s", qkey, key);
    }
    if (!json_is_string(schema))
        return srv_fail(c, 400, "bad_query", "Cannot parse example entity %.60s: schema must be a string", qkey);
    long smask = schema_mask(json_string_value(schema));
    if (smask < 0)
        return srv_fail(c, 400, "bad_query", "Cannot parse example entity %.60s: unknown schema %.60s (Person, Organization, Company, LegalEntity, Vessel, Airplane, Thing)",
                        qkey, json_string_value(schema));
    if (!json_is_object(props))
        return srv_fail(c, 400, "bad_query", "Cannot parse example entity %.60s: properties must be an object", qkey);
    if (id && !json_is_string(id) && !json_is_null(id))
        return srv_fail(c, 400, "bad_query", "Cannot parse example entity %.60s: id must be a string", qkey);
    const char *names[MAX_NAMES];
    size_t nlens[MAX_NAMES], nn = 0;
    const char *dob = NULL, *country = NULL;
    const char *parts[5] = {0};  /* firstName, secondName, middleName, fatherName, lastName */
    size_t plens[5] = {0};
    static const char *const PART[5] = {"firstName", "secondName", "middleName", "fatherName", "lastName"};
    json_object_foreach(props, key, v) {
        int known = 0;
        for (const char *const *k = KNOWN_PROPS; *k && !known; k++) known = !strcmp(*k, key);
        if (!known)
            return srv_fail(c, 400, "bad_query", "Cannot parse example entity %.60s: unknown property %.60s", qkey, key);
        const char *vals[MAX_NAMES];
        size_t lens[MAX_NAMES], n;
        if (prop_values(c, qkey, key, v, vals, lens, MAX_NAMES, &n)) return -1;
        if (!strcmp(key, "name") || !strcmp(key, "alias") || !strcmp(key, "previousName") || !strcmp(key, "weakAlias")) {
            for (size_t i = 0; i < n; i++) {
                if (nn == MAX_NAMES)
                    return srv_fail(c, 400, "bad_query", "Cannot parse example entity %.60s: more than %d names", qkey, MAX_NAMES);
                names[nn] = vals[i];
                nlens[nn++] = lens[i];
            }
        } else if (!strcmp(key, "birthDate")) {
            if (n && !dob) dob = vals[0];
        } else if (!strcmp(key, "nationality") || !strcmp(key, "citizenship") || !strcmp(key, "country") ||
                   !strcmp(key, "jurisdiction") || !strcmp(key, "mainCountry")) {
            if (n && (!country || !strcmp(key, "nationality"))) country = vals[0];
        } else {
            for (int k = 0; k < 5; k++)
                if (!strcmp(key, PART[k]) && n) parts[k] = vals[0], plens[k] = lens[0];
        }
    }
    /* firstName ... lastName, as one more name to screen */
    char composed[EMBARGO_MAX_QUERY_BYTES + 1];
    size_t cl = 0;
    for (int k = 0; k < 5; k++) {
        if (!parts[k] || !plens[k]) continue;
        if (cl + plens[k] + 1 >= sizeof(composed))
            return srv_fail(c, 400, "bad_query", "Cannot parse example entity %.60s: the name parts are too long", qkey);
        if (cl) composed[cl++] = ' ';
        memcpy(composed + cl, parts[k], plens[k]);
        cl += plens[k];
    }
    if (cl) {
        if (nn == MAX_NAMES)
            return srv_fail(c, 400, "bad_query", "Cannot parse example entity %.60s: more than %d names", qkey, MAX_NAMES);
        composed[cl] = '\0';
        names[nn] = composed;
        nlens[nn++] = cl;
    }
    if (nn == 0)
        return srv_fail(c, 400, "bad_query", "Cannot parse example entity %.60s: no name to match (name, alias, firstName/lastName)", qkey);
    char dobbuf[16];
    if (dob) {       /* a timestamp's date part: "1962-09-17T00:00:00" */
        size_t dl = strlen(dob);
        if (dl > 10 && dob[10] == 'T') {
            memcpy(dobbuf, dob, 10);
            dobbuf[10] = '\0';
            dob = dobbuf;
        }
    }
    embargo_matcher *m = srv_matcher(c);
    if (!m) return -1;
    embargo_screen_options o;
    embargo_screen_options_init(&o);
    o.threshold = mp->cutoff;
    /* The best `limit` entities over all the names are each among the best
     * `limit` of the name they score best on, so no name needs more (and
     * each match costs an explanation); plus room for excluded ids. */
    size_t nex = 0;
    for (size_t k = 0; k < c->np; k++) nex += !strcmp(c->p[k].key, "exclude_entity_ids");
    o.limit = (uint32_t)(mp->limit + nex < MAX_RESULTS ? mp->limit + nex : MAX_RESULTS);
    int more = 0;            /* a name had more matches than it was asked for */
    o.type_mask = (uint32_t)smask;
    if (mp->type_exclude) {
        if (!o.type_mask) o.type_mask = 0x1f;
        o.type_mask &= ~mp->type_exclude;
    }
    o.list_mask = mp->mask;
    o.birth_date = dob;
    o.country = country;
    size_t nres = 0;
    for (size_t i = 0; i < nn && (o.type_mask || !mp->type_exclude) && mp->pass_topics; i++) {
        const embargo_match *mm;
        size_t cnt;
        embargo_status st = embargo_matcher_screen(m, names[i], nlens[i], &o, &mm, &cnt);
        if (st == EMBARGO_EQUERY)
            return srv_fail(c, 400, "bad_query", "Cannot parse example entity %.60s: %.200s", qkey, embargo_matcher_message(m));
        if (st) return srv_screen_failed(c, st);
        more |= cnt == o.limit;
        for (size_t k = 0; k < cnt; k++) {
            if (excluded(c, mm[k].entity.index)) continue;
            size_t j = 0;
            while (j < nres && res[j].entity.index != mm[k].entity.index) j++;
            if (j < nres && res[j].score >= mm[k].score) continue;
            if (j == nres) {
                if (nres == MAX_RESULTS) continue;
                nres++;
            }
            res[j].entity = mm[k].entity;
            res[j].score = mm[k].score;
            detail_of(&mm[k], res[j].detail, sizeof(res[j].detail));
        }
    }
    qsort(res, nres, sizeof(*res), by_score);
    size_t shown = nres < mp->limit ? nres : mp->limit;
    json_str(f, qkey, strlen(qkey));
    fputs(":{\"status\":200,\"results\":[", f);
    cli_out w;
    out_init(&w, f);
    for (size_t i = 0; i < shown; i++) {
        if (i) out_char(&w, ',');
        entity_members_out(c, &w, &res[i].entity);
        double s = round(res[i].score * 1000) / 1000;
        out_str(&w, ",\"score\":");
        out_fixed(&w, s, 3);
        out_str(&w, res[i].score >= mp->threshold ? ",\"match\":true" : ",\"match\":false");
        out_str(&w, ",\"features\":{\"embargo_name\":");
        out_fixed(&w, s, 3);
        out_str(&w, "},\"explanations\":{\"embargo_name\":{\"score\":");
        out_fixed(&w, s, 3);
        out_str(&w, ",\"detail\":");
        jo_str(&w, res[i].detail, strlen(res[i].detail));
        out_str(&w, "}}}");
    }
    out_flush(&w);
    fprintf(f, "],\"total\":{\"value\":%zu,\"relation\":\"%s\"},\"query\":{\"id\":", nres, more ? "gte" : "eq");
    if (id && json_is_string(id)) srv_json_dump(f, id);
    else fputs("null", f);
    fputs(",\"schema\":", f);
    srv_json_dump(f, schema);
    fputs(",\"properties\":{", f);
    int first = 1;
    json_object_foreach(props, key, v) {
        if (!first) fputc(',', f);
        first = 0;
        json_str(f, key, strlen(key));
        fputc(':', f);
        if (json_is_string(v)) fputc('[', f);
        srv_json_dump(f, v);
        if (json_is_string(v)) fputc(']', f);
    }
    fputs("}}}", f);
    return 0;
}

/* The match parameters of the query string. */
static int match_params_read(srv_call *c, match_params *mp, uint32_t dflt_limit) {
    double v;
    int r;
    mp->threshold = EMBARGO_DEFAULT_THRESHOLD;
    mp->cutoff = 0.5;
    mp->limit = dflt_limit;
    if ((r = srv_param_number(c, "limit", 1, 500, &v)) < 0) return -1;
    if (r && v != floor(v)) return srv_fail(c, 400, "bad_parameter", "limit takes a whole number");
    if (r) mp->limit = (uint32_t)v;
    if ((r = srv_param_number(c, "threshold", 0, 1, &v)) < 0) return -1;
    if (r) mp->threshold = v;
    if ((r = srv_param_number(c, "cutoff", 0, 1, &v)) < 0) return -1;
    if (r) mp->cutoff = v;
    if (mp->cutoff > mp->threshold) mp->cutoff = mp->threshold;
    const char *alg;
    if ((r = srv_param_one(c, "algorithm", &alg, NULL)) < 0) return -1;
    static const char *const ALGS[] = {"best", "default", "logic-v1", "logic-v2", "regression-v1", "regression-v2",
                                       "name-based", "name-qualified", "ofac-249", "embargo", NULL};
    if (r) {
        int ok = 0;
        for (const char *const *a = ALGS; *a && !ok; a++) ok = !strcmp(*a, alg);
        if (!ok) return srv_fail(c, 400, "bad_parameter", "Invalid algorithm: %.60s", alg);
    }
    mp->type_exclude = 0;
    for (size_t i = 0; i < c->np; i++) {
        if (strcmp(c->p[i].key, "exclude_schema")) continue;
        long sm = schema_mask(c->p[i].val);
        if (sm < 0) return srv_fail(c, 400, "bad_parameter", "exclude_schema: unknown schema %.60s", c->p[i].val);
        mp->type_exclude |= sm ? (uint32_t)sm : 0x1fu;
    }
    mp->pass_topics = topics_pass(c);
    if (unsupported(c, "changed_since", "embargo keeps no per-entity change dates")) return -1;
    return 0;
}

void srv_yente_match(srv_call *c) {
    static const char *const allowed[] = {"limit", "threshold", "cutoff", "algorithm", "include_dataset",
                                          "exclude_schema", "exclude_dataset", "topics", "changed_since",
                                          "exclude_entity_ids", NULL};
    if (srv_params_allow(c, allowed)) return;
    match_params mp;
    if (dataset(c, c->arg, &mp.mask) || dataset_filters(c, &mp.mask) || match_params_read(c, &mp, 5)) return;
    size_t nex = 0;
    for (size_t i = 0; i < c->np; i++) nex += !strcmp(c->p[i].key, "exclude_entity_ids");
    if (nex > 50) {
        srv_fail(c, 400, "bad_parameter", "at most 50 exclude_entity_ids");
        return;
    }
    json_t *body = srv_json_body(c, c->rq->body ? c->rq->body : "", c->rq->body_len, "the body");
    if (!body) return;
    json_t *queries = NULL;
    const char *key;
    json_t *v;
    if (!json_is_object(body)) {
        srv_fail(c, 400, "bad_request", "the body is an object: {\"queries\": {...}}");
        goto done;
    }
    json_object_foreach(body, key, v) {
        if (!strcmp(key, "queries")) {
            queries = v;
        } else if (!strcmp(key, "weights")) {
            const char *wk;
            json_t *wv;
            if (!json_is_object(v)) {
                srv_fail(c, 400, "bad_request", "weights must be an object of numbers");
                goto done;
            }
            json_object_foreach(v, wk, wv) if (!json_is_number(wv)) {
                srv_fail(c, 400, "bad_request", "weights: %.60s must be a number", wk);
                goto done;
            }
        } else if (!strcmp(key, "config")) {
            if (!json_is_object(v) && !json_is_null(v)) {
                srv_fail(c, 400, "bad_request", "config must be an object");
                goto done;
            }
            const char *ck;
            json_t *cv;
            json_object_foreach(v, ck, cv) {
                (void)cv;
                srv_fail(c, 400, "bad_request", "Invalid configuration parameter: %.60s (embargo's scorer takes none)", ck);
                goto done;
            }
        } else {
            srv_fail(c, 400, "unknown_parameter", "unknown member %.60s (queries, weights, config)", key);
            goto done;
        }
    }
    if (!json_is_object(queries)) {
        srv_fail(c, 400, "bad_request", "queries must be an object of example entities");
        goto done;
    }
    size_t nq = json_object_size(queries);
    if (nq > c->s->cfg.max_batch) {
        srv_fail(c, 413, "payload_too_large", "Too many queries in one batch (limit: %u)", c->s->cfg.max_batch);
        goto done;
    }
    size_t live = 0;
    json_object_foreach(queries, key, v) live += !json_is_null(v);
    if (!live) {
        srv_fail(c, 400, "bad_request", "No queries provided.");
        goto done;
    }
    scored *res = malloc(MAX_RESULTS * sizeof(*res));
    if (!res) {
        srv_fail(c, 500, "internal", "out of memory");
        goto done;
    }
    FILE *f = srv_begin(c, 200, "application/json");
    fputs("{\"responses\":{", f);
    int first = 1;
    json_object_foreach(queries, key, v) {
        if (json_is_null(v)) continue;
        if (!first) fputc(',', f);
        first = 0;
        if (match_one(c, f, key, v, &mp, res)) break;
    }
    if (c->rs->status == 200) fprintf(f, "},\"limit\":%u}\n", mp.limit);
    free(res);
done:
    json_decref(body);
}

/* ---- GET /search/{dataset} -------------------------------------------------------------------- */

void srv_yente_search(srv_call *c) {
    static const char *const allowed[] = {"q", "schema", "countries", "topics", "datasets", "limit", "offset",
                                          "fuzzy", "simple", "sort", "target", "facets", "filter",
                                          "include_dataset", "exclude_dataset", "exclude_schema",
                                          "changed_since", NULL};
    if (srv_params_allow(c, allowed)) return;
    uint64_t mask;
    if (dataset(c, c->arg, &mask) || dataset_filters(c, &mask)) return;
    for (size_t i = 0; i < c->np; i++)
        if (!strcmp(c->p[i].key, "datasets") && c->p[i].vlen) {
            uint64_t sel;
            if (srv_list_mask(c, "datasets", c->p[i].val, &sel)) return;
            mask &= sel;
        }
    if (unsupported(c, "countries", "embargo filters by list and type, not by country") ||
        unsupported(c, "sort", "results are sorted by score") ||
        unsupported(c, "filter", "embargo has no property filters") ||
        unsupported(c, "changed_since", "embargo keeps no per-entity change dates"))
        return;
    double v;
    int r;
    uint32_t limit = 10, offset = 0;
    if ((r = srv_param_number(c, "limit", 0, 500, &v)) < 0) return;
    if (r) limit = (uint32_t)v;
    if ((r = srv_param_number(c, "offset", 0, 9499, &v)) < 0) return;
    if (r) offset = (uint32_t)v;
    int b;
    if (srv_param_bool(c, "fuzzy", 0, &b) < 0 || srv_param_bool(c, "simple", 0, &b) < 0) return;
    int target = 1;
    if (srv_param_bool(c, "target", 1, &target) < 0) return;
    const char *schema = "Thing", *q = "";
    size_t qlen = 0;
    if (srv_param_one(c, "schema", &schema, NULL) < 0 || srv_param_one(c, "q", &q, &qlen) < 0) return;
    long smask = schema_mask(schema);
    if (smask < 0) {
        srv_fail(c, 400, "bad_parameter", "Invalid schema: %.60s", schema);
        return;
    }
    uint32_t tmask = (uint32_t)smask;
    for (size_t i = 0; i < c->np; i++) {
        if (strcmp(c->p[i].key, "exclude_schema")) continue;
        long sm = schema_mask(c->p[i].val);
        if (sm < 0) {
            srv_fail(c, 400, "bad_parameter", "exclude_schema: unknown schema %.60s", c->p[i].val);
            return;
        }
        if (!tmask) tmask = 0x1f;
        tmask &= sm ? ~(uint32_t)sm : 0;
    }
    int pass = target && topics_pass(c) && (tmask || smask == 0);
    embargo_entity *found = NULL;
    size_t nfound = 0;
    if (pass && qlen) {
        embargo_matcher *m = srv_matcher(c);
        if (!m) return;
        embargo_screen_options o;
        embargo_screen_options_init(&o);
        o.limit = MAX_RESULTS;
        o.type_mask = tmask;
        o.list_mask = mask;
        const embargo_match *mm;
        embargo_status st = embargo_matcher_screen(m, q, qlen, &o, &mm, &nfound);
        if (st) {
            srv_screen_failed(c, st);
            return;
        }
        found = malloc((nfound ? nfound : 1) * sizeof(*found));
        if (!found) {
            srv_fail(c, 500, "internal", "out of memory");
            return;
        }
        for (size_t i = 0; i < nfound; i++) found[i] = mm[i].entity;
    } else if (pass) {          /* no query: every entity, in index order */
        found = malloc((size_t)(c->d->info.entities ? c->d->info.entities : 1) * sizeof(*found));
        if (!found) {
            srv_fail(c, 500, "internal", "out of memory");
            return;
        }
        for (uint32_t i = 0; i < c->d->info.entities; i++) {
            embargo_entity e;
            if (embargo_index_entity(c->ix, i, &e)) continue;
            if (tmask && !(tmask & (1u << e.type))) continue;
            if (mask) {
                uint32_t l = 0;
                embargo_list_info li;
                while (l < c->d->info.lists && (embargo_index_list(c->ix, l, &li) || strcmp(li.name, e.list))) l++;
                if (l >= 64 || !(mask & (1ull << l))) continue;
            }
            found[nfound++] = e;
        }
    }
    FILE *f = srv_begin(c, 200, "application/json");
    fprintf(f, "{\"limit\":%u,\"offset\":%u,\"total\":{\"value\":%zu,\"relation\":\"eq\"},\"results\":[", limit, offset,
            nfound);
    for (size_t i = offset, k = 0; i < nfound && k < limit; i++, k++) {
        if (k) fputc(',', f);
        entity_members(c, f, &found[i]);
        fputc('}', f);
    }
    fputs("],\"facets\":{}}\n", f);
    free(found);
}

/* ---- GET /entities/{id} ------------------------------------------------------------------------- */

void srv_yente_entity(srv_call *c) {
    static const char *const allowed[] = {"nested", NULL};
    if (srv_params_allow(c, allowed)) return;
    int nested;
    if (srv_param_bool(c, "nested", 1, &nested) < 0) return;
    embargo_entity e;
    if (embargo_index_find(c->ix, c->arg, c->arg_len, &e) != EMBARGO_OK) {
        srv_fail(c, 404, "not_found", "No such entity: %.200s", c->arg);
        return;
    }
    FILE *f = srv_begin(c, 200, "application/json");
    entity_members(c, f, &e);
    fputs("}\n", f);
}

/* ---- GET /catalog -------------------------------------------------------------------------------- */

void srv_yente_catalog(srv_call *c) {
    if (srv_params_allow(c, (const char *const[]){NULL})) return;
    const srv_data *d = c->d;
    char built[32];
    srv_iso_time(built, sizeof(built), (double)d->info.built_at);
    FILE *f = srv_begin(c, 200, "application/json");
    fputs("{\"datasets\":[", f);
    for (uint32_t i = 0; i < d->info.lists; i++) {
        embargo_list_info l;
        if (embargo_index_list(c->ix, i, &l)) continue;
        const char *ver = l.sha256 && l.sha256[0] ? l.sha256 : l.date[0] ? l.date : built;
        const char *jur = embargo_list_jurisdiction(l.name);
        fputs("{\"name\":", f);
        json_str(f, l.name, strlen(l.name));
        fputs(",\"title\":", f);
        char title[160];
        snprintf(title, sizeof(title), "%s (%s)", l.name, jur);
        json_str(f, title, strlen(title));
        fputs(",\"summary\":null,\"url\":null,\"load\":true,\"entities_url\":null,\"version\":", f);
        json_str(f, ver, strlen(ver));
        fputs(",\"index_version\":", f);
        json_str(f, ver, strlen(ver));
        fputs(",\"index_current\":true,\"children\":[]", f);
        json_member(f, "updated_at", l.date[0] ? l.date : NULL, strlen(l.date));
        fprintf(f, ",\"entity_count\":%u},", l.entities);
    }
    fputs("{\"name\":\"default\",\"title\":\"All lists of this index\",\"summary\":null,\"url\":null,"
          "\"load\":true,\"entities_url\":null,\"version\":", f);
    json_str(f, built, strlen(built));
    fputs(",\"index_version\":", f);
    json_str(f, built, strlen(built));
    fputs(",\"index_current\":true,\"children\":[", f);
    for (uint32_t i = 0; i < d->info.lists; i++) {
        embargo_list_info l;
        if (embargo_index_list(c->ix, i, &l)) continue;
        fputs(i ? "," : "", f);
        json_str(f, l.name, strlen(l.name));
    }
    fprintf(f, "],\"updated_at\":\"%s\",\"entity_count\":%u}],\"current\":[", built, d->info.entities);
    for (uint32_t i = 0; i < d->info.lists; i++) {
        embargo_list_info l;
        if (embargo_index_list(c->ix, i, &l)) continue;
        json_str(f, l.name, strlen(l.name));
        fputc(',', f);
    }
    fputs("\"default\"],\"outdated\":[],\"index_stale\":false}\n", f);
}
