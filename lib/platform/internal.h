/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Platform internals: the machine structure and the helpers shared by the
 * implementation of the kernel API below the core (lib/platform/) and by
 * the simulation above it (lib/platform/, through sim/sim_internal.h). Nothing
 * here is part of the public API, and nothing here names the layer above.
 */
#ifndef _PLATFORM_INTERNAL_H
#define _PLATFORM_INTERNAL_H

#include <pthread.h>
#include <stdio.h>

#include "libgcma-config.h"
#include <libgcma/libgcma.h>
#include "kernel/kernel.h"
#include "kernel/port.h"

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
 * @sticky_classes: a class whose failure the caller retries (see
 *	SIM_FAULT_STICKY) once the countdown failed one of it: it keeps
 *	failing until the rule is cleared or armed again.
 * @prob_classes: classes the probability rule applies to (0: disarmed).
 * @per_million: failure probability of that rule.
 * @prng: state of the rule's generator.
 * @armed: @nth_classes | @sticky_classes | @prob_classes, stored with
 *	release order whenever one of them changes: an allocation of a
 *	class not in it reads it with acquire order and takes no lock.
 * @calls: allocations attempted, per class (atomic adds: the lock-free
 *	path counts too).
 * @injected: allocations failed on purpose, per class (atomic adds).
 *
 * Everything but @calls and @injected is under sim_machine.fault_lock.
 */
struct sim_fault_state {
	unsigned int armed;
	unsigned int nth_classes;
	long nth_left;
	unsigned int sticky_classes;
	unsigned int prob_classes;
	unsigned int per_million;
	uint64_t prng;
	unsigned long calls[SIM_FAULT_NR_CLASSES];
	unsigned long injected[SIM_FAULT_NR_CLASSES];
};

/**
 * struct sim_platform_hooks - what the platform asks of the layer above.
 * @safe_point: run the machine's timed events that are due (pin expiry);
 *	called by the clock at a safe point, with no lock of the model held.
 * @describe_page_owner: say in @buf who holds @folio beyond its
 *	references (the pins), for dump_page(); 0 if there is something to
 *	say, else -errno.
 * @contig_blame: @folio (NULL: no migration target) held a contiguous
 *	allocation up: @ns of virtual time charged for it, and @err < 0 if
 *	the attempt failed on it (contig_blame_wait(), contig_blame_failure()).
 * @contig_window: tests only: run in alloc_contig_range() between its
 *	failed test_pages_isolated() of [@start, @end) and the report
 *	naming the page that was busy, with no lock of the model held, so a
 *	test can free a page there as another CPU could
 *	(contig_isolation_window()).
 *
 * The simulation (lib/platform/machine.c) fills them in when it creates a
 * machine, as a kernel's page_owner or timer code plugs into its core;
 * a NULL hook does nothing.
 */
struct sim_platform_hooks {
	void (*safe_point)(struct sim_machine *m);
	int (*describe_page_owner)(const struct folio *folio, char *buf,
				   size_t size);
	void (*contig_blame)(const struct folio *folio, uint64_t ns, int err);
	void (*contig_window)(unsigned long start, unsigned long end);
};

/**
 * struct sim_fork_copy - a mapping sim_fork() copies for the child
 *	(lib/platform/fork_copy.c).
 * @node: in the registry.
 * @addr: the private anonymous mapping.
 * @bytes: its size.
 */
struct sim_fork_copy {
	struct list_head node;
	void *addr;
	size_t bytes;
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
 * @hooks: the simulation's hooks into the platform.
 * @memmap: one struct page per pfn.
 * @memmap_bytes: size of the @memmap mapping.
 * @memmap_fork: @memmap's registration with sim_fork() (fork_copy.c).
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
 * @fault: fault-injection rules and counters (rules under @fault_lock).
 * @fault_lock: protects @fault's rules.
 * @local: machine-local state of the core subsystems (machine_local()).
 * @trace: event trace (lib/platform/trace.c).
 * @trace_on: @trace records events; read without a lock (sim_trace_on()).
 * @fs: mounted simulated filesystems (lib/sim/fs.c; the platform only
 *	keeps the pointer).
 * @clock: virtual clock and cost model (lib/platform/clock.c).
 * @log: kernel log (lib/platform/log.c).
 * @pins: pinned folios (lib/sim/pin.c; the platform only keeps the
 *	pointer).
 * @defects: v2 defect switches on, one bit per enum sim_defect_id
 *	(lib/platform/defects.c).
 */
struct sim_machine {
	char name[32];
	unsigned long nr_pages;
	unsigned long base_pfn;
	unsigned long end_pfn;
	enum sim_data_mode data_mode;
	uint64_t seed;
	struct sim_env_ops ops;
	struct sim_platform_hooks hooks;

	struct page *memmap;
	size_t memmap_bytes;
	struct sim_fork_copy memmap_fork;
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
	int trace_on;
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
 * lib/platform/memmap.c: map @m's memmap (and page data in data mode,
 * all poisoned) for sim_machine_create(); unmap them into the map cache.
 * Return: 0, -EOVERFLOW or -ENOMEM (the caller unmaps what was mapped).
 */
int sim_machine_map(struct sim_machine *m);
void sim_machine_unmap(struct sim_machine *m);

/* The host's transparent huge page size (x86-64, arm64 with 4K pages). */
#define SIM_HUGE_BYTES	(2UL << 20)

/* lib/platform/fork_copy.c: memmaps sim_fork() copies for the child. */
void sim_fork_copy_add(struct sim_fork_copy *fc);
void sim_fork_copy_del(struct sim_fork_copy *fc);
void sim_fork_copy_prepare(int pipefd[2]);
void sim_fork_copy_child(int pipefd[2]);
void sim_fork_copy_parent(int pipefd[2], bool forked);

/* lib/platform/map_cache.c: mappings kept for the next machine. */
bool sim_map_cacheable(size_t bytes);
void *sim_map_get(size_t bytes);
void sim_map_put(void *p, size_t bytes);
/* lib/platform/rcu.c: the library's call_rcu worker, shared by all machines. */
int sim_rcu_get(void);
void sim_rcu_put(void);
void sim_rcu_drain(void);
void sim_rcu_fork_prepare(void);
int sim_rcu_fork_done(bool child);

/* lib/platform/defects.c: the switches LIBGCMA_DEFECTS asks for. */
int sim_defects_from_env(unsigned int *bits);
/* lib/platform/violation.c: LIBGCMA_VIOLATIONS. */
int sim_violation_env_parse(const char *e);

/* lib/platform/violation.c */
void sim_vlog_init(struct sim_violation_log *log, enum sim_violation_mode mode);
void sim_vlog_destroy(struct sim_violation_log *log);

/* lib/platform/fault.c: should this allocation fail? Counts it either way. */
bool sim_fault_should_fail(enum sim_fault_class cls, size_t size, gfp_t gfp);

/* lib/platform/poison.c: poison or open a pfn range's data (no-op without
 * data). */
void sim_poison_range(struct sim_machine *m, unsigned long pfn,
			unsigned long nr, bool poison);

/* lib/platform/attach.c: called by sim_machine_destroy(). */
int sim_detach_for_destroy(struct sim_machine *m);

/* lib/platform/attach.c: borrow a machine for the library's own work. */
struct sim_enter_state {
	struct sim_machine *machine;
	bool registered;
};
void sim_machine_enter(struct sim_machine *m, struct sim_enter_state *saved);
void sim_machine_leave(const struct sim_enter_state *saved);

/*
 * lib/platform/trace.c. sim_trace_event() formats one event into the attached
 * machine's trace when tracing is on (cheap test when off).
 */
struct sim_trace;
int sim_trace_init(struct sim_machine *m);
void sim_trace_exit(struct sim_machine *m);
void sim_trace_event(const char *event, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Does the attached machine record events? The test sim_trace_event()
 * starts with; a hot caller makes it first, before computing the fields.
 */
static inline bool sim_trace_on(void)
{
	const struct sim_machine *m = sim_tls_machine;

	return m && __atomic_load_n(&m->trace_on, __ATOMIC_RELAXED);
}

/* lib/platform/clock.c: the virtual clock and cost model of a machine. */
struct sim_clock;
int sim_clock_init(struct sim_machine *m);
void sim_clock_exit(struct sim_machine *m);

/* lib/platform/log.c: the kernel log (printk ring) of a machine. */
struct sim_log;
int sim_log_init(struct sim_machine *m);
void sim_log_exit(struct sim_machine *m);

#endif /* _PLATFORM_INTERNAL_H */
