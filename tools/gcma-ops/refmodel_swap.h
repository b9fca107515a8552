/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The reference model of the frontswap-like client (docs/frontswap.md),
 * part of struct refmodel (refmodel.h).
 *
 * A slot's data may be in three places: frontswap (a donated folio), the
 * swap device and the swap cache (a put-back page). The model gives each
 * place the version of the data it holds (0: none). Where the machine
 * may choose (a recall moves frontswap's copy, or not; put-back falls
 * back to write-back; a store cleancache could not take), the model keeps
 * every state the documentation allows — a few "worlds" per slot — and
 * each result the machine returns keeps only the worlds that agree with
 * it. No world left is a disagreement. A slot with more worlds than fit
 * is unknown (any result is accepted) until a call that sets every copy:
 * sim_swap_out(), sim_swap_free() or sim_swapoff().
 */
#ifndef _GCMA_OPS_REFMODEL_SWAP_H
#define _GCMA_OPS_REFMODEL_SWAP_H

#include <stdbool.h>
#include <stdint.h>

#define RM_SWAP_TYPES	2	/* swap types the executor switches on */
#define RM_SWAP_SLOTS	16	/* slots per type */
#define RM_SWAP_WORLDS	16	/* states one slot may be in at once */
#define RM_SWAP_RATIO	50	/* the ratio knob's default, percent */
#define RM_SWAP_GARBAGE	UINT32_MAX	/* a page that holds no version */

/**
 * struct rm_swap_world - one state a slot may be in.
 * @front: version frontswap holds, 0 for none.
 * @dev: version on the device, 0 for none.
 * @sc: version in the swap cache, 0 for none.
 */
struct rm_swap_world {
	uint32_t front, dev, sc;
};

/**
 * struct rm_swap_slot - what the model knows of one slot.
 * @unknown: too many worlds: every result is accepted.
 * @nr: worlds in @w (at least 1 unless @unknown).
 * @w: the worlds.
 */
struct rm_swap_slot {
	bool unknown;
	unsigned int nr;
	struct rm_swap_world w[RM_SWAP_WORLDS];
};

/**
 * struct rm_swap_type - one swap type of the executor.
 * @active: switched on.
 * @policy: enum sim_swap_policy.
 * @exclusive: exclusive loads.
 * @slot: its slots.
 */
struct rm_swap_type {
	bool active;
	unsigned int policy;
	bool exclusive;
	struct rm_swap_slot slot[RM_SWAP_SLOTS];
};

/**
 * struct rm_swap - the swap client as the model sees it.
 * @ratio: the ratio knob, percent.
 * @next_version: the version the next store writes.
 * @type: the executor's types.
 */
struct rm_swap {
	unsigned int ratio;
	uint32_t next_version;
	struct rm_swap_type type[RM_SWAP_TYPES];
};

struct refmodel;

void rm_swap_init(struct rm_swap *sw);
uint32_t rm_swap_next_version(struct refmodel *rm);
bool rm_swap_active(const struct refmodel *rm, int s);
void rm_swapon(struct refmodel *rm, int s, unsigned int policy,
	       bool exclusive, bool faulted, int ret);
void rm_swapoff(struct refmodel *rm, int s, int ret);
void rm_fsw_store(struct refmodel *rm, int s, unsigned int off,
		  uint32_t version, bool faulted, int ret);
void rm_fsw_load(struct refmodel *rm, int s, unsigned int off, int ret,
		 uint32_t got);
void rm_fsw_invalidate(struct refmodel *rm, int s, unsigned int off,
		       int ret);
void rm_fsw_invalidate_area(struct refmodel *rm, int s, int ret);
void rm_swap_out(struct refmodel *rm, int s, unsigned int off,
		 uint32_t version, bool faulted, int ret);
void rm_swap_in(struct refmodel *rm, int s, unsigned int off, int ret,
		uint32_t got);
void rm_swap_free(struct refmodel *rm, int s, unsigned int off, int ret);
void rm_swap_ratio(struct refmodel *rm, unsigned int percent, int ret);
void rm_swap_recall_point(struct refmodel *rm);
unsigned long rm_swap_limit(const struct refmodel *rm);
void rm_swap_held(const struct refmodel *rm, unsigned long *min,
		  unsigned long *max);

#endif /* _GCMA_OPS_REFMODEL_SWAP_H */
