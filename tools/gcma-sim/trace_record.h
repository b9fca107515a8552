/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The page-access trace writer (gcma-sim --record-trace): the apps
 * background writes every page-cache call it makes, in the format of
 * trace_format.h; runs of pages one after another are one line.
 */
#ifndef _GCMA_SIM_TRACE_RECORD_H
#define _GCMA_SIM_TRACE_RECORD_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "trace_format.h"

/**
 * struct trace_writer - a trace being written.
 * @f: where.
 * @pend: the line not written yet (runs are merged into it).
 * @anon: @pend's object is an address space.
 * @id: @pend's object.
 * @has: @pend holds a line.
 * @lines: lines written.
 */
struct trace_writer {
	FILE *f;
	struct trace_rec pend;
	bool anon, has;
	uint32_t id;
	uint64_t lines;
};

void trace_writer_init(struct trace_writer *w, FILE *f, const char *comment);
void trace_writer_size(struct trace_writer *w, bool anon, uint32_t id,
		       uint64_t pages);
void trace_writer_add(struct trace_writer *w, uint64_t t_ns, uint32_t task,
		      bool anon, uint32_t id, uint64_t index,
		      enum trace_op op);
void trace_writer_flush(struct trace_writer *w);

#endif /* _GCMA_SIM_TRACE_RECORD_H */
