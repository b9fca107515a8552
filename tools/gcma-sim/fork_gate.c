// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The process's fork gate (fork_gate.h).
 */
#include <libgcma/libgcma.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>

#include "fork_gate.h"

/*
 * @running: threads in the gate and not parked; @forking: a thread is
 * forking (the others park at their next point); @wake: broadcast when
 * either changes. All under @lock.
 */
static struct {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	unsigned int running;
	bool forking;
} fork_gate = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.wake = PTHREAD_COND_INITIALIZER,
};

/* Wait until nobody forks; lock held. */
static void fork_gate_wait(void)
{
	while (fork_gate.forking)
		pthread_cond_wait(&fork_gate.wake, &fork_gate.lock);
}

/**
 * fork_gate_enter() - the calling thread starts driving a machine.
 *
 * Context: Process context; not in the gate.
 * Return: nothing (waits while another thread forks).
 */
void fork_gate_enter(void)
{
	pthread_mutex_lock(&fork_gate.lock);
	fork_gate_wait();
	fork_gate.running++;
	pthread_mutex_unlock(&fork_gate.lock);
}

/**
 * fork_gate_leave() - the calling thread stops driving a machine.
 *
 * Context: Process context; in the gate, at a safe point.
 * Return: nothing.
 */
void fork_gate_leave(void)
{
	pthread_mutex_lock(&fork_gate.lock);
	fork_gate.running--;
	pthread_cond_broadcast(&fork_gate.wake);
	pthread_mutex_unlock(&fork_gate.lock);
}

/**
 * fork_gate_point() - a safe point: park here while a thread forks.
 *
 * A parked thread is detached from its machine (sim_fork() requires it:
 * liburcu must not know it in the child) and attached again after.
 *
 * Context: Process context; in the gate, holding no lock of the library
 * and in no read-side critical section.
 * Return: nothing.
 */
void fork_gate_point(void)
{
	struct sim_machine *m;

	if (!__atomic_load_n(&fork_gate.forking, __ATOMIC_ACQUIRE))
		return;
	/* Parked detached: no registration of ours left in the child. */
	m = sim_current_machine();
	if (m)
		sim_thread_detach();
	pthread_mutex_lock(&fork_gate.lock);
	fork_gate.running--;
	pthread_cond_broadcast(&fork_gate.wake);
	fork_gate_wait();
	fork_gate.running++;
	pthread_mutex_unlock(&fork_gate.lock);
	if (m)
		sim_thread_attach(m);
}

/**
 * fork_gate_fork() - fork the process once every other thread is parked.
 *
 * In the child the calling thread is the only one in the gate (the
 * others do not exist there).
 *
 * Context: Process context; in the gate, at a safe point.
 * Return: as sim_fork(): the child's pid, 0 in the child, -errno.
 */
int fork_gate_fork(void)
{
	int pid;

	pthread_mutex_lock(&fork_gate.lock);
	fork_gate.running--;
	/* A thread forking now waits for @running to reach 0: tell it. */
	pthread_cond_broadcast(&fork_gate.wake);
	fork_gate_wait();
	__atomic_store_n(&fork_gate.forking, true, __ATOMIC_RELEASE);
	while (fork_gate.running)
		pthread_cond_wait(&fork_gate.wake, &fork_gate.lock);
	pthread_mutex_unlock(&fork_gate.lock);
	/*
	 * Nothing buffered for the child to write again: a stream with
	 * bytes in its buffer (the --trace file's header) would get them
	 * twice if the child ever flushed its copy (seen under Valgrind).
	 */
	fflush(NULL);
	pid = sim_fork();
	if (!pid) {
		pthread_mutex_init(&fork_gate.lock, NULL);
		pthread_cond_init(&fork_gate.wake, NULL);
		fork_gate.forking = false;
		fork_gate.running = 1;
		return 0;
	}
	pthread_mutex_lock(&fork_gate.lock);
	__atomic_store_n(&fork_gate.forking, false, __ATOMIC_RELEASE);
	fork_gate.running++;
	pthread_cond_broadcast(&fork_gate.wake);
	pthread_mutex_unlock(&fork_gate.lock);
	return pid;
}
