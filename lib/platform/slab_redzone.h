/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Red zones after slab objects (the shim's slub_debug=Z).
 *
 * Every kmalloc() and kmem_cache object is followed by at least
 * SLAB_REDZONE_MIN bytes of SLAB_RED_ACTIVE (0xcc, SLUB's byte for the
 * red zone of an allocated object), checked when the object is freed. A
 * write past the object is then reported at kfree()/kmem_cache_free(),
 * and a read past it sees 0xcccc... (a pointer that faults on use, a
 * count far too large) instead of malloc's zeroed slack. Under ASan and
 * Valgrind the red zone is also no-access, so those tools report the bad
 * access itself.
 *
 * Each object also carries a struct slab_obj_hdr just before it: its
 * size and red zone for the check at free, so kfree() works on cache
 * objects too (as in the kernel since 6.4).
 *
 * Off (no header, no red zone) in a build configured -Dslab_redzone=false.
 */
#ifndef _SIM_SLAB_REDZONE_H
#define _SIM_SLAB_REDZONE_H

#include <stdbool.h>
#include <stddef.h>

#include "libgcma-config.h"
#include "kernel/kernel.h"

#define SLAB_RED_ACTIVE		0xcc

#if SIM_SLAB_REDZONE
/* Covers a count and a list_head read one element past an array's end. */
#define SLAB_REDZONE_MIN	32
#else
#define SLAB_REDZONE_MIN	0
#endif

/*
 * struct slab_obj_hdr - what the free of an object needs to know.
 * @size: the object's size.
 * @redzone: red-zone bytes after it.
 * @lead: bytes from the start of the malloc() block to the object.
 * @magic: SLAB_OBJ_MAGIC while the object is live.
 *
 * 16 bytes, so the object keeps malloc()'s 16-byte alignment.
 */
struct slab_obj_hdr {
	unsigned int size;
	unsigned int redzone;
	unsigned int lead;
	unsigned int magic;
};

#define SLAB_OBJ_MAGIC		0x736c6121U	/* "sla!" */
#define SLAB_OBJ_HDR_SIZE	(SIM_SLAB_REDZONE ? sizeof(struct slab_obj_hdr) : 0)

/*
 * slab_redzone_len - red-zone bytes after a @size-byte object: at least
 * SLAB_REDZONE_MIN, so that @size plus them is a multiple of @align (a
 * power of two). 0 when red zones are off.
 */
static inline size_t slab_redzone_len(size_t size, size_t align)
{
	if (!SIM_SLAB_REDZONE)
		return 0;
	return ALIGN(size + SLAB_REDZONE_MIN, align) - size;
}

void *slab_obj_init(void *base, size_t lead, size_t size, size_t redzone);
void *slab_obj_release(const char *func, const char *cache, const void *obj);

#endif /* _SIM_SLAB_REDZONE_H */
