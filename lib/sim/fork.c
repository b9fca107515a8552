// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * fork() of a process that runs machines: the child gets a copy of every
 * machine, in the state it had at the fork, to go on with separately (a
 * simulator runs a warmed-up machine twice without warming it up twice).
 *
 * fork() copies only the calling thread, so a lock another thread held
 * stays held in the child for ever, and a thread registered with liburcu
 * stays in its registry, pointing into that thread's TLS, which the
 * child's next thread reuses (a grace period then follows a stale list:
 * a crash). The library's own thread, the call_rcu worker, is stopped
 * around the fork (sim_rcu_fork_prepare()); liburcu's call_rcu threads,
 * if any, are paused and unregistered by liburcu's own fork calls. The
 * caller's threads are its business: none may be inside a library call
 * or registered (attached) while it forks, but the calling thread. The
 * copies share nothing afterwards: every mapping of a machine is private
 * memory, copied on write. liburcu's registration for expedited
 * membarrier() is the process's memory's, which the child inherits.
 */
#include <errno.h>
#include <unistd.h>

#include "kernel/rcupdate.h"
#include "platform/internal.h"

/**
 * sim_fork() - fork() the process, machines and all.
 *
 * The call_rcu worker runs what is queued and stops, fork() runs, and a
 * new worker starts on each side. In the child only the calling thread
 * exists; it stays attached to the machine it was attached to (its own
 * copy), and may go on using every machine of the copy.
 *
 * Context: Process context, outside any read-side critical section; no
 * other thread of the process may be attached to a machine or inside a
 * library call until it returns (the caller parks and detaches them).
 * Return: as fork(): the child's pid in the parent, 0 in the child;
 * -errno if fork() failed (no child; the worker runs again). A worker
 * that cannot be restarted is no error: call_rcu() then goes to
 * liburcu's own worker, as when no machine exists.
 */
int sim_fork(void)
{
	int pipefd[2];
	pid_t pid;
	int err;

	sim_rcu_fork_prepare();
	urcu_memb_call_rcu_before_fork();
	sim_fork_copy_prepare(pipefd);
	pid = fork();
	err = errno;
	if (pid) {
		sim_fork_copy_parent(pipefd, pid > 0);
		urcu_memb_call_rcu_after_fork_parent();
	} else {
		sim_fork_copy_child(pipefd);
		urcu_memb_call_rcu_after_fork_child();
	}
	(void)sim_rcu_fork_done(pid == 0);
	return pid < 0 ? -err : pid;
}
