// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Each configuration in a process of its own.
 *
 * The configurations of a run share nothing, and running them as
 * threads of one process costs more than their work: the baseline fork
 * (baseline_fork.c) copies the whole process, so every page another
 * configuration's thread writes while a child lives is a copy-on-write
 * fault, each with a TLB-shootdown IPI to the CPUs running the other
 * threads (measured on the default scenario, 2 CPUs: 13% more CPU time
 * than the same configurations as separate processes). So the thread
 * that would run a configuration forks (fork_gate_fork(), while no
 * other thread drives a machine) a process that runs it and sends back
 * its result (cfg_wire.c); the thread relays the child's progress
 * updates to the line (progress_relay()) and waits. The output is the
 * same bytes as the threads' (tests/sim/test_sim_jobs.c,
 * tests/sim/test_sim_fork.c).
 *
 * Used for a run of one seed without --record-trace (whose writer is
 * the process's), unless GCMA_SIM_CONFIG_FORK=0 or the build has a
 * sanitizer that cannot fork a threaded process; where the fork or the
 * socket pair fails, or the child dies without its result, the thread
 * runs the configuration itself.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "baseline_fork.h"
#include "cfg_wire.h"
#include "config_proc.h"
#include "fd_io.h"
#include "fork_gate.h"
#include "progress.h"

/* After the child's progress updates: its result follows. */
#define CONFIG_PROC_RESULT	PROGRESS_MSG_NR

/* Configurations run by a child, in this process (config_proc_count()). */
static unsigned long cp_done;

/*
 * Not under AddressSanitizer or ThreadSanitizer: gcc 12's and clang
 * 14's ASan allocator is not fork-safe in a threaded process (a lock
 * another thread held at the fork stays held in the child: a child of
 * test_sim_config_proc hung in SizeClassAllocator64::GetFromAllocator()
 * when its first allocation needed it), and TSan does not support
 * threads started after a fork of a threaded process. The configurations
 * then run in threads, as with GCMA_SIM_CONFIG_FORK=0.
 */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define CONFIG_PROC_SANITIZED	1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define CONFIG_PROC_SANITIZED	1
#endif
#endif

/**
 * config_proc_supported() - can this build run configurations in
 * processes of their own?
 *
 * Context: Any context.
 * Return: false in a build with AddressSanitizer or ThreadSanitizer.
 */
bool config_proc_supported(void)
{
#ifdef CONFIG_PROC_SANITIZED
	return false;
#else
	return true;
#endif
}

static bool cp_wanted(const struct sim_run *run)
{
	const char *e = getenv("GCMA_SIM_CONFIG_FORK");

	if (!config_proc_supported() || (e && !strcmp(e, "0")))
		return false;
	return !run->label_seed && !run->record;
}

/* The child: run the configuration, send the result, exit. */
static void __attribute__((noreturn))
cp_child(int fd, struct cfg_result *r, void (*run_config)(struct cfg_result *))
{
	unsigned long forks = baseline_fork_count();
	struct progress_msg m = { .kind = CONFIG_PROC_RESULT };

	/* The only thread here: out of the gate, as a new thread starts. */
	fork_gate_leave();
	progress_relay(r->run->prog, fd);
	run_config(r);
	forks = baseline_fork_count() - forks;
	if (fd_write_all(fd, &m, sizeof(m)) || cfg_wire_send(fd, r, forks))
		_exit(1);
	_exit(0);
}

/*
 * The parent's thread: hand the child's progress updates to the line
 * until its result comes, then take that. Each update is applied in the
 * fork gate, so no process is forked while this thread holds the line's
 * or stderr's lock. Return 0 with @r filled, else -errno.
 */
static int cp_relay(int fd, struct cfg_result *r)
{
	struct progress_msg m;
	unsigned long forks;
	int ret;

	for (;;) {
		ret = fd_read_all(fd, &m, sizeof(m));
		if (ret || m.kind == CONFIG_PROC_RESULT)
			break;
		fork_gate_enter();
		progress_apply(r->run->prog, &m);
		fork_gate_leave();
	}
	/* Its allocations in the gate too: no fork while one is made. */
	if (!ret) {
		fork_gate_enter();
		ret = cfg_wire_recv(fd, r, &forks);
		fork_gate_leave();
	}
	if (!ret)
		baseline_fork_add_count(forks);
	return ret;
}

/**
 * config_proc_run() - run configuration @r in a child process.
 * @r: the configuration, as engine_run() set it up.
 * @run_config: what runs it (in the child): engine.c's body of a
 *	configuration thread, fork gate entered and left inside.
 *
 * Context: A configuration thread of engine_run(), outside the fork
 * gate, attached to no machine.
 * Return: true when the child ran it and @r holds its result; false when
 * it was not run (not wanted for this run, or the fork failed, or the
 * child died without its result): the caller runs it itself, as if
 * this had not been tried (@r unchanged).
 */
bool config_proc_run(struct cfg_result *r,
		     void (*run_config)(struct cfg_result *r))
{
	int sv[2], pid, status, ret;

	if (!cp_wanted(r->run))
		return false;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return false;
	fork_gate_enter();
	pid = fork_gate_fork();
	if (!pid) {
		close(sv[0]);
		cp_child(sv[1], r, run_config);
	}
	fork_gate_leave();
	close(sv[1]);
	if (pid < 0) {
		close(sv[0]);
		return false;
	}
	ret = cp_relay(sv[0], r);
	close(sv[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	/* A whole result is the run's, however the child ended after it. */
	if (ret)
		return false;
	__atomic_add_fetch(&cp_done, 1, __ATOMIC_RELAXED);
	return true;
}

/**
 * config_proc_count() - configurations run by a child process so far.
 *
 * For the tests: shows the child was used, not the fallback.
 *
 * Context: Any context.
 * Return: the count, in this process since it started.
 */
unsigned long config_proc_count(void)
{
	return __atomic_load_n(&cp_done, __ATOMIC_RELAXED);
}
