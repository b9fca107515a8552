/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * GCMA accounting policies (docs/gcma.md, "Accounting"): what a user,
 * the OOM killer and an lmkd-like daemon see of one machine state when a
 * buffer allocated from the area is mapped by its client, under each of
 * the choices the 2025 thread discusses:
 *
 *   - the carveout outside MemTotal (today's GCMA) or inside it (its
 *     donated pages shown as Cached, its free pages as MemFree/CmaFree);
 *   - the client's mapped buffer counted in its RSS (and smaps) or not;
 *   - the buffer charged to the client's memcg or not.
 *
 * The policies change only what is reported, not what the machine does:
 * one state gives every policy's view (pure arithmetic, unit-tested).
 */
#ifndef _GCMA_SIM_ACCT_POLICY_H
#define _GCMA_SIM_ACCT_POLICY_H

#include <stdbool.h>

/* The three axes; a policy is an OR of them (0: outside, no RSS, no memcg). */
#define ACCT_INSIDE	1U	/* the carveout is part of MemTotal */
#define ACCT_RSS	2U	/* a mapped buffer counts in RSS and smaps */
#define ACCT_MEMCG	4U	/* the buffer is charged to the client's memcg */
#define ACCT_NR_POLICIES	8U

/* Process ids in a view: the client is 0, background job j is j + 1. */
#define ACCT_CLIENT	0
#define ACCT_NONE	(-1)

/**
 * struct acct_proc - one process the OOM killer and lmkd choose among.
 * @rss: resident pages it maps, the area's buffer not included.
 * @swap: its swap entries.
 * @buf: pages of the area's buffer it maps (the client's held buffer).
 * @adj: its oom_score_adj, 0..1000.
 */
struct acct_proc {
	unsigned long rss, swap, buf;
	unsigned int adj;
};

/**
 * struct acct_state - one machine state, in pages.
 * @gcma: the area is a GCMA carveout; false: a classic CMA area (system
 *	memory, so the MemTotal axis changes nothing).
 * @machine: every page of the machine, the area included.
 * @area: the area's pages.
 * @free: free pages of the page allocator (a CMA area's free pages
 *	included; a carveout's never are).
 * @file: page-cache pages; @anon: anonymous pages.
 * @cleancache: carveout pages holding clean page-cache copies.
 * @frontswap: carveout pages holding frontswap entries.
 * @area_alloc: area pages allocated to requests (the held buffer included).
 * @cma_free: a classic area's free pages (counted in @free too); unused
 *	for a carveout, whose free pages are @area less the three above.
 * @low: the low watermark (MemAvailable keeps it back).
 * @swap_total: swap pages (the OOM killer's totalpages adds them).
 * @memcg_limit: the client memcg's limit; 0: none.
 * @lmkd_minfree: lmkd acts when free and file pages are both below it;
 *	0: no lmkd.
 * @lmkd_min_adj: lmkd kills only processes with at least this adj.
 */
struct acct_state {
	bool gcma;
	unsigned long machine, area, free, file, anon;
	unsigned long cleancache, frontswap, area_alloc, cma_free;
	unsigned long low, swap_total;
	unsigned long memcg_limit, lmkd_minfree;
	unsigned int lmkd_min_adj;
};

/**
 * struct acct_view - what one policy shows of an acct_state, in pages.
 * @policy: the ACCT_* bits.
 * @mem_total, @mem_free, @mem_avail, @cached: MemTotal, MemFree,
 *	MemAvailable, Cached.
 * @cma_total, @cma_free: CmaTotal, CmaFree (the area, when in MemTotal).
 * @other: MemTotal less every counted use (the kernel's own pages); the
 *	same under every policy of a state, negative if a page is counted
 *	twice.
 * @usable_avail: MemAvailable as an app can get it (carveout excluded).
 * @avail_overstated: @mem_avail - @usable_avail.
 * @rss_beyond_total: pages in some RSS that MemTotal does not hold.
 * @client_rss: the client's RSS (smaps Rss; one mapping, so Pss too).
 * @memcg_usage: the client memcg's usage; @memcg_over: above its limit.
 * @client_badness: oom_badness() of the client; @client_oom_score: its
 *	/proc/PID/oom_score (0..2000).
 * @oom_victim: the process the OOM killer picks (ACCT_CLIENT, job + 1).
 * @oom_freed: pages its death frees for the page allocator.
 * @lmkd_victim: the process lmkd kills, ACCT_NONE when it does not act.
 */
struct acct_view {
	unsigned int policy;
	unsigned long mem_total, mem_free, mem_avail, cached;
	unsigned long cma_total, cma_free;
	long other;
	unsigned long usable_avail, avail_overstated, rss_beyond_total;
	unsigned long client_rss, memcg_usage;
	bool memcg_over;
	long client_badness;
	unsigned long client_oom_score;
	int oom_victim;
	unsigned long oom_freed;
	int lmkd_victim;
};

const char *acct_policy_name(unsigned int policy);
int acct_policy_view(const struct acct_state *st,
		     const struct acct_proc *procs, unsigned int nr,
		     unsigned int policy, struct acct_view *out);
int acct_view_check(const struct acct_state *st, const struct acct_view *v);

#endif /* _GCMA_SIM_ACCT_POLICY_H */
