/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * seq_file (kernel shim): how a /sys or debugfs file's ->show() writes
 * its text.
 *
 * A core file prints a file's contents with seq_printf(), seq_puts() and
 * seq_putc() into the struct seq_file it is handed, as a kernel
 * ->show(struct seq_file *m, void *v) does; it never sees a FILE or a
 * string buffer. The simulation runs the show into a growing buffer
 * (lib/platform/seq_file.c) and writes the text to the FILE * or string the
 * public API takes.
 *
 * One difference from the kernel: its seq_read() runs ->show() again with
 * a bigger buffer after an overflow, while here the buffer grows in place
 * and a show runs once. A show must not depend on either: it prints its
 * text and returns 0 or -errno.
 */
#ifndef _KSHIM_SEQ_FILE_H
#define _KSHIM_SEQ_FILE_H

#include <stdbool.h>
#include <stddef.h>

/**
 * struct seq_file - the text of one read of a file.
 * @buf: the text so far (not NUL-terminated).
 * @size: bytes @buf can hold.
 * @count: bytes used; @size after an overflow (seq_has_overflowed()).
 */
struct seq_file {
	char *buf;
	size_t size;
	size_t count;
};

void seq_printf(struct seq_file *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void seq_puts(struct seq_file *m, const char *s);
void seq_putc(struct seq_file *m, char c);

/* Was text lost (the buffer could not grow)? */
static inline bool seq_has_overflowed(const struct seq_file *m)
{
	return m->count == m->size;
}

#endif /* _KSHIM_SEQ_FILE_H */
