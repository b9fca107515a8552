// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * bench_gcma - gcma_alloc_range() + gcma_free_range() per page, against
 * the floor of what any range allocator must do to the same pages.
 *
 * One metadata-only machine, one GCMA area of --area pfns (default
 * 32768). For each range size S (1, 512, 32000), one pass allocates and
 * frees every S-aligned range [a + k*S, a + (k+1)*S) that fits in the
 * area, in ascending order, so a pass handles floor(area / S) * S pages.
 * Two states of the area:
 *
 *   gcma_range_free    every folio of the area is FREE in its pool (the
 *                      pool's free list only: nothing cached);
 *   gcma_range_cached  every folio of the area CACHED: before each pass,
 *                      untimed, a fake filesystem stores --area keys
 *                      (--inodes inodes, consecutive offsets each) in a
 *                      random order, which fills every donated folio; the
 *                      allocation then drops every entry.
 *
 * The baselines, measured next to each pass on the same number of pages:
 *
 *   folio_touch  write each folio's refcount once, in pfn order: the
 *                least an allocator can do to hand the pages out;
 *   xa_erase     erase as many entries as the pass has pages, in random
 *                order, from one xarray of --area entries (indices 0 ..
 *                area - 1, refilled untimed before each pass): the index
 *                removal a cache must do to drop that many entries.
 *
 * Each repetition (--reps, default 7) times one baseline sample and one
 * GCMA sample per size and state, each on a thread of its own pinned to
 * CPU 0 (bench_run_threads()); a sample repeats its pass until it has
 * handled at least --min-pages pages (free state) or repeats pass and
 * refill, timing only the passes (cached state). The ratio of the two is
 * taken per repetition; the line gives the median ratio, its spread
 * (min, max), and the median ns per page of both:
 *
 *   BENCH gcma_range_free pages=32000 vs=folio_touch ratio=<median>
 *         ratio_min=.. ratio_max=.. ns_per_page=.. base_ns_per_page=..
 *         area=.. reps=.. cpu_share=.. base_cpu_share=..
 *
 * ns_per_page is the time of one alloc + free pair divided by its pages.
 * cpu_share below 1 means something else ran on the CPU meanwhile (the
 * worst share of the repetitions is given). Lower ratios are better.
 *
 * Checked outside the timings: every call returns 0; after each pass the
 * area holds no allocated page; at the end gcma_check() and
 * cleancache_check() pass, cleancache holds nothing, every pool folio is
 * accounted for, and no violation was recorded.
 *
 * Usage: bench_gcma [--area N] [--reps N] [--inodes N] [--seed N]
 *                   [--min-pages N] [--only free|cached]
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_common.h"

#define NR_SIZES	3
#define MAX_REPS	101

static const unsigned long sizes[NR_SIZES] = { 1, 512, 32000 };

static struct {
	unsigned long area;
	unsigned int reps;
	unsigned long inodes;
	uint64_t seed;
	unsigned long min_pages;
	bool free_state;
	bool cached_state;
} opt = {
	.area = 32768,
	.reps = 7,
	.inodes = 64,
	.seed = 1,
	.min_pages = 256 * 1024,
	.free_state = true,
	.cached_state = true,
};

/**
 * struct bg_ctx - the machine, its area and the fake filesystem.
 * @m: the machine.
 * @start: the area's first pfn.
 * @sb: the fake superblock.
 * @inodes: the fake inodes.
 * @keys: --area keys (inode << 32 | offset), shuffled.
 * @src: the page-cache folio every store passes.
 * @xa: the baseline xarray.
 * @xa_order: its indices, shuffled.
 */
struct bg_ctx {
	struct sim_machine *m;
	unsigned long start;
	struct super_block sb;
	struct inode *inodes;
	unsigned long *keys;
	struct folio *src;
	struct xarray xa;
	unsigned long *xa_order;
};

/**
 * struct bg_run - one timed sample, run by bench_run_threads().
 * @ctx: the machine.
 * @size: the range size.
 * @nr: pages per pass (whole ranges only).
 * @passes: passes in the sample.
 * @cached: refill the cache (untimed) before each pass.
 * @secs: time of the passes alone.
 * @err: first error returned.
 */
struct bg_run {
	struct bg_ctx *ctx;
	unsigned long size;
	unsigned long nr;
	unsigned int passes;
	bool cached;
	double secs;
	int err;
};

static void die(const char *what, int err)
{
	fprintf(stderr, "bench_gcma: %s: %s\n", what,
		err ? strerror(-err) : "failed");
	exit(1);
}

/* ---- the fake filesystem ----------------------------------------------- */

/* Store every key: fills every donated folio of the area (untimed). */
static void fill_cache(struct bg_ctx *c)
{
	struct folio *folio = c->src;
	unsigned long ok = 0;

	for (unsigned long i = 0; i < opt.area; i++) {
		unsigned long key = c->keys[i];
		struct inode *inode = &c->inodes[key >> 32];

		folio->mapping = inode->i_mapping;
		folio->index = key & 0xffffffffUL;
		ok += cleancache_store_folio(inode, folio);
	}
	folio->mapping = NULL;
	folio->index = 0;
	if (ok != opt.area) {
		fprintf(stderr, "bench_gcma: %lu of %lu stores succeeded\n", ok,
			opt.area);
		exit(1);
	}
}

/* ---- the timed bodies -------------------------------------------------- */

static int gcma_pass(struct bg_ctx *c, unsigned long size, unsigned long nr)
{
	for (unsigned long pfn = c->start; pfn < c->start + nr; pfn += size) {
		int err = gcma_alloc_range(pfn, size, GFP_KERNEL);

		if (!err)
			err = gcma_free_range(pfn, size);
		if (err)
			return err;
	}
	return 0;
}

static void gcma_body(void *arg, unsigned int idx)
{
	struct bg_run *r = arg;
	double t;

	(void)idx;
	r->secs = 0;
	for (unsigned int p = 0; p < r->passes && !r->err; p++) {
		if (r->cached)
			fill_cache(r->ctx);
		t = bench_now();
		r->err = gcma_pass(r->ctx, r->size, r->nr);
		r->secs += bench_now() - t;
	}
}

static void touch_body(void *arg, unsigned int idx)
{
	struct bg_run *r = arg;
	struct folio *first = pfn_folio(r->ctx->start);
	double t;

	(void)idx;
	t = bench_now();
	for (unsigned int p = 0; p < r->passes; p++)
		for (unsigned long i = 0; i < r->nr; i++)
			/* Donated folios sit at refcount 0: write it again. */
			set_page_count(folio_page(first, i), 0);
	r->secs = bench_now() - t;
}

static void xa_fill(struct bg_ctx *c, unsigned long nr)
{
	for (unsigned long i = 0; i < nr; i++)
		if (xa_err(xa_store(&c->xa, i, xa_mk_value(i), GFP_KERNEL)))
			die("xa_store", -ENOMEM);
}

static void erase_body(void *arg, unsigned int idx)
{
	struct bg_run *r = arg;
	struct bg_ctx *c = r->ctx;
	unsigned long gone = 0;
	double t;

	(void)idx;
	r->secs = 0;
	for (unsigned int p = 0; p < r->passes; p++) {
		xa_fill(c, opt.area);
		t = bench_now();
		for (unsigned long i = 0; i < r->nr; i++)
			gone += xa_erase(&c->xa, c->xa_order[i]) != NULL;
		r->secs += bench_now() - t;
	}
	if (gone != (unsigned long)r->passes * r->nr)
		r->err = -ENOENT;
}

/* ---- set-up ------------------------------------------------------------ */

static void ctx_up(struct bg_ctx *c)
{
	struct sim_machine_config cfg = {
		.name = "bench_gcma",
		.nr_pages = opt.area + 1024,
		.data_mode = SIM_DATA_NONE,
		.violation_mode = SIM_VIOLATION_RECORD,
		.seed = opt.seed,
	};
	unsigned long per = opt.area / opt.inodes, k = 0;
	uint64_t rng = opt.seed * 0x67636d61UL;
	int err;

	memset(c, 0, sizeof(*c));
	err = sim_machine_create(&cfg, &c->m);
	if (!err)
		err = sim_thread_attach(c->m);
	if (!err)
		err = sim_memblock_alloc(c->m, opt.area, 1, "gcma", &c->start);
	if (!err)
		err = sim_machine_boot_done(c->m);
	if (!err)
		err = gcma_register_area("bench", c->start, opt.area);
	if (err)
		die("machine and area", err);

	c->keys = malloc(opt.area * sizeof(*c->keys));
	c->xa_order = malloc(opt.area * sizeof(*c->xa_order));
	c->inodes = calloc(opt.inodes, sizeof(*c->inodes));
	if (!c->keys || !c->xa_order || !c->inodes)
		die("set-up", -ENOMEM);
	strcpy(c->sb.s_id, "bench");
	c->sb.s_dev = 1;
	c->sb.cleancache_id = CLEANCACHE_ID_INVALID;
	err = cleancache_add_fs(&c->sb);
	if (err || c->sb.cleancache_id == CLEANCACHE_ID_INVALID)
		die("cleancache_add_fs", err);
	for (unsigned long i = 0; i < opt.inodes; i++) {
		struct inode *inode = &c->inodes[i];

		inode->i_ino = i + 1;
		inode->i_generation = 1;
		inode->i_size = (int64_t)(per + 1) * (int64_t)PAGE_SIZE;
		inode->i_sb = &c->sb;
		inode->i_mapping = &inode->i_data;
		inode->i_data.host = inode;
		xa_init(&inode->i_data.i_pages);
		INIT_LIST_HEAD(&inode->i_sb_list);
	}
	/* Offsets 0 .. per - 1 of every inode, the remainder on index per. */
	for (unsigned long i = 0; i < opt.inodes; i++)
		for (unsigned long j = 0; j < per; j++)
			c->keys[k++] = i << 32 | j;
	for (unsigned long i = 0; k < opt.area; i++)
		c->keys[k++] = i << 32 | per;
	bench_shuffle(c->keys, opt.area, &rng);

	xa_init(&c->xa);
	for (unsigned long i = 0; i < opt.area; i++)
		c->xa_order[i] = i;

	c->src = folio_alloc(GFP_KERNEL, 0);
	if (!c->src)
		die("folio_alloc", -ENOMEM);
	folio_set_locked(c->src);
	folio_set_uptodate(c->src);
	folio_set_mappedtodisk(c->src);
	folio_set_workingset(c->src);
}

static void ctx_down(struct bg_ctx *c)
{
	struct cleancache_stats st;
	struct gcma_area_info info;
	unsigned long v;
	int err;

	err = gcma_check();
	if (err)
		die("gcma_check", err < 0 ? err : -EUCLEAN);
	err = cleancache_check();
	if (err)
		die("cleancache_check", err < 0 ? err : -EUCLEAN);
	if (cleancache_stats_get(&st) || st.cached)
		die("cleancache empty at the end", -EUCLEAN);
	if (gcma_area_get_info(0, &info) || info.allocated)
		die("area empty at the end", -EUCLEAN);
	cleancache_remove_fs(&c->sb);
	folio_clear_locked(c->src);
	folio_clear_workingset(c->src);
	folio_put(c->src);
	for (unsigned long i = 0; i < opt.inodes; i++)
		xa_destroy(&c->inodes[i].i_data.i_pages);
	xa_destroy(&c->xa);
	v = sim_violation_count(c->m);
	if (v) {
		fprintf(stderr, "bench_gcma: %lu violations recorded\n", v);
		exit(1);
	}
	sim_thread_detach();
	err = sim_machine_destroy(c->m);
	if (err)
		die("sim_machine_destroy", err);
	free(c->keys);
	free(c->xa_order);
	free(c->inodes);
}

/* ---- the measurements -------------------------------------------------- */

/**
 * struct bg_series - one line's samples over the repetitions.
 * @ratio: ours / baseline, per repetition.
 * @ns: ours, ns per page.
 * @base_ns: the baseline's, ns per page.
 * @share: the worst CPU share of ours.
 * @base_share: the worst CPU share of the baseline.
 */
struct bg_series {
	double ratio[MAX_REPS];
	double ns[MAX_REPS];
	double base_ns[MAX_REPS];
	double share;
	double base_share;
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(const double *v, unsigned int n)
{
	double s[MAX_REPS];

	memcpy(s, v, n * sizeof(*v));
	qsort(s, n, sizeof(*s), cmp_double);
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

static double minmax(const double *v, unsigned int n, bool max)
{
	double r = v[0];

	for (unsigned int i = 1; i < n; i++)
		if (max ? v[i] > r : v[i] < r)
			r = v[i];
	return r;
}

/* Run one sample of @body; return its ns per page. */
static double sample(struct bg_ctx *c, void (*body)(void *, unsigned int),
		     struct bg_run *r, double *share)
{
	double s;

	r->err = 0;
	bench_run_threads(c->m, 1, body, r, &s);
	if (r->err)
		die("timed pass", r->err);
	if (s < *share)
		*share = s;
	return r->secs * 1e9 / ((double)r->passes * (double)r->nr);
}

static void measure_one(struct bg_ctx *c, bool cached, unsigned long size,
			unsigned int rep, struct bg_series *s)
{
	unsigned long nr = opt.area / size * size;
	struct bg_run r = {
		.ctx = c,
		.size = size,
		.nr = nr,
		.passes = (unsigned int)((opt.min_pages + nr - 1) / nr),
		.cached = cached,
	};
	struct gcma_area_info info;
	struct bg_run b = r;

	if (cached && r.passes > 8)
		r.passes = 8;	/* each refill costs more than the pass */
	b.passes = r.passes;
	s->base_ns[rep] = sample(c, cached ? erase_body : touch_body, &b,
				 &s->base_share);
	s->ns[rep] = sample(c, gcma_body, &r, &s->share);
	s->ratio[rep] = s->ns[rep] / s->base_ns[rep];
	if (gcma_area_get_info(0, &info) || info.allocated)
		die("pages left allocated after a pass", -EUCLEAN);
	/* Pages past the last whole range may still cache: drop them. */
	if (cached && nr < opt.area &&
	    gcma_pass(c, opt.area, opt.area))
		die("emptying the area", -EUCLEAN);
}

static void report(const char *name, const char *base, unsigned long size,
		   const struct bg_series *s)
{
	bench_line(name,
		   "pages=%lu vs=%s ratio=%.3f ratio_min=%.3f ratio_max=%.3f ns_per_page=%.2f base_ns_per_page=%.2f area=%lu reps=%u cpu_share=%.2f base_cpu_share=%.2f",
		   size, base, median(s->ratio, opt.reps),
		   minmax(s->ratio, opt.reps, false),
		   minmax(s->ratio, opt.reps, true),
		   median(s->ns, opt.reps), median(s->base_ns, opt.reps),
		   opt.area, opt.reps, s->share, s->base_share);
}

static void usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s [--area N] [--reps N] [--inodes N] [--seed N]\n"
		"          [--min-pages N] [--only free|cached]\n", prog);
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "area", required_argument, NULL, 'a' },
		{ "reps", required_argument, NULL, 'r' },
		{ "inodes", required_argument, NULL, 'i' },
		{ "seed", required_argument, NULL, 's' },
		{ "min-pages", required_argument, NULL, 'p' },
		{ "only", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	static struct bg_series series[2][NR_SIZES];
	struct bg_ctx c;
	char *end = NULL;
	int ch;

	while ((ch = getopt_long(argc, argv, "a:r:i:s:p:o:", longopts,
				 NULL)) != -1) {
		switch (ch) {
		case 'a':
			opt.area = strtoul(optarg, &end, 0);
			break;
		case 'r':
			opt.reps = (unsigned int)strtoul(optarg, &end, 0);
			break;
		case 'i':
			opt.inodes = strtoul(optarg, &end, 0);
			break;
		case 's':
			opt.seed = strtoull(optarg, &end, 0);
			break;
		case 'p':
			opt.min_pages = strtoul(optarg, &end, 0);
			break;
		case 'o':
			opt.free_state = !strcmp(optarg, "free");
			opt.cached_state = !strcmp(optarg, "cached");
			end = opt.free_state || opt.cached_state ?
			      optarg + strlen(optarg) : optarg;
			break;
		default:
			usage(argv[0]);
		}
		if (end == optarg || *end)
			usage(argv[0]);
	}
	if (optind != argc || opt.area < sizes[NR_SIZES - 1] ||
	    opt.area > 0xffffffffUL || !opt.inodes ||
	    opt.inodes > opt.area || !opt.reps || opt.reps > MAX_REPS ||
	    !opt.min_pages)
		usage(argv[0]);

	for (int st = 0; st < 2; st++)
		for (int i = 0; i < NR_SIZES; i++)
			series[st][i].share = series[st][i].base_share = 1.0;

	ctx_up(&c);
	for (unsigned int rep = 0; rep < opt.reps; rep++) {
		uint64_t rng = opt.seed + rep;

		/* A fresh random erase order every repetition. */
		bench_shuffle(c.xa_order, opt.area, &rng);
		for (int i = 0; i < NR_SIZES; i++) {
			if (opt.free_state)
				measure_one(&c, false, sizes[i], rep,
					    &series[0][i]);
			if (opt.cached_state)
				measure_one(&c, true, sizes[i], rep,
					    &series[1][i]);
		}
	}
	ctx_down(&c);

	for (int i = 0; i < NR_SIZES; i++) {
		if (opt.free_state)
			report("gcma_range_free", "folio_touch", sizes[i],
			       &series[0][i]);
		if (opt.cached_state)
			report("gcma_range_cached", "xa_erase", sizes[i],
			       &series[1][i]);
	}
	return 0;
}
