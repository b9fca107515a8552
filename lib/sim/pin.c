// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Pins: simulated pin_user_pages() users of a machine's folios.
 *
 * Every pin is on the machine's list of pins, oldest first (what
 * sim_pin_describe() reports). Timed pins are also in a binary min-heap
 * ordered by (expiry, sequence number), and the earliest expiry is mirrored
 * in @next_expiry so that a safe point with nothing due costs one atomic
 * load. The pin lock is a leaf: references are dropped (folio_put(), which
 * may free the folio into the page allocator) and trace events emitted
 * only after it is released.
 */
#include <stdlib.h>
#include <string.h>

#include "kernel/bug.h"
#include "kernel/page_type.h"
#include "sim/sim_internal.h"

/**
 * struct sim_pin - one pin of one folio.
 * @node: in the machine's list of pins, oldest first.
 * @m: the machine.
 * @folio: the pinned folio (head).
 * @kind: who pinned it.
 * @pinned_at: virtual time of the pin.
 * @expires: virtual time of the release of a timed pin; 0 if untimed.
 * @seq: pin number on the machine, orders equal expiry times.
 * @heap_idx: slot in the expiry heap; SIZE_MAX for an untimed pin.
 * @holder: who holds it.
 */
struct sim_pin {
	struct list_head node;
	struct sim_machine *m;
	struct folio *folio;
	enum sim_pin_kind kind;
	uint64_t pinned_at;
	uint64_t expires;
	uint64_t seq;
	size_t heap_idx;
	char holder[32];
};

/**
 * struct sim_pins - the pins of one machine.
 * @lock: protects everything below except @next_expiry's lockless reads.
 * @all: every pin, oldest first.
 * @count: pins on @all.
 * @seq: pins ever made.
 * @heap: timed pins, a min-heap on (expires, seq).
 * @heap_len: entries in @heap.
 * @heap_cap: slots allocated in @heap.
 * @next_expiry: expiry of @heap[0], UINT64_MAX when empty (atomic).
 * @longterm_migrates: FOLL_LONGTERM pins refuse folios that
 *	@longterm_pinnable rejects (the kernel migrates them first).
 * @longterm_pinnable: may a long-term pin take this folio? NULL: any.
 */
struct sim_pins {
	pthread_mutex_t lock;
	struct list_head all;
	unsigned long count;
	uint64_t seq;
	struct sim_pin **heap;
	size_t heap_len;
	size_t heap_cap;
	uint64_t next_expiry;
	bool longterm_migrates;
	bool (*longterm_pinnable)(struct folio *folio);
	uint32_t *cand;		/* sim_pin_random_batch()'s list, kept */
};

static const char *const sim_pin_kind_names[SIM_PIN_NR_KINDS] = {
	[SIM_PIN_ODIRECT] = "odirect",
	[SIM_PIN_VMSPLICE] = "vmsplice",
	[SIM_PIN_LONGTERM] = "longterm",
	[SIM_PIN_AIO] = "aio",
	[SIM_PIN_FRESH] = "fresh",
};

/**
 * sim_pin_init() - give @m an empty set of pins.
 * @m: a machine being created.
 *
 * Context: Process context, from sim_machine_create().
 * Return: 0, or -ENOMEM.
 */
int sim_pin_init(struct sim_machine *m)
{
	struct sim_pins *p = calloc(1, sizeof(*p));

	if (!p)
		return -ENOMEM;
	pthread_mutex_init(&p->lock, NULL);
	INIT_LIST_HEAD(&p->all);
	p->next_expiry = UINT64_MAX;
	p->longterm_migrates = true;
	m->pins = p;
	return 0;
}

/**
 * sim_pin_exit() - free @m's pin bookkeeping.
 * @m: a machine being destroyed after sim_pin_release_all(), or whose
 *	creation failed.
 *
 * Context: Process context; nobody else uses the machine.
 * Return: nothing.
 */
void sim_pin_exit(struct sim_machine *m)
{
	struct sim_pins *p = m->pins;

	if (!p)
		return;
	m->pins = NULL;
	WARN_ON(p->count);
	pthread_mutex_destroy(&p->lock);
	free(p->heap);
	free(p->cand);
	free(p);
}

/* ---- the expiry heap (pin lock held) --------------------------------- */

static bool sim_pin_before(const struct sim_pin *a, const struct sim_pin *b)
{
	return a->expires < b->expires ||
	       (a->expires == b->expires && a->seq < b->seq);
}

static void sim_heap_place(struct sim_pins *p, size_t i, struct sim_pin *pin)
{
	p->heap[i] = pin;
	pin->heap_idx = i;
}

static void sim_heap_up(struct sim_pins *p, size_t i)
{
	struct sim_pin *pin = p->heap[i];

	while (i && sim_pin_before(pin, p->heap[(i - 1) / 2])) {
		sim_heap_place(p, i, p->heap[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
	sim_heap_place(p, i, pin);
}

static void sim_heap_down(struct sim_pins *p, size_t i)
{
	struct sim_pin *pin = p->heap[i];

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= p->heap_len)
			break;
		if (c + 1 < p->heap_len && sim_pin_before(p->heap[c + 1], p->heap[c]))
			c++;
		if (!sim_pin_before(p->heap[c], pin))
			break;
		sim_heap_place(p, i, p->heap[c]);
		i = c;
	}
	sim_heap_place(p, i, pin);
}

static void sim_heap_sync(struct sim_pins *p)
{
	__atomic_store_n(&p->next_expiry,
			 p->heap_len ? p->heap[0]->expires : UINT64_MAX,
			 __ATOMIC_RELEASE);
}

/*
 * A pin's bookkeeping is the simulation's (calloc, not the kernel's
 * allocators), but it fails like one: class SIM_FAULT_PIN.
 */
static bool sim_pin_alloc_fails(size_t size)
{
	return sim_fault_should_fail(SIM_FAULT_PIN, size, GFP_KERNEL);
}

/* Make room for one more timed pin, before anything changes. */
static int sim_heap_reserve(struct sim_pins *p)
{
	struct sim_pin **heap;
	size_t cap;

	if (p->heap_len < p->heap_cap)
		return 0;
	cap = p->heap_cap ? 2 * p->heap_cap : 64;
	if (sim_pin_alloc_fails(cap * sizeof(*heap)))
		return -ENOMEM;
	heap = realloc(p->heap, cap * sizeof(*heap));
	if (!heap)
		return -ENOMEM;
	p->heap = heap;
	p->heap_cap = cap;
	return 0;
}

static void sim_heap_remove(struct sim_pins *p, struct sim_pin *pin)
{
	size_t i = pin->heap_idx;

	pin->heap_idx = SIZE_MAX;
	if (i != --p->heap_len) {
		struct sim_pin *last = p->heap[p->heap_len];

		/* The last entry fills the hole and sifts whichever way. */
		sim_heap_place(p, i, last);
		sim_heap_down(p, i);
		sim_heap_up(p, last->heap_idx);
	}
	sim_heap_sync(p);
}

/* ---- making and releasing pins ---------------------------------------- */

/* Take @pin off every structure and onto @dead. Pin lock held. */
static void sim_pin_unlink(struct sim_pins *p, struct sim_pin *pin,
			   struct list_head *dead)
{
	if (pin->heap_idx != SIZE_MAX)
		sim_heap_remove(p, pin);
	list_move_tail(&pin->node, dead);
	p->count--;
}

/*
 * Drop the pins on @dead: _pincount, then the reference (which may free
 * the folio), then the pin itself. The caller acts on the pins' machine
 * and holds no lock of the model.
 */
static long sim_pin_put_list(struct list_head *dead, const char *reason)
{
	struct sim_pin *pin, *tmp;
	long n = 0;

	list_for_each_entry_safe(pin, tmp, dead, node) {
		struct sim_machine *m = pin->m;

		sim_trace_event("sim_unpin_folio",
				"pfn=%#lx kind=%s holder=%s reason=%s held_ns=%llu",
				sim_desc_pfn(m, pin->folio),
				sim_pin_kind_names[pin->kind], pin->holder, reason,
				(unsigned long long)(sim_clock_now(m) - pin->pinned_at));
		__atomic_fetch_sub(&pin->folio->_pincount.counter, 1,
				   __ATOMIC_RELEASE);
		folio_put(pin->folio);
		list_del(&pin->node);
		free(pin);
		n++;
	}
	return n;
}

/*
 * Pin @folio of @m, which the caller acts on. -EINVAL: not a folio head
 * of @m, or free; -EAGAIN: a long-term pin the machine would migrate
 * first; -ENOMEM. On failure nothing changed.
 */
static int sim_pin_folio_on(struct sim_machine *m, struct folio *folio,
			   enum sim_pin_kind kind, uint64_t hold_ns,
			   const char *holder, struct sim_pin **out,
			   uint64_t *seq_out)
{
	struct sim_pins *p = m->pins;
	struct sim_pin *pin;
	uint64_t now;

	if (!sim_desc_in(m, folio) || PageTail((struct page *)folio))
		return -EINVAL;
	if (kind == SIM_PIN_LONGTERM &&
	    __atomic_load_n(&p->longterm_migrates, __ATOMIC_RELAXED) &&
	    p->longterm_pinnable && !p->longterm_pinnable(folio))
		return -EAGAIN;
	pin = sim_pin_alloc_fails(sizeof(*pin)) ? NULL :
	      calloc(1, sizeof(*pin));
	if (!pin)
		return -ENOMEM;
	if (!folio_try_get(folio)) {
		free(pin);
		return -EINVAL;
	}
	/* The folio may have become a tail while we looked. */
	if (PageTail((struct page *)folio)) {
		folio_put(folio);
		free(pin);
		return -EINVAL;
	}
	now = sim_clock_now(m);
	pin->m = m;
	pin->folio = folio;
	pin->kind = kind;
	pin->pinned_at = now;
	pin->expires = hold_ns ? (now + hold_ns < now ? UINT64_MAX : now + hold_ns) : 0;
	pin->heap_idx = SIZE_MAX;
	snprintf(pin->holder, sizeof(pin->holder), "%s", holder ? holder : "-");

	pthread_mutex_lock(&p->lock);
	if (hold_ns && sim_heap_reserve(p)) {
		pthread_mutex_unlock(&p->lock);
		folio_put(folio);
		free(pin);
		return -ENOMEM;
	}
	pin->seq = p->seq++;
	if (seq_out)
		*seq_out = pin->seq;
	__atomic_fetch_add(&folio->_pincount.counter, 1, __ATOMIC_ACQ_REL);
	list_add_tail(&pin->node, &p->all);
	p->count++;
	if (hold_ns) {
		sim_heap_place(p, p->heap_len++, pin);
		sim_heap_up(p, pin->heap_idx);
		sim_heap_sync(p);
	}
	pthread_mutex_unlock(&p->lock);

	sim_trace_event("sim_pin_folio",
			"pfn=%#lx kind=%s holder=%s hold_ns=%llu",
			sim_desc_pfn(m, folio), sim_pin_kind_names[kind],
			pin->holder, (unsigned long long)hold_ns);
	if (out)
		*out = pin;
	return 0;
}

/**
 * sim_pin_folio() - pin @folio as a pin_user_pages() user would.
 * @folio: a folio head of the attached machine, in use (refcount > 0).
 * @kind: who pins.
 * @hold_ns: 0 for an untimed pin; else the pin is released at the first
 *	safe point once the virtual clock has passed now + @hold_ns.
 * @holder: who holds it, for reports ("kbuild"); NULL is "-". Cut to 31
 *	bytes.
 * @out: receives the pin handle, for sim_unpin(); may be NULL. Must be
 *	NULL for a timed pin, which the machine releases on its own.
 *
 * Takes one reference and one _pincount. A SIM_PIN_LONGTERM pin is
 * refused with -EAGAIN while sim_pin_longterm_migrates() is on and the
 * machine's long-term check rejects the folio (a folio in a CMA
 * pageblock): the kernel would migrate it out first, which is the
 * caller's job here.
 *
 * Context: Process context; the thread must be attached. Takes the pin
 * lock (a leaf).
 * Return: 0; -EINVAL for a bad kind, a timed pin with @out, a folio that
 * is not a head of the machine or is free; -EAGAIN (long-term, see
 * above); -ENOMEM. On failure nothing changes.
 */
int sim_pin_folio(struct folio *folio, enum sim_pin_kind kind,
		  uint64_t hold_ns, const char *holder, struct sim_pin **out)
{
	struct sim_machine *m = sim_require_machine(__func__);

	if (!m || !folio || (unsigned int)kind >= SIM_PIN_NR_KINDS ||
	    (hold_ns && out))
		return -EINVAL;
	return sim_pin_folio_on(m, folio, kind, hold_ns, holder, out, NULL);
}

/**
 * sim_unpin() - release a pin made with a handle.
 * @pin: the handle sim_pin_folio() returned; invalid afterwards.
 *
 * Drops the _pincount and the reference; the folio is freed if that was
 * its last reference. The caller need not be attached to the pin's
 * machine. Releasing a handle twice is a use after free, as kfree() twice.
 *
 * Context: Process context; no lock of the model held (folio_put() may
 * free into the page allocator).
 * Return: 0, or -EINVAL for a NULL @pin.
 */
int sim_unpin(struct sim_pin *pin)
{
	struct sim_enter_state saved;
	struct sim_machine *m;
	LIST_HEAD(dead);

	if (!pin)
		return -EINVAL;
	m = pin->m;
	pthread_mutex_lock(&m->pins->lock);
	sim_pin_unlink(m->pins, pin, &dead);
	pthread_mutex_unlock(&m->pins->lock);
	sim_machine_enter(m, &saved);
	sim_pin_put_list(&dead, "unpin");
	sim_machine_leave(&saved);
	return 0;
}

/* Release every pin of @m for which @match is true, with @reason. */
static long sim_pin_release_matching(struct sim_machine *m,
				     bool (*match)(const struct sim_pin *,
						   const void *),
				     const void *arg, const char *reason)
{
	struct sim_pins *p = m->pins;
	struct sim_enter_state saved;
	struct sim_pin *pin, *tmp;
	LIST_HEAD(dead);
	long n;

	pthread_mutex_lock(&p->lock);
	list_for_each_entry_safe(pin, tmp, &p->all, node)
		if (match(pin, arg))
			sim_pin_unlink(p, pin, &dead);
	pthread_mutex_unlock(&p->lock);
	sim_machine_enter(m, &saved);
	n = sim_pin_put_list(&dead, reason);
	sim_machine_leave(&saved);
	return n;
}

static bool sim_pin_held_by(const struct sim_pin *pin, const void *holder)
{
	return !strcmp(pin->holder, holder);
}

static bool sim_pin_any(const struct sim_pin *pin, const void *unused)
{
	return true;
}

/**
 * sim_unpin_holder() - release every pin of @holder on @m.
 * @m: the machine.
 * @holder: the name the pins were made with (cut to 31 bytes as they
 *	were); timed pins and pins with handles included.
 *
 * Handles of released pins become invalid.
 *
 * Context: Process context; no lock of the model held.
 * Return: the number of pins released, or -EINVAL for a NULL argument.
 */
long sim_unpin_holder(struct sim_machine *m, const char *holder)
{
	char name[32];

	if (!m || !m->pins || !holder)
		return -EINVAL;
	snprintf(name, sizeof(name), "%s", holder);
	return sim_pin_release_matching(m, sim_pin_held_by, name, "holder");
}

/**
 * sim_pin_release_all() - release every pin of a machine being destroyed.
 * @m: the machine, entered by the caller.
 *
 * Context: Process context, from sim_machine_destroy().
 * Return: nothing.
 */
void sim_pin_release_all(struct sim_machine *m)
{
	if (m->pins)
		sim_pin_release_matching(m, sim_pin_any, NULL, "destroy");
}

/**
 * sim_pin_expire_due() - release the timed pins of @m that are due.
 * @m: the machine, which the caller acts on.
 *
 * Pins are released in expiry order (ties in pin order). Costs one atomic
 * load when nothing is due.
 *
 * Context: A safe point: process context, no lock of the model held.
 * Return: nothing.
 */
void sim_pin_expire_due(struct sim_machine *m)
{
	struct sim_pins *p = m->pins;
	uint64_t now = sim_clock_now(m);
	LIST_HEAD(dead);

	if (!p || __atomic_load_n(&p->next_expiry, __ATOMIC_ACQUIRE) > now)
		return;
	pthread_mutex_lock(&p->lock);
	while (p->heap_len && p->heap[0]->expires <= now)
		sim_pin_unlink(p, p->heap[0], &dead);
	pthread_mutex_unlock(&p->lock);
	sim_pin_put_list(&dead, "expired");
}

/**
 * sim_pin_check() - check @m's pin bookkeeping, for tests.
 * @m: the machine.
 *
 * The list holds @count pins; every timed pin is in the heap at the slot
 * it records, no entry sorts before its parent, and @next_expiry mirrors
 * the root.
 *
 * Context: Any context; takes the pin lock.
 * Return: the number of problems found.
 */
unsigned long sim_pin_check(struct sim_machine *m)
{
	struct sim_pins *p = m->pins;
	unsigned long bad = 0, n = 0, timed = 0;
	struct sim_pin *pin;

	pthread_mutex_lock(&p->lock);
	list_for_each_entry(pin, &p->all, node) {
		n++;
		if (!pin->expires)
			continue;
		timed++;
		bad += pin->heap_idx >= p->heap_len || p->heap[pin->heap_idx] != pin;
	}
	bad += n != p->count || timed != p->heap_len;
	for (size_t i = 1; i < p->heap_len; i++)
		bad += sim_pin_before(p->heap[i], p->heap[(i - 1) / 2]);
	bad += __atomic_load_n(&p->next_expiry, __ATOMIC_RELAXED) !=
	       (p->heap_len ? p->heap[0]->expires : UINT64_MAX);
	pthread_mutex_unlock(&p->lock);
	return bad;
}

/**
 * sim_pin_count() - pins held on @m.
 * @m: the machine.
 *
 * Context: Any context.
 * Return: the number of pins, 0 for NULL.
 */
unsigned long sim_pin_count(const struct sim_machine *m)
{
	unsigned long n;

	if (!m || !m->pins)
		return 0;
	pthread_mutex_lock(&m->pins->lock);
	n = m->pins->count;
	pthread_mutex_unlock(&m->pins->lock);
	return n;
}

/**
 * sim_pin_describe() - who pins @folio, for a failure report.
 * @folio: a folio head of the attached machine.
 * @buf: receives "<kind> by <holder>, pinned at <t> ns" for the oldest
 *	pin of @folio, NUL-terminated and cut to @len.
 * @len: size of @buf.
 *
 * Context: Any context; the thread must be attached. Takes the pin lock.
 * Return: 0; -ENOENT if @folio is not pinned; -EINVAL for a NULL
 * argument, a zero @len or a folio of no attached machine.
 */
int sim_pin_describe(const struct folio *folio, char *buf, size_t len)
{
	struct sim_machine *m = sim_require_machine(__func__);
	struct sim_pin *pin;
	int ret = -ENOENT;

	if (!m || !m->pins || !folio || !buf || !len || !sim_desc_in(m, folio))
		return -EINVAL;
	pthread_mutex_lock(&m->pins->lock);
	list_for_each_entry(pin, &m->pins->all, node) {
		if (pin->folio != folio)
			continue;
		snprintf(buf, len, "%s by %s, pinned at %llu ns",
			 sim_pin_kind_names[pin->kind], pin->holder,
			 (unsigned long long)pin->pinned_at);
		ret = 0;
		break;
	}
	pthread_mutex_unlock(&m->pins->lock);
	return ret;
}

/**
 * sim_pin_oldest_kind() - the kind of @folio's oldest pin.
 * @m: the machine of @folio, which the caller acts on.
 * @folio: a folio head of @m.
 *
 * Context: Any context; takes the pin lock.
 * Return: an enum sim_pin_kind, or -ENOENT if @folio is not pinned.
 */
int sim_pin_oldest_kind(struct sim_machine *m, const struct folio *folio)
{
	struct sim_pin *pin;
	int kind = -ENOENT;

	if (!folio_maybe_dma_pinned(folio))
		return -ENOENT;
	pthread_mutex_lock(&m->pins->lock);
	list_for_each_entry(pin, &m->pins->all, node) {
		if (pin->folio == folio) {
			kind = pin->kind;
			break;
		}
	}
	pthread_mutex_unlock(&m->pins->lock);
	return kind;
}

/**
 * sim_pin_kind_name() - "odirect", "vmsplice", "longterm", "aio" or
 * "fresh".
 * @kind: the kind.
 *
 * Context: Any context.
 * Return: a static string, or NULL for an unknown @kind.
 */
const char *sim_pin_kind_name(enum sim_pin_kind kind)
{
	if ((unsigned int)kind >= SIM_PIN_NR_KINDS)
		return NULL;
	return sim_pin_kind_names[kind];
}

/**
 * sim_pin_set_longterm_migrates() - model kernels that migrate before a
 * FOLL_LONGTERM pin (5.7 and later: on, the default) or not (off: the
 * 2015 scenario, where long-term pins land in CMA pageblocks).
 * @m: the machine.
 * @on: the setting.
 *
 * Context: Any context.
 * Return: 0, or -EINVAL for a NULL @m.
 */
int sim_pin_set_longterm_migrates(struct sim_machine *m, bool on)
{
	if (!m || !m->pins)
		return -EINVAL;
	__atomic_store_n(&m->pins->longterm_migrates, on, __ATOMIC_RELAXED);
	return 0;
}

/**
 * sim_pin_longterm_migrates() - the setting above.
 * @m: the machine.
 *
 * Context: Any context.
 * Return: the setting; false for a NULL @m.
 */
bool sim_pin_longterm_migrates(const struct sim_machine *m)
{
	if (!m || !m->pins)
		return false;
	return __atomic_load_n(&m->pins->longterm_migrates, __ATOMIC_RELAXED);
}

/**
 * sim_pin_set_longterm_check() - install the long-term pin check.
 * @m: the machine.
 * @pinnable: returns false for a folio a FOLL_LONGTERM pin must not take
 *	while sim_pin_longterm_migrates() is on (one in a MIGRATE_CMA or
 *	MIGRATE_ISOLATE pageblock); NULL accepts every folio.
 *
 * @pinnable is called with the thread acting on @m and no pin lock held.
 *
 * Context: Before pins are made (not synchronised with them).
 * Return: nothing.
 */
void sim_pin_set_longterm_check(struct sim_machine *m,
				bool (*pinnable)(struct folio *folio))
{
	m->pins->longterm_pinnable = pinnable;
}

/* ---- seeded choice ---------------------------------------------------- */

/* Order of two unsigned longs (pfns, sequence numbers), for qsort/bsearch. */
static int sim_ulong_cmp(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

/* Sequence numbers of the pins one sim_pin_random() call made, ascending. */
struct sim_seq_set {
	const unsigned long *seq;
	unsigned long nr;
};

static bool sim_pin_in_set(const struct sim_pin *pin, const void *arg)
{
	const struct sim_seq_set *set = arg;

	return bsearch(&pin->seq, set->seq, set->nr, sizeof(*set->seq),
		       sim_ulong_cmp) != NULL;
}

/* Is @f a head in use by a movable user: page cache or LRU, not reserved? */
static __always_inline bool sim_pin_candidate(const struct sim_pins *p,
					      struct folio *f,
					      enum sim_pin_kind kind,
					      bool longterm_check)
{
	if (folio_ref_count(f) <= 0 || folio_test_reserved(f))
		return false;
	if (!READ_ONCE(f->mapping) && !folio_test_lru(f))
		return false;
	return !longterm_check || p->longterm_pinnable(f);
}

/* A uniform integer in [0, bound) from @prng (bound > 0). */
static uint64_t sim_prng_below(uint64_t *prng, uint64_t bound)
{
	return (uint64_t)(((unsigned __int128)sim_prng_next(prng) * bound) >> 64);
}

/* Candidate number @seen (pfn @pfn) offered to the reservoir @pick of @nr. */
static void sim_pin_reservoir(unsigned long *pick, unsigned long nr,
			      unsigned long seen, unsigned long pfn,
			      uint64_t *prng)
{
	if (seen < nr) {
		pick[seen] = pfn;
	} else {
		uint64_t j = sim_prng_below(prng, seen + 1);

		if (j < nr)
			pick[j] = pfn;
	}
}

/*
 * Pin the @nr folios at the pfns in @pick (allocated, ours to free) in
 * pfn order; on -ENOMEM undo the pins made. Called entered on @m.
 * Return: the number pinned, or -ENOMEM.
 */
static long sim_pin_picks(struct sim_machine *m, enum sim_pin_kind kind,
			  unsigned long *pick, unsigned long nr,
			  uint64_t hold_ns, const char *holder)
{
	long pinned = 0;
	int ret = 0;

	qsort(pick, nr, sizeof(*pick), sim_ulong_cmp);
	for (unsigned long i = 0; i < nr && !ret; i++) {
		uint64_t seq;

		ret = sim_pin_folio_on(m, sim_pfn_desc(m, pick[i]), kind, hold_ns,
				      holder, NULL, &seq);
		/* pick[] now collects the sequence numbers of our pins. */
		if (!ret)
			pick[pinned++] = seq;
		else if (ret != -ENOMEM)
			ret = 0;
	}
	if (ret) {
		struct sim_seq_set made = { pick, (unsigned long)pinned };

		sim_pin_release_matching(m, sim_pin_in_set, &made, "undo");
		pinned = ret;
	}
	free(pick);
	return pinned;
}

/* Is the folio at @pfn a candidate of sim_pin_random()? */
static bool sim_pin_pfn_candidate(struct sim_machine *m, unsigned long pfn,
				  enum sim_pin_kind kind, bool lt_check)
{
	struct folio *f = sim_pfn_desc(m, pfn);

	return !PageTail((struct page *)f) &&
	       sim_pin_candidate(m->pins, f, kind, lt_check);
}

/*
 * How many pfns after @page's cannot be candidates, known from @page
 * alone: a candidate large folio's tail pages, or (@page not a
 * candidate) the rest of a free buddy block, whose pages have no
 * references. The batch scan steps over them without reading their
 * descriptors (one cache line each), so a machine with much free memory
 * is scanned in a fraction of its memmap; the candidates found are the
 * same as a scan of every pfn. At most @left - 1 (@left: the pfns from
 * @page's to the machine's end), and only for a sane order.
 */
static unsigned long sim_pin_skip(const struct page *page, unsigned long left,
				  bool candidate)
{
	unsigned int order;

	if (candidate && PageHead(page) && left > 1)
		/* in page 1 */
		order = folio_order((const struct folio *)page);
	else if (!candidate && PageBuddy(page))
		order = buddy_order_unsafe(page);
	else
		return 0;
	if (order > MAX_PAGE_ORDER)
		return 0;
	return min(1UL << order, left) - 1;
}

/*
 * The batch scan: the offsets from base_pfn of @m's candidates (as
 * sim_pin_pfn_candidate() without the long-term check) into @cand, in
 * pfn order. The machine's fields are copied into locals first: with
 * -fno-strict-aliasing a store to @cand could change them, so they were
 * read again for every pfn. (A software prefetch 16 or 64 descriptors
 * ahead did not pay: the scan reads on in order between skips.)
 * Return: the number of candidates.
 */
static unsigned long sim_pin_scan(struct sim_machine *m, uint32_t *cand)
{
	const struct sim_pins *p = m->pins;
	struct page *map = m->memmap;
	unsigned long n = m->end_pfn - m->base_pfn, seen = 0;

	for (unsigned long i = 0; i < n; i++) {
		struct page *page = &map[i];
		bool candidate;

		candidate = !PageTail(page) &&
			    sim_pin_candidate(p, (struct folio *)page,
					      SIM_PIN_ODIRECT, false);
		if (candidate)
			cand[seen++] = (uint32_t)i;
		i += sim_pin_skip(page, n - i, candidate);
	}
	return seen;
}

/* Would sim_pin_random() filter @kind's candidates by the long-term check? */
static bool sim_pin_lt_check(struct sim_machine *m, enum sim_pin_kind kind)
{
	return kind == SIM_PIN_LONGTERM && sim_pin_longterm_migrates(m) &&
	       m->pins->longterm_pinnable;
}

/**
 * sim_pin_random() - pin @nr folios of @m chosen uniformly at random.
 * @m: the machine.
 * @kind: the kind of every pin.
 * @nr: how many folios; fewer are pinned if fewer qualify.
 * @hold_ns: as for sim_pin_folio(); 0 for untimed pins, which are released
 *	by sim_unpin_holder() or the machine's destruction (no handles).
 * @holder: who holds them.
 * @prng: state of the generator (splitmix64), advanced by the call.
 *
 * Candidates are folio heads in use by a movable user: refcount > 0, not
 * PG_reserved, and with a mapping (page cache, anon) or on an LRU; for a
 * long-term pin with sim_pin_longterm_migrates() on, only those the
 * long-term check accepts. The choice is a reservoir sample in pfn order,
 * so the same memmap state and @prng give the same folios. Each is pinned
 * as by sim_pin_folio(); a folio freed meanwhile is skipped. The call
 * reads the whole memmap.
 *
 * Context: Process context; no lock of the model held. The caller need
 * not be attached to @m.
 * Return: the number of folios pinned; -EINVAL for a NULL @m or @prng or
 * a bad @kind; -ENOMEM (nothing pinned).
 */
long sim_pin_random(struct sim_machine *m, enum sim_pin_kind kind,
		    unsigned long nr, uint64_t hold_ns, const char *holder,
		    uint64_t *prng)
{
	struct sim_enter_state saved;
	unsigned long *pick, seen = 0;
	bool lt_check;
	long pinned;

	if (!m || !m->pins || !prng || (unsigned int)kind >= SIM_PIN_NR_KINDS)
		return -EINVAL;
	nr = min(nr, m->nr_pages);
	if (!nr)
		return 0;
	pick = calloc(nr, sizeof(*pick));
	if (!pick)
		return -ENOMEM;
	lt_check = sim_pin_lt_check(m, kind);

	sim_machine_enter(m, &saved);
	for (unsigned long pfn = m->base_pfn; pfn < m->end_pfn; pfn++)
		if (sim_pin_pfn_candidate(m, pfn, kind, lt_check))
			sim_pin_reservoir(pick, nr, seen++, pfn, prng);
	pinned = sim_pin_picks(m, kind, pick, min(nr, seen), hold_ns, holder);
	sim_machine_leave(&saved);
	return pinned;
}

/* @n requests one sim_pin_random() call each, in order: the fallback. */
static long sim_pin_random_each(struct sim_machine *m,
				struct sim_pin_random_req *req, unsigned int n,
				uint64_t *prng)
{
	long total = 0;

	for (unsigned int i = 0; i < n; i++) {
		req[i].pinned = sim_pin_random(m, req[i].kind, req[i].nr,
					       req[i].hold_ns, req[i].holder,
					       prng);
		if (req[i].pinned < 0)
			return req[i].pinned;
		total += req[i].pinned;
	}
	return total;
}

/**
 * sim_pin_random_batch() - several sim_pin_random() calls, one memmap scan.
 * @m: the machine.
 * @req: @n requests (kind, nr, hold_ns, holder as for sim_pin_random());
 *	each request's result is stored in its @pinned.
 * @n: number of requests.
 * @prng: state of the generator, advanced by the calls.
 *
 * The same folios, pins, results and @prng as calling sim_pin_random()
 * for @req[0], @req[1], ... in turn, stopping after the first that
 * fails (the later ones get @pinned 0): pinning changes no folio's
 * candidacy, so the candidates are listed once and every request draws
 * its reservoir sample from that list. The scan steps over free buddy
 * blocks and large folios' tails (sim_pin_skip()), which sim_pin_random()
 * reads and rejects one by one. A long-term request filtered by
 * the long-term check (sim_pin_longterm_migrates()) makes the batch run
 * as separate calls.
 *
 * Context: Process context; no lock of the model held. The caller need
 * not be attached to @m.
 * Return: the total number pinned; -EINVAL (nothing done: a NULL @m,
 * @req or @prng, a bad kind); -ENOMEM (the requests before the failed
 * one stay pinned).
 */
long sim_pin_random_batch(struct sim_machine *m,
			  struct sim_pin_random_req *req, unsigned int n,
			  uint64_t *prng)
{
	enum sim_draw_isa isa = sim_draw_isa_best();
	struct sim_enter_state saved;
	unsigned long seen;
	uint32_t *cand;
	long total = 0;

	if (!m || !m->pins || !prng || (!req && n))
		return -EINVAL;
	for (unsigned int i = 0; i < n; i++) {
		if ((unsigned int)req[i].kind >= SIM_PIN_NR_KINDS)
			return -EINVAL;
		req[i].pinned = 0;
	}
	for (unsigned int i = 0; i < n; i++)
		if (sim_pin_lt_check(m, req[i].kind))
			return sim_pin_random_each(m, req, n, prng);
	/*
	 * Offsets from base_pfn (a machine has at most 2^32 pages), in a
	 * list kept for the next call (a fresh one per call costs a page
	 * fault per 1024 pfns); a concurrent call takes its own.
	 */
	cand = __atomic_exchange_n(&m->pins->cand, NULL, __ATOMIC_ACQ_REL);
	if (!cand)
		cand = malloc(m->nr_pages * sizeof(*cand));
	if (!cand)
		return sim_pin_random_each(m, req, n, prng);

	sim_machine_enter(m, &saved);
	seen = sim_pin_scan(m, cand);
	for (unsigned int i = 0; i < n; i++) {
		unsigned long nr = min(req[i].nr, m->nr_pages), *pick;

		if (!nr)
			continue;
		pick = calloc(nr, sizeof(*pick));
		if (!pick) {
			req[i].pinned = -ENOMEM;
			total = -ENOMEM;
			break;
		}
		sim_pin_reservoir_list(isa, pick, nr, m->base_pfn, cand, seen,
				       prng);
		req[i].pinned = sim_pin_picks(m, req[i].kind, pick,
					      min(nr, seen), req[i].hold_ns,
					      req[i].holder);
		if (req[i].pinned < 0) {
			total = req[i].pinned;
			break;
		}
		total += req[i].pinned;
	}
	sim_machine_leave(&saved);
	free(__atomic_exchange_n(&m->pins->cand, cand, __ATOMIC_ACQ_REL));
	return total;
}

/**
 * sim_pin_digest() - feed @m's pins into a state digest.
 * @m: the machine.
 * @h: the digest being made (sim_machine_digest()).
 *
 * Oldest first: the pfn, kind, holder and, for a timed pin, the virtual
 * time it expires at (that decides when it goes); when it was made is
 * history and is left out. Then the long-term migration setting.
 *
 * Context: Any context; takes the pins' lock.
 * Return: nothing.
 */
void sim_pin_digest(struct sim_machine *m, struct sim_hash *h)
{
	struct sim_pins *p = m->pins;
	struct sim_pin *pin;

	pthread_mutex_lock(&p->lock);
	sim_hash_u64(h, p->count);
	list_for_each_entry(pin, &p->all, node) {
		sim_hash_u64(h, sim_desc_pfn(m, pin->folio));
		sim_hash_u64(h, pin->kind);
		sim_hash_str(h, pin->holder);
		sim_hash_u64(h, pin->expires);
	}
	sim_hash_u64(h, p->longterm_migrates);
	pthread_mutex_unlock(&p->lock);
}
