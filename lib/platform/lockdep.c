// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The lock validator: a small lockdep (see kernel/lockdep.h for what it
 * reports and docs/testing.md for the build option).
 *
 * Classes: a lock's class is its lock_class_key (one static key per
 * spin_lock_init()/mutex_init() call site), or the lock's own address
 * when it was initialised statically. Classes are looked up once per
 * lock and cached in its lockdep_map.
 *
 * Order: after[a] has bit b set once a thread took a lock of class b
 * while holding one of class a. A new edge a -> b is checked for a path
 * b ~> a already in the graph (a breadth-first walk, made only when an
 * edge is new, so the steady state is one bit test per held lock); such
 * a path means the two orders can deadlock, and is reported once.
 *
 * Held locks: a per-thread stack of what the thread holds, with a count
 * of the spinning ones for the sleep checks.
 */
#include <pthread.h>
#include <string.h>

#include "kernel/bitmap.h"
#include "kernel/lockdep.h"
#include "kernel/rcupdate.h"
#include <libgcma/violation.h>

/* Without the validator the hooks are the inline no-ops of kernel/lockdep.h. */
#if SIM_LOCKDEP

#define LOCKDEP_MAX_CLASSES	512
#define LOCKDEP_MAX_DEPTH	48

#define LD_WORD(nr)	((nr) / BITS_PER_LONG)
#define LD_MASK(nr)	(1UL << ((nr) % BITS_PER_LONG))

#define lockdep_report(fmt, ...)					\
	sim_report_violation("LOCKDEP", __FILE__, __LINE__, __func__,	\
			     fmt, ##__VA_ARGS__)

struct lock_class {
	const void *key;
	const char *name;
};

struct held_lock {
	struct lockdep_map *map;
	unsigned int class_idx;
	enum lockdep_kind kind;
};

/*
 * struct lockdep_task - the calling thread's held locks.
 * @depth: entries used in @held.
 * @spin_depth: how many of them are spinlocks.
 * @overflow: more than LOCKDEP_MAX_DEPTH were held at once (reported;
 *	from then on the thread's stack is incomplete and unlock and
 *	assertion checks are skipped for it).
 * @held: the locks, oldest first.
 */
struct lockdep_task {
	unsigned int depth;
	unsigned int spin_depth;
	bool overflow;
	struct held_lock held[LOCKDEP_MAX_DEPTH];
};

static __thread struct lockdep_task lockdep_task;

/* Index 0 means "no class": classes are 1..lockdep_nr_classes. */
static struct lock_class lockdep_classes[LOCKDEP_MAX_CLASSES + 1];
static unsigned int lockdep_nr_classes;
static unsigned long lockdep_after[LOCKDEP_MAX_CLASSES + 1]
				  [BITS_TO_LONGS(LOCKDEP_MAX_CLASSES + 1)];
/* Serialises class registration and edge insertion (never tracked). */
static pthread_mutex_t lockdep_graph_lock = PTHREAD_MUTEX_INITIALIZER;
/* The shared class of locks used without being initialised. */
static const struct lock_class_key lockdep_uninit_key;

/**
 * lockdep_init_map() - set a lock's name and class key.
 * @map: the lock's map.
 * @name: its name in reports.
 * @key: its class key.
 *
 * Context: Any context; the lock is not in use.
 * Return: nothing.
 */
void lockdep_init_map(struct lockdep_map *map, const char *name,
		      const struct lock_class_key *key)
{
	map->key = key;
	map->name = name;
	__atomic_store_n(&map->class_idx, 0, __ATOMIC_RELAXED);
}

/* Find or add the class of @key; 0 when the table is full. */
static unsigned int lockdep_register_class(const void *key, const char *name)
{
	static bool full_reported;
	unsigned int i, n;

	pthread_mutex_lock(&lockdep_graph_lock);
	n = lockdep_nr_classes;
	for (i = 1; i <= n; i++)
		if (lockdep_classes[i].key == key)
			goto out;
	if (n == LOCKDEP_MAX_CLASSES) {
		i = 0;
		if (!full_reported) {
			full_reported = true;
			pthread_mutex_unlock(&lockdep_graph_lock);
			lockdep_report("more than %d lock classes; %s and later ones are not checked",
				       LOCKDEP_MAX_CLASSES, name);
			return 0;
		}
		goto out;
	}
	lockdep_classes[i].key = key;
	lockdep_classes[i].name = name;
	__atomic_store_n(&lockdep_nr_classes, i, __ATOMIC_RELEASE);
out:
	pthread_mutex_unlock(&lockdep_graph_lock);
	return i;
}

static unsigned int lockdep_class_of(struct lockdep_map *map)
{
	unsigned int idx = __atomic_load_n(&map->class_idx, __ATOMIC_RELAXED);
	const void *key = map->key;

	if (likely(idx))
		return idx;
	if (!key && !map->name) {
		lockdep_report("lock %p used without spin_lock_init()/mutex_init()",
			       (void *)map);
		key = &lockdep_uninit_key;
		map->name = "(uninitialised lock)";
	} else if (!key) {
		key = map;	/* a statically initialised lock */
	}
	idx = lockdep_register_class(key, map->name);
	__atomic_store_n(&map->class_idx, idx, __ATOMIC_RELAXED);
	return idx;
}

static bool lockdep_has_edge(unsigned int from, unsigned int to)
{
	unsigned long word = __atomic_load_n(&lockdep_after[from][LD_WORD(to)],
					     __ATOMIC_RELAXED);

	return word & LD_MASK(to);
}

/* Is there a path @from ~> @to? Called with lockdep_graph_lock held. */
static bool lockdep_path(unsigned int from, unsigned int to)
{
	unsigned long seen[BITS_TO_LONGS(LOCKDEP_MAX_CLASSES + 1)] = { 0 };
	unsigned short queue[LOCKDEP_MAX_CLASSES + 1];
	unsigned int head = 0, tail = 0, n = lockdep_nr_classes;

	queue[tail++] = from;
	seen[LD_WORD(from)] |= LD_MASK(from);
	while (head < tail) {
		unsigned int c = queue[head++], next;

		if (c == to)
			return true;
		for (next = 1; next <= n; next++) {
			if (!test_bit(next, lockdep_after[c]) ||
			    test_bit(next, seen))
				continue;
			seen[LD_WORD(next)] |= LD_MASK(next);
			queue[tail++] = next;
		}
	}
	return false;
}

/* Record that @to was taken while holding @from; report an inversion. */
static void lockdep_add_edge(unsigned int from, unsigned int to)
{
	bool inverted;

	pthread_mutex_lock(&lockdep_graph_lock);
	if (test_bit(to, lockdep_after[from])) {
		pthread_mutex_unlock(&lockdep_graph_lock);
		return;
	}
	inverted = lockdep_path(to, from);
	__atomic_or_fetch(&lockdep_after[from][LD_WORD(to)], LD_MASK(to),
			  __ATOMIC_RELAXED);
	pthread_mutex_unlock(&lockdep_graph_lock);
	if (inverted)
		lockdep_report("possible circular locking: taking %s while holding %s, but %s was taken before while holding %s",
			       lockdep_classes[to].name,
			       lockdep_classes[from].name,
			       lockdep_classes[from].name,
			       lockdep_classes[to].name);
}

/**
 * lockdep_acquire() - the caller is taking (or took, for a trylock) a lock.
 * @map: the lock's map.
 * @kind: spinning or sleeping lock.
 * @trylock: it was a successful trylock, which cannot deadlock: no
 *	order is recorded for it.
 *
 * Context: Any context.
 * Return: nothing.
 */
void lockdep_acquire(struct lockdep_map *map, enum lockdep_kind kind,
		     bool trylock)
{
	struct lockdep_task *t = &lockdep_task;
	unsigned int cls = lockdep_class_of(map), i;
	struct held_lock *h;

	if (t->depth == LOCKDEP_MAX_DEPTH) {
		if (!t->overflow)
			lockdep_report("more than %d locks held; %s and later ones are not tracked",
				       LOCKDEP_MAX_DEPTH, map->name);
		t->overflow = true;
		return;
	}
	for (i = 0; i < t->depth && !trylock; i++) {
		h = &t->held[i];
		if (h->map == map) {
			lockdep_report("recursive locking: %s is already held by this thread",
				       map->name);
			continue;
		}
		if (!cls || !h->class_idx || h->class_idx == cls ||
		    lockdep_has_edge(h->class_idx, cls))
			continue;
		lockdep_add_edge(h->class_idx, cls);
	}
	h = &t->held[t->depth++];
	h->map = map;
	h->class_idx = cls;
	h->kind = kind;
	if (kind == LOCKDEP_SPIN)
		t->spin_depth++;
}

/**
 * lockdep_release() - the caller is releasing a lock.
 * @map: the lock's map.
 *
 * Context: Any context.
 * Return: nothing.
 */
void lockdep_release(struct lockdep_map *map)
{
	struct lockdep_task *t = &lockdep_task;
	unsigned int i = t->depth;

	while (i--) {
		if (t->held[i].map != map)
			continue;
		if (t->held[i].kind == LOCKDEP_SPIN)
			t->spin_depth--;
		memmove(&t->held[i], &t->held[i + 1],
			(t->depth - i - 1) * sizeof(t->held[0]));
		t->depth--;
		return;
	}
	if (!t->overflow)
		lockdep_report("unlocking %s, which this thread does not hold",
			       map->name);
}

static bool lockdep_holds(const struct lockdep_map *map)
{
	const struct lockdep_task *t = &lockdep_task;
	unsigned int i;

	for (i = 0; i < t->depth; i++)
		if (t->held[i].map == map)
			return true;
	return false;
}

/**
 * lockdep_check_held() - lockdep_assert_held() and lockdep_assert_not_held().
 * @map: the lock's map.
 * @want_held: whether the caller must hold it.
 * @file: source file of the assertion.
 * @line: its line.
 * @func: the function that asserts.
 *
 * Context: Any context.
 * Return: nothing; a failed assertion is a violation.
 */
void lockdep_check_held(const struct lockdep_map *map, bool want_held,
			const char *file, int line, const char *func)
{
	if (lockdep_task.overflow || lockdep_holds(map) == want_held)
		return;
	sim_report_violation("LOCKDEP", file, line, func,
			     want_held ? "%s must be held here and is not" :
					 "%s must not be held here and is",
			     map->name);
}

/* The innermost spinlock the thread holds. */
static const char *lockdep_top_spin(void)
{
	const struct lockdep_task *t = &lockdep_task;
	unsigned int i = t->depth;

	while (i--)
		if (t->held[i].kind == LOCKDEP_SPIN)
			return t->held[i].map->name;
	return "?";
}

/**
 * lockdep_check_sleep() - might_sleep(): may the caller block here?
 * @file: source file of the call that may sleep.
 * @line: its line.
 * @func: the function that may sleep.
 *
 * Context: Any context; reports when called under a spinlock or inside
 * an RCU read-side critical section.
 * Return: nothing.
 */
void lockdep_check_sleep(const char *file, int line, const char *func)
{
	if (unlikely(lockdep_task.spin_depth))
		sim_report_violation("LOCKDEP", file, line, func,
				     "sleeping call while holding spinlock %s",
				     lockdep_top_spin());
	else if (unlikely(rcu_read_lock_held()))
		sim_report_violation("LOCKDEP", file, line, func,
				     "sleeping call inside rcu_read_lock()");
}

/**
 * lockdep_check_detach() - the calling thread is detaching or exiting.
 *
 * Context: Process context, before the thread leaves its machine (so the
 * report goes to that machine's log).
 * Return: nothing; locks still held are a violation.
 */
void lockdep_check_detach(void)
{
	const struct lockdep_task *t = &lockdep_task;

	if (t->depth)
		lockdep_report("thread detaches holding %u lock(s), the latest %s",
			       t->depth, t->held[t->depth - 1].map->name);
}

/**
 * lockdep_check_destroy() - the calling thread is destroying a machine.
 * @name: the machine's name, for the report.
 *
 * Locks still held then are an API violation: they live in the machine's
 * memory, which is about to be freed, and nobody can release them. The
 * report is of kind "API", made after the thread left the machine, so it
 * goes to the log of the machine the thread is attached to, or to the
 * process-wide one (and stderr) when none: it outlives the machine. The
 * thread's held-lock stack is then emptied, so that later reports do not
 * name freed locks.
 *
 * Context: Process context, the thread detached from the machine.
 * Return: nothing.
 */
void lockdep_check_destroy(const char *name)
{
	struct lockdep_task *t = &lockdep_task;

	if (t->depth)
		sim_report_violation("API", __FILE__, __LINE__, __func__,
				     "machine %s destroyed while this thread holds %u lock(s), the latest %s",
				     name, t->depth,
				     t->held[t->depth - 1].map->name);
	t->depth = 0;
	t->spin_depth = 0;
}

#endif /* SIM_LOCKDEP */
