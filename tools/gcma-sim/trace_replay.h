/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The trace background ([workload] kind = trace): a page-access trace
 * (trace_format.h) replayed against the simulated machine in virtual
 * time, step by step (docs/simulator.md, "Trace replay").
 */
#ifndef _GCMA_SIM_TRACE_REPLAY_H
#define _GCMA_SIM_TRACE_REPLAY_H

#include <stdint.h>

#include "trace_format.h"

struct super_block;
struct inode;

/**
 * struct trace_counts - what a replay did (cumulative).
 * @lines: trace lines applied.
 * @reads: page reads made.
 * @writes: page writes made.
 * @drops: drops applied.
 * @enomem: accesses that found no memory even after reclaim (skipped).
 */
struct trace_counts {
	uint64_t lines, reads, writes, drops, enomem;
};

/**
 * struct trace_replay - a trace being replayed.
 * @t: the trace.
 * @inode: per object of @t, its inode (file or anonymous filesystem).
 * @next: the next line.
 * @step_ns: the trace time one step covers.
 * @c: the counters.
 */
struct trace_replay {
	struct trace t;
	struct inode **inode;
	size_t next;
	uint64_t step_ns;
	struct trace_counts c;
};

int trace_replay_init(struct trace_replay *r, const char *path,
		      uint64_t step_ns, struct super_block *file_fs,
		      struct super_block *anon_fs, char *err, size_t errlen);
int trace_replay_step(struct trace_replay *r, uint64_t step,
		      uint64_t *events);
void trace_replay_fini(struct trace_replay *r);

#endif /* _GCMA_SIM_TRACE_REPLAY_H */
