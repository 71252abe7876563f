/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What `contpte help`, `contpte COMMAND --help` and `contpte --version`
 * print.  The manual page (docs/contpte.1) says the same at length.
 */
#ifndef TOOLS_HELP_H
#define TOOLS_HELP_H

#include <stdbool.h>
#include <stdio.h>

/* The usage lines of every command, for a command line that is wrong. */
void help_usage(FILE *f);

/* `contpte help [COMMAND]`: 0, or 2 for an unknown command. */
int help_main(int argc, char **argv);

/* True if -h or --help is among the words after the command. */
bool help_asked(int argc, char **argv);

/* The help of @cmd (a command that exists) on stdout. */
void help_command(const char *cmd);

/* `contpte --version`. */
void help_version(void);

#endif /* TOOLS_HELP_H */
