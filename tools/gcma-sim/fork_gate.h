/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Stopping every configuration thread of the process at a safe point, for
 * one of them to fork() (baseline_fork.c). fork() copies only the calling
 * thread; a lock another thread held at that moment (the library's, or
 * liburcu's) would stay held in the child. So each thread that drives a
 * machine is "in" the gate while it runs and passes fork_gate_point()
 * often, where it holds no lock and is in no read-side critical section:
 * a thread that wants to fork waits there until every other one is
 * parked, detached from its machine, at such a point (or out of the
 * gate), forks, and lets them go.
 * Threads that never call the library (the main thread, the seed
 * drivers) need not be in it.
 */
#ifndef _GCMA_SIM_FORK_GATE_H
#define _GCMA_SIM_FORK_GATE_H

void fork_gate_enter(void);
void fork_gate_point(void);
void fork_gate_leave(void);
int fork_gate_fork(void);

#endif /* _GCMA_SIM_FORK_GATE_H */
