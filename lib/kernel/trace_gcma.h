/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * GCMA tracepoints (kernel shim).
 *
 * In a kernel tree these would be TRACE_EVENT()s in
 * include/trace/events/gcma.h. Here each one is an inline function that
 * formats its fields into the attached machine's event trace with
 * sim_trace_event(), one test when tracing is off. Fields read
 * "name=value", as ftrace prints them:
 *
 *   gcma_register_area: name=area0 pfn=0x3c0 count=64 pool=0 ret=0
 *   gcma_alloc_range: name=area0 pfn=0x3c0 count=16 gfp=0x40000 ret=0
 *   gcma_free_range: name=area0 pfn=0x3c0 count=16 ret=-22
 *
 * A call whose range lies in no area prints "name=-".
 */
#ifndef _KSHIM_TRACE_GCMA_H
#define _KSHIM_TRACE_GCMA_H

#include <libgcma/types.h>

/* Implemented by the simulation's trace ring (lib/platform/trace.c). */
void sim_trace_event(const char *event, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* trace_gcma_register_area - one registration; @pool is -1 on failure. */
static inline void trace_gcma_register_area(const char *name,
					    unsigned long pfn,
					    unsigned long count, int pool,
					    int ret)
{
	sim_trace_event("gcma_register_area",
			"name=%s pfn=%#lx count=%lu pool=%d ret=%d",
			name ? name : "-", pfn, count, pool, ret);
}

/* trace_gcma_alloc_range - one allocation call and its result. */
static inline void trace_gcma_alloc_range(const char *name, unsigned long pfn,
					  unsigned long count, gfp_t gfp,
					  int ret)
{
	sim_trace_event("gcma_alloc_range",
			"name=%s pfn=%#lx count=%lu gfp=%#x ret=%d",
			name ? name : "-", pfn, count, (unsigned int)gfp, ret);
}

/* trace_gcma_free_range - one free call and its result. */
static inline void trace_gcma_free_range(const char *name, unsigned long pfn,
					 unsigned long count, int ret)
{
	sim_trace_event("gcma_free_range", "name=%s pfn=%#lx count=%lu ret=%d",
			name ? name : "-", pfn, count, ret);
}

#endif /* _KSHIM_TRACE_GCMA_H */
