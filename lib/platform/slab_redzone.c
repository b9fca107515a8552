// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Red zones after slab objects: filling, no-access marking and the check
 * at free (see slab_redzone.h).
 */
#include <stdint.h>
#include <string.h>

#include "kernel/memcheck.h"
#include "platform/internal.h"
#include "platform/slab_redzone.h"

#define SLAB_RED_WORD	0xccccccccccccccccULL

/* The first of @len bytes at @rz that is not SLAB_RED_ACTIVE, or @len. */
static size_t slab_redzone_first_bad(const unsigned char *rz, size_t len)
{
	size_t i = 0;

	for (; i + sizeof(uint64_t) <= len; i += sizeof(uint64_t)) {
		uint64_t w;

		memcpy(&w, rz + i, sizeof(w));
		if (w != SLAB_RED_WORD)
			break;
	}
	for (; i < len; i++)
		if (rz[i] != SLAB_RED_ACTIVE)
			return i;
	return len;
}

/**
 * slab_obj_init() - lay out a new object in its malloc() block.
 * @base: the block: @lead + @size + @redzone bytes.
 * @lead: bytes before the object (SLAB_OBJ_HDR_SIZE or the alignment).
 * @size: the object's size.
 * @redzone: bytes after it (slab_redzone_len()).
 *
 * Writes the header before the object and fills the red zone with
 * SLAB_RED_ACTIVE; both become no-access for ASan and Valgrind.
 *
 * Context: Any context.
 * Return: the object.
 */
void *slab_obj_init(void *base, size_t lead, size_t size, size_t redzone)
{
	char *obj = (char *)base + lead;
	struct slab_obj_hdr *hdr = (struct slab_obj_hdr *)obj - 1;

	if (!SIM_SLAB_REDZONE)
		return base;
	*hdr = (struct slab_obj_hdr){
		.size = size, .redzone = redzone, .lead = lead,
		.magic = SLAB_OBJ_MAGIC,
	};
	mem_noaccess(hdr, sizeof(*hdr));
	memset(obj + size, SLAB_RED_ACTIVE, redzone);
	mem_noaccess(obj + size, redzone);
	return obj;
}

/**
 * slab_obj_release() - check an object being freed.
 * @func: the freeing call, for reports ("kfree", "kmem_cache_free").
 * @cache: the object's cache's name, or NULL (kfree()).
 * @obj: the object.
 *
 * A header without SLAB_OBJ_MAGIC (a pointer the slab did not return, or
 * freed already) is a "SLAB" violation. An overwritten red-zone byte is
 * a "SLAB" violation naming the object's size and the first bad offset
 * from its start; the object is released all the same.
 *
 * Context: Any context.
 * Return: the malloc() block to free(), or NULL (bad header: leave it).
 */
void *slab_obj_release(const char *func, const char *cache, const void *obj)
{
	struct slab_obj_hdr *hdr = (struct slab_obj_hdr *)obj - 1;
	unsigned char *rz;
	size_t bad;

	if (!SIM_SLAB_REDZONE)
		return (void *)obj;
	mem_defined(hdr, sizeof(*hdr));
	if (unlikely(hdr->magic != SLAB_OBJ_MAGIC)) {
		sim_report_violation("SLAB", __FILE__, __LINE__, func,
				     "%s(%p): not a slab object, or freed already (header magic %#x); left alone",
				     func, obj, hdr->magic);
		return NULL;
	}
	rz = (unsigned char *)obj + hdr->size;
	mem_defined(rz, hdr->redzone);
	bad = slab_redzone_first_bad(rz, hdr->redzone);
	if (unlikely(bad < hdr->redzone))
		sim_report_violation("SLAB", __FILE__, __LINE__, func,
				     "%s(): red zone of a %u-byte object %p%s%s overwritten at offset %zu (0x%02x, not 0x%02x): a write past its end",
				     func, hdr->size, obj,
				     cache ? " of cache " : "",
				     cache ? cache : "", hdr->size + bad,
				     rz[bad], SLAB_RED_ACTIVE);
	hdr->magic = 0;
	return (char *)obj - hdr->lead;
}
