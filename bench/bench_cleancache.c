// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * bench_cleancache - cleancache's frontend and backend calls against a
 * plain 4 KiB memcpy from a cold source.
 *
 * A machine donates N folios (default 1M, -Dbench_scale or --n) to one
 * pool; the keys are N (inode, offset) pairs over 1,000 inodes (--inodes),
 * N / inodes offsets each. The filesystem side is faked by hand, as the
 * kernel's KUnit test does: one struct super_block registered with
 * cleancache_add_fs(), an array of struct inode, and per thread a single
 * "page-cache" folio (locked, uptodate, mappedtodisk, workingset) whose
 * ->mapping and ->index are pointed at the key before each call. So the
 * timed loops contain the cleancache call and nothing of the simulated
 * filesystem (no page-cache xarray, no shadow entries, no allocation of
 * page-cache folios): what is measured is cleancache itself. Keys are
 * packed (inode << 32 | offset) in a shuffled array read in order.
 *
 * Measured, each over all N keys in random order:
 *   cc_store_new        store into an empty slot (a free folio is taken
 *                       from the pool; data mode copies 4 KiB in);
 *   cc_restore_hit      restore a cached key (copies 4 KiB out, rotates
 *                       the LRU);
 *   cc_restore_miss     restore an offset the inode does not cache (the
 *                       inode itself is cached: the whole lookup chain);
 *   cc_store_overwrite  store a key already cached (rotate and copy);
 *   cc_invalidate       invalidate_folio of a cached key;
 *   cc_get_folio        backend get_folio of a cached folio (recall),
 *                       over the donated folios in random order.
 * in metadata-only mode (no page data: the calls' own cost) and in data
 * mode (4 KiB of real memory per pfn: the copies are real), with 1 and 2
 * threads (thread i pinned to CPU i; 2 threads split the keys; ns_per_op
 * is wall time over all operations). The two thread counts alternate
 * within each of --reps repetitions; each line gives the best.
 *
 * The baseline, measured in the same repetitions: memcpy_cold copies
 * 4 KiB from a source buffer of --base-mib MiB, visiting its pages in
 * random order, into one hot 4 KiB buffer per thread. By default the
 * buffer spans as much memory as the donated folios (N pages, 4 GiB for
 * 1M; at least 256 MiB), far larger than the caches and as costly in TLB
 * misses and page walks as cleancache's own folios; it is faulted in
 * beforehand. That is
 * the copy a restore does (cold cached folio into a hot page-cache
 * folio), and the copy a store does in reverse. Each line compares with
 * it:
 *   BENCH cc_restore_hit vs=memcpy_cold ratio=<ours/base> mode=data
 *         threads=1 n=.. inodes=.. ns_per_op=.. base_ns_per_op=..
 *         cpu_share=.. base_cpu_share=..
 * cpu_share is the CPU
 * time the threads got over thread count times wall time: below 1 when
 * something else ran on their CPUs, or when they slept on a contended
 * lock; compare figures whose shares are near 1.
 *
 * Correctness is checked outside the timings' concern but inside the
 * loops, cheaply: every call's return value is counted and must be what
 * the state says (N hits, N stores, 0 misses...); in data mode every
 * store writes its key into the first word of the page it stores and
 * every restore hit sums the first word it got back, which must equal
 * the sum of the keys. Before the first repetition one untimed store and
 * invalidate pass faults the donated pages in. At the end of each mode
 * cleancache_check() must pass and no violation may be recorded.
 *
 * For profiling, --focus OP times OP alone (its prerequisite state made
 * untimed; ops that leave the state unchanged run several passes per
 * repetition), and --threads N runs only that thread count:
 *   perf record -g bench_cleancache --mode data --threads 2 --focus restore_hit
 *
 * --lru-batch on runs every op with cleancache_set_lru_batch(true) (per-CPU
 * LRU rotation batches, docs/cleancache.md "LRU batching"); both runs
 * off and on alternately within each repetition, on the same state, the
 * first of the two alternating with the repetition (use an even --reps), and
 * adds for each op a line comparing the two:
 *   BENCH cc_restore_hit vs=lru_batch_off ratio=<on/off> mode=meta
 *         threads=2 ns_per_op=.. off_ns_per_op=.. cpu_share=.. off_cpu_share=..
 * Every line then carries lru_batch=0 or 1.
 *
 * --split-inodes gives each of 2 threads its own half of the inodes
 * (by default both threads draw keys from every inode, so the inodes'
 * lock words and reference counts move between the CPUs): the part of
 * the 2-thread cost that is the workload's sharing, not cleancache's.
 *
 * Usage: bench_cleancache [--n N] [--inodes N] [--reps N] [--seed N]
 *                         [--base-mib M] [--mode meta|data|both]
 *                         [--threads 1|2] [--focus OP]
 *                         [--lru-batch off|on|both] [--split-inodes]
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "bench_common.h"

#define MAX_THREADS	2
#define KEY_INODE(k)	((unsigned long)(k) >> 32)
#define KEY_INDEX(k)	((unsigned long)(k) & 0xffffffffUL)
#define OVERWRITE_SALT	0x5a5a000000000000UL
#define FOCUS_PASSES	4

static struct {
	unsigned long n;
	unsigned long inodes;
	unsigned int reps;
	uint64_t seed;
	unsigned long base_mib;
	bool meta;
	bool data;
	unsigned int min_threads;
	unsigned int max_threads;
	int focus;
	bool batch_off;
	bool batch_on;
	bool split_inodes;
} opt = {
	.n = BENCH_SCALE,
	.inodes = 1000,
	.reps = 3,
	.seed = 1,
	.base_mib = 0,		/* as many pages as donated */
	.meta = true,
	.data = true,
	.min_threads = 1,
	.max_threads = MAX_THREADS,
	.focus = -1,
	.batch_off = true,
	.batch_on = false,
};

enum bc_op {
	OP_STORE_NEW,
	OP_RESTORE_HIT,
	OP_RESTORE_MISS,
	OP_STORE_OVERWRITE,
	OP_INVALIDATE,
	OP_GET_FOLIO,
	NR_OPS,
};

static const char *const op_name[NR_OPS] = {
	"cc_store_new", "cc_restore_hit", "cc_restore_miss",
	"cc_store_overwrite", "cc_invalidate", "cc_get_folio",
};

/**
 * struct bc_ctx - one machine and its fake filesystem.
 * @m: the machine.
 * @data: data mode.
 * @sb: the fake superblock.
 * @inodes: the fake inodes.
 * @donated: the donated folios, in random order (get_folio's order).
 * @pool: the pool id.
 * @keys: every key, shuffled.
 * @src: per thread, the page-cache folio every call passes.
 */
struct bc_ctx {
	struct sim_machine *m;
	bool data;
	struct super_block sb;
	struct inode *inodes;
	struct folio **donated;
	int pool;
	unsigned long *keys;
	struct folio *src[MAX_THREADS];
};

/**
 * struct bc_run - one timed pass.
 * @ctx: the machine.
 * @op: what each key gets.
 * @threads: how many threads split the keys.
 * @ok: per thread, calls that returned success (true, or 0).
 * @sum: per thread, data mode: sum of the first words restored.
 */
struct bc_run {
	struct bc_ctx *ctx;
	enum bc_op op;
	unsigned int threads;
	unsigned long ok[MAX_THREADS];
	uint64_t sum[MAX_THREADS];
};

static void die(const char *what, int err)
{
	fprintf(stderr, "bench_cleancache: %s: %s\n", what,
		err ? strerror(-err) : "failed");
	exit(1);
}

/* ---- the timed loops ------------------------------------------------ */

static inline struct inode *key_target(struct bc_ctx *c, struct folio *folio,
				       unsigned long key)
{
	struct inode *inode = &c->inodes[KEY_INODE(key)];

	folio->mapping = inode->i_mapping;
	folio->index = KEY_INDEX(key);
	return inode;
}

static void run_body(void *arg, unsigned int idx)
{
	struct bc_run *r = arg;
	struct bc_ctx *c = r->ctx;
	struct folio *folio = c->src[idx];
	uint64_t *word = c->data ? folio_address(folio) : NULL;
	unsigned long from = opt.n / r->threads * idx;
	unsigned long to = idx + 1 == r->threads ? opt.n :
			   opt.n / r->threads * (idx + 1);
	unsigned long ok = 0, key;
	uint64_t sum = 0;
	struct inode *inode;

	switch (r->op) {
	case OP_STORE_NEW:
	case OP_STORE_OVERWRITE:
		for (unsigned long i = from; i < to; i++) {
			key = c->keys[i];
			inode = key_target(c, folio, key);
			if (word)
				*word = r->op == OP_STORE_NEW ? key :
					key ^ OVERWRITE_SALT;
			ok += cleancache_store_folio(inode, folio);
		}
		break;
	case OP_RESTORE_HIT:
		for (unsigned long i = from; i < to; i++) {
			inode = key_target(c, folio, c->keys[i]);
			ok += cleancache_restore_folio(inode, folio);
			if (word)
				sum += *word;
		}
		break;
	case OP_RESTORE_MISS:
		for (unsigned long i = from; i < to; i++) {
			/* The same inodes, offsets past every cached one. */
			key = c->keys[i] + opt.n / opt.inodes + 1;
			inode = key_target(c, folio, key);
			ok += cleancache_restore_folio(inode, folio);
		}
		break;
	case OP_INVALIDATE:
		for (unsigned long i = from; i < to; i++) {
			inode = key_target(c, folio, c->keys[i]);
			ok += cleancache_invalidate_folio(inode, folio);
		}
		break;
	case OP_GET_FOLIO:
		for (unsigned long i = from; i < to; i++)
			ok += !cleancache_backend_get_folio(c->pool,
							    c->donated[i]);
		break;
	case NR_OPS:
		break;
	}
	r->ok[idx] = ok;
	r->sum[idx] = sum;
}

/*
 * Run @op over every key with @threads threads and check the outcome.
 * Return: wall seconds; *@share (if not NULL) gets the CPU share of the
 * run (below 1: something else ran on the CPUs meanwhile).
 */
static double run_pass_share(struct bc_ctx *c, enum bc_op op,
			       unsigned int threads, double *share)
{
	struct bc_run r = { .ctx = c, .op = op, .threads = threads };
	unsigned long ok = 0, want = op == OP_RESTORE_MISS ? 0 : opt.n;
	uint64_t sum = 0, want_sum = 0;
	double t;

	t = bench_run_threads(c->m, threads, run_body, &r, share);
	for (unsigned int i = 0; i < threads; i++) {
		ok += r.ok[i];
		sum += r.sum[i];
	}
	if (ok != want) {
		fprintf(stderr, "bench_cleancache: %s (%u threads, %s): %lu of %lu calls succeeded, expected %lu\n",
			op_name[op], threads, c->data ? "data" : "meta", ok,
			opt.n, want);
		exit(1);
	}
	if (op == OP_RESTORE_HIT && c->data) {
		for (unsigned long i = 0; i < opt.n; i++)
			want_sum += c->keys[i];
		if (sum != want_sum) {
			fprintf(stderr, "bench_cleancache: restores returned other data (sum %#llx, expected %#llx)\n",
				(unsigned long long)sum,
				(unsigned long long)want_sum);
			exit(1);
		}
	}
	return t;
}

static double run_pass(struct bc_ctx *c, enum bc_op op,
			 unsigned int threads)
{
	return run_pass_share(c, op, threads, NULL);
}

/* Give every folio get_folio took back to the pool (untimed). */
static void put_all(struct bc_ctx *c)
{
	LIST_HEAD(list);
	int err;

	for (unsigned long i = 0; i < opt.n; i++)
		list_add_tail(&c->donated[i]->lru, &list);
	err = cleancache_backend_put_folios(c->pool, &list);
	if (err)
		die("put_folios", err);
}

/* ---- the baseline --------------------------------------------------- */

/**
 * struct base_run - memcpy_cold.
 * @src: the cold source buffer.
 * @order: its page numbers, shuffled.
 * @nr: how many.
 * @threads: how many threads split them.
 * @dst: per thread, a hot page.
 */
struct base_run {
	unsigned char *src;
	unsigned long *order;
	unsigned long nr;
	unsigned int threads;
	unsigned char *dst[MAX_THREADS];
};

static void base_body(void *arg, unsigned int idx)
{
	struct base_run *b = arg;
	unsigned long from = b->nr / b->threads * idx;
	unsigned long to = idx + 1 == b->threads ? b->nr :
			   b->nr / b->threads * (idx + 1);
	unsigned char *dst = b->dst[idx];
	uint64_t sum = 0;

	for (unsigned long i = from; i < to; i++) {
		memcpy(dst, b->src + b->order[i] * PAGE_SIZE, PAGE_SIZE);
		/* Read back what a restore's caller reads: the first word. */
		sum += *(volatile uint64_t *)dst;
	}
	bench_sink += sum;
}

static void base_init(struct base_run *b)
{
	uint64_t rng = opt.seed ^ 0x636f6c64UL;

	b->nr = opt.base_mib << (20 - PAGE_SHIFT);
	b->src = mmap(NULL, b->nr * PAGE_SIZE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	b->order = malloc(b->nr * sizeof(*b->order));
	if (b->src == MAP_FAILED || !b->order)
		die("baseline buffer", -ENOMEM);
	/* Fault in, with contents, so no copy takes a fault or reads zeros. */
	for (unsigned long i = 0; i < b->nr; i++) {
		memset(b->src + i * PAGE_SIZE, (int)(i & 0xff), PAGE_SIZE);
		b->order[i] = i;
	}
	bench_shuffle(b->order, b->nr, &rng);
	for (unsigned int t = 0; t < MAX_THREADS; t++) {
		b->dst[t] = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
		if (!b->dst[t])
			die("baseline buffer", -ENOMEM);
		memset(b->dst[t], 0, PAGE_SIZE);
	}
}

static void base_exit(struct base_run *b)
{
	munmap(b->src, b->nr * PAGE_SIZE);
	free(b->order);
	for (unsigned int t = 0; t < MAX_THREADS; t++)
		free(b->dst[t]);
}

/* ---- set-up --------------------------------------------------------- */

/*
 * --split-inodes: keys of the lower half of the inodes first, keeping
 * the shuffled order within each half, so that with 2 threads each
 * thread has inodes of its own (the halves hold the same number of keys
 * when --n is a multiple of --inodes).
 */
static void split_keys_by_inode(unsigned long *keys)
{
	unsigned long *tmp = malloc(opt.n * sizeof(*tmp));
	unsigned long k = 0;

	if (!tmp)
		die("malloc", -ENOMEM);
	for (int half = 0; half < 2; half++)
		for (unsigned long i = 0; i < opt.n; i++)
			if ((KEY_INODE(keys[i]) >= opt.inodes / 2) == half)
				tmp[k++] = keys[i];
	memcpy(keys, tmp, opt.n * sizeof(*tmp));
	free(tmp);
}

static void ctx_up(struct bc_ctx *c, bool data)
{
	struct sim_machine_config cfg = {
		.name = "bench_cc",
		.nr_pages = opt.n + 1024,
		.data_mode = data ? SIM_DATA_PAGES : SIM_DATA_NONE,
		.violation_mode = SIM_VIOLATION_RECORD,
		.seed = opt.seed,
	};
	uint64_t rng = opt.seed * 31 + data;
	unsigned long per = opt.n / opt.inodes, base, k = 0;
	LIST_HEAD(list);
	int err;

	memset(c, 0, sizeof(*c));
	c->data = data;
	err = sim_machine_create(&cfg, &c->m);
	if (!err)
		err = sim_thread_attach(c->m);
	if (!err)
		err = sim_memblock_alloc(c->m, opt.n, 1, "cleancache", &base);
	if (!err)
		err = sim_machine_boot_done(c->m);
	if (err)
		die("machine", err);

	c->pool = cleancache_backend_register_pool("bench");
	if (c->pool < 0)
		die("register_pool", c->pool);
	c->donated = malloc(opt.n * sizeof(*c->donated));
	c->keys = malloc(opt.n * sizeof(*c->keys));
	c->inodes = calloc(opt.inodes, sizeof(*c->inodes));
	if (!c->donated || !c->keys || !c->inodes)
		die("set-up", -ENOMEM);
	for (unsigned long i = 0; i < opt.n; i++) {
		struct folio *folio = pfn_folio(base + i);

		/* Boot pages come reserved at refcount 1. */
		folio_clear_reserved(folio);
		if (!folio_ref_freeze(folio, 1))
			die("freeze a boot page", -EBUSY);
		c->donated[i] = folio;
		list_add_tail(&folio->lru, &list);
	}
	err = cleancache_backend_put_folios(c->pool, &list);
	if (err)
		die("put_folios", err);
	bench_shuffle((unsigned long *)c->donated, opt.n, &rng);

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
		inode->i_size = (int64_t)(2 * per + 2) * (int64_t)PAGE_SIZE;
		inode->i_sb = &c->sb;
		inode->i_mapping = &inode->i_data;
		inode->i_data.host = inode;
		xa_init(&inode->i_data.i_pages);
		INIT_LIST_HEAD(&inode->i_sb_list);
		/* Keys: offsets 0..per-1 of every inode, plus the remainder. */
		for (unsigned long j = 0; j < per; j++)
			c->keys[k++] = i << 32 | j;
	}
	for (unsigned long j = per; k < opt.n; j++)
		for (unsigned long i = 0; i < opt.inodes && k < opt.n; i++)
			c->keys[k++] = i << 32 | j;
	bench_shuffle(c->keys, opt.n, &rng);
	if (opt.split_inodes)
		split_keys_by_inode(c->keys);

	for (unsigned int t = 0; t < MAX_THREADS; t++) {
		struct folio *folio = folio_alloc(GFP_KERNEL, 0);

		if (!folio)
			die("folio_alloc", -ENOMEM);
		if (data)
			memset(folio_address(folio), 0, PAGE_SIZE);
		folio_set_locked(folio);
		folio_set_uptodate(folio);
		folio_set_mappedtodisk(folio);
		folio_set_workingset(folio);
		c->src[t] = folio;
	}

	/* Fault the donated pages in: one store and invalidate, untimed. */
	run_pass(c, OP_STORE_NEW, 1);
	run_pass(c, OP_INVALIDATE, 1);
}

static void ctx_down(struct bc_ctx *c)
{
	struct cleancache_stats st;
	unsigned long v;
	int err;

	err = cleancache_check();
	if (err)
		die("cleancache_check", err < 0 ? err : -EUCLEAN);
	if (cleancache_stats_get(&st) || st.cached)
		die("cleancache empty at the end", -EUCLEAN);
	cleancache_remove_fs(&c->sb);
	for (unsigned int t = 0; t < MAX_THREADS; t++) {
		struct folio *folio = c->src[t];

		folio->mapping = NULL;
		folio->index = 0;
		folio_clear_locked(folio);
		folio_clear_workingset(folio);
		folio_put(folio);
	}
	for (unsigned long i = 0; i < opt.inodes; i++)
		xa_destroy(&c->inodes[i].i_data.i_pages);
	v = sim_violation_count(c->m);
	if (v) {
		fprintf(stderr, "bench_cleancache: %lu violations recorded\n", v);
		exit(1);
	}
	sim_thread_detach();
	err = sim_machine_destroy(c->m);
	if (err)
		die("sim_machine_destroy", err);
	free(c->donated);
	free(c->keys);
	free(c->inodes);
}

/* ---- the measurements ----------------------------------------------- */

/**
 * struct bc_best - the fastest run of one measurement.
 * @secs: its wall seconds.
 * @share: its CPU share (1: the threads had their CPUs to themselves).
 */
struct bc_best {
	double secs;
	double share;
};

/* Time @op once; keep it in @best if it is the fastest so far. */
static void timed_best(struct bc_ctx *c, enum bc_op op, unsigned int threads,
		       struct bc_best *best)
{
	double share, secs = run_pass_share(c, op, threads, &share);

	if (secs < best->secs) {
		best->secs = secs;
		best->share = share;
	}
}

/*
 * One repetition of @op alone, for profiling (--focus): the state it
 * needs is made untimed; ops that leave the state as they found it run
 * FOCUS_PASSES times.
 */
static void focus_pass(struct bc_ctx *c, enum bc_op op, unsigned int threads,
		       struct bc_best *best)
{
	switch (op) {
	case OP_STORE_NEW:
		timed_best(c, op, threads, best);
		run_pass(c, OP_INVALIDATE, threads);
		break;
	case OP_INVALIDATE:
		run_pass(c, OP_STORE_NEW, threads);
		timed_best(c, op, threads, best);
		break;
	case OP_GET_FOLIO:
		run_pass(c, OP_STORE_NEW, threads);
		timed_best(c, op, threads, best);
		put_all(c);
		break;
	default:
		run_pass(c, OP_STORE_NEW, threads);
		for (int p = 0; p < FOCUS_PASSES; p++)
			timed_best(c, op, threads, best);
		run_pass(c, OP_INVALIDATE, threads);
		break;
	}
}

/* Every op in order, over one cycle of the state. */
static void full_pass(struct bc_ctx *c, unsigned int threads,
		      struct bc_best best[NR_OPS])
{
	for (int op = 0; op <= OP_INVALIDATE; op++)
		timed_best(c, (enum bc_op)op, threads, &best[op]);
	/* Refill (untimed), recall everything, donate again. */
	run_pass(c, OP_STORE_NEW, threads);
	timed_best(c, OP_GET_FOLIO, threads, &best[OP_GET_FOLIO]);
	put_all(c);
}

/* One pass of every op (or of --focus) with lru_batch @batch. */
static void batch_pass(struct bc_ctx *c, unsigned int threads, bool batch,
		       struct bc_best *bt)
{
	int err = cleancache_set_lru_batch(batch);

	if (err)
		die("cleancache_set_lru_batch", err);
	if (opt.focus < 0)
		full_pass(c, threads, bt);
	else
		focus_pass(c, (enum bc_op)opt.focus, threads, &bt[opt.focus]);
}

/* The lines of one thread count and lru_batch setting. */
static void print_ops(const char *mode, unsigned int t, int batch,
		      struct bc_best best[2][MAX_THREADS][NR_OPS],
		      double base_ns, const struct bc_best *base)
{
	for (int op = 0; op < NR_OPS; op++) {
		double ns = best[batch][t][op].secs * 1e9 / (double)opt.n;
		double off_ns = best[0][t][op].secs * 1e9 / (double)opt.n;

		if (opt.focus >= 0 && op != opt.focus)
			continue;
		bench_line(op_name[op],
			   "vs=memcpy_cold ratio=%.3f mode=%s threads=%u lru_batch=%d n=%lu inodes=%lu ns_per_op=%.1f base_ns_per_op=%.1f cpu_share=%.2f base_cpu_share=%.2f",
			   ns / base_ns, mode, t + 1, batch, opt.n,
			   opt.inodes, ns, base_ns, best[batch][t][op].share,
			   base->share);
		if (batch && opt.batch_off)
			bench_line(op_name[op],
				   "vs=lru_batch_off ratio=%.3f mode=%s threads=%u ns_per_op=%.1f off_ns_per_op=%.1f cpu_share=%.2f off_cpu_share=%.2f",
				   ns / off_ns, mode, t + 1, ns, off_ns,
				   best[batch][t][op].share,
				   best[0][t][op].share);
	}
}

static void measure(bool data, struct base_run *b)
{
	struct bc_best best[2][MAX_THREADS][NR_OPS], base[MAX_THREADS];
	const char *mode = data ? "data" : "meta";
	struct bc_ctx c;

	for (unsigned int t = 0; t < MAX_THREADS; t++) {
		base[t] = (struct bc_best){ INFINITY, 0 };
		for (int op = 0; op < NR_OPS; op++) {
			best[0][t][op] = (struct bc_best){ INFINITY, 0 };
			best[1][t][op] = (struct bc_best){ INFINITY, 0 };
		}
	}
	ctx_up(&c, data);
	if (opt.batch_off && opt.batch_on) {
		/*
		 * The first pass finds the pool in donation order, which
		 * no later pass does (get_folio takes folios in random
		 * order): one untimed pass so that neither setting gets it.
		 */
		struct bc_best scratch[NR_OPS];

		for (int op = 0; op < NR_OPS; op++)
			scratch[op] = (struct bc_best){ INFINITY, 0 };
		for (unsigned int threads = opt.min_threads;
		     threads <= opt.max_threads; threads++)
			batch_pass(&c, threads, false, scratch);
	}
	for (unsigned int rep = 0; rep < opt.reps; rep++) {
		for (unsigned int threads = opt.min_threads;
		     threads <= opt.max_threads; threads++) {
			double share, secs;

			/* The baseline, next to every repetition. */
			b->threads = threads;
			secs = bench_run_threads(c.m, threads, base_body, b,
						 &share);
			if (secs < base[threads - 1].secs)
				base[threads - 1] = (struct bc_best){ secs, share };

			/*
			 * With --lru-batch both, off and on alternate, and
			 * which goes first alternates with the repetition:
			 * each pass inherits the pool order the one before
			 * left (get_folio takes folios in random order).
			 */
			for (int k = 0; k < 2; k++) {
				int batch = k ^ (int)(rep & 1);

				if (batch ? opt.batch_on : opt.batch_off)
					batch_pass(&c, threads, batch,
						   best[batch][threads - 1]);
			}
		}
	}
	ctx_down(&c);

	for (unsigned int t = opt.min_threads - 1; t < opt.max_threads; t++) {
		double base_ns = base[t].secs * 1e9 / (double)b->nr;

		bench_line("memcpy_cold", "mode=%s threads=%u ns_per_op=%.1f pages=%lu buffer_mib=%lu cpu_share=%.2f",
			   mode, t + 1, base_ns, b->nr, opt.base_mib,
			   base[t].share);
		if (opt.batch_off)
			print_ops(mode, t, 0, best, base_ns, &base[t]);
		if (opt.batch_on)
			print_ops(mode, t, 1, best, base_ns, &base[t]);
	}
}

static void usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s [--n N] [--inodes N] [--reps N] [--seed N] [--base-mib M]\n"
		"          [--mode meta|data|both] [--threads 1|2] [--focus OP]\n"
		"          [--lru-batch off|on|both] [--split-inodes]\n", prog);
	exit(2);
}

/* --focus takes an op's name with or without its cc_ prefix. */
static int parse_op(const char *name)
{
	for (int op = 0; op < NR_OPS; op++)
		if (!strcmp(name, op_name[op]) || !strcmp(name, op_name[op] + 3))
			return op;
	return -1;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "n", required_argument, NULL, 'n' },
		{ "inodes", required_argument, NULL, 'i' },
		{ "reps", required_argument, NULL, 'r' },
		{ "seed", required_argument, NULL, 's' },
		{ "base-mib", required_argument, NULL, 'b' },
		{ "mode", required_argument, NULL, 'm' },
		{ "threads", required_argument, NULL, 't' },
		{ "focus", required_argument, NULL, 'f' },
		{ "lru-batch", required_argument, NULL, 'l' },
		{ "split-inodes", no_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	struct base_run b = { 0 };
	char *end = NULL;
	int c;

	while ((c = getopt_long(argc, argv, "n:i:r:s:b:m:t:f:l:p", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'n':
			opt.n = strtoul(optarg, &end, 0);
			break;
		case 'i':
			opt.inodes = strtoul(optarg, &end, 0);
			break;
		case 'r':
			opt.reps = (unsigned int)strtoul(optarg, &end, 0);
			break;
		case 's':
			opt.seed = strtoull(optarg, &end, 0);
			break;
		case 'b':
			opt.base_mib = strtoul(optarg, &end, 0);
			break;
		case 'm':
			opt.meta = !strcmp(optarg, "meta") || !strcmp(optarg, "both");
			opt.data = !strcmp(optarg, "data") || !strcmp(optarg, "both");
			end = opt.meta || opt.data ? optarg + strlen(optarg) : optarg;
			break;
		case 't':
			opt.min_threads = (unsigned int)strtoul(optarg, &end, 0);
			opt.max_threads = opt.min_threads;
			if (!opt.min_threads || opt.min_threads > MAX_THREADS)
				usage(argv[0]);
			break;
		case 'f':
			opt.focus = parse_op(optarg);
			end = opt.focus >= 0 ? optarg + strlen(optarg) : optarg;
			break;
		case 'p':
			opt.split_inodes = true;
			break;
		case 'l':
			opt.batch_off = !strcmp(optarg, "off") || !strcmp(optarg, "both");
			opt.batch_on = !strcmp(optarg, "on") || !strcmp(optarg, "both");
			end = opt.batch_off || opt.batch_on ?
			      optarg + strlen(optarg) : optarg;
			break;
		default:
			usage(argv[0]);
		}
		if (end == optarg || *end)
			usage(argv[0]);
	}
	if (optind != argc || !opt.inodes || opt.n < opt.inodes * 2 ||
	    opt.inodes > 0xffffffffUL || !opt.reps)
		usage(argv[0]);

	/* As much as was donated, and in any case 8 times the L3 of today. */
	if (!opt.base_mib)
		opt.base_mib = (opt.n * PAGE_SIZE + (1UL << 20) - 1) >> 20;
	if (opt.base_mib < 256)
		opt.base_mib = 256;
	base_init(&b);
	if (opt.meta)
		measure(false, &b);
	if (opt.data)
		measure(true, &b);
	base_exit(&b);
	return 0;
}
