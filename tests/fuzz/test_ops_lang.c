// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * test_ops_lang - the operation language of tools/gcma-ops/ops.h: bytes,
 * programs and text convert into each other without loss, and the parser
 * refuses what the formatter never writes.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ops.h"

static uint64_t next_rand(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* bytes -> program -> text -> program -> bytes -> program, all equal. */
static void test_round_trip(void **state)
{
	static struct gops_program p, q, r;
	static uint8_t in[700], out[700];
	uint64_t seed = 5;

	for (int n = 0; n < 2000; n++) {
		size_t len = next_rand(&seed) % sizeof(in), elen;
		char *text = NULL;
		size_t tlen = 0;
		FILE *f;
		int bad;

		for (size_t i = 0; i < len; i++)
			in[i] = (uint8_t)next_rand(&seed);
		gops_decode(in, len, &p);
		assert_true(p.nr <= GOPS_MAX_OPS);
		f = open_memstream(&text, &tlen);
		assert_int_equal(gops_print_program(&p, f), 0);
		fclose(f);
		f = fmemopen(text, tlen, "r");
		assert_int_equal(gops_parse_program(f, &q, &bad), 0);
		fclose(f);
		free(text);
		assert_memory_equal(&p, &q, sizeof(p));
		elen = gops_encode(&q, out, sizeof(out));
		assert_true(elen <= sizeof(out));
		gops_decode(out, elen, &r);
		assert_memory_equal(&p, &r, sizeof(p));
	}
}

/* An op cut short by the end of the input is dropped; ops are bounded. */
static void test_decode_bounds(void **state)
{
	static struct gops_program p;
	static uint8_t big[1 + 2 * (GOPS_MAX_OPS + 10)];
	const uint8_t cut[] = { 0, GOP_GCMA_ALLOC, 0, 5 };

	gops_decode(cut, sizeof(cut), &p);
	assert_int_equal(p.nr, 0);
	gops_decode(NULL, 0, &p);
	assert_int_equal(p.nr, 0);
	for (size_t i = 1; i + 1 < sizeof(big); i += 2) {
		big[i] = GOP_FORGET;
		big[i + 1] = 7;
	}
	gops_decode(big, sizeof(big), &p);
	assert_int_equal(p.nr, GOPS_MAX_OPS);
	assert_int_equal(p.ops[0].kind, GOP_FORGET);
	assert_int_equal(p.ops[0].arg[0], 7 % gops_arg_range(GOP_FORGET, 0));
}

static void test_format_parse(void **state)
{
	struct gop op = { .kind = GOP_GCMA_ALLOC, .arg = { 1, 64, 19, 3 } };
	struct gop back;
	char line[GOPS_LINE_MAX];

	assert_int_equal(gops_format(&op, "-EINVAL", line, sizeof(line)), 0);
	assert_string_equal(line,
			    "gcma_alloc area=1 off=64 count=19 flags=3 -> -EINVAL");
	assert_int_equal(gops_parse_line(line, &back), 0);
	assert_memory_equal(&op, &back, sizeof(op));
	assert_int_equal(gops_format(&op, NULL, line, 10), -ENOSPC);
	op.kind = GOP_NR_KINDS;
	assert_int_equal(gops_format(&op, NULL, line, sizeof(line)), -EINVAL);
}

/*
 * Every kind, each argument at the top of its range, through text and
 * bytes and back; the swap ops (appended after use_gcma, so inputs made
 * before them decode as they did) as a trace writes them.
 */
static void test_every_kind(void **state)
{
	static const char *const swap_lines[] = {
		"swapon swap=1 policy=2 flags=3",
		"swapoff swap=1",
		"fsw_store swap=0 off=17",
		"fsw_load swap=1 off=0",
		"fsw_invalidate swap=0 off=3",
		"fsw_invalidate_area swap=1",
		"swap_out swap=0 off=15",
		"swap_in swap=1 off=16",
		"swap_free swap=0 off=2",
		"swap_ratio pct=11",
	};
	static struct gops_program p, q;
	char line[GOPS_LINE_MAX];
	uint8_t buf[1 + GOP_NR_KINDS * (1 + GOPS_MAX_ARGS)];
	struct gop op;

	(void)state;
	assert_int_equal(GOP_USE_GCMA, 25);
	p.nr = GOP_NR_KINDS;
	for (unsigned int k = 0; k < GOP_NR_KINDS; k++) {
		p.ops[k].kind = k;
		for (unsigned int a = 0; a < gops_nr_args(k); a++)
			p.ops[k].arg[a] = gops_arg_range(k, a) - 1;
		assert_int_equal(gops_format(&p.ops[k], NULL, line,
					     sizeof(line)), 0);
		assert_int_equal(gops_parse_line(line, &op), 0);
		assert_memory_equal(&op, &p.ops[k], sizeof(op));
	}
	gops_decode(buf, gops_encode(&p, buf, sizeof(buf)), &q);
	assert_memory_equal(&p, &q, sizeof(p));
	for (size_t i = 0; i < sizeof(swap_lines) / sizeof(swap_lines[0]);
	     i++) {
		assert_int_equal(gops_parse_line(swap_lines[i], &op), 0);
		assert_true(op.kind >= GOP_SWAPON && op.kind <= GOP_SWAP_RATIO);
		assert_int_equal(gops_format(&op, NULL, line, sizeof(line)), 0);
		assert_string_equal(line, swap_lines[i]);
	}
	assert_int_equal(gops_parse_line("fsw_store swap=2 off=0", &op),
			 -EINVAL);
	assert_int_equal(gops_parse_line("swap_ratio pct=12", &op), -EINVAL);
}

static void test_parse_refuses(void **state)
{
	static const char *const bad[] = {
		"",
		"nonsense",
		"gcma_alloc area=0 off=1 count=2",		/* one short */
		"gcma_alloc off=1 area=0 count=2 flags=0",	/* order */
		"gcma_alloc area=2 off=1 count=2 flags=0",	/* range */
		"gcma_alloc area=0 off=1 count=2 flags=0 x=1",	/* extra */
		"gcma_alloc area=0 off=-1 count=2 flags=0",
		"gcma_alloc area=0 off= count=2 flags=0",
		"register_pool 3",
	};
	struct gop op;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(gops_parse_line(bad[i], &op), -EINVAL);
	assert_int_equal(gops_parse_line("register_pool -> 4\n", &op), 0);
	assert_int_equal(op.kind, GOP_REGISTER_POOL);
}

static void test_parse_program(void **state)
{
	static struct gops_program p;
	static const char good[] = "# comment\n\nmachine pages=4096\nforget ino=3\n";
	static const char late[] = "forget ino=3\nmachine pages=256\n";
	static const char size[] = "machine pages=100\n";
	FILE *f;
	int bad;

	f = fmemopen((void *)good, sizeof(good) - 1, "r");
	assert_int_equal(gops_parse_program(f, &p, &bad), 0);
	fclose(f);
	assert_int_equal(gops_geometry_pages[p.geometry], 4096);
	assert_int_equal(p.nr, 1);
	f = fmemopen((void *)late, sizeof(late) - 1, "r");
	assert_int_equal(gops_parse_program(f, &p, &bad), -EINVAL);
	fclose(f);
	assert_int_equal(bad, 2);
	f = fmemopen((void *)size, sizeof(size) - 1, "r");
	assert_int_equal(gops_parse_program(f, &p, &bad), -EINVAL);
	fclose(f);
	assert_int_equal(bad, 1);
}

static void test_errno_name(void **state)
{
	char buf[16];

	(void)state;
	assert_string_equal(gops_errno_name(-EINVAL, buf, sizeof(buf)),
			    "-EINVAL");
	assert_string_equal(gops_errno_name(-EOPNOTSUPP, buf, sizeof(buf)),
			    "-EOPNOTSUPP");
	assert_string_equal(gops_errno_name(3, buf, sizeof(buf)), "3");
	assert_string_equal(gops_errno_name(-4095, buf, sizeof(buf)), "-4095");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_decode_bounds),
		cmocka_unit_test(test_format_parse),
		cmocka_unit_test(test_every_kind),
		cmocka_unit_test(test_parse_refuses),
		cmocka_unit_test(test_parse_program),
		cmocka_unit_test(test_errno_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
