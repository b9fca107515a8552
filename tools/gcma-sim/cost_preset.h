/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Cost-model presets: one name sets every cost of a scenario, the cost
 * events of [cost] and the CPU costs of [sched] (wake_us, fault_ns,
 * ipi_ns). Sources of every figure: docs/cost-model.md, "Presets".
 */
#ifndef _GCMA_SIM_COST_PRESET_H
#define _GCMA_SIM_COST_PRESET_H

#include <stddef.h>

struct scn_scenario;

#define COST_PRESET_NAME_LEN	16

/* What the valid names are, for messages: "board2015, phone2025". */
#define COST_PRESET_NAMES	"board2015, phone2025"

int cost_preset_apply(struct scn_scenario *s, const char *name);

#endif /* _GCMA_SIM_COST_PRESET_H */
