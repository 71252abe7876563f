# SPDX-License-Identifier: GPL-2.0-only
#
# make            build ./contpte (optimised) and the test programs
# make check      run the test suite (TAP, through prove) with ASan+UBSan
# make tsan       build and run the stress tests under ThreadSanitizer
# make bench      run the benchmarks, write docs/bench/ (needs gnuplot)
# make mutate     re-create each bug of tests/mutants/ and assert that the
#                 default ./contpte check reports it (needs patch)
# make regtest    the upstream design clean on every machine, at length
# V=1             show commands

CC		?= gcc
SAN		?= address,undefined
O		:= build
CFLAGS		?= -O1 -g
WARN		:= -Wall -Wextra -Wno-unused-parameter -Wno-sign-compare \
		   -Wno-missing-field-initializers
CPPFLAGS	:= -I. -Iarch/arm64/include -Iinclude -D_GNU_SOURCE
SANFLAGS	:= $(if $(SAN),-fsanitize=$(SAN) -fno-omit-frame-pointer \
		   -fno-sanitize-recover=undefined \
		   $(if $(findstring address,$(SAN)),-fsanitize-recover=address))
ALL_CFLAGS	= -std=gnu11 $(WARN) $(CFLAGS) $(SANFLAGS) -MMD -MP
LDLIBS		:= -lpthread
# Exported names, so that a fault in the code under check can be named.
LDFLAGS		:= -rdynamic

ifneq ($(V),1)
Q		:= @
quiet		= @printf '  %-6s %s\n' $(1) $(2);
endif

# The layers, bottom up (SPEC section 1).
HW_SRCS		:= $(wildcard hw/*.c)
SHIM_SRCS	:= $(wildcard shim/*.c)
ARCH_SRCS	:= $(wildcard arch/arm64/mm/*.c)
CHECK_SRCS	:= $(wildcard check/*.c)
LIB_SRCS	:= $(HW_SRCS) $(SHIM_SRCS) $(ARCH_SRCS) $(CHECK_SRCS)
LIB_SRCS	+= $(wildcard mm/*.c) $(wildcard bench/*.c)
LIB_OBJS	:= $(LIB_SRCS:%.c=$(O)/%.o)

TESTLIB_SRCS	:= $(wildcard tests/lib/*.c)
TESTLIB_OBJS	:= $(TESTLIB_SRCS:%.c=$(O)/%.o)
TEST_SRCS	:= $(wildcard tests/*.c)
TESTS		:= $(TEST_SRCS:tests/%.c=$(O)/tests/%)
TOOL_OBJS	:= $(patsubst %.c,$(O)/%.o,$(wildcard tools/*.c))

all: contpte $(TESTS)

$(O)/%.o: %.c
	$(call quiet,CC,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(O)/libcontpte.a: $(LIB_OBJS)
	$(call quiet,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

$(O)/tests/%: $(O)/tests/%.o $(TESTLIB_OBJS) $(O)/libcontpte.a
	$(call quiet,LD,$@)
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(O)/contpte: $(TOOL_OBJS) $(O)/libcontpte.a
	$(call quiet,LD,$@)
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# The command users run, at the top of the tree: optimised and without
# sanitizers, built in its own tree (the tests keep ASan+UBSan).
contpte: FORCE
	$(Q)$(MAKE) --no-print-directory O=build-rel SAN= CFLAGS="-O2 -g" \
		build-rel/contpte
	$(Q)cmp -s build-rel/contpte $@ || \
		{ cp build-rel/contpte $@.new && mv -f $@.new $@; }

# The stress mode on real threads under ThreadSanitizer, in its own tree.
tsan:
	$(Q)$(MAKE) --no-print-directory O=build-tsan SAN=thread build-tsan/contpte
	TSAN_OPTIONS=halt_on_error=1 build-tsan/contpte check --mode stress \
		--executions 2000

check: contpte $(TESTS)
	prove -e '' --timer $(TESTS)

# The mutation tier: what the default run would have caught.
mutate: contpte
	tests/mutate.sh

# The upstream design stays clean at length: the default run with
# 200,000 executions a scenario, every machine the command line accepts
# with the default budgets, and the stress mode on real threads.
regtest: contpte
	tests/regtest.sh

# Benchmarks (docs/bench.md): the tables, the CSV the figures are drawn
# from, the figures, and the machine it all ran on.
BENCH_OUT	:= docs/bench
BENCH_PLOTS	:= exit v5 madv_free convert ptep_get

bench: contpte
	$(Q)command -v gnuplot >/dev/null || \
		{ echo "make bench needs gnuplot (Debian: gnuplot-nox)"; exit 1; }
	$(Q)mkdir -p $(BENCH_OUT)
	./contpte bench > $(BENCH_OUT)/results.txt
	./contpte bench --csv > $(BENCH_OUT)/bench.csv
	$(Q)for p in $(BENCH_PLOTS); do \
		gnuplot -e "csv='$(BENCH_OUT)/bench.csv'; out='$(BENCH_OUT)/$$p.svg'" \
			bench/plots/$$p.gp || exit 1; \
	done
	$(Q){ uname -srm; echo "$$(nproc) CPUs:$$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"; \
	      $(CC) --version | head -1; gnuplot --version; date -u; } \
		> $(BENCH_OUT)/machine.txt

clean:
	rm -rf $(O) build-rel build-tsan contpte

FORCE:

.PHONY: all bench check clean mutate regtest tsan FORCE
.SECONDARY:

-include $(shell find $(O) -name '*.d' 2>/dev/null)
