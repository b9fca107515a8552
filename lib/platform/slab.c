// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * kmalloc() and kmem_cache over the C allocator, with fault injection,
 * live-object counters and red zones after every object (kernel shim
 * implementation). An object sits after a struct slab_obj_hdr in its
 * malloc() block: free it with kfree(), never free() or realloc().
 */
#include <stdlib.h>
#include <string.h>

#include "kernel/bug.h"
#include "kernel/lockdep.h"
#include "kernel/slab.h"
#include "platform/internal.h"
#include "platform/slab_redzone.h"

/*
 * A cache. Of its fields, the red zones' (slab_redzone.h):
 * @lead: bytes before each object in its block (its header, or @align).
 * @redzone: red-zone bytes after each object (slab_redzone.h).
 */
struct kmem_cache {
	char name[32];
	unsigned int size;
	unsigned int align;
	size_t lead;
	size_t redzone;
	void (*ctor)(void *);
	enum sim_fault_class cls;
	long nr_allocated;
};

static long sim_nr_allocated;

static void sim_count_alloc(long delta)
{
	__atomic_add_fetch(&sim_nr_allocated, delta, __ATOMIC_RELAXED);
}

/**
 * kmalloc() - allocate @size bytes.
 * @size: bytes wanted.
 * @gfp: allocation context; __GFP_ZERO zeroes the memory.
 *
 * Context: Any context.
 * Return: the memory, or NULL when the allocation fails, is failed by
 * the attached machine's SIM_FAULT_KMALLOC rules, or asks for more than
 * KMALLOC_MAX_SIZE (a WARN unless __GFP_NOWARN).
 */
void *kmalloc(size_t size, gfp_t gfp)
{
	size_t redzone, total;
	void *p;

	if (WARN_ON(gfp & ~__GFP_BITS_MASK))
		return NULL;
	might_alloc(gfp);
	if (size > KMALLOC_MAX_SIZE) {
		WARN_ON(!(gfp & __GFP_NOWARN));
		return NULL;
	}
	if (sim_fault_should_fail(SIM_FAULT_KMALLOC, size, gfp))
		return NULL;
	redzone = slab_redzone_len(size, 16);
	total = SLAB_OBJ_HDR_SIZE + size + redzone;
	p = (gfp & __GFP_ZERO) ? calloc(1, total ? total : 1)
			       : malloc(total ? total : 1);
	if (!p)
		return NULL;
	sim_count_alloc(1);
	return slab_obj_init(p, SLAB_OBJ_HDR_SIZE, size, redzone);
}

/**
 * kzalloc() - allocate @size zeroed bytes.
 * @size: bytes wanted.
 * @gfp: allocation context.
 *
 * Context: Any context.
 * Return: the memory, or NULL (see kmalloc()).
 */
void *kzalloc(size_t size, gfp_t gfp)
{
	return kmalloc(size, gfp | __GFP_ZERO);
}

/**
 * kcalloc() - allocate a zeroed array of @n elements of @size bytes.
 * @n: number of elements.
 * @size: bytes per element.
 * @gfp: allocation context.
 *
 * Context: Any context.
 * Return: the memory, or NULL when @n * @size overflows or the
 * allocation fails.
 */
void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return kmalloc(n * size, gfp | __GFP_ZERO);
}

/**
 * kfree() - free memory from kmalloc() and friends.
 * @ptr: the memory, or NULL.
 *
 * Also frees a kmem_cache object (as in the kernel; its cache's counter
 * is not told). An overwritten red zone is a "SLAB" violation (the
 * object's size, the first bad offset); the memory is freed all the
 * same. A pointer the slab did not return is a "SLAB" violation and is
 * left alone.
 *
 * Context: Any context.
 * Return: nothing.
 */
void kfree(const void *ptr)
{
	void *base;

	if (!ptr)
		return;
	base = slab_obj_release(__func__, NULL, ptr);
	if (!base)
		return;
	sim_count_alloc(-1);
	free(base);
}

/**
 * kmem_cache_create() - make a cache of @size-byte objects.
 * @name: name for dumps.
 * @size: object size.
 * @align: object alignment, 0 for the default.
 * @flags: SLAB_* flags (accepted; SLAB_HWCACHE_ALIGN aligns to 64).
 * @ctor: constructor run on each new object, or NULL.
 *
 * Objects belong to fault class SIM_FAULT_KMEM_CACHE unless
 * sim_fault_class() says otherwise.
 *
 * Context: Process context.
 * Return: the cache, or NULL.
 */
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, unsigned long flags,
				     void (*ctor)(void *))
{
	struct kmem_cache *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	snprintf(c->name, sizeof(c->name), "%s", name ? name : "?");
	c->size = size ? size : 1;
	c->align = align;
	if ((flags & SLAB_HWCACHE_ALIGN) && c->align < 64)
		c->align = 64;
	c->lead = c->align > 16 ? c->align : SLAB_OBJ_HDR_SIZE;
	if (!SIM_SLAB_REDZONE)
		c->lead = 0;
	c->redzone = slab_redzone_len(c->size, c->align > 16 ? c->align : 16);
	c->ctor = ctor;
	c->cls = SIM_FAULT_KMEM_CACHE;
	return c;
}

/**
 * sim_fault_class() - choose the fault class of @cache.
 * @cache: the cache.
 * @cls: the call-site class its allocations are counted and failed in.
 *
 * A port macro (lib/kernel/port.h): nothing in a kernel.
 *
 * Context: Process context, before the cache is used.
 * Return: nothing. An unknown class is a WARN and changes nothing.
 */
void sim_fault_class(struct kmem_cache *cache, enum sim_fault_class cls)
{
	if (WARN_ON((unsigned int)cls >= SIM_FAULT_NR_CLASSES))
		return;
	cache->cls = cls;
}

/**
 * kmem_cache_alloc() - allocate one object from @cache.
 * @cache: the cache.
 * @gfp: allocation context; __GFP_ZERO zeroes the object.
 *
 * Runs the cache's constructor on the new object.
 *
 * Context: Any context.
 * Return: the object, or NULL when the allocation fails or is failed by
 * the attached machine's rules for the cache's class.
 */
void *kmem_cache_alloc(struct kmem_cache *cache, gfp_t gfp)
{
	size_t total;
	void *p;

	if (WARN_ON(gfp & ~__GFP_BITS_MASK))
		return NULL;
	might_alloc(gfp);
	if (sim_fault_should_fail(cache->cls, cache->size, gfp))
		return NULL;
	total = cache->lead + cache->size + cache->redzone;
	if (cache->align > 16)
		p = aligned_alloc(cache->align, ALIGN(total, cache->align));
	else
		p = malloc(total);
	if (!p)
		return NULL;
	p = slab_obj_init(p, cache->lead, cache->size, cache->redzone);
	if (gfp & __GFP_ZERO)
		memset(p, 0, cache->size);
	if (cache->ctor)
		cache->ctor(p);
	__atomic_add_fetch(&cache->nr_allocated, 1, __ATOMIC_RELAXED);
	sim_count_alloc(1);
	return p;
}

/**
 * kmem_cache_zalloc() - allocate one zeroed object from @cache.
 * @cache: the cache.
 * @gfp: allocation context.
 *
 * Context: Any context.
 * Return: the object, or NULL (see kmem_cache_alloc()).
 */
void *kmem_cache_zalloc(struct kmem_cache *cache, gfp_t gfp)
{
	return kmem_cache_alloc(cache, gfp | __GFP_ZERO);
}

/**
 * kmem_cache_free() - return an object to @cache.
 * @cache: the cache it came from.
 * @obj: the object, or NULL.
 *
 * An overwritten red zone or a foreign pointer is a "SLAB" violation,
 * as for kfree().
 *
 * Context: Any context; often an RCU callback.
 * Return: nothing.
 */
void kmem_cache_free(struct kmem_cache *cache, void *obj)
{
	void *base;

	if (!obj)
		return;
	base = slab_obj_release(__func__, cache->name, obj);
	if (!base)
		return;
	__atomic_sub_fetch(&cache->nr_allocated, 1, __ATOMIC_RELAXED);
	sim_count_alloc(-1);
	free(base);
}

/**
 * kmem_cache_destroy() - free @cache itself.
 * @cache: the cache, or NULL.
 *
 * Context: Process context. Live objects are a WARN (they leak).
 * Return: nothing.
 */
void kmem_cache_destroy(struct kmem_cache *cache)
{
	if (!cache)
		return;
	WARN(kmem_cache_nr_allocated(cache),
	     "kmem_cache %s destroyed with %ld live objects", cache->name,
	     kmem_cache_nr_allocated(cache));
	free(cache);
}

/**
 * kmalloc_nr_allocated() - live objects of every kmalloc() and cache.
 *
 * Tests compare it before and after, once rcu_barrier() has run the
 * deferred frees.
 *
 * Context: Any context.
 * Return: the process-wide count.
 */
long kmalloc_nr_allocated(void)
{
	return __atomic_load_n(&sim_nr_allocated, __ATOMIC_RELAXED);
}

/**
 * kmem_cache_nr_allocated() - live objects of @cache.
 * @cache: the cache.
 *
 * Context: Any context.
 * Return: the count.
 */
long kmem_cache_nr_allocated(const struct kmem_cache *cache)
{
	return __atomic_load_n(&cache->nr_allocated, __ATOMIC_RELAXED);
}
