// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The library's call_rcu worker.
 *
 * liburcu's call_rcu workers sleep 10 ms after every wake-up before they
 * run a batch (urcu-call-rcu-impl.h), so each rcu_barrier() - one per
 * machine teardown - costs 10-20 ms of waiting: a fuzzer that builds a
 * machine per input runs at ~50 inputs a second. libgcma therefore
 * queues call_rcu() callbacks on a worker of its own: created with the
 * first machine, drained, stopped and joined with the last (liburcu
 * 0.13's default worker cannot be torn down cleanly: Valgrind reports its
 * thread's TLS as possibly lost). The worker waits for one grace period
 * (urcu_memb_synchronize_rcu()) per batch and runs the batch in queue
 * order; it lets a small batch grow for up to 4 ms, unless an
 * rcu_barrier() is waiting, which it serves at once. A batch is small
 * below 1024 callbacks: each grace period is a membarrier() that
 * interrupts every CPU running one of the process's threads, and a
 * fuzzer queues ~15 callbacks per input, so 64-callback batches cost it
 * ~2,500 grace periods a second.
 *
 * After a batch the worker lingers awake (a timed wait of up to 10 ms)
 * before it sleeps until signalled: call_rcu() wakes it only when the
 * queue gets its first callback while it sleeps, or fills a batch. A
 * program that queues callbacks and barriers in quick succession (a
 * fuzzer that builds and tears down a machine per input) thus wakes the
 * worker once per rcu_barrier() instead of once more per first callback,
 * and an rcu_barrier() with nothing queued does not wake it at all.
 * An rcu_barrier() yields the CPU up to SIM_RCU_BARRIER_YIELDS times,
 * for the worker to serve it, before it sleeps: the worker's answer then
 * usually finds nobody to wake.
 *
 * A grace period is a membarrier() only when some thread is registered
 * with liburcu (its synchronize_rcu() skips the barriers and the wait
 * when none is), and each one interrupts the CPUs running the process's
 * threads (~7% of a fuzzer's time on a 2-vCPU VM). So the worker is
 * registered only while it runs callbacks (they may read under RCU), not
 * while it waits for a grace period, and an rcu_barrier() caller outside
 * any read-side critical section drops its registration while it waits:
 * it cannot be a reader then. A program that destroys its machines from
 * one thread while no other is attached (a fuzzer) thus has grace periods
 * with no thread registered, and no membarrier(); a reader in any other
 * thread still makes the grace period wait for it.
 *
 * Under ThreadSanitizer the worker acquires sim_rcu_tsan_gp after each
 * grace period, before it runs the batch (see kernel/rcupdate.h): a
 * callback that frees an object is then ordered after every reader that
 * released it before the grace period ended. Callbacks that go to
 * liburcu's own worker (no machine exists) get no such edge.
 */
#include <sched.h>
#include <stdlib.h>
#include <time.h>

#include "kernel/rcupdate.h"
#include "platform/internal.h"

/* Callbacks that make a batch worth a grace period without waiting. */
#define SIM_RCU_BATCH		1024
#define SIM_RCU_GATHER_NS	4000000L
/* sched_yield() calls of an rcu_barrier() before it sleeps. */
#define SIM_RCU_BARRIER_YIELDS	20
/* How long the worker stays awake for more callbacks after a batch. */
#define SIM_RCU_LINGER_NS	10000000L

/**
 * struct sim_rcu_worker - the queue and its thread.
 * @lock: protects everything below.
 * @work: signalled when the queue gets work or a barrier waits.
 * @progress: broadcast when a batch has run.
 * @head: first queued callback (linked through rcu_head.next.next).
 * @tail: where the next one is linked.
 * @queued: callbacks queued, ever.
 * @done: callbacks run, ever (queue order: the first @done of @queued);
 *	written under @lock, polled without it by a yielding rcu_barrier().
 * @barriers: rcu_barrier() calls waiting.
 * @lingering: the worker is in its timed wait after a batch: a first
 *	callback need not wake it.
 * @draining: a sim_rcu_drain() runs callbacks it took from the queue:
 *	the worker takes no newer ones until it is done (queue order).
 * @stop: the worker is to exit once the queue is empty.
 * @tid: its thread.
 */
struct sim_rcu_worker {
	pthread_mutex_t lock;
	pthread_cond_t work;
	pthread_cond_t progress;
	struct rcu_head *head;
	struct rcu_head **tail;
	unsigned long queued;
	unsigned long done;
	unsigned int barriers;
	bool lingering;
	bool draining;
	bool stop;
	pthread_t tid;
};

#ifdef SIM_HAVE_TSAN
/* TSan's sync object for grace periods; only its address matters. */
char sim_rcu_tsan_gp;
#endif

static pthread_mutex_t sim_rcu_lock = PTHREAD_MUTEX_INITIALIZER;
static struct sim_rcu_worker *sim_rcu;
static unsigned long sim_rcu_users;

static struct rcu_head **rcu_next(struct rcu_head *head)
{
	return (struct rcu_head **)&head->next.next;
}

/* Wait on w->work for at most @ns; w->lock held. */
static void sim_rcu_timedwait(struct sim_rcu_worker *w, long ns)
{
	struct timespec until;

	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_nsec += ns;
	while (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_cond_timedwait(&w->work, &w->lock, &until);
}

/* Give a small batch up to SIM_RCU_GATHER_NS to grow; w->lock held. */
static void sim_rcu_gather(struct sim_rcu_worker *w)
{
	if (w->barriers || w->stop || w->queued - w->done >= SIM_RCU_BATCH)
		return;
	sim_rcu_timedwait(w, SIM_RCU_GATHER_NS);
}

/*
 * Wait until there is a batch to run or the worker is to stop; w->lock
 * held. Right after a batch (@linger), stay awake for SIM_RCU_LINGER_NS
 * first; a callback queued meanwhile is picked up when that wait ends.
 */
static void sim_rcu_wait_work(struct sim_rcu_worker *w, bool linger)
{
	while (!w->head && !w->stop) {
		if (!linger) {
			pthread_cond_wait(&w->work, &w->lock);
			continue;
		}
		w->lingering = true;
		sim_rcu_timedwait(w, SIM_RCU_LINGER_NS);
		w->lingering = false;
		linger = false;
	}
}

static void *sim_rcu_main(void *arg)
{
	struct sim_rcu_worker *w = arg;
	bool linger = false;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		struct rcu_head *batch, *next;
		unsigned long n = 0;

		sim_rcu_wait_work(w, linger);
		if (!w->head)
			break;
		sim_rcu_gather(w);
		while (w->draining)
			pthread_cond_wait(&w->progress, &w->lock);
		batch = w->head;
		/*
		 * A drain took the queue: as after a batch of its own, stay
		 * awake a while, so that the next callbacks (a fuzzer's next
		 * input) need not wake the worker.
		 */
		if (!batch) {
			linger = true;
			continue;
		}
		w->head = NULL;
		w->tail = &w->head;
		pthread_mutex_unlock(&w->lock);

		synchronize_rcu();
		urcu_memb_register_thread();
		for (; batch; batch = next, n++) {
			next = *rcu_next(batch);
			batch->func(batch);
		}
		urcu_memb_unregister_thread();

		pthread_mutex_lock(&w->lock);
		__atomic_store_n(&w->done, w->done + n, __ATOMIC_RELEASE);
		pthread_cond_broadcast(&w->progress);
		linger = true;
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

/**
 * sim_call_rcu() - queue @func(@head) for after a grace period.
 * @head: the callback's head, inside the object it frees.
 * @func: the callback.
 *
 * What the shim's call_rcu() calls. Without a worker (no machine exists)
 * the callback goes to liburcu's default worker, as before any machine.
 *
 * Context: Any context, in or out of a read-side critical section.
 * Return: nothing.
 */
void sim_call_rcu(struct rcu_head *head, void (*func)(struct rcu_head *head))
{
	struct sim_rcu_worker *w = __atomic_load_n(&sim_rcu, __ATOMIC_ACQUIRE);

	if (!w) {
		urcu_memb_call_rcu(head, func);
		return;
	}
	head->func = func;
	*rcu_next(head) = NULL;
	pthread_mutex_lock(&w->lock);
	*w->tail = head;
	w->tail = rcu_next(head);
	w->queued++;
	if ((w->queued - w->done == 1 && !w->lingering) ||
	    w->queued - w->done == SIM_RCU_BATCH)
		pthread_cond_signal(&w->work);
	pthread_mutex_unlock(&w->lock);
}

/**
 * sim_rcu_barrier() - wait until every callback queued so far has run.
 *
 * What the shim's rcu_barrier() calls.
 *
 * Context: Process context, outside any read-side critical section, not
 * from a callback.
 * Return: nothing.
 */
void sim_rcu_barrier(void)
{
	struct sim_rcu_worker *w = __atomic_load_n(&sim_rcu, __ATOMIC_ACQUIRE);
	unsigned long target;
	bool quiescent;

	if (!w) {
		urcu_memb_barrier();
		return;
	}
	pthread_mutex_lock(&w->lock);
	target = w->queued;
	/* Nothing queued since the last barrier: no need to wake the worker. */
	if (w->done == target) {
		pthread_mutex_unlock(&w->lock);
		return;
	}
	pthread_mutex_unlock(&w->lock);
	/*
	 * A thread the library registered (attached, or entered) that holds
	 * no read lock is no reader while it waits here: unregistered, the
	 * worker's grace period need not interrupt it (above). Not under
	 * w->lock: a grace period holds liburcu's registry lock while it
	 * waits for readers, and a reader may be queueing a callback.
	 */
	quiescent = sim_tls_machine && !urcu_memb_read_ongoing();
	if (quiescent)
		urcu_memb_unregister_thread();
	pthread_mutex_lock(&w->lock);
	w->barriers++;
	pthread_cond_signal(&w->work);
	pthread_mutex_unlock(&w->lock);
	for (int i = 0; i < SIM_RCU_BARRIER_YIELDS &&
	     (long)(__atomic_load_n(&w->done, __ATOMIC_ACQUIRE) - target) < 0; i++)
		sched_yield();
	pthread_mutex_lock(&w->lock);
	while ((long)(w->done - target) < 0)
		pthread_cond_wait(&w->progress, &w->lock);
	w->barriers--;
	pthread_mutex_unlock(&w->lock);
	if (quiescent)
		urcu_memb_register_thread();
}

/* @w's lock and conditions (@work timed on CLOCK_MONOTONIC). */
static void sim_rcu_sync_init(struct sim_rcu_worker *w)
{
	pthread_condattr_t attr;

	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->work, &attr);
	pthread_cond_init(&w->progress, NULL);
	pthread_condattr_destroy(&attr);
}

/**
 * sim_rcu_drain() - run every callback queued so far, the calling thread
 *	running those the worker has not taken yet.
 *
 * For sim_machine_reset(), which must run the old state's callbacks
 * before it clears that state, once per reset: an rcu_barrier() would
 * wake the worker and wait for its answer (a futex hand-off each time).
 * Here the caller waits only for a batch the worker already runs, takes
 * the rest of the queue, waits for a grace period itself and runs the
 * callbacks in queue order, as no machine (the worker runs them so): a
 * callback cannot tell the difference. Not rcu_barrier(), whose caller
 * never runs callbacks (as in the kernel).
 *
 * Context: Process context, outside any read-side critical section, not
 * from a callback; the caller holds no lock a callback may take.
 * Return: nothing.
 */
void sim_rcu_drain(void)
{
	struct sim_rcu_worker *w = __atomic_load_n(&sim_rcu, __ATOMIC_ACQUIRE);
	struct sim_machine *machine = sim_tls_machine;
	struct rcu_head *batch, *next;
	unsigned long n = 0, before;
	bool quiescent;

	if (!w) {
		urcu_memb_barrier();
		return;
	}
	pthread_mutex_lock(&w->lock);
	/* One drain at a time; the worker's batch runs before ours. */
	while (w->draining)
		pthread_cond_wait(&w->progress, &w->lock);
	batch = w->head;
	w->head = NULL;
	w->tail = &w->head;
	for (struct rcu_head *h = batch; h; h = *rcu_next(h))
		n++;
	before = w->queued - n;
	while ((long)(w->done - before) < 0)
		pthread_cond_wait(&w->progress, &w->lock);
	w->draining = batch != NULL;
	pthread_mutex_unlock(&w->lock);
	if (!batch)
		return;
	/* As sim_rcu_barrier(): no reader while it waits. */
	quiescent = machine && !urcu_memb_read_ongoing();
	if (quiescent)
		urcu_memb_unregister_thread();
	synchronize_rcu();
	if (quiescent)
		urcu_memb_register_thread();
	sim_tls_machine = NULL;
	for (; batch; batch = next) {
		next = *rcu_next(batch);
		batch->func(batch);
	}
	sim_tls_machine = machine;
	pthread_mutex_lock(&w->lock);
	__atomic_store_n(&w->done, w->done + n, __ATOMIC_RELEASE);
	w->draining = false;
	pthread_cond_broadcast(&w->progress);
	pthread_mutex_unlock(&w->lock);
}

/**
 * sim_rcu_get() - take a reference on the call_rcu worker.
 *
 * The first reference creates it.
 *
 * Context: Process context.
 * Return: 0, or -ENOMEM if the worker cannot be created.
 */
int sim_rcu_get(void)
{
	struct sim_rcu_worker *w;
	int ret = 0;

	pthread_mutex_lock(&sim_rcu_lock);
	if (!sim_rcu_users) {
		w = calloc(1, sizeof(*w));
		if (!w) {
			ret = -ENOMEM;
			goto out;
		}
		sim_rcu_sync_init(w);
		w->tail = &w->head;
		if (pthread_create(&w->tid, NULL, sim_rcu_main, w)) {
			pthread_cond_destroy(&w->progress);
			pthread_cond_destroy(&w->work);
			pthread_mutex_destroy(&w->lock);
			free(w);
			ret = -ENOMEM;
			goto out;
		}
		__atomic_store_n(&sim_rcu, w, __ATOMIC_RELEASE);
	}
	sim_rcu_users++;
out:
	pthread_mutex_unlock(&sim_rcu_lock);
	return ret;
}

/**
 * sim_rcu_put() - drop a reference on the call_rcu worker.
 *
 * The last reference drains every queued callback, stops the worker and
 * joins its thread.
 *
 * Context: Process context, outside any read-side critical section; no
 * thread may still queue callbacks.
 * Return: nothing.
 */
void sim_rcu_put(void)
{
	struct sim_rcu_worker *w;

	pthread_mutex_lock(&sim_rcu_lock);
	if (--sim_rcu_users) {
		pthread_mutex_unlock(&sim_rcu_lock);
		return;
	}
	w = sim_rcu;
	sim_rcu_barrier();
	if (!w) {	/* sim_rcu_fork_done() could not restart it */
		pthread_mutex_unlock(&sim_rcu_lock);
		return;
	}
	__atomic_store_n(&sim_rcu, NULL, __ATOMIC_RELEASE);
	pthread_mutex_lock(&w->lock);
	w->stop = true;
	pthread_cond_signal(&w->work);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->tid, NULL);
	pthread_cond_destroy(&w->progress);
	pthread_cond_destroy(&w->work);
	pthread_mutex_destroy(&w->lock);
	free(w);
	pthread_mutex_unlock(&sim_rcu_lock);
}

/**
 * sim_rcu_fork_prepare() - stop the call_rcu worker for a fork().
 *
 * fork() copies only the calling thread: a worker copied in the middle
 * of a batch or a grace period would leave its locks (and liburcu's) held
 * in the child for ever. So the worker runs what is queued and exits
 * (its thread joined); sim_rcu_fork_done() starts a new one on each side.
 * The caller holds the worker's lifetime lock until then: no machine is
 * created or destroyed meanwhile.
 *
 * Context: Process context, outside any read-side critical section; no
 * other thread may queue callbacks until sim_rcu_fork_done().
 * Return: nothing.
 */
void sim_rcu_fork_prepare(void)
{
	struct sim_rcu_worker *w;

	pthread_mutex_lock(&sim_rcu_lock);
	w = sim_rcu;
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->stop = true;
	pthread_cond_signal(&w->work);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->tid, NULL);
	w->stop = false;
}

/**
 * sim_rcu_fork_done() - start the worker sim_rcu_fork_prepare() stopped.
 * @child: called in the child of the fork() (else in the parent).
 *
 * In the child the worker's lock and conditions are made anew (the
 * thread that forked is the only one there; it still holds the lifetime
 * lock, which it drops on both sides).
 *
 * Context: Process context, after sim_rcu_fork_prepare() and fork().
 * Return: 0, or -ENOMEM if no thread could be started (the worker is
 * then gone: callbacks go to liburcu's, as without a machine).
 */
int sim_rcu_fork_done(bool child)
{
	struct sim_rcu_worker *w = sim_rcu;
	int ret = 0;

	if (w && child)
		sim_rcu_sync_init(w);
	if (w && pthread_create(&w->tid, NULL, sim_rcu_main, w)) {
		__atomic_store_n(&sim_rcu, NULL, __ATOMIC_RELEASE);
		free(w);
		ret = -ENOMEM;
	}
	pthread_mutex_unlock(&sim_rcu_lock);
	return ret;
}
