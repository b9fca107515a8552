// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Cost-model presets ([cost] preset = NAME). A preset sets every cost a
 * scenario has: all cost events and [sched] wake_us, fault_ns, ipi_ns.
 * Each figure and its source is in docs/cost-model.md, "Presets"; keep
 * the two in step.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cost_preset.h"
#include "scenario.h"

/* The CPU costs that live in [sched]. */
struct cost_preset_sched {
	unsigned long wake_us;
	unsigned long fault_ns;
	unsigned long ipi_ns;
};

/*
 * board2015: the library's defaults (docs/cost-model.md, "The events
 * and their default costs") with the scenario's 3 ms writeback
 * (docs/simulator.md, "Calibration"): the 2015 board, a 1 GHz
 * Cortex-A9 with microSD.
 */
static void cost_preset_board2015(struct sim_cost_model *c,
				  struct cost_preset_sched *sc)
{
	sim_cost_model_default(c);
	c->ns[SIM_COST_WRITEBACK] = 3000000;
	sc->wake_us = 50;
	sc->fault_ns = 2000;
	sc->ipi_ns = 1000;
}

/*
 * phone2025: an LPDDR5(X) / UFS 4.0-class phone with ~3 GHz arm64 big
 * cores and zram with LZ4. Every event is set: none is inherited from
 * the board.
 */
static void cost_preset_phone2025(struct sim_cost_model *c,
				  struct cost_preset_sched *sc)
{
	static const struct {
		enum sim_cost_event ev;
		uint64_t ns;
	} ns[] = {
		{ SIM_COST_PAGE_ALLOC, 50 },
		{ SIM_COST_PAGE_FREE, 50 },
		{ SIM_COST_CC_DROP, 80 },
		{ SIM_COST_CC_STORE, 1600 },
		{ SIM_COST_CC_RESTORE, 1300 },
		{ SIM_COST_PAGE_COPY, 300 },
		{ SIM_COST_PAGE_UNMAP, 1000 },
		{ SIM_COST_MIGRATE, 700 },
		{ SIM_COST_RECLAIM, 700 },
		{ SIM_COST_WRITEBACK, 29000 },
		{ SIM_COST_DISK_READ, 27000 },
		{ SIM_COST_ISOLATE, 10000 },
		{ SIM_COST_DRAIN, 100000 },
		{ SIM_COST_MIGRATE_PASS, 3300 },
		{ SIM_COST_BUSY_RETRY, 1700 },
		{ SIM_COST_RANGE_CALL, 4000 },
		{ SIM_COST_RANGE_PAGE, 300 },
		{ SIM_COST_SWAP_WRITE, 29000 },
		{ SIM_COST_SWAP_READ, 27000 },
		{ SIM_COST_ZRAM_WRITE, 8000 },
		{ SIM_COST_ZRAM_READ, 2000 },
	};
	_Static_assert(sizeof(ns) / sizeof(ns[0]) == SIM_COST_NR,
		       "phone2025 must set every cost event");

	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < sizeof(ns) / sizeof(ns[0]); i++)
		c->ns[ns[i].ev] = ns[i].ns;
	sc->wake_us = 17;
	sc->fault_ns = 1000;
	sc->ipi_ns = 0;
}

static const struct {
	const char *name;
	void (*fill)(struct sim_cost_model *c, struct cost_preset_sched *sc);
} cost_presets[] = {
	{ "board2015", cost_preset_board2015 },
	{ "phone2025", cost_preset_phone2025 },
};

/**
 * cost_preset_apply() - set every cost of @s from the preset @name.
 * @s: the scenario: its cost model, [sched] wake_us, fault_ns, ipi_ns
 *	and its preset name are set; nothing else changes.
 * @name: "board2015" or "phone2025" (COST_PRESET_NAMES).
 *
 * Context: Any context.
 * Return: 0; -ENOENT for an unknown name (@s unchanged).
 */
int cost_preset_apply(struct scn_scenario *s, const char *name)
{
	for (size_t i = 0; i < sizeof(cost_presets) / sizeof(cost_presets[0]);
	     i++) {
		struct cost_preset_sched sc;

		if (strcmp(name, cost_presets[i].name))
			continue;
		cost_presets[i].fill(&s->cost, &sc);
		s->wake_us = sc.wake_us;
		s->fault_ns = sc.fault_ns;
		s->ipi_ns = sc.ipi_ns;
		snprintf(s->cost_preset, sizeof(s->cost_preset), "%s", name);
		return 0;
	}
	return -ENOENT;
}
