// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The baseline child runs beside the request pass
 * (tools/gcma-sim/baseline_fork.c): it gets each slot's extra steps as
 * the parent sends them, every slot the parent did not reach when the
 * parent finishes, and then the request pass's check state, which wins
 * over its own as it would have with the passes run one after the
 * other. A real fork, driven through the functions engine.c calls.
 * baseline_fork_start()'s child runs 19 nice levels below its parent
 * (never urgent: the parent waits for it only at the end).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "baseline_fork.h"
#include "fork_gate.h"
#include "progress.h"
#include "scenario.h"

#define SLOTS	6

/* What the parent's request pass leaves in extra[]: slot 1 and 3 unsent. */
static const unsigned long extras[SLOTS] = { 5, 9, 7, 11, 0, 2 };

/* A digest of the counts in slot order (the child's answer). */
static uint64_t digest(const unsigned long *v)
{
	uint64_t h = 0;

	for (int i = 0; i < SLOTS; i++)
		h = h * 1000003 + v[i] + 1;
	return h;
}

static void __attribute__((noreturn))
child(int sock, struct sim_run *run, struct cfg_result *r, bool failed)
{
	struct baseline_fork bf;

	baseline_fork_init(&bf);
	bf.child = true;
	bf.sock = sock;
	memset(r->extra, 0, SLOTS * sizeof(*r->extra));
	if (failed) {
		r->check_failed = true;
		snprintf(r->check_msg, sizeof(r->check_msg), "child's");
	}
	for (unsigned long slot = 0; slot < SLOTS; slot++)
		baseline_fork_next_extra(&bf, run, r, slot);
	baseline_fork_child_merge(&bf, r);
	r->bg_base_ns = digest(r->extra);
	baseline_fork_child_done(&bf, r, 0);
}

/*
 * The parent sends slots 0 and 2 as it goes (2 brings 1 along), stops
 * (a request pass that failed at slot 3 leaves the rest unsent) and
 * finishes; with @parent_failed / @child_failed each pass failed a
 * check. The message must be @want.
 */
static void stream(bool parent_failed, bool child_failed, const char *want)
{
	struct scn_scenario s;
	struct progress prog;
	struct sim_run run;
	struct cfg_result r;
	struct baseline_fork bf;
	int sv[2], pid, ret = -1;

	memset(&s, 0, sizeof(s));
	s.nr_sizes = 2;
	s.repeat = SLOTS / 2;
	memset(&run, 0, sizeof(run));
	run.s = &s;
	progress_init(&prog, PROGRESS_NEVER, stderr);
	run.prog = &prog;
	memset(&r, 0, sizeof(r));
	r.run = &run;
	r.extra = calloc(SLOTS, sizeof(*r.extra));
	assert_non_null(r.extra);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		close(sv[0]);
		child(sv[1], &run, &r, child_failed);
	}
	close(sv[1]);
	baseline_fork_init(&bf);
	bf.pid = pid;
	bf.sock = sv[0];
	memcpy(r.extra, extras, sizeof(extras));
	baseline_fork_sent_extra(&bf, &run, &r, 0);
	baseline_fork_sent_extra(&bf, &run, &r, 2);
	if (parent_failed) {
		r.check_failed = true;
		snprintf(r.check_msg, sizeof(r.check_msg), "parent's");
	}
	fork_gate_enter();
	assert_true(baseline_fork_finish(&bf, &run, &r, &ret));
	fork_gate_leave();
	assert_int_equal(ret, 0);
	/* The child ran every slot with the parent's counts, in order. */
	assert_int_equal(r.bg_base_ns, digest(extras));
	assert_int_equal(r.check_failed, parent_failed || child_failed);
	assert_string_equal(r.check_msg, want);
	free(r.extra);
	progress_finish(&prog);
}

static void t_counts_arrive_in_order(void **state)
{
	(void)state;
	stream(false, false, "");
}

static void t_request_pass_failure_wins(void **state)
{
	(void)state;
	stream(true, false, "parent's");
	stream(true, true, "parent's");
}

static void t_baseline_failure_stands(void **state)
{
	(void)state;
	stream(false, true, "child's");
}

static void t_child_yields_the_cpu(void **state)
{
	struct scn_scenario s;
	struct sim_run run;
	struct cfg_result r;
	struct baseline_fork bf;
	int parent_nice, status;

	(void)state;
	memset(&s, 0, sizeof(s));
	memset(&run, 0, sizeof(run));
	run.s = &s;
	memset(&r, 0, sizeof(r));
	r.run = &run;
	baseline_fork_init(&bf);
	errno = 0;
	parent_nice = getpriority(PRIO_PROCESS, 0);
	assert_int_equal(errno, 0);
	fork_gate_enter();
	if (baseline_fork_start(&bf, &run, &r)) {
		int want = parent_nice + 19 > 19 ? 19 : parent_nice + 19;

		errno = 0;
		_exit(getpriority(PRIO_PROCESS, 0) == want && !errno ? 0 : 1);
	}
	fork_gate_leave();
	assert_true(bf.pid > 0);
	assert_int_equal(waitpid(bf.pid, &status, 0), bf.pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	/* The parent keeps its own priority. */
	assert_int_equal(getpriority(PRIO_PROCESS, 0), parent_nice);
	close(bf.sock);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_child_yields_the_cpu),
		cmocka_unit_test(t_counts_arrive_in_order),
		cmocka_unit_test(t_request_pass_failure_wins),
		cmocka_unit_test(t_baseline_failure_stands),
	};

	/* A lost count would leave both sides waiting: fail, do not hang. */
	alarm(60);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
