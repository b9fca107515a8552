// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The page-access trace writer (trace_record.h). A line is held until
 * the next access: one that continues it (same time, task, object and
 * op, the next page) only adds a page, so a launch's sweep over an
 * app's file is one line. Write errors stay in @f (ferror), which the
 * caller checks when it closes it.
 */
#include <inttypes.h>

#include "trace_record.h"

/**
 * trace_writer_init() - start a trace: the header and a comment.
 * @w: filled.
 * @f: an open stream.
 * @comment: one line (no newline) after "# ", or NULL.
 *
 * Context: Process context.
 * Return: nothing.
 */
void trace_writer_init(struct trace_writer *w, FILE *f, const char *comment)
{
	*w = (struct trace_writer){ .f = f };
	fprintf(f, "%s\n", TRACE_HEADER);
	if (comment)
		fprintf(f, "# %s\n", comment);
}

/**
 * trace_writer_size() - declare an object's size (before its accesses).
 * @w: the writer.
 * @anon: an address space, else a file.
 * @id: its id.
 * @pages: its size in pages.
 *
 * Context: Process context.
 * Return: nothing.
 */
void trace_writer_size(struct trace_writer *w, bool anon, uint32_t id,
		       uint64_t pages)
{
	trace_writer_flush(w);
	fprintf(w->f, "size %s %" PRIu32 " %" PRIu64 "\n",
		anon ? "anon" : "file", id, pages);
}

/**
 * trace_writer_flush() - write the line held back, if any.
 * @w: the writer.
 *
 * Context: Process context.
 * Return: nothing.
 */
void trace_writer_flush(struct trace_writer *w)
{
	const struct trace_rec *r = &w->pend;

	if (!w->has)
		return;
	fprintf(w->f, "%" PRIu64 " %" PRIu32 " %s %" PRIu32 " %" PRIu64 " %s",
		r->t_ns, r->task, w->anon ? "anon" : "file", w->id, r->index,
		trace_op_name(r->op));
	if (r->pages > 1)
		fprintf(w->f, " %" PRIu32, r->pages);
	fputc('\n', w->f);
	w->has = false;
	w->lines++;
}

/**
 * trace_writer_add() - one access (a drop: @index to the object's end).
 * @w: the writer.
 * @t_ns: virtual time, not before the last access's.
 * @task: the task.
 * @anon: an address space, else a file.
 * @id: the object.
 * @index: the page (the first dropped one for TRACE_DROP).
 * @op: the op.
 *
 * Context: Process context.
 * Return: nothing.
 */
void trace_writer_add(struct trace_writer *w, uint64_t t_ns, uint32_t task,
		      bool anon, uint32_t id, uint64_t index,
		      enum trace_op op)
{
	struct trace_rec *r = &w->pend;

	if (w->has && op != TRACE_DROP && r->op == op && r->t_ns == t_ns &&
	    r->task == task && w->anon == anon && w->id == id &&
	    r->index + r->pages == index && r->pages < TRACE_PAGES_MAX) {
		r->pages++;
		return;
	}
	trace_writer_flush(w);
	*r = (struct trace_rec){ .t_ns = t_ns, .task = task, .index = index,
				 .pages = op == TRACE_DROP ? 0 : 1,
				 .op = (uint8_t)op };
	w->anon = anon;
	w->id = id;
	w->has = true;
}
