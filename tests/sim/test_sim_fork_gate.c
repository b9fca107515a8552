// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The fork gate (tools/gcma-sim/fork_gate.c) when two threads fork at
 * once: the second one to ask must let the first one know it left the
 * running count, or both wait for ever (seen as a hang of gcma-sim with
 * two configurations whose warm-ups end together: gcma and gcma.zram of
 * scenarios/apps-trace.ini). Each thread enters the gate, forks (the
 * child exits at once) and leaves; an alarm turns a hang into a failure.
 * And the child starts with no stdio output buffered: a buffered --trace
 * header came out once per child under Valgrind, whose exit-time
 * __libc_freeres() flushes the child's copy of every stream.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "fork_gate.h"

static pthread_barrier_t both_in;

static void *forker(void *arg)
{
	int pid, status;

	(void)arg;
	fork_gate_enter();
	/* Both are in the gate before either forks. */
	pthread_barrier_wait(&both_in);
	pid = fork_gate_fork();
	if (!pid)
		_exit(0);
	fork_gate_leave();
	if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	    !WEXITSTATUS(status))
		return NULL;
	return (void *)1;
}

static void t_two_forks_at_once(void **state)
{
	pthread_t a, b;
	void *ra, *rb;

	(void)state;
	alarm(60);	/* the bug is a hang: SIGALRM ends the test, failed */
	assert_int_equal(pthread_barrier_init(&both_in, NULL, 2), 0);
	for (int round = 0; round < 50; round++) {
		assert_int_equal(pthread_create(&a, NULL, forker, NULL), 0);
		assert_int_equal(pthread_create(&b, NULL, forker, NULL), 0);
		assert_int_equal(pthread_join(a, &ra), 0);
		assert_int_equal(pthread_join(b, &rb), 0);
		assert_null(ra);
		assert_null(rb);
	}
	pthread_barrier_destroy(&both_in);
	alarm(0);
}

/* Bytes written to a buffered stream before the fork stay the parent's. */
static void t_child_inherits_no_buffered_output(void **state)
{
	FILE *f = tmpfile();
	int pid, status;

	(void)state;
	assert_non_null(f);
	assert_int_equal(setvbuf(f, NULL, _IOFBF, 4096), 0);
	fputs("config,pages,rep,ret,ns,wait_ns,events\n", f);
	assert_true(__fpending(f) > 0);
	fork_gate_enter();
	pid = fork_gate_fork();
	if (!pid)
		_exit(__fpending(f) ? 1 : 0);
	fork_gate_leave();
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_two_forks_at_once),
		cmocka_unit_test(t_child_inherits_no_buffered_output),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
