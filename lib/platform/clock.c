// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The virtual clock of a machine, its cost model, the per-thread cost
 * accounts, and cond_resched() as the simulation's safe point.
 *
 * The clock is one 64-bit counter of virtual nanoseconds per machine. A
 * charge is a relaxed atomic add: threads running on one machine add their
 * costs to the same clock, as if the machine had one CPU that ran their
 * work one after the other. The per-thread account is thread-local, so the
 * hot path (sim_cost()) takes no lock at all.
 *
 * Timed events (pin expiries) are never processed where time is charged,
 * which may be under any lock, but only at safe points: cond_resched(),
 * sim_clock_advance(), and the explicit calls of the simulation layer.
 */
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/bug.h"
#include "kernel/port.h"
#include "platform/internal.h"

/**
 * struct sim_clock - a machine's virtual time and cost model.
 * @now: virtual nanoseconds since the machine was created (atomic).
 * @ns: cost of each event; each word read and written atomically.
 * @set_lock: serialises sim_cost_model_set() against itself.
 */
struct sim_clock {
	uint64_t now;
	uint64_t ns[SIM_COST_NR];
	pthread_mutex_t set_lock;
};

static __thread struct sim_cost_account sim_tls_account;

/* Set while this thread runs timed events: they must not recurse. */
static __thread bool sim_tls_in_safe_point;

static const char *const sim_cost_names[SIM_COST_NR] = {
	[SIM_COST_PAGE_ALLOC]	= "page_alloc",
	[SIM_COST_PAGE_FREE]	= "page_free",
	[SIM_COST_CC_DROP]	= "cc_drop",
	[SIM_COST_CC_STORE]	= "cc_store",
	[SIM_COST_CC_RESTORE]	= "cc_restore",
	[SIM_COST_PAGE_COPY]	= "page_copy",
	[SIM_COST_PAGE_UNMAP]	= "page_unmap",
	[SIM_COST_MIGRATE]	= "migrate",
	[SIM_COST_RECLAIM]	= "reclaim",
	[SIM_COST_WRITEBACK]	= "writeback",
	[SIM_COST_DISK_READ]	= "disk_read",
	[SIM_COST_ISOLATE]	= "isolate",
	[SIM_COST_DRAIN]	= "drain",
	[SIM_COST_MIGRATE_PASS]	= "migrate_pass",
	[SIM_COST_BUSY_RETRY]	= "busy_retry",
	[SIM_COST_RANGE_CALL]	= "range_call",
	[SIM_COST_RANGE_PAGE]	= "range_page",
	[SIM_COST_SWAP_WRITE]	= "swap_write",
	[SIM_COST_SWAP_READ]	= "swap_read",
	[SIM_COST_ZRAM_WRITE]	= "zram_write",
	[SIM_COST_ZRAM_READ]	= "zram_read",
};

/*
 * Defaults for the 2015 RFC v2 board (CuBox i4 Pro: 4 x 1 GHz ARMv7,
 * 800 MiB, microSD). docs/cost-model.md gives the reasoning per event.
 */
static const uint64_t sim_cost_defaults[SIM_COST_NR] = {
	[SIM_COST_PAGE_ALLOC]	= 150,
	[SIM_COST_PAGE_FREE]	= 150,
	[SIM_COST_CC_DROP]	= 250,
	[SIM_COST_CC_STORE]	= 6000,
	[SIM_COST_CC_RESTORE]	= 5000,
	[SIM_COST_PAGE_COPY]	= 2000,
	[SIM_COST_PAGE_UNMAP]	= 3000,
	[SIM_COST_MIGRATE]	= 2000,
	[SIM_COST_RECLAIM]	= 2000,
	[SIM_COST_WRITEBACK]	= 1500000,
	[SIM_COST_DISK_READ]	= 500000,
	[SIM_COST_ISOLATE]	= 30000,
	[SIM_COST_DRAIN]	= 300000,
	[SIM_COST_MIGRATE_PASS]	= 10000,
	[SIM_COST_BUSY_RETRY]	= 5000,
	[SIM_COST_RANGE_CALL]	= 12000,
	[SIM_COST_RANGE_PAGE]	= 1000,
	[SIM_COST_SWAP_WRITE]	= 3000000,
	[SIM_COST_SWAP_READ]	= 500000,
	[SIM_COST_ZRAM_WRITE]	= 20000,
	[SIM_COST_ZRAM_READ]	= 8000,
};

/**
 * sim_clock_init() - give @m a clock at 0 with the default cost model.
 * @m: a machine being created.
 *
 * Context: Process context, from sim_machine_create().
 * Return: 0, or -ENOMEM.
 */
int sim_clock_init(struct sim_machine *m)
{
	struct sim_clock *c = calloc(1, sizeof(*c));

	if (!c)
		return -ENOMEM;
	memcpy(c->ns, sim_cost_defaults, sizeof(c->ns));
	pthread_mutex_init(&c->set_lock, NULL);
	m->clock = c;
	return 0;
}

/**
 * sim_clock_exit() - free @m's clock.
 * @m: a machine being destroyed (or whose creation failed).
 *
 * Context: Process context; nobody else uses the machine.
 * Return: nothing.
 */
void sim_clock_exit(struct sim_machine *m)
{
	struct sim_clock *c = m->clock;

	if (!c)
		return;
	m->clock = NULL;
	pthread_mutex_destroy(&c->set_lock);
	free(c);
}

/**
 * sim_clock_now() - virtual time of @m.
 * @m: the machine.
 *
 * Context: Any context.
 * Return: nanoseconds of virtual time since @m was created; 0 for NULL.
 */
uint64_t sim_clock_now(const struct sim_machine *m)
{
	if (!m || !m->clock)
		return 0;
	return __atomic_load_n(&m->clock->now, __ATOMIC_RELAXED);
}

/* Add @ns to @c's clock, saturating instead of wrapping. */
static void sim_clock_add(struct sim_clock *c, uint64_t ns)
{
	uint64_t old = __atomic_fetch_add(&c->now, ns, __ATOMIC_RELAXED);

	if (unlikely(old + ns < old))
		__atomic_store_n(&c->now, UINT64_MAX, __ATOMIC_RELAXED);
}

/*
 * Run the timed events of @m that are due. The caller is attached to @m
 * (or has entered it) and holds no lock of the model.
 */
static void sim_clock_run_due(struct sim_machine *m)
{
	if (sim_tls_in_safe_point)
		return;
	sim_tls_in_safe_point = true;
	if (m->hooks.safe_point)
		m->hooks.safe_point(m);
	sim_tls_in_safe_point = false;
}

/**
 * sim_clock_advance() - let @ns of idle virtual time pass on @m.
 * @m: the machine.
 * @ns: how long.
 *
 * Nobody's account is charged. This is a safe point: timed events that
 * are due at the new time (pin expiries) run before it returns. The
 * caller need not be attached to @m; it must not be inside the model
 * (no lock of the model held, not in an RCU read-side critical section).
 *
 * Context: Process context.
 * Return: 0, or -EINVAL for a NULL @m.
 */
int sim_clock_advance(struct sim_machine *m, uint64_t ns)
{
	struct sim_enter_state saved;

	if (!m || !m->clock)
		return -EINVAL;
	sim_clock_add(m->clock, ns);
	sim_machine_enter(m, &saved);
	sim_clock_run_due(m);
	sim_machine_leave(&saved);
	return 0;
}

/**
 * sim_cost_model_default() - the built-in cost model.
 * @out: receives it.
 *
 * Context: Any context.
 * Return: nothing; does nothing for a NULL @out.
 */
void sim_cost_model_default(struct sim_cost_model *out)
{
	if (out)
		memcpy(out->ns, sim_cost_defaults, sizeof(out->ns));
}

/**
 * sim_cost_model_get() - @m's current cost model.
 * @m: the machine.
 * @out: receives it.
 *
 * Context: Any context.
 * Return: 0, or -EINVAL for a NULL argument.
 */
int sim_cost_model_get(const struct sim_machine *m, struct sim_cost_model *out)
{
	if (!m || !m->clock || !out)
		return -EINVAL;
	for (int i = 0; i < SIM_COST_NR; i++)
		out->ns[i] = __atomic_load_n(&m->clock->ns[i], __ATOMIC_RELAXED);
	return 0;
}

/**
 * sim_cost_model_set() - give @m a new cost model.
 * @m: the machine.
 * @model: the costs; each at most SIM_COST_NS_MAX.
 *
 * Charges made from now on use the new costs; time already charged stays.
 * A charge running concurrently may see some old and some new costs: set
 * the model while no thread is inside the model for a clean cut.
 *
 * Context: Any context.
 * Return: 0; -EINVAL for a NULL argument; -ERANGE if a cost exceeds
 * SIM_COST_NS_MAX (nothing changes).
 */
int sim_cost_model_set(struct sim_machine *m, const struct sim_cost_model *model)
{
	struct sim_clock *c;

	if (!m || !m->clock || !model)
		return -EINVAL;
	for (int i = 0; i < SIM_COST_NR; i++)
		if (model->ns[i] > SIM_COST_NS_MAX)
			return -ERANGE;
	c = m->clock;
	pthread_mutex_lock(&c->set_lock);
	for (int i = 0; i < SIM_COST_NR; i++)
		__atomic_store_n(&c->ns[i], model->ns[i], __ATOMIC_RELAXED);
	pthread_mutex_unlock(&c->set_lock);
	return 0;
}

/**
 * sim_cost_event_name() - the name of @ev, as scenario files spell it.
 * @ev: the event.
 *
 * Context: Any context.
 * Return: a static string such as "page_copy", or NULL for an unknown @ev.
 */
const char *sim_cost_event_name(enum sim_cost_event ev)
{
	if ((unsigned int)ev >= SIM_COST_NR)
		return NULL;
	return sim_cost_names[ev];
}

/**
 * sim_cost_event_lookup() - the event called @name.
 * @name: a name sim_cost_event_name() returns (case-sensitive).
 *
 * Context: Any context.
 * Return: the event (>= 0), -EINVAL for a NULL @name, -ENOENT for an
 * unknown one.
 */
int sim_cost_event_lookup(const char *name)
{
	if (!name)
		return -EINVAL;
	for (int i = 0; i < SIM_COST_NR; i++)
		if (!strcmp(name, sim_cost_names[i]))
			return i;
	return -ENOENT;
}

/**
 * sim_cost_account_get() - what the calling thread was charged so far.
 * @out: receives a copy of the account.
 *
 * The account is per thread, across machines, and counts from the thread's
 * start or its last sim_cost_account_reset().
 *
 * Context: Any context.
 * Return: nothing; does nothing for a NULL @out.
 */
void sim_cost_account_get(struct sim_cost_account *out)
{
	if (out)
		*out = sim_tls_account;
}

/**
 * sim_cost_account_reset() - zero the calling thread's account.
 *
 * Context: Any context.
 * Return: nothing.
 */
void sim_cost_account_reset(void)
{
	memset(&sim_tls_account, 0, sizeof(sim_tls_account));
}

/* n * cost, saturated. */
static uint64_t sim_cost_mul(uint64_t cost, unsigned long n)
{
	uint64_t ns;

	if (unlikely(__builtin_mul_overflow(cost, (uint64_t)n, &ns)))
		return UINT64_MAX;
	return ns;
}

/**
 * sim_cost() - charge @n occurrences of @ev.
 * @ev: the event.
 * @n: how many.
 *
 * Moves the attached machine's clock by @n times the event's cost and adds
 * the same to the calling thread's account. An unknown @ev is a WARN
 * violation and charges nothing.
 *
 * Context: Any context, any lock held: takes no lock, never sleeps, runs
 * no timed event.
 * Return: nothing.
 */
void sim_cost(enum sim_cost_event ev, unsigned long n)
{
	struct sim_machine *m = sim_tls_machine;
	uint64_t ns;

	if (WARN_ON((unsigned int)ev >= SIM_COST_NR))
		return;
	sim_tls_account.count[ev] += n;
	if (!m || !m->clock)
		return;
	ns = sim_cost_mul(__atomic_load_n(&m->clock->ns[ev], __ATOMIC_RELAXED), n);
	sim_tls_account.ns += ns;
	sim_clock_add(m->clock, ns);
}

/**
 * sim_cost_wait() - the calling thread waits @ns of virtual time.
 * @ns: how long.
 *
 * Moves the attached machine's clock and records @ns in the account as
 * charged and as waited. Like sim_cost(), runs no timed event: call
 * cond_resched() after dropping locks to let due expiries happen.
 *
 * Context: Any context.
 * Return: nothing.
 */
void sim_cost_wait(uint64_t ns)
{
	struct sim_machine *m = sim_tls_machine;

	sim_tls_account.ns += ns;
	sim_tls_account.wait_ns += ns;
	if (m && m->clock)
		sim_clock_add(m->clock, ns);
}

/**
 * cond_resched() - a voluntary scheduling point, the simulation's safe point.
 *
 * Runs the timed events of the attached machine that are due (a timed
 * pin whose hold time has passed is released, which may free its folio
 * through folio_put()), then lets other threads run.
 *
 * Context: Process context: no spinlock or mutex of the model held (as
 * the kernel's might_sleep()), outside RCU read-side critical sections.
 * Return: nothing.
 */
void cond_resched(void)
{
	struct sim_machine *m = sim_tls_machine;

	if (m)
		sim_clock_run_due(m);
	sched_yield();
}
