// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The public API's FILE * outputs of what are /sys and debugfs files in a
 * kernel: each runs the core's ->show() (a seq_file show in lib/mm) and
 * writes its text to the caller's FILE.
 */
#include <libgcma/cleancache.h>
#include <libgcma/cma.h>
#include "mm/cleancache_internal.h"
#include "mm/cma_internal.h"
#include "platform/seq_file.h"

/**
 * cleancache_stats_show() - print the statistics as sysfs would list them.
 * @out: where to print.
 *
 * One "name value" line per file of /sys/kernel/mm/cleancache/: the
 * global counters (stored, skipped, restored, missed, reclaimed,
 * recalled, invalidated, cached), then for each pool in id order
 * "<pool>/size", "<pool>/cached" and "<pool>/recalled".
 *
 * Context: Process context; the thread must be attached.
 * Return: 0; -EINVAL for a NULL @out; -EIO if writing fails; -ENXIO from
 * a thread attached to no machine.
 */
int cleancache_stats_show(FILE *out)
{
	/* -ENXIO comes before -EINVAL, as from cleancache_stats_get(). */
	if (!out)
		return cleancache_stats_get(NULL);
	return seq_show_file(out, cleancache_stats_seq_show, NULL);
}

/**
 * cma_sysfs_show() - print an area's sysfs files, then the classic-CMA
 * counters the simulation adds, one "name value" line each.
 * @cma: the area.
 * @out: where to print.
 *
 * Context: Any context.
 * Return: 0; -EINVAL for a NULL @out or a pointer that is no area; -EIO
 * if writing fails.
 */
int cma_sysfs_show(struct cma *cma, FILE *out)
{
	return seq_show_file(out, cma_sysfs_seq_show, cma);
}

/**
 * cma_debugfs_show() - print an area's debugfs files, one "name value"
 * line each: base_pfn count order_per_bit used maxchunk bitmap.
 * @cma: the area.
 * @out: where to print.
 *
 * Context: Process context; takes the area's lock.
 * Return: 0; -EINVAL for a NULL @out, a pointer that is no area, or an
 * area that was never activated (it has no bitmap); -EIO if writing
 * fails.
 */
int cma_debugfs_show(struct cma *cma, FILE *out)
{
	return seq_show_file(out, cma_debugfs_seq_show, cma);
}
