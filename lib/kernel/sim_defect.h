/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Kernel defect switches (kernel shim).
 *
 * A core file that can reproduce a v2 defect asks, at the one place
 * where v2 differs, whether the attached machine has that defect
 * switched on (include/libgcma/defects.h). Each switch point is a single
 * branch. In a kernel port the call becomes a constant:
 *
 *   #define sim_defect(id)	false
 *
 * and the branches it guards go away with this header.
 */
#ifndef _KSHIM_SIM_DEFECT_H
#define _KSHIM_SIM_DEFECT_H

#include <libgcma/defects.h>

/*
 * sim_defect - whether the attached machine reproduces v2 defect @id;
 * false from a thread attached to no machine.
 */
bool sim_defect(enum sim_defect_id id);

#endif /* _KSHIM_SIM_DEFECT_H */
