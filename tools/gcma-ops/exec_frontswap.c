// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The executor's swap ops (exec_frontswap.h): one handler per op kind,
 * the page contents each store writes and each load reads back, and the
 * comparison of the client's figures with the model.
 */
#include <errno.h>
#include <string.h>

#include <libgcma/libgcma.h>

#include "exec_frontswap.h"

#define SWAP_MAGIC	0x5a17c0de00000000ULL

/* Word @i of a page holding version @v. */
static uint64_t version_word(uint32_t v, unsigned int i)
{
	return (SWAP_MAGIC | v) ^ ((uint64_t)i * 0x9e3779b97f4a7c15ULL);
}

static void write_version(struct folio *folio, uint32_t v)
{
	uint64_t *w = folio_address(folio);

	for (unsigned int i = 0; i < PAGE_SIZE / 8; i++)
		w[i] = version_word(v, i);
}

/* The version @folio holds, or RM_SWAP_GARBAGE. */
static uint32_t read_version(struct folio *folio)
{
	const uint64_t *w = folio_address(folio);
	uint32_t v = (uint32_t)w[0];

	if ((w[0] & ~0xffffffffULL) != SWAP_MAGIC)
		return RM_SWAP_GARBAGE;
	for (unsigned int i = 0; i < PAGE_SIZE / 8; i++)
		if (w[i] != version_word(v, i))
			return RM_SWAP_GARBAGE;
	return v;
}

/**
 * gops_swap_setup() - no type on; the two pages stores and loads use.
 * @sw: the state.
 *
 * Context: Attached to the run's machine, after its boot.
 * Return: 0, or -ENOMEM.
 */
int gops_swap_setup(struct gops_swap *sw)
{
	for (int s = 0; s < RM_SWAP_TYPES; s++)
		sw->type[s] = -1;
	sw->out = folio_alloc(GFP_KERNEL, 0);
	sw->in = folio_alloc(GFP_KERNEL, 0);
	return sw->out && sw->in ? 0 : -ENOMEM;
}

/**
 * gops_swap_teardown() - switch off every type; free the pages.
 * @sw: the state.
 *
 * Context: Attached to the run's machine.
 */
void gops_swap_teardown(struct gops_swap *sw)
{
	for (int s = 0; s < RM_SWAP_TYPES && sw->out; s++)
		if (sw->type[s] >= 0)
			sim_swapoff(sw->type[s]);
	if (sw->out)
		folio_put(sw->out);
	if (sw->in)
		folio_put(sw->in);
	memset(sw, 0, sizeof(*sw));
}

/**
 * gops_swap_on() - is any of the executor's types on?
 * @sw: the state.
 *
 * Context: Any context.
 * Return: true if one is.
 */
bool gops_swap_on(const struct gops_swap *sw)
{
	for (int s = 0; s < RM_SWAP_TYPES; s++)
		if (sw->type[s] >= 0)
			return true;
	return false;
}

/* The machine's number of executor type @s; for one that is off, one
 * the machine never hands out (at most two are on). */
static int type_of(const struct gops_swap *sw, int s)
{
	return sw->type[s] >= 0 ? sw->type[s] : SIM_MAX_SWAPFILES - 1 - s;
}

static int op_swapon(struct gops_swap *sw, const struct gop *op,
		     bool *skipped)
{
	struct sim_swap_config cfg = {
		.nr_slots = RM_SWAP_SLOTS,
		.device = op->arg[2] & 1 ? SIM_SWAP_ZRAM : SIM_SWAP_DISK,
		.policy = (enum sim_swap_policy)op->arg[1],
		.exclusive_loads = op->arg[2] & 2,
	};
	int s = (int)op->arg[0];

	if (sw->type[s] >= 0) {
		*skipped = true;
		return 0;
	}
	return sim_swapon(&cfg);
}

/* Store or swap out a new version into (@s, @off). */
static int op_write(struct gops_swap *sw, struct refmodel *rm,
		    const struct gop *op, uint32_t *version)
{
	int type = type_of(sw, (int)op->arg[0]);

	*version = rm_swap_next_version(rm);
	write_version(sw->out, *version);
	if (op->kind == GOP_FSW_STORE)
		return frontswap_store((unsigned int)type, op->arg[1], sw->out);
	return sim_swap_out(type, op->arg[1], sw->out);
}

/* Load or swap in (@s, @off); *@got the version read back. */
static int op_read(struct gops_swap *sw, const struct gop *op,
		   uint32_t *got)
{
	int type = type_of(sw, (int)op->arg[0]);
	int ret;

	memset(folio_address(sw->in), 0, PAGE_SIZE);
	if (op->kind == GOP_FSW_LOAD)
		ret = frontswap_load((unsigned int)type, op->arg[1], sw->in);
	else
		ret = sim_swap_in(type, op->arg[1], sw->in);
	*got = ret ? 0 : read_version(sw->in);
	return ret;
}

/**
 * gops_swap_op() - run one swap op and check it against the model.
 * @sw: the state.
 * @rm: the model.
 * @op: a swap op (GOP_SWAPON .. GOP_SWAP_RATIO).
 * @faulted: tells, after the call, whether an allocation was failed on
 *	purpose during it.
 * @env: @faulted's argument.
 * @skipped: set when the op was not run.
 *
 * Context: Attached to the run's machine.
 * Return: the call's result.
 */
int gops_swap_op(struct gops_swap *sw, struct refmodel *rm,
		 const struct gop *op, bool (*faulted)(const void *env),
		 const void *env, bool *skipped)
{
	int s = (int)op->arg[0], type, ret;
	unsigned int off = op->arg[1];
	uint32_t v;

	if (op->kind == GOP_SWAP_RATIO) {
		ret = sim_frontswap_set_ratio(op->arg[0] * 10);
		rm_swap_ratio(rm, op->arg[0] * 10, ret);
		return ret;
	}
	/* Every other swap op names a type first. */
	type = type_of(sw, s);
	switch (op->kind) {
	case GOP_SWAPON:
		ret = op_swapon(sw, op, skipped);
		if (*skipped)
			return 0;
		rm_swapon(rm, s, op->arg[1], op->arg[2] & 2, faulted(env), ret);
		if (ret >= 0)
			sw->type[s] = ret;
		return ret;
	case GOP_SWAPOFF:
		ret = sim_swapoff(type);
		rm_swapoff(rm, s, ret);
		if (!ret)
			sw->type[s] = -1;
		return ret;
	case GOP_FSW_STORE:
		ret = op_write(sw, rm, op, &v);
		rm_fsw_store(rm, s, off, v, faulted(env), ret);
		return ret;
	case GOP_SWAP_OUT:
		ret = op_write(sw, rm, op, &v);
		rm_swap_out(rm, s, off, v, faulted(env), ret);
		return ret;
	case GOP_FSW_LOAD:
		ret = op_read(sw, op, &v);
		rm_fsw_load(rm, s, off, ret, v);
		return ret;
	case GOP_SWAP_IN:
		ret = op_read(sw, op, &v);
		rm_swap_in(rm, s, off, ret, v);
		return ret;
	case GOP_FSW_INVALIDATE:
		ret = frontswap_invalidate_page((unsigned int)type, off);
		rm_fsw_invalidate(rm, s, off, ret);
		return ret;
	case GOP_FSW_INVALIDATE_AREA:
		ret = frontswap_invalidate_area((unsigned int)type);
		rm_fsw_invalidate_area(rm, s, ret);
		return ret;
	case GOP_SWAP_FREE:
		ret = sim_swap_free(type, off);
		rm_swap_free(rm, s, off, ret);
		return ret;
	}
	return -EINVAL;
}

/**
 * gops_swap_compare() - the client's figures against the model: the
 *	ratio bound, and the slots held within what the model allows.
 * @rm: the model.
 *
 * Context: Attached to the run's machine.
 */
void gops_swap_compare(struct refmodel *rm)
{
	struct sim_frontswap_stats st;
	unsigned long min, max;

	if (rm->failed)
		return;
	if (sim_frontswap_stats_get(&st)) {
		rm_fail(rm, "sim_frontswap_stats_get failed");
		return;
	}
	rm_swap_held(rm, &min, &max);
	if (st.limit != rm_swap_limit(rm))
		rm_fail(rm, "frontswap's bound is %lu slots, the model's %lu",
			st.limit, rm_swap_limit(rm));
	else if (st.stored < min || st.stored > max)
		rm_fail(rm, "frontswap holds %lu slots, the model %lu..%lu",
			st.stored, min, max);
}
