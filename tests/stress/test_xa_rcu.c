// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * xa_rcu - RCU stress test of the xarray, with rcutorture's age oracle.
 *
 * Readers call xa_load() on random keys inside rcu_read_lock(), and now
 * and then walk with xa_find()/xa_find_after() or with the advanced API's
 * xas_for_each() (xas_retry(), indexes strictly increasing), and check
 * every entry they get: a value entry must encode its own key; a pointer
 * must be a struct xr_obj that carries its key, a live or retired magic,
 * and an age of at most 1. Writers store new objects (a third of them
 * through xas_store() in the xas_nomem() loop), store value entries,
 * erase (xa_erase() or xas_store() of NULL), insert and cmpxchg; every
 * object an update hands back
 * is retired: marked RETIRED and pushed on the ager's list, and half of
 * them also queued with call_rcu().
 *
 * The age oracle. An ager thread loops on synchronize_rcu(); after each
 * grace period it takes every newly retired object and increments the
 * age of every retired object it holds. An object that reaches age 2 has
 * certainly seen one full grace period that began after it was unlinked,
 * so no reader can still hold it: the ager lets go of it. It is freed
 * when both the ager and (if queued) its call_rcu callback let go. A
 * reader may legitimately see age 1 (it picked the object up just before
 * the unlink and the first grace period counted did not wait for it), but
 * never 2 or more, never a DEAD magic, never a foreign key: any of those
 * means the xarray handed out an entry a grace period should have
 * protected, or lost/duplicated one. The check is repeated for every
 * object a reader saw just before it leaves its read-side section.
 *
 * Freed objects are poisoned, made inaccessible to ASan and Valgrind and
 * parked in a bounded FIFO quarantine, so their memory is not reused for
 * a long while; when they leave it the poison must still be intact.
 *
 * At the end every key is erased, the ager drains, rcu_barrier() runs the
 * last callbacks; then every object ever allocated must have been freed,
 * every xarray node too (kmalloc_nr_allocated() back to its start), and
 * the machine must have recorded no violation.
 *
 * With --fault-ppm N, xarray node allocations fail with probability N per
 * million (the test_xa_rcu_enomem test): a failed update reports -ENOMEM, its
 * new object is discarded unpublished, and every check above still holds.
 * Under Valgrind, which runs one thread at a time, every role yields often
 * so that readers, writers and the ager all make progress.
 *
 * With --multi (the test_xa_rcu_multi test) readers and writers work on
 * multi-index entries instead: see xa_rcu_multi.h.
 *
 * Usage: test_xa_rcu [--duration S] [--seed N] [--readers N] [--writers N]
 *                    [--keys N] [--quarantine N] [--fault-ppm N] [--multi]
 * Prints one summary line:
 *   xa_rcu: seed=S duration=D reads=.. writes=.. grace_periods=..
 *           max_age_seen=.. errors=0 ...
 * and exits 1 if any error was counted or if no read or no grace period
 * happened.
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

#define STRESS_NAME "xa_rcu"
#include "stress_util.h"

#define OBJ_LIVE	0x4556494c5f4f4258UL	/* "XBO_LIVE" */
#define OBJ_RETIRED	0x4452495445524f58UL	/* "XOERTIRD" */
#define OBJ_DEAD	0x444145445f4f4258UL	/* "XBO_DEAD" */
#define OBJ_POISON	0x6b6b6b6b6b6b6b6bUL	/* the kernel's POISON_FREE */

/* An age at or above this many grace periods must be invisible to readers. */
#define AGE_FREE	2
#define AGE_HIST	4

/* Value entries: a 32-bit tag of the key above a 24-bit generation. */
#define VAL_GEN_BITS	24

#define MAX_THREADS	32
#define MAX_SEEN	32
#define MAX_REPORTS	20

/**
 * struct xr_obj - what pointer entries point at.
 * @magic: OBJ_LIVE while stored, OBJ_RETIRED once unlinked, OBJ_DEAD freed.
 * @key: the index it was stored at (the first index it covers).
 * @last: the last index it may be found at (@key but in --multi runs).
 * @gen: its block's generation when stored (--multi runs only).
 * @age: grace periods the ager counted since it was retired.
 * @serial: allocation number, for reports.
 * @next: link on the ager's lists.
 * @free_refs: holders that must let go before the object is freed: the
 *	ager, plus the call_rcu callback when @rcu is queued.
 * @rcu: for call_rcu().
 */
struct xr_obj {
	unsigned long magic;
	unsigned long key;
	unsigned long last;
	unsigned long gen;
	unsigned long age;
	unsigned long serial;
	struct xr_obj *next;
	int free_refs;
	struct rcu_head rcu;
};

enum xr_role { XR_READER, XR_WRITER, XR_AGER, XR_MAIN, XR_CALLBACK };

/* What the --multi writers do (xa_rcu_multi.h), counted per thread. */
enum xm_op {
	XM_STORE_ORDER, XM_STORE_VALUE, XM_ERASE_ORDER, XM_STORE_RANGE,
	XM_ERASE_RANGE, XM_SPLIT, XM_ERASE, XM_STORE0, XM_SKIPPED, XM_CHECKS,
	XR_MULTI_OPS
};

/**
 * struct xr_thread - one thread's state and counters.
 * @role: what it does.
 * @id: its number, for reports and seeding.
 * @rng: its generator state.
 * @reads: xa_load() calls checked.
 * @reads_null: of which found nothing.
 * @reads_value: of which found a value entry.
 * @walks: bounded xa_find()/xa_find_after() walks.
 * @xas_walks: bounded xas_for_each() walks (readers), xas_store() updates
 *	(writers).
 * @writes: update calls (store, erase, insert, cmpxchg).
 * @enomem: updates that failed with an injected -ENOMEM.
 * @retired: objects retired.
 * @grace_periods: synchronize_rcu() calls (ager only).
 * @barriers: rcu_barrier() calls.
 * @age_hist: ages readers observed, the last bucket meaning "or more".
 * @errors: oracle violations.
 * @xm_ops: --multi updates by kind, skipped ones, full checks.
 * @xm_exact: --multi loads checked against the exact generation.
 * @xm_torn: --multi xa_load() results the sibling window tore.
 * @xm_reloads: --multi loads and walk steps redone because xas_reload()
 *	disagreed.
 */
struct xr_thread {
	pthread_t tid;
	enum xr_role role;
	unsigned int id;
	uint64_t rng;
	unsigned long reads;
	unsigned long reads_null;
	unsigned long reads_value;
	unsigned long walks;
	unsigned long xas_walks;
	unsigned long writes;
	unsigned long enomem;
	unsigned long retired;
	unsigned long grace_periods;
	unsigned long barriers;
	unsigned long age_hist[AGE_HIST];
	unsigned long errors;
	unsigned long xm_ops[XR_MULTI_OPS];
	unsigned long xm_exact;
	unsigned long xm_torn;
	unsigned long xm_reloads;
};

static struct {
	double duration;
	uint64_t seed;
	unsigned int readers;
	unsigned int writers;
	unsigned long nr_keys;
	unsigned long quarantine;
	unsigned int fault_ppm;
	bool multi;
} opt = {
	.duration = 2,
	.seed = 1,
	.readers = 2,
	.writers = 2,
	.nr_keys = 4096,
	.quarantine = 1UL << 18,
	.fault_ppm = 0,
};

static struct sim_machine *machine;
static DEFINE_XARRAY(xr_xa);
static unsigned long *xr_keys;

/*
 * Under Valgrind threads run one at a time and a busy thread may keep the
 * CPU for long stretches; every role then yields often so all progress.
 */
static bool under_valgrind;

static bool stop_workers;
static bool stop_ager;

/* Retired objects not yet taken by the ager (a push-only stack). */
static struct xr_obj *retire_head;

static unsigned long objs_allocated;
static unsigned long objs_freed;
static unsigned long objs_via_call_rcu;
static unsigned long reports;
static unsigned long cb_errors;		/* counted by call_rcu callbacks */

/* The quarantine: a FIFO of freed objects, released oldest first. */
static pthread_mutex_t quarantine_lock = PTHREAD_MUTEX_INITIALIZER;
static struct xr_obj **quarantine;
static unsigned long q_head, q_count;
static unsigned long q_released;
static unsigned long q_corrupt;

/* ---- helpers -------------------------------------------------------- */

static uint64_t xr_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned long xr_below(struct xr_thread *t, unsigned long n)
{
	return (unsigned long)(xr_next(&t->rng) % n);
}

static unsigned long key_tag(unsigned long key)
{
	uint64_t s = key;

	return (unsigned long)(xr_next(&s) & 0xffffffffUL);
}

static void *value_for(unsigned long key, unsigned long gen)
{
	return xa_mk_value((key_tag(key) << VAL_GEN_BITS) |
			   (gen & ((1UL << VAL_GEN_BITS) - 1)));
}

#define LOAD(x)		__atomic_load_n(&(x), __ATOMIC_ACQUIRE)
#define STORE(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_RELEASE)
#define ADD(x, v)	__atomic_add_fetch(&(x), (v), __ATOMIC_ACQ_REL)

static void __attribute__((format(printf, 2, 3)))
xr_error(struct xr_thread *t, const char *fmt, ...)
{
	static const char *const role[] = {
		"reader", "writer", "ager", "main", "callback",
	};
	va_list ap;

	t->errors++;
	/* Workers may fail by the million: only the first few speak. */
	if (t->role != XR_MAIN && ADD(reports, 1) > MAX_REPORTS)
		return;
	flockfile(stderr);
	fprintf(stderr, "xa_rcu: %s %u: ", role[t->role], t->id);
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

/* ---- objects, freeing and the quarantine ---------------------------- */

static struct xr_obj *obj_new(unsigned long key)
{
	struct xr_obj *obj = calloc(1, sizeof(*obj));

	if (!obj) {
		fprintf(stderr, "xa_rcu: out of memory\n");
		abort();
	}
	obj->serial = ADD(objs_allocated, 1);
	obj->key = key;
	obj->last = key;
	obj->magic = OBJ_LIVE;
	return obj;
}

/* Release the oldest quarantined object; quarantine_lock held. */
static void quarantine_release_one(void)
{
	struct xr_obj *obj = quarantine[q_head];

	q_head = (q_head + 1) % opt.quarantine;
	q_count--;
	mem_defined(obj, sizeof(*obj));
	if (obj->magic != OBJ_DEAD || obj->key != OBJ_POISON ||
	    obj->age != OBJ_POISON || obj->free_refs != 0)
		q_corrupt++;
	q_released++;
	free(obj);
}

/*
 * obj_free - the free path: mark dead, poison, hide from the memory
 * checkers and park in the quarantine.
 */
static void obj_free(struct xr_obj *obj)
{
	STORE(obj->magic, OBJ_DEAD);
	STORE(obj->key, OBJ_POISON);
	STORE(obj->age, OBJ_POISON);
	ADD(objs_freed, 1);

	pthread_mutex_lock(&quarantine_lock);
	if (q_count == opt.quarantine)
		quarantine_release_one();
	mem_noaccess(obj, sizeof(*obj));
	quarantine[(q_head + q_count) % opt.quarantine] = obj;
	q_count++;
	pthread_mutex_unlock(&quarantine_lock);
}

static void obj_put(struct xr_obj *obj)
{
	if (__atomic_sub_fetch(&obj->free_refs, 1, __ATOMIC_ACQ_REL) == 0)
		obj_free(obj);
}

static void obj_rcu_cb(struct rcu_head *head)
{
	struct xr_obj *obj = container_of(head, struct xr_obj, rcu);
	unsigned long magic = LOAD(obj->magic);

	/* Nobody may have freed it: the callback still holds a reference. */
	if (magic != OBJ_RETIRED) {
		struct xr_thread cb = { .role = XR_CALLBACK };

		xr_error(&cb, "call_rcu callback on object #%lu with magic %#lx",
			 obj->serial, magic);
		ADD(cb_errors, cb.errors);
		return;
	}
	obj_put(obj);
}

/*
 * retire - take ownership of an entry an update handed back for @index.
 * Every pointer entry must be a LIVE object of that index: the xarray
 * hands each stored object back exactly once.
 */
static void retire(struct xr_thread *t, unsigned long index, void *entry)
{
	struct xr_obj *obj, *head;
	unsigned long expect = OBJ_LIVE;
	bool via_call_rcu;

	if (!entry)
		return;
	if (xa_is_value(entry)) {
		if (xa_to_value(entry) >> VAL_GEN_BITS != key_tag(index))
			xr_error(t, "update at %#lx returned value %#lx of another key",
				 index, xa_to_value(entry));
		return;
	}
	if (xa_is_internal(entry)) {
		xr_error(t, "update at %#lx returned internal entry %p",
			 index, entry);
		return;
	}
	obj = entry;
	if (!__atomic_compare_exchange_n(&obj->magic, &expect, OBJ_RETIRED,
					 false, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE)) {
		xr_error(t, "update at %#lx returned object #%lu with magic %#lx (handed back twice?)",
			 index, obj->serial, expect);
		return;
	}
	if (index < obj->key || index > obj->last)
		xr_error(t, "update at %#lx returned object #%lu of keys %#lx-%#lx",
			 index, obj->serial, obj->key, obj->last);
	t->retired++;
	via_call_rcu = xr_below(t, 2);
	STORE(obj->age, 0);
	obj->free_refs = via_call_rcu ? 2 : 1;
	if (via_call_rcu)
		ADD(objs_via_call_rcu, 1);
	/*
	 * Hand it to the ager. From here on the object may be freed under
	 * us unless the callback still holds its reference: touch it no more.
	 */
	head = LOAD(retire_head);
	do {
		obj->next = head;
	} while (!__atomic_compare_exchange_n(&retire_head, &head, obj, true,
					      __ATOMIC_RELEASE,
					      __ATOMIC_RELAXED));
	if (via_call_rcu)
		call_rcu(&obj->rcu, obj_rcu_cb);
}

/*
 * An object an update never published (insert found the slot busy,
 * cmpxchg lost, the store failed) is nobody else's: free it at once.
 */
static void discard(struct xr_obj *obj)
{
	obj->magic = OBJ_RETIRED;
	obj->free_refs = 0;
	obj_free(obj);
}

static void sleep_for(double seconds)
{
	struct timespec ts = {
		.tv_sec = (time_t)seconds,
		.tv_nsec = (long)((seconds - (double)(time_t)seconds) * 1e9),
	};

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* ---- readers -------------------------------------------------------- */

/*
 * check_obj - the reader's oracle for an object found at @index: alive or
 * retired less than AGE_FREE grace periods ago, and covering @index.
 * Return: @obj, or NULL if it is no object at all.
 */
static struct xr_obj *check_obj(struct xr_thread *t, unsigned long index,
				struct xr_obj *obj)
{
	unsigned long magic, key, last, age;

	magic = LOAD(obj->magic);
	key = LOAD(obj->key);
	last = LOAD(obj->last);
	age = LOAD(obj->age);
	t->age_hist[age < AGE_HIST ? age : AGE_HIST - 1]++;
	if (magic == OBJ_DEAD) {
		xr_error(t, "index %#lx: object %p is freed (use after free)",
			 index, (void *)obj);
		return NULL;
	}
	if (magic != OBJ_LIVE && magic != OBJ_RETIRED) {
		xr_error(t, "index %#lx: %p is no object (magic %#lx)",
			 index, (void *)obj, magic);
		return NULL;
	}
	if (index < key || index > last)
		xr_error(t, "index %#lx holds object #%lu of keys %#lx-%#lx",
			 index, obj->serial, key, last);
	if (age >= AGE_FREE)
		xr_error(t, "index %#lx: object #%lu has age %lu under rcu_read_lock",
			 index, obj->serial, age);
	return obj;
}

/*
 * check_entry - the reader's oracle for one entry found at @index.
 * Return: the object if @entry is one (to re-check later), else NULL.
 */
static struct xr_obj *check_entry(struct xr_thread *t, unsigned long index,
				  void *entry)
{
	if (!entry) {
		t->reads_null++;
		return NULL;
	}
	if (xa_is_value(entry)) {
		t->reads_value++;
		if (xa_to_value(entry) >> VAL_GEN_BITS != key_tag(index))
			xr_error(t, "index %#lx holds value %#lx of another key",
				 index, xa_to_value(entry));
		return NULL;
	}
	if (xa_is_internal(entry)) {
		xr_error(t, "index %#lx: reader got internal entry %p",
			 index, entry);
		return NULL;
	}
	return check_obj(t, index, entry);
}

/* Before leaving the read-side section: nothing seen may have aged out. */
static void recheck_seen(struct xr_thread *t, struct xr_obj **seen,
			 unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		unsigned long magic = LOAD(seen[i]->magic);
		unsigned long age = LOAD(seen[i]->age);

		if (magic == OBJ_DEAD || age >= AGE_FREE) {
			t->age_hist[AGE_HIST - 1]++;
			xr_error(t, "object %p freed or aged (magic %#lx age %lu) before rcu_read_unlock",
				 (void *)seen[i], magic, age);
		}
	}
}

/* A bounded walk with xa_find()/xa_find_after(): indexes must match. */
static unsigned int walk(struct xr_thread *t, struct xr_obj **seen,
			 unsigned int n)
{
	unsigned long index = xr_keys[xr_below(t, opt.nr_keys)];
	unsigned long prev = index;
	unsigned int steps = 0;
	struct xr_obj *obj;
	void *entry;

	t->walks++;
	entry = xa_find(&xr_xa, &index, ULONG_MAX, XA_PRESENT);
	while (entry && steps < 16) {
		if (index < prev)
			xr_error(t, "walk went backwards: %#lx after %#lx",
				 index, prev);
		prev = index;
		t->reads++;
		obj = check_entry(t, index, entry);
		if (obj && n < MAX_SEEN)
			seen[n++] = obj;
		steps++;
		if (index == ULONG_MAX)
			break;
		entry = xa_find_after(&xr_xa, &index, ULONG_MAX, XA_PRESENT);
	}
	return n;
}

/*
 * The same through the advanced API, inside the caller's RCU section:
 * xas_for_each() with xas_retry(), indexes strictly increasing.
 */
static unsigned int walk_xas(struct xr_thread *t, struct xr_obj **seen,
			     unsigned int n)
{
	XA_STATE(xas, &xr_xa, xr_keys[xr_below(t, opt.nr_keys)]);
	unsigned long prev = 0;
	unsigned int steps = 0;
	bool first = true;
	struct xr_obj *obj;
	void *entry;

	t->xas_walks++;
	xas_for_each(&xas, entry, ULONG_MAX) {
		if (xas_retry(&xas, entry))
			continue;
		if (!first && xas.xa_index <= prev)
			xr_error(t, "xas walk went backwards: %#lx after %#lx",
				 xas.xa_index, prev);
		first = false;
		prev = xas.xa_index;
		t->reads++;
		obj = check_entry(t, xas.xa_index, entry);
		if (obj && n < MAX_SEEN)
			seen[n++] = obj;
		if (++steps == 16)
			break;
	}
	if (xas_error(&xas))
		xr_error(t, "xas walk: error %d", xas_error(&xas));
	return n;
}

/* Replace or erase @index through xas_store(), in the xas_nomem() loop. */
static void *store_xas(struct xr_thread *t, unsigned long index, void *entry)
{
	XA_STATE(xas, &xr_xa, index);
	void *old;

	t->xas_walks++;
	do {
		xas_lock(&xas);
		old = xas_store(&xas, entry);
		xas_unlock(&xas);
	} while (xas_nomem(&xas, GFP_KERNEL));
	if (xas_error(&xas))
		return xa_mk_internal((unsigned long)(long)xas_error(&xas));
	return old;
}

/*
 * reader_leave - end a read-side section: now and then hold it across
 * grace periods the ager is counting (this is when age 1 becomes
 * visible), re-check what was seen, unlock.
 */
static void reader_leave(struct xr_thread *t, struct xr_obj **seen,
			 unsigned int n)
{
	if (!xr_below(t, 512))
		sleep_for(50e-6);
	recheck_seen(t, seen, n);
	rcu_read_unlock();
	if (under_valgrind)
		sched_yield();
}

static void reader(struct xr_thread *t)
{
	struct xr_obj *seen[MAX_SEEN];
	unsigned long index;
	unsigned int n, batch;

	while (!__atomic_load_n(&stop_workers, __ATOMIC_RELAXED)) {
		n = 0;
		batch = 1 + (unsigned int)xr_below(t, MAX_SEEN / 2);
		rcu_read_lock();
		for (unsigned int i = 0; i < batch; i++) {
			struct xr_obj *obj;

			index = xr_keys[xr_below(t, opt.nr_keys)];
			obj = check_entry(t, index, xa_load(&xr_xa, index));
			t->reads++;
			if (obj && n < MAX_SEEN)
				seen[n++] = obj;
			/* Get preempted inside the section now and then. */
			if (!xr_below(t, 256))
				sched_yield();
		}
		if (!xr_below(t, 64))
			n = walk(t, seen, n);
		if (!xr_below(t, 64))
			n = walk_xas(t, seen, n);
		reader_leave(t, seen, n);
		if (!xr_below(t, 1U << 14)) {
			rcu_barrier();
			t->barriers++;
		}
	}
}

/* ---- writers -------------------------------------------------------- */

static bool update_failed(struct xr_thread *t, unsigned long index,
			  void *ret)
{
	if (!xa_is_err(ret))
		return false;
	if (xa_err(ret) == -ENOMEM && opt.fault_ppm)
		t->enomem++;
	else
		xr_error(t, "update at %#lx failed: %s", index,
			 strerror(-xa_err(ret)));
	return true;
}

static void writer(struct xr_thread *t)
{
	unsigned long gen = 0;

	while (!__atomic_load_n(&stop_workers, __ATOMIC_RELAXED)) {
		unsigned long index = xr_keys[xr_below(t, opt.nr_keys)];
		unsigned int op = (unsigned int)xr_below(t, 100);
		struct xr_obj *obj = NULL;
		void *ret, *cur;
		int err;

		gen++;
		t->writes++;
		if (under_valgrind && !(t->writes & 3))
			sched_yield();
		if (op < 45) {
			obj = obj_new(index);
			if (op < 15)
				ret = store_xas(t, index, obj);
			else
				ret = xa_store(&xr_xa, index, obj, GFP_KERNEL);
			if (update_failed(t, index, ret))
				discard(obj);
			else
				retire(t, index, ret);
		} else if (op < 55) {
			ret = xa_store(&xr_xa, index, value_for(index, gen),
				       GFP_KERNEL);
			if (!update_failed(t, index, ret))
				retire(t, index, ret);
		} else if (op < 65) {
			retire(t, index, xa_erase(&xr_xa, index));
		} else if (op < 80) {
			ret = store_xas(t, index, NULL);
			if (!update_failed(t, index, ret))
				retire(t, index, xa_is_zero(ret) ? NULL : ret);
		} else if (op < 90) {
			obj = obj_new(index);
			err = xa_insert(&xr_xa, index, obj, GFP_KERNEL);
			if (err) {
				discard(obj);
				if (err != -EBUSY &&
				    !(err == -ENOMEM && opt.fault_ppm))
					xr_error(t, "xa_insert at %#lx: %s",
						 index, strerror(-err));
				else if (err == -ENOMEM)
					t->enomem++;
			}
		} else {
			/* Replace whatever is there now, if nobody beats us. */
			cur = xa_load(&xr_xa, index);
			obj = obj_new(index);
			ret = xa_cmpxchg(&xr_xa, index, cur, obj, GFP_KERNEL);
			if (update_failed(t, index, ret))
				discard(obj);
			else if (ret == cur)
				retire(t, index, ret);
			else
				discard(obj);
		}
	}
}

#include "xa_rcu_multi.h"

/* ---- the ager ------------------------------------------------------- */

static void ager(struct xr_thread *t)
{
	struct xr_obj *held = NULL, *incoming, *obj, **link;

	for (;;) {
		bool last = __atomic_load_n(&stop_ager, __ATOMIC_ACQUIRE);

		synchronize_rcu();
		t->grace_periods++;
		if (under_valgrind)
			sched_yield();

		incoming = __atomic_exchange_n(&retire_head, NULL,
					       __ATOMIC_ACQUIRE);
		while (incoming) {
			obj = incoming;
			incoming = obj->next;
			obj->next = held;
			held = obj;
		}
		link = &held;
		while ((obj = *link)) {
			unsigned long age = ADD(obj->age, 1);

			if (age >= AGE_FREE) {
				*link = obj->next;
				obj_put(obj);
			} else {
				link = &obj->next;
			}
		}
		if (last && !held && !LOAD(retire_head))
			break;
	}
}

/* ---- threads and main ----------------------------------------------- */

static void *thread_main(void *arg)
{
	struct xr_thread *t = arg;
	int err = sim_thread_attach(machine);

	if (err) {
		xr_error(t, "sim_thread_attach: %s", strerror(-err));
		return NULL;
	}
	switch (t->role) {
	case XR_READER:
		if (opt.multi)
			xm_reader(t);
		else
			reader(t);
		break;
	case XR_WRITER:
		if (opt.multi)
			xm_writer(t);
		else
			writer(t);
		break;
	case XR_AGER:
		ager(t);
		break;
	case XR_MAIN:
	case XR_CALLBACK:
		break;
	}
	err = sim_thread_detach();
	if (err)
		xr_error(t, "sim_thread_detach: %s", strerror(-err));
	return NULL;
}

static const struct stress_opt options[] = {
	STRESS_OPT_DURATION(&opt.duration),
	STRESS_OPT_SEED(&opt.seed),
	STRESS_OPT_UINT("readers", &opt.readers, 1, MAX_THREADS - 2),
	STRESS_OPT_UINT("writers", &opt.writers, 1, MAX_THREADS - 2),
	STRESS_OPT_ULONG("keys", &opt.nr_keys, 16, ULONG_MAX),
	STRESS_OPT_ULONG("quarantine", &opt.quarantine, 1, ULONG_MAX),
	STRESS_OPT_UINT("fault-ppm", &opt.fault_ppm, 0, 1000000),
	{ .name = "multi", .kind = STRESS_OPT_SET, .flag = &opt.multi },
};

static void parse_args(int argc, char **argv)
{
	stress_parse(argc, argv, options);
	/* Every reader and writer, and the main thread. */
	if (opt.readers + opt.writers + 1 > MAX_THREADS)
		stress_usage(argv[0], options);
	/* A failed xa_store_range() leaves part of its range stored. */
	if (opt.multi && opt.fault_ppm)
		stress_usage(argv[0], options);
}

/*
 * The key set: three quarters dense from 0 (shallow, often-shrinking
 * trees), the rest sparse over the whole 64-bit range, with the extremes
 * always in (full-height paths).
 */
static void make_keys(void)
{
	unsigned long dense = opt.nr_keys * 3 / 4, i;
	uint64_t s = opt.seed ^ 0x6b657973UL;

	xr_keys = calloc(opt.nr_keys, sizeof(*xr_keys));
	if (!xr_keys)
		abort();
	for (i = 0; i < dense; i++)
		xr_keys[i] = i;
	xr_keys[i++] = ULONG_MAX;
	xr_keys[i++] = 1UL << 63;
	xr_keys[i++] = 1UL << 32;
	for (; i < opt.nr_keys; i++)
		xr_keys[i] = (unsigned long)xr_next(&s);
}

int main(int argc, char **argv)
{
	struct sim_machine_config cfg = {
		.name = "xa_rcu",
		.nr_pages = 1024,
		.data_mode = SIM_DATA_NONE,
		.violation_mode = SIM_VIOLATION_RECORD,
	};
	struct xr_thread *th, self = { .role = XR_MAIN };
	struct xr_thread sum = { .role = XR_MAIN };
	unsigned int nthreads, i, max_age = 0;
	unsigned long violations, live_start, live_end, leaked;
	double t0, elapsed;
	int err;

	parse_args(argc, argv);
	under_valgrind = RUNNING_ON_VALGRIND;
	cfg.seed = opt.seed;
	make_keys();
	if (opt.multi)
		xm_make_blocks();
	stress_pause_init();
	quarantine = calloc(opt.quarantine, sizeof(*quarantine));
	nthreads = opt.readers + opt.writers + 1;
	th = calloc(nthreads, sizeof(*th));
	if (!quarantine || !th)
		abort();

	err = sim_machine_create(&cfg, &machine);
	if (!err)
		err = sim_thread_attach(machine);
	if (err) {
		fprintf(stderr, "xa_rcu: machine setup: %s\n", strerror(-err));
		return 1;
	}
	if (opt.fault_ppm) {
		err = sim_fault_set_probability(machine,
						SIM_FAULT_BIT(SIM_FAULT_XA_NODE),
						opt.fault_ppm, opt.seed);
		if (err) {
			fprintf(stderr, "xa_rcu: sim_fault_set_probability: %s\n",
				strerror(-err));
			return 1;
		}
	}
	live_start = (unsigned long)kmalloc_nr_allocated();

	for (i = 0; i < nthreads; i++) {
		th[i].id = i;
		th[i].role = i < opt.readers ? XR_READER :
			     i < opt.readers + opt.writers ? XR_WRITER : XR_AGER;
		th[i].rng = opt.seed * 0x100000001b3ULL + i;
		if (pthread_create(&th[i].tid, NULL, thread_main, &th[i])) {
			fprintf(stderr, "xa_rcu: pthread_create failed\n");
			return 1;
		}
	}
	t0 = now();
	if (opt.multi) {
		stress_check_every(opt.duration, xm_check_all);
	} else {
		sleep_for(opt.duration);
	}
	__atomic_store_n(&stop_workers, true, __ATOMIC_RELEASE);
	for (i = 0; i < opt.readers + opt.writers; i++)
		pthread_join(th[i].tid, NULL);
	elapsed = now() - t0;

	/* Erase what is left; the ager retires it like everything else. */
	self.rng = opt.seed;
	if (opt.multi)
		xm_teardown(&self);
	for (unsigned long k = 0; k < opt.nr_keys && !opt.multi; k++)
		retire(&self, xr_keys[k], xa_erase(&xr_xa, xr_keys[k]));
	if (!xa_empty(&xr_xa)) {
		unsigned long index = 0;
		void *entry = xa_find(&xr_xa, &index, ULONG_MAX, XA_PRESENT);

		xr_error(&self, "xarray not empty after erasing every key: %#lx -> %p",
			 index, entry);
	}
	__atomic_store_n(&stop_ager, true, __ATOMIC_RELEASE);
	pthread_join(th[nthreads - 1].tid, NULL);

	/* Run every pending callback: ours and the xarray's node frees. */
	rcu_barrier();
	if (LOAD(objs_freed) != LOAD(objs_allocated))
		xr_error(&self, "%lu of %lu objects never freed",
			 objs_allocated - objs_freed, objs_allocated);

	pthread_mutex_lock(&quarantine_lock);
	while (q_count)
		quarantine_release_one();
	pthread_mutex_unlock(&quarantine_lock);
	if (q_corrupt)
		xr_error(&self, "%lu freed objects were written after free",
			 q_corrupt);
	if (q_released != objs_allocated)
		xr_error(&self, "quarantine released %lu of %lu objects",
			 q_released, objs_allocated);

	xa_destroy(&xr_xa);
	rcu_barrier();
	live_end = (unsigned long)kmalloc_nr_allocated();
	leaked = live_end - live_start;
	if (live_end != live_start)
		xr_error(&self, "%ld xarray allocations still live after rcu_barrier",
			 (long)leaked);

	violations = sim_violation_count(machine);
	/* The log keeps the latest few; show the oldest of those. */
	for (unsigned long v = violations > 64 ? violations - 64 : 0, shown = 0;
	     v < violations && shown < 8; v++) {
		struct sim_violation sv;

		if (!sim_violation_get(machine, v, &sv) && ++shown)
			fprintf(stderr, "xa_rcu: violation %s at %s:%d %s(): %s\n",
				sv.kind, sv.file, sv.line, sv.func, sv.msg);
	}
	if (violations)
		xr_error(&self, "%lu violations recorded", violations);

	err = sim_thread_detach();
	if (err)
		xr_error(&self, "sim_thread_detach: %s", strerror(-err));
	err = sim_machine_destroy(machine);
	if (err)
		xr_error(&self, "sim_machine_destroy: %s", strerror(-err));

	for (i = 0; i <= nthreads + 1; i++) {
		struct xr_thread *t = i < nthreads ? &th[i] :
				      i == nthreads ? &self : &xm_main;

		sum.reads += t->reads;
		sum.reads_null += t->reads_null;
		sum.reads_value += t->reads_value;
		sum.walks += t->walks;
		sum.xas_walks += t->xas_walks;
		sum.writes += t->writes;
		sum.enomem += t->enomem;
		sum.retired += t->retired;
		sum.grace_periods += t->grace_periods;
		sum.barriers += t->barriers;
		sum.errors += t->errors;
		sum.xm_exact += t->xm_exact;
		sum.xm_torn += t->xm_torn;
		sum.xm_reloads += t->xm_reloads;
		for (unsigned int k = 0; k < XR_MULTI_OPS; k++)
			sum.xm_ops[k] += t->xm_ops[k];
		if (i == nthreads)
			sum.errors += LOAD(cb_errors);
		for (unsigned int a = 0; a < AGE_HIST; a++) {
			sum.age_hist[a] += t->age_hist[a];
			if (t->age_hist[a] && a > max_age)
				max_age = a;
		}
	}

	printf("xa_rcu: seed=%llu duration=%g reads=%lu writes=%lu "
	       "grace_periods=%lu max_age_seen=%u errors=%lu "
	       "readers=%u writers=%u keys=%lu elapsed=%.2f "
	       "null_reads=%lu value_reads=%lu walks=%lu xas_ops=%lu "
	       "age0=%lu age1=%lu "
	       "objects=%lu via_call_rcu=%lu barriers=%lu enomem=%lu",
	       (unsigned long long)opt.seed, opt.duration, sum.reads,
	       sum.writes, sum.grace_periods, max_age, sum.errors,
	       opt.readers, opt.writers, opt.nr_keys, elapsed,
	       sum.reads_null, sum.reads_value, sum.walks, sum.xas_walks,
	       sum.age_hist[0],
	       sum.age_hist[1], objs_allocated, objs_via_call_rcu,
	       sum.barriers, sum.enomem);
	if (opt.multi) {
		for (unsigned int k = 0; k < XR_MULTI_OPS; k++)
			printf(" %s=%lu", xm_op_name[k], sum.xm_ops[k]);
		printf(" exact_reads=%lu torn_reads=%lu reloads=%lu",
		       sum.xm_exact, sum.xm_torn, sum.xm_reloads);
	}
	putchar('\n');

	free(quarantine);
	free(th);
	free(xr_keys);
	if (sum.errors)
		return 1;
	if (!sum.reads || !sum.grace_periods) {
		fprintf(stderr, "xa_rcu: nothing was tested (reads=%lu grace_periods=%lu)\n",
			sum.reads, sum.grace_periods);
		return 1;
	}
	return 0;
}
