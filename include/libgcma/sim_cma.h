/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The simulation's stand-in for a devicetree reserved-memory node with a
 * CMA area (the `guarantee` property routes it to GCMA), declared on a
 * machine in its boot phase. The CMA API itself is <libgcma/cma.h>.
 */
#ifndef _LIBGCMA_SIM_CMA_H
#define _LIBGCMA_SIM_CMA_H

#include <libgcma/cma.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sim_machine;

LIBGCMA_API int sim_cma_declare(struct sim_machine *m, const char *name,
				unsigned long base_pfn, unsigned long count,
				unsigned int order_per_bit, bool guarantee,
				struct cma **res_cma);

#ifdef __cplusplus
}
#endif

#endif /* _LIBGCMA_SIM_CMA_H */
