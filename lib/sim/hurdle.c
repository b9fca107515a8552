// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * CMA's hurdles as causes (include/libgcma/hurdle.h): the platform hook
 * that files what alloc_contig_range() blames on a folio, the calling
 * thread's account of it, and the hurdles the pins do not model:
 * buffer heads on page-cache folios and a machine without swap.
 *
 * A folio is classified when it is blamed, so a timed pin that expires
 * later still gets the time it cost:
 *   - pinned: the kind of its oldest pin (odirect, vmsplice, longterm,
 *     aio, fresh);
 *   - buffer heads attached (PG_private on a page-cache folio): bufferhead;
 *   - anything else: other.
 * No folio (no migration target could be allocated): noswap when the
 * machine has no swap and holds anonymous memory that reclaim would
 * otherwise have swapped out, else nomem.
 */
#include <string.h>

#include "kernel/bug.h"
#include "sim/fs_internal.h"
#include "sim/sim_internal.h"

static __thread struct sim_cause_account sim_tls_causes;

static const char *const sim_cause_names[SIM_CAUSE_NR] = {
	[SIM_CAUSE_OTHER] = "other",
	[SIM_CAUSE_ODIRECT] = "odirect",
	[SIM_CAUSE_VMSPLICE] = "vmsplice",
	[SIM_CAUSE_LONGTERM] = "longterm",
	[SIM_CAUSE_AIO] = "aio",
	[SIM_CAUSE_FRESH] = "fresh",
	[SIM_CAUSE_BUFFERHEAD] = "bufferhead",
	[SIM_CAUSE_WRITEBACK] = "writeback",
	[SIM_CAUSE_NOMEM] = "nomem",
	[SIM_CAUSE_NOSWAP] = "noswap",
};

static const enum sim_cause sim_cause_of_pin[SIM_PIN_NR_KINDS] = {
	[SIM_PIN_ODIRECT] = SIM_CAUSE_ODIRECT,
	[SIM_PIN_VMSPLICE] = SIM_CAUSE_VMSPLICE,
	[SIM_PIN_LONGTERM] = SIM_CAUSE_LONGTERM,
	[SIM_PIN_AIO] = SIM_CAUSE_AIO,
	[SIM_PIN_FRESH] = SIM_CAUSE_FRESH,
};

/**
 * sim_cause_name() - a cause's name, as the reports spell it.
 * @cause: the cause.
 *
 * Context: Any context.
 * Return: a static string ("aio", "bufferhead", ...), or NULL for an
 * unknown @cause.
 */
const char *sim_cause_name(enum sim_cause cause)
{
	if ((unsigned int)cause >= SIM_CAUSE_NR)
		return NULL;
	return sim_cause_names[cause];
}

/**
 * sim_cause_account_get() - the calling thread's cause account.
 * @out: receives it; nothing is done for NULL.
 *
 * Context: Any context.
 * Return: nothing.
 */
void sim_cause_account_get(struct sim_cause_account *out)
{
	if (out)
		*out = sim_tls_causes;
}

/**
 * sim_cause_account_reset() - zero the calling thread's cause account.
 *
 * Context: Any context.
 * Return: nothing.
 */
void sim_cause_account_reset(void)
{
	memset(&sim_tls_causes, 0, sizeof(sim_tls_causes));
}

/**
 * sim_hurdle_charge() - file @ns of the calling thread's time under @cause.
 * @cause: the cause.
 * @ns: virtual time already charged to the thread's cost account.
 *
 * Context: Any context.
 * Return: nothing.
 */
void sim_hurdle_charge(enum sim_cause cause, uint64_t ns)
{
	if (!WARN_ON((unsigned int)cause >= SIM_CAUSE_NR))
		sim_tls_causes.ns[cause] += ns;
}

/* Which cause @folio, a head of @m the caller acts on, stands for. */
static enum sim_cause sim_hurdle_classify(struct sim_machine *m,
					  const struct folio *folio)
{
	int kind = sim_pin_oldest_kind(m, folio);

	if (kind >= 0)
		return sim_cause_of_pin[kind];
	if (folio_test_private(folio) && READ_ONCE(folio->mapping))
		return SIM_CAUSE_BUFFERHEAD;
	return SIM_CAUSE_OTHER;
}

/**
 * sim_cause_of_folio() - which of CMA's hurdles @folio is now.
 * @folio: a page of the attached machine (its folio is classified).
 *
 * Context: Any context; the thread must be attached. Takes the pin lock.
 * Return: an enum sim_cause; -EINVAL for NULL or a page of no attached
 * machine.
 */
int sim_cause_of_folio(const struct folio *folio)
{
	struct sim_machine *m = sim_require_machine(__func__);

	if (!m || !folio || !sim_desc_in(m, folio))
		return -EINVAL;
	return sim_hurdle_classify(m, page_folio((const struct page *)folio));
}

/* Does @m hold anonymous memory that only swap could have freed? */
static bool sim_hurdle_anon_stuck(struct sim_machine *m)
{
	struct sim_fs_state *state = m->fs;
	struct sim_fs *fs;
	bool stuck = false;

	if (!state || !__atomic_load_n(&state->noswap, __ATOMIC_RELAXED))
		return false;
	sim_lock(&state->lock);
	list_for_each_entry(fs, &state->mounts, mount_node)
		if (fs->opts.anon &&
		    __atomic_load_n(&fs->nr_cached, __ATOMIC_RELAXED))
			stuck = true;
	sim_unlock(&state->lock);
	return stuck;
}

/**
 * sim_hurdle_blame() - the platform's contig_blame hook.
 * @folio: the folio that held a contiguous allocation up, or NULL when no
 *	migration target could be had (or the isolation failed).
 * @ns: virtual time charged on its account.
 * @err: < 0 if the attempt failed on it.
 *
 * Context: Process context, attached; no lock of the model held.
 * Return: nothing.
 */
void sim_hurdle_blame(const struct folio *folio, uint64_t ns, int err)
{
	struct sim_machine *m = sim_tls_machine;
	enum sim_cause cause = SIM_CAUSE_OTHER;

	if (!m)
		return;
	if (folio && sim_desc_in(m, folio))
		cause = sim_hurdle_classify(m, page_folio((const struct page *)folio));
	else if (!folio && err == -ENOMEM)
		cause = sim_hurdle_anon_stuck(m) ? SIM_CAUSE_NOSWAP :
						   SIM_CAUSE_NOMEM;
	sim_tls_causes.ns[cause] += ns;
	if (err < 0)
		sim_tls_causes.fails[cause]++;
}

/**
 * sim_hurdle_set_noswap() - give @m no swap at all, or take that back.
 * @m: the machine.
 * @on: true: reclaim never evicts anonymous memory (no swap device, no
 *	frontswap), so migration targets run short sooner and such a
 *	shortage is blamed on noswap; false (the default): anonymous memory
 *	is swapped as its filesystem's options say.
 *
 * Context: Any context.
 * Return: 0, or -EINVAL for a NULL @m.
 */
int sim_hurdle_set_noswap(struct sim_machine *m, bool on)
{
	if (!m || !m->fs)
		return -EINVAL;
	__atomic_store_n(&m->fs->noswap, on, __ATOMIC_RELAXED);
	return 0;
}

/**
 * sim_hurdle_noswap() - the setting above.
 * @m: the machine.
 *
 * Context: Any context.
 * Return: the setting; false for NULL.
 */
bool sim_hurdle_noswap(const struct sim_machine *m)
{
	return m && m->fs && __atomic_load_n(&m->fs->noswap, __ATOMIC_RELAXED);
}

/**
 * sim_bh_attach() - attach buffer heads to a cached page of @inode, as a
 * block-device or ext4-style filesystem does for its metadata.
 * @inode: a file of a simulated filesystem (not an anonymous one).
 * @index: the page; it must be cached.
 * @dirty: the buffers are dirty (the folio becomes dirty).
 *
 * The folio gets PG_private. Migration must then write it (when dirty)
 * and drop the buffers before it moves, time filed under bufferhead; the
 * buffers go when the folio leaves the page cache.
 *
 * Context: Process context; the thread must be attached to the inode's
 * machine; takes the inode's lock.
 * Return: 0; -ENOENT if the page is not cached; -EINVAL for a bad inode
 * or an anonymous filesystem; -ENXIO when not attached to its machine.
 */
int sim_bh_attach(struct inode *inode, pgoff_t index, bool dirty)
{
	struct folio *folio;
	struct sim_fs *fs;
	int ret;

	ret = sim_pc_find_locked(inode, index, &fs, &folio);
	if (ret)
		return ret;
	if (fs->opts.anon) {
		ret = -EINVAL;
	} else {
		folio_set_private(folio);
		if (dirty)
			folio_set_dirty(folio);
	}
	sim_unlock(&SIM_I(inode)->lock);
	return ret;
}
