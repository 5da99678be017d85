/*
 * csl.c - loaders for the US Consolidated Screening List (trade.gov CSV) and
 * the BIS Denied Persons List (tab-separated text).
 *
 * The Consolidated Screening List (list "us-csl") merges eleven US export
 * and sanctions lists (SDN, Entity List, Denied Persons, Unverified, ...)
 * into one CSV with a header. Two layouts are read, told apart by the
 * header and mapped by column name, so a column added later is passed over:
 *   current (29 columns): _id,source,entity_number,type,programs,name,...,ids
 *   legacy  (28 columns): source,entity_number,type,programs,name,...,ids
 * Mapping:
 *   id            current: "us-csl:" + _id (trade.gov's record id, unique in
 *                 every file seen). Legacy: "us-csl:<SRC>-" + entity_number
 *                 (OFAC's ent_num, 1-12 digits, given for Treasury lists
 *                 only; <SRC> is the abbreviation in the source's
 *                 parentheses, "SDN", "SSI", since numbers are not unique
 *                 across sources), else "us-csl:<SRC>-"
 *                 + 16 hex digits of XXH3-64 over the upper-cased name (white
 *                 space runs as one space) + "|" + start_date.
 *   type          Individual / Entity / Vessel / Aircraft; empty: unknown
 *   PROGRAM       source (the sub-list: "Entity List (EL) - Bureau of
 *                 Industry and Security"), then each of programs (";")
 *   names         name primary; alt_names (";") aliases
 *   LISTED_ON     start_date (ISO 8601 already; M/D/YYYY is converted)
 *   ADDRESS       each of addresses (";"); COUNTRY from an address's last
 *                 part when that is an ISO 3166 code ("..., Yerevan, AM")
 *   NATIONALITY, CITIZENSHIP   nationalities, citizenships (";"), codes as names
 *   BIRTH_DATE, BIRTH_PLACE    dates_of_birth, places_of_birth (";")
 *   TITLE, VESSEL_*            title; call_sign, vessel_type, gross_tonnage,
 *                              gross_registered_tonnage, vessel_flag, vessel_owner
 *   ids (";")     "Gender, Male" -> GENDER, Email Address -> EMAIL, Website ->
 *                 WEBSITE, Phone Number -> PHONE (either order: the legacy
 *                 layout writes the label last); sanctions notes (secondary
 *                 sanctions risk, directives, transactions prohibited) ->
 *                 REMARK; everything else -> ID_DOCUMENT as written
 *   REMARKS       remarks, whole
 *   REMARK        "Federal Register: ", "End date: ", "Standard order: ",
 *                 "License requirement: ", "License policy: " + the column
 *   the two source URLs are links to the sub-list's web page, not facts
 *   about the party, and are not kept.
 * In ";"-separated columns a leading "and " of an item (the list's own
 * join: "...; and Shijiazhuang ...") is dropped.
 *
 * The Denied Persons List (list "bis-dpl") has 12 tab-separated, quoted
 * columns: Name, Street_Address, City, State, Country, Postal_Code,
 * Effective_Date, Expiration_Date, Standard_Order, Last_Update, Action,
 * FR_Citation. One row is one address of one denial order, so a party with
 * three addresses has three rows (and the 2019 file holds 4 rows repeated
 * byte for byte). Rows are grouped into one entity per denial: the same
 * name (upper-cased, white space runs as one space) and the same
 * Effective_Date. There is no id column and line numbers change with every
 * edition, so the id is "bis-dpl:" + 16 hex digits of XXH3-64 over that
 * name + "|" + the ISO effective date: stable across editions for as long
 * as the order stands. (Should two different keys ever share a hash, the
 * later gets "-2", "-3"...; the key is checked against the entity's own
 * name and date.)
 *   type          unknown (the list does not say)
 *   names         Name (the first row's spelling primary, others aliases)
 *   ADDRESS       Street_Address, City, State, Postal_Code, Country joined by ", "
 *   COUNTRY       Country (an ISO code) as a country name
 *   LISTED_ON     Effective_Date (MM/DD/YYYY -> ISO 8601)
 *   REMARK        "Expiration date: " (ISO), "Standard order: ", "Last
 *                 update: " (as written: one row says 3017-08-22),
 *                 "Action: ", "Federal Register: " + the column
 *
 * Strictness, both lists: every record must have the header's number of
 * fields; an empty name or id, an unknown type, a start or effective date
 * that is not a date, a type differing between rows merged into one
 * entity, and any CSV error fail the whole load with EMBARGO_EFORMAT at the
 * file's line and column, and nothing is published. Neither file dates
 * itself; the list date comes from emb__folder_date.
 *
 * Country codes are named as OFAC's address files name countries ("Korea,
 * North", "Burma", "Russia"), so evidence from either list compares alike;
 * the table is ISO 3166-1 (Debian iso-codes 4.x) with OFAC's spellings,
 * plus XK Kosovo.
 */
#include "loader.h"
#include "csv.h"
#include "listfile.h"
#include "../base/alloc.h"
#include "../base/hash.h"
#include "../base/date.h"
#include "../base/str.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CSL_LIST "us-csl"
#define DPL_LIST "bis-dpl"
#define MAX_FIELDS 64

/* ---- shared helpers ------------------------------------------------------- */

static const struct country { char code[3]; const char *name; } COUNTRIES[] = {
    { "AD", "Andorra" }, { "AE", "United Arab Emirates" }, { "AF", "Afghanistan" },
    { "AG", "Antigua and Barbuda" }, { "AI", "Anguilla" }, { "AL", "Albania" }, { "AM", "Armenia" },
    { "AO", "Angola" }, { "AQ", "Antarctica" }, { "AR", "Argentina" }, { "AS", "American Samoa" },
    { "AT", "Austria" }, { "AU", "Australia" }, { "AW", "Aruba" }, { "AX", "Aland Islands" },
    { "AZ", "Azerbaijan" }, { "BA", "Bosnia and Herzegovina" }, { "BB", "Barbados" },
    { "BD", "Bangladesh" }, { "BE", "Belgium" }, { "BF", "Burkina Faso" }, { "BG", "Bulgaria" },
    { "BH", "Bahrain" }, { "BI", "Burundi" }, { "BJ", "Benin" }, { "BL", "Saint Barthelemy" },
    { "BM", "Bermuda" }, { "BN", "Brunei" }, { "BO", "Bolivia" },
    { "BQ", "Bonaire, Sint Eustatius and Saba" }, { "BR", "Brazil" }, { "BS", "Bahamas, The" },
    { "BT", "Bhutan" }, { "BV", "Bouvet Island" }, { "BW", "Botswana" }, { "BY", "Belarus" },
    { "BZ", "Belize" }, { "CA", "Canada" }, { "CC", "Cocos (Keeling) Islands" },
    { "CD", "Congo, Democratic Republic of the" }, { "CF", "Central African Republic" },
    { "CG", "Congo, Republic of the" }, { "CH", "Switzerland" }, { "CI", "Cote d Ivoire" },
    { "CK", "Cook Islands" }, { "CL", "Chile" }, { "CM", "Cameroon" }, { "CN", "China" },
    { "CO", "Colombia" }, { "CR", "Costa Rica" }, { "CU", "Cuba" }, { "CV", "Cabo Verde" },
    { "CW", "Curacao" }, { "CX", "Christmas Island" }, { "CY", "Cyprus" },
    { "CZ", "Czech Republic" }, { "DE", "Germany" }, { "DJ", "Djibouti" }, { "DK", "Denmark" },
    { "DM", "Dominica" }, { "DO", "Dominican Republic" }, { "DZ", "Algeria" }, { "EC", "Ecuador" },
    { "EE", "Estonia" }, { "EG", "Egypt" }, { "EH", "Western Sahara" }, { "ER", "Eritrea" },
    { "ES", "Spain" }, { "ET", "Ethiopia" }, { "FI", "Finland" }, { "FJ", "Fiji" },
    { "FK", "Falkland Islands" }, { "FM", "Micronesia, Federated States of" },
    { "FO", "Faroe Islands" }, { "FR", "France" }, { "GA", "Gabon" }, { "GB", "United Kingdom" },
    { "GD", "Grenada" }, { "GE", "Georgia" }, { "GF", "French Guiana" }, { "GG", "Guernsey" },
    { "GH", "Ghana" }, { "GI", "Gibraltar" }, { "GL", "Greenland" }, { "GM", "The Gambia" },
    { "GN", "Guinea" }, { "GP", "Guadeloupe" }, { "GQ", "Equatorial Guinea" }, { "GR", "Greece" },
    { "GS", "South Georgia and the South Sandwich Islands" }, { "GT", "Guatemala" },
    { "GU", "Guam" }, { "GW", "Guinea-Bissau" }, { "GY", "Guyana" }, { "HK", "Hong Kong" },
    { "HM", "Heard Island and McDonald Islands" }, { "HN", "Honduras" }, { "HR", "Croatia" },
    { "HT", "Haiti" }, { "HU", "Hungary" }, { "ID", "Indonesia" }, { "IE", "Ireland" },
    { "IL", "Israel" }, { "IM", "Man, Isle of" }, { "IN", "India" },
    { "IO", "British Indian Ocean Territory" }, { "IQ", "Iraq" }, { "IR", "Iran" },
    { "IS", "Iceland" }, { "IT", "Italy" }, { "JE", "Jersey" }, { "JM", "Jamaica" },
    { "JO", "Jordan" }, { "JP", "Japan" }, { "KE", "Kenya" }, { "KG", "Kyrgyzstan" },
    { "KH", "Cambodia" }, { "KI", "Kiribati" }, { "KM", "Comoros" },
    { "KN", "Saint Kitts and Nevis" }, { "KP", "Korea, North" }, { "KR", "Korea, South" },
    { "KW", "Kuwait" }, { "KY", "Cayman Islands" }, { "KZ", "Kazakhstan" }, { "LA", "Laos" },
    { "LB", "Lebanon" }, { "LC", "Saint Lucia" }, { "LI", "Liechtenstein" }, { "LK", "Sri Lanka" },
    { "LR", "Liberia" }, { "LS", "Lesotho" }, { "LT", "Lithuania" }, { "LU", "Luxembourg" },
    { "LV", "Latvia" }, { "LY", "Libya" }, { "MA", "Morocco" }, { "MC", "Monaco" },
    { "MD", "Moldova" }, { "ME", "Montenegro" }, { "MF", "Saint Martin" }, { "MG", "Madagascar" },
    { "MH", "Marshall Islands" }, { "MK", "North Macedonia, The Republic of" }, { "ML", "Mali" },
    { "MM", "Burma" }, { "MN", "Mongolia" }, { "MO", "Macau" },
    { "MP", "Northern Mariana Islands" }, { "MQ", "Martinique" }, { "MR", "Mauritania" },
    { "MS", "Montserrat" }, { "MT", "Malta" }, { "MU", "Mauritius" }, { "MV", "Maldives" },
    { "MW", "Malawi" }, { "MX", "Mexico" }, { "MY", "Malaysia" }, { "MZ", "Mozambique" },
    { "NA", "Namibia" }, { "NC", "New Caledonia" }, { "NE", "Niger" }, { "NF", "Norfolk Island" },
    { "NG", "Nigeria" }, { "NI", "Nicaragua" }, { "NL", "Netherlands" }, { "NO", "Norway" },
    { "NP", "Nepal" }, { "NR", "Nauru" }, { "NU", "Niue" }, { "NZ", "New Zealand" },
    { "OM", "Oman" }, { "PA", "Panama" }, { "PE", "Peru" }, { "PF", "French Polynesia" },
    { "PG", "Papua New Guinea" }, { "PH", "Philippines" }, { "PK", "Pakistan" }, { "PL", "Poland" },
    { "PM", "Saint Pierre and Miquelon" }, { "PN", "Pitcairn Islands" }, { "PR", "Puerto Rico" },
    { "PS", "Palestinian Territories" }, { "PT", "Portugal" }, { "PW", "Palau" },
    { "PY", "Paraguay" }, { "QA", "Qatar" }, { "RE", "Reunion" }, { "RO", "Romania" },
    { "RS", "Serbia" }, { "RU", "Russia" }, { "RW", "Rwanda" }, { "SA", "Saudi Arabia" },
    { "SB", "Solomon Islands" }, { "SC", "Seychelles" }, { "SD", "Sudan" }, { "SE", "Sweden" },
    { "SG", "Singapore" }, { "SH", "Saint Helena" }, { "SI", "Slovenia" }, { "SJ", "Svalbard" },
    { "SK", "Slovakia" }, { "SL", "Sierra Leone" }, { "SM", "San Marino" }, { "SN", "Senegal" },
    { "SO", "Somalia" }, { "SR", "Suriname" }, { "SS", "South Sudan" },
    { "ST", "Sao Tome and Principe" }, { "SV", "El Salvador" }, { "SX", "Sint Maarten" },
    { "SY", "Syria" }, { "SZ", "Eswatini" }, { "TC", "Turks and Caicos Islands" }, { "TD", "Chad" },
    { "TF", "French Southern Territories" }, { "TG", "Togo" }, { "TH", "Thailand" },
    { "TJ", "Tajikistan" }, { "TK", "Tokelau" }, { "TL", "Timor-Leste" }, { "TM", "Turkmenistan" },
    { "TN", "Tunisia" }, { "TO", "Tonga" }, { "TR", "Turkey" }, { "TT", "Trinidad and Tobago" },
    { "TV", "Tuvalu" }, { "TW", "Taiwan" }, { "TZ", "Tanzania" }, { "UA", "Ukraine" },
    { "UG", "Uganda" }, { "UM", "United States Minor Outlying Islands" }, { "US", "United States" },
    { "UY", "Uruguay" }, { "UZ", "Uzbekistan" }, { "VA", "Holy See" },
    { "VC", "Saint Vincent and the Grenadines" }, { "VE", "Venezuela" },
    { "VG", "Virgin Islands, British" }, { "VI", "Virgin Islands, U.S." }, { "VN", "Vietnam" },
    { "VU", "Vanuatu" }, { "WF", "Wallis and Futuna" }, { "WS", "Samoa" }, { "XK", "Kosovo" },
    { "YE", "Yemen" }, { "YT", "Mayotte" }, { "ZA", "South Africa" }, { "ZM", "Zambia" },
    { "ZW", "Zimbabwe" },
};

static int cmp_country(const void *k, const void *e) {
    return strncmp((const char *)k, ((const struct country *)e)->code, 2);
}

/* The country an ISO 3166-1 alpha-2 code names, or NULL. */
static const char *country_name(const char *p, size_t n) {
    if (n != 2 || p[0] < 'A' || p[0] > 'Z' || p[1] < 'A' || p[1] > 'Z') return NULL;
    char key[3] = { p[0], p[1], 0 };
    const struct country *c = bsearch(key, COUNTRIES, sizeof(COUNTRIES) / sizeof(COUNTRIES[0]),
                                      sizeof(COUNTRIES[0]), cmp_country);
    return c ? c->name : NULL;
}

/* Whether `n` bytes at p equal the ASCII word, ignoring case and the ends' white space. */
static int word_is(const char *p, size_t n, const char *word) {
    emb__trim(&p, &n);
    return emb__word_ieq(p, n, word);
}

/* A US list date to ISO 8601 in out[11]: "2017-10-16", "2017-10", "2017"
 * (kept) or "10/16/2017", "6/5/2019" (month first). Returns its length, or
 * 0 if it is not a valid date. */
static size_t us_date(const char *s, size_t n, char out[11]) {
    emb__trim(&s, &n);
    size_t i = 0;
    int y, m = 0, d = 0;
    if (n >= 4 && s[1] != '/' && s[2] != '/') {
        y = emb__read_digits(s, n, &i, 4, 4);
        if (y < 0) return 0;
        if (i < n) {
            if (s[i++] != '-' || (m = emb__read_digits(s, n, &i, 2, 2)) < 0) return 0;
            if (i < n && (s[i++] != '-' || (d = emb__read_digits(s, n, &i, 2, 2)) < 0)) return 0;
        }
        if (i != n || !emb__valid_ymd(y, m ? m : 1, d ? d : 1)) return 0;
    } else {
        m = emb__read_digits(s, n, &i, 1, 2);
        if (m < 0 || i >= n || s[i++] != '/') return 0;
        d = emb__read_digits(s, n, &i, 1, 2);
        if (d < 0 || i >= n || s[i++] != '/') return 0;
        y = emb__read_digits(s, n, &i, 4, 4);
        if (y < 0 || i != n || !emb__valid_ymd(y, m, d)) return 0;
    }
    return emb__iso_date_put(out, y, m, d);
}

/* Splits a ";"-separated column: the next item, trimmed, without a leading
 * "and ". Returns 0 when there is none left. */
static int next_item(const char **p, size_t *n, const char **item, size_t *len) {
    while (*n) {
        const char *s = *p;
        const char *semi = memchr(s, ';', *n);
        size_t k = semi ? (size_t)(semi - s) : *n;
        *p += semi ? k + 1 : k;
        *n -= semi ? k + 1 : k;
        emb__trim(&s, &k);
        if (k > 4 && memcmp(s, "and ", 4) == 0) {
            s += 4;
            k -= 4;
            emb__trim(&s, &k);
        }
        if (k) {
            *item = s;
            *len = k;
            return 1;
        }
    }
    return 0;
}


/* A country field from a code (its name) or a name (as written). */
static embargo_status add_country(emb_load *ld, emb_entity *e, embargo_field_kind kind,
                                  const char *p, size_t n) {
    emb__trim(&p, &n);
    const char *name = country_name(p, n);
    return name ? emb__entity_add_field_once(ld, e, kind, name, strlen(name)) : emb__entity_add_field_once(ld, e, kind, p, n);
}

/* Each item of a ";"-separated column as a field (countries as names). */
static embargo_status add_items(emb_load *ld, emb_entity *e, embargo_field_kind kind,
                                const char *p, size_t n) {
    const char *it;
    size_t len;
    embargo_status st = EMBARGO_OK;
    while (!st && next_item(&p, &n, &it, &len)) {
        if (kind == EMBARGO_FIELD_NATIONALITY || kind == EMBARGO_FIELD_CITIZENSHIP) {
            st = add_country(ld, e, kind, it, len);
        } else if (kind == EMBARGO_FIELD_BIRTH_DATE) {
            char iso[11];
            size_t k = us_date(it, len, iso);
            st = k ? emb__entity_add_field_once(ld, e, kind, iso, k) : emb__entity_add_field_once(ld, e, kind, it, len);
        } else if (kind == EMBARGO_FIELD_ADDRESS && country_name(it, len)) {
            /* an address that is only a country code ("TR") */
            st = add_country(ld, e, EMBARGO_FIELD_COUNTRY, it, len);
        } else if (kind == EMBARGO_FIELD_ADDRESS) {
            st = emb__entity_add_field_once(ld, e, kind, it, len);
            /* "..., Yerevan, AM": the last part names the country */
            const char *comma = NULL;
            for (size_t i = len; i > 0; i--)
                if (it[i - 1] == ',') { comma = it + i - 1; break; }
            if (!st && comma) {
                const char *c = comma + 1;
                size_t cl = len - (size_t)(c - it);
                emb__trim(&c, &cl);
                const char *name = country_name(c, cl);
                if (name) st = emb__entity_add_field_once(ld, e, EMBARGO_FIELD_COUNTRY, name, strlen(name));
            }
        } else {
            st = emb__entity_add_field_once(ld, e, kind, it, len);
        }
    }
    return st;
}

/* Names of a ";"-separated column as aliases. */
static embargo_status add_aliases(emb_load *ld, emb_entity *e, const char *p, size_t n) {
    const char *it;
    size_t len;
    embargo_status st = EMBARGO_OK;
    while (!st && next_item(&p, &n, &it, &len))
        st = emb__entity_add_name(ld, e, EMBARGO_NAME_AKA, 0, it, len);
    return st;
}

/* One item of the CSL ids column. */
static embargo_status add_id_item(emb_load *ld, emb_entity *e, const char *p, size_t n) {
    static const struct { const char *label; embargo_field_kind kind; } LABELS[] = {
        { "Gender", EMBARGO_FIELD_GENDER },
        { "Email Address", EMBARGO_FIELD_EMAIL },
        { "Website", EMBARGO_FIELD_WEBSITE },
        { "Phone Number", EMBARGO_FIELD_PHONE },
    };
    static const char *const NOTES[] = {
        "Secondary sanctions risk", "Transactions Prohibited", "Directive Determination",
        "Additional Sanctions Information",
    };
    /* "Label, value" or "value, Label" */
    const char *comma = memchr(p, ',', n);
    if (comma && !memchr(comma + 1, ',', n - (size_t)(comma - p) - 1)) {
        const char *a = p, *b = comma + 1;
        size_t al = (size_t)(comma - p), bl = n - al - 1;
        for (size_t i = 0; i < sizeof(LABELS) / sizeof(LABELS[0]); i++) {
            if (word_is(a, al, LABELS[i].label)) return emb__entity_add_field_once(ld, e, LABELS[i].kind, b, bl);
            if (word_is(b, bl, LABELS[i].label)) return emb__entity_add_field_once(ld, e, LABELS[i].kind, a, al);
        }
    }
    for (size_t i = 0; i < sizeof(NOTES) / sizeof(NOTES[0]); i++)
        if (emb__contains_ci(p, n, NOTES[i])) return emb__entity_add_field_once(ld, e, EMBARGO_FIELD_REMARK, p, n);
    return emb__entity_add_field_once(ld, e, EMBARGO_FIELD_ID_DOCUMENT, p, n);
}

/* The grouping key of a derived id: upper-cased name, white space runs as
 * one space, "|", the ISO date. Written to `out` (at least n + 12 bytes). */
static size_t group_key(const char *name, size_t n, const char *date, char *out) {
    emb__trim(&name, &n);
    size_t o = 0;
    int space = 0;
    for (size_t i = 0; i < n; i++) {
        int c = (unsigned char)name[i];
        if (emb__is_space(c)) { space = 1; continue; }
        if (space) out[o++] = ' ';
        space = 0;
        out[o++] = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
    }
    out[o++] = '|';
    size_t dl = strlen(date);
    memcpy(out + o, date, dl);
    return o + dl;
}

/* Whether entity `e` was made from the grouping key `key` (its primary
 * name and date give the same key). Compares as it goes: no buffer. */
static int entity_has_key(const emb_entity *e, const char *key, size_t klen) {
    if (!e->name_count) return 0;
    const char *date = "";
    for (uint32_t i = 0; i < e->field_count; i++)
        if (e->fields[i].kind == EMBARGO_FIELD_LISTED_ON) { date = e->fields[i].text; break; }
    const char *p = e->names[0].text;
    size_t n = e->names[0].len, o = 0;
    emb__trim(&p, &n);
    int space = 0;
    for (size_t i = 0; i < n; i++) {
        int c = (unsigned char)p[i];
        if (emb__is_space(c)) { space = 1; continue; }
        if (space && (o >= klen || key[o++] != ' ')) return 0;
        space = 0;
        if (o >= klen || key[o++] != (char)(c >= 'a' && c <= 'z' ? c - 32 : c)) return 0;
    }
    if (o >= klen || key[o++] != '|') return 0;
    size_t dl = strlen(date);
    return klen - o == dl && memcmp(key + o, date, dl) == 0;
}

/* Finds or makes the entity of a derived id "<prefix><hash>" for name and
 * ISO date (see the file comment). *made says whether it is new. */
static embargo_status derived_entity(emb_load *ld, const char *prefix, const char *name, size_t n,
                                     const char *date, embargo_entity_type type, emb_entity **out,
                                     int *made) {
    *out = NULL;
    *made = 0;
    if (n > SIZE_MAX / 4) return EMBARGO_ENOMEM;
    char *key = emb__malloc(n + 16);
    if (!key) return EMBARGO_ENOMEM;
    size_t klen = group_key(name, n, date, key);
    char local[48];
    int pl = snprintf(local, sizeof(local), "%s%016llx", prefix,
                      (unsigned long long)emb__hash(key, klen));
    embargo_status st = EMBARGO_OK;
    for (int attempt = 1; attempt <= 100; attempt++) {
        size_t ll = (size_t)pl;
        if (attempt > 1) ll += (size_t)snprintf(local + pl, sizeof(local) - (size_t)pl, "-%d", attempt);
        emb_entity *e = emb__load_find(ld, local, ll);
        if (e && entity_has_key(e, key, klen)) {
            *out = e;
            break;
        }
        if (!e) {
            *out = emb__load_entity(ld, local, ll, type, NULL);
            if (!*out) st = EMBARGO_ENOMEM;
            *made = 1;
            break;
        }
    }
    if (!*out && st == EMBARGO_OK) st = EMBARGO_EINVAL;  /* 100 collisions: cannot happen */
    emb__free(key);
    return st;
}

/* An id field: 1..128 bytes of letters, digits and - _ . / */
static int valid_id(const char *p, size_t n) {
    if (n == 0 || n > 128) return 0;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
              c == '-' || c == '_' || c == '.' || c == '/'))
            return 0;
    }
    return 1;
}

#define SHOW(p, n) (int)((n) > 40 ? 40 : (n)), (p)

/* ---- reading a delimited file ------------------------------------------------ */

typedef struct table {
    emb_load ld;
    emb_csv c;
    char *data;
    size_t width;                   /* fields of the header */
    int map[MAX_FIELDS];            /* column of each known header, or -1 */
} table;

/* Maps the header record's names against `names` (NULL-terminated) into
 * t->map. Returns how many of them were found. */
static size_t map_header(int *map, const emb_csv_field *f, size_t nf, const char *const *names) {
    size_t found = 0;
    for (size_t k = 0; names[k]; k++) {
        map[k] = -1;
        for (size_t i = 0; i < nf && i < MAX_FIELDS; i++)
            if (word_is(f[i].ptr, f[i].len, names[k])) {
                map[k] = (int)i;
                found++;
                break;
            }
    }
    return found;
}

/* A field of the current record by known column, trimmed ("" if absent). */
static void col(const int *map, const emb_csv_field *f, size_t nf, int k, const char **p, size_t *n) {
    *p = "";
    *n = 0;
    if (map[k] >= 0 && (size_t)map[k] < nf) {
        *p = f[map[k]].ptr;
        *n = f[map[k]].len;
        emb__trim(p, n);
    }
}

static unsigned long col_no(const int *map, const emb_csv_field *f, size_t nf, int k) {
    return map[k] >= 0 && (size_t)map[k] < nf ? f[map[k]].column : 1;
}

/* ---- the Consolidated Screening List ------------------------------------------- */

enum {
    K_ID, K_SOURCE, K_ENTNUM, K_TYPE, K_PROGRAMS, K_NAME, K_TITLE, K_ADDRESSES, K_FRN, K_START,
    K_END, K_STDORDER, K_LICREQ, K_LICPOL, K_CALLSIGN, K_VTYPE, K_GT, K_GRT, K_VFLAG, K_VOWNER,
    K_REMARKS, K_SRCURL, K_ALT, K_CITIZEN, K_DOB, K_NATIONALITY, K_POB, K_SRCINFO, K_IDS
};

static const char *const CSL_COLS[] = {
    "_id", "source", "entity_number", "type", "programs", "name", "title", "addresses",
    "federal_register_notice", "start_date", "end_date", "standard_order", "license_requirement",
    "license_policy", "call_sign", "vessel_type", "gross_tonnage", "gross_registered_tonnage",
    "vessel_flag", "vessel_owner", "remarks", "source_list_url", "alt_names", "citizenships",
    "dates_of_birth", "nationalities", "places_of_birth", "source_information_url", "ids", NULL,
};

/* Whether a header record is a CSL header (either layout). */
static int csl_header_ok(const int *map, const emb_csv_field *f, size_t nf) {
    if (nf < 2 || map[K_SOURCE] < 0 || map[K_NAME] < 0 || map[K_ENTNUM] < 0 || map[K_ALT] < 0)
        return 0;
    /* it starts with _id (current) or source (legacy) */
    return word_is(f[0].ptr, f[0].len, "_id") || word_is(f[0].ptr, f[0].len, "source");
}

/* "SDN" from "Specially Designated Nationals (SDN) - Treasury Department". */
static void source_abbr(const char *p, size_t n, char out[16]) {
    const char *open = memchr(p, '(', n);
    if (open) {
        const char *s = open + 1;
        size_t k = 0;
        while (s + k < p + n && k < 12 &&
               ((s[k] >= 'A' && s[k] <= 'Z') || (s[k] >= 'a' && s[k] <= 'z') || (s[k] >= '0' && s[k] <= '9')))
            k++;
        if (k && s + k < p + n && s[k] == ')') {
            memcpy(out, s, k);
            out[k] = '\0';
            return;
        }
    }
    memcpy(out, "CSL", 4);
}

static embargo_status csl_row(table *t, const emb_csv_field *f, size_t nf) {
    emb_load *ld = &t->ld;
    unsigned long line = t->c.record_line;
    const int *map = t->map;
    const char *p, *name, *src, *ty;
    size_t n, nn, sn, tn;
    col(map, f, nf, K_NAME, &name, &nn);
    col(map, f, nf, K_SOURCE, &src, &sn);
    col(map, f, nf, K_TYPE, &ty, &tn);
    if (!nn) return emb__load_fail(ld, line, col_no(map, f, nf, K_NAME), "name is empty");
    embargo_entity_type type = embargo_type_parse(ty, tn);
    if (tn && type == EMBARGO_TYPE_UNKNOWN)
        return emb__load_fail(ld, line, col_no(map, f, nf, K_TYPE), "unknown type '%.*s'", SHOW(ty, tn));
    char start[11] = "";
    col(map, f, nf, K_START, &p, &n);
    if (n && !us_date(p, n, start))
        return emb__load_fail(ld, line, col_no(map, f, nf, K_START), "start_date '%.*s' is not a date",
                              SHOW(p, n));

    emb_entity *e = NULL;
    int made = 0;
    embargo_status st = EMBARGO_OK;
    if (map[K_ID] >= 0) {
        col(map, f, nf, K_ID, &p, &n);
        if (!valid_id(p, n))
            return emb__load_fail(ld, line, col_no(map, f, nf, K_ID), "_id '%.*s' is not an id", SHOW(p, n));
        e = emb__load_find(ld, p, n);
        if (!e) {
            e = emb__load_entity(ld, p, n, type, NULL);
            if (!e) return EMBARGO_ENOMEM;
            made = 1;
        }
    } else {
        char abbr[16], local[160];
        source_abbr(src, sn, abbr);
        col(map, f, nf, K_ENTNUM, &p, &n);
        if (n) {
            /* OFAC's ent_num: a decimal number (never 16 characters, so it
             * cannot meet a derived id) */
            if (n > 12 || !emb__all_digits(p, n))
                return emb__load_fail(ld, line, col_no(map, f, nf, K_ENTNUM),
                                      "entity_number '%.*s' is not a number", SHOW(p, n));
            int k = snprintf(local, sizeof(local), "%s-%.*s", abbr, (int)n, p);
            e = emb__load_find(ld, local, (size_t)k);
            if (!e) {
                e = emb__load_entity(ld, local, (size_t)k, type, NULL);
                if (!e) return EMBARGO_ENOMEM;
                made = 1;
            }
        } else {
            snprintf(local, sizeof(local), "%s-", abbr);
            st = derived_entity(ld, local, name, nn, start, type, &e, &made);
            if (st) return st;
        }
    }
    if (!made && e->type != (uint8_t)type && type != EMBARGO_TYPE_UNKNOWN) {
        if (e->type != EMBARGO_TYPE_UNKNOWN)
            return emb__load_fail(ld, line, col_no(map, f, nf, K_TYPE),
                                  "type '%.*s' differs from an earlier row of %s", SHOW(ty, tn), e->id);
        e->type = (uint8_t)type;
    }

    st = emb__entity_add_name(ld, e, made ? EMBARGO_NAME_PRIMARY : EMBARGO_NAME_AKA, 0, name, nn);
    if (!st) st = emb__entity_add_field_once(ld, e, EMBARGO_FIELD_PROGRAM, src, sn);
    if (!st) { col(map, f, nf, K_PROGRAMS, &p, &n); st = add_items(ld, e, EMBARGO_FIELD_PROGRAM, p, n); }
    if (!st) { col(map, f, nf, K_ALT, &p, &n); st = add_aliases(ld, e, p, n); }
    if (!st && start[0]) st = emb__entity_add_field_once(ld, e, EMBARGO_FIELD_LISTED_ON, start, strlen(start));
    static const struct { int col; embargo_field_kind kind; } PLAIN[] = {
        { K_TITLE, EMBARGO_FIELD_TITLE },       { K_CALLSIGN, EMBARGO_FIELD_VESSEL_CALL_SIGN },
        { K_VTYPE, EMBARGO_FIELD_VESSEL_TYPE }, { K_GT, EMBARGO_FIELD_VESSEL_TONNAGE },
        { K_GRT, EMBARGO_FIELD_VESSEL_GRT },    { K_VFLAG, EMBARGO_FIELD_VESSEL_FLAG },
        { K_VOWNER, EMBARGO_FIELD_VESSEL_OWNER }, { K_REMARKS, EMBARGO_FIELD_REMARKS },
    };
    for (size_t i = 0; !st && i < sizeof(PLAIN) / sizeof(PLAIN[0]); i++) {
        col(map, f, nf, PLAIN[i].col, &p, &n);
        st = emb__entity_add_field_once(ld, e, PLAIN[i].kind, p, n);
    }
    static const struct { int col; embargo_field_kind kind; } LISTS[] = {
        { K_ADDRESSES, EMBARGO_FIELD_ADDRESS },   { K_NATIONALITY, EMBARGO_FIELD_NATIONALITY },
        { K_CITIZEN, EMBARGO_FIELD_CITIZENSHIP }, { K_DOB, EMBARGO_FIELD_BIRTH_DATE },
        { K_POB, EMBARGO_FIELD_BIRTH_PLACE },
    };
    for (size_t i = 0; !st && i < sizeof(LISTS) / sizeof(LISTS[0]); i++) {
        col(map, f, nf, LISTS[i].col, &p, &n);
        st = add_items(ld, e, LISTS[i].kind, p, n);
    }
    if (!st) {
        col(map, f, nf, K_IDS, &p, &n);
        const char *it;
        size_t len;
        while (!st && next_item(&p, &n, &it, &len)) st = add_id_item(ld, e, it, len);
    }
    static const struct { int col; const char *label; } LABELLED[] = {
        { K_FRN, "Federal Register: " },         { K_STDORDER, "Standard order: " },
        { K_LICREQ, "License requirement: " },   { K_LICPOL, "License policy: " },
    };
    for (size_t i = 0; !st && i < sizeof(LABELLED) / sizeof(LABELLED[0]); i++) {
        col(map, f, nf, LABELLED[i].col, &p, &n);
        st = emb__entity_add_labelled(ld, e, EMBARGO_FIELD_REMARK, LABELLED[i].label, p, n);
    }
    if (!st) {
        col(map, f, nf, K_END, &p, &n);
        char iso[11];
        size_t k = n ? us_date(p, n, iso) : 0;
        st = k ? emb__entity_add_labelled(ld, e, EMBARGO_FIELD_REMARK, "End date: ", iso, k)
               : emb__entity_add_labelled(ld, e, EMBARGO_FIELD_REMARK, "End date: ", p, n);
    }
    return st == EMBARGO_EINVAL ? emb__load_fail(ld, line, 1, "value too long") : st;
}

/* ---- the Denied Persons List ------------------------------------------------------ */

enum {
    D_NAME, D_STREET, D_CITY, D_STATE, D_COUNTRY, D_POSTAL, D_EFFECTIVE, D_EXPIRATION,
    D_STDORDER, D_LASTUPDATE, D_ACTION, D_FR
};

static const char *const DPL_COLS[] = {
    "Name", "Street_Address", "City", "State", "Country", "Postal_Code", "Effective_Date",
    "Expiration_Date", "Standard_Order", "Last_Update", "Action", "FR_Citation", NULL,
};

static int dpl_header_ok(const int *map) {
    return map[D_NAME] == 0 && map[D_STREET] >= 0 && map[D_EFFECTIVE] >= 0 && map[D_FR] >= 0;
}

static embargo_status dpl_row(table *t, const emb_csv_field *f, size_t nf) {
    emb_load *ld = &t->ld;
    unsigned long line = t->c.record_line;
    const int *map = t->map;
    const char *p, *name;
    size_t n, nn;
    col(map, f, nf, D_NAME, &name, &nn);
    if (!nn) return emb__load_fail(ld, line, col_no(map, f, nf, D_NAME), "Name is empty");
    char eff[11] = "";
    col(map, f, nf, D_EFFECTIVE, &p, &n);
    if (n && !us_date(p, n, eff))
        return emb__load_fail(ld, line, col_no(map, f, nf, D_EFFECTIVE),
                              "Effective_Date '%.*s' is not a date", SHOW(p, n));
    emb_entity *e;
    int made;
    embargo_status st = derived_entity(ld, "", name, nn, eff, EMBARGO_TYPE_UNKNOWN, &e, &made);
    if (st) return st;
    st = emb__entity_add_name(ld, e, made ? EMBARGO_NAME_PRIMARY : EMBARGO_NAME_AKA, 0, name, nn);
    if (!st && eff[0]) st = emb__entity_add_field_once(ld, e, EMBARGO_FIELD_LISTED_ON, eff, strlen(eff));
    if (!st) {
        /* the address: street, city, state, postal code, country code */
        static const int PARTS[] = { D_STREET, D_CITY, D_STATE, D_POSTAL, D_COUNTRY };
        char *addr = NULL;
        size_t len = 0;
        for (size_t i = 0; i < sizeof(PARTS) / sizeof(PARTS[0]); i++) {
            col(map, f, nf, PARTS[i], &p, &n);
            if (!n) continue;
            char *a = emb__realloc(addr, len + 2 + n);
            if (!a) { st = EMBARGO_ENOMEM; break; }
            addr = a;
            if (len) { memcpy(addr + len, ", ", 2); len += 2; }
            memcpy(addr + len, p, n);
            len += n;
        }
        if (!st && len) st = emb__entity_add_field_once(ld, e, EMBARGO_FIELD_ADDRESS, addr, len);
        emb__free(addr);
    }
    if (!st) { col(map, f, nf, D_COUNTRY, &p, &n); st = add_country(ld, e, EMBARGO_FIELD_COUNTRY, p, n); }
    if (!st) {
        col(map, f, nf, D_EXPIRATION, &p, &n);
        char iso[11];
        size_t k = n ? us_date(p, n, iso) : 0;
        st = k ? emb__entity_add_labelled(ld, e, EMBARGO_FIELD_REMARK, "Expiration date: ", iso, k)
               : emb__entity_add_labelled(ld, e, EMBARGO_FIELD_REMARK, "Expiration date: ", p, n);
    }
    static const struct { int col; const char *label; } LABELLED[] = {
        { D_STDORDER, "Standard order: " }, { D_LASTUPDATE, "Last update: " },
        { D_ACTION, "Action: " },           { D_FR, "Federal Register: " },
    };
    for (size_t i = 0; !st && i < sizeof(LABELLED) / sizeof(LABELLED[0]); i++) {
        col(map, f, nf, LABELLED[i].col, &p, &n);
        st = emb__entity_add_labelled(ld, e, EMBARGO_FIELD_REMARK, LABELLED[i].label, p, n);
    }
    return st == EMBARGO_EINVAL ? emb__load_fail(ld, line, 1, "value too long") : st;
}

/* ---- loading and sniffing ------------------------------------------------------------ */

typedef struct format {
    const char *list;
    char sep;
    const char *const *cols;
    int (*header_ok)(const int *map, const emb_csv_field *f, size_t nf);
    embargo_status (*row)(table *t, const emb_csv_field *f, size_t nf);
    const char *what;
} format;

static int dpl_header_ok3(const int *map, const emb_csv_field *f, size_t nf) {
    (void)f;
    (void)nf;
    return dpl_header_ok(map);
}

static const format CSL_FORMAT = { CSL_LIST, ',', CSL_COLS, csl_header_ok, csl_row,
                                   "a Consolidated Screening List header (_id or source, name, ...)" };
static const format DPL_FORMAT = { DPL_LIST, '\t', DPL_COLS, dpl_header_ok3, dpl_row,
                                   "a Denied Persons List header (Name, Street_Address, ...)" };

/* Whether `n` bytes at `head` start with the format's header. */
static int sniff_format(const format *fm, const unsigned char *head, size_t n) {
    emb_csv c;
    emb__csv_init_head(&c, (const char *)head, n);
    emb__csv_set_separator(&c, fm->sep);
    emb_csv_field f[MAX_FIELDS];
    int map[MAX_FIELDS];
    size_t nf;
    int ok = emb__csv_next(&c, f, MAX_FIELDS, &nf) == EMBARGO_OK && nf > 1;
    if (ok) {
        map_header(map, f, nf, fm->cols);
        ok = fm->header_ok(map, f, nf);
    }
    emb__csv_free(&c);
    return ok ? 100 : 0;
}

static embargo_status load_format(const format *fm, embargo_dataset *ds, const char *path,
                                  embargo_error *err) {
    table t;
    memset(&t, 0, sizeof(t));
    size_t len;
    embargo_status st = emb__read_file(path, &t.data, &len, err);
    if (st != EMBARGO_OK) return st;
    char date[64];
    emb__folder_date(path, date, sizeof(date));
    st = emb__load_begin(&t.ld, ds, fm->list, path, date, err);
    emb__csv_init(&t.c, t.data, len);
    emb__csv_set_separator(&t.c, fm->sep);
    emb_csv_field f[MAX_FIELDS];
    size_t nf = 0;
    if (st == EMBARGO_OK) {
        st = emb__csv_next_row(&t.c, &t.ld, f, MAX_FIELDS, 0, &nf);
        if (st == EMBARGO_OK) {
            if (nf) map_header(t.map, f, nf, fm->cols);
            if (!nf || !fm->header_ok(t.map, f, nf))
                st = emb__load_fail(&t.ld, 1, 1, "not %s", fm->what);
            t.width = nf;
        }
    }
    while (st == EMBARGO_OK) {
        st = emb__csv_next_row(&t.c, &t.ld, f, MAX_FIELDS, t.width, &nf);
        if (st != EMBARGO_OK || nf == 0) break;
        t.ld.rows++;
        st = fm->row(&t, f, nf < MAX_FIELDS ? nf : MAX_FIELDS);
    }
    st = emb__load_end(&t.ld, st);
    emb__csv_free(&t.c);
    emb__free(t.data);
    return st;
}

static int csl_sniff(const char *path, const unsigned char *head, size_t n) {
    (void)path;
    return sniff_format(&CSL_FORMAT, head, n);
}

static embargo_status csl_load(embargo_dataset *ds, const char *path, embargo_error *err) {
    return load_format(&CSL_FORMAT, ds, path, err);
}

static int dpl_sniff(const char *path, const unsigned char *head, size_t n) {
    (void)path;
    return sniff_format(&DPL_FORMAT, head, n);
}

static embargo_status dpl_load(embargo_dataset *ds, const char *path, embargo_error *err) {
    return load_format(&DPL_FORMAT, ds, path, err);
}

const emb_loader emb__csl_loader = { "csl-csv", csl_sniff, csl_load, NULL };
const emb_loader emb__dpl_loader = { "bis-dpl", dpl_sniff, dpl_load, NULL };
