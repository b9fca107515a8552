// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The swap of one configuration's machine, from scn_swap_kind():
 *
 *   none  no swap at all: the anonymous filesystem is mounted .no_swap,
 *         reclaim never evicts anonymous pages (SWAP_TYPE_NONE);
 *   disk  cma, gcma: no swap type, the anonymous filesystem's plain
 *         writeback to a disk swap (writeback, disk_read), as before
 *         [swap] existed. gcma.zram: a SIM_SWAP_DISK swap type with
 *         frontswap in front of it (swap_write, swap_read);
 *   zram  a zram-like swap type of [zram] pages slots at ratio_pct.
 *
 * Frontswap (GCMA's area as a cache in front of the swap device) belongs
 * to gcma.zram only: its ratio is [zram] swap_ratio_pct there, 0 on the
 * other machines (frontswap refuses every store, so every swap-out goes
 * to the device). [zram] pages = 0 leaves a configuration that should
 * get a swap type on the disk path without one.
 */
#include <libgcma/libgcma.h>

#include "swap_kind.h"

/**
 * swap_kind_setup() - switch on the swap of configuration @c.
 * @s: the scenario.
 * @c: the configuration.
 * @swap_type: set to the swap type the anonymous memory swaps through,
 *	-1 for the plain disk writeback, SWAP_TYPE_NONE for no swap.
 *
 * Context: Process context, attached to the booted machine.
 * Return: 0; -errno from sim_swapon() or sim_frontswap_set_ratio()
 * (@swap_type then says what is on, for the teardown).
 */
int swap_kind_setup(const struct scn_scenario *s, enum scn_config c,
		    int *swap_type)
{
	enum scn_swap_kind kind = scn_swap_kind(s, c);
	bool front = c == SCN_CFG_GCMA_ZRAM;
	struct sim_swap_config cfg = {
		.nr_slots = s->zram_pages,
		.device = SIM_SWAP_ZRAM,
		.zram_pct = (unsigned int)s->zram_ratio_pct,
		.policy = s->zram_policy,
	};
	int ret;

	*swap_type = -1;
	if (kind == SCN_SWAP_NONE) {
		*swap_type = SWAP_TYPE_NONE;
		return 0;
	}
	if (kind == SCN_SWAP_DISK) {
		if (!front)
			return 0;
		/* Frontswap needs a swap type: a disk one, as large. */
		cfg.device = SIM_SWAP_DISK;
	}
	if (!cfg.nr_slots)
		return 0;
	ret = sim_swapon(&cfg);
	if (ret < 0)
		return ret;
	*swap_type = ret;
	return sim_frontswap_set_ratio(front ? (unsigned int)s->swap_ratio_pct :
				       0);
}
