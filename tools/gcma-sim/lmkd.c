// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The low-memory killer's decisions (lmkd.h). Android's lmkd watches
 * memory pressure and, below its minfree levels, kills the cached
 * (background) process with the highest oom_adj, least recently used
 * first; the foreground app is never a candidate. Here there is one level:
 * available memory (free + file cache, as the old in-kernel
 * lowmemorykiller compared both against minfree) below @minfree for
 * @hold_ns of virtual time: one kill, then the hold starts again.
 */
#include "lmkd.h"

/**
 * lmkd_init() - a killer with one level.
 * @l: filled.
 * @minfree: pages; 0: never kills.
 * @hold_ns: virtual time memory must stay low before a kill.
 *
 * Context: Any context.
 * Return: nothing.
 */
void lmkd_init(struct lmkd *l, unsigned long minfree, uint64_t hold_ns)
{
	l->minfree = minfree;
	l->hold_ns = hold_ns;
	l->below = false;
	l->since_ns = 0;
}

/**
 * lmkd_should_kill() - one look at memory.
 * @l: the killer.
 * @now_ns: the apps' virtual time, not decreasing between calls.
 * @avail: free pages plus file cache pages now.
 *
 * Context: Any context.
 * Return: true when @avail has stayed below minfree for the hold time
 * (the caller kills, then calls lmkd_killed()).
 */
bool lmkd_should_kill(struct lmkd *l, uint64_t now_ns, unsigned long avail)
{
	if (!l->minfree || avail >= l->minfree) {
		l->below = false;
		return false;
	}
	if (!l->below) {
		l->below = true;
		l->since_ns = now_ns;
	}
	return now_ns - l->since_ns >= l->hold_ns;
}

/**
 * lmkd_killed() - a kill was made: the next one waits a hold again.
 * @l: the killer.
 * @now_ns: the apps' virtual time.
 *
 * Context: Any context.
 * Return: nothing.
 */
void lmkd_killed(struct lmkd *l, uint64_t now_ns)
{
	l->since_ns = now_ns;
}

/**
 * lmkd_pick_victim() - the least recently used background app.
 * @last_used: per app, when it was last in the foreground (or launched).
 * @running: per app, whether it is alive.
 * @nr: apps.
 * @fg: the foreground app, never picked (-1: none).
 *
 * Ties go to the lower index.
 *
 * Context: Any context.
 * Return: the app's index, or -1 when no background app runs.
 */
int lmkd_pick_victim(const uint64_t *last_used, const bool *running,
		     unsigned int nr, int fg)
{
	int victim = -1;

	for (unsigned int i = 0; i < nr; i++) {
		if (!running[i] || (int)i == fg)
			continue;
		if (victim < 0 || last_used[i] < last_used[victim])
			victim = (int)i;
	}
	return victim;
}
