/*
 * api_watchman.c - moov-io watchman's v2 API, so that a watchman client
 * works against embargo unchanged.
 *
 *   GET /v2/search?name=&type=&limit=&minMatch=&source=&birthDate=&altNames=...
 *       -> {"query":{..},"entities":[{"name","entityType","sourceList","sourceID",
 *           "person"|"business"|"organization"|"aircraft"|"vessel",
 *           "contact","addresses","cryptoAddresses","affiliations",
 *           "sanctionsInfo","historicalInfo","sourceData","match"}]}
 *   GET /v2/listinfo -> {"lists":{NAME:count},"listHashes":{NAME:sha256},
 *           "startedAt","endedAt","version"}
 *
 * The shapes follow watchman's OpenAPI description (docs/api.yaml) and its
 * Go models (pkg/search/models.go) field by field: dates as RFC 3339 (a
 * date known only to the year or month is null, not a made-up day), the
 * sub-object of the entity's type filled and the others null. Lists map to
 * watchman's source names (OFAC -> us_ofac, other US lists -> us_csl,
 * uk_csl, eu_csl, un_csl); sourceID is the list's own id (24231 for
 * ofac-sdn:24231), and "id" adds embargo's full id.
 *
 * Differences, stated: minMatch defaults to embargo's measured threshold
 * 0.80 (watchman: 0, the ten best whatever their score); type may be left
 * out (any type); a name is needed (embargo matches on names); the other
 * evidence watchman takes (addresses, phone numbers, ...) is accepted as
 * its API allows and not scored; errors are {"error":{"code","message"}}.
 */
#include "api.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* watchman's source name for one of embargo's lists. */
static const char *source_of(const char *list) {
    const char *j = embargo_list_jurisdiction(list);
    if (!strcmp(j, "US")) return !strncmp(list, "ofac", 4) ? "us_ofac" : "us_csl";
    if (!strcmp(j, "UK")) return "uk_csl";
    if (!strcmp(j, "EU")) return "eu_csl";
    if (!strcmp(j, "UN")) return "un_csl";
    return list;
}

/* The lists a `source` value selects: watchman's names, or embargo's own
 * (lists and jurisdictions, comma-separated). 400 if it selects none. */
static int source_mask(srv_call *c, const char *src, uint64_t *mask) {
    *mask = 0;
    int watchman_name = 0;
    for (uint32_t i = 0; i < c->d->info.lists && i < 64; i++) {
        embargo_list_info li;
        if (embargo_index_list(c->ix, i, &li)) continue;
        const char *s = source_of(li.name);
        if (s != li.name) {
            if (!strcmp(s, src)) *mask |= 1ull << i;
        }
        watchman_name |= !strcmp(src, "us_ofac") || !strcmp(src, "us_csl") || !strcmp(src, "uk_csl") ||
                         !strcmp(src, "eu_csl") || !strcmp(src, "un_csl");
    }
    if (*mask) return 0;
    if (watchman_name)
        return srv_fail(c, 400, "bad_parameter", "source %.60s: this index holds no such list (see /v2/listinfo)", src);
    return srv_list_mask(c, "source", src, mask);
}

/* An RFC 3339 timestamp for a full ISO date, else null. */
static void rfc3339_date(FILE *f, const char *s, size_t len) {
    int ok = len >= 10 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[3]) && s[4] == '-' &&
             isdigit((unsigned char)s[5]) && s[7] == '-' && isdigit((unsigned char)s[8]) && isdigit((unsigned char)s[9]);
    if (ok) fprintf(f, "\"%.10sT00:00:00Z\"", s);
    else fputs("null", f);
}

/* The names of e other than the primary one, as a JSON array member. */
static void alt_names(FILE *f, const embargo_index *ix, const embargo_entity *e) {
    fputs(",\"altNames\":[", f);
    int n = 0;
    for (uint32_t i = 0; i < e->name_count; i++) {
        embargo_name nm;
        if (embargo_entity_name(ix, e, i, &nm) || nm.kind == EMBARGO_NAME_PRIMARY || nm.derived) continue;
        if (n++) fputc(',', f);
        json_str(f, nm.text, nm.len);
    }
    fputc(']', f);
}

/* The fields of a kind of e as a JSON array of strings. */
static void field_array(FILE *f, const embargo_index *ix, const embargo_entity *e, embargo_field_kind k) {
    fputc('[', f);
    int n = 0;
    for (uint32_t i = 0; i < e->field_count; i++) {
        embargo_field fl;
        if (embargo_entity_field(ix, e, i, &fl) || fl.kind != k) continue;
        if (n++) fputc(',', f);
        json_str(f, fl.text, fl.len);
    }
    fputc(']', f);
}

/* The first field of a kind, as a JSON string member ("" if none). */
static void first_field(FILE *f, const embargo_index *ix, const embargo_entity *e, embargo_field_kind k,
                        const char *key) {
    size_t len = 0;
    const char *s = cli_first_field(ix, e, k, &len);
    json_member(f, key, s ? s : "", s ? len : 0);
}

/* A whole number from the start of a field ("1,234 tons" -> 1234), or 0. */
static long number_field(const embargo_index *ix, const embargo_entity *e, embargo_field_kind k) {
    size_t len = 0;
    const char *s = cli_first_field(ix, e, k, &len);
    long v = 0;
    for (size_t i = 0; s && i < len && v < 100000000; i++) {
        if (isdigit((unsigned char)s[i])) v = v * 10 + (s[i] - '0');
        else if (s[i] != ',') break;
    }
    return v;
}

/* The number after `tag` ("IMO 9187629") in e's documents, into out. */
static void doc_number(const embargo_index *ix, const embargo_entity *e, const char *tag, char *out, size_t cap) {
    out[0] = '\0';
    size_t tl = strlen(tag);
    for (uint32_t i = 0; i < e->field_count && !out[0]; i++) {
        embargo_field fl;
        if (embargo_entity_field(ix, e, i, &fl) || fl.kind != EMBARGO_FIELD_ID_DOCUMENT) continue;
        for (size_t k = 0; k + tl < fl.len && !out[0]; k++) {
            if (memcmp(fl.text + k, tag, tl)) continue;
            size_t d = k + tl, n = 0;
            while (d + n < fl.len && isdigit((unsigned char)fl.text[d + n]) && n + 1 < cap) n++;
            if (n) {
                memcpy(out, fl.text + d, n);
                out[n] = '\0';
            }
        }
    }
}

/* Identity documents as watchman's governmentIDs. */
static void government_ids(FILE *f, const embargo_index *ix, const embargo_entity *e) {
    static const struct { const char *prefix, *type; } T[] = {
        {"Passport", "passport"}, {"Diplomatic Passport", "diplomatic-passport"},
        {"National ID No.", "national-id"}, {"Cedula No.", "cedula"}, {"Tax ID No.", "tax-id"},
        {"SSN", "ssn"}, {"Driver's License No.", "drivers-license"}, {"CURP", "curp"},
        {"C.U.I.T.", "cuit"}, {"Registration ID", "business-registration"},
        {"Business Registration Document #", "business-registration"},
        {"Commercial Registry Number", "commercial-registry"}, {"Birth Certificate Number", "birth-certificate"},
        {"Refugee ID Card", "refugee-id"}, {"Personal ID Card", "personal-id"},
        {"Electoral Registry No.", "electoral"},
    };
    fputs(",\"governmentIDs\":[", f);
    int n = 0;
    for (uint32_t i = 0; i < e->field_count; i++) {
        embargo_field fl;
        if (embargo_entity_field(ix, e, i, &fl) || fl.kind != EMBARGO_FIELD_ID_DOCUMENT) continue;
        const char *type = "";
        size_t skip = 0;
        for (size_t t = 0; t < sizeof(T) / sizeof(T[0]); t++) {
            size_t pl = strlen(T[t].prefix);
            if (fl.len > pl && !memcmp(fl.text, T[t].prefix, pl) && fl.text[pl] == ' ' && pl >= skip) {
                type = T[t].type;
                skip = pl + 1;
            }
        }
        if (!type[0]) continue;           /* not an identity document (IMO numbers, addresses, ...) */
        const char *id = fl.text + skip;
        size_t idl = fl.len - skip, cl = 0;
        const char *country = memchr(id, '(', idl);
        if (country) {
            const char *close = memchr(country, ')', (size_t)(fl.text + fl.len - country));
            cl = close ? (size_t)(close - country - 1) : 0;
            idl = (size_t)(country - id);
            country++;
        }
        while (idl && id[idl - 1] == ' ') idl--;
        fputs(n++ ? ",{\"type\":\"" : "{\"type\":\"", f);
        fputs(type, f);
        fputc('"', f);
        json_member(f, "country", country ? country : "", cl);
        json_member(f, "identifier", id, idl);
        fputc('}', f);
    }
    fputc(']', f);
}

/* One entity of a search answer. */
static void write_entity(srv_call *c, FILE *f, const embargo_match *m, int debug) {
    const embargo_index *ix = c->ix;
    const embargo_entity *e = &m->entity;
    const char *colon = memchr(e->id, ':', e->id_len);
    const char *sid = colon ? colon + 1 : e->id;
    size_t sidl = e->id_len - (size_t)(sid - e->id);
    const char *etype = e->type == EMBARGO_TYPE_PERSON ? "person"
                        : e->type == EMBARGO_TYPE_VESSEL ? "vessel"
                        : e->type == EMBARGO_TYPE_AIRCRAFT ? "aircraft"
                                                           : "business";
    const char *src = source_of(e->list);
    fputs("{\"name\":", f);
    json_str(f, e->name, e->name_len);
    fprintf(f, ",\"entityType\":\"%s\"", etype);
    json_member(f, "sourceList", src, strlen(src));
    json_member(f, "sourceID", sid, sidl);
    json_member(f, "id", e->id, e->id_len);
    /* the sub-object of the entity's type */
    fputs(",\"person\":", f);
    if (e->type == EMBARGO_TYPE_PERSON) {
        fputs("{\"name\":", f);
        json_str(f, e->name, e->name_len);
        alt_names(f, ix, e);
        size_t gl = 0;
        const char *g = cli_first_field(ix, e, EMBARGO_FIELD_GENDER, &gl);
        const char *gender = g && gl && (g[0] == 'M' || g[0] == 'm') ? "male"
                             : g && gl && (g[0] == 'F' || g[0] == 'f') ? "female"
                                                                       : "unknown";
        fprintf(f, ",\"gender\":\"%s\",\"birthDate\":", gender);
        size_t bl = 0;
        const char *b = cli_first_field(ix, e, EMBARGO_FIELD_BIRTH_DATE, &bl);
        if (b) rfc3339_date(f, b, bl);
        else fputs("null", f);
        fputs(",\"deathDate\":null", f);
        json_fields(f, ix, e, EMBARGO_FIELD_TITLE, "titles", 1);
        government_ids(f, ix, e);
        fputc('}', f);
    } else {
        fputs("null", f);
    }
    fputs(",\"business\":", f);
    if (e->type == EMBARGO_TYPE_ORGANIZATION || e->type == EMBARGO_TYPE_UNKNOWN) {
        fputs("{\"name\":", f);
        json_str(f, e->name, e->name_len);
        alt_names(f, ix, e);
        fputs(",\"created\":null,\"dissolved\":null", f);
        government_ids(f, ix, e);
        fputc('}', f);
    } else {
        fputs("null", f);
    }
    fputs(",\"organization\":null,\"aircraft\":", f);
    if (e->type == EMBARGO_TYPE_AIRCRAFT) {
        fputs("{\"name\":", f);
        json_str(f, e->name, e->name_len);
        alt_names(f, ix, e);
        first_field(f, ix, e, EMBARGO_FIELD_VESSEL_TYPE, "type");
        first_field(f, ix, e, EMBARGO_FIELD_VESSEL_FLAG, "flag");
        char serial[64];
        doc_number(ix, e, "Serial No. ", serial, sizeof(serial));
        fputs(",\"built\":null,\"icaoCode\":\"\",\"model\":\"\"", f);
        json_member(f, "serialNumber", serial, strlen(serial));
        fputc('}', f);
    } else {
        fputs("null", f);
    }
    fputs(",\"vessel\":", f);
    if (e->type == EMBARGO_TYPE_VESSEL) {
        char imo[32], mmsi[32];
        doc_number(ix, e, "IMO ", imo, sizeof(imo));
        doc_number(ix, e, "MMSI ", mmsi, sizeof(mmsi));
        fputs("{\"name\":", f);
        json_str(f, e->name, e->name_len);
        alt_names(f, ix, e);
        json_member(f, "imoNumber", imo, strlen(imo));
        first_field(f, ix, e, EMBARGO_FIELD_VESSEL_TYPE, "type");
        first_field(f, ix, e, EMBARGO_FIELD_VESSEL_FLAG, "flag");
        fprintf(f, ",\"built\":null,\"model\":\"\",\"tonnage\":%ld", number_field(ix, e, EMBARGO_FIELD_VESSEL_TONNAGE));
        json_member(f, "mmsi", mmsi, strlen(mmsi));
        first_field(f, ix, e, EMBARGO_FIELD_VESSEL_CALL_SIGN, "callSign");
        fprintf(f, ",\"grossRegisteredTonnage\":%ld", number_field(ix, e, EMBARGO_FIELD_VESSEL_GRT));
        first_field(f, ix, e, EMBARGO_FIELD_VESSEL_OWNER, "owner");
        fputc('}', f);
    } else {
        fputs("null", f);
    }
    fputs(",\"contact\":{\"emailAddresses\":", f);
    field_array(f, ix, e, EMBARGO_FIELD_EMAIL);
    fputs(",\"phoneNumbers\":", f);
    field_array(f, ix, e, EMBARGO_FIELD_PHONE);
    fputs(",\"faxNumbers\":[],\"websites\":", f);
    field_array(f, ix, e, EMBARGO_FIELD_WEBSITE);
    fputs("},\"addresses\":[", f);
    int n = 0;
    for (uint32_t i = 0; i < e->field_count; i++) {
        embargo_field fl;
        if (embargo_entity_field(ix, e, i, &fl) || fl.kind != EMBARGO_FIELD_ADDRESS) continue;
        fputs(n++ ? ",{\"line1\":" : "{\"line1\":", f);
        json_str(f, fl.text, fl.len);
        fputs(",\"line2\":\"\",\"city\":\"\",\"postalCode\":\"\",\"state\":\"\",\"country\":\"\",\"latitude\":0,\"longitude\":0}", f);
    }
    fputs("],\"cryptoAddresses\":[", f);
    n = 0;
    static const char DCA[] = "Digital Currency Address - ";
    for (uint32_t i = 0; i < e->field_count; i++) {
        embargo_field fl;
        if (embargo_entity_field(ix, e, i, &fl) || fl.kind != EMBARGO_FIELD_ID_DOCUMENT) continue;
        size_t dl = sizeof(DCA) - 1;
        if (fl.len <= dl || memcmp(fl.text, DCA, dl)) continue;
        const char *cur = fl.text + dl;
        const char *sp = memchr(cur, ' ', fl.len - dl);
        if (!sp) continue;
        const char *addr = sp + 1;
        size_t al = (size_t)(fl.text + fl.len - addr);
        const char *end = memchr(addr, ' ', al);
        if (end) al = (size_t)(end - addr);
        fputs(n++ ? ",{\"currency\":" : "{\"currency\":", f);
        json_str(f, cur, (size_t)(sp - cur));
        json_member(f, "address", addr, al);
        fputc('}', f);
    }
    fputs("],\"affiliations\":[", f);
    n = 0;
    for (uint32_t i = 0; i < e->field_count; i++) {
        embargo_field fl;
        if (embargo_entity_field(ix, e, i, &fl) || fl.kind != EMBARGO_FIELD_LINKED_TO) continue;
        fputs(n++ ? ",{\"entityName\":" : "{\"entityName\":", f);
        json_str(f, fl.text, fl.len);
        fputs(",\"type\":\"Linked To\"}", f);
    }
    fputs("],\"sanctionsInfo\":{\"programs\":", f);
    field_array(f, ix, e, EMBARGO_FIELD_PROGRAM);
    size_t rl = 0;
    const char *remarks = cli_first_field(ix, e, EMBARGO_FIELD_REMARKS, &rl);
    int secondary = 0;
    static const char SEC[] = "Secondary Sanctions";
    for (size_t k = 0; remarks && k + sizeof(SEC) - 1 <= rl && !secondary; k++)
        secondary = !memcmp(remarks + k, SEC, sizeof(SEC) - 1);
    fprintf(f, ",\"secondary\":%s,\"description\":\"\"},\"historicalInfo\":[", secondary ? "true" : "false");
    n = 0;
    for (uint32_t i = 0; i < e->name_count; i++) {
        embargo_name nm;
        if (embargo_entity_name(ix, e, i, &nm) || nm.kind != EMBARGO_NAME_FKA) continue;
        fputs(n++ ? ",{\"type\":\"Former Name\",\"value\":" : "{\"type\":\"Former Name\",\"value\":", f);
        json_str(f, nm.text, nm.len);
        fputs(",\"date\":\"0001-01-01T00:00:00Z\"}", f);
    }
    fprintf(f, "],\"sourceData\":null,\"match\":%.3f", round(m->score * 1000) / 1000);
    if (debug) {
        fputs(",\"details\":", f);
        json_explanation(f, &m->explanation, NULL);
    }
    fputc('}', f);
}

typedef struct best {
    embargo_match m;         /* entity and score; the explanation is the first name's */
} best;

void srv_watchman_search(srv_call *c) {
    static const char *const allowed[] = {
        "name", "source", "type", "altNames", "limit", "minMatch", "requestID", "debug", "debugSourceIDs",
        "gender", "birthDate", "deathDate", "titles", "created", "dissolved", "aircraftType", "icaoCode",
        "model", "serialNumber", "built", "flag", "imoNumber", "vesselType", "mmsi", "callSign", "owner",
        "tonnage", "grossRegisteredTonnage", "email", "emailAddress", "emailAddresses", "phone", "phoneNumber",
        "phoneNumbers", "fax", "faxNumber", "faxNumbers", "website", "websites", "address", "addresses",
        "cryptoAddress", "cryptoAddresses", NULL};
    if (srv_params_allow(c, allowed)) return;
    const char *name, *type = NULL, *src = NULL, *dob = NULL;
    size_t nlen;
    int r = srv_param_one(c, "name", &name, &nlen);
    if (r < 0) return;
    if (r == 0 || nlen == 0) {
        srv_fail(c, 400, "missing_parameter", "parameter 'name' is needed (embargo matches on names)");
        return;
    }
    embargo_screen_options o;
    embargo_screen_options_init(&o);
    if (srv_param_one(c, "type", &type, NULL) < 0 || srv_param_one(c, "source", &src, NULL) < 0 ||
        srv_param_one(c, "birthDate", &dob, NULL) < 0)
        return;
    if (type && *type) {
        if (!strcmp(type, "person")) o.type_mask = 1u << EMBARGO_TYPE_PERSON;
        else if (!strcmp(type, "business") || !strcmp(type, "organization"))
            o.type_mask = 1u << EMBARGO_TYPE_ORGANIZATION | 1u << EMBARGO_TYPE_UNKNOWN;
        else if (!strcmp(type, "vessel")) o.type_mask = 1u << EMBARGO_TYPE_VESSEL;
        else if (!strcmp(type, "aircraft")) o.type_mask = 1u << EMBARGO_TYPE_AIRCRAFT;
        else {
            srv_fail(c, 400, "bad_parameter", "type '%.60s': person, business, organization, aircraft or vessel", type);
            return;
        }
    }
    if (src && *src && source_mask(c, src, &o.list_mask)) return;
    if (dob && *dob) o.birth_date = dob;
    double v;
    uint32_t limit = 10;
    if ((r = srv_param_number(c, "limit", 1, 1e9, &v)) < 0) return;
    if (r && v != floor(v)) {
        srv_fail(c, 400, "bad_parameter", "limit takes a whole number");
        return;
    }
    if (r) limit = v > 100 ? 100 : (uint32_t)v;     /* watchman's hard limit */
    if ((r = srv_param_number(c, "minMatch", 0, 1, &v)) < 0) return;
    if (r) o.threshold = v;
    int debug;
    if (srv_param_bool(c, "debug", 0, &debug) < 0) return;
    o.limit = limit;
    const embargo_match *mm;
    size_t n;
    if (srv_screen(c, name, nlen, &o, &mm, &n)) return;
    /* alternative names: each screened too, the best score of an entity kept */
    size_t nalt = 0;
    for (size_t i = 0; i < c->np; i++) nalt += !strcmp(c->p[i].key, "altNames") && c->p[i].vlen;
    best *res = NULL;
    size_t nres = n;
    if (nalt) {
        res = malloc((n + nalt * limit + 1) * sizeof(*res));
        if (!res) {
            srv_fail(c, 500, "internal", "out of memory");
            return;
        }
        for (size_t i = 0; i < n; i++) {
            res[i].m = mm[i];
            res[i].m.explanation.pair_count = 0;   /* valid only until the next screen */
            res[i].m.explanation.note = "";
        }
        for (size_t i = 0; i < c->np; i++) {
            if (strcmp(c->p[i].key, "altNames") || !c->p[i].vlen) continue;
            if (srv_screen(c, c->p[i].val, c->p[i].vlen, &o, &mm, &n)) {
                free(res);
                return;
            }
            for (size_t k = 0; k < n; k++) {
                size_t j = 0;
                while (j < nres && res[j].m.entity.index != mm[k].entity.index) j++;
                if (j == nres) nres++;
                else if (res[j].m.score >= mm[k].score) continue;
                res[j].m = mm[k];
                res[j].m.explanation.pair_count = 0;
                res[j].m.explanation.note = "";
            }
        }
        for (size_t i = 1; i < nres; i++)     /* best first */
            for (size_t j = i; j > 0 && res[j].m.score > res[j - 1].m.score; j--) {
                best t = res[j];
                res[j] = res[j - 1];
                res[j - 1] = t;
            }
        if (nres > limit) nres = limit;
    }
    FILE *f = srv_begin(c, 200, "application/json");
    fputs("{\"query\":{\"name\":", f);
    json_str(f, name, nlen);
    json_member(f, "entityType", type ? type : "", type ? strlen(type) : 0);
    fputs(",\"sourceList\":\"api-request\",\"sourceID\":\"\"},\"entities\":[", f);
    for (size_t i = 0; i < nres; i++) {
        if (i) fputc(',', f);
        write_entity(c, f, res ? &res[i].m : &mm[i], debug);
    }
    fputs("]}\n", f);
    free(res);
}

void srv_watchman_listinfo(srv_call *c) {
    if (srv_params_allow(c, (const char *const[]){NULL})) return;
    const srv_data *d = c->d;
    char started[32], ended[32];
    srv_iso_time(started, sizeof(started), d->load_started);
    srv_iso_time(ended, sizeof(ended), d->loaded_at);
    FILE *f = srv_begin(c, 200, "application/json");
    fputs("{\"lists\":{", f);
    for (uint32_t i = 0; i < d->info.lists; i++) {
        embargo_list_info l;
        if (embargo_index_list(c->ix, i, &l)) continue;
        if (i) fputc(',', f);
        json_str(f, l.name, strlen(l.name));
        fprintf(f, ":%u", l.entities);
    }
    fputs("},\"listHashes\":{", f);
    for (uint32_t i = 0; i < d->info.lists; i++) {
        embargo_list_info l;
        if (embargo_index_list(c->ix, i, &l)) continue;
        if (i) fputc(',', f);
        json_str(f, l.name, strlen(l.name));
        fputc(':', f);
        json_str(f, l.sha256 ? l.sha256 : "", l.sha256 ? strlen(l.sha256) : 0);
    }
    fprintf(f, "},\"startedAt\":\"%s\",\"endedAt\":\"%s\",\"version\":\"%s\"}\n", started, ended, embargo_version());
}
