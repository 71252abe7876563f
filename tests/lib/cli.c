// SPDX-License-Identifier: GPL-2.0-only
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "ktap.h"

const char *cli_command(void)
{
	static char path[PATH_MAX];
	char self[PATH_MAX];
	ssize_t n;

	if (getenv("CONTPTE"))
		return getenv("CONTPTE");
	if (path[0])
		return path;
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n < 0) {
		ktap_fail(__FILE__, __LINE__, "cannot find the test program");
		ktap_abort_test();
	}
	self[n] = 0;
	/* BUILD/tests/NAME: the command is BUILD/contpte. */
	snprintf(path, sizeof(path), "%s/../contpte", dirname(self));
	return path;
}

int cli_emulated(void)
{
	const char *run = getenv("CONTPTE_RUN");

	return run && run[strspn(run, " ")];
}

const char *cli_invocation(void)
{
	static char line[PATH_MAX + 512];

	if (!line[0])
		snprintf(line, sizeof(line), "%s '%s'",
			 cli_emulated() ? getenv("CONTPTE_RUN") : "",
			 cli_command());
	return line;
}

int cli_shell(const char *cmd, char *out, size_t size)
{
	size_t n;
	FILE *p;
	int st;

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

int cli_run(const char *args, char *out, size_t size)
{
	char cmd[PATH_MAX + 1024];

	snprintf(cmd, sizeof(cmd), "%s %s 2>&1", cli_invocation(), args);
	return cli_shell(cmd, out, size);
}

/* @s's words (cut in place) into @argv from @n on, NULL after; the count. */
static unsigned int split_words(char *s, char **argv, unsigned int n)
{
	char *save;

	for (argv[n] = strtok_r(s, " ", &save); argv[n] && n < 62;
	     argv[n] = strtok_r(NULL, " ", &save))
		n++;
	argv[n] = NULL;
	return n;
}

int cli_run_interrupted(const char *args, unsigned int ms,
			enum cli_interrupt how, char *out, size_t size)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	char emu[512] = "", words[1024], *argv[64];
	unsigned int n;
	int fd[2], st;
	size_t got = 0;
	ssize_t r;
	pid_t pid;

	/* The emulator's words, the command, then @args' words. */
	if (cli_emulated())
		snprintf(emu, sizeof(emu), "%s", getenv("CONTPTE_RUN"));
	snprintf(words, sizeof(words), "%s", args);
	n = split_words(emu, argv, 0);
	argv[n++] = (char *)cli_command();
	n = split_words(words, argv, n);
	if (pipe(fd) || (pid = fork()) < 0) {
		ktap_fail(__FILE__, __LINE__, "cannot start ./contpte %s", args);
		ktap_abort_test();
	}
	if (!pid) {
		setpgid(0, 0);
		dup2(fd[1], 1);
		dup2(fd[1], 2);
		close(fd[0]);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(fd[1]);
	setpgid(pid, pid);
	nanosleep(&ts, NULL);
	if (how != CLI_INT_GROUP)
		kill(pid, SIGINT);
	if (how != CLI_INT_PID)
		kill(-pid, SIGINT);
	while (got < size - 1 && (r = read(fd[0], out + got, size - 1 - got)) > 0)
		got += r;
	out[got] = 0;
	close(fd[0]);
	waitpid(pid, &st, 0);
	ktap_info("./contpte %s, interrupted after %u ms%s -> %d", args, ms,
		  how == CLI_INT_PID ? "" : how == CLI_INT_GROUP ?
		  " (its process group)" : " (it, then its process group)",
		  WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

unsigned int cli_lines(const char *s)
{
	unsigned int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}
