/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * CMA tracepoints (kernel shim): the kernel's include/trace/events/cma.h
 * and the contiguous-range event of kmem.h, formatted into the attached
 * machine's event trace with sim_trace_event():
 *
 *   cma_alloc_start: name=cma0 request_count=16 available_count=1024 total_count=1024 align=4
 *   cma_alloc_busy_retry: name=cma0 pfn=0x1000 count=16 align=4
 *   cma_alloc_finish: name=cma0 pfn=0x1010 count=16 align=4 errorno=0
 *   cma_release: name=cma0 pfn=0x1010 count=16
 *   mm_alloc_contig_migrate_range_info: start=0x1000 end=0x1010 migratetype=CMA nr_migrated=3 nr_reclaimed=2 nr_mapped=0 ret=-16
 *
 * The kernel also prints each event's struct page address; it is left
 * out so that a trace is the same from run to run. A failed allocation
 * has pfn=0xffffffffffffffff, as in the kernel.
 */
#ifndef _KSHIM_TRACE_CMA_H
#define _KSHIM_TRACE_CMA_H

#include <libgcma/types.h>

void sim_trace_event(const char *event, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static inline void trace_cma_alloc_start(const char *name, unsigned long count,
					 unsigned long available,
					 unsigned long total,
					 unsigned int align)
{
	sim_trace_event("cma_alloc_start",
			"name=%s request_count=%lu available_count=%lu total_count=%lu align=%u",
			name, count, available, total, align);
}

static inline void trace_cma_alloc_busy_retry(const char *name,
					      unsigned long pfn,
					      unsigned long count,
					      unsigned int align)
{
	sim_trace_event("cma_alloc_busy_retry",
			"name=%s pfn=%#lx count=%lu align=%u",
			name, pfn, count, align);
}

static inline void trace_cma_alloc_finish(const char *name, unsigned long pfn,
					  unsigned long count,
					  unsigned int align, int err)
{
	sim_trace_event("cma_alloc_finish",
			"name=%s pfn=%#lx count=%lu align=%u errorno=%d",
			name, pfn, count, align, err);
}

static inline void trace_cma_release(const char *name, unsigned long pfn,
				     unsigned long count)
{
	sim_trace_event("cma_release", "name=%s pfn=%#lx count=%lu",
			name, pfn, count);
}

static inline void
trace_mm_alloc_contig_migrate_range_info(unsigned long start,
					 unsigned long end, int migratetype,
					 unsigned long nr_migrated,
					 unsigned long nr_reclaimed,
					 unsigned long nr_mapped, int ret)
{
	sim_trace_event("mm_alloc_contig_migrate_range_info",
			"start=%#lx end=%#lx migratetype=%s nr_migrated=%lu nr_reclaimed=%lu nr_mapped=%lu ret=%d",
			start, end, migratetype == 3 ? "CMA" : "Movable",
			nr_migrated, nr_reclaimed, nr_mapped, ret);
}

#endif /* _KSHIM_TRACE_CMA_H */
