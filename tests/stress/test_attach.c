// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * attach - stress of thread attach/detach bookkeeping across two machines.
 *
 * Hopper threads attach to and detach from two machines in a tight,
 * random loop, reading a shared xarray under rcu_read_lock() while
 * attached and now and then erasing from it, so RCU registration,
 * call_rcu() binding and unregistration race with the grace periods and
 * node frees of two writer threads that stay attached (one per machine)
 * and keep storing and erasing.
 *
 * Checked:
 * - every attach of an unattached thread succeeds and makes the machine
 *   the thread's current one; a second attach fails with -EBUSY and
 *   changes nothing; attach(NULL) is -EINVAL;
 * - detach inside rcu_read_lock() is -EBUSY and leaves the thread
 *   attached; a normal detach clears the current machine; a second detach
 *   is -ENXIO;
 * - while hoppers churn, sim_machine_get_info().attached never exceeds the
 *   number of threads that could be attached;
 * - in lock-step rounds (pthread barriers) every hopper attaches to a
 *   machine chosen by the round: the counts must then be exact, and again
 *   after all hoppers detached;
 * - destroying a machine another thread is attached to is -EBUSY;
 * - entries read under RCU are live objects of their own key;
 * - at the end nothing is attached, every object and xarray node was
 *   freed after rcu_barrier(), and neither machine recorded a violation.
 *
 * Usage: test_attach [--duration S] [--seed N] [--hoppers N]
 * Prints one summary line and exits 1 on any error.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libgcma/libgcma.h>
#include "kernel/memcheck.h"
#include "kernel/rcupdate.h"
#include "kernel/slab.h"

#define STRESS_NAME "attach"
#include "stress_util.h"

#define OBJ_LIVE	0x4556494c5f4f4241UL
#define OBJ_RETIRED	0x444552495445524fUL
#define NR_KEYS		512
#define MAX_HOPPERS	16
#define CYCLES_PER_ROUND 64
#define MAX_REPORTS	20
#define MAIN_ID		99	/* the main thread's reports are never capped */

struct at_obj {
	unsigned long magic;
	unsigned long key;
	struct rcu_head rcu;
};

/**
 * struct at_thread - one thread's state and counters.
 * @id: its number.
 * @rng: its generator.
 * @machine: writers: the machine it stays attached to.
 * @cycles: attach/detach cycles (hoppers).
 * @reads: entries checked.
 * @writes: updates.
 * @errors: checks that failed.
 */
struct at_thread {
	pthread_t tid;
	unsigned int id;
	uint64_t rng;
	struct sim_machine *machine;
	unsigned long cycles;
	unsigned long reads;
	unsigned long writes;
	unsigned long errors;
};

static struct {
	double duration;
	uint64_t seed;
	unsigned int hoppers;
} opt = {
	.duration = 2,
	.seed = 1,
	.hoppers = 3,
};

/* Under Valgrind, where threads run one at a time: yield often. */
static bool under_valgrind;

static struct sim_machine *machines[2];
static DEFINE_XARRAY(at_xa);
static pthread_barrier_t round_barrier;
static bool stop_rounds;
static bool stop_writers;
static unsigned long round_nr;
static unsigned int phase_done;
static unsigned long objs_allocated;
static unsigned long objs_freed;
static unsigned long reports;

static uint64_t at_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned long at_below(struct at_thread *t, unsigned long n)
{
	return (unsigned long)(at_next(&t->rng) % n);
}

/* Key @i of the key set: dense, plus a sparse high tail. */
static unsigned long at_key(unsigned long i)
{
	return i < NR_KEYS / 2 ? i : (i << 40) | i;
}

static void __attribute__((format(printf, 2, 3)))
at_error(struct at_thread *t, const char *fmt, ...)
{
	va_list ap;

	t->errors++;
	if (t->id != MAIN_ID &&
	    __atomic_add_fetch(&reports, 1, __ATOMIC_RELAXED) > MAX_REPORTS)
		return;
	flockfile(stderr);
	fprintf(stderr, "attach: thread %u: ", t->id);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	funlockfile(stderr);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static unsigned int attached_count(struct sim_machine *m)
{
	struct sim_machine_info info;

	if (sim_machine_get_info(m, &info))
		return ~0u;
	return info.attached;
}

/* ---- objects ---------------------------------------------------------- */

static void obj_free_rcu(struct rcu_head *head)
{
	struct at_obj *obj = container_of(head, struct at_obj, rcu);

	obj->magic = 0;
	free(obj);
	__atomic_add_fetch(&objs_freed, 1, __ATOMIC_RELAXED);
}

static void retire(struct at_thread *t, unsigned long index, void *entry)
{
	struct at_obj *obj = entry;
	unsigned long expect = OBJ_LIVE;

	if (!entry)
		return;
	if (xa_is_internal(entry) || xa_is_value(entry)) {
		at_error(t, "update at %#lx returned entry %p", index, entry);
		return;
	}
	if (!__atomic_compare_exchange_n(&obj->magic, &expect, OBJ_RETIRED,
					 false, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE) || obj->key != index) {
		at_error(t, "update at %#lx returned a bad object (magic %#lx key %#lx)",
			 index, expect, obj->key);
		return;
	}
	call_rcu(&obj->rcu, obj_free_rcu);
}

static void check_entry(struct at_thread *t, unsigned long index, void *entry)
{
	struct at_obj *obj = entry;
	unsigned long magic;

	t->reads++;
	if (!entry)
		return;
	if (xa_is_internal(entry) || xa_is_value(entry)) {
		at_error(t, "index %#lx holds entry %p", index, entry);
		return;
	}
	magic = __atomic_load_n(&obj->magic, __ATOMIC_ACQUIRE);
	if ((magic != OBJ_LIVE && magic != OBJ_RETIRED) || obj->key != index)
		at_error(t, "index %#lx: bad object (magic %#lx key %#lx)",
			 index, magic, obj->key);
}

/* ---- writers: stay attached, store and erase -------------------------- */

static void *writer(void *arg)
{
	struct at_thread *t = arg;
	int err = sim_thread_attach(t->machine);

	if (err) {
		at_error(t, "writer attach: %s", strerror(-err));
		return NULL;
	}
	while (!__atomic_load_n(&stop_writers, __ATOMIC_RELAXED)) {
		unsigned long index = at_key(at_below(t, NR_KEYS));
		void *old;

		t->writes++;
		if (under_valgrind && !(t->writes & 3))
			sched_yield();
		if (at_below(t, 3)) {
			struct at_obj *obj = malloc(sizeof(*obj));

			if (!obj)
				abort();
			obj->magic = OBJ_LIVE;
			obj->key = index;
			__atomic_add_fetch(&objs_allocated, 1, __ATOMIC_RELAXED);
			old = xa_store(&at_xa, index, obj, GFP_KERNEL);
			if (xa_is_err(old)) {
				at_error(t, "xa_store: %s", strerror(-xa_err(old)));
				free(obj);
				__atomic_add_fetch(&objs_freed, 1, __ATOMIC_RELAXED);
				continue;
			}
		} else {
			old = xa_erase(&at_xa, index);
		}
		retire(t, index, old);
	}
	if (sim_current_machine() != t->machine)
		at_error(t, "writer lost its machine");
	err = sim_thread_detach();
	if (err)
		at_error(t, "writer detach: %s", strerror(-err));
	return NULL;
}

/* ---- hoppers ---------------------------------------------------------- */

static bool hop_attach(struct at_thread *t, struct sim_machine *m)
{
	struct sim_machine *other = m == machines[0] ? machines[1] : machines[0];
	int err = sim_thread_attach(m);

	if (err) {
		at_error(t, "attach: %s", strerror(-err));
		return false;
	}
	if (sim_current_machine() != m)
		at_error(t, "attached, but current machine is %p not %p",
			 (void *)sim_current_machine(), (void *)m);
	if (!at_below(t, 8)) {
		err = sim_thread_attach(other);
		if (err != -EBUSY)
			at_error(t, "second attach returned %d, expected -EBUSY",
				 err);
		if (!err)
			sim_thread_detach();
		if (sim_current_machine() != m)
			at_error(t, "second attach changed the current machine");
	}
	return true;
}

static void hop_detach(struct at_thread *t)
{
	int err = sim_thread_detach();

	if (err)
		at_error(t, "detach: %s", strerror(-err));
	if (sim_current_machine())
		at_error(t, "detached, but still on machine %p",
			 (void *)sim_current_machine());
	if (!at_below(t, 8)) {
		err = sim_thread_detach();
		if (err != -ENXIO)
			at_error(t, "second detach returned %d, expected -ENXIO",
				 err);
	}
}

/* While attached: read under RCU, sometimes erase. */
static void hop_work(struct at_thread *t)
{
	unsigned int n = 1 + (unsigned int)at_below(t, 16);
	unsigned long index;
	int err;

	rcu_read_lock();
	for (unsigned int i = 0; i < n; i++) {
		index = at_key(at_below(t, NR_KEYS));
		check_entry(t, index, xa_load(&at_xa, index));
	}
	if (!at_below(t, 16)) {
		err = sim_thread_detach();
		if (err != -EBUSY)
			at_error(t, "detach under rcu_read_lock returned %d, expected -EBUSY",
				 err);
		if (!sim_current_machine())
			at_error(t, "detach under rcu_read_lock detached");
	}
	rcu_read_unlock();
	if (!at_below(t, 4)) {
		index = at_key(at_below(t, NR_KEYS));
		t->writes++;
		retire(t, index, xa_erase(&at_xa, index));
	}
}

static void *hopper(void *arg)
{
	struct at_thread *t = arg;

	for (;;) {
		pthread_barrier_wait(&round_barrier);		/* S */
		if (__atomic_load_n(&stop_rounds, __ATOMIC_ACQUIRE))
			break;
		/* Free phase: random machines, random lengths. */
		for (unsigned int c = 0; c < CYCLES_PER_ROUND; c++) {
			if (!hop_attach(t, machines[at_below(t, 2)]))
				continue;
			t->cycles++;
			hop_work(t);
			hop_detach(t);
			if (under_valgrind)
				sched_yield();
		}
		__atomic_add_fetch(&phase_done, 1, __ATOMIC_RELEASE);
		pthread_barrier_wait(&round_barrier);		/* A */
		/* Lock-step phase: the round decides the machine. */
		hop_attach(t, machines[(t->id + round_nr) % 2]);
		t->cycles++;
		pthread_barrier_wait(&round_barrier);		/* B: counted */
		pthread_barrier_wait(&round_barrier);		/* C */
		hop_work(t);
		hop_detach(t);
		pthread_barrier_wait(&round_barrier);		/* D: counted */
	}
	return NULL;
}

/* ---- main ------------------------------------------------------------- */

static const struct stress_opt options[] = {
	STRESS_OPT_DURATION(&opt.duration),
	STRESS_OPT_SEED(&opt.seed),
	STRESS_OPT_UINT("hoppers", &opt.hoppers, 1, MAX_HOPPERS),
};

static void expect_attached(struct at_thread *self, const char *when,
			    unsigned int want0, unsigned int want1)
{
	unsigned int got0 = attached_count(machines[0]);
	unsigned int got1 = attached_count(machines[1]);

	if (got0 != want0 || got1 != want1)
		at_error(self, "%s (round %lu): attached %u/%u, expected %u/%u",
			 when, round_nr, got0, got1, want0, want1);
}

int main(int argc, char **argv)
{
	struct at_thread th[MAX_HOPPERS + 2], self = { .id = MAIN_ID };
	struct sim_machine_config cfg = {
		.nr_pages = 256,
		.data_mode = SIM_DATA_NONE,
		.violation_mode = SIM_VIOLATION_RECORD,
	};
	unsigned long live_start, cycles = 0, reads = 0, writes = 0;
	unsigned long errors = 0, rounds = 0, violations;
	unsigned int nthreads, bound, i;
	double t0;
	int err;

	stress_parse(argc, argv, options);
	under_valgrind = RUNNING_ON_VALGRIND;
	nthreads = opt.hoppers + 2;
	cfg.seed = opt.seed;
	for (i = 0; i < 2; i++) {
		cfg.name = i ? "attach1" : "attach0";
		cfg.base_pfn = i * 4096;
		err = sim_machine_create(&cfg, &machines[i]);
		if (err) {
			fprintf(stderr, "attach: sim_machine_create: %s\n",
				strerror(-err));
			return 1;
		}
	}
	err = sim_thread_attach(NULL);
	if (err != -EINVAL)
		at_error(&self, "sim_thread_attach(NULL) returned %d", err);
	if (sim_thread_detach() != -ENXIO)
		at_error(&self, "detach of an unattached thread did not fail with -ENXIO");
	expect_attached(&self, "start", 0, 0);

	live_start = (unsigned long)kmalloc_nr_allocated();
	pthread_barrier_init(&round_barrier, NULL, opt.hoppers + 1);
	memset(th, 0, sizeof(th));
	for (i = 0; i < nthreads; i++) {
		th[i].id = i;
		th[i].rng = opt.seed * 0x100000001b3ULL + i;
		if (i >= opt.hoppers)
			th[i].machine = machines[i - opt.hoppers];
		if (pthread_create(&th[i].tid, NULL,
				   i < opt.hoppers ? hopper : writer, &th[i])) {
			fprintf(stderr, "attach: pthread_create failed\n");
			return 1;
		}
	}
	/* Wait until both writers are attached. */
	while (attached_count(machines[0]) + attached_count(machines[1]) < 2)
		sched_yield();

	bound = opt.hoppers + 1;
	t0 = now();
	for (;;) {
		unsigned int want[2] = { 1, 1 };

		if (now() - t0 >= opt.duration)
			__atomic_store_n(&stop_rounds, true, __ATOMIC_RELEASE);
		pthread_barrier_wait(&round_barrier);		/* S */
		if (__atomic_load_n(&stop_rounds, __ATOMIC_ACQUIRE))
			break;
		while (__atomic_load_n(&phase_done, __ATOMIC_ACQUIRE) <
		       opt.hoppers) {
			for (i = 0; i < 2; i++) {
				unsigned int n = attached_count(machines[i]);

				if (n < 1 || n > bound)
					at_error(&self, "machine %u: %u attached, outside [1, %u]",
						 i, n, bound);
			}
			sched_yield();
		}
		__atomic_store_n(&phase_done, 0, __ATOMIC_RELAXED);
		pthread_barrier_wait(&round_barrier);		/* A */
		pthread_barrier_wait(&round_barrier);		/* B */
		for (i = 0; i < opt.hoppers; i++)
			want[(i + round_nr) % 2]++;
		expect_attached(&self, "lock-step", want[0], want[1]);
		if (sim_machine_destroy(machines[round_nr % 2]) != -EBUSY)
			at_error(&self, "destroying a machine in use did not fail with -EBUSY");
		pthread_barrier_wait(&round_barrier);		/* C */
		pthread_barrier_wait(&round_barrier);		/* D */
		expect_attached(&self, "after detach", 1, 1);
		round_nr++;
		rounds++;
	}
	for (i = 0; i < opt.hoppers; i++)
		pthread_join(th[i].tid, NULL);
	__atomic_store_n(&stop_writers, true, __ATOMIC_RELEASE);
	for (; i < nthreads; i++)
		pthread_join(th[i].tid, NULL);
	expect_attached(&self, "all joined", 0, 0);

	/* Empty the array from machine 0 and drain every callback. */
	err = sim_thread_attach(machines[0]);
	if (err) {
		at_error(&self, "final attach: %s", strerror(-err));
	} else {
		for (unsigned long k = 0; k < NR_KEYS; k++)
			retire(&self, at_key(k), xa_erase(&at_xa, at_key(k)));
		if (!xa_empty(&at_xa))
			at_error(&self, "xarray not empty after erasing every key");
		xa_destroy(&at_xa);
		rcu_barrier();
		expect_attached(&self, "final", 1, 0);
		if (objs_freed != objs_allocated)
			at_error(&self, "%lu of %lu objects never freed",
				 objs_allocated - objs_freed, objs_allocated);
		if ((unsigned long)kmalloc_nr_allocated() != live_start)
			at_error(&self, "%ld xarray allocations still live",
				 kmalloc_nr_allocated() - (long)live_start);
		sim_thread_detach();
	}
	for (i = 0; i < 2; i++) {
		struct sim_violation sv;

		violations = sim_violation_count(machines[i]);
		if (!violations)
			continue;
		at_error(&self, "machine %u recorded %lu violations, the last:",
			 i, violations);
		if (!sim_violation_get(machines[i], violations - 1, &sv))
			fprintf(stderr, "attach: %s at %s:%d %s(): %s\n",
				sv.kind, sv.file, sv.line, sv.func, sv.msg);
	}
	expect_attached(&self, "end", 0, 0);
	for (i = 2; i-- > 0;) {
		err = sim_machine_destroy(machines[i]);
		if (err)
			at_error(&self, "sim_machine_destroy: %s", strerror(-err));
	}
	pthread_barrier_destroy(&round_barrier);

	for (i = 0; i < nthreads; i++) {
		cycles += th[i].cycles;
		reads += th[i].reads;
		writes += th[i].writes;
		errors += th[i].errors;
	}
	errors += self.errors;
	printf("attach: seed=%llu duration=%g hoppers=%u rounds=%lu cycles=%lu "
	       "reads=%lu writes=%lu objects=%lu errors=%lu\n",
	       (unsigned long long)opt.seed, opt.duration, opt.hoppers, rounds,
	       cycles, reads, writes, objs_allocated, errors);
	if (errors)
		return 1;
	if (!rounds || !cycles) {
		fprintf(stderr, "attach: nothing was tested\n");
		return 1;
	}
	return 0;
}
