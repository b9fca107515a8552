/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The simulated machine: a memmap of folios over a pfn range, optional
 * 4 KiB of real memory per pfn, a memblock-like boot allocator, fault
 * injection and a violation log.
 *
 * Several machines may exist in one process. A thread attaches to one
 * machine (this also registers it with RCU); the kernel-named calls it
 * makes then act on that machine.
 */
#ifndef _LIBGCMA_MACHINE_H
#define _LIBGCMA_MACHINE_H

#include <stdio.h>
#include <libgcma/types.h>
#include <libgcma/violation.h>
#include <libgcma/fault.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sim_machine;

/* What backs each simulated pfn. */
enum sim_data_mode {
	SIM_DATA_DEFAULT = 0,	/* the build's -Ddata_mode= default */
	SIM_DATA_NONE,		/* metadata only: 64 bytes per pfn */
	SIM_DATA_PAGES,		/* plus 4 KiB of real memory per pfn */
};

/**
 * struct sim_env_ops - the environment boundary, replaceable by tests.
 * @copy_page: copy one page of simulated memory (default: memcpy).
 * @alloc_should_fail: extra fault hook consulted after the armed rules;
 *	return true to fail this allocation.
 * @ctx: passed back to every hook.
 *
 * Any hook may be NULL, which selects the default behaviour.
 */
struct sim_env_ops {
	void (*copy_page)(void *ctx, void *dst, const void *src);
	bool (*alloc_should_fail)(void *ctx, enum sim_fault_class cls,
				  size_t size, gfp_t gfp);
	void *ctx;
};

/*
 * The largest machine: 2^32 pages (16 TiB simulated; its 256 GiB
 * memmap is mapped lazily). In data mode (SIM_DATA_PAGES) at most 2^24
 * pages (64 GiB of page data), and no more than the host's physical
 * memory: every page is real memory once used, and under ASan the shadow
 * of the whole mapping is written when the machine is made. Larger
 * machines fail with -ENOMEM before anything is mapped.
 */
#define SIM_MACHINE_MAX_PAGES	(1UL << 32)
#define SIM_DATA_MAX_PAGES	(1UL << 24)

/**
 * struct sim_machine_config - how to build a machine.
 * @name: label used in dumps (may be NULL).
 * @nr_pages: number of pfns, at least 1.
 * @base_pfn: first pfn; pfns run [base_pfn, base_pfn + nr_pages).
 * @data_mode: whether pfns carry real memory.
 * @violation_mode: record or abort on a violation.
 * @seed: seed of every pseudo-random choice the machine makes.
 * @ops: environment hooks, or NULL for the defaults.
 */
struct sim_machine_config {
	const char *name;
	unsigned long nr_pages;
	unsigned long base_pfn;
	enum sim_data_mode data_mode;
	enum sim_violation_mode violation_mode;
	uint64_t seed;
	const struct sim_env_ops *ops;
};

/**
 * struct sim_machine_info - read-only facts about a machine.
 * @name: its label.
 * @nr_pages: number of pfns.
 * @base_pfn: first pfn.
 * @end_pfn: first pfn past the end.
 * @data_mode: SIM_DATA_NONE or SIM_DATA_PAGES (never DEFAULT).
 * @violation_mode: SIM_VIOLATION_RECORD or SIM_VIOLATION_ABORT.
 * @seed: the seed it was built with.
 * @booted: true once sim_machine_boot_done() was called.
 * @memmap_bytes: bytes of folio descriptors.
 * @data_bytes: bytes of simulated page data (0 without data mode).
 * @nr_reserved: pfns reserved through the memblock-like allocator.
 * @attached: threads currently attached.
 */
struct sim_machine_info {
	const char *name;
	unsigned long nr_pages;
	unsigned long base_pfn;
	unsigned long end_pfn;
	enum sim_data_mode data_mode;
	enum sim_violation_mode violation_mode;
	uint64_t seed;
	bool booted;
	size_t memmap_bytes;
	size_t data_bytes;
	unsigned long nr_reserved;
	unsigned int attached;
};

/**
 * struct sim_memblock_region - one boot-time reservation.
 * @base_pfn: first pfn of the region.
 * @nr_pages: its length.
 * @name: who reserved it.
 */
struct sim_memblock_region {
	unsigned long base_pfn;
	unsigned long nr_pages;
	char name[32];
};

#define SIM_MEMBLOCK_MAX_REGIONS	128

LIBGCMA_API int sim_machine_create(const struct sim_machine_config *cfg,
				   struct sim_machine **out);
LIBGCMA_API int sim_machine_destroy(struct sim_machine *m);
LIBGCMA_API int sim_machine_reset(struct sim_machine **mp);
LIBGCMA_API int sim_machine_get_info(const struct sim_machine *m,
				     struct sim_machine_info *out);
LIBGCMA_API int sim_machine_show(struct sim_machine *m, FILE *out);
LIBGCMA_API int sim_machine_boot_done(struct sim_machine *m);

LIBGCMA_API int sim_thread_attach(struct sim_machine *m);
LIBGCMA_API int sim_thread_detach(void);
LIBGCMA_API struct sim_machine *sim_current_machine(void);
LIBGCMA_API int sim_fork(void);

LIBGCMA_API int sim_memblock_alloc(struct sim_machine *m,
				   unsigned long nr_pages,
				   unsigned long align_pages,
				   const char *name, unsigned long *pfn_out);
LIBGCMA_API int sim_memblock_reserve(struct sim_machine *m,
				     unsigned long base_pfn,
				     unsigned long nr_pages, const char *name);
LIBGCMA_API unsigned long sim_memblock_count(const struct sim_machine *m);
LIBGCMA_API int sim_memblock_region(const struct sim_machine *m,
				    unsigned long i,
				    struct sim_memblock_region *out);

LIBGCMA_API int sim_page_poison(struct sim_machine *m, unsigned long pfn,
				unsigned long nr_pages);
LIBGCMA_API int sim_page_unpoison(struct sim_machine *m, unsigned long pfn,
				  unsigned long nr_pages);
LIBGCMA_API bool sim_page_poisoned(const struct sim_machine *m,
				   unsigned long pfn);

#ifdef __cplusplus
}
#endif

#endif /* _LIBGCMA_MACHINE_H */
