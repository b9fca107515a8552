// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The reference model (refmodel.h). Plain arrays and loops over them:
 * every rule reads like the documentation it comes from (docs/gcma.md,
 * docs/cma.md, docs/cleancache.md, docs/simulated-fs.md).
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "ops.h"
#include "refmodel.h"

#define GFP_COMP_BIT	1u	/* the op's flags: bit 0 __GFP_COMP */
#define MAX_ORDER	10	/* MAX_PAGE_ORDER */
#define MAX_POOLS	64	/* CLEANCACHE_MAX_POOLS */

/**
 * rm_init() - an empty model of a machine.
 * @rm: the model.
 * @nr_pfns: pfns of the machine (at most RM_MAX_PFNS).
 *
 * Context: Any context.
 */
void rm_init(struct refmodel *rm, unsigned long nr_pfns)
{
	unsigned long used = nr_pfns < RM_MAX_PFNS ? nr_pfns : RM_MAX_PFNS;

	/*
	 * The per-pfn arrays are read only below nr_pfns (the pfns of the
	 * machine's areas; rm_gcma_allocated() and rm_gcma_head() check):
	 * zero that part of them, 1.25 KiB of their 20 KiB at 256 pages.
	 */
	memset(rm->gcma, 0, used * sizeof(rm->gcma[0]));
	memset(rm->head, 0, used * sizeof(rm->head[0]));
	memset(rm->order, 0, used * sizeof(rm->order[0]));
	memset(rm->pins, 0, used * sizeof(rm->pins[0]));
	memset(rm->areas, 0, sizeof(*rm) - offsetof(struct refmodel, areas));
	rm->nr_pfns = nr_pfns;
	for (int i = 0; i < RM_NR_DIRECT; i++)
		rm->direct_id[i] = -1;
	for (int i = 0; i < RM_NR_POOL_SLOTS; i++)
		rm->pool_id[i] = -1;
	for (int i = 0; i < RM_DONOR_PAGES; i++)
		rm->donor_slot[i] = -1;
	for (int i = 0; i < RM_NR_INODES; i++)
		rm->size[i] = RM_FILE_PAGES;
	rm_swap_init(&rm->swap);
}

/**
 * rm_fail() - record a disagreement (only the first is kept).
 * @rm: the model.
 * @fmt: printf format of the message.
 *
 * Context: Any context.
 */
void rm_fail(struct refmodel *rm, const char *fmt, ...)
{
	va_list ap;

	if (rm->failed)
		return;
	rm->failed = true;
	va_start(ap, fmt);
	vsnprintf(rm->msg, sizeof(rm->msg), fmt, ap);
	va_end(ap);
}

/* Report @what returned @ret where the model wanted @want. */
static void expect(struct refmodel *rm, const char *what, int ret, int want)
{
	char b1[16], b2[16];

	if (ret != want)
		rm_fail(rm, "%s returned %s, the model expects %s", what,
			gops_errno_name(ret, b1, sizeof(b1)),
			gops_errno_name(want, b2, sizeof(b2)));
}

/**
 * rm_expect() - record a disagreement unless @ret is @want.
 * @rm: the model.
 * @what: the call's name.
 * @ret: what it returned.
 * @want: what the model expects.
 *
 * Context: Any context.
 */
void rm_expect(struct refmodel *rm, const char *what, int ret, int want)
{
	expect(rm, what, ret, want);
}

/**
 * rm_add_cma() - the two CMA areas the executor declared.
 * @rm: the model.
 * @classic_start: first pfn of the classic area.
 * @guarantee_start: first pfn of the `guarantee` area, which is also the
 *	first GCMA area (registered at boot).
 * @guarantee_pool: its cleancache pool.
 *
 * Context: Any context.
 */
void rm_add_cma(struct refmodel *rm, unsigned long classic_start,
		unsigned long guarantee_start, int guarantee_pool)
{
	rm->has_cma = true;
	rm->cma_start[0] = classic_start;
	rm->cma_start[1] = guarantee_start;
	rm->areas[rm->nr_areas++] = (struct rm_area){
		guarantee_start, guarantee_start + RM_CMA_PAGES,
		guarantee_pool };
	rm->nr_pools++;
}

/* ---- GCMA --------------------------------------------------------------- */

/**
 * rm_gcma_area_of() - the area GCMA's find_area() picks for a range.
 * @rm: the model.
 * @start: first pfn.
 * @count: pfns.
 *
 * The first registered area, in registration order, that is not
 * disjoint from [@start, @start + @count) (an area that starts exactly
 * at the end is disjoint); the range must lie inside it.
 *
 * Context: Any context.
 * Return: its index in @rm->areas, or -1.
 */
int rm_gcma_area_of(const struct refmodel *rm, unsigned long start,
		    unsigned long count)
{
	unsigned long end = start + count;

	if (!count)
		return -1;
	for (int i = 0; i < rm->nr_areas; i++) {
		const struct rm_area *a = &rm->areas[i];

		if (a->start >= end || start >= a->end)
			continue;
		return start >= a->start && end <= a->end ? i : -1;
	}
	return -1;
}

/**
 * rm_gcma_allocated() - did GCMA hand @pfn out?
 * @rm: the model.
 * @pfn: the pfn.
 *
 * Context: Any context.
 * Return: true for a page, head or tail GCMA handed out.
 */
bool rm_gcma_allocated(const struct refmodel *rm, unsigned long pfn)
{
	return pfn < rm->nr_pfns && rm->gcma[pfn] != RM_GCMA_NONE;
}

/**
 * rm_gcma_head() - the folio head of an allocated pfn.
 * @rm: the model.
 * @pfn: a pfn GCMA handed out.
 *
 * Context: Any context.
 * Return: @pfn, or for a tail its head.
 */
unsigned long rm_gcma_head(const struct refmodel *rm, unsigned long pfn)
{
	return rm->gcma[pfn] == RM_GCMA_TAIL ? rm->head[pfn] : pfn;
}

/**
 * rm_register_area() - check gcma_register_area() of a direct area.
 * @rm: the model.
 * @area: which direct area.
 * @ret: what it returned.
 * @pool: the pool gcma_area_get_info() shows for it after a success.
 * @faulted: an allocation was failed on purpose during the call.
 *
 * -EBUSY if registered already (its pages are no longer reserved boot
 * pages), -ENOMEM when 64 pools exist, else 0 with the next pool id.
 * With an allocation failed on purpose, -ENOMEM in every case: the
 * bitmap is allocated before anything else is checked (docs/gcma.md).
 *
 * Context: Any context.
 */
void rm_register_area(struct refmodel *rm, int area, int ret, int pool,
		      bool faulted)
{
	int want = rm->direct_id[area] >= 0 ? -EBUSY :
		   rm->nr_pools >= MAX_POOLS ? -ENOMEM : 0;

	if (faulted && ret == -ENOMEM)
		return;
	expect(rm, "gcma_register_area", ret, want);
	if (ret || rm->failed)
		return;
	if (pool != rm->nr_pools)
		rm_fail(rm, "gcma_register_area: pool %d, the model expects %d",
			pool, rm->nr_pools);
	rm->direct_id[area] = rm->nr_areas;
	rm->areas[rm->nr_areas++] = (struct rm_area){
		rm->direct_start[area], rm->direct_start[area] + RM_DIRECT_PAGES,
		pool };
	rm->nr_pools++;
}

static bool is_power_of_2(unsigned long n)
{
	return n && !(n & (n - 1));
}

static unsigned int ilog2(unsigned long n)
{
	return (unsigned int)(63 - __builtin_clzl(n));
}

/* What gcma_alloc_range(@start, @count) must return, docs/gcma.md. */
static int gcma_alloc_expect(const struct refmodel *rm, unsigned long start,
			     unsigned long count, bool comp)
{
	if (comp && (!is_power_of_2(count) || ilog2(count) >= MAX_ORDER ||
		     start % count))
		return -EINVAL;
	if (rm_gcma_area_of(rm, start, count) < 0)
		return -EINVAL;
	/* The first pfn already handed out decides (ascending order). */
	for (unsigned long pfn = start; pfn < start + count; pfn++)
		if (rm->gcma[pfn] != RM_GCMA_NONE)
			return rm->gcma[pfn] == RM_GCMA_PAGE ? -EINVAL :
							       -EOPNOTSUPP;
	return 0;
}

static void gcma_mark(struct refmodel *rm, unsigned long start,
		      unsigned long count, bool comp)
{
	int id = rm_gcma_area_of(rm, start, count);

	/* __GFP_COMP of one page is an order-0 page. */
	comp = comp && count > 1;
	rm->areas[id].allocated += count;
	for (unsigned long pfn = start; pfn < start + count; pfn++) {
		rm->gcma[pfn] = comp ? RM_GCMA_TAIL : RM_GCMA_PAGE;
		rm->head[pfn] = (uint16_t)start;
	}
	if (comp) {
		rm->gcma[start] = RM_GCMA_HEAD;
		rm->order[start] = (uint8_t)ilog2(count);
	}
}

/**
 * rm_gcma_alloc() - check gcma_alloc_range().
 * @rm: the model.
 * @start: first pfn.
 * @count: pfns.
 * @gfp: the op's flags (bit 0: __GFP_COMP).
 * @ret: what it returned.
 *
 * Exact: nothing in a GCMA allocation is the implementation's choice.
 *
 * Context: Any context.
 */
void rm_gcma_alloc(struct refmodel *rm, unsigned long start,
		   unsigned long count, unsigned int gfp, int ret)
{
	bool comp = gfp & GFP_COMP_BIT;

	expect(rm, "gcma_alloc_range", ret,
	       gcma_alloc_expect(rm, start, count, comp));
	if (!ret && !rm->failed)
		gcma_mark(rm, start, count, comp);
}

/* What gcma_free_range(@start, @count) must return, docs/gcma.md. */
static int gcma_free_expect(const struct refmodel *rm, unsigned long start,
			    unsigned long count)
{
	unsigned long end = start + count;

	if (rm_gcma_area_of(rm, start, count) < 0)
		return -EINVAL;
	for (unsigned long pfn = start; pfn < end; pfn++) {
		unsigned long head;

		if (rm->gcma[pfn] == RM_GCMA_NONE)
			return -EINVAL;		/* not allocated */
		head = rm_gcma_head(rm, pfn);
		if (head < start)
			return -EINVAL;		/* starts before the range */
		if (rm->gcma[head] == RM_GCMA_HEAD &&
		    head + (1UL << rm->order[head]) > end)
			return -EINVAL;		/* extends past its end */
		if (rm->pins[head])
			return -EINVAL;		/* another reference */
	}
	return 0;
}

static void gcma_unmark(struct refmodel *rm, unsigned long start,
			unsigned long count)
{
	rm->areas[rm_gcma_area_of(rm, start, count)].allocated -= count;
	for (unsigned long pfn = start; pfn < start + count; pfn++) {
		rm->gcma[pfn] = RM_GCMA_NONE;
		rm->order[pfn] = 0;
	}
}

/**
 * rm_gcma_free() - check gcma_free_range().
 * @rm: the model.
 * @start: first pfn.
 * @count: pfns.
 * @ret: what it returned.
 *
 * Exact.
 *
 * Context: Any context.
 */
void rm_gcma_free(struct refmodel *rm, unsigned long start,
		  unsigned long count, int ret)
{
	expect(rm, "gcma_free_range", ret, gcma_free_expect(rm, start, count));
	if (!ret && !rm->failed)
		gcma_unmark(rm, start, count);
}

/**
 * rm_area_allocated() - pages of a registered area GCMA handed out.
 * @rm: the model.
 * @id: index in @rm->areas.
 *
 * Context: Any context.
 * Return: the count.
 */
unsigned long rm_area_allocated(const struct refmodel *rm, int id)
{
	return rm->areas[id].allocated;
}

/* ---- pools and donor pages ---------------------------------------------- */

/**
 * rm_register_pool() - check cleancache_backend_register_pool().
 * @rm: the model.
 * @slot: the pool slot that gets the id, or -1 (all four are taken).
 * @ret: what it returned.
 * @faulted: an allocation was failed on purpose during the call.
 *
 * Ids are dense from 0: the next id, or -ENOMEM once 64 pools exist. The
 * pools past the slots share one name: the second of them is -EEXIST
 * (a name is registered once).
 *
 * Context: Any context.
 */
void rm_register_pool(struct refmodel *rm, int slot, int ret, bool faulted)
{
	int want = slot < 0 && rm->extra_pool ? -EEXIST :
		   rm->nr_pools < MAX_POOLS ? rm->nr_pools : -ENOMEM;

	if (faulted && ret == -ENOMEM)
		return;
	expect(rm, "cleancache_backend_register_pool", ret, want);
	if (ret < 0 || rm->failed)
		return;
	rm->nr_pools++;
	if (slot >= 0)
		rm->pool_id[slot] = ret;
	else
		rm->extra_pool = true;
}

/**
 * rm_donate() - check a donation of donor pages.
 * @rm: the model.
 * @slot: pool slot.
 * @off: first donor page.
 * @count: pages (1 for cleancache_backend_put_folio()); the range lies
 *	inside the donor region.
 * @ret: what it returned.
 *
 * -EINVAL for 0 pages, an unregistered pool, or a page donated already
 * (it carries cleancache's private word); else 0.
 *
 * Context: Any context.
 */
void rm_donate(struct refmodel *rm, int slot, unsigned long off,
	       unsigned long count, int ret)
{
	int want = count && rm->pool_id[slot] >= 0 ? 0 : -EINVAL;

	for (unsigned long i = off; !want && i < off + count; i++)
		if (rm->donor_slot[i] >= 0)
			want = -EINVAL;
	expect(rm, count == 1 ? "cleancache_backend_put_folio" :
				"cleancache_backend_put_range", ret, want);
	if (ret || rm->failed)
		return;
	for (unsigned long i = off; i < off + count; i++)
		rm->donor_slot[i] = (int8_t)slot;
}

/* Is @pfn part of a compound folio GCMA handed out? */
static bool gcma_large(const struct refmodel *rm, unsigned long pfn)
{
	return pfn < rm->nr_pfns && (rm->gcma[pfn] == RM_GCMA_HEAD ||
				     rm->gcma[pfn] == RM_GCMA_TAIL);
}

/**
 * rm_take() - check a take-back of donor pages.
 * @rm: the model.
 * @slot: pool slot.
 * @off: first page, from the donor region's start (may run past it,
 *	into the direct area above).
 * @count: pages.
 * @range: cleancache_backend_get_range(), else get_folio() of one page.
 * @ret: what it returned.
 *
 * 0 if every page is donated to that pool. Else the first bad pfn in
 * ascending order decides: -EOPNOTSUPP for a page of a large folio,
 * -EINVAL for one not in the pool (nothing taken: a range call gives
 * back what it took before). get_folio() looks at the folio's size
 * before the pool id; get_range() at the pool id first (and a count of
 * 0 is -EINVAL).
 *
 * Context: Any context.
 */
void rm_take(struct refmodel *rm, int slot, unsigned long off,
	     unsigned long count, bool range, int ret)
{
	bool pool_ok = rm->pool_id[slot] >= 0;
	int want = 0;

	if (!range && gcma_large(rm, rm->donor_start + off))
		want = -EOPNOTSUPP;
	else if (!pool_ok || !count)
		want = -EINVAL;
	for (unsigned long i = off; !want && i < off + count; i++)
		if (gcma_large(rm, rm->donor_start + i))
			want = -EOPNOTSUPP;
		else if (i >= RM_DONOR_PAGES || rm->donor_slot[i] != slot)
			want = -EINVAL;
	expect(rm, range ? "cleancache_backend_get_range" :
			   "cleancache_backend_get_folio", ret, want);
	if (ret || rm->failed)
		return;
	for (unsigned long i = off; i < off + count; i++)
		rm->donor_slot[i] = -1;
}

/**
 * rm_pool_size() - folios a pool must own now.
 * @rm: the model.
 * @pool: pool id.
 *
 * A GCMA area's pool owns the pages not handed out; a donor pool the
 * donor pages donated to it.
 *
 * Context: Any context.
 * Return: the count.
 */
unsigned long rm_pool_size(const struct refmodel *rm, int pool)
{
	unsigned long n = 0;

	if (rm_tag_pool_size(rm, pool, &n))
		return n;
	for (int i = 0; i < rm->nr_areas; i++)
		if (rm->areas[i].pool == pool)
			return rm->areas[i].end - rm->areas[i].start -
			       rm_area_allocated(rm, i);
	for (int s = 0; s < RM_NR_POOL_SLOTS; s++) {
		if (rm->pool_id[s] != pool)
			continue;
		for (int i = 0; i < RM_DONOR_PAGES; i++)
			n += rm->donor_slot[i] == s;
	}
	return n;
}

/* ---- CMA ---------------------------------------------------------------- */

/* Is [@i, @i + @count) of CMA area @area's bitmap free? */
static bool cma_run_free(const struct refmodel *rm, int area,
			 unsigned long i, unsigned long count)
{
	if (i + count > RM_CMA_PAGES)
		return false;
	for (unsigned long j = i; j < i + count; j++)
		if (rm->cma_bits[area][j])
			return false;
	return true;
}

/**
 * rm_cma_alloc() - check cma_alloc_pages().
 * @rm: the model.
 * @area: 0 classic, 1 guarantee.
 * @count: pages.
 * @align: alignment order.
 * @gfp: the op's flags (bit 0: __GFP_COMP).
 * @faulted: an allocation was failed on purpose during the call.
 * @ret: what it returned.
 * @pfn: the first pfn allocated, when @ret is 0.
 *
 * -EINVAL for a bad request (docs/cma.md step 1); -ENOMEM when the
 * bitmap has no free aligned run. A `guarantee` area must then succeed
 * at the first free aligned run (or fail with gcma_alloc_range()'s error
 * there, which ends the search). A classic area may succeed at any free
 * aligned run at or after the first (runs it found busy are skipped),
 * or fail with -EBUSY (a folio could not be moved) or -ENOMEM (no page
 * to migrate to): which one is learned from the result.
 *
 * Context: Any context.
 */
void rm_cma_alloc(struct refmodel *rm, int area, unsigned long count,
		  unsigned int align, unsigned int gfp, bool faulted,
		  int ret, unsigned long pfn)
{
	bool comp = gfp & GFP_COMP_BIT;
	unsigned long step = 1UL << align, first;
	int want;

	if (!count || count > RM_CMA_PAGES ||
	    (comp && (!is_power_of_2(count) || ilog2(count) >= MAX_ORDER ||
		      align < ilog2(count)))) {
		expect(rm, "cma_alloc", ret, -EINVAL);
		return;
	}
	for (first = 0; first < RM_CMA_PAGES; first += step)
		if (cma_run_free(rm, area, first, count))
			break;
	if (first >= RM_CMA_PAGES) {
		expect(rm, "cma_alloc", ret, -ENOMEM);
		return;
	}
	if (area == 1) {
		want = gcma_alloc_expect(rm, rm->cma_start[1] + first, count,
					 comp);
		if (faulted && ret == -ENOMEM)
			return;
		expect(rm, "cma_alloc (guarantee)", ret, want);
		if (!ret && pfn != rm->cma_start[1] + first)
			rm_fail(rm, "cma_alloc (guarantee) took pfn %#lx, the model expects %#lx",
				pfn, rm->cma_start[1] + first);
	} else {
		if (ret == -EBUSY || ret == -ENOMEM)
			return;
		if (ret) {
			expect(rm, "cma_alloc (classic)", ret, 0);
			return;
		}
		if (pfn < rm->cma_start[0] + first ||
		    (pfn - rm->cma_start[0]) % step ||
		    !cma_run_free(rm, 0, pfn - rm->cma_start[0], count))
			rm_fail(rm, "cma_alloc (classic) took pfn %#lx: not a free aligned run at or after %#lx",
				pfn, rm->cma_start[0] + first);
	}
	if (ret || rm->failed)
		return;
	for (unsigned long j = 0; j < count; j++)
		rm->cma_bits[area][pfn - rm->cma_start[area] + j] = true;
	rm->cma_used[area] += count;
	if (area == 1)
		gcma_mark(rm, pfn, count, comp);
}

/**
 * rm_cma_release() - check cma_release_pages() of (part of) an
 * allocation.
 * @rm: the model.
 * @area: 0 classic, 1 guarantee.
 * @pfn: first pfn.
 * @count: pages.
 * @cut: the pages are part of a compound folio that the range cuts.
 * @ret: what it returned.
 *
 * Exact: -EINVAL for bits not all set, a pinned page or a cut compound
 * folio (classic), or whatever gcma_free_range() refuses (guarantee);
 * else 0.
 *
 * Context: Any context.
 */
void rm_cma_release(struct refmodel *rm, int area, unsigned long pfn,
		    unsigned long count, bool cut, int ret)
{
	unsigned long off = pfn - rm->cma_start[area];
	int want = 0;

	for (unsigned long j = off; j < off + count; j++)
		if (!rm->cma_bits[area][j])
			want = -EINVAL;
	if (!want && area == 1)
		want = gcma_free_expect(rm, pfn, count);
	if (!want && area == 0) {
		if (cut)
			want = -EINVAL;
		for (unsigned long p = pfn; p < pfn + count; p++)
			if (rm->pins[p])
				want = -EINVAL;
	}
	expect(rm, "cma_release", ret, want);
	if (ret || rm->failed)
		return;
	for (unsigned long j = off; j < off + count; j++)
		rm->cma_bits[area][j] = false;
	rm->cma_used[area] -= count;
	if (area == 1)
		gcma_unmark(rm, pfn, count);
}

/**
 * rm_cma_available() - pages of a CMA area not allocated.
 * @rm: the model.
 * @area: 0 classic, 1 guarantee.
 *
 * Context: Any context.
 * Return: the count.
 */
unsigned long rm_cma_available(const struct refmodel *rm, int area)
{
	return RM_CMA_PAGES - rm->cma_used[area];
}

/* ---- pins --------------------------------------------------------------- */

/**
 * rm_pin() - check sim_pin_folio() of an allocated page.
 * @rm: the model.
 * @pfn: the folio head.
 * @in_use: the model says it is allocated (refcount 1 at least).
 * @longterm: a FOLL_LONGTERM pin: the machine may refuse it with -EAGAIN
 *	(it would migrate the folio first); learned from the result.
 * @ret: what it returned.
 *
 * Context: Any context.
 */
void rm_pin(struct refmodel *rm, unsigned long pfn, bool in_use,
	    bool longterm, int ret)
{
	if (in_use && longterm && ret == -EAGAIN)
		return;
	expect(rm, "sim_pin_folio", ret, in_use ? 0 : -EINVAL);
	if (!ret && !rm->failed)
		rm->pins[pfn]++;
}

/**
 * rm_unpin() - a pin of @pfn the model counted was released.
 * @rm: the model.
 * @pfn: the folio head.
 *
 * Context: Any context.
 */
void rm_unpin(struct refmodel *rm, unsigned long pfn)
{
	if (!rm->pins[pfn])
		rm_fail(rm, "unpin of pfn %#lx, which the model has no pin on",
			pfn);
	else
		rm->pins[pfn]--;
}

/* ---- files -------------------------------------------------------------- */

/**
 * rm_file_result() - check a page-cache call's return.
 * @rm: the model.
 * @what: the call's name.
 * @ino: inode slot.
 * @idx: page index.
 * @flags: RM_F_ENOENT: the page may legitimately not be cached (evict,
 *	writeback: whether it is depends on reclaim, which the model does
 *	not follow); RM_F_BADARG: an argument other than @idx is invalid.
 * @faulted: an allocation was failed on purpose during the call.
 * @ret: what it returned.
 *
 * -EINVAL for an index at or past the end of the file (or a bad
 * argument); -ENOMEM only when an allocation was failed on purpose.
 *
 * Context: Any context.
 */
void rm_file_result(struct refmodel *rm, const char *what, int ino,
		    unsigned long idx, unsigned int flags, bool faulted,
		    int ret)
{
	bool past = idx >= rm->size[ino];

	if (flags & RM_F_BADARG) {
		expect(rm, what, ret, -EINVAL);
		return;
	}
	if (faulted && ret == -ENOMEM)
		return;
	if (flags & RM_F_ENOENT) {
		if (ret == -ENOENT || (past && ret == -EINVAL) ||
		    (!past && !ret))
			return;
		expect(rm, what, ret, past ? -ENOENT : 0);
		return;
	}
	expect(rm, what, ret, past ? -EINVAL : 0);
}

/**
 * rm_file_seen() - check the contents of a page read or just written.
 * @rm: the model.
 * @ino: inode slot.
 * @idx: page index.
 * @hash: hash of the page's contents.
 * @written: the op wrote it (new contents) rather than read it.
 *
 * A read must show the contents seen last; contents never seen before
 * are learned, and must not be those the page lost (to a write, a
 * truncation or a new incarnation of its inode). A write must change
 * the contents.
 *
 * Context: Any context.
 */
void rm_file_seen(struct refmodel *rm, int ino, unsigned long idx,
		  uint64_t hash, bool written)
{
	struct rm_page *pg = &rm->page[ino][idx];

	if (written) {
		if (pg->known && pg->hash == hash)
			rm_fail(rm, "ino slot %d index %lu: a write left the contents unchanged",
				ino, idx);
		if (pg->known) {
			pg->has_stale = true;
			pg->stale = pg->hash;
		}
	} else if (pg->known && pg->hash != hash) {
		rm_fail(rm, "ino slot %d index %lu: contents changed (hash %#llx, expected %#llx)",
			ino, idx, (unsigned long long)hash,
			(unsigned long long)pg->hash);
	}
	if (!pg->known && pg->has_stale && pg->stale == hash)
		rm_fail(rm, "ino slot %d index %lu: stale contents (from before a write, truncation or re-creation)",
			ino, idx);
	pg->known = true;
	pg->hash = hash;
}

/* Page @idx of @ino loses its contents: they may not come back. */
static void page_lost(struct rm_page *pg)
{
	if (!pg->known)
		return;
	pg->known = false;
	pg->has_stale = true;
	pg->stale = pg->hash;
}

/**
 * rm_truncate() - check sim_page_cache_truncate() to @pages pages.
 * @rm: the model.
 * @ino: inode slot.
 * @pages: the new size in pages.
 * @ret: what it returned.
 * @faulted: an allocation was failed on purpose during the call.
 *
 * 0 (-ENOMEM only when failed on purpose, with nothing changed); the
 * pages cut off lose their contents.
 *
 * Context: Any context.
 */
void rm_truncate(struct refmodel *rm, int ino, unsigned int pages, int ret,
		 bool faulted)
{
	if (faulted && ret == -ENOMEM)
		return;
	expect(rm, "sim_page_cache_truncate", ret, 0);
	if (ret || rm->failed)
		return;
	for (unsigned int i = pages; i < RM_FILE_PAGES + 8; i++)
		page_lost(&rm->page[ino][i]);
	rm->size[ino] = pages;
}

/**
 * rm_forget() - the inode was evicted and created anew (next generation).
 * @rm: the model.
 * @ino: inode slot.
 *
 * Every page loses its contents; the size is the initial one.
 *
 * Context: Any context.
 */
void rm_forget(struct refmodel *rm, int ino)
{
	for (unsigned int i = 0; i < RM_FILE_PAGES + 8; i++)
		page_lost(&rm->page[ino][i]);
	rm->size[ino] = RM_FILE_PAGES;
}
