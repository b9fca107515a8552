// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The baseline pass without its own warm-up.
 *
 * Both passes of a configuration (engine.c) start from the same machine
 * state: the same scenario and seed, the same warm-up. So the request
 * pass forks (fork_gate_fork(), sim_fork()) right after its warm-up, and
 * the child, a copy of the warmed-up machine, becomes the baseline pass.
 * The two run side by side: the baseline needs from the request pass
 * the steps that ran during each request, which the parent sends slot
 * by slot as it goes (the child waits for a slot's count before it runs
 * those steps), and at the end the check state the request pass left,
 * which the child takes before it reads its own counts. It then sends
 * its results back and exits. Each configuration thus warms up once and
 * keeps two CPUs busy; the output is byte for byte the one of two
 * separate warm-ups (tests/sim/test_sim_fork.c).
 *
 * The parent waits for its child before it gives its slot back, so a
 * configuration uses at most two CPUs. Where the fork or
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
#include "fd_io.h"
#include "fork_gate.h"
#include "progress.h"

/*
 * What the child needs from the request pass at its end; the extra[]
 * counts went before, slot by slot.
 */
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

/*
 * The child runs at the lowest priority (nice +19 on top of the parent's):
 * it is never urgent, since it only needs each slot's count before its
 * steps and the parent waits for it only at the end. With every
 * configuration running at once, the request passes and warm-ups then
 * keep the CPUs, and the baselines run in the time they leave (and
 * together at the end) instead of time-sharing each CPU three ways:
 * fewer switches between processes whose working sets evict each
 * other's from the caches. The default scenario on 2 CPUs: 5% less CPU
 * and wall time (docs/simulator.md "Speed"). The output cannot change:
 * the child's work is the same whenever it runs.
 */
static void bf_child_yields(void)
{
	/* A failure is harmless: the child then competes as before. */
	(void)!nice(19);
}

static bool bf_enabled(void)
{
	const char *e = getenv("GCMA_SIM_BASELINE_FORK");

	return !e || strcmp(e, "0");
}

/**
 * baseline_fork_start() - fork the baseline pass off a warmed-up machine.
 * @bf: initialised (baseline_fork_init()).
 * @run: the run; @r its configuration, in the request pass, right after
 *	the warm-up, at a safe point of the fork gate.
 * @r: the configuration's result.
 *
 * The child goes on at once as the baseline pass: it takes each slot's
 * steps from baseline_fork_next_extra(), the request pass's check state
 * from baseline_fork_child_merge(), and ends in
 * baseline_fork_child_done(). A child whose parent stops sending (the
 * request pass failed or died) exits.
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
	bf_child_yields();
	bf->child = true;
	bf->sock = sv[1];
	bf->events = r->all_events;
	/* The parent's line: the child draws nothing (its units are added). */
	if (run->prog)
		run->prog->on = false;
	return true;
}

/* Slots whose extra[] count the parent sends: the [requests] slots. */
static unsigned long bf_slots(const struct sim_run *run)
{
	return run->s->nr_sizes * run->s->repeat;
}

/* Send extra[] from the first unsent slot up to @upto (exclusive). */
static void bf_send_extras(struct baseline_fork *bf, const struct sim_run *run,
			   const struct cfg_result *r, unsigned long upto)
{
	if (upto > bf_slots(run))
		upto = bf_slots(run);
	if (bf->broken || upto <= bf->sent)
		return;
	if (fd_write_all(bf->sock, r->extra + bf->sent,
			 (upto - bf->sent) * sizeof(*r->extra)))
		bf->broken = true;
	bf->sent = upto;
}

/**
 * baseline_fork_sent_extra() - the request pass has set @r->extra[@slot].
 * @bf: the parent's state (no child: nothing to do).
 * @run: the run.
 * @r: the configuration's result.
 * @slot: the slot just finished.
 *
 * Sends the slot's count (and any earlier ones not sent) to the child,
 * which may be waiting for it. A failed send marks the child lost:
 * baseline_fork_finish() then runs the baseline pass itself.
 *
 * Context: The parent, in the request pass.
 * Return: nothing.
 */
void baseline_fork_sent_extra(struct baseline_fork *bf,
			      const struct sim_run *run,
			      const struct cfg_result *r, unsigned long slot)
{
	if (bf->pid)
		bf_send_extras(bf, run, r, slot + 1);
}

/**
 * baseline_fork_next_extra() - wait for @r->extra[@slot] from the parent.
 * @bf: the child's state.
 * @run: the run.
 * @r: the configuration's result (in the child).
 * @slot: the slot about to run its extra steps.
 *
 * Context: The child, in the baseline pass.
 * Return: nothing; exits (status 1) when the parent stopped sending.
 */
void baseline_fork_next_extra(struct baseline_fork *bf,
			      const struct sim_run *run, struct cfg_result *r,
			      unsigned long slot)
{
	if (slot >= bf_slots(run))
		return;
	if (fd_read_all(bf->sock, &r->extra[slot], sizeof(*r->extra)))
		_exit(1);
}

/**
 * baseline_fork_child_merge() - take the request pass's check state.
 * @bf: the child's state.
 * @r: the configuration's result (in the child), after every slot.
 *
 * A run of the two passes one after the other starts the baseline with
 * the request pass's check state: a failure there is the message, and
 * the baseline's own failures add none. The child ran its slots before
 * it knew that state, so it merges it now, before anything reads
 * @r->check_failed: the request pass's failure wins, else the child's
 * own stands.
 *
 * Context: The child, after the baseline pass's slots.
 * Return: nothing; exits (status 1) when the parent sent nothing.
 */
void baseline_fork_child_merge(struct baseline_fork *bf, struct cfg_result *r)
{
	struct bf_handover h;

	if (fd_read_all(bf->sock, &h, sizeof(h)))
		_exit(1);
	if (!h.check_failed)
		return;
	r->check_failed = true;
	memcpy(r->check_msg, h.check_msg, sizeof(r->check_msg));
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
	_exit(fd_write_all(bf->sock, &res, sizeof(res)) ? 1 : 0);
}

/* Hand the request pass's state over and take the results back. */
static int bf_exchange(struct baseline_fork *bf, const struct sim_run *run,
		       struct cfg_result *r, struct bf_result *res)
{
	struct bf_handover h = { .check_failed = r->check_failed };
	int ret;

	/* The slots the request pass did not reach: their counts are 0. */
	bf_send_extras(bf, run, r, bf_slots(run));
	if (bf->broken)
		return -EIO;
	memcpy(h.check_msg, r->check_msg, sizeof(h.check_msg));
	ret = fd_write_all(bf->sock, &h, sizeof(h));
	if (!ret)
		ret = fd_read_all(bf->sock, res, sizeof(*res));
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
	bf->sent = 0;
	bf->broken = false;
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
 * baseline_fork_add_count() - count baseline passes another process's
 * children ran for this one (a configuration run in a child process,
 * config_proc.c).
 * @n: how many.
 *
 * Context: Any context.
 * Return: nothing.
 */
void baseline_fork_add_count(unsigned long n)
{
	__atomic_add_fetch(&bf_done, n, __ATOMIC_RELAXED);
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
