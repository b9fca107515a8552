// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * A memblock-like boot allocator: named, aligned pfn runs carved out of
 * the machine before it boots (the carve-outs CMA and GCMA areas are
 * made from). Allocation is top-down, as memblock's default is.
 * Reserved pfns get PG_reserved and refcount 1, as reserved pages do in
 * the kernel's memmap.
 */
#include <string.h>

#include "kernel/memblock.h"
#include "kernel/mmzone.h"
#include "kernel/slab.h"
#include "platform/internal.h"

/* The region overlapping [pfn, pfn + nr), or -1. Caller holds m->lock. */
static long sim_memblock_overlap(const struct sim_machine *m,
				 unsigned long pfn, unsigned long nr)
{
	for (unsigned long i = 0; i < m->nr_regions; i++) {
		const struct sim_memblock_region *r = &m->regions[i];

		if (pfn < r->base_pfn + r->nr_pages && r->base_pfn < pfn + nr)
			return (long)i;
	}
	return -1;
}

/* Record a checked, free run. Caller holds m->lock. */
static void sim_memblock_insert(struct sim_machine *m, unsigned long pfn,
				unsigned long nr, const char *name)
{
	unsigned long i = m->nr_regions;

	while (i && m->regions[i - 1].base_pfn > pfn) {
		m->regions[i] = m->regions[i - 1];
		i--;
	}
	m->regions[i].base_pfn = pfn;
	m->regions[i].nr_pages = nr;
	snprintf(m->regions[i].name, sizeof(m->regions[i].name), "%s",
		 name ? name : "");
	m->nr_regions++;
	m->nr_reserved += nr;

	for (unsigned long p = pfn; p < pfn + nr; p++) {
		struct folio *f = sim_pfn_desc(m, p);

		__folio_set_reserved(f);
		folio_set_count(f, 1);
	}
}

/* Common checks of both calls. Caller holds m->lock. */
static int sim_memblock_check(const struct sim_machine *m)
{
	if (m->booted)
		return -EPERM;
	if (m->nr_regions == SIM_MEMBLOCK_MAX_REGIONS)
		return -ENOSPC;
	return 0;
}

/*
 * sim_memblock_alloc() between @lo and @hi (pfns, @hi exclusive, both
 * inside the machine): the highest free aligned run of @nr_pages.
 */
static int sim_memblock_alloc_between(struct sim_machine *m, unsigned long nr_pages,
				unsigned long align_pages, unsigned long lo,
				unsigned long hi, const char *name,
				unsigned long *pfn_out)
{
	unsigned long cand;
	long hit;
	int ret;

	if (!pfn_out || !nr_pages || lo >= hi || nr_pages > hi - lo)
		return -EINVAL;
	if (!align_pages)
		align_pages = 1;
	if (!is_power_of_2(align_pages))
		return -EINVAL;

	pthread_mutex_lock(&m->lock);
	ret = sim_memblock_check(m);
	if (ret)
		goto out;
	ret = -ENOMEM;
	cand = ALIGN_DOWN(hi - nr_pages, align_pages);
	while (cand >= lo && cand <= hi - nr_pages) {
		hit = sim_memblock_overlap(m, cand, nr_pages);
		if (hit < 0) {
			sim_memblock_insert(m, cand, nr_pages, name);
			*pfn_out = cand;
			ret = 0;
			break;
		}
		if (m->regions[hit].base_pfn < nr_pages)
			break;
		cand = ALIGN_DOWN(m->regions[hit].base_pfn - nr_pages,
				  align_pages);
	}
out:
	pthread_mutex_unlock(&m->lock);
	return ret;
}

/**
 * sim_memblock_alloc() - reserve @nr_pages aligned pfns at boot.
 * @m: the machine.
 * @nr_pages: length of the run.
 * @align_pages: alignment of its first pfn, a power of two (0 means 1).
 * @name: owner, shown in dumps (may be NULL).
 * @pfn_out: receives the first pfn.
 *
 * Takes the highest free run that fits, as memblock does top-down.
 *
 * Context: Process context, during boot.
 * Return: 0; -EINVAL for NULL pointers, 0 pages, more pages than the
 * machine has, or an alignment that is not a power of two; -ENOMEM when no
 * free aligned run is left; -ENOSPC when the region table is full;
 * -EPERM after sim_machine_boot_done(). Nothing changes on failure.
 */
int sim_memblock_alloc(struct sim_machine *m, unsigned long nr_pages,
		       unsigned long align_pages, const char *name,
		       unsigned long *pfn_out)
{
	if (!m)
		return -EINVAL;
	return sim_memblock_alloc_between(m, nr_pages, align_pages, m->base_pfn,
				    m->end_pfn, name, pfn_out);
}

/**
 * sim_memblock_reserve() - reserve the fixed run [@base_pfn, +@nr_pages).
 * @m: the machine.
 * @base_pfn: first pfn.
 * @nr_pages: length.
 * @name: owner, shown in dumps (may be NULL).
 *
 * Context: Process context, during boot.
 * Return: 0; -EINVAL for a NULL @m, 0 pages or a run not inside the
 * machine; -EBUSY if it overlaps an earlier reservation; -ENOSPC when the
 * region table is full; -EPERM after boot. Nothing changes on failure.
 */
int sim_memblock_reserve(struct sim_machine *m, unsigned long base_pfn,
			 unsigned long nr_pages, const char *name)
{
	int ret;

	if (!m || !sim_range_in(m, base_pfn, nr_pages))
		return -EINVAL;
	pthread_mutex_lock(&m->lock);
	ret = sim_memblock_check(m);
	if (!ret && sim_memblock_overlap(m, base_pfn, nr_pages) >= 0)
		ret = -EBUSY;
	if (!ret)
		sim_memblock_insert(m, base_pfn, nr_pages, name);
	pthread_mutex_unlock(&m->lock);
	return ret;
}

/**
 * sim_memblock_count() - number of boot reservations.
 * @m: the machine.
 *
 * Context: Any context.
 * Return: the count, 0 for a NULL @m.
 */
unsigned long sim_memblock_count(const struct sim_machine *m)
{
	struct sim_machine *mm = (struct sim_machine *)m;
	unsigned long n;

	if (!m)
		return 0;
	pthread_mutex_lock(&mm->lock);
	n = m->nr_regions;
	pthread_mutex_unlock(&mm->lock);
	return n;
}

/**
 * sim_memblock_region() - copy out reservation @i, in pfn order.
 * @m: the machine.
 * @i: 0 .. sim_memblock_count() - 1.
 * @out: receives the region.
 *
 * Context: Any context.
 * Return: 0, -EINVAL for NULL pointers, -ENOENT for @i out of range.
 */
int sim_memblock_region(const struct sim_machine *m, unsigned long i,
			struct sim_memblock_region *out)
{
	struct sim_machine *mm = (struct sim_machine *)m;
	int ret = -ENOENT;

	if (!m || !out)
		return -EINVAL;
	pthread_mutex_lock(&mm->lock);
	if (i < m->nr_regions) {
		*out = m->regions[i];
		ret = 0;
	}
	pthread_mutex_unlock(&mm->lock);
	return ret;
}

/* ---- the kernel-named calls (kernel/memblock.h) ----------------------- */

/**
 * memblock_reserve() - reserve [@base, @base + @size) on the attached
 * machine, as boot code does for a fixed carve-out.
 * @base: physical address, page aligned.
 * @size: bytes, page aligned.
 *
 * Context: Process context, during boot; the thread must be attached.
 * Return: as sim_memblock_reserve(); -EINVAL for unaligned arguments;
 * -EBUSY after boot (the kernel's memblock is gone then).
 */
int memblock_reserve(phys_addr_t base, phys_addr_t size)
{
	struct sim_machine *m = sim_require_machine(__func__);
	int ret;

	if (!m)
		return -ENXIO;
	if (!PAGE_ALIGNED(base | size) || !size)
		return -EINVAL;
	ret = sim_memblock_reserve(m, PHYS_PFN(base), PHYS_PFN(size), "cma");
	return ret == -EPERM ? -EBUSY : ret;
}

/**
 * memblock_phys_alloc_range() - allocate boot memory on the attached
 * machine between @start and @end, top-down.
 * @size: bytes, page aligned.
 * @align: alignment in bytes, a power of two (0: a page).
 * @start: lowest address (0: the machine's start).
 * @end: first address past the window (0: the machine's end).
 *
 * Context: Process context, during boot; the thread must be attached.
 * Return: the physical address, or 0 on any failure.
 */
phys_addr_t memblock_phys_alloc_range(phys_addr_t size, phys_addr_t align,
				      phys_addr_t start, phys_addr_t end)
{
	struct sim_machine *m = sim_require_machine(__func__);
	unsigned long lo, hi, pfn;

	if (!m || !PAGE_ALIGNED(size | align | start | end))
		return 0;
	lo = max(PHYS_PFN(start), m->base_pfn);
	hi = end ? min(PHYS_PFN(end), m->end_pfn) : m->end_pfn;
	if (sim_memblock_alloc_between(m, PHYS_PFN(size), PHYS_PFN(align), lo, hi,
				 "cma", &pfn))
		return 0;
	return PFN_PHYS(pfn);
}

/**
 * slab_is_available() - has the attached machine left its boot phase?
 *
 * The kernel's test for "memblock is no longer the allocator": boot-time
 * reservations are refused after it turns true.
 *
 * Context: Any context.
 * Return: true after sim_machine_boot_done(), or for an unattached thread.
 */
bool slab_is_available(void)
{
	struct sim_machine *m = sim_require_machine(__func__);
	bool closed;

	if (!m)
		return true;
	pthread_mutex_lock(&m->lock);
	closed = m->booted;
	pthread_mutex_unlock(&m->lock);
	return closed;
}

/**
 * memblock_is_region_reserved() - does a pfn run meet a reservation?
 * @pfn: first pfn.
 * @nr: number of pfns.
 *
 * Reads the regions without m->lock: after boot they never change, and
 * the page allocator calls this under its zone lock, which must not nest
 * m->lock (boot holds m->lock while it takes the zone lock).
 *
 * Context: Any context after sim_machine_boot_done(), or during it with
 * m->lock held; the thread must be attached.
 * Return: true if [@pfn, @pfn + @nr) intersects a boot reservation.
 */
bool memblock_is_region_reserved(unsigned long pfn, unsigned long nr)
{
	struct sim_machine *m = sim_require_machine(__func__);
	unsigned long lo = 0, hi;

	if (!m)
		return false;
	hi = m->nr_regions;
	/* The first region ending after @pfn, by binary search. */
	while (lo < hi) {
		unsigned long mid = lo + (hi - lo) / 2;
		const struct sim_memblock_region *r = &m->regions[mid];

		if (r->base_pfn + r->nr_pages <= pfn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < m->nr_regions && m->regions[lo].base_pfn < pfn + nr;
}
