// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * What a simulated filesystem's page cache holds right now, for a
 * /proc/meminfo-like summary (gcma-sim's memory accounting): folios
 * cached, of those active, dirty and mapped. One walk of the LRU.
 */
#include <string.h>

#include <libgcma/sim_fs.h>

#include "sim/fs_internal.h"

/**
 * sim_fs_get_usage() - a snapshot of what @sb's page cache holds.
 * @sb: a mounted simulated filesystem.
 * @out: filled: @out->cached folios in the page cache, of those on the
 *	LRU @out->active (PG_active), @out->dirty and @out->mapped.
 *
 * Folios isolated from the LRU (being migrated) count in @out->cached
 * only.
 *
 * Context: Process context; takes the filesystem's LRU lock.
 * Return: 0, or -EINVAL for a NULL argument.
 */
int sim_fs_get_usage(const struct super_block *sb, struct sim_fs_usage *out)
{
	struct sim_fs *fs;
	struct folio *folio;

	if (!sb || !sb->s_fs_info || !out)
		return -EINVAL;
	fs = SIM_FS(sb);
	memset(out, 0, sizeof(*out));
	out->cached = __atomic_load_n(&fs->nr_cached, __ATOMIC_RELAXED);
	sim_lock(&fs->lru_lock);
	list_for_each_entry(folio, &fs->lru, lru) {
		out->active += folio_test_active(folio);
		out->dirty += folio_test_dirty(folio);
		out->mapped += folio_test_mapped(folio);
	}
	sim_unlock(&fs->lru_lock);
	return 0;
}

/**
 * sim_fs_nr_cached() - how many folios @sb's page cache holds, without
 * walking its LRU (sim_fs_get_usage()'s @cached alone).
 * @sb: a mounted simulated filesystem.
 *
 * Context: Any context.
 * Return: the folios; 0 for a NULL or unmounted @sb.
 */
unsigned long sim_fs_nr_cached(const struct super_block *sb)
{
	if (!sb || !sb->s_fs_info)
		return 0;
	return __atomic_load_n(&SIM_FS(sb)->nr_cached, __ATOMIC_RELAXED);
}
