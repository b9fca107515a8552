/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The page-access trace format (docs/simulator.md, "Trace replay"): one
 * access a line, read whole into memory by a parser that refuses a bad
 * line with FILE:LINE and a reason. Pure parsing: no machine.
 */
#ifndef _GCMA_SIM_TRACE_FORMAT_H
#define _GCMA_SIM_TRACE_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TRACE_HEADER		"gcma-trace 1"
#define TRACE_LINE_MAX		256		/* bytes, without the newline */
#define TRACE_FILE_MAX		(256UL << 20)	/* bytes of a trace file */
#define TRACE_ID_MAX		0xffffffffUL	/* task, inode, space ids */
#define TRACE_INDEX_MAX		(1ULL << 36)	/* page index + pages */
#define TRACE_PAGES_MAX		65536		/* pages of one line */
#define TRACE_ERR_LEN		512

/* What a line does to its pages. */
enum trace_op {
	TRACE_READ,	/* r: read (a page-cache read, an anon read fault) */
	TRACE_WRITE,	/* w: write (dirty; anon: a write fault) */
	TRACE_DROP,	/* d: pages from index on freed (exit, munmap, truncate) */
};

/**
 * struct trace_obj - one file (inode) or anonymous address space.
 * @anon: an address space (swap-backed), else a file.
 * @id: the inode number or address-space id the trace gives.
 * @pages: its size: declared by a size line, else the furthest page
 *	the trace touches.
 * @declared: @pages came from a size line.
 */
struct trace_obj {
	bool anon;
	uint32_t id;
	uint64_t pages;
	bool declared;
};

/**
 * struct trace_rec - one line.
 * @t_ns: virtual time, ns from the trace's start, never decreasing.
 * @task: the task (app, process) that made the access.
 * @obj: index into struct trace's @obj.
 * @index: the first page.
 * @pages: pages from @index (1 without the optional field; 0 for a drop).
 * @op: enum trace_op.
 */
struct trace_rec {
	uint64_t t_ns;
	uint64_t index;
	uint32_t task;
	uint32_t obj;
	uint32_t pages;
	uint8_t op;
};

/**
 * struct trace - a parsed trace.
 * @rec: @nr lines, in file order.
 * @obj: @nr_obj objects, in the order they first appear.
 * @pages_touched: the sum of the lines' pages.
 * @hash: @hash_size slots of (object index + 1), 0 empty; parsing only.
 */
struct trace {
	struct trace_rec *rec;
	size_t nr, cap;
	struct trace_obj *obj;
	size_t nr_obj, cap_obj;
	uint64_t pages_touched;
	uint32_t *hash;
	size_t hash_size;
};

int trace_parse(const char *buf, size_t len, const char *name,
		struct trace *t, char *err, size_t errlen);
int trace_load(const char *path, struct trace *t, char *err, size_t errlen);
void trace_free(struct trace *t);
const char *trace_op_name(enum trace_op op);

#endif /* _GCMA_SIM_TRACE_FORMAT_H */
