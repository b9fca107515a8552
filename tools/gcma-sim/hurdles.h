/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * CMA's hurdles that the pins do not make ([hurdles]): AIO ring buffers,
 * buffer-cache pages, unmovable memory that leaves migration targets
 * short, no swap. docs/simulator.md "CMA's hurdles, and where a
 * request's time went".
 */
#ifndef _GCMA_SIM_HURDLES_H
#define _GCMA_SIM_HURDLES_H

#include <stdbool.h>

struct workload;

int hurdles_init(struct workload *w, bool no_swap);
int hurdles_round(struct workload *w, unsigned long round);
void hurdles_fini(struct workload *w);

#endif /* _GCMA_SIM_HURDLES_H */
