/*
 * test_freq.c - the generated name-token frequency table (text/freq.h).
 *
 * Checks what the matcher relies on: common name parts and company words
 * are frequent, distinctive surnames are rare or absent, lookups take
 * pointer+length slices, and the table really is sorted so that the
 * bisection in emb__name_freq() finds every entry.
 */
#include "test.h"
#include "text/freq.h"

#include <stdlib.h>

static uint32_t freq(const char *s) {
    return emb__name_freq(s, strlen(s));
}

TEST(common_tokens_are_frequent) {
    const char *common[] = {"mohammed", "muhammad", "ali", "john", "company", "bank",
                            "limited", "llc", "al", "abdul"};
    for (size_t i = 0; i < sizeof(common) / sizeof(common[0]); i++) {
        uint32_t n = freq(common[i]);
        if (n < 100) fprintf(stderr, "  %s: %u\n", common[i], (unsigned)n);
        CHECK(n >= 100);
        CHECK(n < emb__name_freq_total);
    }
    /* A distinctive surname is far rarer: Kosachev is below the cutoff. */
    uint32_t rare = freq("kosachev");
    CHECK(rare < 3);
    CHECK(freq("mohammed") > 50 * (rare + 1));
    CHECK(freq("ali") > 50 * (rare + 1));
    CHECK(freq("company") > freq("kislyak"));
    CHECK(freq("vladimir") > freq("putin"));
}

TEST(total_is_plausible) {
    CHECK(emb__name_freq_total > 10000);
    uint32_t maxdf = 0, df = 0;
    for (size_t i = 0; emb__name_freq_entry(i, NULL, &df); i++)
        if (df > maxdf) maxdf = df;
    CHECK(maxdf > 0);
    CHECK(maxdf <= emb__name_freq_total);
}

TEST(tokens_follow_the_tokeniser) {
    /* Apostrophes are deleted (O'NEILL -> oneill): the joined form exists. */
    CHECK(freq("oneill") >= 3);
    /* Lookups take normalised tokens only: no case folding here. */
    CHECK_EQ_INT(freq("ALI"), 0);
    CHECK_EQ_INT(freq("Ali"), 0);
    CHECK_EQ_INT(freq("o'neill"), 0);
    CHECK_EQ_INT(freq("ali "), 0);
    CHECK_EQ_INT(freq(" ali"), 0);
}

TEST(unknown_and_empty_tokens) {
    CHECK_EQ_INT(freq("zzzzqqqxj"), 0);
    CHECK_EQ_INT(freq("qqqqqqqqqqqqqqqqqqq"), 0);
    CHECK_EQ_INT(emb__name_freq("ali", 0), 0);
    CHECK_EQ_INT(emb__name_freq("", 0), 0);
    CHECK_EQ_INT(emb__name_freq(NULL, 0), 0);
    /* Before the first and after the last entry in byte order. */
    CHECK_EQ_INT(emb__name_freq("\x01", 1), 0);
    CHECK_EQ_INT(emb__name_freq("\xff\xff", 2), 0);
    CHECK_EQ_INT(emb__name_freq("\xc3\xa9", 2), 0); /* UTF-8 e-acute */
    /* An embedded NUL is part of the token, not its end. */
    CHECK_EQ_INT(emb__name_freq("ali\0", 4), 0);
    CHECK_EQ_INT(emb__name_freq("ali\0x", 5), 0);
}

TEST(slices_need_no_nul) {
    /* tok[0..len) is a slice of a longer buffer. */
    const char *buf = "alimohammedbank";
    CHECK_EQ_INT(emb__name_freq(buf, 3), freq("ali"));
    CHECK_EQ_INT(emb__name_freq(buf + 3, 8), freq("mohammed"));
    CHECK_EQ_INT(emb__name_freq(buf + 11, 4), freq("bank"));
    CHECK_EQ_INT(emb__name_freq(buf, 2), freq("al"));
    /* A prefix or extension of an entry is a different token. */
    CHECK(emb__name_freq(buf, 2) != emb__name_freq(buf, 3));
    /* Exact-size heap copy, so ASan sees any read past the end. */
    char *exact = malloc(8);
    CHECK(exact != NULL);
    if (exact) {
        memcpy(exact, "mohammed", 8);
        CHECK_EQ_INT(emb__name_freq(exact, 8), freq("mohammed"));
        free(exact);
    }
}

TEST(very_long_tokens) {
    size_t n = 1u << 20;
    char *big = malloc(n);
    CHECK(big != NULL);
    if (!big) return;
    memset(big, 'a', n);
    CHECK_EQ_INT(emb__name_freq(big, n), 0);
    CHECK_EQ_INT(emb__name_freq(big, 300), 0);
    /* The longest entry is found; one more letter is not. */
    size_t longest = 0, maxlen = 0, len = 0;
    const char *s;
    for (size_t i = 0; (s = emb__name_freq_entry(i, &len, NULL)) != NULL; i++)
        if (len > maxlen) {
            maxlen = len;
            longest = i;
        }
    CHECK(maxlen > 10);
    s = emb__name_freq_entry(longest, &len, NULL);
    CHECK(s != NULL);
    if (s && len + 1 < n) {
        memcpy(big, s, len);
        big[len] = 'z';
        CHECK(emb__name_freq(big, len) >= 3);
        CHECK_EQ_INT(emb__name_freq(big, len + 1), 0);
    }
    free(big);
}

TEST(table_is_sorted_and_well_formed) {
    size_t n = emb__name_freq_size();
    CHECK(n > 1000);
    CHECK(emb__name_freq_entry(n, NULL, NULL) == NULL);
    CHECK(emb__name_freq_entry((size_t)-1, NULL, NULL) == NULL);
    const char *prev = NULL;
    size_t bad_order = 0, bad_chars = 0, bad_len = 0, bad_df = 0, not_found = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = 0;
        uint32_t df = 0;
        const char *s = emb__name_freq_entry(i, &len, &df);
        if (!s) { CHECK(s != NULL); break; }
        if (len == 0 || strlen(s) != len) bad_len++;
        for (size_t k = 0; k < len; k++)
            if (!((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= '0' && s[k] <= '9'))) {
                bad_chars++;
                break;
            }
        /* tokens of 3+ names, and English words seen in at least one */
        emb_name_stat st;
        emb__name_stats(s, len, &st);
        if (df < (st.word ? 1u : 3u) || df > emb__name_freq_total || st.person_df > df) bad_df++;
        if (prev && strcmp(prev, s) >= 0) {
            if (bad_order++ < 5) fprintf(stderr, "  order: \"%s\" >= \"%s\"\n", prev, s);
        }
        /* Bisection over the whole table finds every entry with its count. */
        if (emb__name_freq(s, len) != df) not_found++;
        prev = s;
    }
    CHECK_EQ_INT(bad_order, 0);
    CHECK_EQ_INT(bad_chars, 0);
    CHECK_EQ_INT(bad_len, 0);
    CHECK_EQ_INT(bad_df, 0);
    CHECK_EQ_INT(not_found, 0);
}

/* emb__name_word_unseen keeps only 32-bit hashes of its words: members
 * answer yes, a table entry (a token some name contains) never does, and
 * "phalastini", a name token whose hash is a member's, is answered no by the
 * generator's list of colliding non-members. */
TEST(unseen_words_by_hash) {
    const char *yes[] = {"micron", "parsec", "option", "surgeon", "strip"};
    for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
        CHECK(emb__name_word_unseen(yes[i], strlen(yes[i])));
    CHECK(!emb__name_word_unseen("phalastini", 10));
    CHECK(!emb__name_word_unseen("line", 4));
    CHECK(!emb__name_word_unseen("company", 7));
    CHECK(!emb__name_word_unseen("Micron", 6));
    CHECK(!emb__name_word_unseen("micr0n", 6));
    CHECK(!emb__name_word_unseen("", 0));
    CHECK(!emb__name_word_unseen(NULL, 6));
    /* a slice: "micronqq" cut to "micron", no NUL needed */
    CHECK(emb__name_word_unseen("micronqq", 6));
    CHECK(!emb__name_word_unseen("micronqq", 8));
    size_t n = emb__name_freq_size();
    int hits = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = 0;
        const char *s = emb__name_freq_entry(i, &len, NULL);
        if (s && emb__name_word_unseen(s, len)) {
            if (hits++ < 5) fprintf(stderr, "  unseen but in the table: %.*s\n", (int)len, s);
        }
    }
    CHECK_EQ_INT(hits, 0);
}

int main(void) {
    RUN(common_tokens_are_frequent);
    RUN(total_is_plausible);
    RUN(tokens_follow_the_tokeniser);
    RUN(unknown_and_empty_tokens);
    RUN(slices_need_no_nul);
    RUN(very_long_tokens);
    RUN(table_is_sorted_and_well_formed);
    RUN(unseen_words_by_hash);
    return test_summary();
}
