/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The event trace of a machine: one ftrace-like line per event,
 *
 *   <task>-<tid> [000] ..... <seconds>.<micros>: <event>: <field>=<value> ...
 *
 * kept in a ring of the latest lines and optionally streamed to a FILE as
 * events happen. Timestamps are the machine's virtual clock
 * (sim_clock_now()) in microseconds; events with no charged work between
 * them share one.
 */
#ifndef _LIBGCMA_TRACE_H
#define _LIBGCMA_TRACE_H

#include <stdio.h>
#include <libgcma/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sim_machine;

#define SIM_TRACE_LINE_LEN	256

LIBGCMA_API int sim_trace_enable(struct sim_machine *m, bool on);
LIBGCMA_API int sim_trace_set_output(struct sim_machine *m, FILE *out);
LIBGCMA_API unsigned long sim_trace_count(const struct sim_machine *m);
LIBGCMA_API int sim_trace_get(const struct sim_machine *m, unsigned long i,
			      char *buf, size_t len);
LIBGCMA_API void sim_trace_clear(struct sim_machine *m);
LIBGCMA_API int sim_trace_print(const struct sim_machine *m, FILE *out);

#ifdef __cplusplus
}
#endif

#endif /* _LIBGCMA_TRACE_H */
