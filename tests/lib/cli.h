/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The contpte command as the CLI tests run it: "./contpte ARGS" from the
 * top of the tree (where make check runs them), its stdout and stderr
 * captured together.
 */
#ifndef TESTS_CLI_H
#define TESTS_CLI_H

#include <stddef.h>

/*
 * Run "./contpte @args", what it printed in @out (NUL-terminated, cut at
 * @size - 1); its exit status, or -1 if it did not exit.
 */
int cli_run(const char *args, char *out, size_t size);

/*
 * Start "./contpte @args" (words separated by spaces), send it SIGINT
 * after @ms milliseconds, and collect what it printed as cli_run() does.
 */
int cli_run_interrupted(const char *args, unsigned int ms, char *out,
			size_t size);

/* Lines in @s. */
unsigned int cli_lines(const char *s);

#endif /* TESTS_CLI_H */
