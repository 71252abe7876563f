// SPDX-License-Identifier: GPL-2.0-only
/*
 * --jobs N: the N shards of a search run in N forked processes, which
 * report their results through a pipe each and share, in memory, where
 * the first violation found lies (so that none runs past it) and how far
 * they got (for the progress line).  Their results join as the one
 * process's would (jobs_merge(), which contpte merge uses too).
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check/token.h"
#include "cmd.h"
#include "jobs.h"

static int by_part(const void *a, const void *b)
{
	const struct chk_part *x = a, *y = b;

	return (x->part > y->part) - (x->part < y->part);
}

/* The executions one process would run before position @pos. */
static unsigned long before(const struct chk_part *parts, size_t n,
			    uint64_t pos)
{
	unsigned long sum = 0;
	size_t i;

	for (i = 0; i < n && parts[i].part < chk_position_part(pos); i++)
		sum += parts[i].executions;
	return sum + chk_position_index(pos);
}

/*
 * The classes a reduced search counted, part by part (a part is searched,
 * and its classes counted, on its own): in the parts before @end, within
 * the first @budget executions in the search's order.  Of a part that
 * budget cuts, its shard may have run more: at most one class an
 * execution is counted, an upper bound unless the part is cut exactly.
 */
static unsigned long merged_classes(const struct chk_part *parts, size_t n,
				    uint64_t end, unsigned long budget)
{
	unsigned long sum = 0, runs = 0, c;
	size_t i;

	for (i = 0; i < n && parts[i].part < end && runs < budget; i++) {
		c = parts[i].classes;
		if (parts[i].executions > budget - runs && c > budget - runs)
			c = budget - runs;
		sum += c;
		runs += parts[i].executions;
	}
	return sum;
}

bool jobs_merge(const struct outcome *in, unsigned int n,
		struct outcome *out)
{
	struct chk_result *r = &out->r;
	struct chk_part *parts = NULL, *g;
	size_t nr = 0;
	unsigned long index = 0;
	unsigned int k, winner = n;

	*out = in[0];
	out->shard = out->shards = 0;
	out->token = NULL;
	*r = (struct chk_result){ .exhausted = in[0].mode == CHK_EXHAUSTIVE,
				  .reduced = in[0].r.reduced };
	for (k = 0; k < n; k++) {
		const struct chk_result *s = &in[k].r;

		if (s->violations &&
		    (winner == n || s->position < in[winner].r.position))
			winner = k;
		r->interrupted |= s->interrupted;
		r->exhausted &= s->exhausted;
		r->executions += s->executions;
		if (s->seconds > r->seconds)
			r->seconds = s->seconds;
		if (!s->nr_parts)
			continue;
		g = realloc(parts, (nr + s->nr_parts) * sizeof(*parts));
		if (!g) {
			free(parts);
			return false;
		}
		parts = g;
		memcpy(parts + nr, s->parts, s->nr_parts * sizeof(*parts));
		nr += s->nr_parts;
	}
	if (nr)
		qsort(parts, nr, sizeof(*parts), by_part);
	r->classes = merged_classes(parts, nr, winner < n ?
				    chk_position_part(in[winner].r.position) + 1 :
				    UINT64_MAX, out->budget);
	if (winner < n) {
		/* Random: runs are numbered; exhaustive: parts, then runs. */
		index = in[0].mode == CHK_EXHAUSTIVE ?
			before(parts, nr, in[winner].r.position) :
			in[winner].r.position;
		r->executions = index + 1;
		r->exhausted = false;
	}
	free(parts);
	/* A shard knows only its own executions: each may pass the cap. */
	if (r->executions > out->budget) {
		r->executions = out->budget;
		r->exhausted = false;
	}
	if (winner < n && index < r->executions) {
		r->violations = 1;
		r->viol = in[winner].r.viol;
		r->position = in[winner].r.position;
		if (in[winner].token) {
			out->token = strdup(in[winner].token);
			if (!out->token)
				return false;
		}
	}
	return true;
}

/* What a process reports of its shard, one field a line. */
static void report(FILE *f, const struct chk_result *r, const char *token)
{
	char message[sizeof(r->viol.message)], *p;
	size_t i;

	snprintf(message, sizeof(message), "%s", r->viol.message);
	for (p = message; (p = strchr(p, '\n'));)
		*p = ' ';
	fprintf(f, "executions %lu\nexhausted %d\nreduced %d\ninterrupted %d\nviolations %lu\nposition %llu\noracle %d\nseconds %f\nmessage %s\ntoken %s\n",
		r->executions, r->exhausted, r->reduced, r->interrupted,
		r->violations,
		(unsigned long long)r->position, r->viol.oracle, r->seconds,
		message, token ? token : "-");
	for (i = 0; i < r->nr_parts; i++)
		fprintf(f, "part %u %lu %d %lu\n", r->parts[i].part,
			r->parts[i].executions, r->parts[i].complete,
			r->parts[i].classes);
	fprintf(f, "end\n");
}

/* Read back what report() wrote; false if it was cut short. */
static bool read_report(FILE *f, struct outcome *o)
{
	struct chk_result *r = &o->r;
	char line[2048], *v;
	struct chk_part p;
	int complete;

	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		v = strchr(line, ' ');
		if (!strcmp(line, "end"))
			return true;
		if (!v)
			return false;
		*v++ = 0;
		if (!strcmp(line, "executions"))
			r->executions = strtoul(v, NULL, 10);
		else if (!strcmp(line, "exhausted"))
			r->exhausted = atoi(v);
		else if (!strcmp(line, "reduced"))
			r->reduced = atoi(v);
		else if (!strcmp(line, "interrupted"))
			r->interrupted = atoi(v);
		else if (!strcmp(line, "violations"))
			r->violations = strtoul(v, NULL, 10);
		else if (!strcmp(line, "position"))
			r->position = strtoull(v, NULL, 10);
		else if (!strcmp(line, "oracle"))
			r->viol.oracle = atoi(v);
		else if (!strcmp(line, "seconds"))
			r->seconds = strtod(v, NULL);
		else if (!strcmp(line, "message"))
			snprintf(r->viol.message, sizeof(r->viol.message), "%s", v);
		else if (!strcmp(line, "token") && strcmp(v, "-"))
			o->token = strdup(v);
		else if (!strcmp(line, "part") &&
			 sscanf(v, "%u %lu %d %lu", &p.part, &p.executions,
				&complete, &p.classes) == 4) {
			p.complete = complete;
			if (!chk_result_add_part(r, p))
				return false;
		}
	}
	return false;
}

/* What the processes of one search share. */
struct shared {
	uint64_t best;		/* chk_options.best */
	unsigned long done;	/* executions run, all processes together */
};

/* A shard's progress: its executions added to the count of them all. */
struct counter {
	struct shared *sh;
	unsigned long last;
};

static void count_progress(void *arg, unsigned long done)
{
	struct counter *c = arg;

	__atomic_fetch_add(&c->sh->done, done - c->last, __ATOMIC_RELAXED);
	c->last = done;
}

/*
 * A shard is stopped by every Ctrl-C it gets: a terminal's reaches it
 * as well as the parent, which passes its own on, so one press is two
 * here.  The parent alone ends at once on a second press; its shards
 * stop after their execution under way, or at their next write to it.
 */
static volatile sig_atomic_t shard_stop;

static void on_shard_interrupt(int sig)
{
	shard_stop = 1;
}

/*
 * A shard dies with the process it reports to: a parent killed (by a
 * batch system's time limit, say) would otherwise leave it running for
 * as long as its part of the search, or for ever in code under check
 * whose loop never ends.
 */
static void die_with_parent(pid_t parent)
{
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != parent)
		_exit(EXIT_ERROR);
}

/* A shard of the search, in a process of its own, reporting to @fd. */
static void __attribute__((noreturn))
run_shard(const struct chk_scenario *s, const struct chk_options *o,
	  unsigned int k, unsigned int jobs, struct shared *sh, int fd,
	  const sigset_t *unblock)
{
	struct counter c = { .sh = sh };
	struct chk_options so = *o;
	struct chk_result r;
	char *token = NULL;
	FILE *f = fdopen(fd, "w");

	so.shard = k;
	so.shards = jobs;
	so.best = &sh->best;
	so.stop = &shard_stop;
	signal(SIGINT, on_shard_interrupt);
	sigprocmask(SIG_SETMASK, unblock, NULL);
	/* The parent shows the progress of them all. */
	so.progress = o->progress ? count_progress : NULL;
	so.progress_arg = &c;
	if (!f || !chk_explore(s, &so, &r))
		_exit(EXIT_ERROR);
	if (r.have_trace)
		token = chk_token_format(s, &r);
	report(f, &r, token);
	_exit(fclose(f) ? EXIT_ERROR : 0);
}

/* A process of the search, and what it has reported so far. */
struct job {
	pid_t pid;
	int fd;			/* -1 once it closed its end */
	char *text;
	size_t len;
};

/* Read what @j wrote; false on a read error or out of memory. */
static bool drain(struct job *j)
{
	char buf[4096], *g;
	ssize_t got = read(j->fd, buf, sizeof(buf));

	if (got < 0)
		return errno == EINTR || errno == EAGAIN;
	if (!got) {
		close(j->fd);
		j->fd = -1;
		return true;
	}
	g = realloc(j->text, j->len + got + 1);
	if (!g)
		return false;
	j->text = g;
	memcpy(j->text + j->len, buf, got);
	j->len += got;
	j->text[j->len] = 0;
	return true;
}

/*
 * Collect the reports of @jobs processes.  Ctrl-C reaches this process
 * alone when it is sent to one pid: pass it on, and the processes stop
 * after their execution under way, as one would.  Meanwhile show the
 * progress of all of them.
 */
static bool collect(struct job *job, unsigned int jobs,
		    const struct chk_options *o, const struct shared *sh)
{
	struct pollfd pfd[jobs];
	bool ok = true, passed_on = false;
	unsigned int k, open;

	for (;;) {
		for (k = open = 0; k < jobs; k++)
			if (job[k].fd >= 0)
				pfd[open++] = (struct pollfd){ job[k].fd, POLLIN };
		if (!open)
			return ok;
		if (o->stop && *o->stop && !passed_on) {
			for (k = 0; k < jobs; k++)
				kill(job[k].pid, SIGINT);
			passed_on = true;
		}
		if (o->progress)
			o->progress(o->progress_arg,
				    __atomic_load_n(&sh->done, __ATOMIC_RELAXED));
		if (poll(pfd, open, 100) <= 0)
			continue;
		for (k = 0; k < jobs; k++)
			if (job[k].fd >= 0)
				ok &= drain(&job[k]);
	}
}

bool jobs_run(const struct chk_scenario *s, const struct chk_options *o,
	      unsigned int jobs, struct outcome *out)
{
	struct shared *sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	struct outcome *in = calloc(jobs, sizeof(*in));
	struct job *job = calloc(jobs, sizeof(*job));
	bool ok = sh != MAP_FAILED && in && job;
	unsigned int k, started = 0;
	pid_t parent = getpid();
	sigset_t intr, old;
	int fd[2], st;
	FILE *f;

	if (ok)
		*sh = (struct shared){ .best = UINT64_MAX };
	fflush(NULL);
	/* Until a shard has its own handler, a Ctrl-C waits. */
	sigemptyset(&intr);
	sigaddset(&intr, SIGINT);
	sigprocmask(SIG_BLOCK, &intr, &old);
	for (k = 0; ok && k < jobs; k++) {
		in[k] = *out;
		if (pipe(fd)) {
			ok = false;
			break;
		}
		job[k].pid = fork();
		if (!job[k].pid) {
			die_with_parent(parent);
			close(fd[0]);
			run_shard(s, o, k, jobs, sh, fd[1], &old);
		}
		close(fd[1]);
		job[k].fd = fd[0];
		if (job[k].pid < 0) {
			close(fd[0]);
			ok = false;
			break;
		}
		started++;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (!ok)
		for (k = 0; k < started; k++)
			kill(job[k].pid, SIGKILL);
	ok &= collect(job, started, o, sh);
	for (k = 0; k < started; k++) {
		f = job[k].text ? fmemopen(job[k].text, job[k].len, "r") : NULL;
		ok &= f && read_report(f, &in[k]);
		if (f)
			fclose(f);
		ok &= waitpid(job[k].pid, &st, 0) == job[k].pid &&
		      WIFEXITED(st) && !WEXITSTATUS(st);
		free(job[k].text);
	}
	ok = ok && jobs_merge(in, jobs, out);
	for (k = 0; in && k < started; k++) {
		free(in[k].token);
		chk_result_release(&in[k].r);
	}
	free(in);
	free(job);
	if (sh != MAP_FAILED)
		munmap(sh, sizeof(*sh));
	return ok;
}
