/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * GFP flags: the subset of the kernel's allocation-context flags that the
 * modelled code looks at. Values are libgcma's own; names and meaning are
 * the kernel's.
 */
#ifndef _LIBGCMA_GFP_H
#define _LIBGCMA_GFP_H

#include <libgcma/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define __GFP_DMA		0x01u
#define __GFP_HIGHMEM		0x02u
#define __GFP_MOVABLE		0x08u
#define __GFP_RECLAIMABLE	0x10u
#define __GFP_HIGH		0x20u
#define __GFP_IO		0x40u
#define __GFP_FS		0x80u
#define __GFP_ZERO		0x100u
#define __GFP_DIRECT_RECLAIM	0x400u
#define __GFP_KSWAPD_RECLAIM	0x800u
#define __GFP_NOWARN		0x2000u
#define __GFP_RETRY_MAYFAIL	0x4000u
#define __GFP_NOFAIL		0x8000u
#define __GFP_NORETRY		0x10000u
#define __GFP_COMP		0x40000u
#define __GFP_ACCOUNT		0x400000u

#define __GFP_RECLAIM		(__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)

#define GFP_ATOMIC		(__GFP_HIGH | __GFP_KSWAPD_RECLAIM)
#define GFP_NOWAIT		(__GFP_KSWAPD_RECLAIM)
#define GFP_NOIO		(__GFP_RECLAIM)
#define GFP_NOFS		(__GFP_RECLAIM | __GFP_IO)
#define GFP_KERNEL		(__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_USER		GFP_KERNEL
#define GFP_HIGHUSER_MOVABLE	(GFP_KERNEL | __GFP_HIGHMEM | __GFP_MOVABLE)

/* Every flag bit libgcma knows; anything else is rejected as invalid. */
#define __GFP_BITS_MASK		(__GFP_DMA | __GFP_HIGHMEM | __GFP_MOVABLE | \
				 __GFP_RECLAIMABLE | __GFP_HIGH | __GFP_IO | \
				 __GFP_FS | __GFP_ZERO | __GFP_RECLAIM | \
				 __GFP_NOWARN | __GFP_RETRY_MAYFAIL | \
				 __GFP_NOFAIL | __GFP_NORETRY | __GFP_COMP | \
				 __GFP_ACCOUNT)

/**
 * gfpflags_allow_blocking() - may an allocation with @gfp sleep?
 * @gfp: allocation flags.
 *
 * Context: Any context.
 * Return: true when @gfp contains __GFP_DIRECT_RECLAIM.
 */
static inline bool gfpflags_allow_blocking(gfp_t gfp)
{
	return (gfp & __GFP_DIRECT_RECLAIM) != 0;
}

#ifdef __cplusplus
}
#endif

#endif /* _LIBGCMA_GFP_H */
