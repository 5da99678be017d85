/*
 * equiv.c - spellings and names that stand for one name; see equiv.h.
 *
 * The Korean spellings follow the published tables: the Revised
 * Romanisation of Korean (South Korea, 2000) for each syllable's letters,
 * and the customary spellings of the common surnames as their bearers
 * write them in passports and the press (Park, Lee, Choi). The given-name
 * groups are embargo's own short table of one name across the European
 * languages and Russian, with a few common English short forms: written
 * for embargo, not taken from a nickname list.
 */
#include "equiv.h"
#include "romkey.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* ---- Hangul ------------------------------------------------------------------ */

/* Revised Romanisation: initials, vowels, finals (in Unicode's order). */
static const char *const RR_INITIAL[19] = {"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s",
                                           "ss", "", "j", "jj", "ch", "k", "t", "p", "h"};
static const char *const RR_VOWEL[21] = {"a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae",
                                         "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i"};
const char *const emb__hangul_final[28] = {"", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l",
                                         "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"};
/* The customary vowels where they differ: ㅓ u (Sung, Jung), ㅕ yu (Hyun),
 * ㅡ u (Un), ㅢ ui. */
static const char *const POP_VOWEL[21] = {"a", "ae", "ya", "yae", "u", "e", "yu", "ye", "o", "wa", "wae",
                                          "oe", "yo", "u", "wo", "we", "wi", "yu", "u", "ui", "i"};

/* The customary spellings of common surnames, by syllable (sorted). */
static const struct surname {
    uint32_t syllable;
    const char *spellings; /* separated by spaces */
} SURNAMES[] = {
    {0xAC15, "kang gang"}, /* 강 */
    {0xACE0, "ko go"}, /* 고 */
    {0xACF5, "kong gong"}, /* 공 */
    {0xACFD, "kwak gwak"}, /* 곽 */
    {0xAD6C, "koo gu ku"}, /* 구 */
    {0xAD6D, "kook kuk"}, /* 국 */
    {0xAD8C, "kwon gwon"}, /* 권 */
    {0xAE08, "keum kum"}, /* 금 */
    {0xAE30, "ki gi"}, /* 기 */
    {0xAE38, "gil kil"}, /* 길 */
    {0xAE40, "kim gim"}, /* 김 */
    {0xB098, "na ra"}, /* 나 */
    {0xB0A8, "nam"}, /* 남 */
    {0xB178, "noh roh no"}, /* 노 */
    {0xB3C4, "do to"}, /* 도 */
    {0xB77C, "ra na"}, /* 라 */
    {0xB824, "ryeo yeo"}, /* 려 */
    {0xB85C, "roh ro"}, /* 로 */
    {0xB958, "ryu yoo yu"}, /* 류 */
    {0xB9AC, "lee ri yi"}, /* 리 */
    {0xB9BC, "lim rim im"}, /* 림 */
    {0xB9F9, "maeng"}, /* 맹 */
    {0xBA85, "myung myeong"}, /* 명 */
    {0xBB38, "moon mun"}, /* 문 */
    {0xBBFC, "min"}, /* 민 */
    {0xBC15, "park bak"}, /* 박 */
    {0xBC18, "ban pan"}, /* 반 */
    {0xBC29, "bang pang"}, /* 방 */
    {0xBC30, "bae pae"}, /* 배 */
    {0xBC31, "baek paik paek"}, /* 백 */
    {0xBCC0, "byun byeon pyon"}, /* 변 */
    {0xC11C, "seo suh"}, /* 서 */
    {0xC11D, "seok suk"}, /* 석 */
    {0xC120, "sun seon"}, /* 선 */
    {0xC124, "seol sul"}, /* 설 */
    {0xC131, "sung seong"}, /* 성 */
    {0xC190, "son sohn"}, /* 손 */
    {0xC1A1, "song"}, /* 송 */
    {0xC2E0, "shin sin"}, /* 신 */
    {0xC2EC, "shim sim"}, /* 심 */
    {0xC548, "ahn an"}, /* 안 */
    {0xC591, "yang"}, /* 양 */
    {0xC5C4, "eom um"}, /* 엄 */
    {0xC5EC, "yeo yo"}, /* 여 */
    {0xC5F0, "yeon yon"}, /* 연 */
    {0xC5FC, "yeom yum"}, /* 염 */
    {0xC608, "ye"}, /* 예 */
    {0xC624, "oh o"}, /* 오 */
    {0xC655, "wang"}, /* 왕 */
    {0xC6A9, "yong"}, /* 용 */
    {0xC6B0, "woo u"}, /* 우 */
    {0xC6D0, "won"}, /* 원 */
    {0xC720, "yoo yu"}, /* 유 */
    {0xC721, "yook yuk"}, /* 육 */
    {0xC724, "yoon yun"}, /* 윤 */
    {0xC740, "eun un"}, /* 은 */
    {0xC774, "lee yi rhee"}, /* 이 */
    {0xC778, "in"}, /* 인 */
    {0xC784, "lim im rim"}, /* 임 */
    {0xC7A5, "jang chang"}, /* 장 */
    {0xC804, "jeon chun jun"}, /* 전 */
    {0xC815, "jung chung jeong"}, /* 정 */
    {0xC81C, "je che"}, /* 제 */
    {0xC870, "cho jo"}, /* 조 */
    {0xC8FC, "joo ju chu"}, /* 주 */
    {0xC9C0, "ji chi"}, /* 지 */
    {0xC9C4, "jin chin"}, /* 진 */
    {0xCC28, "cha"}, /* 차 */
    {0xCC44, "chae"}, /* 채 */
    {0xCC9C, "cheon chun"}, /* 천 */
    {0xCD5C, "choi choe"}, /* 최 */
    {0xCD94, "choo chu"}, /* 추 */
    {0xD0C1, "tak"}, /* 탁 */
    {0xD3B8, "pyeon pyun"}, /* 편 */
    {0xD45C, "pyo"}, /* 표 */
    {0xD558, "ha"}, /* 하 */
    {0xD55C, "han"}, /* 한 */
    {0xD568, "ham"}, /* 함 */
    {0xD5C8, "heo huh hur"}, /* 허 */
    {0xD604, "hyun hyeon"}, /* 현 */
    {0xD64D, "hong"}, /* 홍 */
    {0xD669, "hwang"}, /* 황 */
};

static int cmp_surname(const void *k, const void *e) {
    uint32_t a = *(const uint32_t *)k, b = ((const struct surname *)e)->syllable;
    return a < b ? -1 : a > b;
}

/* Adds the key of spelling s[0..n) to t's free reading slots unless t
 * has it already; returns 0, or -1 when out of memory. */
static int add_key(emb_arena *a, emb_token *t, const char *s, size_t n) {
    if (n == 0 || n > EMB_TOKEN_MAX) return 0;
    char kbuf[EMB_ROMKEY_CAP(EMB_TOKEN_MAX)];
    size_t kl = emb__romkey(s, n, kbuf);
    if (kl == 0 || kl > 255 || (kl == t->klen && memcmp(kbuf, t->key, kl) == 0)) return 0;
    int k = 0;
    while (k < EMB_ALT_KEYS && t->aklen[k]) {
        if (t->aklen[k] == kl && memcmp(t->akey[k], kbuf, kl) == 0) return 0;
        k++;
    }
    if (k == EMB_ALT_KEYS) return 0;
    char *key = emb__arena_strndup(a, kbuf, kl);
    if (!key) return -1;
    t->akey[k] = key;
    t->aklen[k] = (uint8_t)kl;
    return 0;
}

embargo_status emb__equiv_hangul(emb_arena *a, emb_token *t, uint32_t syllable, int surname) {
    if (syllable < 0xAC00 || syllable > 0xD7A3) return EMBARGO_OK;
    if (surname) {
        const struct surname *s = bsearch(&syllable, SURNAMES, sizeof(SURNAMES) / sizeof(SURNAMES[0]),
                                          sizeof(SURNAMES[0]), cmp_surname);
        for (const char *p = s ? s->spellings : ""; *p;) {
            size_t n = strcspn(p, " ");
            if (add_key(a, t, p, n)) return EMBARGO_ENOMEM;
            p += n;
            while (*p == ' ') p++;
        }
    }
    unsigned i = syllable - 0xAC00, l = i / 588, v = (i % 588) / 28, f = i % 28;
    char buf[16];
    for (int pop = 0; pop < 2; pop++) {
        size_t n = 0;
        const char *parts[3] = {RR_INITIAL[l], pop ? POP_VOWEL[v] : RR_VOWEL[v], emb__hangul_final[f]};
        for (int k = 0; k < 3; k++) {
            size_t pl = strlen(parts[k]);
            memcpy(buf + n, parts[k], pl);
            n += pl;
        }
        if (add_key(a, t, buf, n)) return EMBARGO_ENOMEM;
    }
    return EMBARGO_OK;
}

/* ---- given names ------------------------------------------------------------- */

/* One group a name across languages, its spellings and the short forms
 * people write for it (hypocoristics: Volodya, Vova for Vladimir; Pepe for
 * Jose; Bibi for Binyamin), sorted for the binary search. A word has one
 * group: a short form of several names (Slava, Sandy, Jerry) is left out,
 * and so is one person's nickname (Barry). */

static const struct given {
    const char *name;
    uint32_t group;
} GIVEN[] = {
    {"alejandro", 8},
    {"aleksandar", 8},
    {"aleksander", 8},
    {"aleksandr", 8},
    {"aleksei", 42},
    {"aleksey", 42},
    {"alessandro", 8},
    {"alex", 8},
    {"alexander", 8},
    {"alexandr", 8},
    {"alexandre", 8},
    {"alexandros", 8},
    {"alexei", 42},
    {"alexey", 42},
    {"alyosha", 42},
    {"anatoli", 52},
    {"anatolii", 52},
    {"anatoliy", 52},
    {"anatoly", 52},
    {"andre", 15},
    {"andrea", 15},
    {"andreas", 15},
    {"andrei", 15},
    {"andres", 15},
    {"andrew", 15},
    {"andrey", 15},
    {"andrii", 15},
    {"andriy", 15},
    {"andrzej", 15},
    {"andy", 15},
    {"ann", 30},
    {"anna", 30},
    {"anne", 30},
    {"anthony", 16},
    {"antoine", 16},
    {"anton", 16},
    {"antonio", 16},
    {"antony", 16},
    {"ben", 26},
    {"benjamin", 26},
    {"benny", 26},
    {"benyamin", 26},
    {"betty", 27},
    {"bibi", 26},
    {"bill", 6},
    {"billy", 6},
    {"binyamin", 26},
    {"bob", 7},
    {"bobby", 7},
    {"carlo", 18},
    {"carlos", 18},
    {"catalina", 29},
    {"caterina", 29},
    {"catherine", 29},
    {"cathy", 29},
    {"charles", 18},
    {"charlie", 18},
    {"chris", 48},
    {"christoph", 48},
    {"christopher", 48},
    {"chucho", 56},
    {"chuck", 18},
    {"constantin", 44},
    {"constantine", 44},
    {"costantino", 44},
    {"cristobal", 48},
    {"cristoforo", 48},
    {"daniel", 24},
    {"daniil", 24},
    {"danilo", 24},
    {"danny", 24},
    {"dave", 23},
    {"david", 23},
    {"davide", 23},
    {"dawid", 23},
    {"dick", 17},
    {"dima", 41},
    {"dimitri", 41},
    {"dimitrios", 41},
    {"dmitri", 41},
    {"dmitrii", 41},
    {"dmitriy", 41},
    {"dmitry", 41},
    {"dmytro", 41},
    {"ed", 21},
    {"eddie", 21},
    {"edoardo", 21},
    {"eduard", 21},
    {"eduardo", 21},
    {"edward", 21},
    {"ekaterina", 29},
    {"elena", 31},
    {"elisabeth", 27},
    {"elisabetta", 27},
    {"elizabeth", 27},
    {"enrico", 19},
    {"enrique", 19},
    {"esteban", 11},
    {"etienne", 11},
    {"eugen", 43},
    {"eugene", 43},
    {"eugenio", 43},
    {"evgenii", 43},
    {"evgeniy", 43},
    {"evgeny", 43},
    {"federico", 49},
    {"fedor", 5},
    {"fedya", 5},
    {"felipe", 36},
    {"feodor", 5},
    {"filip", 36},
    {"filippo", 36},
    {"francesco", 20},
    {"francis", 20},
    {"francisco", 20},
    {"francois", 20},
    {"franz", 20},
    {"fred", 49},
    {"frederic", 49},
    {"frederick", 49},
    {"friedrich", 49},
    {"fritz", 49},
    {"fyodor", 5},
    {"gabriel", 45},
    {"gabriele", 45},
    {"gavriil", 45},
    {"genrikh", 19},
    {"georg", 12},
    {"george", 12},
    {"georgiy", 12},
    {"georgy", 12},
    {"giacomo", 13},
    {"gianni", 1},
    {"giorgio", 12},
    {"giovanni", 1},
    {"giuseppe", 4},
    {"greg", 37},
    {"gregoire", 37},
    {"gregor", 37},
    {"gregorio", 37},
    {"gregory", 37},
    {"grigoriy", 37},
    {"grigory", 37},
    {"grisha", 37},
    {"guadalupe", 57},
    {"guglielmo", 6},
    {"guillaume", 6},
    {"guillermo", 6},
    {"hank", 19},
    {"hans", 1},
    {"harry", 19},
    {"heinrich", 19},
    {"helen", 31},
    {"helena", 31},
    {"helene", 31},
    {"henri", 19},
    {"henry", 19},
    {"ignace", 55},
    {"ignacio", 55},
    {"ignatius", 55},
    {"ignatiy", 55},
    {"ignazio", 55},
    {"ioann", 1},
    {"iosif", 4},
    {"iouri", 51},
    {"isabel", 27},
    {"isabella", 27},
    {"ivan", 1},
    {"jack", 1},
    {"jacob", 14},
    {"jaime", 13},
    {"jake", 14},
    {"jakob", 14},
    {"james", 13},
    {"jan", 1},
    {"jean", 1},
    {"jesus", 56},
    {"jim", 13},
    {"jimmy", 13},
    {"joao", 1},
    {"joe", 4},
    {"joey", 4},
    {"johan", 1},
    {"johann", 1},
    {"johannes", 1},
    {"john", 1},
    {"johnny", 1},
    {"jon", 1},
    {"jorge", 12},
    {"jose", 4},
    {"josef", 4},
    {"joseph", 4},
    {"josip", 4},
    {"jozef", 4},
    {"juan", 1},
    {"jurij", 51},
    {"karl", 18},
    {"kate", 29},
    {"katerina", 29},
    {"katharina", 29},
    {"katherine", 29},
    {"kathryn", 29},
    {"kathy", 29},
    {"katia", 29},
    {"katie", 29},
    {"katya", 29},
    {"kolya", 9},
    {"konstantin", 44},
    {"kostiantyn", 44},
    {"kostya", 44},
    {"kostyantyn", 44},
    {"lalo", 21},
    {"larry", 39},
    {"laurence", 39},
    {"laurent", 39},
    {"lavrenty", 39},
    {"lawrence", 39},
    {"lena", 31},
    {"liz", 27},
    {"lorenzo", 39},
    {"luc", 35},
    {"luca", 35},
    {"lucas", 35},
    {"luka", 35},
    {"luke", 35},
    {"lupe", 57},
    {"lyosha", 42},
    {"maggie", 32},
    {"marc", 34},
    {"marco", 34},
    {"marcos", 34},
    {"margaret", 32},
    {"margarethe", 32},
    {"margarita", 32},
    {"margherita", 32},
    {"marguerite", 32},
    {"maria", 28},
    {"marie", 28},
    {"marija", 28},
    {"mariya", 28},
    {"mark", 34},
    {"marko", 34},
    {"mary", 28},
    {"masha", 28},
    {"mateo", 33},
    {"mateusz", 33},
    {"mathieu", 33},
    {"matt", 33},
    {"matteo", 33},
    {"matthew", 33},
    {"matthias", 33},
    {"matvei", 33},
    {"matvey", 33},
    {"michael", 2},
    {"michal", 2},
    {"michel", 2},
    {"michele", 2},
    {"miguel", 2},
    {"mihail", 2},
    {"mikael", 2},
    {"mike", 2},
    {"mikhail", 2},
    {"misha", 2},
    {"mykola", 9},
    {"nacho", 55},
    {"natalia", 53},
    {"natalie", 53},
    {"nataliya", 53},
    {"natalya", 53},
    {"natasha", 53},
    {"nathalie", 53},
    {"nicholas", 9},
    {"nick", 9},
    {"nicola", 9},
    {"nicolai", 9},
    {"nicolas", 9},
    {"niklas", 9},
    {"nikolai", 9},
    {"nikolay", 9},
    {"oleksandr", 8},
    {"oleksii", 42},
    {"oleksiy", 42},
    {"olena", 31},
    {"pablo", 10},
    {"paco", 20},
    {"pancho", 20},
    {"paolo", 10},
    {"pasha", 10},
    {"paul", 10},
    {"paulo", 10},
    {"pavel", 10},
    {"pavlo", 10},
    {"pedro", 3},
    {"peggy", 32},
    {"pepe", 4},
    {"pete", 3},
    {"peter", 3},
    {"petr", 3},
    {"petro", 3},
    {"petya", 3},
    {"phil", 36},
    {"philip", 36},
    {"philippe", 36},
    {"phillip", 36},
    {"pierre", 3},
    {"pietro", 3},
    {"piotr", 3},
    {"pyotr", 3},
    {"rafael", 46},
    {"raffaele", 46},
    {"raphael", 46},
    {"ricardo", 17},
    {"riccardo", 17},
    {"richard", 17},
    {"rick", 17},
    {"rob", 7},
    {"robert", 7},
    {"roberto", 7},
    {"sacha", 8},
    {"sam", 25},
    {"samuel", 25},
    {"samuele", 25},
    {"sasha", 8},
    {"serezha", 40},
    {"serge", 40},
    {"sergei", 40},
    {"sergey", 40},
    {"sergii", 40},
    {"sergio", 40},
    {"sergiy", 40},
    {"serhii", 40},
    {"serhiy", 40},
    {"seryozha", 40},
    {"stefan", 11},
    {"stefano", 11},
    {"stepan", 11},
    {"stephane", 11},
    {"stephen", 11},
    {"steve", 11},
    {"steven", 11},
    {"sveta", 60},
    {"svetlana", 60},
    {"tania", 54},
    {"tanya", 54},
    {"tatiana", 54},
    {"tatjana", 54},
    {"tatyana", 54},
    {"ted", 5},
    {"teddy", 5},
    {"teodoro", 5},
    {"theodor", 5},
    {"theodore", 5},
    {"thomas", 22},
    {"tim", 58},
    {"timmy", 58},
    {"timofei", 58},
    {"timofey", 58},
    {"timothy", 58},
    {"tolya", 52},
    {"tom", 22},
    {"tomas", 22},
    {"tommaso", 22},
    {"tommy", 22},
    {"tony", 16},
    {"uladzimir", 50},
    {"vanya", 1},
    {"vasilii", 59},
    {"vasiliy", 59},
    {"vasily", 59},
    {"vasya", 59},
    {"vasyl", 59},
    {"veniamin", 26},
    {"vicente", 38},
    {"victor", 47},
    {"viktor", 47},
    {"vince", 38},
    {"vincent", 38},
    {"vincenzo", 38},
    {"vittorio", 47},
    {"vitya", 47},
    {"vladimir", 50},
    {"volodya", 50},
    {"volodymyr", 50},
    {"vova", 50},
    {"wilhelm", 6},
    {"willem", 6},
    {"william", 6},
    {"wladimir", 50},
    {"yaakov", 14},
    {"yakov", 14},
    {"yekaterina", 29},
    {"yelena", 31},
    {"yelizaveta", 27},
    {"yevgeniy", 43},
    {"yevgeny", 43},
    {"yevhen", 43},
    {"yura", 51},
    {"yuri", 51},
    {"yurii", 51},
    {"yuriy", 51},
    {"yury", 51},
    {"zhenya", 43},
};

/* strcmp of s[0..n) and the NUL-terminated g, without a call: the
 * analyser asks for every word of every name. */
static int cmp_given(const char *s, size_t n, const char *g) {
    for (size_t i = 0; i < n; i++) {
        unsigned char a = (unsigned char)s[i], b = (unsigned char)g[i];
        if (a != b) return a < b ? -1 : 1; /* b is 0 where g ends */
    }
    return g[n] ? -1 : 0;
}

uint32_t emb__equiv_given(const char *s, size_t n) {
    size_t lo = 0, hi = sizeof(GIVEN) / sizeof(GIVEN[0]);
    if (n < 2 || n > 12) return 0;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = cmp_given(s, n, GIVEN[mid].name);
        if (c == 0) return GIVEN[mid].group;
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return 0;
}

/* The first letters of each group's names (emb__equiv_given_initials),
 * made once: the screen asks for them for every query's given names. */
#define GIVEN_GROUPS 64 /* above the table's highest group number */
static uint32_t group_initials[GIVEN_GROUPS];
static pthread_once_t group_once = PTHREAD_ONCE_INIT;

static uint32_t initials_of(uint32_t group) {
    uint32_t mask = 0;
    for (size_t i = 0; i < sizeof(GIVEN) / sizeof(GIVEN[0]); i++)
        if (GIVEN[i].group == group) mask |= 1u << ((unsigned char)GIVEN[i].name[0] & 31);
    return mask;
}

static void group_initials_build(void) {
    for (uint32_t g = 1; g < GIVEN_GROUPS; g++) group_initials[g] = initials_of(g);
}

uint32_t emb__equiv_given_initials(uint32_t group) {
    if (group == 0) return 0;
    if (group >= GIVEN_GROUPS) return initials_of(group); /* (a table grown past it: still right) */
    pthread_once(&group_once, group_initials_build);
    return group_initials[group];
}
