// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The baseline pass without its own warm-up.
 *
 * Both passes of a configuration (engine.c) start from the same machine
 * state: the same scenario and seed, the same warm-up. So the request
 * pass forks (fork_gate_fork(), sim_fork()) right after its warm-up, and
 * the child, a copy of the warmed-up machine, becomes the baseline pass:
 * it waits for what the baseline needs from the request pass (the steps
 * that ran during each request, and the check state the request pass
 * left), runs the same slots without requests, sends its results back
 * and exits. Each configuration thus warms up once; the output is byte
 * for byte the one of two separate warm-ups (tests/sim/test_sim_fork.c).
 *
 * The parent waits for its child before it gives its slot back, so the
 * configurations at once (--jobs) stay what they were. Where the fork or
 * the socket pair fails, or GCMA_SIM_BASELINE_FORK=0 is set, the baseline pass
 * runs as before on a machine of its own.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "baseline_fork.h"
#include "fork_gate.h"
#include "progress.h"

/* What the child needs from the request pass; then its extra[] follows. */
struct bf_handover {
	bool check_failed;
	char check_msg[256];
};

/* What the child sends back: the baseline pass's part of cfg_result. */
struct bf_result {
	int ret;
	bool check_failed;
	char check_msg[256];
	uint64_t bg_base_ns;
	struct app_counts base_app;
	uint64_t events;
};

_Static_assert(sizeof(((struct cfg_result *)0)->check_msg) ==
	       sizeof(((struct bf_result *)0)->check_msg), "check_msg size");

/* Baselines a child ran, in this process (baseline_fork_count()). */
static unsigned long bf_done;

static int bf_write(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int bf_read(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		ssize_t n = read(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static void bf_close(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/**
 * baseline_fork_init() - no child yet.
 * @bf: the state.
 *
 * Context: Any context.
 * Return: nothing.
 */
void baseline_fork_init(struct baseline_fork *bf)
{
	memset(bf, 0, sizeof(*bf));
	bf->sock = -1;
}

static bool bf_enabled(void)
{
	const char *e = getenv("GCMA_SIM_BASELINE_FORK");

	return !e || strcmp(e, "0");
}

/* The child: the request pass's state at its end, into @r. */
static int bf_child_receive(struct baseline_fork *bf, struct sim_run *run,
			    struct cfg_result *r)
{
	const struct scn_scenario *s = run->s;
	struct bf_handover h;
	int ret = bf_read(bf->sock, &h, sizeof(h));

	if (!ret)
		ret = bf_read(bf->sock, r->extra,
			      s->nr_sizes * s->repeat * sizeof(*r->extra));
	r->check_failed = h.check_failed;
	memcpy(r->check_msg, h.check_msg, sizeof(r->check_msg));
	return ret;
}

/**
 * baseline_fork_start() - fork the baseline pass off a warmed-up machine.
 * @bf: initialised (baseline_fork_init()).
 * @run: the run; @r its configuration, in the request pass, right after
 *	the warm-up, at a safe point of the fork gate.
 * @r: the configuration's result.
 *
 * In the child, returns once the parent handed over the request pass's
 * state (baseline_fork_finish()); the child then goes on as the baseline
 * pass and ends in baseline_fork_child_done(). A child whose parent
 * hands nothing over (the request pass failed) exits.
 *
 * Context: Process context, in the fork gate, attached to the machine.
 * Return: true in the child; false in the parent (@bf->pid is 0 when no
 * child was made: the baseline then runs as its own pass).
 */
bool baseline_fork_start(struct baseline_fork *bf, struct sim_run *run,
			 struct cfg_result *r)
{
	int sv[2], pid;

	if (!bf_enabled() || socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return false;
	pid = fork_gate_fork();
	if (pid < 0) {
		close(sv[0]);
		close(sv[1]);
		return false;
	}
	if (pid) {
		close(sv[1]);
		bf->pid = pid;
		bf->sock = sv[0];
		return false;
	}
	close(sv[0]);
	bf->child = true;
	bf->sock = sv[1];
	bf->events = r->all_events;
	/* The parent's line: the child draws nothing (its units are added). */
	if (run->prog)
		run->prog->on = false;
	if (bf_child_receive(bf, run, r))
		_exit(1);
	return true;
}

/**
 * baseline_fork_child_done() - send the baseline's results and exit.
 * @bf: the child's state.
 * @r: the configuration's result after the baseline pass.
 * @ret: the pass's return value.
 *
 * Context: The child, at the end of the baseline pass.
 * Return: does not return (_exit(): nothing of the parent's is flushed).
 */
void baseline_fork_child_done(struct baseline_fork *bf,
			      const struct cfg_result *r, int ret)
{
	struct bf_result res = {
		.ret = ret,
		.check_failed = r->check_failed,
		.bg_base_ns = r->bg_base_ns,
		.base_app = r->base_app,
		.events = r->all_events - bf->events,
	};

	memcpy(res.check_msg, r->check_msg, sizeof(res.check_msg));
	_exit(bf_write(bf->sock, &res, sizeof(res)) ? 1 : 0);
}

/* Hand the request pass's state over and take the results back. */
static int bf_exchange(struct baseline_fork *bf, const struct sim_run *run,
		       struct cfg_result *r, struct bf_result *res)
{
	const struct scn_scenario *s = run->s;
	struct bf_handover h = { .check_failed = r->check_failed };
	int ret;

	memcpy(h.check_msg, r->check_msg, sizeof(h.check_msg));
	ret = bf_write(bf->sock, &h, sizeof(h));
	if (!ret)
		ret = bf_write(bf->sock, r->extra,
			       s->nr_sizes * s->repeat * sizeof(*r->extra));
	if (!ret)
		ret = bf_read(bf->sock, res, sizeof(*res));
	return ret;
}

/**
 * baseline_fork_finish() - the baseline pass, by the child if there is one.
 * @bf: the state baseline_fork_start() left in the parent.
 * @run: the run.
 * @r: the configuration's result after its request pass (@r->ret 0: the
 *	pass ran; else the child is told nothing and exits).
 * @ret: the baseline pass's return value, when it ran.
 *
 * Context: Process context, in the fork gate (left while waiting).
 * Return: true if the child ran the baseline pass (@r has its results);
 * false if there is no child, @r->ret was set, or the child died without
 * its results: then run the baseline pass as its own pass (the results
 * are the same).
 */
bool baseline_fork_finish(struct baseline_fork *bf, struct sim_run *run,
			  struct cfg_result *r, int *ret)
{
	struct bf_result res;
	int err = -ECHILD, status;

	if (!bf->pid)
		return false;
	fork_gate_leave();
	if (!r->ret)
		err = bf_exchange(bf, run, r, &res);
	bf_close(&bf->sock);
	while (waitpid(bf->pid, &status, 0) < 0 && errno == EINTR)
		;
	fork_gate_enter();
	bf->pid = 0;
	if (err)
		return false;
	r->check_failed = res.check_failed;
	memcpy(r->check_msg, res.check_msg, sizeof(r->check_msg));
	r->bg_base_ns = res.bg_base_ns;
	r->base_app = res.base_app;
	r->all_events += res.events;
	/* The child's units, which it could not count on the parent's line. */
	progress_advance(run->prog, engine_pass_units(run->s));
	__atomic_add_fetch(&bf_done, 1, __ATOMIC_RELAXED);
	*ret = res.ret;
	return true;
}

/**
 * baseline_fork_count() - baseline passes run by a forked child so far.
 *
 * For the tests: shows the fork was taken, not the fallback.
 *
 * Context: Any context.
 * Return: the count, in this process since it started.
 */
unsigned long baseline_fork_count(void)
{
	return __atomic_load_n(&bf_done, __ATOMIC_RELAXED);
}
