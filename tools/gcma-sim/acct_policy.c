// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * GCMA accounting policies (acct_policy.h): one machine state seen
 * through each policy. The figures follow the kernel's: MemAvailable as
 * si_mem_available() estimates it (free less the watermark, plus the page
 * cache less what reclaim cannot take), oom_badness() (RSS + swap
 * entries + oom_score_adj in units of totalpages / 1000), the
 * /proc/PID/oom_score scaling into 0..2000, and the old Android
 * lowmemorykiller's trigger (free and file pages both below a minfree
 * level) and choice (the highest adj, then the largest RSS).
 */
#include <errno.h>
#include <string.h>

#include "acct_policy.h"

static const char *const acct_names[ACCT_NR_POLICIES] = {
	[0] = "outside",
	[ACCT_RSS] = "outside+rss",
	[ACCT_MEMCG] = "outside+memcg",
	[ACCT_RSS | ACCT_MEMCG] = "outside+rss+memcg",
	[ACCT_INSIDE] = "inside",
	[ACCT_INSIDE | ACCT_RSS] = "inside+rss",
	[ACCT_INSIDE | ACCT_MEMCG] = "inside+memcg",
	[ACCT_INSIDE | ACCT_RSS | ACCT_MEMCG] = "inside+rss+memcg",
};

/**
 * acct_policy_name() - a policy's name: "outside", "inside+rss+memcg", ...
 * @policy: ACCT_* bits.
 *
 * Context: Any context.
 * Return: a static string; "?" for a value out of range.
 */
const char *acct_policy_name(unsigned int policy)
{
	return policy < ACCT_NR_POLICIES ? acct_names[policy] : "?";
}

/* The carveout's pages used by nothing, or -1 when its uses exceed it. */
static long acct_carveout_free(const struct acct_state *st)
{
	unsigned long used = st->cleancache + st->frontswap + st->area_alloc;

	return used > st->area ? -1 : (long)(st->area - used);
}

/*
 * MemAvailable of @free free and @cache page-cache pages: the free pages
 * above the watermark, and the page cache but for the part reclaim
 * would leave (half of it, at most the watermark).
 */
static unsigned long acct_available(const struct acct_state *st,
				    unsigned long free, unsigned long cache)
{
	long avail = (long)free - (long)st->low;
	unsigned long keep = cache / 2 < st->low ? cache / 2 : st->low;

	avail += (long)(cache - keep);
	return avail > 0 ? (unsigned long)avail : 0;
}

/* The RSS a process shows under @policy. */
static unsigned long acct_rss_seen(const struct acct_proc *p,
				   unsigned int policy)
{
	return p->rss + (policy & ACCT_RSS ? p->buf : 0);
}

/* oom_badness(): RSS, swap entries, adj in units of totalpages / 1000. */
static long acct_badness(const struct acct_proc *p, unsigned int policy,
			 unsigned long totalpages)
{
	return (long)(acct_rss_seen(p, policy) + p->swap) +
	       (long)p->adj * (long)(totalpages / 1000);
}

/* The machine-wide figures of @out under @out->policy. */
static void acct_meminfo(const struct acct_state *st, long carveout_free,
			 struct acct_view *out)
{
	bool inside = out->policy & ACCT_INSIDE;
	unsigned long used_by_area = 0;

	out->mem_total = st->machine;
	out->mem_free = st->free;
	out->cached = st->file;
	if (!st->gcma) {
		/* A classic area is system memory under every policy. */
		out->cma_total = st->area;
		out->cma_free = st->cma_free;
		used_by_area = st->area_alloc;
	} else if (inside) {
		out->mem_free += (unsigned long)carveout_free;
		out->cached += st->cleancache;
		out->cma_total = st->area;
		out->cma_free = (unsigned long)carveout_free;
		used_by_area = st->frontswap + st->area_alloc;
	} else {
		out->mem_total -= st->area;
	}
	out->other = (long)out->mem_total - (long)out->mem_free -
		     (long)out->cached - (long)st->anon - (long)used_by_area;
	out->mem_avail = acct_available(st, out->mem_free, out->cached);
	/* An app can get neither the carveout's free nor its cached pages. */
	out->usable_avail = acct_available(st, st->free, st->file);
	out->avail_overstated = out->mem_avail - out->usable_avail;
}

/* The process lmkd kills under @v's figures, or ACCT_NONE. */
static int acct_lmkd(const struct acct_state *st,
		     const struct acct_proc *procs, unsigned int nr,
		     const struct acct_view *v)
{
	unsigned long other_free = v->mem_free > st->low ?
				   v->mem_free - st->low : 0;
	int pick = ACCT_NONE;

	if (!st->lmkd_minfree || other_free >= st->lmkd_minfree ||
	    v->cached >= st->lmkd_minfree)
		return ACCT_NONE;
	for (unsigned int i = 0; i < nr; i++) {
		const struct acct_proc *p = &procs[i];

		if (p->adj < st->lmkd_min_adj)
			continue;
		if (pick == ACCT_NONE || p->adj > procs[pick].adj ||
		    (p->adj == procs[pick].adj &&
		     acct_rss_seen(p, v->policy) >
		     acct_rss_seen(&procs[pick], v->policy)))
			pick = (int)i;
	}
	return pick;
}

/* The OOM killer's choice and the client's scores, into @out. */
static void acct_oom(const struct acct_state *st,
		     const struct acct_proc *procs, unsigned int nr,
		     struct acct_view *out)
{
	unsigned long totalpages = out->mem_total + st->swap_total;
	long best = 0;

	out->oom_victim = ACCT_NONE;
	for (unsigned int i = 0; i < nr; i++) {
		long b = acct_badness(&procs[i], out->policy, totalpages);

		if (out->oom_victim == ACCT_NONE || b > best) {
			best = b;
			out->oom_victim = (int)i;
		}
		if (i == ACCT_CLIENT)
			out->client_badness = b;
	}
	out->client_oom_score = (unsigned long)((1000 + out->client_badness *
						 1000 / (long)totalpages) *
						2 / 3);
	/* A buffer of a carveout goes back to the carveout, not to apps. */
	out->oom_freed = procs[out->oom_victim].rss +
			 (st->gcma ? 0 : procs[out->oom_victim].buf);
}

static bool acct_state_valid(const struct acct_state *st,
			     const struct acct_proc *procs, unsigned int nr)
{
	if (!nr || st->area > st->machine || st->machine - st->area < 1000)
		return false;
	if (st->gcma ? acct_carveout_free(st) < 0 :
	    st->cma_free > st->area || st->area_alloc > st->area)
		return false;
	for (unsigned int i = 0; i < nr; i++)
		if (procs[i].adj > 1000)
			return false;
	return true;
}

/**
 * acct_policy_view() - what @policy shows of a machine state.
 * @st: the state.
 * @procs: its processes, the client first (ACCT_CLIENT).
 * @nr: how many (at least 1).
 * @policy: ACCT_* bits, below ACCT_NR_POLICIES.
 * @out: filled.
 *
 * Context: Any context.
 * Return: 0; -EINVAL for a policy out of range, no process, an adj above
 * 1000, an area larger than the machine less 1000 pages, or area uses
 * that exceed the area (@out untouched).
 */
int acct_policy_view(const struct acct_state *st,
		     const struct acct_proc *procs, unsigned int nr,
		     unsigned int policy, struct acct_view *out)
{
	const struct acct_proc *client = &procs[ACCT_CLIENT];
	struct acct_view v;

	if (policy >= ACCT_NR_POLICIES || !procs ||
	    !acct_state_valid(st, procs, nr))
		return -EINVAL;
	memset(&v, 0, sizeof(v));
	v.policy = policy;
	acct_meminfo(st, st->gcma ? acct_carveout_free(st) : 0, &v);
	if (st->gcma && !(policy & ACCT_INSIDE) && (policy & ACCT_RSS))
		for (unsigned int i = 0; i < nr; i++)
			v.rss_beyond_total += procs[i].buf;
	v.client_rss = acct_rss_seen(client, policy);
	v.memcg_usage = client->rss + (policy & ACCT_MEMCG ? client->buf : 0);
	v.memcg_over = st->memcg_limit && v.memcg_usage > st->memcg_limit;
	acct_oom(st, procs, nr, &v);
	v.lmkd_victim = acct_lmkd(st, procs, nr, &v);
	*out = v;
	return 0;
}

/**
 * acct_view_check() - the view's figures are consistent.
 * @st: the state it was computed from.
 * @v: the view.
 *
 * MemTotal = MemFree + Cached + AnonPages + the area's allocations and
 * frontswap (when MemTotal holds them) + the kernel's own pages, which
 * cannot be negative; CmaFree within CmaTotal and MemFree; MemAvailable
 * within MemFree + Cached; an app's share within MemAvailable.
 *
 * Context: Any context.
 * Return: 0; -ERANGE when a figure counts a page twice or exceeds its
 * bound.
 */
int acct_view_check(const struct acct_state *st, const struct acct_view *v)
{
	if (v->other < 0 || v->mem_free > v->mem_total ||
	    v->cma_free > v->cma_total || v->cma_free > v->mem_free ||
	    v->mem_avail > v->mem_free + v->cached ||
	    v->usable_avail > v->mem_avail ||
	    (st->gcma && !(v->policy & ACCT_INSIDE) && v->cma_total))
		return -ERANGE;
	return 0;
}
