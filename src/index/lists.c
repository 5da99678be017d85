/*
 * lists.c - the lists an index was built from, the jurisdictions they
 * belong to, and selections of them (--lists US,UK).
 */
#include "index_int.h"
#include "../base/buf.h"
#include "../base/digest.h"

#include <stdio.h>

#include <string.h>
#include <strings.h>

embargo_status embargo_index_list(const embargo_index *ix, uint32_t i, embargo_list_info *out) {
    if (!ix || !out || i >= ix->nlists) return EMBARGO_EINVAL;
    const emb_ix_list *l = &ix->lists[i];
    out->name = ix->strings + l->name;
    out->source = ix->strings + l->source;
    out->date = ix->strings + l->date;
    out->sha256 = ix->strings + l->sha256;
    out->entities = l->entities;
    return EMBARGO_OK;
}

void embargo_index_reference(const embargo_index *ix, char *out) {
    if (!out) return;
    out[0] = '\0';
    if (!ix) return;
    emb_buf b;
    emb__buf_init(&b);
    for (uint32_t i = 0; i < ix->nlists; i++) {
        const emb_ix_list *l = &ix->lists[i];
        char n[16];
        snprintf(n, sizeof(n), "%u", l->entities);
        const char *parts[] = {ix->strings + l->name, ix->strings + l->date, ix->strings + l->sha256, n};
        for (size_t k = 0; k < 4; k++) emb__buf_append(&b, parts[k], strlen(parts[k]) + 1);
    }
    char hex[EMB_SHA256_HEX];
    if (!b.oom) {
        emb__sha256(b.data ? (const void *)b.data : "", b.len, hex);
        if (hex[0]) snprintf(out, EMBARGO_REFERENCE_SIZE, "%.32s", hex);
    }
    emb__buf_free(&b);
}

const char *embargo_list_jurisdiction(const char *list) {
    static const struct { const char *prefix, *juris; } MAP[] = {
        {"ofac", "US"}, {"us-", "US"}, {"bis", "US"}, {"uk", "UK"},
        {"eu", "EU"},   {"un", "UN"},
    };
    if (!list) return "";
    for (size_t i = 0; i < sizeof(MAP) / sizeof(MAP[0]); i++) {
        size_t n = strlen(MAP[i].prefix);
        if (strncmp(list, MAP[i].prefix, n) == 0 &&
            (list[n] == '\0' || list[n] == '-' || MAP[i].prefix[n - 1] == '-'))
            return MAP[i].juris;
    }
    return list;
}

const char *embargo_dataset_jurisdiction(const char *name, size_t len) {
    static const struct { const char *dataset, *juris; } MAP[] = {
        {"us_ofac_sdn", "US"},        {"us_ofac_cons", "US"},       {"us_trade_csl", "US"},
        {"us_bis_denied", "US"},      {"gb_hmt_sanctions", "UK"},   {"gb_fcdo_sanctions", "UK"},
        {"eu_fsf", "EU"},             {"eu_journal_sanctions", "EU"}, {"un_sc_sanctions", "UN"},
        {"ch_seco_sanctions", "CH"},  {"ua_nsdc_sanctions", "UA"},  {"ca_dfatd_sema_sanctions", "CA"},
        {"au_dfat_sanctions", "AU"},  {"jp_mof_sanctions", "JP"},   {"eu_sanctions_map", "EU"},
        {"be_fod_sanctions", "BE"},   {"fr_tresor_gels_avoir", "FR"}, {"nz_russia_sanctions", "NZ"},
        {"mc_fund_freezes", "MC"},
    };
    if (!name) return NULL;
    for (size_t i = 0; i < sizeof(MAP) / sizeof(MAP[0]); i++)
        if (strlen(MAP[i].dataset) == len && memcmp(MAP[i].dataset, name, len) == 0) return MAP[i].juris;
    return NULL;
}

embargo_status embargo_index_list_mask(const embargo_index *ix, const char *sel, uint64_t *mask,
                                       const char **bad) {
    if (!ix || !sel || !mask) return EMBARGO_EINVAL;
    *mask = 0;
    if (bad) *bad = NULL;
    const char *p = sel;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        while (n && *p == ' ') { p++; n--; }
        while (n && p[n - 1] == ' ') n--;
        if (n) {
            int found = 0;
            for (uint32_t i = 0; i < ix->nlists && i < EMBARGO_MAX_LISTS; i++) {
                const char *name = ix->strings + ix->lists[i].name;
                const char *jur = embargo_list_jurisdiction(name);
                if ((strlen(name) == n && strncasecmp(name, p, n) == 0) ||
                    (strlen(jur) == n && strncasecmp(jur, p, n) == 0)) {
                    *mask |= (uint64_t)1 << i;
                    found = 1;
                }
            }
            if (!found) {
                if (bad) *bad = p;
                return EMBARGO_EINVAL;
            }
        }
        if (!e) break;
        p = e + 1;
    }
    return EMBARGO_OK;
}
