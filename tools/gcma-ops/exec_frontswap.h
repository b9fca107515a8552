/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The executor's swap ops (ops.h: swapon ... swap_ratio): the
 * frontswap-like client driven through its kernel API and its swap path,
 * each result handed to the model (refmodel_swap.h).
 *
 * The executor switches on at most two swap types (swap=0, 1) of
 * RM_SWAP_SLOTS slots; an op on a type that is off calls a type number
 * never in use (the machine hands out the lowest free one). A store
 * writes a page whose every word derives from a version number never
 * used before; a load fills a page cleared first, and the version read
 * back (RM_SWAP_GARBAGE for a page that is not a whole version) goes to
 * the model.
 */
#ifndef _GCMA_OPS_EXEC_FRONTSWAP_H
#define _GCMA_OPS_EXEC_FRONTSWAP_H

#include <stdbool.h>

#include "ops.h"
#include "refmodel.h"

struct folio;

/**
 * struct gops_swap - the executor's swap state.
 * @type: per executor type, the machine's type number; -1 when off.
 * @out: the page stores write.
 * @in: the page loads fill.
 */
struct gops_swap {
	int type[RM_SWAP_TYPES];
	struct folio *out, *in;
};

int gops_swap_setup(struct gops_swap *sw);
void gops_swap_teardown(struct gops_swap *sw);
int gops_swap_op(struct gops_swap *sw, struct refmodel *rm,
		 const struct gop *op, bool (*faulted)(const void *env),
		 const void *env, bool *skipped);
bool gops_swap_on(const struct gops_swap *sw);
void gops_swap_compare(struct refmodel *rm);

#endif /* _GCMA_OPS_EXEC_FRONTSWAP_H */
