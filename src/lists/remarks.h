/*
 * remarks.h - parser for OFAC's free-text Remarks field (private).
 *
 * OFAC packs most facts about an entry into one Remarks string:
 *   DOB 17 Sep 1962; POB Moscow, Russia; nationality Russia; Gender Male;
 *   a.k.a. 'BNC'; Passport PW2418905 (Ireland); Linked To: X.
 * This splits it into items and classifies each one as an alias or as an
 * embargo_field_kind; see remarks.c for the exact rules.
 */
#ifndef EMB_REMARKS_H
#define EMB_REMARKS_H

#include "embargo.h"
#include "dataset.h"

#include <stddef.h>

/* One classified remarks item. `text`/`len` is the value (an alias name, a
 * normalised date, the rest of the item after its label, or the whole item
 * for ID documents and unclassified remarks); `item`/`item_len` is the whole
 * item as published (leading "alt. " kept, final '.' of the remarks dropped).
 * The pointers are valid only during the callback. */
typedef struct emb_remark {
    int is_name;                    /* 1: an alias, see name_kind and weak */
    embargo_name_kind name_kind;
    int weak;                       /* quoted remarks aliases are OFAC's weak aliases */
    embargo_field_kind field_kind;  /* when !is_name */
    const char *text;
    size_t len;
    const char *item;
    size_t item_len;
} emb_remark;

/* Receives each item; a status other than EMBARGO_OK stops the parse and is
 * returned by emb__remarks_parse. */
typedef embargo_status (*emb_remark_fn)(void *ctx, const emb_remark *r);

/* Splits `len` bytes of remarks text into items and calls `fn` on each in
 * order. Any byte sequence is accepted (it never reads outside
 * text[0..len)); values are sub-slices of the input or ASCII, so valid
 * UTF-8 input gives valid UTF-8 values. Returns EMBARGO_OK or the first
 * non-OK status from `fn`. `text` may be NULL when len is 0. */
embargo_status emb__remarks_parse(const char *text, size_t len, emb_remark_fn fn, void *ctx);

/* Adds the whole remarks text as EMBARGO_FIELD_REMARKS to entity `e`, then
 * every parsed item as a name (emb__entity_add_name) or a field
 * (emb__entity_add_field). Returns EMBARGO_OK or EMBARGO_ENOMEM. */
embargo_status emb__remarks_apply(emb_load *ld, emb_entity *e, const char *text, size_t len);

/* Normalises an OFAC date phrase ("17 Sep 1962", "Sep 1962", "1962",
 * "circa 1960", "1962 to 1965", "01 Jan 1960 to 31 Dec 1961",
 * "circa 1958-1962", a final '.' allowed) to ISO 8601: "1962-09-17",
 * "1962-09", "1962", "circa 1960", "1962/1965" (an ISO 8601 interval),
 * "1960-01-01/1961-12-31", "circa 1958/1962". Writes a NUL-terminated string
 * of at most `cap` bytes (cap >= 32 always suffices) and returns its length,
 * or returns 0 if the phrase is not a date (then `out` is unspecified). */
size_t emb__remarks_date(const char *s, size_t len, char *out, size_t cap);

#endif
