// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Unit tests of the seq_file shim (lib/kernel/seq_file.h,
 * lib/platform/seq_file.c): text past the first 4 KiB buffer arrives whole
 * and in order, seq_puts() and seq_putc() append, a show that fails
 * after printing still has its text written and its error returned, and
 * seq_show_file() refuses a NULL FILE and reports a failed write.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "platform/seq_file.h"

/* Run @show into a memory stream; *@text receives the output. */
static int show_to_string(int (*show)(struct seq_file *m, void *v), void *v,
			  char **text)
{
	size_t len;
	FILE *f = open_memstream(text, &len);
	int ret;

	assert_non_null(f);
	ret = seq_show_file(f, show, v);
	assert_int_equal(fclose(f), 0);
	return ret;
}

/* @v lines "line <i>\n", i from 0. */
static int show_lines(struct seq_file *m, void *v)
{
	for (long i = 0; i < (long)v; i++)
		seq_printf(m, "line %ld\n", i);
	return 0;
}

static void test_grows_past_first_buffer(void **state)
{
	char *text = NULL, *p;

	/* About 60 KiB: fifteen times the first buffer. */
	assert_errno(show_to_string(show_lines, (void *)6000L, &text), 0);
	p = text;
	for (long i = 0; i < 6000; i++) {
		char want[32];

		snprintf(want, sizeof(want), "line %ld\n", i);
		assert_memory_equal(p, want, strlen(want));
		p += strlen(want);
	}
	assert_int_equal(*p, '\0');
	free(text);
}

static int show_puts_putc(struct seq_file *m, void *v)
{
	seq_puts(m, "a");
	seq_putc(m, 'b');
	seq_puts(m, "");
	seq_printf(m, "%s%d", "c", 1);
	seq_putc(m, '\n');
	return 0;
}

static void test_puts_putc(void **state)
{
	char *text = NULL;

	assert_errno(show_to_string(show_puts_putc, NULL, &text), 0);
	assert_string_equal(text, "abc1\n");
	free(text);
}

/* A checker-like show: prints, then reports what it found. */
static int show_then_fail(struct seq_file *m, void *v)
{
	seq_puts(m, "walked 3\n");
	return -EUCLEAN;
}

static void test_failed_show_keeps_text(void **state)
{
	char *text = NULL;

	assert_errno(show_to_string(show_then_fail, NULL, &text), -EUCLEAN);
	assert_string_equal(text, "walked 3\n");
	free(text);
}

static void test_null_file(void **state)
{
	assert_errno(seq_show_file(NULL, show_puts_putc, NULL), -EINVAL);
}

static void test_write_error(void **state)
{
	FILE *ro = fopen("/dev/null", "r");

	assert_non_null(ro);
	assert_errno(seq_show_file(ro, show_puts_putc, NULL), -EIO);
	fclose(ro);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grows_past_first_buffer),
		cmocka_unit_test(test_puts_putc),
		cmocka_unit_test(test_failed_show_keeps_text),
		cmocka_unit_test(test_null_file),
		cmocka_unit_test(test_write_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
