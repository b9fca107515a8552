// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The library's call_rcu worker.
 *
 * liburcu's default call_rcu worker cannot be torn down cleanly in 0.13
 * (Valgrind reports its thread's TLS as possibly lost), so libgcma runs its
 * own: created with the first machine, bound to every attached thread, and
 * with the last machine drained (rcu_barrier), freed and - on liburcu
 * older than 0.14, which does not do it - joined.
 */
#include "kernel/rcupdate.h"
#include "sim/internal.h"

static pthread_mutex_t sim_rcu_lock = PTHREAD_MUTEX_INITIALIZER;
static struct call_rcu_data *sim_rcu_crdp;
static unsigned long sim_rcu_users;

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
	int ret = 0;

	pthread_mutex_lock(&sim_rcu_lock);
	if (!sim_rcu_users) {
		sim_rcu_crdp = urcu_memb_create_call_rcu_data(0, -1);
		if (!sim_rcu_crdp)
			ret = -ENOMEM;
	}
	if (!ret)
		sim_rcu_users++;
	pthread_mutex_unlock(&sim_rcu_lock);
	return ret;
}

/**
 * sim_rcu_put() - drop a reference on the call_rcu worker.
 *
 * The last reference drains every queued callback (rcu_barrier), frees
 * the worker and, on liburcu < 0.14, joins its thread.
 *
 * Context: Process context, outside any read-side critical section; no
 * attached thread may still be bound to the worker.
 * Return: nothing.
 */
void sim_rcu_put(void)
{
	struct call_rcu_data *crdp;
	pthread_t tid;

	pthread_mutex_lock(&sim_rcu_lock);
	if (--sim_rcu_users) {
		pthread_mutex_unlock(&sim_rcu_lock);
		return;
	}
	crdp = sim_rcu_crdp;
	sim_rcu_crdp = NULL;
	urcu_memb_barrier();
	tid = urcu_memb_get_call_rcu_thread(crdp);
	urcu_memb_call_rcu_data_free(crdp);
#if SIM_URCU_JOIN_WORKER
	pthread_join(tid, NULL);
#else
	(void)tid;
#endif
	pthread_mutex_unlock(&sim_rcu_lock);
}

/**
 * sim_rcu_worker() - the worker attached threads are bound to.
 *
 * Context: Any context, while a machine exists.
 * Return: the worker, or NULL when no machine exists.
 */
struct call_rcu_data *sim_rcu_worker(void)
{
	return sim_rcu_crdp;
}
