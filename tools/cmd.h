/* SPDX-License-Identifier: GPL-2.0-only */
/* What the contpte command's parts share. */
#ifndef TOOLS_CMD_H
#define TOOLS_CMD_H

/*
 * Exit statuses: clean, a violation, bad input (one line naming the
 * problem), the run could not be completed (out of memory, output that
 * cannot be written), interrupted by the user (128 + SIGINT).
 */
#define EXIT_VIOLATION	1
#define EXIT_USAGE	2
#define EXIT_ERROR	3
#define EXIT_INTERRUPT	130

/* Print "contpte: " @fmt with @arg and a newline on stderr; EXIT_USAGE. */
int fail_usage(const char *fmt, const char *arg);

/* contpte check. */
int cmd_check(int argc, char **argv);

/* contpte merge FILE...: the --json outputs of every shard, as one. */
int cmd_merge(int argc, char **argv);

#endif /* TOOLS_CMD_H */
