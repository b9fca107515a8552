// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The apps background (apps.h). [apps] count apps, app i with a heap of
 * heap_pages[i % n] pages (anonymous: dirty, swapped out under pressure,
 * freed when the app dies) and a file of file_pages[i % n] pages (clean
 * page cache; evicted pages come back from cleancache with GCMA).
 *
 * One step is cpu_us of the foreground app's time:
 *   - every switch_steps steps (switch_every_us / cpu_us) the user brings
 *     another app to the foreground, chosen by popularity (Zipf over the
 *     apps, exponent app_zipf_s): not running, a cold launch (read the
 *     first launch_pct % of its file, write the first launch_pct % of its
 *     heap); running in the background, a warm launch (read back the
 *     first launch_pct % of what its heap holds, and of that much of its
 *     file). The launch's virtual time is its cost account;
 *   - the foreground app reads file_reads pages of its file and
 *     heap_reads pages of its heap, and writes heap_writes heap pages
 *     (new ones while the heap grows, then Zipf-chosen, exponent zipf_s,
 *     low indices hottest);
 *   - one background app (round robin) touches bg_touches pages of its
 *     heap and of its file (services, sync);
 *   - lmkd looks at free + file cache pages (lmkd.c) and may kill the
 *     least recently used background app.
 * An access that finds no memory even after reclaim (no swap) kills the
 * least recently used background app at once (the kernel's OOM killer)
 * and is retried. The user's choices and the foreground's accesses draw
 * from their own generators a fixed number of times a step, so the
 * baseline pass makes the same choices whatever memory does (the
 * background apps' touches, which depend on who is alive, have a third).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libgcma/libgcma.h>

#include "apps.h"
#include "splitmix.h"
#include "trace_record.h"

/* Inode numbers: heaps and files of the apps, apart from each other. */
#define APPS_HEAP_INO	1000
#define APPS_FILE_INO	2000

/**
 * apps_init() - create the apps' heaps and files; none runs yet.
 * @a: filled.
 * @s: the scenario (kept by reference).
 * @m: the machine; the calling thread is attached to it.
 * @file_fs: a mounted file filesystem for the apps' files.
 * @anon_fs: a mounted anonymous filesystem for their heaps.
 *
 * Context: Process context, attached to @m.
 * Return: 0; -ENOMEM; -errno from sim_inode_create() (what was made is
 * freed by apps_fini(), which the caller calls in any case).
 */
int apps_init(struct apps *a, const struct scn_scenario *s,
	      struct sim_machine *m, struct super_block *file_fs,
	      struct super_block *anon_fs)
{
	unsigned long cpu = s->cpu_us ? s->cpu_us : 1;
	int ret;

	memset(a, 0, sizeof(*a));
	a->s = s;
	a->m = m;
	a->file_fs = file_fs;
	a->fg = -1;
	a->user = s->seed ^ 0x75736572ULL;	/* "user" */
	a->access = s->seed ^ 0x61707073ULL;	/* "apps" */
	a->bg = s->seed ^ 0x6267ULL;		/* "bg" */
	a->switch_steps = s->apps_switch_every_us / cpu;
	if (!a->switch_steps)
		a->switch_steps = 1;
	lmkd_init(&a->lmkd, s->lmkd_minfree, (uint64_t)s->lmkd_hold_us * 1000);
	a->app = calloc(s->apps_count, sizeof(*a->app));
	a->running = calloc(s->apps_count, sizeof(*a->running));
	a->last_used = calloc(s->apps_count, sizeof(*a->last_used));
	if (!a->app || !a->running || !a->last_used)
		return -ENOMEM;
	a->nr = (unsigned int)s->apps_count;
	ret = zipf_init(&a->pick, a->nr, s->apps_app_zipf_s);
	for (unsigned int i = 0; !ret && i < a->nr; i++) {
		struct app *p = &a->app[i];

		p->heap_pages = s->apps_heap.v[i % s->apps_heap.nr];
		p->file_pages = s->apps_file.v[i % s->apps_file.nr];
		ret = zipf_init(&p->heap_zipf, p->heap_pages, s->apps_zipf_s);
		if (!ret)
			ret = zipf_init(&p->file_zipf, p->file_pages,
					s->apps_zipf_s);
		if (!ret)
			ret = sim_inode_create(anon_fs, APPS_HEAP_INO + i,
					       (int64_t)p->heap_pages *
					       PAGE_SIZE, &p->heap);
		if (!ret)
			ret = sim_inode_create(file_fs, APPS_FILE_INO + i,
					       (int64_t)p->file_pages *
					       PAGE_SIZE, &p->file);
	}
	return ret;
}

/* The apps' virtual time for the trace: the step's start. */
static uint64_t apps_now(const struct apps *a)
{
	uint64_t cpu = a->s->cpu_us ? a->s->cpu_us : 1;

	return a->step * cpu * 1000;
}

/* An access or a drop of @inode, recorded with its app as the task. */
static void apps_record(struct apps *a, const struct inode *inode,
			pgoff_t index, enum trace_op op)
{
	bool anon = inode->i_ino < APPS_FILE_INO;
	uint32_t id = (uint32_t)inode->i_ino;

	if (a->rec)
		trace_writer_add(a->rec, apps_now(a), id - (anon ?
				 APPS_HEAP_INO : APPS_FILE_INO), anon, id,
				 index, op);
}

/**
 * apps_record_start() - record every access from now on (the sizes of
 * the apps' heaps and files first, in the order they were created).
 * @a: the apps, initialised.
 * @rec: an initialised writer; NULL stops recording.
 *
 * Context: Process context.
 * Return: nothing.
 */
void apps_record_start(struct apps *a, struct trace_writer *rec)
{
	a->rec = rec;
	for (unsigned int i = 0; rec && i < a->nr; i++) {
		trace_writer_size(rec, true, APPS_HEAP_INO + i,
				  a->app[i].heap_pages);
		trace_writer_size(rec, false, APPS_FILE_INO + i,
				  a->app[i].file_pages);
	}
}

/* The least recently used background app, or -1. */
static int apps_victim(const struct apps *a)
{
	return lmkd_pick_victim(a->last_used, a->running, a->nr, a->fg);
}

/**
 * apps_kill() - kill app @i: its heap is freed (pages and swap slots),
 * its file pages stay cached.
 * @a: the apps.
 * @i: a running app.
 *
 * Context: Process context, attached to the apps' machine.
 * Return: 0; -EINVAL for an app out of range or not running; -errno
 * from the truncation.
 */
int apps_kill(struct apps *a, unsigned int i)
{
	struct app *p;
	int ret;

	if (i >= a->nr || !a->running[i])
		return -EINVAL;
	p = &a->app[i];
	apps_record(a, p->heap, 0, TRACE_DROP);
	ret = sim_page_cache_truncate(p->heap, 0);
	if (!ret)
		ret = sim_page_cache_truncate(p->heap, (int64_t)p->heap_pages *
					      PAGE_SIZE);
	if (ret)
		return ret;
	a->events++;
	a->running[i] = false;
	p->heap_used = 0;
	if (a->fg == (int)i)
		a->fg = -1;
	return 0;
}

/*
 * One page access; no memory at all (-ENOMEM after reclaim): the OOM
 * killer takes the least recently used background app and the access is
 * tried again, until it succeeds or there is nobody left to kill.
 */
static int apps_access(struct apps *a, struct inode *inode, pgoff_t index,
		       bool write)
{
	int ret;

	for (;;) {
		int victim;

		a->events++;
		ret = write ? sim_page_cache_write(inode, index) :
			      sim_page_cache_read(inode, index, NULL);
		/* Recorded once it went through: after an OOM kill's drop. */
		if (!ret)
			apps_record(a, inode, index,
				    write ? TRACE_WRITE : TRACE_READ);
		if (ret != -ENOMEM)
			return ret;
		victim = apps_victim(a);
		if (victim < 0)
			return ret;
		ret = apps_kill(a, (unsigned int)victim);
		if (ret)
			return ret;
		a->c.oom_kills++;
	}
}

/* Pages 0 .. n - 1 of @inode, read or written in order. */
static int apps_sweep(struct apps *a, struct inode *inode, unsigned long n,
		      bool write)
{
	int ret = 0;

	for (unsigned long i = 0; !ret && i < n; i++)
		ret = apps_access(a, inode, i, write);
	return ret;
}

/* Bring app @i to the foreground: a cold or a warm launch, timed. */
static int apps_launch(struct apps *a, unsigned int i)
{
	unsigned long pct = a->s->apps_launch_pct;
	struct app *p = &a->app[i];
	struct sim_cost_account before, after;
	bool cold = !a->running[i];
	unsigned long file_n, heap_n;
	int ret;

	/* The app leaving the foreground may be killed while this one starts. */
	a->fg = (int)i;
	a->last_used[i] = a->step;
	sim_cost_account_get(&before);
	if (cold) {
		file_n = p->file_pages * pct / 100;
		heap_n = p->heap_pages * pct / 100;
		ret = apps_sweep(a, p->file, file_n, false);
		a->running[i] = true;
		if (!ret)
			ret = apps_sweep(a, p->heap, heap_n, true);
		if (!ret && heap_n > p->heap_used)
			p->heap_used = heap_n;
	} else {
		heap_n = p->heap_used * pct / 100;
		ret = apps_sweep(a, p->heap, heap_n, false);
		if (!ret)
			ret = apps_sweep(a, p->file,
					 heap_n < p->file_pages ? heap_n :
					 p->file_pages, false);
	}
	sim_cost_account_get(&after);
	if (cold) {
		a->c.launches_cold++;
		a->c.cold_ns += after.ns - before.ns;
	} else {
		a->c.launches_warm++;
		a->c.warm_ns += after.ns - before.ns;
	}
	return ret;
}

/* The user's next app: by popularity, not the one in the foreground. */
static unsigned int apps_pick(struct apps *a)
{
	unsigned long i = zipf_sample(&a->pick, splitmix64(&a->user));

	if (a->nr > 1 && (int)i == a->fg)
		i = (i + 1 + splitmix64(&a->user) % (a->nr - 1)) % a->nr;
	return (unsigned int)i;
}

/* A heap page to write: a new one while the heap grows, else Zipf. */
static pgoff_t apps_heap_index(struct apps *a, struct app *p, uint64_t r)
{
	if (p->heap_used < p->heap_pages)
		return p->heap_used++;
	return zipf_sample(&p->heap_zipf, r);
}

/*
 * @n reads of @p's file and heap (@heap_writes writes): Zipf over the
 * file, over what the heap holds for reads. Every draw is made whether
 * or not it is used.
 */
static int apps_touch(struct apps *a, struct app *p, uint64_t *gen,
		      unsigned long file_n, unsigned long heap_reads,
		      unsigned long heap_writes)
{
	int ret = 0;

	for (unsigned long k = 0; !ret && k < file_n; k++)
		ret = apps_access(a, p->file,
				  zipf_sample(&p->file_zipf, splitmix64(gen)),
				  false);
	for (unsigned long k = 0; !ret && k < heap_writes; k++)
		ret = apps_access(a, p->heap,
				  apps_heap_index(a, p, splitmix64(gen)), true);
	for (unsigned long k = 0; !ret && k < heap_reads; k++) {
		unsigned long idx = zipf_sample(&p->heap_zipf, splitmix64(gen));

		if (idx < p->heap_used)
			ret = apps_access(a, p->heap, idx, false);
	}
	return ret;
}

/* One background app, round robin, does a little work. */
static int apps_background(struct apps *a)
{
	unsigned long n = a->s->apps_bg_touches;

	for (unsigned int k = 0; n && k < a->nr; k++) {
		unsigned int i = a->bg_next++ % a->nr;

		if (a->running[i] && (int)i != a->fg)
			return apps_touch(a, &a->app[i], &a->bg, n, n, 0);
	}
	return 0;
}

/* Available memory as lmkd sees it: free pages plus file cache. */
static unsigned long apps_available(const struct apps *a)
{
	return sim_nr_free_pages(a->m) + sim_fs_nr_cached(a->file_fs);
}

/**
 * apps_step() - one step of the apps (cpu_us of the foreground's time).
 * @a: the apps.
 * @now_ns: the background's virtual time so far (for lmkd's hold).
 *
 * Context: Process context, attached to the apps' machine.
 * Return: 0; -errno from the page cache (-ENOMEM: no memory and nobody
 * left to kill).
 */
int apps_step(struct apps *a, uint64_t now_ns)
{
	const struct scn_scenario *s = a->s;
	int ret = 0, victim;

	if (a->fg < 0 || a->step % a->switch_steps == 0) {
		unsigned int next = apps_pick(a);

		if (a->fg >= 0)
			a->c.switches++;
		ret = apps_launch(a, next);
	}
	if (!ret && a->fg >= 0)
		ret = apps_touch(a, &a->app[a->fg], &a->access,
				 s->apps_file_reads,
				 s->apps_heap_reads, s->apps_heap_writes);
	if (!ret && a->fg >= 0)
		a->last_used[a->fg] = a->step;
	if (!ret)
		ret = apps_background(a);
	if (!ret && lmkd_should_kill(&a->lmkd, now_ns, apps_available(a))) {
		victim = apps_victim(a);
		if (victim >= 0) {
			ret = apps_kill(a, (unsigned int)victim);
			a->c.lmkd_kills++;
		}
		lmkd_killed(&a->lmkd, now_ns);
	}
	a->step++;
	return ret;
}

/**
 * apps_fini() - free the apps' state (the inodes go with their
 * filesystems, which the caller unmounts).
 * @a: initialised (even partly), or zeroed.
 *
 * Context: Process context.
 * Return: nothing.
 */
void apps_fini(struct apps *a)
{
	for (unsigned int i = 0; a->app && i < a->s->apps_count; i++) {
		zipf_fini(&a->app[i].heap_zipf);
		zipf_fini(&a->app[i].file_zipf);
	}
	zipf_fini(&a->pick);
	free(a->app);
	free(a->running);
	free(a->last_used);
	memset(a, 0, sizeof(*a));
}
