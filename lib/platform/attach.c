// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Attaching threads to machines.
 *
 * A thread attaches to one machine at a time. Attaching registers it with
 * RCU and binds it to the library's call_rcu worker; detaching undoes
 * both. A thread that exits while attached is detached by a thread-exit
 * destructor, so liburcu never sees a registered thread vanish.
 */
#include <sched.h>

#include "kernel/lockdep.h"
#include "kernel/rcupdate.h"
#include "platform/internal.h"

/* initial-exec: caller_attached() on xa_load()'s path is one load. */
__thread struct sim_machine *sim_tls_machine
	__attribute__((tls_model("initial-exec")));
__thread unsigned int sim_tls_internal;

static pthread_key_t sim_attach_key;
static pthread_once_t sim_attach_once = PTHREAD_ONCE_INIT;

static void sim_detach_current(void)
{
	struct sim_machine *m = sim_tls_machine;

	lockdep_check_detach();
	urcu_memb_unregister_thread();
	sim_tls_machine = NULL;
	pthread_setspecific(sim_attach_key, NULL);
	__atomic_sub_fetch(&m->attached, 1, __ATOMIC_ACQ_REL);
}

static void sim_attach_exit(void *arg)
{
	if (sim_tls_machine) {
		while (urcu_memb_read_ongoing())
			rcu_read_unlock();
		sim_detach_current();
	}
}

static void sim_attach_key_init(void)
{
	pthread_key_create(&sim_attach_key, sim_attach_exit);
}

/**
 * sim_thread_attach() - make @m the calling thread's machine.
 * @m: the machine.
 *
 * Registers the thread with RCU; kernel-named calls made by the thread act
 * on @m from now on.
 *
 * Context: Process context, outside any RCU read-side critical section.
 * Return: 0, -EINVAL for a NULL @m, -EBUSY if the thread is already
 * attached (to any machine).
 */
int sim_thread_attach(struct sim_machine *m)
{
	if (!m)
		return -EINVAL;
	if (sim_tls_machine)
		return -EBUSY;
	pthread_once(&sim_attach_once, sim_attach_key_init);
	__atomic_add_fetch(&m->attached, 1, __ATOMIC_ACQ_REL);
	urcu_memb_register_thread();
	sim_tls_machine = m;
	pthread_setspecific(sim_attach_key, m);
	return 0;
}

/**
 * sim_thread_detach() - detach the calling thread from its machine.
 *
 * Unregisters the thread from RCU. Callbacks it queued with call_rcu()
 * still run.
 *
 * Context: Process context, outside any RCU read-side critical section.
 * Return: 0, -ENXIO if the thread is not attached, -EBUSY if it holds the
 * RCU read lock (it stays attached).
 */
int sim_thread_detach(void)
{
	if (!sim_tls_machine)
		return -ENXIO;
	if (urcu_memb_read_ongoing())
		return -EBUSY;
	sim_detach_current();
	return 0;
}

/**
 * sim_current_machine() - the calling thread's machine.
 *
 * Context: Any context.
 * Return: the machine the thread is attached to, or NULL.
 */
struct sim_machine *sim_current_machine(void)
{
	return sim_tls_machine;
}

/**
 * sim_machine_enter() - act on @m from the calling thread for a while.
 * @m: the machine.
 * @saved: receives what sim_machine_leave() needs to undo it.
 *
 * For the library's own set-up and teardown work on a machine the caller
 * is not attached to (sim_machine_destroy() unmounting filesystems, for
 * instance): the thread is registered with RCU if it was not, and
 * kernel-named calls act on @m until sim_machine_leave(). Allocations
 * made meanwhile are exempt from fault injection.
 *
 * Context: Process context, outside any RCU read-side critical section.
 * Return: nothing.
 */
void sim_machine_enter(struct sim_machine *m, struct sim_enter_state *saved)
{
	saved->machine = sim_tls_machine;
	saved->registered = saved->machine != NULL;
	if (!saved->registered)
		urcu_memb_register_thread();
	sim_tls_machine = m;
	sim_tls_internal++;
}

/**
 * sim_machine_leave() - undo sim_machine_enter().
 * @saved: what sim_machine_enter() recorded.
 *
 * Context: Process context, outside any RCU read-side critical section.
 * Return: nothing.
 */
void sim_machine_leave(const struct sim_enter_state *saved)
{
	sim_tls_internal--;
	sim_tls_machine = saved->machine;
	if (!saved->registered)
		urcu_memb_unregister_thread();
}

/**
 * sim_detach_for_destroy() - prepare @m's threads for its destruction.
 * @m: the machine about to be destroyed.
 *
 * Detaches the caller if it is attached to @m. A lock the caller still
 * holds is then an API violation (lockdep_check_destroy()).
 *
 * Context: Process context.
 * Return: 0, or -EBUSY if another thread is attached to @m or the caller
 * holds the RCU read lock (nothing changes).
 */
int sim_detach_for_destroy(struct sim_machine *m)
{
	unsigned int others = __atomic_load_n(&m->attached, __ATOMIC_ACQUIRE);

	if (sim_tls_machine == m)
		others--;
	if (others)
		return -EBUSY;
	if (sim_tls_machine == m) {
		if (urcu_memb_read_ongoing())
			return -EBUSY;
		sim_detach_current();
	}
	lockdep_check_destroy(m->name);
	return 0;
}
