/*
 * api.h - what request.c gives the endpoint files (api_v1.c, api_yente.c,
 * api_watchman.c): the call being answered, its parameters, its response
 * stream, the worker's matcher and scanners, and JSON helpers. The JSON of
 * entities, matches and explanations is tools/output.c's, as the CLI
 * writes it.
 */
#ifndef EMBARGO_SERVER_API_H
#define EMBARGO_SERVER_API_H

#include "server.h"
#include "../tools/cli.h"

#include <jansson.h>

/* One decoded query-string parameter (NUL-terminated key and value). */
typedef struct srv_param {
    const char *key, *val;
    size_t klen, vlen;
} srv_param;

enum { SRV_MAX_PARAMS = 64 };

/* A request being answered. */
typedef struct srv_call {
    srv_server *s;
    srv_worker *w;
    srv_data *d;                     /* the data served (NULL on routes that need none) */
    const embargo_index *ix;         /* d->ix */
    const srv_request *rq;
    srv_response *rs;
    const char *arg;                 /* the decoded path parameter ({id}, {dataset}) */
    size_t arg_len;
    srv_param p[SRV_MAX_PARAMS];
    size_t np;
    char *buf;                       /* the decoded strings */
} srv_call;

/* Starts the response body: status, media type; returns the stream to
 * write to (never NULL: a sink if memory ran out, reported as 500). */
FILE *srv_begin(srv_call *c, int status, const char *content_type);

/* Makes the response an error (see srv_error); returns -1. */
int srv_fail(srv_call *c, int status, const char *code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Refuses (400) any parameter not in `allowed` (NULL-terminated); -1 then. */
int srv_params_allow(srv_call *c, const char *const *allowed);

/* The one value of parameter `key`: 1 found, 0 absent, -1 given twice (400). */
int srv_param_one(srv_call *c, const char *key, const char **val, size_t *len);

/* The one value of parameter `key`, which must be there: 0, or -1 with the
 * 400 sent (missing, or given twice). */
int srv_param_needed(srv_call *c, const char *key, const char **val, size_t *len);

/* A number in [lo, hi]: 1 found, 0 absent, -1 not such a number (400). */
int srv_param_number(srv_call *c, const char *key, double lo, double hi, double *out);

/* Whether a parameter value means true ("true", "1", "yes", "") or false
 * ("false", "0", "no"): 1/0, -1 neither (400). */
int srv_param_bool(srv_call *c, const char *key, int dflt, int *out);

/* The worker's matcher and default scanners over the data served, made on
 * first use; NULL (500 filled) when out of memory. */
embargo_matcher *srv_matcher(srv_call *c);
embargo_scanner *srv_scanner(srv_call *c, int html);

/* A matcher failure: 400 bad_query for EQUERY (the matcher's message),
 * else 500. Returns -1. */
int srv_screen_failed(srv_call *c, embargo_status st);

/* Screens one name with the call's matcher (srv_matcher): 0 with the
 * matches in *mm, *n, or -1 with the error sent. */
int srv_screen(srv_call *c, const char *name, size_t len, const embargo_screen_options *o,
               const embargo_match **mm, size_t *n);

/* Turns a --lists-style selection into a list mask; 400 naming `what` and
 * the bad word, -1 then. */
int srv_list_mask(srv_call *c, const char *what, const char *sel, uint64_t *mask);

/* Adds the types of a word list ("person,organization") to *mask; 400 for
 * an unknown word, -1 then. */
int srv_type_words(srv_call *c, const char *what, const char *s, size_t len, uint32_t *mask);

/* Writes t (Unix time) as "2024-05-03T12:00:00Z". */
void srv_iso_time(char *out, size_t cap, double t);

/* Writes a jansson value compactly. */
void srv_json_dump(FILE *f, const json_t *v);

/* Parses a JSON body (UTF-8, no NUL, no duplicate keys): the value, or NULL
 * with 400 filled. */
json_t *srv_json_body(srv_call *c, const char *data, size_t len, const char *what);

/* The endpoints. */
void srv_v1_screen_get(srv_call *c);
void srv_v1_screen_post(srv_call *c);
void srv_v1_scan(srv_call *c);
void srv_v1_who(srv_call *c);
void srv_v1_entity(srv_call *c);
void srv_v1_info(srv_call *c);
void srv_yente_match(srv_call *c);
void srv_yente_search(srv_call *c);
void srv_yente_entity(srv_call *c);
void srv_yente_catalog(srv_call *c);
void srv_watchman_search(srv_call *c);
void srv_watchman_listinfo(srv_call *c);

#endif
