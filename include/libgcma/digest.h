/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * A digest of a machine's state.
 *
 * Two machines built and driven the same way digest equal; a call that
 * changed any state the model keeps changes it. The digest covers state,
 * not history: statistics counters, the clock, the trace and the kernel
 * log, violations, fault rules and defect switches are left out
 * (docs/testing.md, "Fault injection", lists what is in and out, and
 * why). It is made of one 64-bit digest per part, so that a test can say
 * which part changed.
 */
#ifndef _LIBGCMA_DIGEST_H
#define _LIBGCMA_DIGEST_H

#include <libgcma/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sim_machine;

/* The parts of a digest. New parts are appended. */
enum sim_digest_part {
	SIM_DIGEST_BOOT = 0,	/* geometry, boot state, memblock regions */
	SIM_DIGEST_MEMMAP,	/* every pfn's descriptor */
	SIM_DIGEST_DATA,	/* page contents and poisoning (data mode) */
	SIM_DIGEST_PAGE_ALLOC,	/* buddy free lists, pageblock types */
	SIM_DIGEST_CLEANCACHE,	/* pools, free lists, LRU, fs, inodes */
	SIM_DIGEST_GCMA,	/* areas and their bitmaps */
	SIM_DIGEST_CMA,		/* areas and their bitmaps */
	SIM_DIGEST_FS,		/* mounts, inodes, page caches, fs LRUs */
	SIM_DIGEST_PINS,	/* pins held */
	SIM_DIGEST_FRONTSWAP,	/* swap types and their slots */
	SIM_DIGEST_NR_PARTS,
};

/**
 * struct sim_digest - a machine's state digest.
 * @total: a digest of all the parts.
 * @part: one digest per enum sim_digest_part.
 */
struct sim_digest {
	uint64_t total;
	uint64_t part[SIM_DIGEST_NR_PARTS];
};

LIBGCMA_API int sim_machine_digest(struct sim_machine *m,
				   struct sim_digest *out);
LIBGCMA_API const char *sim_digest_part_name(enum sim_digest_part part);
LIBGCMA_API unsigned int sim_digest_diff(const struct sim_digest *a,
					 const struct sim_digest *b);

#ifdef __cplusplus
}
#endif

#endif /* _LIBGCMA_DIGEST_H */
