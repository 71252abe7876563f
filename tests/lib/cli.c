// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>
#include <sys/wait.h>

#include "cli.h"
#include "ktap.h"

int cli_run(const char *args, char *out, size_t size)
{
	char cmd[1024];
	size_t n;
	FILE *p;
	int st;

	snprintf(cmd, sizeof(cmd), "./contpte %s 2>&1", args);
	p = popen(cmd, "r");
	if (!p) {
		ktap_fail(__FILE__, __LINE__, "popen %s", cmd);
		ktap_abort_test();
	}
	n = fread(out, 1, size - 1, p);
	out[n] = 0;
	st = pclose(p);
	ktap_info("%s -> %d", cmd, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

unsigned int cli_lines(const char *s)
{
	unsigned int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}
