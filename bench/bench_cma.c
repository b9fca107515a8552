// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * bench_cma - classic cma_alloc() + cma_release() on an area full of
 * movable page-cache folios, against the copy that migration cannot
 * avoid. The file is mapped (an mmap'd file), so every folio in the range
 * is migrated, not reclaimed.
 *
 * One machine with page data (--pages, default 16384) and one classic
 * CMA area of --area pages (default 4096) in its upper half. Before each
 * sample, untimed, a filesystem reads new pages of a large file until
 * the area has no free page left: the page allocator lends CMA pageblocks
 * to movable allocations, so the area fills with clean page cache, as an
 * idle CMA area does in the kernel. The sample then times
 * cma_alloc(size, align = order of size) and cma_release() of that range,
 * which isolates the pageblocks, reclaims or migrates every folio in the
 * range (direct reclaim makes room for the migration targets), and gives
 * the pages back.
 *
 * The baseline, measured next to each sample: memcpy() of as many 4 KiB
 * pages from a cold source (a buffer of --pages pages walked once), the
 * data copy a migration of that many pages must do at least:
 *
 *   BENCH cma_classic_full pages=512 vs=page_copy ratio=<median>
 *         ratio_min=.. ratio_max=.. ns_per_page=.. base_ns_per_page=..
 *         sim_us=.. migrated=.. reclaimed=.. reps=..
 *
 * sim_us is the allocation's latency in virtual time (the cost model's
 * events, docs/cost-model.md), median over the repetitions; migrated and
 * reclaimed are the folios moved by the last repetition. Lower ratios are
 * better.
 *
 * Checked outside the timings: every call returns 0; cma_check() and the
 * page allocator's checker pass at the end; no violation was recorded.
 *
 * Usage: bench_cma [--pages N] [--area N] [--reps N]
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_common.h"

#define NR_SIZES	3

struct bc_ctx {
	struct sim_machine *m;
	struct cma *cma;
	struct super_block *sb;
	struct inode *inode;
	unsigned long next_index, file_pages;
	unsigned long area;
	unsigned char *src, *dst;
};

static void die(const char *what, int err)
{
	fprintf(stderr, "bench_cma: %s: %s\n", what, strerror(-err));
	exit(1);
}

static unsigned int ilog2_ul(unsigned long n)
{
	return 63 - (unsigned int)__builtin_clzl(n);
}

/* Read new file pages until the area has no free page. */
static void fill_area(struct bc_ctx *c)
{
	int ret;

	while (sim_nr_free_cma_pages(c->m)) {
		if (c->next_index == c->file_pages)
			die("file too small to fill the area", -ENOSPC);
		ret = sim_page_cache_read(c->inode, c->next_index++, NULL);
		if (ret)
			die("sim_page_cache_read", ret);
	}
}

/* One timed cma_alloc() + cma_release(); returns seconds. */
static double cma_sample(struct bc_ctx *c, unsigned long size,
			 uint64_t *sim_ns, struct cma_stats *before)
{
	struct sim_cost_account acct;
	struct page *page;
	double t0, t;
	int ret;

	fill_area(c);
	if (cma_get_stats(c->cma, before))
		die("cma_get_stats", -EINVAL);
	sim_cost_account_reset();
	t0 = bench_now();
	ret = cma_alloc_pages(c->cma, size, ilog2_ul(size), GFP_KERNEL, &page);
	sim_cost_account_get(&acct);
	if (!ret && !cma_release(c->cma, page, size))
		ret = -EINVAL;
	t = bench_now() - t0;
	if (ret)
		die("cma_alloc_pages/cma_release", ret);
	*sim_ns = acct.ns;
	return t;
}

/* memcpy() of @size pages from a cold part of the source. */
static double copy_sample(struct bc_ctx *c, unsigned long size,
			  unsigned long *cursor)
{
	double t0, t;

	if (*cursor + size > c->area)
		*cursor = 0;
	t0 = bench_now();
	for (unsigned long i = 0; i < size; i++)
		memcpy(c->dst + i * PAGE_SIZE,
		       c->src + (*cursor + i) * PAGE_SIZE, PAGE_SIZE);
	t = bench_now() - t0;
	*cursor += size;
	bench_sink += c->dst[(size - 1) * PAGE_SIZE];
	return t;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, unsigned int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void ctx_up(struct bc_ctx *c, unsigned long pages)
{
	struct sim_machine_config cfg = {
		.name = "bench-cma", .nr_pages = pages,
		.data_mode = SIM_DATA_PAGES, .seed = 1,
	};
	/* Mapped file pages: migrated (copied), never simply dropped. */
	static const struct sim_fs_options opts = { .mapped = true };
	int ret;

	ret = sim_machine_create(&cfg, &c->m);
	if (!ret)
		ret = sim_thread_attach(c->m);
	if (!ret)
		ret = sim_cma_declare(c->m, "bench", pages / 2, c->area, 0,
				      false, &c->cma);
	if (!ret)
		ret = sim_machine_boot_done(c->m);
	if (!ret)
		ret = sim_fs_mount_opts("bench", pages * 4, &opts, &c->sb);
	c->file_pages = pages * 64;
	if (!ret)
		ret = sim_inode_create(c->sb, 1,
				       (int64_t)c->file_pages * PAGE_SIZE,
				       &c->inode);
	if (ret)
		die("set-up", ret);
	c->src = malloc(c->area * PAGE_SIZE);
	c->dst = malloc(c->area * PAGE_SIZE);
	if (!c->src || !c->dst)
		die("malloc", -ENOMEM);
	memset(c->src, 0x5a, c->area * PAGE_SIZE);
	memset(c->dst, 0xa5, c->area * PAGE_SIZE);
}

static void ctx_down(struct bc_ctx *c)
{
	if (cma_check() || sim_page_alloc_check(c->m))
		die("checker", -EFAULT);
	if (sim_violation_count(c->m))
		die("violations recorded", -EFAULT);
	if (sim_fs_unmount(c->sb))
		die("unmount", -EINVAL);
	bench_machine_down(c->m);
	free(c->src);
	free(c->dst);
}

static void usage(const char *prog)
{
	fprintf(stderr, "usage: %s [--pages N] [--area N] [--reps N]\n", prog);
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "pages", required_argument, NULL, 'p' },
		{ "area", required_argument, NULL, 'a' },
		{ "reps", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long pages = 16384, cursor = 0;
	unsigned int reps = 5;
	struct bc_ctx c = { .area = 4096 };
	int opt;

	while ((opt = getopt_long(argc, argv, "p:a:r:", longopts, NULL)) != -1) {
		switch (opt) {
		case 'p':
			pages = strtoul(optarg, NULL, 0);
			break;
		case 'a':
			c.area = strtoul(optarg, NULL, 0);
			break;
		case 'r':
			reps = (unsigned int)strtoul(optarg, NULL, 0);
			break;
		default:
			usage(argv[0]);
		}
	}
	if (!reps || reps > 100 || c.area % 512 || c.area > pages / 2)
		usage(argv[0]);
	ctx_up(&c, pages);

	const unsigned long sizes[NR_SIZES] = { 1, 512, c.area };

	for (int s = 0; s < NR_SIZES; s++) {
		double ratio[100], ns[100], base[100], sim[100];
		struct cma_stats before, after;

		for (unsigned int r = 0; r < reps; r++) {
			uint64_t sim_ns;
			double tc = cma_sample(&c, sizes[s], &sim_ns, &before);
			double tb = copy_sample(&c, sizes[s], &cursor);

			ratio[r] = tc / tb;
			ns[r] = tc * 1e9 / (double)sizes[s];
			base[r] = tb * 1e9 / (double)sizes[s];
			sim[r] = (double)sim_ns / 1e3;
		}
		if (cma_get_stats(c.cma, &after))
			die("cma_get_stats", -EINVAL);
		double med = median(ratio, reps);	/* sorts @ratio */

		bench_line("cma_classic_full",
			   "pages=%lu vs=page_copy ratio=%.2f ratio_min=%.2f ratio_max=%.2f ns_per_page=%.1f base_ns_per_page=%.1f sim_us=%.0f migrated=%lu reclaimed=%lu reps=%u",
			   sizes[s], med, ratio[0], ratio[reps - 1],
			   median(ns, reps), median(base, reps),
			   median(sim, reps),
			   after.nr_migrated - before.nr_migrated,
			   after.nr_reclaimed - before.nr_reclaimed, reps);
	}
	ctx_down(&c);
	return 0;
}
