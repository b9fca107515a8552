// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * seq_file over a growing buffer (kernel shim implementation), and the
 * runner that writes a show's text to a FILE *.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/kernel.h"
#include "platform/seq_file.h"

/* First buffer of a show: the kernel's seq_read() starts with a page. */
#define SEQ_FIRST_SIZE	4096

/*
 * Make room for @need more bytes and a NUL in @m, or mark it overflowed.
 * Return: true if there is room.
 */
static bool seq_reserve(struct seq_file *m, size_t need)
{
	size_t size = m->size;
	char *buf;

	if (size && seq_has_overflowed(m))
		return false;
	if (m->count + need < size)
		return true;
	while (size <= m->count + need)
		size = size ? size * 2 : SEQ_FIRST_SIZE;
	buf = realloc(m->buf, size);
	if (!buf) {
		m->count = m->size;
		return false;
	}
	m->buf = buf;
	m->size = size;
	return true;
}

/**
 * seq_printf() - append formatted text to @m.
 * @m: the file being shown.
 * @fmt: printf-style format.
 *
 * Context: Any context a show runs in.
 * Return: nothing; when the buffer cannot grow the text is lost and
 * seq_has_overflowed() turns true.
 */
void seq_printf(struct seq_file *m, const char *fmt, ...)
{
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0 || !seq_reserve(m, (size_t)len))
		return;
	va_start(ap, fmt);
	vsnprintf(m->buf + m->count, m->size - m->count, fmt, ap);
	va_end(ap);
	m->count += (size_t)len;
}

/**
 * seq_puts() - append the string @s to @m.
 * @m: the file being shown.
 * @s: the text.
 *
 * Context: Any context a show runs in.
 * Return: nothing (see seq_printf()).
 */
void seq_puts(struct seq_file *m, const char *s)
{
	size_t len = strlen(s);

	if (!seq_reserve(m, len))
		return;
	memcpy(m->buf + m->count, s, len);
	m->count += len;
}

/**
 * seq_putc() - append the character @c to @m.
 * @m: the file being shown.
 * @c: the character.
 *
 * Context: Any context a show runs in.
 * Return: nothing (see seq_printf()).
 */
void seq_putc(struct seq_file *m, char c)
{
	if (!seq_reserve(m, 1))
		return;
	m->buf[m->count++] = c;
}

/**
 * seq_show_file() - run @show and write its text to @out.
 * @out: where the text goes.
 * @show: a core ->show().
 * @v: its argument.
 *
 * The text is written even when @show fails after printing some (a
 * checker that found a corrupt list still shows what it walked).
 *
 * Context: The context @show needs.
 * Return: @show's error if it failed; else 0, -EINVAL for a NULL @out,
 * -ENOMEM if the text did not fit in memory, -EIO if writing failed.
 */
int seq_show_file(FILE *out, int (*show)(struct seq_file *m, void *v),
		  void *v)
{
	struct seq_file m = { 0 };
	int ret;

	if (!out)
		return -EINVAL;
	seq_reserve(&m, 0);
	ret = show(&m, v);
	if (!ret && seq_has_overflowed(&m))
		ret = -ENOMEM;
	if (!seq_has_overflowed(&m) &&
	    (fwrite(m.buf, 1, m.count, out) != m.count || fflush(out)) && !ret)
		ret = -EIO;
	free(m.buf);
	return ret;
}
