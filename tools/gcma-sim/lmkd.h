/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The low-memory killer of the apps background, after Android's lmkd:
 * when the memory the apps can get without reclaiming anonymous memory
 * (free pages plus file cache) stays below a threshold for a hold time,
 * the least recently used background app is killed. Pure decision logic;
 * apps.c does the killing.
 */
#ifndef _GCMA_SIM_LMKD_H
#define _GCMA_SIM_LMKD_H

#include <stdbool.h>
#include <stdint.h>

/**
 * struct lmkd - the killer's state.
 * @minfree: pages; 0 turns the killer off.
 * @hold_ns: how long available memory must stay below @minfree.
 * @below: available memory is below @minfree since @since_ns.
 * @since_ns: when it went below (or the last kill).
 */
struct lmkd {
	unsigned long minfree;
	uint64_t hold_ns;
	bool below;
	uint64_t since_ns;
};

void lmkd_init(struct lmkd *l, unsigned long minfree, uint64_t hold_ns);
bool lmkd_should_kill(struct lmkd *l, uint64_t now_ns, unsigned long avail);
void lmkd_killed(struct lmkd *l, uint64_t now_ns);
int lmkd_pick_victim(const uint64_t *last_used, const bool *running,
		     unsigned int nr, int fg);

#endif /* _GCMA_SIM_LMKD_H */
