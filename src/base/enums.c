/*
 * enums.c - text for the public enums: statuses, types, kinds.
 */
#include "embargo.h"

#include <string.h>
#include <strings.h>

const char *embargo_strerror(embargo_status status) {
    switch (status) {
    case EMBARGO_OK: return "success";
    case EMBARGO_ENOMEM: return "out of memory";
    case EMBARGO_EIO: return "input/output error";
    case EMBARGO_EFORMAT: return "malformed list file";
    case EMBARGO_EINDEX: return "corrupt, truncated or foreign index file";
    case EMBARGO_EVERSION: return "index file of another format version";
    case EMBARGO_EINVAL: return "invalid argument";
    case EMBARGO_EQUERY: return "unusable query";
    case EMBARGO_EUNICODE: return "Unicode conversion failed";
    case EMBARGO_ENOTFOUND: return "not found";
    }
    return "unknown error";
}

const char *embargo_type_name(embargo_entity_type type) {
    switch (type) {
    case EMBARGO_TYPE_PERSON: return "person";
    case EMBARGO_TYPE_ORGANIZATION: return "organization";
    case EMBARGO_TYPE_VESSEL: return "vessel";
    case EMBARGO_TYPE_AIRCRAFT: return "aircraft";
    case EMBARGO_TYPE_UNKNOWN: break;
    }
    return "unknown";
}

embargo_entity_type embargo_type_parse(const char *s, size_t len) {
    static const struct { const char *word; embargo_entity_type type; } WORDS[] = {
        {"person", EMBARGO_TYPE_PERSON},         {"individual", EMBARGO_TYPE_PERSON},
        {"organization", EMBARGO_TYPE_ORGANIZATION}, {"organisation", EMBARGO_TYPE_ORGANIZATION},
        {"entity", EMBARGO_TYPE_ORGANIZATION},   {"company", EMBARGO_TYPE_ORGANIZATION},
        {"business", EMBARGO_TYPE_ORGANIZATION}, {"legalentity", EMBARGO_TYPE_ORGANIZATION},
        {"vessel", EMBARGO_TYPE_VESSEL},         {"aircraft", EMBARGO_TYPE_AIRCRAFT},
    };
    if (!s) return EMBARGO_TYPE_UNKNOWN;
    for (size_t i = 0; i < sizeof(WORDS) / sizeof(WORDS[0]); i++)
        if (strlen(WORDS[i].word) == len && strncasecmp(WORDS[i].word, s, len) == 0)
            return WORDS[i].type;
    return EMBARGO_TYPE_UNKNOWN;
}

const char *embargo_name_kind_name(embargo_name_kind kind) {
    switch (kind) {
    case EMBARGO_NAME_PRIMARY: return "primary";
    case EMBARGO_NAME_AKA: return "aka";
    case EMBARGO_NAME_FKA: return "fka";
    case EMBARGO_NAME_NKA: return "nka";
    }
    return "unknown";
}

const char *embargo_field_kind_name(embargo_field_kind kind) {
    static const char *const NAMES[EMBARGO_FIELD__COUNT] = {
        "program", "title", "birth_date", "birth_place", "nationality", "citizenship",
        "gender", "address", "country", "id_document", "vessel_call_sign", "vessel_type",
        "vessel_tonnage", "vessel_grt", "vessel_flag", "vessel_owner", "email", "website",
        "phone", "linked_to", "remark", "remarks", "listed_on", "reference",
        "dataset"};
    return (unsigned)kind < EMBARGO_FIELD__COUNT ? NAMES[kind] : "unknown";
}

const char *embargo_pair_kind_name(embargo_pair_kind kind) {
    switch (kind) {
    case EMBARGO_PAIR_EXACT: return "exact";
    case EMBARGO_PAIR_TRANSLIT: return "transliteration";
    case EMBARGO_PAIR_PHONETIC: return "phonetic";
    case EMBARGO_PAIR_EDIT: return "edit_distance";
    case EMBARGO_PAIR_INITIAL: return "initial";
    case EMBARGO_PAIR_JOINED: return "joined";
    case EMBARGO_PAIR_LEGAL_FORM: return "legal_form";
    case EMBARGO_PAIR_QUERY_ONLY: return "query_only";
    case EMBARGO_PAIR_NAME_ONLY: return "name_only";
    }
    return "unknown";
}

const char *embargo_version(void) { return EMBARGO_VERSION; }

unsigned embargo_version_number(void) { return EMBARGO_VERSION_NUMBER; }
