/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The contpte command as the CLI tests run it: the one of the test's own
 * build tree (BUILD/contpte beside BUILD/tests/, with the test build's
 * ASan+UBSan), or $CONTPTE, from any directory, under $CONTPTE_RUN if set
 * (qemu-user, for another architecture), its stdout and stderr captured
 * together.
 */
#ifndef TESTS_CLI_H
#define TESTS_CLI_H

#include <stddef.h>

/* The command the tests run. */
const char *cli_command(void);

/*
 * The command as a shell runs it: "$CONTPTE_RUN 'CONTPTE'", quoted, so
 * that a command line built on it runs the program under the emulator
 * when there is one.
 */
const char *cli_invocation(void);

/* Whether the command runs under an emulator ($CONTPTE_RUN set). */
int cli_emulated(void);

/*
 * Run "CONTPTE @args", what it printed in @out (NUL-terminated, cut at
 * @size - 1); its exit status, or -1 if it did not exit.
 */
int cli_run(const char *args, char *out, size_t size);

/* Run the shell command @cmd; its output and status as cli_run()'s. */
int cli_shell(const char *cmd, char *out, size_t size);

/* Whom SIGINT is sent to. */
enum cli_interrupt {
	CLI_INT_PID,		/* the command alone, as kill(1) */
	CLI_INT_GROUP,		/* its process group, as a terminal's Ctrl-C */
	CLI_INT_TIMEOUT,	/* both, one after the other, as timeout(1) */
	CLI_NR_INT
};

/*
 * Start "./contpte @args" (words separated by spaces), send it SIGINT
 * after @ms milliseconds as @how says, and collect what it printed as
 * cli_run() does.
 */
int cli_run_interrupted(const char *args, unsigned int ms,
			enum cli_interrupt how, char *out, size_t size);

/* Lines in @s. */
unsigned int cli_lines(const char *s);

#endif /* TESTS_CLI_H */
