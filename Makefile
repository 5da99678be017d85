# embargo - sanctions screening engine. Plain make + pkg-config.
#
#   make                 the library (build/libembargo.a) and ./embargo
#   make test            unit tests, golden cases, end-to-end tests
#   make SANITIZE=address,undefined test    the same under ASan/UBSan
#   make fuzz            libFuzzer harnesses (clang), short runs
#   make bench           benchmarks; figures go to bench/results.txt
#   make bench-scale     1,000,000 generated entities; bench/results-scale.txt
#   make eval            accuracy on labelled data; figures go to eval/*results.txt

CC       ?= cc
PKGS     := icu-uc icu-i18n libxxhash libxml-2.0 libzip jansson
CSTD     := -std=c11 -D_POSIX_C_SOURCE=200809L
WARN     := -Wall -Wextra -Wshadow -Wconversion -Wno-sign-conversion \
            -Wmissing-prototypes -Wstrict-prototypes -Wpointer-arith -Wvla
OPT      ?= -O2 -g
CFLAGS   += $(CSTD) $(WARN) $(OPT) -Iinclude $(shell pkg-config --cflags $(PKGS))
LDLIBS   += $(shell pkg-config --libs $(PKGS)) -lm
ifdef WERROR
CFLAGS   += -Werror
endif
ifdef SANITIZE
CFLAGS   += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS  += -fsanitize=$(SANITIZE)
BUILD    ?= build/san
endif
BUILD    ?= build

LIB_SRC  := $(wildcard src/*/*.c)
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
LIB      := $(BUILD)/libembargo.a
CLI_SRC  := $(wildcard tools/*.c)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_SRC := $(wildcard tests/unit/test_*.c)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)

ifdef SANITIZE
PROG     := $(BUILD)/embargo
else
PROG     := embargo
endif

.PHONY: all test test-all unit tsan fuzz bench bench-scale eval clean
all: $(PROG) $(BUILD)/default.idx

# The bundled lists, indexed once so that ./embargo opens them in milliseconds.
DATA := $(wildcard data/lists/*/*)
$(BUILD)/default.idx: $(PROG) $(DATA)
	@mkdir -p $(dir $@)
	./$(PROG) index --out $@ --list data/lists

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(PROG): $(CLI_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/test.h tests/unit/loader_test.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Isrc -o $@ $< $(LIB) $(LDFLAGS) $(LDLIBS)

unit: $(TEST_BIN)
	@scripts/run-unit.sh $(TEST_BIN)

# The threads test under ThreadSanitizer, in a build of its own (TSan cannot
# be combined with ASan).
$(BUILD)/tests/test_threads: LDLIBS += -pthread
tsan:
	@$(MAKE) --no-print-directory SANITIZE=thread BUILD=build/tsan build/tsan/tests/test_threads
	@scripts/run-unit.sh build/tsan/tests/test_threads

test: $(PROG) $(TEST_BIN)
	@scripts/run-tests.sh $(PROG) $(TEST_BIN)

# Everything: the suite, the suite again under ASan+UBSan, short fuzzing runs.
test-all:
	@FUZZ_SECONDS=$${FUZZ_SECONDS:-10} scripts/test-all.sh --fuzz

FUZZ_SRC := $(wildcard fuzz/fuzz_*.c)
FUZZ_BIN := $(FUZZ_SRC:fuzz/%.c=build/fuzz/%)
FUZZ_LIB_OBJ := $(LIB_SRC:%.c=build/fuzz/%.o)
FUZZ_CFLAGS := $(CSTD) -O1 -g -Iinclude -Isrc -fsanitize=fuzzer-no-link,address,undefined \
               -fno-sanitize-recover=undefined $(shell pkg-config --cflags $(PKGS))
.SECONDARY: $(FUZZ_LIB_OBJ)
build/fuzz/%.o: %.c
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -c $< -o $@
build/fuzz/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz_common.h $(FUZZ_LIB_OBJ)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_LIB_OBJ) $(LDLIBS)
fuzz: $(FUZZ_BIN)
	@scripts/run-fuzz.sh $(FUZZ_BIN)

bench: $(PROG) build/bench/bench_screen
	@scripts/run-bench.sh $(PROG) build/bench/bench_screen
bench-scale: $(PROG) build/bench/bench_screen
	@scripts/run-bench-scale.sh ./$(PROG) build/bench/bench_screen
build/bench/bench_screen: bench/bench_screen.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(LIB) $(LDFLAGS) $(LDLIBS)

eval: $(PROG)
	@python3 scripts/eval_names.py --embargo ./$(PROG)
	@python3 scripts/eval_screen.py --embargo ./$(PROG)
	@python3 scripts/eval_groups.py --embargo ./$(PROG)

clean:
	rm -rf build embargo

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
