# SPDX-License-Identifier: GPL-2.0-only
#
# make            build ./contpte (optimised) and the test programs
# make check      run the test suite (TAP, through prove) with ASan+UBSan
# make install    ./contpte and its manual page under $(DESTDIR)$(PREFIX)
# make tsan       build and run the stress tests under ThreadSanitizer
# make bench      run the benchmarks, write docs/bench/ (needs gnuplot)
# make mutate     re-create each bug of tests/mutants/ and assert that the
#                 default ./contpte check reports it (needs patch)
# make regtest    the upstream design clean on every machine, at length
# make coverage   the lines of the code under check the default run
#                 executes, and the ones it never reaches (needs gcovr)
# KERNEL=DIR      all of the above with DIR/arch/arm64/mm/contpte.c, unchanged,
#                 in place of ours, in build trees of its own
# CROSS=aarch64-linux-gnu-
#                 make and make check for another architecture, in build
#                 trees of its own (build-aarch64/), the test programs run
#                 under RUN (default: qemu-user, with the cross C library)
# ONLY='NAME...'  make check runs these test programs alone
# TESTARGS='...'  make check passes these options to every test program
#                 (tests/lib/ktap.h: -s SEED, -r NAME, -x NAME, -v)
# TEST_JOBS=N     test programs make check runs at once (default: CPUs)
# V=1             show commands
#
# A build tree remembers the flags it was built with (O/.flags): when CC,
# CFLAGS or SAN change, everything in it is rebuilt, so that objects built
# with one sanitizer never meet those of another.

CC		?= gcc
CFLAGS		?= -O1 -g
WARN		:= -Wall -Wextra -Wno-unused-parameter -Wno-sign-compare \
		   -Wno-missing-field-initializers

# The contpte.c linked in, and the build trees: a kernel tree's file gets
# trees named after its directory, so ours is never rebuilt for it.
ifdef KERNEL
# A ~ the shell left alone (zsh does, in KERNEL=~/linux) is $HOME.
KDIR		:= $(abspath $(patsubst ~/%,$(HOME)/%,$(KERNEL)))
CONTPTE_C	:= $(KDIR)/arch/arm64/mm/contpte.c
ifeq ($(wildcard $(CONTPTE_C)),)
$(error KERNEL=$(KERNEL): no arch/arm64/mm/contpte.c there)
endif
KTAG		:= -$(shell printf '%s' '$(KDIR)' | sha256sum | cut -c1-8)
else
CONTPTE_C	:= arch/arm64/mm/contpte.c
endif
ifdef CROSS
CC		:= $(CROSS)gcc
XARCH		:= $(firstword $(subst -, ,$(CROSS)))
ATAG		:= -$(XARCH)
RUN		?= qemu-$(XARCH) -L /usr/$(CROSS:%-=%)
# Under qemu-user ASan costs 50 to 130 times its native cost and its leak
# checker cannot stop the world: without sanitizers unless asked.
SAN		?=
endif
SAN		?= address,undefined
O		:= build$(KTAG)$(ATAG)
REL		:= build-rel$(KTAG)$(ATAG)

# What the linked contpte.c implements, and its name (scripts/contpte-*).
GEN		:= $(O)/include/generated
GEN_API		:= $(GEN)/contpte_api.h
GEN_SOURCE	:= $(GEN)/contpte_source.h
GEN_VERSION	:= $(GEN)/contpte_version.h
CPPFLAGS	:= -I. -Iarch/arm64/include -Iinclude -I$(O)/include -D_GNU_SOURCE
SANFLAGS	:= $(if $(SAN),-fsanitize=$(SAN) -fno-omit-frame-pointer \
		   -fno-sanitize-recover=undefined \
		   $(if $(findstring address,$(SAN)),-fsanitize-recover=address))
ALL_CFLAGS	= -std=gnu11 $(WARN) $(CFLAGS) $(SANFLAGS) -MMD -MP
LDLIBS		:= -lpthread
# Exported names, so that a fault in the code under check can be named.
LDFLAGS		:= -rdynamic
FLAGS		= $(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) $(LDLIBS)
FLAGS_STAMP	:= $(O)/.flags
PREFIX		?= /usr/local

ifneq ($(V),1)
Q		:= @
quiet		= @printf '  %-6s %s\n' $(1) $(2);
endif

# The layers, bottom up (README.md, "Layout").
HW_SRCS		:= $(wildcard hw/*.c)
SHIM_SRCS	:= $(wildcard shim/*.c)
ARCH_SRCS	:= $(wildcard arch/arm64/mm/*.c)
CHECK_SRCS	:= $(wildcard check/*.c)
LIB_SRCS	:= $(HW_SRCS) $(SHIM_SRCS) $(ARCH_SRCS) $(CHECK_SRCS)
LIB_SRCS	+= $(wildcard mm/*.c) $(wildcard bench/*.c)
LIB_OBJS	:= $(LIB_SRCS:%.c=$(O)/%.o)

TESTLIB_SRCS	:= $(wildcard tests/lib/*.c)
TESTLIB_OBJS	:= $(TESTLIB_SRCS:%.c=$(O)/%.o)
# The longest first: prove -j hands out programs in this order, and one
# that starts last keeps a CPU busy alone to the end.
SLOW_TESTS	:= check_machines check_cli check_dpor check_catalogue
TEST_SRCS	:= $(SLOW_TESTS:%=tests/%.c) \
		   $(filter-out $(SLOW_TESTS:%=tests/%.c),$(wildcard tests/*.c))
TESTS		:= $(TEST_SRCS:tests/%.c=$(O)/tests/%)
# TAP scripts that build what they test themselves.  kernel_bugs.sh
# checks edits of Debian's v6.12 file whatever KERNEL is: once, without.
TEST_SCRIPTS	:= tests/contpte_api.sh tests/docs.sh tests/build.sh tests/ci.sh \
		   tests/mutate_rebuild.sh tests/mm_regressions.sh \
		   $(if $(KERNEL),,tests/kernel_bugs.sh)
TOOL_OBJS	:= $(patsubst %.c,$(O)/%.o,$(wildcard tools/*.c))

# A cross build leaves the command at the top of the tree alone.
all: $(if $(CROSS),$(O)/contpte,contpte) $(TESTS)

# Rewritten only when the flags change, which rebuilds the whole tree.
$(FLAGS_STAMP): FORCE
	$(Q)mkdir -p $(dir $@)
	$(Q)echo '$(FLAGS)' | cmp -s - $@ || echo '$(FLAGS)' > $@

$(O)/%.o: %.c $(FLAGS_STAMP) | $(GEN_API)
	$(call quiet,CC,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

# The layer itself, from wherever CONTPTE_C is.
$(O)/arch/arm64/mm/contpte.o: $(CONTPTE_C) $(FLAGS_STAMP) | $(GEN_API)
	$(call quiet,CC,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(O)/arch/arm64/mm/contpte_linked.o: $(GEN_SOURCE)

# Rewritten only when what it says changes (the script compares).
$(GEN_API): $(CONTPTE_C) scripts/contpte-api
	$(Q)scripts/contpte-api $(CC) $(CONTPTE_C) $@

$(GEN_SOURCE): $(CONTPTE_C) scripts/contpte-source
	$(Q)scripts/contpte-source $(CONTPTE_C) '$(KDIR)' $@

# What --version prints, rewritten only when it changes (the script
# compares): VERSION, and the commit a git checkout is at.
$(GEN_VERSION): FORCE
	$(Q)scripts/contpte-version $@

$(O)/tools/help.o $(O)/tests/check_cli.o: $(GEN_VERSION)

$(O)/libcontpte.a: $(LIB_OBJS)
	$(call quiet,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

$(O)/tests/%: $(O)/tests/%.o $(TESTLIB_OBJS) $(O)/libcontpte.a
	$(call quiet,LD,$@)
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# The command line tests run the command of their own build tree.
$(O)/tests/check_cli $(O)/tests/check_jobs $(O)/tests/check_report \
	$(O)/tests/bench_cli: | $(O)/contpte

$(O)/contpte: $(TOOL_OBJS) $(O)/libcontpte.a
	$(call quiet,LD,$@)
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# The command users run, at the top of the tree: optimised and without
# sanitizers, built in its own tree (the tests keep ASan+UBSan).
contpte: FORCE
	$(Q)$(MAKE) --no-print-directory O=$(REL) SAN= CFLAGS="-O2 -g" \
		command-in-O
	$(Q)cmp -s $(REL)/contpte $@ || \
		{ cp $(REL)/contpte $@.new && mv -f $@.new $@; }

# The sub-make's goal: quiet when there is nothing to do.
command-in-O: $(O)/contpte
	@:

# The stress mode on real threads under ThreadSanitizer, in its own tree.
tsan:
	$(Q)$(MAKE) --no-print-directory O=build-tsan$(KTAG) SAN=thread command-in-O
	TSAN_OPTIONS=halt_on_error=1 build-tsan$(KTAG)/contpte check --mode stress \
		--executions 2000

TEST_JOBS	?= $(shell nproc 2>/dev/null || echo 1)
PROVE		= prove -j$(TEST_JOBS) --timer --directives

# ONLY='NAME...': make check runs these test programs (tests/NAME.c) alone.
CHECK_TESTS	:= $(if $(ONLY),$(ONLY:%=$(O)/tests/%),$(TESTS))
ifneq ($(filter-out $(TESTS),$(CHECK_TESTS)),)
$(error ONLY: no test program $(patsubst $(O)/tests/%,%,$(filter-out $(TESTS),$(CHECK_TESTS))) (one of tests/*.c, without .c))
endif

ifdef CROSS
# The test programs, under RUN.  The scripts test the build, the docs and
# kernel trees' files, the same on every architecture: the native make
# check runs them.
check: $(CHECK_TESTS)
	CONTPTE_BUILD=$(O) CONTPTE_RUN='$(RUN)' $(PROVE) -e '$(RUN)' \
		$(CHECK_TESTS) $(if $(TESTARGS),:: $(TESTARGS))
else
check: contpte $(CHECK_TESTS)
	CONTPTE_BUILD=$(O) CONTPTE_MAIN='$(CURDIR)/contpte' $(PROVE) -e '' \
		$(CHECK_TESTS) \
		$(if $(ONLY),,$(TEST_SCRIPTS)) $(if $(TESTARGS),:: $(TESTARGS))
endif

# The mutation tier: what the default run would have caught.
mutate: contpte
	tests/mutate.sh

# The upstream design stays clean at length: the default run with
# 200,000 executions a scenario, every machine the command line accepts
# with the default budgets, and the stress mode on real threads.
regtest: contpte
	tests/regtest.sh

# Which lines of contpte.c, the arch headers and the core-mm model the
# default run executes (docs/checker.md, "What the default run
# reaches"): a clean verdict says nothing of a line it never reaches.
# Built with gcov's counters in a tree of its own at -O0, so that each
# line counts as written; run in one process (--jobs 1), whose exit
# writes the counters; gcovr's table, and an annotated copy of each file
# under COV/html/.  gcovr reads this tree's counters only: another
# coverage tree (KERNEL=) built from older sources holds the same
# functions at other lines.
COV		:= build-cov$(KTAG)
COV_FILES	:= $(CONTPTE_C) arch/arm64/mm/fault.c arch/arm64/mm/mmu.c \
		   arch/arm64/include/asm/pgtable.h include/asm/tlbflush.h mm/

coverage:
	$(Q)command -v gcovr >/dev/null || \
		{ echo "make coverage needs gcovr (Debian: gcovr)"; exit 1; }
	$(Q)$(MAKE) --no-print-directory O=$(COV) SAN= \
		CFLAGS="-O0 -g --coverage" command-in-O
	$(Q)find $(COV) -name '*.gcda' -delete
	$(Q)$(COV)/contpte check --jobs 1 > $(COV)/check.txt; \
		st=$$?; [ $$st -le 1 ] || { cat $(COV)/check.txt; exit $$st; }; \
		[ $$st -eq 0 ] || echo "coverage: the check found a violation ($(COV)/check.txt)"
	$(Q)mkdir -p $(COV)/html
	gcovr -r $(CURDIR) --object-directory $(COV) \
		$(foreach f,$(COV_FILES),-f '$(abspath $(f))') \
		--html-details $(COV)/html/index.html --txt - $(COV)

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

MANDIR		?= $(PREFIX)/share/man

install: contpte
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANDIR)/man1
	install -m 755 contpte $(DESTDIR)$(PREFIX)/bin/contpte
	install -m 644 docs/contpte.1 $(DESTDIR)$(MANDIR)/man1/contpte.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/contpte $(DESTDIR)$(MANDIR)/man1/contpte.1

clean:
	rm -rf $(O) $(REL) build-tsan$(KTAG) $(COV) contpte

FORCE:

.PHONY: all bench check clean command-in-O coverage install mutate regtest tsan \
	uninstall FORCE
.SECONDARY:

-include $(shell find $(O) -name '*.d' 2>/dev/null)
