// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * contig_blame_wait() and contig_blame_failure(): the core says which
 * folio held a contiguous allocation up; the simulation's hook
 * (struct sim_platform_hooks.contig_blame) says which of CMA's hurdles
 * that folio is and keeps the account (lib/sim/hurdle.c). And
 * contig_isolation_window(), a test's hook into alloc_contig_range()'s
 * race window before it names the busy page.
 */
#include "kernel/port.h"
#include "platform/internal.h"

/**
 * contig_blame_wait() - charge @n of @ev on account of @folio.
 * @folio: the folio that held the allocation up.
 * @ev: the cost event (migrate_pass, busy_retry).
 * @n: occurrences.
 *
 * sim_cost(), then the hook with the time charged, measured on the
 * thread's account (0 from a thread attached to no machine).
 *
 * Context: Any context the hook allows: process context, no lock of the
 * model held (the hook takes the pin lock).
 * Return: nothing.
 */
void contig_blame_wait(const struct folio *folio, enum sim_cost_event ev,
		       unsigned long n)
{
	struct sim_machine *m = sim_tls_machine;
	struct sim_cost_account before, after;

	sim_cost_account_get(&before);
	sim_cost(ev, n);
	sim_cost_account_get(&after);
	if (m && m->hooks.contig_blame)
		m->hooks.contig_blame(folio, after.ns - before.ns, 0);
}

/**
 * contig_blame_failure() - an attempt failed on @folio.
 * @folio: the folio that stayed, or NULL when no migration target could
 *	be allocated.
 * @err: the attempt's error (-EBUSY, -ENOMEM).
 *
 * Context: as contig_blame_wait().
 * Return: nothing.
 */
void contig_blame_failure(const struct folio *folio, int err)
{
	struct sim_machine *m = sim_tls_machine;

	if (m && m->hooks.contig_blame)
		m->hooks.contig_blame(folio, 0, err);
}

/**
 * contig_isolation_window() - let a test act between alloc_contig_range()'s
 * failed range test and its report.
 * @start: first pfn of the range.
 * @end: first pfn past it.
 *
 * Calls the machine's contig_window hook, if a test set one.
 *
 * Context: process context, no lock of the model held.
 * Return: nothing.
 */
void contig_isolation_window(unsigned long start, unsigned long end)
{
	struct sim_machine *m = sim_tls_machine;

	if (m && m->hooks.contig_window)
		m->hooks.contig_window(start, end);
}
