/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The accounting report's snapshot ([accounting], docs/gcma.md
 * "Accounting"): at the end of the requests pass the allocating client
 * allocates a buffer from the area and keeps it mapped while the machine
 * state and its processes (the client and the background jobs) are
 * read; every policy's view is computed from that one state
 * (acct_policy.h); then the buffer is released.
 */
#ifndef _GCMA_SIM_ACCT_SNAPSHOT_H
#define _GCMA_SIM_ACCT_SNAPSHOT_H

#include <stdbool.h>

#include "acct_policy.h"
#include "accounting.h"
#include "scenario.h"

struct cma;
struct page;
struct workload;

/**
 * struct acct_result - one configuration's accounting report.
 * @on: [accounting] report was set and the snapshot taken.
 * @want: [accounting] held_pages.
 * @hold_ret: the held buffer's cma_alloc_pages() result (0: held).
 * @held: pages the client held at the snapshot (0 when it failed).
 * @page: the buffer while held.
 * @st: the machine state.
 * @nr_procs: the client and the jobs.
 * @jobs_rss, @jobs_swap: the jobs' resident and swapped pages, summed.
 * @view: each policy's view, indexed by its ACCT_* bits.
 */
struct acct_result {
	bool on;
	unsigned long want;
	int hold_ret;
	unsigned long held;
	struct page *page;
	struct acct_state st;
	unsigned int nr_procs;
	unsigned long jobs_rss, jobs_swap;
	struct acct_view view[ACCT_NR_POLICIES];
};

int acct_hold(const struct scn_scenario *s, struct cma *area,
	      struct acct_result *a);
int acct_capture(const struct scn_scenario *s, enum scn_config c,
		 const struct workload *w, const struct meminfo *mi,
		 struct acct_result *a);
void acct_release(struct cma *area, struct acct_result *a);
void acct_victim_name(int id, char *buf, unsigned long len);

#endif /* _GCMA_SIM_ACCT_SNAPSHOT_H */
