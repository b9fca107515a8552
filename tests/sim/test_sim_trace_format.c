// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The page-access trace format (tools/gcma-sim/trace_format.c,
 * trace_record.c): a good trace parses to its lines, objects and sizes;
 * every kind of bad line is refused with NAME:LINE and its reason and
 * leaves nothing; the writer's output (runs merged) parses back to the
 * accesses it was given; random and mutated bytes never crash the parser.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "splitmix.h"
#include "trace_format.h"
#include "trace_record.h"

static int parse(const char *text, struct trace *t, char *err)
{
	return trace_parse(text, strlen(text), "t.trace", t, err,
			   TRACE_ERR_LEN);
}

static void t_good(void **state)
{
	static const char text[] =
		"gcma-trace 1\n"
		"# made by hand\n"
		"\n"
		"size file 7 100\n"
		"0 1 file 7 0 r 4\n"
		"   # an indented comment\n"
		"10\t2 anon 7 5 w\r\n"
		"10 2 anon 7 9 r\n"
		"20 1 file 7 99 w 1\n"
		"30 2 anon 7 3 d\n"
		"30 3 file 8 4294967295 r 2";	/* no newline at the end */
	char err[TRACE_ERR_LEN] = "";
	struct trace t;

	(void)state;
	assert_int_equal(parse(text, &t, err), 0);
	assert_int_equal(t.nr, 6);
	assert_int_equal(t.nr_obj, 3);
	/* file 7 declared; anon 7 is another object; file 8 from its line. */
	assert_false(t.obj[0].anon);
	assert_int_equal(t.obj[0].pages, 100);
	assert_true(t.obj[0].declared);
	assert_true(t.obj[1].anon);
	assert_int_equal(t.obj[1].id, 7);
	assert_int_equal(t.obj[1].pages, 10);
	assert_int_equal(t.obj[2].pages, 4294967297ULL);
	assert_int_equal(t.rec[0].pages, 4);
	assert_int_equal(t.rec[1].op, TRACE_WRITE);
	assert_int_equal(t.rec[1].task, 2);
	assert_int_equal(t.rec[1].t_ns, 10);
	assert_int_equal(t.rec[4].op, TRACE_DROP);
	assert_int_equal(t.rec[4].pages, 0);
	assert_int_equal(t.rec[5].index, 4294967295ULL);
	assert_int_equal(t.pages_touched, 4 + 1 + 1 + 1 + 2);
	trace_free(&t);
	/* A header alone: an empty trace (the background idles). */
	assert_int_equal(parse("gcma-trace 1\n", &t, err), 0);
	assert_int_equal(t.nr, 0);
	trace_free(&t);
}

/* Each bad input and the message it must give. */
static void t_bad(void **state)
{
	static const struct {
		const char *text, *msg;
	} cases[] = {
		{ "", "t.trace: empty: expected the header 'gcma-trace 1'" },
		{ "gcma-trace 2\n", "t.trace:1: expected the header 'gcma-trace 1'" },
		{ "# x\ngcma-trace 1\n", "t.trace:1: expected the header" },
		{ "gcma-trace 1\n0 1 file 1 0\n", "t.trace:2: 5 fields; a line is 'TIME TASK KIND ID INDEX OP [PAGES]'" },
		{ "gcma-trace 1\n0 1 file 1 0 r 1 2\n", "t.trace:2: 8 fields" },
		{ "gcma-trace 1\n0 1 file 1 0 r 1 2 3 4 5\n", "t.trace:2: more than 8 fields" },
		{ "gcma-trace 1\n-1 1 file 1 0 r\n", "t.trace:2: time: '-1' is not a decimal number" },
		{ "gcma-trace 1\n0x10 1 file 1 0 r\n", "t.trace:2: time: '0x10' is not a decimal number" },
		{ "gcma-trace 1\n18446744073709551616 1 file 1 0 r\n", "t.trace:2: time: '18446744073709551616' is more than 18446744073709551615" },
		{ "gcma-trace 1\n0 4294967296 file 1 0 r\n", "t.trace:2: task: '4294967296' is more than 4294967295" },
		{ "gcma-trace 1\n0 1 shm 1 0 r\n", "t.trace:2: kind: 'shm' is neither anon nor file" },
		{ "gcma-trace 1\n0 1 file 1 0 x\n", "t.trace:2: op: 'x' is not r, w or d" },
		{ "gcma-trace 1\n0 1 file 1 0 r 0\n", "t.trace:2: pages: 0; a line touches at least one page" },
		{ "gcma-trace 1\n0 1 file 1 0 r 65537\n", "t.trace:2: pages: '65537' is more than 65536" },
		{ "gcma-trace 1\n0 1 file 1 68719476735 r 2\n", "t.trace:2: index + pages is more than 68719476736" },
		{ "gcma-trace 1\n0 1 file 1 0 d 3\n", "t.trace:2: a drop (d) takes no page count" },
		{ "gcma-trace 1\n5 1 file 1 0 r\n\n4 1 file 1 0 r\n", "t.trace:4: time 4 is before the previous line's 5" },
		{ "gcma-trace 1\nsize file 1 10\n0 1 file 1 9 r 2\n", "t.trace:3: pages 9..10 of file 1, beyond its size 10" },
		{ "gcma-trace 1\nsize anon 1 10\n0 1 anon 1 11 d\n", "t.trace:3: drop from page 11 of anon 1, beyond its size 10" },
		{ "gcma-trace 1\n0 1 file 1 0 r\nsize file 1 10\n", "t.trace:3: size of file 1 given after its first line or twice" },
		{ "gcma-trace 1\nsize file 1 10\nsize file 1 10\n", "t.trace:3: size of file 1 given after its first line or twice" },
		{ "gcma-trace 1\nsize file 1\n", "t.trace:2: a size line is 'size KIND ID PAGES' (3 fields)" },
		{ "gcma-trace 1\nsize pipe 1 1\n", "t.trace:2: kind: 'pipe' is neither anon nor file" },
		{ "gcma-trace 1\n0 1 file 1 0 r # no\n", "t.trace:2: 8 fields" },
	};
	char err[TRACE_ERR_LEN];
	struct trace t;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err[0] = '\0';
		assert_int_equal(parse(cases[i].text, &t, err), -EINVAL);
		if (strncmp(err, cases[i].msg, strlen(cases[i].msg)))
			fail_msg("case %zu: got '%s', want '%s'", i, err,
				 cases[i].msg);
		/* Nothing kept. */
		assert_null(t.rec);
		assert_null(t.obj);
		assert_int_equal(t.nr, 0);
	}
}

/* A line too long, a NUL byte: refused by line, not read past. */
static void t_bad_bytes(void **state)
{
	char text[600], err[TRACE_ERR_LEN];
	struct trace t;
	size_t n;

	(void)state;
	n = (size_t)snprintf(text, sizeof(text), "gcma-trace 1\n0 1 file 1 0 r");
	memset(text + n, ' ', 300);
	text[n + 300] = '\n';
	assert_int_equal(trace_parse(text, n + 301, "t", &t, err,
				     sizeof(err)), -EINVAL);
	assert_string_equal(err, "t:2: line longer than 256 bytes");
	memcpy(text, "gcma-trace 1\n0 1 fi\0e 1 0 r\n", 28);
	assert_int_equal(trace_parse(text, 28, "t", &t, err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "t:2: a NUL byte: not a text file");
	/* The header line with a NUL in it is refused too. */
	assert_int_equal(trace_parse("gcma\0trace 1\n", 13, "t", &t, err,
				     sizeof(err)), -EINVAL);
	assert_string_equal(err, "t:1: a NUL byte: not a text file");
}

/* The writer merges runs and its output parses back to what it got. */
static void t_writer_round_trip(void **state)
{
	char *buf = NULL, err[TRACE_ERR_LEN];
	size_t len = 0;
	struct trace_writer w;
	struct trace t;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	assert_non_null(f);
	trace_writer_init(&w, f, "test");
	trace_writer_size(&w, true, 1000, 64);
	for (int i = 0; i < 10; i++)		/* one line of 10 */
		trace_writer_add(&w, 0, 0, true, 1000, (uint64_t)i,
				 TRACE_WRITE);
	trace_writer_add(&w, 0, 0, true, 1000, 10, TRACE_READ);	/* op */
	trace_writer_add(&w, 0, 0, true, 1000, 12, TRACE_READ);	/* gap */
	trace_writer_add(&w, 2000, 0, true, 1000, 13, TRACE_READ); /* time */
	trace_writer_add(&w, 2000, 1, true, 1000, 14, TRACE_READ); /* task */
	trace_writer_add(&w, 2000, 1, false, 1000, 15, TRACE_READ); /* kind */
	trace_writer_add(&w, 2000, 1, true, 1000, 0, TRACE_DROP);
	trace_writer_add(&w, 2000, 1, true, 1000, 0, TRACE_DROP);
	trace_writer_flush(&w);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(w.lines, 8);
	assert_non_null(strstr(buf, "gcma-trace 1\n# test\nsize anon 1000 64\n0 0 anon 1000 0 w 10\n0 0 anon 1000 10 r\n"));
	assert_non_null(strstr(buf, "2000 1 anon 1000 0 d\n2000 1 anon 1000 0 d\n"));
	assert_int_equal(trace_parse(buf, len, "mem", &t, err, sizeof(err)), 0);
	assert_int_equal(t.nr, 8);
	assert_int_equal(t.rec[0].pages, 10);
	assert_int_equal(t.pages_touched, 15);
	assert_int_equal(t.nr_obj, 2);
	assert_int_equal(t.obj[0].pages, 64);
	assert_int_equal(t.obj[1].pages, 16);
	trace_free(&t);
	free(buf);
}

/*
 * Fuzz-like: a good trace with random bytes changed, and random bytes
 * alone, thousands of times. Each parse returns 0 or -EINVAL with a
 * message that names the input; under Valgrind/ASan, no bad access.
 */
static void t_mutated(void **state)
{
	static const char good[] =
		"gcma-trace 1\nsize file 2 16\n0 1 file 2 0 r 4\n"
		"5 1 anon 3 7 w\n9 2 anon 3 0 d\n";
	static const char alphabet[] = "0123456789 \t\n#rwdsizeanonfile\r-x\0";
	char buf[sizeof(good) + 16], err[TRACE_ERR_LEN];
	uint64_t seed = 7;
	int ok = 0;

	(void)state;
	for (int round = 0; round < 20000; round++) {
		size_t len = sizeof(good) - 1;
		struct trace t;
		int ret;

		memcpy(buf, good, len);
		for (int k = 0; k < 1 + round % 4; k++) {
			uint64_t r = splitmix64(&seed);

			buf[r % len] = alphabet[(r >> 32) % (sizeof(alphabet) - 1)];
		}
		if (round % 5 == 0)	/* cut anywhere */
			len = splitmix64(&seed) % (len + 1);
		if (round % 7 == 0)	/* pure noise */
			for (size_t i = 0; i < len; i++)
				buf[i] = (char)splitmix64(&seed);
		err[0] = '\0';
		ret = trace_parse(buf, len, "fz", &t, err, sizeof(err));
		assert_true(ret == 0 || ret == -EINVAL);
		if (ret)
			assert_int_equal(strncmp(err, "fz", 2), 0);
		else
			ok++;
		trace_free(&t);
	}
	/* Some mutations leave a valid trace (a digit for a digit). */
	assert_true(ok > 0);
}

/* trace_load(): a missing file, a directory, a FIFO-like non-file. */
static void t_load(void **state)
{
	char err[TRACE_ERR_LEN];
	struct trace t;

	(void)state;
	assert_int_equal(trace_load("/nonexistent/x.trace", &t, err,
				    sizeof(err)), -ENOENT);
	assert_string_equal(err, "/nonexistent/x.trace: cannot open: No such file or directory");
	assert_int_equal(trace_load("/tmp", &t, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "/tmp: not a regular file");
	assert_int_equal(trace_load("/dev/null", &t, err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "/dev/null: not a regular file");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_good),
		cmocka_unit_test(t_bad),
		cmocka_unit_test(t_bad_bytes),
		cmocka_unit_test(t_writer_round_trip),
		cmocka_unit_test(t_mutated),
		cmocka_unit_test(t_load),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
