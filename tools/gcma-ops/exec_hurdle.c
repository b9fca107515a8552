// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The hurdle ops (exec_hurdle.h). Both are cheap: a page-cache lookup
 * and two flags, or one store.
 */
#include <errno.h>
#include <stdint.h>

#include <libgcma/libgcma.h>

#include "exec.h"
#include "exec_hurdle.h"

/**
 * gops_bh_attach() - bh_attach ino=I idx=X dirty=D: sim_bh_attach().
 * @rm: the model.
 * @inode: the file (of slot @ino).
 * @ino: its slot.
 * @idx: the page.
 * @dirty: dirty buffers.
 * @faulted: an allocation was failed on purpose during the op.
 *
 * The model's rules: whether the page is cached is not modelled, so
 * -ENOENT is allowed anywhere and 0 only before the end of the file
 * (past it, -ENOENT or -EINVAL); after 0 the folio has PG_private, is
 * dirty when @dirty, and holds what the page held (buffers change no
 * data).
 *
 * Context: The executor's thread, attached to the machine.
 * Return: what sim_bh_attach() returned.
 */
int gops_bh_attach(struct refmodel *rm, struct inode *inode, int ino,
		   unsigned int idx, bool dirty, bool faulted)
{
	int ret = sim_bh_attach(inode, idx, dirty);
	struct folio *folio;

	rm_file_result(rm, "sim_bh_attach", ino, idx, RM_F_ENOENT, faulted,
		       ret);
	if (ret || rm->failed)
		return ret;
	folio = sim_page_cache_lookup(inode, idx);
	if (!folio) {
		rm_fail(rm, "ino slot %d index %u: not cached after sim_bh_attach()",
			ino, idx);
	} else if (!folio_test_private(folio) ||
		   (dirty && !folio_test_dirty(folio))) {
		rm_fail(rm, "ino slot %d index %u: flags %#lx after sim_bh_attach(dirty=%d)",
			ino, idx, folio->flags, dirty);
	} else {
		rm_file_seen(rm, ino, idx, gops_page_hash(folio), false);
	}
	return ret;
}

/**
 * gops_noswap() - noswap on=B: sim_hurdle_set_noswap().
 * @rm: the model.
 * @m: the machine.
 * @on: the setting.
 *
 * The model's rule: 0 always (the machine exists), and
 * sim_hurdle_noswap() reads the setting back. The fuzzer's filesystem is
 * file-backed, so the setting changes only which cause a failed
 * contiguous allocation is blamed on, never a result the model checks.
 *
 * Context: The executor's thread.
 * Return: what sim_hurdle_set_noswap() returned.
 */
int gops_noswap(struct refmodel *rm, struct sim_machine *m, bool on)
{
	int ret = sim_hurdle_set_noswap(m, on);

	if (ret)
		rm_fail(rm, "sim_hurdle_set_noswap(%d) returned %d, the model expects 0",
			on, ret);
	else if (sim_hurdle_noswap(m) != on)
		rm_fail(rm, "sim_hurdle_noswap() is %d after setting %d",
			!on, on);
	return ret;
}
