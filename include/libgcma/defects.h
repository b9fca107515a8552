/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Kernel defect switches, per machine.
 *
 * Each switch puts back one behaviour of the 2025 GCMA/cleancache series
 * (v2) that libgcma fixes (docs/gcma.md and docs/cleancache.md,
 * "Deviations from v2"), so that a test, the fuzzer or a stress program
 * can show that it finds that defect. Every switch is off when a machine
 * is created; docs/testing.md, "Kernel defects", says what each one does
 * and which checker or return value shows it.
 */
#ifndef _LIBGCMA_DEFECTS_H
#define _LIBGCMA_DEFECTS_H

#include <libgcma/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sim_machine;

/* The switches. New ones are appended; numbers never change. */
enum sim_defect_id {
	/* gcma_free_range() prepares every other order-0 page */
	SIM_DEFECT_GCMA_FREE_STRIDE = 0,
	/* get_folio() takes a store's folio in flight as free */
	SIM_DEFECT_INFLIGHT_GET_FOLIO,
	/* find_area() picks an area that starts at the range's end */
	SIM_DEFECT_FIND_AREA_END,
	/* cma_release() ignores gcma_free_range()'s error */
	SIM_DEFECT_RELEASE_IGNORES_ERROR,
	SIM_DEFECT_NR,
};

LIBGCMA_API int sim_defect_set(struct sim_machine *m, enum sim_defect_id id,
			       bool on);
LIBGCMA_API bool sim_defect_enabled(const struct sim_machine *m,
				    enum sim_defect_id id);
LIBGCMA_API const char *sim_defect_name(enum sim_defect_id id);
LIBGCMA_API int sim_defect_from_name(const char *name);

#ifdef __cplusplus
}
#endif

#endif /* _LIBGCMA_DEFECTS_H */
