// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * cleancache statistics: what /sys/kernel/mm/cleancache/ shows, as a
 * struct and as sysfs-like text (a seq_file show; the public FILE *
 * call is lib/sim/show_files.c).
 *
 * Global counters live in struct cleancache (cc_stat_inc()); "cached" is
 * not a counter but stored - (invalidated + reclaimed + recalled), so the
 * equation holds by construction. Each pool has its own directory with
 * size, cached and recalled.
 */
#include <libgcma/cleancache.h>
#include "kernel/kernel.h"
#include "kernel/seq_file.h"
#include "kernel/slab.h"
#include "kernel/string.h"
#include "mm/cleancache_internal.h"

/* File names in the global directory, in the order they are printed. */
static const char *const cleancache_stat_names[CC_STAT_NR] = {
	[CC_STAT_STORED] = "stored",
	[CC_STAT_SKIPPED] = "skipped",
	[CC_STAT_RESTORED] = "restored",
	[CC_STAT_MISSED] = "missed",
	[CC_STAT_RECLAIMED] = "reclaimed",
	[CC_STAT_RECALLED] = "recalled",
	[CC_STAT_INVALIDATED] = "invalidated",
};

static uint64_t cc_read(const atomic_long_t *v)
{
	long n = atomic_long_read(v);

	return n < 0 ? 0 : (uint64_t)n;
}

static void cc_fill_pool_stats(struct cleancache_pool *pool,
			       struct cleancache_pool_stats *ps)
{
	memcpy(ps->name, pool->name, sizeof(ps->name));
	ps->size = cc_read(&pool->size);
	ps->cached = cc_read(&pool->cached);
	ps->recalled = cc_read(&pool->recalled);
}

static void cc_fill_stats(struct cleancache *cc, struct cleancache_stats *out)
{
	int nr = cleancache_nr_pools(cc);
	long cached;

	memset(out, 0, sizeof(*out));
	cached = cc_stat_cached(cc);
	out->stored = cc_read(&cc->stats[CC_STAT_STORED]);
	out->skipped = cc_read(&cc->stats[CC_STAT_SKIPPED]);
	out->restored = cc_read(&cc->stats[CC_STAT_RESTORED]);
	out->missed = cc_read(&cc->stats[CC_STAT_MISSED]);
	out->reclaimed = cc_read(&cc->stats[CC_STAT_RECLAIMED]);
	out->recalled = cc_read(&cc->stats[CC_STAT_RECALLED]);
	out->invalidated = cc_read(&cc->stats[CC_STAT_INVALIDATED]);
	out->cached = cached < 0 ? 0 : (uint64_t)cached;
	out->nr_pools = nr;
	for (int id = 0; id < nr; id++)
		cc_fill_pool_stats(&cc->pools[id], &out->pools[id]);
}

/**
 * cleancache_stats_get() - read the statistics.
 * @out: filled with the global counters and one entry per pool.
 *
 * Each counter is read atomically; with operations in flight the set is
 * not a single snapshot, but cached is never negative.
 *
 * Context: Any context; the thread must be attached.
 * Return: 0; -EINVAL for a NULL @out; -ENXIO from a thread attached to
 * no machine.
 */
int cleancache_stats_get(struct cleancache_stats *out)
{
	struct cleancache *cc = cleancache_get_state();

	if (!cc)
		return -ENXIO;
	if (!out)
		return -EINVAL;
	cc_fill_stats(cc, out);
	return 0;
}

/**
 * cleancache_pool_stats_get() - read one pool's statistics.
 * @pool_id: the id cleancache_backend_register_pool() returned.
 * @out: filled as cleancache_stats_get() fills the pool's entry.
 *
 * What reading one pool's directory of /sys/kernel/mm/cleancache/ gives,
 * without the global counters and the other pools' entries (a caller
 * that polls one pool after every operation need not copy them all).
 *
 * Context: Any context; the thread must be attached.
 * Return: 0; -EINVAL for a NULL @out; -ENOENT for an id no pool has;
 * -ENXIO from a thread attached to no machine.
 */
int cleancache_pool_stats_get(int pool_id, struct cleancache_pool_stats *out)
{
	struct cleancache *cc = cleancache_get_state();

	if (!cc)
		return -ENXIO;
	if (!out)
		return -EINVAL;
	if (pool_id < 0 || pool_id >= cleancache_nr_pools(cc))
		return -ENOENT;
	cc_fill_pool_stats(&cc->pools[pool_id], out);
	return 0;
}

/**
 * cleancache_stats_seq_show() - show the statistics as sysfs would list
 * them.
 * @m: where to print.
 * @v: unused.
 *
 * One "name value" line per file of /sys/kernel/mm/cleancache/: the
 * global counters (stored, skipped, restored, missed, reclaimed,
 * recalled, invalidated, cached), then for each pool in id order
 * "<pool>/size", "<pool>/cached" and "<pool>/recalled".
 *
 * Context: Process context; the thread must be attached.
 * Return: 0; -ENXIO from a thread attached to no machine.
 */
int cleancache_stats_seq_show(struct seq_file *m, void *v)
{
	struct cleancache *cc = cleancache_get_state();
	int nr;
	long cached;

	if (!cc)
		return -ENXIO;
	/* Each file reads its own counter, as sysfs would. */
	cached = cc_stat_cached(cc);
	nr = cleancache_nr_pools(cc);
	for (int i = 0; i < CC_STAT_NR; i++)
		seq_printf(m, "%s %llu\n", cleancache_stat_names[i],
			   (unsigned long long)cc_read(&cc->stats[i]));
	seq_printf(m, "cached %llu\n",
		   (unsigned long long)(cached < 0 ? 0 : cached));
	for (int id = 0; id < nr; id++) {
		struct cleancache_pool *pool = &cc->pools[id];

		seq_printf(m, "%s/size %llu\n%s/cached %llu\n"
			   "%s/recalled %llu\n",
			   pool->name, (unsigned long long)cc_read(&pool->size),
			   pool->name, (unsigned long long)cc_read(&pool->cached),
			   pool->name,
			   (unsigned long long)cc_read(&pool->recalled));
	}
	return 0;
}
