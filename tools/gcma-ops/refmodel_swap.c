// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The reference model of the frontswap-like client (refmodel_swap.h),
 * one function per call, each rule as docs/frontswap.md states it.
 *
 * Where a store may go: a slot frontswap holds is overwritten in place
 * (no allocation, never refused); a slot it does not hold is refused
 * with -ENOSPC when the slots held reach the ratio bound, and cleancache
 * cannot take it (-ENOMEM; write-through: 0, the device has it) only if
 * an allocation was failed on purpose or no pool folio is free or clean
 * (the pools hold no more folios than swap entries). The model counts
 * held slots as a range (a recall may have taken any of them), so a
 * store near the bound or near full pools may go either way.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ops.h"
#include "refmodel.h"

/* The op's policy argument (enum sim_swap_policy's order). */
#define RM_WRITE_THROUGH	0
#define RM_WRITE_BACK		1
#define RM_PUT_BACK		2

/* A set of worlds being built; @overflow: more than fit. */
struct wset {
	unsigned int nr;
	bool overflow;
	struct rm_swap_world w[RM_SWAP_WORLDS];
};

static void wset_add(struct wset *ws, uint32_t front, uint32_t dev,
		     uint32_t sc)
{
	struct rm_swap_world w = { front, dev, sc };

	for (unsigned int i = 0; i < ws->nr; i++)
		if (!memcmp(&ws->w[i], &w, sizeof(w)))
			return;
	if (ws->nr == RM_SWAP_WORLDS)
		ws->overflow = true;
	else
		ws->w[ws->nr++] = w;
}

/**
 * rm_swap_init() - no type on, the default ratio.
 * @sw: the swap part of a model.
 *
 * Context: Any context.
 */
void rm_swap_init(struct rm_swap *sw)
{
	memset(sw, 0, sizeof(*sw));
	sw->ratio = RM_SWAP_RATIO;
	sw->next_version = 1;
}

/**
 * rm_swap_next_version() - the version a store about to be made writes.
 * @rm: the model.
 *
 * Context: Any context.
 * Return: a version never written before (never 0 or RM_SWAP_GARBAGE).
 */
uint32_t rm_swap_next_version(struct refmodel *rm)
{
	return rm->swap.next_version++;
}

/**
 * rm_swap_active() - is the executor's type @s on?
 * @rm: the model.
 * @s: 0 or 1.
 *
 * Context: Any context.
 * Return: true when on.
 */
bool rm_swap_active(const struct refmodel *rm, int s)
{
	return rm->swap.type[s].active;
}

/* A slot's single known state: nothing anywhere. */
static void slot_reset(struct rm_swap_slot *sl)
{
	memset(sl, 0, sizeof(*sl));
	sl->nr = 1;
}

/* Are (@s, @off) a slot of a type that is on? Else expect -EINVAL. */
static struct rm_swap_slot *slot_or_einval(struct refmodel *rm,
					   const char *what, int s,
					   unsigned int off, int ret)
{
	struct rm_swap_type *t = &rm->swap.type[s];

	if (!t->active || off >= RM_SWAP_SLOTS) {
		rm_expect(rm, what, ret, -EINVAL);
		return NULL;
	}
	return &t->slot[off];
}

/*
 * @ws becomes slot @sl's worlds; none left is a disagreement, with
 * @what's result and the worlds it had.
 */
static void commit(struct refmodel *rm, struct rm_swap_slot *sl,
		   const struct wset *ws, const char *what, int s,
		   unsigned int off, int ret, uint32_t got)
{
	char buf[16], worlds[256];
	size_t n = 0;

	if (sl->unknown)
		return;
	if (ws->overflow) {
		sl->unknown = true;
		return;
	}
	if (ws->nr) {
		sl->nr = ws->nr;
		memcpy(sl->w, ws->w, sizeof(ws->w));
		return;
	}
	worlds[0] = '\0';
	for (unsigned int i = 0; i < sl->nr && n < sizeof(worlds); i++)
		n += (size_t)snprintf(worlds + n, sizeof(worlds) - n,
				      " {front %u dev %u sc %u}",
				      sl->w[i].front, sl->w[i].dev,
				      sl->w[i].sc);
	rm_fail(rm, "swap %d slot %u: %s returned %s (version %u); the model allows only:%s",
		s, off, what, gops_errno_name(ret, buf, sizeof(buf)), got,
		worlds);
}

/* Pages of every registered GCMA area. */
static unsigned long gcma_pages(const struct refmodel *rm)
{
	unsigned long n = 0;

	for (int i = 0; i < rm->nr_areas; i++)
		n += rm->areas[i].end - rm->areas[i].start;
	return n;
}

/**
 * rm_swap_limit() - the most slots frontswap may hold.
 * @rm: the model.
 *
 * Context: Any context.
 * Return: the ratio of the registered GCMA areas' pages.
 */
unsigned long rm_swap_limit(const struct refmodel *rm)
{
	return gcma_pages(rm) * rm->swap.ratio / 100;
}

/* Slots held at least and at most, leaving out (@s, @off) (-1: none). */
static void held_except(const struct refmodel *rm, int s, int off,
			unsigned long *min, unsigned long *max)
{
	*min = *max = 0;
	for (int i = 0; i < RM_SWAP_TYPES; i++) {
		const struct rm_swap_type *t = &rm->swap.type[i];

		for (int o = 0; t->active && o < RM_SWAP_SLOTS; o++) {
			const struct rm_swap_slot *sl = &t->slot[o];
			unsigned int held = 0;

			if (i == s && o == off)
				continue;
			for (unsigned int w = 0; w < sl->nr; w++)
				held += sl->w[w].front != 0;
			*min += !sl->unknown && held == sl->nr;
			*max += sl->unknown || held;
		}
	}
}

/**
 * rm_swap_held() - how many slots frontswap holds, as a range.
 * @rm: the model.
 * @min: receives the fewest it may hold.
 * @max: receives the most.
 *
 * Context: Any context.
 */
void rm_swap_held(const struct refmodel *rm, unsigned long *min,
		  unsigned long *max)
{
	held_except(rm, -1, -1, min, max);
}

/* Folios every cleancache pool owns (free, clean or swap entries). */
static unsigned long pool_pages(const struct refmodel *rm)
{
	unsigned long n = 0;

	for (int pool = 0; pool < rm->nr_pools; pool++)
		n += rm_pool_size(rm, pool);
	return n;
}

/**
 * struct store_rules - what may happen to a store into a slot frontswap
 *	does not hold.
 * @must_refuse: the slots held reach the bound whatever was recalled.
 * @may_refuse: they may reach it.
 * @may_nomem: cleancache may find no free or clean folio (or an
 *	allocation was failed on purpose).
 * @faulted: an allocation was failed on purpose.
 */
struct store_rules {
	bool must_refuse, may_refuse, may_nomem, faulted;
};

static struct store_rules store_rules(const struct refmodel *rm, int s,
				      unsigned int off, bool faulted)
{
	unsigned long min, max, limit = rm_swap_limit(rm);

	held_except(rm, s, (int)off, &min, &max);
	return (struct store_rules){
		.must_refuse = min >= limit,
		.may_refuse = max >= limit,
		.may_nomem = faulted || pool_pages(rm) <= max,
		.faulted = faulted,
	};
}

/* frontswap_store() of @v into world @w with result @ret: into @ws. */
static void store_world(struct rm_swap_world w, bool wt, uint32_t v,
			const struct store_rules *r, int ret, struct wset *ws)
{
	/* The device copy could not be reserved: nothing changed. */
	if (ret == -ENOMEM && r->faulted)
		wset_add(ws, w.front, w.dev, w.sc);
	/* A held slot is overwritten in place: never refused. */
	if (w.front || !r->must_refuse) {
		if (!ret)
			wset_add(ws, v, wt ? v : w.dev, w.sc);
	}
	if (w.front)
		return;
	if (ret == -ENOSPC && r->may_refuse)
		wset_add(ws, w.front, w.dev, w.sc);
	/* Cleancache could not take it; write-through wrote the device. */
	if (!r->must_refuse && r->may_nomem && ret == (wt ? 0 : -ENOMEM))
		wset_add(ws, 0, wt ? v : w.dev, w.sc);
}

/**
 * rm_fsw_store() - check frontswap_store() of version @version.
 * @rm: the model.
 * @s: the executor's type.
 * @off: the slot.
 * @version: the page's version.
 * @faulted: an allocation was failed on purpose during the call.
 * @ret: what it returned.
 *
 * 0: frontswap holds @version (write-through: the device too, or only
 * the device when cleancache could not take it); -ENOSPC: refused by the
 * ratio bound, nothing changed; -ENOMEM: the device copy could not be
 * reserved (nothing changed) or cleancache could not take the page (an
 * older copy frontswap held is dropped). The swap cache and, but for
 * write-through, the device are the caller's: unchanged.
 *
 * Context: Any context.
 */
void rm_fsw_store(struct refmodel *rm, int s, unsigned int off,
		  uint32_t version, bool faulted, int ret)
{
	struct rm_swap_slot *sl = slot_or_einval(rm, "frontswap_store", s,
						 off, ret);
	struct store_rules r;
	struct wset ws = { 0 };
	bool wt;

	if (!sl)
		return;
	wt = rm->swap.type[s].policy == RM_WRITE_THROUGH;
	r = store_rules(rm, s, off, faulted);
	if (sl->unknown) {
		if (ret && ret != -ENOSPC && ret != -ENOMEM)
			rm_expect(rm, "frontswap_store", ret, 0);
		return;
	}
	for (unsigned int i = 0; i < sl->nr; i++)
		store_world(sl->w[i], wt, version, &r, ret, &ws);
	commit(rm, sl, &ws, "frontswap_store", s, off, ret, version);
}

/**
 * rm_swap_out() - check sim_swap_out() of version @version.
 * @rm: the model.
 * @s: the executor's type.
 * @off: the slot.
 * @version: the page's version.
 * @faulted: an allocation was failed on purpose during the call.
 * @ret: what it returned.
 *
 * 0: every older copy is gone and @version is in frontswap (and on the
 * device for write-through) or, if the store failed, on the device;
 * -ENOMEM only when failed on purpose, with nothing changed.
 *
 * Context: Any context.
 */
void rm_swap_out(struct refmodel *rm, int s, unsigned int off,
		 uint32_t version, bool faulted, int ret)
{
	struct rm_swap_slot *sl = slot_or_einval(rm, "sim_swap_out", s, off,
						 ret);
	struct store_rules r;
	struct wset ws = { 0 };
	bool wt;

	if (!sl)
		return;
	wt = rm->swap.type[s].policy == RM_WRITE_THROUGH;
	r = store_rules(rm, s, off, faulted);
	if (ret == -ENOMEM && faulted)
		return;
	rm_expect(rm, "sim_swap_out", ret, 0);
	if (ret || rm->failed)
		return;
	/* Every older copy went first; then the store, else the device. */
	if (sl->unknown) {
		wset_add(&ws, version, wt ? version : 0, 0);
		wset_add(&ws, 0, version, 0);
		sl->unknown = false;
	}
	for (unsigned int i = 0; i < sl->nr; i++) {
		bool held = sl->w[i].front;

		if (held || !r.must_refuse)
			wset_add(&ws, version, wt ? version : 0, 0);
		if (!held && (r.may_refuse || r.may_nomem))
			wset_add(&ws, 0, version, 0);
	}
	commit(rm, sl, &ws, "sim_swap_out", s, off, ret, version);
}

/**
 * rm_fsw_load() - check frontswap_load().
 * @rm: the model.
 * @s: the executor's type.
 * @off: the slot.
 * @ret: what it returned.
 * @got: the version the page holds after a 0.
 *
 * 0 with frontswap's version, or -ENOENT when it holds none; an
 * exclusive load drops frontswap's copy.
 *
 * Context: Any context.
 */
void rm_fsw_load(struct refmodel *rm, int s, unsigned int off, int ret,
		 uint32_t got)
{
	struct rm_swap_slot *sl = slot_or_einval(rm, "frontswap_load", s, off,
						 ret);
	bool excl = rm->swap.type[s].exclusive;
	struct wset ws = { 0 };

	if (!sl)
		return;
	if (ret && ret != -ENOENT) {
		rm_expect(rm, "frontswap_load", ret, 0);
		return;
	}
	for (unsigned int i = 0; i < sl->nr; i++) {
		struct rm_swap_world w = sl->w[i];

		if (!ret && w.front && w.front == got)
			wset_add(&ws, excl ? 0 : w.front, w.dev, w.sc);
		if (ret == -ENOENT && !w.front)
			wset_add(&ws, w.front, w.dev, w.sc);
	}
	commit(rm, sl, &ws, "frontswap_load", s, off, ret, got);
}

/**
 * rm_swap_in() - check sim_swap_in().
 * @rm: the model.
 * @s: the executor's type.
 * @off: the slot.
 * @ret: what it returned.
 * @got: the version the page holds after a 0.
 *
 * The swap cache's version, else frontswap's, else the device's; -ENOENT
 * when the slot holds none. A hit in frontswap of an exclusive type
 * drops its copy.
 *
 * Context: Any context.
 */
void rm_swap_in(struct refmodel *rm, int s, unsigned int off, int ret,
		uint32_t got)
{
	struct rm_swap_slot *sl = slot_or_einval(rm, "sim_swap_in", s, off,
						 ret);
	bool excl = rm->swap.type[s].exclusive;
	struct wset ws = { 0 };

	if (!sl)
		return;
	if (ret && ret != -ENOENT) {
		rm_expect(rm, "sim_swap_in", ret, 0);
		return;
	}
	for (unsigned int i = 0; i < sl->nr; i++) {
		struct rm_swap_world w = sl->w[i];
		uint32_t want = w.sc ? w.sc : w.front ? w.front : w.dev;
		bool from_front = !w.sc && w.front;

		if ((!ret && want && want == got) || (ret == -ENOENT && !want))
			wset_add(&ws, from_front && excl ? 0 : w.front, w.dev,
				 w.sc);
	}
	commit(rm, sl, &ws, "sim_swap_in", s, off, ret, got);
}

/**
 * rm_fsw_invalidate() - check frontswap_invalidate_page(): 0, and
 *	frontswap holds nothing for the slot.
 * @rm: the model.
 * @s: the executor's type.
 * @off: the slot.
 * @ret: what it returned.
 *
 * Context: Any context.
 */
void rm_fsw_invalidate(struct refmodel *rm, int s, unsigned int off,
		       int ret)
{
	struct rm_swap_slot *sl = slot_or_einval(rm,
						 "frontswap_invalidate_page",
						 s, off, ret);
	struct wset ws = { 0 };

	if (!sl)
		return;
	rm_expect(rm, "frontswap_invalidate_page", ret, 0);
	for (unsigned int i = 0; i < sl->nr; i++)
		wset_add(&ws, 0, sl->w[i].dev, sl->w[i].sc);
	commit(rm, sl, &ws, "frontswap_invalidate_page", s, off, ret, 0);
}

/**
 * rm_fsw_invalidate_area() - check frontswap_invalidate_area(): 0, and
 *	frontswap holds nothing for the type.
 * @rm: the model.
 * @s: the executor's type.
 * @ret: what it returned.
 *
 * Context: Any context.
 */
void rm_fsw_invalidate_area(struct refmodel *rm, int s, int ret)
{
	if (!rm->swap.type[s].active) {
		rm_expect(rm, "frontswap_invalidate_area", ret, -EINVAL);
		return;
	}
	rm_expect(rm, "frontswap_invalidate_area", ret, 0);
	for (unsigned int off = 0; off < RM_SWAP_SLOTS; off++)
		rm_fsw_invalidate(rm, s, off, 0);
}

/**
 * rm_swap_free() - check sim_swap_free(): 0, and the slot holds nothing.
 * @rm: the model.
 * @s: the executor's type.
 * @off: the slot.
 * @ret: what it returned.
 *
 * Context: Any context.
 */
void rm_swap_free(struct refmodel *rm, int s, unsigned int off, int ret)
{
	struct rm_swap_slot *sl = slot_or_einval(rm, "sim_swap_free", s, off,
						 ret);

	if (!sl)
		return;
	rm_expect(rm, "sim_swap_free", ret, 0);
	if (!ret)
		slot_reset(sl);
}

/**
 * rm_swapon() - check sim_swapon() of the executor's type @s.
 * @rm: the model.
 * @s: the executor's type (off).
 * @policy: the op's policy.
 * @exclusive: exclusive loads.
 * @faulted: an allocation was failed on purpose during the call.
 * @ret: what it returned.
 *
 * A type number (the executor never has more than two on); -ENOMEM only
 * when failed on purpose, with nothing changed.
 *
 * Context: Any context.
 */
void rm_swapon(struct refmodel *rm, int s, unsigned int policy,
	       bool exclusive, bool faulted, int ret)
{
	struct rm_swap_type *t = &rm->swap.type[s];

	if (ret == -ENOMEM && faulted)
		return;
	if (ret < 0) {
		rm_expect(rm, "sim_swapon", ret, 0);
		return;
	}
	t->active = true;
	t->policy = policy;
	t->exclusive = exclusive;
	for (int off = 0; off < RM_SWAP_SLOTS; off++)
		slot_reset(&t->slot[off]);
}

/**
 * rm_swapoff() - check sim_swapoff(): 0, everything the type held is
 *	gone; -EINVAL for a type that is off.
 * @rm: the model.
 * @s: the executor's type.
 * @ret: what it returned.
 *
 * Context: Any context.
 */
void rm_swapoff(struct refmodel *rm, int s, int ret)
{
	struct rm_swap_type *t = &rm->swap.type[s];

	rm_expect(rm, "sim_swapoff", ret, t->active ? 0 : -EINVAL);
	if (!ret)
		memset(t, 0, sizeof(*t));
}

/**
 * rm_swap_ratio() - check sim_frontswap_set_ratio(@percent).
 * @rm: the model.
 * @percent: the new ratio.
 * @ret: what it returned.
 *
 * -EINVAL above 100; -EBUSY when frontswap holds more than the new bound
 * allows (nothing changes); else 0.
 *
 * Context: Any context.
 */
void rm_swap_ratio(struct refmodel *rm, unsigned int percent, int ret)
{
	unsigned long min, max, bound = gcma_pages(rm) * percent / 100;
	char buf[16];

	if (percent > 100) {
		rm_expect(rm, "sim_frontswap_set_ratio", ret, -EINVAL);
		return;
	}
	rm_swap_held(rm, &min, &max);
	if (ret == -EBUSY && max > bound)
		return;
	if (!ret && min <= bound) {
		rm->swap.ratio = percent;
		return;
	}
	rm_fail(rm, "sim_frontswap_set_ratio(%u) returned %s with %lu..%lu slots held, new bound %lu",
		percent, gops_errno_name(ret, buf, sizeof(buf)), min, max,
		bound);
}

/**
 * rm_swap_recall_point() - a call that may take donated folios back
 *	(a GCMA or `guarantee` CMA allocation, a backend's take-back) ran:
 *	any slot frontswap holds may have been recalled.
 * @rm: the model.
 *
 * A recalled slot's data went where its type's policy sends it:
 * write-through drops it (the device has it), write-back writes it to
 * the device, put-back copies it into the swap cache or, with no page to
 * be had, writes it back.
 *
 * Context: Any context.
 */
void rm_swap_recall_point(struct refmodel *rm)
{
	for (int s = 0; s < RM_SWAP_TYPES; s++) {
		struct rm_swap_type *t = &rm->swap.type[s];

		for (int off = 0; t->active && off < RM_SWAP_SLOTS; off++) {
			struct rm_swap_slot *sl = &t->slot[off];
			struct wset ws = { 0 };

			for (unsigned int i = 0; i < sl->nr; i++) {
				struct rm_swap_world w = sl->w[i];

				wset_add(&ws, w.front, w.dev, w.sc);
				if (!w.front)
					continue;
				if (t->policy == RM_WRITE_THROUGH)
					wset_add(&ws, 0, w.dev, w.sc);
				else
					wset_add(&ws, 0, w.front, w.sc);
				if (t->policy == RM_PUT_BACK)
					wset_add(&ws, 0, w.dev, w.front);
			}
			commit(rm, sl, &ws, "a recall", s, (unsigned int)off,
			       0, 0);
		}
	}
}
