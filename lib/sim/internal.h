/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Simulation layer internals: the machine structure and the helpers the
 * sim_*.c files share. Nothing here is part of the public API.
 */
#ifndef _SIM_INTERNAL_H
#define _SIM_INTERNAL_H

#include <pthread.h>
#include <stdio.h>

#include "libgcma-config.h"
#include <libgcma/libgcma.h>
#include "kernel/kernel.h"
#include "kernel/machine_local.h"

/* Violations kept per machine; older ones are overwritten, the count is not. */
#define SIM_VLOG_LEN		64

/**
 * struct sim_violation_log - a ring of the latest violations.
 * @lock: protects the ring.
 * @count: violations ever recorded since the last clear; written under
 *	@lock, read without it by sim_violation_count().
 * @ring: the latest SIM_VLOG_LEN of them.
 * @mode: record or abort.
 */
struct sim_violation_log {
	pthread_mutex_t lock;
	unsigned long count;
	struct sim_violation ring[SIM_VLOG_LEN];
	enum sim_violation_mode mode;
};

/**
 * struct sim_fault_state - armed fault rules and counters of a machine.
 * @nth_classes: classes the fail-nth countdown applies to (0: disarmed).
 * @nth_left: allocations left before the one that fails.
 * @prob_classes: classes the probability rule applies to (0: disarmed).
 * @per_million: failure probability of that rule.
 * @prng: state of the rule's generator.
 * @calls: allocations attempted, per class.
 * @injected: allocations failed on purpose, per class.
 */
struct sim_fault_state {
	unsigned int nth_classes;
	long nth_left;
	unsigned int prob_classes;
	unsigned int per_million;
	uint64_t prng;
	unsigned long calls[SIM_FAULT_NR_CLASSES];
	unsigned long injected[SIM_FAULT_NR_CLASSES];
};

/**
 * struct sim_machine - one simulated machine.
 * @name: label for dumps.
 * @nr_pages: pfns in the machine.
 * @base_pfn: first pfn.
 * @end_pfn: first pfn past the end.
 * @data_mode: SIM_DATA_NONE or SIM_DATA_PAGES.
 * @seed: seed of pseudo-random choices.
 * @ops: environment hooks (defaults filled in).
 * @memmap: one struct page per pfn.
 * @memmap_bytes: size of the @memmap mapping.
 * @data: 4 KiB per pfn in data mode, else NULL.
 * @data_bytes: size of the @data mapping.
 * @poisoned: data mode: one bit per pfn, set while the page is poisoned.
 * @opened: data mode: one bit per pfn, set once the page was ever opened
 *	(unpoisoned): the pages the machine may have written.
 * @lock: protects the boot state and the memblock regions.
 * @booted: memblock is closed.
 * @nr_regions: reservations in @regions, sorted by base pfn.
 * @nr_reserved: pfns reserved.
 * @regions: boot-time reservations.
 * @attached: threads attached.
 * @vlog: violation log.
 * @fault: fault-injection rules and counters (under @fault_lock).
 * @fault_lock: protects @fault.
 * @local: machine-local state of the core subsystems (machine_local()).
 * @trace: event trace (lib/sim/trace.c).
 * @fs: mounted simulated filesystems (lib/sim/fs.c).
 * @clock: virtual clock and cost model (lib/sim/clock.c).
 * @log: kernel log (lib/sim/log.c).
 * @pins: pinned folios (lib/sim/pin.c).
 * @defects: v2 defect switches on, one bit per enum sim_defect_id
 *	(lib/sim/defects.c).
 */
struct sim_machine {
	char name[32];
	unsigned long nr_pages;
	unsigned long base_pfn;
	unsigned long end_pfn;
	enum sim_data_mode data_mode;
	uint64_t seed;
	struct sim_env_ops ops;

	struct page *memmap;
	size_t memmap_bytes;
	unsigned char *data;
	size_t data_bytes;
	unsigned long *poisoned;
	unsigned long *opened;

	pthread_mutex_t lock;
	bool booted;
	unsigned long nr_regions;
	unsigned long nr_reserved;
	struct sim_memblock_region regions[SIM_MEMBLOCK_MAX_REGIONS];

	unsigned int attached;
	struct sim_violation_log vlog;

	pthread_mutex_t fault_lock;
	struct sim_fault_state fault;

	void *local[ML_NR];
	struct sim_trace *trace;
	struct sim_fs_state *fs;
	struct sim_clock *clock;
	struct sim_log *log;
	struct sim_pins *pins;
	unsigned int defects;
};

/* The machine the calling thread is attached to, or NULL. */
extern __thread struct sim_machine *sim_tls_machine
	__attribute__((tls_model("initial-exec")));

/*
 * Non-zero while the library does its own set-up or teardown work on a
 * machine (sim_machine_enter): those allocations are not the operation a
 * test injects faults into, so they are neither counted nor failed.
 */
extern __thread unsigned int sim_tls_internal;

static inline struct sim_machine *sim_machine_of_thread(void)
{
	return sim_tls_machine;
}

/* Report use of a kernel-named call from a thread attached to no machine. */
void sim_report_unattached(const char *func);

/* The attached machine, or NULL after reporting the misuse for @func. */
static inline struct sim_machine *sim_require_machine(const char *func)
{
	struct sim_machine *m = sim_tls_machine;

	if (unlikely(!m))
		sim_report_unattached(func);
	return m;
}

static inline bool sim_pfn_in(const struct sim_machine *m, unsigned long pfn)
{
	return pfn >= m->base_pfn && pfn < m->end_pfn;
}

/* Is [pfn, pfn + nr) non-empty, free of overflow and inside @m? */
static inline bool sim_range_in(const struct sim_machine *m,
				unsigned long pfn, unsigned long nr)
{
	return nr && pfn >= m->base_pfn && pfn < m->end_pfn &&
	       nr <= m->end_pfn - pfn;
}

/*
 * The descriptor of @pfn, seen as a folio: the folio it heads, or for a
 * tail page its first page's words only (a folio's later fields are the
 * next pfns' pages).
 */
static inline struct folio *sim_pfn_desc(const struct sim_machine *m,
					 unsigned long pfn)
{
	return (struct folio *)&m->memmap[pfn - m->base_pfn];
}

static inline bool sim_desc_in(const struct sim_machine *m,
			       const struct folio *f)
{
	const struct page *p = &f->page;

	return p >= m->memmap && p < m->memmap + m->nr_pages;
}

static inline unsigned long sim_desc_pfn(const struct sim_machine *m,
					 const struct folio *f)
{
	return m->base_pfn + (unsigned long)(&f->page - m->memmap);
}

/* Deterministic 64-bit generator (splitmix64) for seeded choices. */
static inline uint64_t sim_prng_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/*
 * An order-dependent 64-bit hash of a sequence of words, for
 * sim_machine_digest() (lib/sim/digest.c): each word goes through
 * splitmix64's finaliser, then into the state by rotate, xor, multiply.
 */
struct sim_hash {
	uint64_t h;
	unsigned int corrupt;	/* lists found corrupt (digest.c) */
};

static inline void sim_hash_u64(struct sim_hash *s, uint64_t v)
{
	uint64_t z = v + 0x9e3779b97f4a7c15ULL;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	s->h = (((s->h << 27) | (s->h >> 37)) ^ z) * 0x9e3779b97f4a7c15ULL;
}

/* lib/sim/digest.c: a string, its length first. */
void sim_hash_str(struct sim_hash *s, const char *str);

/* lib/sim/rcu.c: the library's call_rcu worker, shared by all machines. */
bool sim_map_cacheable(size_t bytes);
void *sim_map_get(size_t bytes);
void sim_map_put(void *p, size_t bytes);
int sim_rcu_get(void);
void sim_rcu_put(void);

/* lib/sim/defects.c: the switches LIBGCMA_DEFECTS asks for. */
int sim_defects_from_env(unsigned int *bits);
/* lib/sim/violation.c, lib/sim/env.c: the LIBGCMA_* variables. */
int sim_violation_env_parse(const char *e);
int sim_env_check(unsigned int *defects);

/* lib/sim/violation.c */
void sim_vlog_init(struct sim_violation_log *log, enum sim_violation_mode mode);
void sim_vlog_destroy(struct sim_violation_log *log);

/* lib/sim/fault.c: should this allocation fail? Counts it either way. */
bool sim_fault_should_fail(enum sim_fault_class cls, size_t size, gfp_t gfp);

/* lib/sim/poison.c: poison or open a pfn range's data (no-op without data). */
void __sim_poison_range(struct sim_machine *m, unsigned long pfn,
			unsigned long nr, bool poison);

/* lib/sim/attach.c: called by sim_machine_destroy(). */
int sim_detach_for_destroy(struct sim_machine *m);

/* lib/sim/attach.c: borrow a machine for the library's own work. */
struct sim_enter_state {
	struct sim_machine *machine;
	bool registered;
};
void sim_machine_enter(struct sim_machine *m, struct sim_enter_state *saved);
void sim_machine_leave(const struct sim_enter_state *saved);

/*
 * lib/sim/trace.c. sim_trace_event() formats one event into the attached
 * machine's trace when tracing is on (cheap test when off).
 */
struct sim_trace;
int sim_trace_init(struct sim_machine *m);
void sim_trace_exit(struct sim_machine *m);
void sim_trace_event(const char *event, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * lib/sim/memblock.c: at sim_machine_boot_done(), size the page
 * allocator's zone and hand it every pfn not reserved (memblock_free_all).
 * Caller holds m->lock and has entered @m.
 */
int sim_memblock_free_all(struct sim_machine *m);

/* lib/sim/fs.c: per-machine filesystem state; exit unmounts what is left. */
struct sim_fs_state;
int sim_fs_init(struct sim_machine *m);
void sim_fs_exit(struct sim_machine *m);

/* lib/sim/clock.c: the virtual clock and cost model of a machine. */
struct sim_clock;
int sim_clock_init(struct sim_machine *m);
void sim_clock_exit(struct sim_machine *m);

/* lib/sim/log.c: the kernel log (printk ring) of a machine. */
struct sim_log;
int sim_log_init(struct sim_machine *m);
void sim_log_exit(struct sim_machine *m);

/*
 * lib/sim/pin.c: pinned folios. sim_pin_expire_due() runs at safe points;
 * sim_pin_release_all() runs first in the machine's teardown.
 * sim_pin_set_longterm_check() lets the page allocator model say which
 * folios a FOLL_LONGTERM pin must not take (CMA pageblocks).
 */
struct sim_pins;
int sim_pin_init(struct sim_machine *m);
void sim_pin_exit(struct sim_machine *m);
void sim_pin_release_all(struct sim_machine *m);
void sim_pin_expire_due(struct sim_machine *m);
void sim_pin_set_longterm_check(struct sim_machine *m,
				bool (*pinnable)(struct folio *folio));
unsigned long sim_pin_check(struct sim_machine *m);
void sim_pin_digest(struct sim_machine *m, struct sim_hash *h);

/* lib/sim/pagealloc.c: install the long-term pin check at boot. */
void sim_page_alloc_boot_hooks(struct sim_machine *m);

#endif /* _SIM_INTERNAL_H */
