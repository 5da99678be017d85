# embargo - sanctions screening engine. Plain make + pkg-config.
#
#   make                 the library (build/libembargo.a, build/libembargo.so) and ./embargo
#   make test            unit tests, golden cases, end-to-end tests, layer and export checks
#   make install         PREFIX=/usr/local DESTDIR=: header, libraries, embargo.pc, the program
#   make SANITIZE=address,undefined test    the same under ASan/UBSan
#   make fuzz            libFuzzer harnesses (clang), short runs
#   make bench           benchmarks; figures go to bench/results.txt
#   make bench-scale     1,000,000 generated entities; bench/results-scale.txt
#   make bench-ops       update from loopback, monitor on 1,000,000 customers; bench/results-ops.txt
#   make bench-http      the HTTP server under wrk; bench/results-http.txt
#   make eval            accuracy on labelled data; figures go to eval/*results.txt
#   make python          the Python package (python/), pip-installed into build/venv
#   make bench-python    screen_many against the CLI batch; bench/results-python.txt
#   make test-spark      embargo.spark on PySpark local[2] (100,000 records; run by test-all)
#   make bench-spark     1,000,000 records on local[2]; bench/results-spark.txt

CC       ?= cc
PKGS     := icu-uc icu-i18n libxxhash libxml-2.0 libzip jansson libcrypto
CSTD     := -std=c11 -D_POSIX_C_SOURCE=200809L
WARN     := -Wall -Wextra -Wshadow -Wconversion -Wno-sign-conversion \
            -Wmissing-prototypes -Wstrict-prototypes -Wpointer-arith -Wvla
OPT      ?= -O2 -g
CFLAGS   += $(CSTD) $(WARN) $(OPT) -Iinclude $(shell pkg-config --cflags $(PKGS))
LDLIBS   += $(shell pkg-config --libs $(PKGS)) -lm
# The program alone also fetches lists (libcurl) and keeps the monitor's
# store (SQLite); the library needs neither.
CLI_PKGS := libcurl sqlite3
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
# The shared library exports the public API (EMBARGO_API) and nothing else.
SO_MAJOR := 0
SHLIB    := $(BUILD)/libembargo.so
SONAME   := libembargo.so.$(SO_MAJOR)
$(LIB_OBJ): CFLAGS += -fPIC -fvisibility=hidden
CLI_SRC  := $(wildcard tools/*.c)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
$(CLI_OBJ): CFLAGS += $(shell pkg-config --cflags $(CLI_PKGS))
# The HTTP server (embargo serve): server/, on libmicrohttpd. Everything but
# http.c works without a socket (the fuzzer and the threads test use it),
# with the CLI's JSON writers (tools/output.c) and list versions (tools/data.c).
SRV_PKGS := libmicrohttpd
SRV_SRC  := $(wildcard server/*.c)
SRV_OBJ  := $(SRV_SRC:%.c=$(BUILD)/%.o)
SRV_CORE := $(filter-out $(BUILD)/server/http.o,$(SRV_OBJ)) $(BUILD)/tools/output.o $(BUILD)/tools/data.o
$(SRV_OBJ) $(BUILD)/tools/cmd_serve.o: CFLAGS += $(shell pkg-config --cflags $(SRV_PKGS))
SRV_LIBS := $(shell pkg-config --libs $(SRV_PKGS)) -pthread
TEST_SRC := $(wildcard tests/unit/test_*.c)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
# test_api again, linked against the shared library: the public API alone suffices
TEST_BIN += $(BUILD)/tests/test_api_shared

ifdef SANITIZE
PROG     := $(BUILD)/embargo
else
PROG     := embargo
endif

.PHONY: all test test-all unit tsan tsan-server fuzz bench bench-scale bench-ops bench-http eval clean install check-arch countries latin \
        python bench-python test-spark bench-spark
all: $(PROG) $(SHLIB) $(BUILD)/default.idx

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

$(SHLIB): $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,$(SONAME) -Wl,--no-undefined $(LDFLAGS) -o $@.$(SO_MAJOR) $^ $(LDLIBS)
	ln -sf $(SONAME) $@

$(PROG): $(CLI_OBJ) $(SRV_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(shell pkg-config --libs $(CLI_PKGS)) $(SRV_LIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/test.h tests/unit/loader_test.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Isrc -o $@ $< $(LIB) $(LDFLAGS) $(LDLIBS)

# The server's request path, without a socket, from several threads.
$(BUILD)/tests/test_server: tests/unit/test_server.c tests/unit/test.h $(SRV_CORE) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(SRV_CORE) $(LIB) $(LDFLAGS) $(LDLIBS) -pthread

$(BUILD)/tests/test_api_shared: tests/unit/test_api.c tests/unit/test.h $(SHLIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< -L$(BUILD) -lembargo -Wl,-rpath,'$$ORIGIN/..' $(LDFLAGS)

unit: $(TEST_BIN)
	@scripts/run-unit.sh $(TEST_BIN)

# The architecture, checked: folders call only down their layers, and the
# shared library exports nothing but the public API (scripts/check_arch.py).
check-arch: $(LIB_OBJ) $(SHLIB)
	@python3 scripts/check_arch.py $(BUILD)

# The threads tests under ThreadSanitizer, in a build of their own (TSan
# cannot be combined with ASan): the library's (test_threads) and the
# server's worker path with reloads under way (test_server).
$(BUILD)/tests/test_threads: LDLIBS += -pthread
tsan:
	@$(MAKE) --no-print-directory SANITIZE=thread BUILD=build/tsan build/tsan/tests/test_threads build/tsan/tests/test_server
	@scripts/run-unit.sh build/tsan/tests/test_threads build/tsan/tests/test_server

# The server's end-to-end tests against a ThreadSanitizer build of the
# program: its acceptor, access-log writer and request threads under real
# HTTP load and reloads (make test-all).
tsan-server:
	@$(MAKE) --no-print-directory SANITIZE=thread BUILD=build/tsan build/tsan/embargo
	@TSAN_OPTIONS="$${TSAN_OPTIONS:+$$TSAN_OPTIONS:}halt_on_error=1" python3 tests/e2e/test_server.py build/tsan/embargo

test: $(PROG) $(TEST_BIN) check-arch
	@EMBARGO_PYTHON_SUITE=$(PYTHON_SUITE) scripts/run-tests.sh $(PROG) $(TEST_BIN)

# The Python package (python/: a cffi binding over include/embargo.h and
# build/libembargo.so), installed with pip into build/venv, a virtualenv that
# also sees the system's cffi, pytest and pandas (scripts/bootstrap.sh).
# make test runs its pytest suite, except in sanitizer builds (the extension
# links the plain build's library).
PYTHON   ?= $(shell test -x /usr/bin/python3 && echo /usr/bin/python3 || echo python3)
VENV     := build/venv
PY_SRC   := $(wildcard python/embargo/*.py python/embargo/*.pyi python/*.py python/pyproject.toml)
$(VENV)/bin/python:
	$(PYTHON) -m venv --system-site-packages $(VENV)
$(VENV)/.installed: $(VENV)/bin/python $(PY_SRC) include/embargo.h build/libembargo.so build/default.idx
	$(VENV)/bin/pip install --quiet --no-build-isolation --no-deps ./python
	@touch $@
python: $(VENV)/.installed
ifndef SANITIZE
test: python
PYTHON_SUITE := 1
endif

# Names/s through the Python package's screen_many against the CLI's batch.
bench-python: $(PROG) python
	@scripts/run-bench-python.sh

# embargo.spark on PySpark in local mode: its own virtualenv, with PySpark,
# pandas and pyarrow from PyPI (python/requirements-spark.txt; Java from
# default-jre-headless). make test-all runs test-spark: it takes 2 to 5
# minutes (100,000 records screened three ways, and the spark-submit
# examples), too long for make test.
SPARK_VENV := build/venv-spark
$(SPARK_VENV)/.installed: python/requirements-spark.txt $(PY_SRC) include/embargo.h \
                          build/libembargo.so build/default.idx
	test -x $(SPARK_VENV)/bin/python || $(PYTHON) -m venv $(SPARK_VENV)
	$(SPARK_VENV)/bin/pip install --quiet --upgrade "setuptools>=66" "wheel>=0.40"
	$(SPARK_VENV)/bin/pip install --quiet -r python/requirements-spark.txt
	$(SPARK_VENV)/bin/pip install --quiet --no-build-isolation --no-deps ./python
	@touch $@
test-spark: $(PROG) $(SPARK_VENV)/.installed
	@scripts/run-spark-tests.sh
# Records/s on local[2] for 1,000,000 records; bench/results-spark.txt.
bench-spark: $(PROG) $(SPARK_VENV)/.installed
	@$(SPARK_VENV)/bin/python bench/bench_spark.py

# Everything: the suite, the suite again under ASan+UBSan, short fuzzing runs.
test-all:
	+@FUZZ_SECONDS=$${FUZZ_SECONDS:-10} scripts/test-all.sh --fuzz

FUZZ_SRC := $(wildcard fuzz/fuzz_*.c)
FUZZ_BIN := $(FUZZ_SRC:fuzz/%.c=build/fuzz/%)
FUZZ_LIB_OBJ := $(LIB_SRC:%.c=build/fuzz/%.o)
FUZZ_CFLAGS := $(CSTD) -O1 -g -Iinclude -Isrc -fsanitize=fuzzer-no-link,address,undefined \
               -fno-sanitize-recover=undefined $(shell pkg-config --cflags $(PKGS))
.SECONDARY: $(FUZZ_LIB_OBJ)
build/fuzz/%.o: %.c
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@
build/fuzz/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz_common.h $(FUZZ_LIB_OBJ)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_LIB_OBJ) $(LDLIBS)
# The server's request handling (everything but the socket), driven by bytes.
FUZZ_SRV_OBJ := $(filter-out build/fuzz/server/http.o,$(SRV_SRC:%.c=build/fuzz/%.o)) build/fuzz/tools/output.o \
                build/fuzz/tools/data.o
.SECONDARY: $(FUZZ_SRV_OBJ)
build/fuzz/fuzz_request: fuzz/fuzz_request.c server/server.h server/api.h $(FUZZ_LIB_OBJ) $(FUZZ_SRV_OBJ)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_SRV_OBJ) $(FUZZ_LIB_OBJ) $(LDLIBS) -pthread
fuzz: $(FUZZ_BIN)
	@scripts/run-fuzz.sh $(FUZZ_BIN)

bench: $(PROG) build/bench/bench_screen
	@scripts/run-bench.sh $(PROG) build/bench/bench_screen
bench-scale: $(PROG) build/bench/bench_screen
	@scripts/run-bench-scale.sh ./$(PROG) build/bench/bench_screen
bench-ops: $(PROG)
	@python3 bench/bench_ops.py --embargo ./$(PROG)

# The server under load (wrk), once, at the end of a piece of work: it takes
# the machine for a few minutes.
bench-http: $(PROG)
	@scripts/run-bench-http.sh ./$(PROG)
build/bench/bench_screen: bench/bench_screen.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(LIB) $(LDFLAGS) $(LDLIBS)

eval: $(PROG)
	@python3 scripts/eval_names.py --embargo ./$(PROG)
	@python3 scripts/eval_screen.py --embargo ./$(PROG)
	@python3 scripts/eval_categories.py --embargo ./$(PROG)
	@python3 scripts/eval_groups.py --embargo ./$(PROG)
	@python3 scripts/eval_narratives.py --embargo ./$(PROG)
	@python3 scripts/eval_customers.py --embargo ./$(PROG)
	@python3 scripts/eval_orgs.py --embargo ./$(PROG) --baseline eval/orgs-baseline.json
	@python3 scripts/eval_news.py --embargo ./$(PROG) --baseline eval/news-baseline.json
	@python3 scripts/eval_acronyms.py --embargo ./$(PROG)

PREFIX  ?= /usr/local
LIBDIR  ?= $(PREFIX)/lib
INCDIR  ?= $(PREFIX)/include
BINDIR  ?= $(PREFIX)/bin
PCDIR   ?= $(LIBDIR)/pkgconfig
VERSION := $(shell sed -n 's/^\#define EMBARGO_VERSION "\(.*\)"/\1/p' include/embargo.h)
install: $(PROG) $(LIB) $(SHLIB)
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCDIR) $(DESTDIR)$(BINDIR) $(DESTDIR)$(PCDIR)
	install -m 644 include/embargo.h $(DESTDIR)$(INCDIR)/
	install -m 644 $(LIB) $(DESTDIR)$(LIBDIR)/
	install -m 755 $(SHLIB).$(SO_MAJOR) $(DESTDIR)$(LIBDIR)/
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libembargo.so
	install -m 755 $(PROG) $(DESTDIR)$(BINDIR)/
	sed -e 's|@PREFIX@|$(PREFIX)|; s|@LIBDIR@|$(LIBDIR)|; s|@INCDIR@|$(INCDIR)|' \
	    -e 's|@VERSION@|$(VERSION)|; s|@PKGS@|$(PKGS)|' embargo.pc.in > $(DESTDIR)$(PCDIR)/embargo.pc

# The country table (src/text/country_table.inc), regenerated from ICU and
# scripts/countries-extra.tsv; committed, so a build needs neither step.
countries:
	@mkdir -p build
	$(CC) $(CSTD) -O1 -DEMB_COUNTRY_GENERATOR -o build/gen_country_table scripts/gen_country_table.c \
	    src/text/country.c $(shell pkg-config --cflags --libs icu-uc icu-i18n)
	build/gen_country_table scripts/countries-extra.tsv src/text/country_table.inc

# The Latin letters the normaliser spells without ICU (src/text/latin_table.inc),
# regenerated from ICU through normalize.c's own ICU path; committed.
latin:
	@mkdir -p build
	$(CC) $(CSTD) -O1 -Iinclude -DEMB_LATIN_GENERATOR -o build/gen_latin_table scripts/gen_latin_table.c \
	    src/text/normalize.c src/base/alloc.c src/base/buf.c $(shell pkg-config --cflags --libs icu-uc icu-i18n) -lpthread
	build/gen_latin_table src/text/latin_table.inc

clean:
	rm -rf build embargo

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(SRV_OBJ:.o=.d) $(FUZZ_LIB_OBJ:.o=.d) $(FUZZ_SRV_OBJ:.o=.d)
