/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * kmalloc() and kmem_cache (kernel shim), with fault injection.
 *
 * Allocations made by a thread attached to a machine consult that
 * machine's fault rules (see <libgcma/fault.h>): kmalloc() belongs to
 * SIM_FAULT_KMALLOC, a cache to the class given at creation. Live-object
 * counters let tests prove that everything was freed once RCU callbacks
 * have drained.
 */
#ifndef _KSHIM_SLAB_H
#define _KSHIM_SLAB_H

#include <limits.h>

#include <libgcma/fault.h>
#include <libgcma/gfp.h>
#include "kernel/compiler.h"

struct kmem_cache;

#define SLAB_HWCACHE_ALIGN	0x1UL
#define SLAB_PANIC		0x2UL
#define SLAB_RECLAIM_ACCOUNT	0x4UL
#define SLAB_ACCOUNT		0x8UL

/*
 * The largest kmalloc(): kvmalloc()'s bound (INT_MAX). Larger requests
 * WARN (unless __GFP_NOWARN) and fail without reaching the C allocator.
 */
#define KMALLOC_MAX_SIZE	((size_t)INT_MAX)

void *kmalloc(size_t size, gfp_t gfp);
void *kzalloc(size_t size, gfp_t gfp);
void *kcalloc(size_t n, size_t size, gfp_t gfp);
void kfree(const void *ptr);

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, unsigned long flags,
				     void (*ctor)(void *));
void *kmem_cache_alloc(struct kmem_cache *cache, gfp_t gfp);
void *kmem_cache_zalloc(struct kmem_cache *cache, gfp_t gfp);
void kmem_cache_free(struct kmem_cache *cache, void *obj);
void kmem_cache_destroy(struct kmem_cache *cache);

/*
 * slab_is_available - has the attached machine left its boot phase
 * (memblock handed over to the page allocator)? Boot-time declarations
 * (cma_declare_contiguous()) are refused after that, as in the kernel.
 */
bool slab_is_available(void);

/* Live objects: of all kmalloc() and caches together, and of @cache. */
long kmalloc_nr_allocated(void);
long kmem_cache_nr_allocated(const struct kmem_cache *cache);

#endif /* _KSHIM_SLAB_H */
