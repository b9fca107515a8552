// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Poisoning simulated page data.
 *
 * In data mode a page that nobody may touch (free, donated, evicted) is
 * poisoned for ASan and NOACCESS for Valgrind, so a stray access to
 * simulated memory is a reported error rather than silent corruption. A
 * bitmap remembers the state so the model and tests can ask for it.
 */
#include "kernel/bitmap.h"
#include "kernel/memcheck.h"
#include "platform/internal.h"

/**
 * sim_poison_range() - poison or open the data of a checked pfn range.
 * @m: the machine.
 * @pfn: first pfn, inside @m.
 * @nr: number of pfns; the range lies inside @m.
 * @poison: true to poison, false to open.
 *
 * Context: Any context. A no-op without data mode.
 * Return: nothing.
 */
void sim_poison_range(struct sim_machine *m, unsigned long pfn,
			unsigned long nr, bool poison)
{
	unsigned long idx = pfn - m->base_pfn;
	void *addr;

	if (!m->data)
		return;
	addr = m->data + idx * PAGE_SIZE;
	if (poison)
		mem_noaccess(addr, nr * PAGE_SIZE);
	else
		mem_undefined(addr, nr * PAGE_SIZE);
	/* One atomic operation a word: creation poisons every page at once. */
	__bitmap_update(m->poisoned, idx, nr, poison, true);
	if (!poison)
		__bitmap_update(m->opened, idx, nr, true, true);
}

static int sim_poison_checked(struct sim_machine *m, unsigned long pfn,
			      unsigned long nr, bool poison)
{
	if (!m || !sim_range_in(m, pfn, nr))
		return -EINVAL;
	sim_poison_range(m, pfn, nr, poison);
	return 0;
}

/**
 * sim_page_poison() - make pages nobody may touch.
 * @m: the machine.
 * @pfn: first pfn.
 * @nr_pages: how many.
 *
 * Without data mode there is nothing to poison and the call succeeds.
 *
 * Context: Any context.
 * Return: 0, or -EINVAL for a NULL @m or a range not inside @m.
 */
int sim_page_poison(struct sim_machine *m, unsigned long pfn,
		    unsigned long nr_pages)
{
	return sim_poison_checked(m, pfn, nr_pages, true);
}

/**
 * sim_page_unpoison() - open pages for their new owner.
 * @m: the machine.
 * @pfn: first pfn.
 * @nr_pages: how many.
 *
 * The contents become undefined (Valgrind reports reads before writes).
 *
 * Context: Any context.
 * Return: 0, or -EINVAL for a NULL @m or a range not inside @m.
 */
int sim_page_unpoison(struct sim_machine *m, unsigned long pfn,
		      unsigned long nr_pages)
{
	return sim_poison_checked(m, pfn, nr_pages, false);
}

/**
 * sim_page_poisoned() - is @pfn's data poisoned?
 * @m: the machine.
 * @pfn: the pfn.
 *
 * Context: Any context.
 * Return: true in data mode for a poisoned page of @m; false otherwise.
 */
bool sim_page_poisoned(const struct sim_machine *m, unsigned long pfn)
{
	unsigned long idx;

	if (!m || !m->data || !sim_pfn_in(m, pfn))
		return false;
	idx = pfn - m->base_pfn;
	return (__atomic_load_n(&m->poisoned[idx / BITS_PER_LONG],
				__ATOMIC_RELAXED) >> (idx % BITS_PER_LONG)) & 1;
}
