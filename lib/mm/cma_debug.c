// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * What CMA shows its users (the kernel's mm/cma_sysfs.c, mm/cma_debug.c
 * and cma_debug_show_areas()), and the invariant checker of the areas.
 *
 * sysfs (/sys/kernel/mm/cma/<name>/), one "name value" line each:
 *   alloc_pages_success alloc_pages_fail release_pages_success
 *   total_pages available_pages gcma
 * debugfs (<debugfs>/cma/<name>/), one "name value" line each:
 *   base_pfn count order_per_bit used maxchunk bitmap
 * where bitmap is the area's bitmap as 32-bit words in decimal, as the
 * kernel's u32 array file prints it.
 */
#include "kernel/bitmap.h"
#include "kernel/bug.h"
#include "kernel/printk.h"
#include "kernel/seq_file.h"
#include "kernel/slab.h"
#include "kernel/string.h"
#include "mm/cma_internal.h"
#include "mm/gcma_internal.h"
#include "mm/page_alloc_internal.h"

/* The area @cma of the attached machine, or NULL. */
static struct cma *cma_checked(const struct cma *cma)
{
	struct cma_state *st = cma_get_state();

	if (!st || !cma || !cma_is_area(st, cma))
		return NULL;
	return (struct cma *)cma;
}

/**
 * cma_get_name() - an area's name.
 * @cma: the area.
 *
 * Context: Any context.
 * Return: the name, or NULL for a pointer that is no area of the
 * attached machine.
 */
const char *cma_get_name(const struct cma *cma)
{
	struct cma *c = cma_checked(cma);

	return c ? c->name : NULL;
}

/**
 * cma_get_base() - an area's physical base address.
 * @cma: the area.
 *
 * Context: Any context.
 * Return: the address, or 0 for a pointer that is no area.
 */
phys_addr_t cma_get_base(const struct cma *cma)
{
	struct cma *c = cma_checked(cma);

	return c ? PFN_PHYS(c->base_pfn) : 0;
}

/**
 * cma_get_size() - an area's size in bytes.
 * @cma: the area.
 *
 * Context: Any context.
 * Return: the size, or 0 for a pointer that is no area.
 */
unsigned long cma_get_size(const struct cma *cma)
{
	struct cma *c = cma_checked(cma);

	return c ? c->count << PAGE_SHIFT : 0;
}

/**
 * cma_for_each_area() - call @it for every area of the attached machine,
 * in declaration order, until it returns non-zero.
 * @it: the callback.
 * @data: its argument.
 *
 * Context: Process context.
 * Return: the first non-zero value @it returned, else 0; -EINVAL for a
 * NULL @it; -ENXIO for an unattached thread.
 */
int cma_for_each_area(int (*it)(struct cma *cma, void *data), void *data)
{
	struct cma_state *st = cma_get_state();
	int nr, ret;

	if (!st)
		return -ENXIO;
	if (!it)
		return -EINVAL;
	nr = smp_load_acquire(&st->nr_areas);
	for (int i = 0; i < nr; i++) {
		ret = it(&st->areas[i], data);
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * cma_find_area() - the area called @name on the attached machine.
 * @name: its name.
 *
 * Context: Any context.
 * Return: the area, or NULL.
 */
struct cma *cma_find_area(const char *name)
{
	struct cma_state *st = cma_get_state();
	int nr;

	if (!st || !name)
		return NULL;
	nr = smp_load_acquire(&st->nr_areas);
	for (int i = 0; i < nr; i++)
		if (!strcmp(st->areas[i].name, name))
			return &st->areas[i];
	return NULL;
}

/**
 * cma_get_stats() - an area's counters.
 * @cma: the area.
 * @out: receives them.
 *
 * Context: Any context; counters are read one by one, not as a snapshot.
 * Return: 0; -EINVAL for a NULL @out or a pointer that is no area.
 */
int cma_get_stats(struct cma *cma, struct cma_stats *out)
{
	struct cma *c = cma_checked(cma);

	if (!c || !out)
		return -EINVAL;
#define CMA_STAT(item) ((unsigned long)atomic_long_read(&c->stats[item]))
	*out = (struct cma_stats){
		.alloc_pages_success = CMA_STAT(CMA_ALLOC_PAGES_SUCCESS),
		.alloc_pages_fail = CMA_STAT(CMA_ALLOC_PAGES_FAIL),
		.release_pages_success = CMA_STAT(CMA_RELEASE_PAGES_SUCCESS),
		.total_pages = c->count,
		.available_pages = READ_ONCE(c->available_count),
		.gcma = c->gcma,
		.busy_retries = CMA_STAT(CMA_BUSY_RETRIES),
		.nr_migrated = CMA_STAT(CMA_NR_MIGRATED),
		.nr_reclaimed = CMA_STAT(CMA_NR_RECLAIMED),
		.nr_mapped = CMA_STAT(CMA_NR_MAPPED),
		.err_isolate = CMA_STAT(CMA_ERR_ISOLATE),
		.err_migrate = CMA_STAT(CMA_ERR_MIGRATE),
		.err_test = CMA_STAT(CMA_ERR_TEST),
	};
#undef CMA_STAT
	return 0;
}

/**
 * cma_sysfs_seq_show() - show an area's sysfs files, then the classic-CMA
 * counters the simulation adds, one "name value" line each.
 * @m: where to print.
 * @v: the area (struct cma *).
 *
 * Context: Any context.
 * Return: 0; -EINVAL for a pointer that is no area.
 */
int cma_sysfs_seq_show(struct seq_file *m, void *v)
{
	struct cma_stats s;
	int ret = cma_get_stats(v, &s);

	if (ret)
		return ret;
	seq_printf(m, "alloc_pages_success %lu\nalloc_pages_fail %lu\n"
		"release_pages_success %lu\ntotal_pages %lu\n"
		   "available_pages %lu\ngcma %d\n",
		   s.alloc_pages_success, s.alloc_pages_fail,
		   s.release_pages_success, s.total_pages, s.available_pages,
		   s.gcma);
	seq_printf(m, "busy_retries %lu\nnr_migrated %lu\nnr_reclaimed %lu\n"
		   "nr_mapped %lu\nerr_isolate %lu\nerr_migrate %lu\n"
		   "err_test %lu\n", s.busy_retries, s.nr_migrated,
		   s.nr_reclaimed, s.nr_mapped, s.err_isolate, s.err_migrate,
		   s.err_test);
	return 0;
}

/* Largest run of clear bits, in pages (debugfs maxchunk). */
static unsigned long cma_maxchunk(struct cma *c)
{
	unsigned long nbits = cma_bitmap_maxno(c), start = 0, best = 0;

	for (;;) {
		unsigned long zero = find_next_zero_bit(c->bitmap, nbits, start);
		unsigned long set;

		if (zero >= nbits)
			break;
		set = find_next_bit(c->bitmap, nbits, zero);
		best = max(best, set - zero);
		start = set;
	}
	return best << c->order_per_bit;
}

/**
 * cma_debugfs_seq_show() - show an area's debugfs files, one "name value"
 * line each: base_pfn count order_per_bit used maxchunk bitmap.
 * @m: where to print.
 * @v: the area (struct cma *).
 *
 * Context: Process context; takes the area's lock.
 * Return: 0; -EINVAL for a pointer that is no area or an area that was
 * never activated (it has no bitmap).
 */
int cma_debugfs_seq_show(struct seq_file *m, void *v)
{
	struct cma *c = cma_checked(v);
	unsigned long nbits, used;

	if (!c || !c->bitmap)
		return -EINVAL;
	nbits = cma_bitmap_maxno(c);
	spin_lock(&c->lock);
	used = bitmap_weight(c->bitmap, nbits) << c->order_per_bit;
	seq_printf(m, "base_pfn 0x%lx\ncount %lu\norder_per_bit %u\n"
		   "used %lu\nmaxchunk %lu\nbitmap",
		   c->base_pfn, c->count, c->order_per_bit, used,
		   cma_maxchunk(c));
	for (unsigned long i = 0; i < DIV_ROUND_UP(nbits, 32); i++) {
		unsigned long word = c->bitmap[i / 2];

		seq_printf(m, " %lu", (i % 2 ? word >> 32 : word) & 0xffffffffUL);
	}
	seq_putc(m, '\n');
	spin_unlock(&c->lock);
	return 0;
}

/**
 * cma_free_extents_unchecked() - the free extents of @cma in the kernel's format:
 * "1@93+4@108=> 5 free of 1024 total pages", each extent as pages@bit.
 * @cma: an activated area.
 * @buf: receives the text (truncated to @len, always terminated).
 * @len: size of @buf.
 *
 * Context: takes the area's lock.
 * Return: the length the whole text needs, excluding the NUL.
 */
int cma_free_extents_unchecked(struct cma *cma, char *buf, size_t len)
{
	unsigned long nbits = cma_bitmap_maxno(cma), start = 0, total = 0;
	size_t n = 0;

	if (len)
		buf[0] = '\0';
	spin_lock(&cma->lock);
	for (;;) {
		unsigned long zero = find_next_zero_bit(cma->bitmap, nbits, start);
		unsigned long set, pages;

		if (zero >= nbits)
			break;
		set = find_next_bit(cma->bitmap, nbits, zero);
		pages = (set - zero) << cma->order_per_bit;
		n += snprintf(n < len ? buf + n : NULL, n < len ? len - n : 0,
			      "%s%lu@%lu", total ? "+" : "", pages, zero);
		total += pages;
		start = set;
	}
	spin_unlock(&cma->lock);
	n += snprintf(n < len ? buf + n : NULL, n < len ? len - n : 0,
		      "=> %lu free of %lu total pages", total, cma->count);
	return (int)n;
}

/**
 * cma_free_extents() - write @cma's free extents into @buf, in the format
 * of the kernel's "cma: number of available pages: " line.
 * @cma: the area.
 * @buf: receives the text, truncated to @len and always terminated.
 * @len: size of @buf.
 *
 * Context: Process context; takes the area's lock.
 * Return: the length the whole text needs (excluding the NUL); -EINVAL
 * for a NULL @buf with a non-zero @len, a pointer that is no area, or an
 * area not activated.
 */
int cma_free_extents(struct cma *cma, char *buf, size_t len)
{
	struct cma *c = cma_checked(cma);

	if (!c || !c->bitmap || (!buf && len))
		return -EINVAL;
	return cma_free_extents_unchecked(c, buf, len);
}

/**
 * cma_debug_show_areas() - log @cma's free extents, as the kernel does
 * when an allocation fails: "cma: number of available pages: ...".
 * @cma: the area.
 *
 * Context: Process context; takes the area's lock.
 * Return: 0; -EINVAL for a pointer that is no area or an area not
 * activated; -ENOMEM.
 */
int cma_debug_show_areas(struct cma *cma)
{
	struct cma *c = cma_checked(cma);
	char *buf;
	int need;

	if (!c || !c->bitmap)
		return -EINVAL;
	need = cma_free_extents_unchecked(c, NULL, 0);
	buf = kmalloc(need + 1, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	cma_free_extents_unchecked(c, buf, need + 1);
	pr_info("cma: number of available pages: %s\n", buf);
	kfree(buf);
	return 0;
}

/* Reports of one cma_check() call, then a summary, as the other checkers. */
#define CMA_CHECK_MAX_REPORTS	32

/* Count a problem in *@bad; WARN about the first CMA_CHECK_MAX_REPORTS. */
#define cma_check_fail(bad, fmt, ...) do {				\
	if ((*(bad))++ < CMA_CHECK_MAX_REPORTS)				\
		WARN(1, fmt, ##__VA_ARGS__);				\
} while (0)

/*
 * Count the problems of one area in *@bad: its bitmap against its pages
 * and GCMA.
 */
static void cma_check_area(struct cma *c, int *bad)
{
	unsigned long nbits = cma_bitmap_maxno(c), zero_bits;
	unsigned long mt_block = ULONG_MAX;
	struct gcma *g = c->gcma ? gcma_get_state() : NULL;
	int mt = MIGRATE_CMA;
	const struct gcma_area *garea = NULL;

	spin_lock(&c->lock);
	zero_bits = nbits - bitmap_weight(c->bitmap, nbits);
	if (c->available_count != zero_bits << c->order_per_bit)
		cma_check_fail(bad, "cma %s: available_count %lu, bitmap says %lu",
			       c->name, c->available_count,
			       zero_bits << c->order_per_bit);
	if (g)
		for (int i = 0; i < gcma_nr_published(g); i++)
			if (g->areas[i].start_pfn == c->base_pfn)
				garea = &g->areas[i];
	if (c->gcma && !garea)
		cma_check_fail(bad, "cma %s: no GCMA area", c->name);
	for (unsigned long pfn = c->base_pfn; pfn < c->base_pfn + c->count;
	     pfn++) {
		bool set = test_bit((pfn - c->base_pfn) >> c->order_per_bit,
				    c->bitmap);

		if (garea && gcma_test_pfn(garea, pfn) && !set) {
			cma_check_fail(bad, "cma %s: pfn 0x%lx GCMA-allocated, bit clear",
				       c->name, pfn);
		} else if (!c->gcma && set &&
			   IS_ALIGNED(pfn - c->base_pfn,
				      1UL << c->order_per_bit) &&
			   PageBuddy(pfn_to_page(pfn))) {
			/*
			 * An allocation starts at a bit's first page and
			 * covers the first page of every bit it sets; the
			 * other pages of its last bit may be free.
			 */
			cma_check_fail(bad, "cma %s: pfn 0x%lx allocated but free in buddy",
				       c->name, pfn);
		} else if (!c->gcma && !set) {
			/* One migratetype per pageblock: read it once. */
			if (pfn >> pageblock_order != mt_block) {
				mt_block = pfn >> pageblock_order;
				mt = get_pageblock_migratetype(pfn_to_page(pfn));
			}
			if (mt != MIGRATE_CMA && mt != MIGRATE_ISOLATE)
				cma_check_fail(bad, "cma %s: pfn 0x%lx not in a CMA pageblock",
					       c->name, pfn);
		}
	}
	spin_unlock(&c->lock);
}

/**
 * cma_check() - check every activated area of the attached machine: the
 * available count matches the bitmap; in a classic area the first page
 * of every set bit is not the head of a free buddy block, and the pages
 * of clear bits lie in CMA (or isolated) pageblocks; every pfn GCMA has
 * handed out has its bit set.
 * Each problem is also a WARN violation (the first 32 of them, then one
 * saying how many more there are).
 *
 * Context: Process context; the machine should be quiet (a concurrent
 * allocation may be seen half done).
 * Return: the number of problems; -ENXIO for an unattached thread.
 */
int cma_check(void)
{
	struct cma_state *st = cma_get_state();
	int nr, bad = 0;

	if (!st)
		return -ENXIO;
	nr = smp_load_acquire(&st->nr_areas);
	for (int i = 0; i < nr; i++)
		if (st->areas[i].active)
			cma_check_area(&st->areas[i], &bad);
	WARN(bad > CMA_CHECK_MAX_REPORTS, "cma_check: %d more problems",
	     bad - CMA_CHECK_MAX_REPORTS);
	return bad;
}
