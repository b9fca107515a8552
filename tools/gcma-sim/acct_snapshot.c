// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The accounting report's snapshot (acct_snapshot.h): the client's held
 * buffer, the machine state from the end meminfo snapshot, the
 * processes from the workload (each job's anonymous memory: its
 * resident pages are its RSS, the pages it wrote and no longer holds
 * are its swap entries), and every policy's view.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libgcma/libgcma.h>

#include "acct_snapshot.h"
#include "workload.h"

/**
 * acct_hold() - the client allocates and maps its buffer from the area.
 * @s: the scenario ([accounting] report, held_pages).
 * @area: the configuration's area.
 * @a: the report; @a->held and @a->hold_ret set.
 *
 * A failed allocation is a result, not an error: the report then shows
 * the client without its buffer and says so.
 *
 * Context: Process context, attached to the area's machine.
 * Return: 0.
 */
int acct_hold(const struct scn_scenario *s, struct cma *area,
	      struct acct_result *a)
{
	memset(a, 0, sizeof(*a));
	if (!s->acct_report || !s->acct_held_pages)
		return 0;
	a->want = s->acct_held_pages;
	a->hold_ret = cma_alloc_pages(area, s->acct_held_pages, 0,
				      GFP_KERNEL, &a->page);
	if (!a->hold_ret)
		a->held = s->acct_held_pages;
	return 0;
}

/**
 * acct_release() - the client frees its buffer (if it holds one).
 * @area: the configuration's area.
 * @a: the report.
 *
 * Context: Process context, attached to the area's machine.
 * Return: nothing.
 */
void acct_release(struct cma *area, struct acct_result *a)
{
	if (!a->page)
		return;
	cma_release_pages(area, a->page, a->held);
	a->page = NULL;
}

/* The client, then one process per background job. */
static void acct_procs(const struct scn_scenario *s,
		       const struct workload *w, struct acct_result *a,
		       struct acct_proc *procs)
{
	procs[ACCT_CLIENT] = (struct acct_proc){
		.rss = s->acct_client_rss, .buf = a->held,
		.adj = (unsigned int)s->acct_client_adj,
	};
	for (unsigned long j = 0; j < s->jobs; j++) {
		const struct wl_job *job = &w->jobs[j];
		unsigned long res = job->heap->i_mapping->nrpages;
		struct acct_proc *p = &procs[j + 1];

		p->rss = res;
		p->swap = job->anon > res ? job->anon - res : 0;
		p->adj = (unsigned int)s->acct_jobs_adj;
		a->jobs_rss += p->rss;
		a->jobs_swap += p->swap;
	}
}

/**
 * acct_capture() - the machine state and every policy's view.
 * @s: the scenario.
 * @c: the configuration.
 * @w: its workload, at the end of the requests pass.
 * @mi: the meminfo snapshot taken with the buffer held.
 * @a: the report (acct_hold() ran); filled.
 *
 * Context: Process context, attached to the workload's machine.
 * Return: 0 (nothing to do without [accounting] report); -ENOMEM;
 * -EINVAL or -ERANGE from the policy arithmetic (a state that does not
 * add up is a failed check).
 */
int acct_capture(const struct scn_scenario *s, enum scn_config c,
		 const struct workload *w, const struct meminfo *mi,
		 struct acct_result *a)
{
	struct acct_proc *procs;
	int ret = 0;

	if (!s->acct_report)
		return 0;
	procs = calloc(s->jobs + 1, sizeof(*procs));
	if (!procs)
		return -ENOMEM;
	a->st = (struct acct_state){
		.gcma = c != SCN_CFG_CMA, .machine = mi->total,
		.area = s->area_pages, .free = mi->free, .file = mi->file,
		.anon = mi->anon,
		/* Frontswap's entries are cleancache entries too. */
		.cleancache = mi->cleancache > mi->frontswap ?
			      mi->cleancache - mi->frontswap : 0,
		.frontswap = mi->frontswap, .area_alloc = mi->gcma_alloc,
		.cma_free = mi->cma_free, .low = s->free_target,
		.swap_total = c == SCN_CFG_GCMA_ZRAM ? s->zram_pages : 0,
		.memcg_limit = s->acct_memcg_limit,
		.lmkd_minfree = s->acct_lmkd_minfree,
		.lmkd_min_adj = (unsigned int)s->acct_lmkd_min_adj,
	};
	/* A classic area's allocations are not GcmaAlloc: the buffer. */
	if (c == SCN_CFG_CMA)
		a->st.area_alloc = a->held;
	a->nr_procs = (unsigned int)s->jobs + 1;
	acct_procs(s, w, a, procs);
	for (unsigned int p = 0; !ret && p < ACCT_NR_POLICIES; p++) {
		ret = acct_policy_view(&a->st, procs, a->nr_procs, p,
				       &a->view[p]);
		if (!ret)
			ret = acct_view_check(&a->st, &a->view[p]);
	}
	free(procs);
	a->on = !ret;
	return ret;
}

/**
 * acct_victim_name() - "client", "job3" or "-" for a view's victim id.
 * @id: ACCT_CLIENT, a job + 1, or ACCT_NONE.
 * @buf: filled.
 * @len: its size.
 *
 * Context: Any context.
 * Return: nothing.
 */
void acct_victim_name(int id, char *buf, unsigned long len)
{
	if (id == ACCT_NONE)
		snprintf(buf, len, "-");
	else if (id == ACCT_CLIENT)
		snprintf(buf, len, "client");
	else
		snprintf(buf, len, "job%d", id - 1);
}
