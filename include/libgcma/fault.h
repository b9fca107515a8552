/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Allocation fault injection, per machine.
 *
 * Every internal allocation (kmalloc(), kmem_cache_alloc(), ...) made on
 * behalf of a machine belongs to a call-site class. A test arms a rule for
 * a set of classes: fail the Nth allocation from now (the kernel's
 * fail-nth, SQLite's countdown), or fail each allocation with a
 * probability drawn from a seeded generator (failslab). Counters say how
 * many allocations each class made and how many were failed.
 */
#ifndef _LIBGCMA_FAULT_H
#define _LIBGCMA_FAULT_H

#include <libgcma/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sim_machine;

/* Call-site classes. New classes are appended; numbers never change. */
enum sim_fault_class {
	SIM_FAULT_KMALLOC = 0,	/* plain kmalloc()/kzalloc() */
	SIM_FAULT_XA_NODE,	/* xarray nodes */
	SIM_FAULT_KMEM_CACHE,	/* other kmem_cache_alloc() caches */
	SIM_FAULT_CC_INODE,	/* cleancache inode objects (in a store) */
	SIM_FAULT_CC_FS,	/* cleancache fs objects (in add_fs) */
	SIM_FAULT_PAGE_ALLOC,	/* folio_alloc() of system pages */
	SIM_FAULT_PIN,		/* a pin's bookkeeping (sim_pin_folio()) */
	SIM_FAULT_NR_CLASSES,
};

#define SIM_FAULT_BIT(cls)	(1u << (cls))
#define SIM_FAULT_ALL		((1u << SIM_FAULT_NR_CLASSES) - 1)

/**
 * struct sim_fault_stats - fault-injection counters of one machine.
 * @calls: allocations attempted, per class.
 * @injected: allocations failed on purpose, per class.
 */
struct sim_fault_stats {
	unsigned long calls[SIM_FAULT_NR_CLASSES];
	unsigned long injected[SIM_FAULT_NR_CLASSES];
};

LIBGCMA_API int sim_fault_fail_nth(struct sim_machine *m, unsigned int classes,
				   unsigned long nth);
LIBGCMA_API int sim_fault_set_probability(struct sim_machine *m,
					  unsigned int classes,
					  unsigned int per_million,
					  uint64_t seed);
LIBGCMA_API void sim_fault_clear(struct sim_machine *m);
LIBGCMA_API bool sim_fault_armed(const struct sim_machine *m);
LIBGCMA_API int sim_fault_get_stats(const struct sim_machine *m,
				    struct sim_fault_stats *out);
LIBGCMA_API const char *sim_fault_class_name(enum sim_fault_class cls);

#ifdef __cplusplus
}
#endif

#endif /* _LIBGCMA_FAULT_H */
