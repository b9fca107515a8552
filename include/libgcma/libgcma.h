/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * libgcma - a userspace model of Linux contiguous allocation: pfn ranges,
 * folios, the xarray, cleancache, GCMA and CMA on a simulated machine.
 *
 * Include this one header; link with `pkg-config --libs libgcma`.
 */
#ifndef _LIBGCMA_LIBGCMA_H
#define _LIBGCMA_LIBGCMA_H

#include <libgcma/types.h>
#include <libgcma/gfp.h>
#include <libgcma/list.h>
#include <libgcma/violation.h>
#include <libgcma/fault.h>
#include <libgcma/defects.h>
#include <libgcma/folio.h>
#include <libgcma/machine.h>
#include <libgcma/page_alloc.h>
#include <libgcma/xarray.h>
#include <libgcma/cleancache.h>
#include <libgcma/gcma.h>
#include <libgcma/fs.h>
#include <libgcma/sim_fs.h>
#include <libgcma/trace.h>
#include <libgcma/clock.h>
#include <libgcma/log.h>
#include <libgcma/pin.h>
#include <libgcma/hurdle.h>
#include <libgcma/cma.h>
#include <libgcma/sim_cma.h>
#include <libgcma/frontswap.h>
#include <libgcma/sim_swap.h>
#include <libgcma/digest.h>
#include <libgcma/tag_storage.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif

#endif /* _LIBGCMA_LIBGCMA_H */
