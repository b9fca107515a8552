// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The trace background (trace_replay.h). Each object of the trace is an
 * inode: a file on the background's file filesystem (clean page cache,
 * kept by cleancache with GCMA when evicted), an address space on its
 * anonymous filesystem (dirty, swapped as [swap] says), created in the
 * order the trace names them with the size it declares (or the furthest
 * page it touches). Step k applies the lines whose time is before
 * (k + 1) x step_ns, in file order: r reads each page, w writes it, d
 * truncates the object at the index and gives it its size back (the
 * pages and swap slots freed, as when an app dies). An access that finds
 * no memory even after reclaim is counted and skipped: the recorded
 * workload did not stop there.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libgcma/libgcma.h>

#include "trace_replay.h"

/**
 * trace_replay_init() - load a trace and create its objects.
 * @r: filled.
 * @path: the trace file.
 * @step_ns: the trace time of one step (the workload's cpu_us); 0 is 1.
 * @file_fs: a mounted file filesystem for the files.
 * @anon_fs: a mounted anonymous filesystem for the address spaces.
 * @err: on failure, the reason ("PATH:LINE: ..." for a bad line).
 * @errlen: size of @err.
 *
 * Context: Process context, attached to the filesystems' machine.
 * Return: 0; -errno from trace_load() or sim_inode_create() (what was
 * made is freed by trace_replay_fini(), which the caller calls anyway).
 */
int trace_replay_init(struct trace_replay *r, const char *path,
		      uint64_t step_ns, struct super_block *file_fs,
		      struct super_block *anon_fs, char *err, size_t errlen)
{
	int ret;

	memset(r, 0, sizeof(*r));
	r->step_ns = step_ns ? step_ns : 1;
	ret = trace_load(path, &r->t, err, errlen);
	if (ret)
		return ret;
	r->inode = calloc(r->t.nr_obj ? r->t.nr_obj : 1, sizeof(*r->inode));
	if (!r->inode) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -ENOMEM;
	}
	for (size_t i = 0; i < r->t.nr_obj; i++) {
		const struct trace_obj *o = &r->t.obj[i];

		ret = sim_inode_create(o->anon ? anon_fs : file_fs, o->id,
				       (int64_t)o->pages * PAGE_SIZE,
				       &r->inode[i]);
		if (ret) {
			snprintf(err, errlen, "%s: %s %u: cannot create: %s",
				 path, o->anon ? "anon" : "file", o->id,
				 strerror(-ret));
			return ret;
		}
	}
	return 0;
}

/* Truncate at the line's index, then back to the object's size. */
static int trace_replay_drop(struct trace_replay *r,
			     const struct trace_rec *rec)
{
	struct inode *inode = r->inode[rec->obj];
	int64_t size = (int64_t)r->t.obj[rec->obj].pages * PAGE_SIZE;
	int ret = sim_page_cache_truncate(inode,
					  (int64_t)rec->index * PAGE_SIZE);

	if (!ret)
		ret = sim_page_cache_truncate(inode, size);
	r->c.drops++;
	return ret;
}

/* One line: its pages read or written in order, or the drop. */
static int trace_replay_line(struct trace_replay *r,
			     const struct trace_rec *rec, uint64_t *events)
{
	struct inode *inode = r->inode[rec->obj];
	int ret = 0;

	(*events)++;
	if (rec->op == TRACE_DROP)
		return trace_replay_drop(r, rec);
	*events += rec->pages - 1;
	for (uint32_t k = 0; k < rec->pages; k++) {
		pgoff_t index = (pgoff_t)(rec->index + k);

		if (rec->op == TRACE_WRITE) {
			ret = sim_page_cache_write(inode, index);
			r->c.writes++;
		} else {
			ret = sim_page_cache_read(inode, index, NULL);
			r->c.reads++;
		}
		if (ret == -ENOMEM) {
			r->c.enomem++;
			ret = 0;
		}
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * trace_replay_step() - step @step: the lines timed before its end.
 * @r: the replay.
 * @step: the step's number (0 first); steps come in order.
 * @events: page-cache calls made are added to it.
 *
 * After the trace's last line a step does nothing.
 *
 * Context: Process context, attached to the trace's machine.
 * Return: 0; -errno from the page cache (other than -ENOMEM).
 */
int trace_replay_step(struct trace_replay *r, uint64_t step,
		      uint64_t *events)
{
	uint64_t end = (step + 1) * r->step_ns;
	int ret = 0;

	/* A step past the range of the times: every line is before it. */
	if (end / r->step_ns != step + 1)
		end = UINT64_MAX;
	while (!ret && r->next < r->t.nr && r->t.rec[r->next].t_ns < end) {
		ret = trace_replay_line(r, &r->t.rec[r->next++], events);
		r->c.lines++;
	}
	return ret;
}

/**
 * trace_replay_fini() - free the replay (the inodes go with their
 * filesystems, which the caller unmounts).
 * @r: initialised (even partly), or zeroed.
 *
 * Context: Process context.
 * Return: nothing.
 */
void trace_replay_fini(struct trace_replay *r)
{
	trace_free(&r->t);
	free(r->inode);
	memset(r, 0, sizeof(*r));
}
