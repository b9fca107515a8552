// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Anonymous memory through a swap type: the glue between an .anon
 * simulated filesystem mounted with a swap type (sim_fs_options.swap)
 * and the frontswap-like client's swap path (<libgcma/sim_swap.h>).
 *
 *   eviction of a dirty folio   swap_writepage(): sim_swap_out() to the
 *                               page's slot, allocated at its first
 *                               swap-out (folio_alloc_swap())
 *   refault                     swapin: sim_swap_in() (swap cache,
 *                               frontswap, device); the slot stays, so a
 *                               clean folio is evicted again without I/O,
 *                               as a folio in the kernel's swap cache is
 *   write                       the copy in swap is stale: the slot is
 *                               freed (do_swap_page()'s
 *                               should_try_to_free_swap() on a write fault)
 *   truncation, inode eviction  swap_entry_free(): sim_swap_free()
 *
 * Slots: each filesystem allocates the offsets of its type itself, the
 * lowest free one first (an XA_FLAGS_ALLOC xarray: slot -> the inode using
 * it); each inode maps page index -> slot (sim_inode.swap). So one type
 * serves one mounted filesystem. A page that finds no slot (the type is
 * full or off, an allocation fails) is written back as without a swap
 * type, a lower-priority disk swap: SIM_COST_WRITEBACK now, a disk read
 * at refault (counted in swap_full).
 *
 * Everything here runs under the inode's lock, which serialises the calls
 * on one slot as the kernel's page lock and swap entry do; frontswap's and
 * cleancache's locks nest inside it.
 */
#include <libgcma/sim_swap.h>

#include "sim/fs_internal.h"

/* Forget slot @slot of page @index of @si: every copy and both maps. */
static void sim_fs_swap_release(struct sim_fs *fs, struct sim_inode *si,
				pgoff_t index, uint32_t slot)
{
	/* -EINVAL only when the type went off: nothing to free then. */
	sim_swap_free(fs->opts.swap_type, slot);
	xa_erase(&si->swap, index);
	xa_erase(&fs->swap_slots, slot);
}

/**
 * sim_fs_swap_out() - write dirty @folio to its swap slot.
 * @fs: its filesystem, with a swap type.
 * @si: its inode.
 * @folio: a dirty folio of @si's page cache.
 *
 * The page keeps a slot it has (a write frees it, so a dirty folio
 * rarely has one) or gets the lowest free slot of the filesystem
 * (folio_alloc_swap()). sim_swap_out() stores
 * it in frontswap or writes it to the device and charges what that
 * costs. On failure the slot is freed and the caller writes back as
 * without a swap type.
 *
 * Context: @si's lock held.
 * Return: true when the page is in swap (the caller cleans the folio);
 * false when it found no slot (counted in swap_full).
 */
bool sim_fs_swap_out(struct sim_fs *fs, struct sim_inode *si,
		     struct folio *folio)
{
	pgoff_t index = folio->index;
	void *entry = xa_load(&si->swap, index);
	uint32_t slot;
	int ret;

	if (entry) {
		slot = (uint32_t)xa_to_value(entry);
	} else {
		ret = xa_alloc(&fs->swap_slots, &slot, si, xa_limit_32b,
			       GFP_KERNEL);
		if (ret)
			goto full;
		entry = xa_store(&si->swap, index, xa_mk_value(slot),
				 GFP_KERNEL);
		if (xa_is_err(entry)) {
			xa_erase(&fs->swap_slots, slot);
			goto full;
		}
	}
	ret = sim_swap_out(fs->opts.swap_type, slot, folio);
	if (!ret) {
		fs_stat_inc(fs, swap_outs);
		return true;
	}
	/* -EINVAL: past the type's last slot (full) or off; -ENOMEM. */
	sim_fs_swap_release(fs, si, index, slot);
full:
	fs_stat_inc(fs, swap_full);
	return false;
}

/**
 * sim_fs_swap_in() - read @folio's page back from its swap slot.
 * @fs: its filesystem, with a swap type.
 * @si: its inode.
 * @folio: a new, locked folio of @si's page cache.
 *
 * The slot keeps its copy (and the page its slot) until the page is
 * written, cut off or its inode evicted.
 *
 * Context: @si's lock held.
 * Return: true when the page came from swap; false when it has no slot
 * (never swapped out, or it went to the disk swap): the caller reads it
 * as without a swap type.
 */
bool sim_fs_swap_in(struct sim_fs *fs, struct sim_inode *si,
		    struct folio *folio)
{
	pgoff_t index = folio->index;
	void *entry = xa_load(&si->swap, index);
	uint32_t slot;

	if (!entry)
		return false;
	slot = (uint32_t)xa_to_value(entry);
	if (sim_swap_in(fs->opts.swap_type, slot, folio)) {
		/* The type went off: its copy is gone with it. */
		sim_fs_swap_release(fs, si, index, slot);
		return false;
	}
	fs_stat_inc(fs, swap_ins);
	return true;
}

/**
 * sim_fs_swap_free() - free the swap slots of pages @first..@last of @si.
 * @fs: its filesystem, with a swap type.
 * @si: the inode.
 * @first: first page index.
 * @last: last page index (inclusive; ULONG_MAX for the rest of the file).
 *
 * Context: @si's lock held.
 * Return: nothing; cannot fail.
 */
void sim_fs_swap_free(struct sim_fs *fs, struct sim_inode *si, pgoff_t first,
		      pgoff_t last)
{
	unsigned long index = first;
	void *entry;

	while ((entry = xa_find(&si->swap, &index, last, XA_PRESENT))) {
		sim_fs_swap_release(fs, si, index,
				    (uint32_t)xa_to_value(entry));
		if (index == last)
			break;
		index++;
	}
}

/**
 * sim_fs_swap_check_opts() - may a filesystem with @opts be mounted now?
 * @state: the machine's filesystems.
 * @opts: the new filesystem's options.
 *
 * Context: @state's lock held.
 * Return: 0; -EINVAL for a swap type without .anon or out of range;
 * -EBUSY when a mounted filesystem uses the same type.
 */
int sim_fs_swap_check_opts(struct sim_fs_state *state,
			   const struct sim_fs_options *opts)
{
	struct sim_fs *fs;

	if (!opts->swap)
		return 0;
	if (!opts->anon || opts->swap_type < 0 ||
	    opts->swap_type >= SIM_MAX_SWAPFILES)
		return -EINVAL;
	list_for_each_entry(fs, &state->mounts, mount_node)
		if (fs->opts.swap && fs->opts.swap_type == opts->swap_type)
			return -EBUSY;
	return 0;
}
