/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Tag storage: a second cleancache donor beside GCMA.
 *
 * The arm64 MTE case of the 2025 GCMA thread: memory that holds the
 * memory tags of a RAM region is ordinary RAM while that region does not
 * use tagging, so it is donated to cleancache; when tag storage is
 * activated the whole range must come back, every time. A donor is a
 * boot-time carve-out with its own cleancache pool. tag_storage_activate()
 * takes every page of it back from cleancache (dropping what they cache,
 * waiting for a reader or store on a page to finish), which cannot fail;
 * tag_storage_deactivate() donates the range again.
 *
 * Every call acts on the donors of the machine the calling thread is
 * attached to. The whole API is a simulation of a kernel-internal one;
 * see docs/tag_storage.md.
 */
#ifndef _LIBGCMA_TAG_STORAGE_H
#define _LIBGCMA_TAG_STORAGE_H

#include <libgcma/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A kernel port (docs/porting.md) exports nothing: the mark goes empty. */
#ifndef LIBGCMA_API
#define LIBGCMA_API
#endif

#define MAX_TAG_STORAGE_DONORS		8
#define TAG_STORAGE_NAME_MAX_LEN	32

LIBGCMA_API int tag_storage_register(const char *name, unsigned long start_pfn,
				     unsigned long count);
LIBGCMA_API int tag_storage_activate(int id);
LIBGCMA_API int tag_storage_deactivate(int id);

/**
 * struct tag_storage_info - what one donor holds.
 * @name: its name, also its cleancache pool's.
 * @start_pfn: first pfn.
 * @end_pfn: first pfn past the donor (exclusive).
 * @pool_id: its cleancache pool.
 * @active: whether tag storage owns the range now.
 * @activations: tag_storage_activate() calls that succeeded.
 * @deactivations: tag_storage_deactivate() calls that succeeded.
 * @refused: calls on this donor that failed (misuse, pages in use).
 * @pages_taken: pages taken back from cleancache, ever.
 * @entries_dropped: cleancache entries (cached clean pages) the
 *	activations dropped, ever.
 */
struct tag_storage_info {
	char name[TAG_STORAGE_NAME_MAX_LEN];
	unsigned long start_pfn;
	unsigned long end_pfn;
	int pool_id;
	bool active;
	uint64_t activations;
	uint64_t deactivations;
	uint64_t refused;
	uint64_t pages_taken;
	uint64_t entries_dropped;
};

LIBGCMA_API int tag_storage_nr_donors(void);
LIBGCMA_API int tag_storage_get_info(int id, struct tag_storage_info *out);
LIBGCMA_API int tag_storage_check(void);

#ifdef __cplusplus
}
#endif

#endif /* _LIBGCMA_TAG_STORAGE_H */
