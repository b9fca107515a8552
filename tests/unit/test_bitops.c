// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The kernel shim's bit operations, cmpxchg family and min/max: the
 * values they give (what they refuse to compile is tests/strict/cases/).
 * lib/mm reaches atomics only through these (tests/strict/test_no_builtins.sh).
 */
#include <limits.h>
#include <pthread.h>
#include "harness.h"
#include "kernel/atomic.h"
#include "kernel/bitops.h"
#include "kernel/kernel.h"

static void test_bit_ops_across_words(void **state)
{
	unsigned long map[3] = { 0 };

	(void)state;
	set_bit(0, map);
	set_bit(63, map);
	set_bit(64, map);
	set_bit(130, map);
	assert_true(map[0] == (1UL | 1UL << 63));
	assert_true(map[1] == 1UL);
	assert_true(map[2] == 1UL << 2);
	assert_true(test_bit(63, map) && test_bit(64, map));
	assert_false(test_bit(65, map));
	assert_true(test_bit_acquire(130, map));
	clear_bit(63, map);
	assert_false(test_bit(63, map));
	assert_true(test_bit(0, map));

	assert_false(test_and_set_bit(65, map));
	assert_true(test_and_set_bit(65, map));
	assert_true(test_and_clear_bit(65, map));
	assert_false(test_and_clear_bit(65, map));
	assert_false(test_and_set_bit_lock(100, map));
	assert_true(test_and_set_bit_lock(100, map));
	clear_bit_unlock(100, map);
	assert_false(test_bit(100, map));

	__set_bit(129, map);
	assert_true(map[2] == (1UL << 1 | 1UL << 2));
	__clear_bit(129, map);
	assert_true(map[2] == 1UL << 2);
}

static void test_set_mask_bits(void **state)
{
	unsigned long word = 0xf0f0UL;

	(void)state;
	/* The old value back; bits in @mask cleared, then @bits set. */
	assert_true(set_mask_bits(&word, 0xff00UL, 0x0300UL) == 0xf0f0UL);
	assert_true(word == 0x03f0UL);
	assert_true(set_mask_bits(&word, 0, 0xc000UL) == 0x03f0UL);
	assert_true(word == 0xc3f0UL);
	assert_true(set_mask_bits(&word, ~0UL, 0) == 0xc3f0UL);
	assert_true(word == 0);
}

static void test_bit_indexes(void **state)
{
	(void)state;
	assert_int_equal(__ffs(0x50UL), 4);
	assert_int_equal(__fls(0x50UL), 6);
	assert_int_equal(__fls(1UL), 0);
	assert_int_equal(__fls(~0UL), 63);
	assert_int_equal(ffz(0x7UL), 3);
	assert_int_equal(hweight_long(0xf0f1UL), 9);
	assert_int_equal(hweight_long(~0UL), 64);
	_Static_assert(__builtin_types_compatible_p(__typeof__(ilog2(8UL)), int),
		       "ilog2() is an int");
	assert_int_equal(ilog2(1UL << 40), 40);
}

static void test_cmpxchg_family(void **state)
{
	unsigned long word = 5;
	int a = 1, b = 2;
	void *p = &a, *old;
	atomic_t v = ATOMIC_INIT(3);
	atomic_long_t lv = ATOMIC_INIT(-4);
	int seen = 0;
	long lseen = -4;
	unsigned long expect = 6;

	(void)state;
	assert_true(cmpxchg(&word, 5UL, 9UL) == 5);
	assert_true(word == 9);
	assert_true(cmpxchg(&word, 5UL, 1UL) == 9);
	assert_true(word == 9);

	/* A failed try gives the value seen, ready for the next try. */
	assert_false(try_cmpxchg(&word, &expect, 10UL));
	assert_true(expect == 9 && word == 9);
	assert_true(try_cmpxchg(&word, &expect, 10UL));
	assert_true(word == 10);
	assert_true(xchg(&word, 11UL) == 10);
	assert_true(word == 11);

	/* On a pointer field, as cleancache does on folio->private. */
	old = &b;
	assert_false(try_cmpxchg(&p, &old, (void *)&b));
	assert_ptr_equal(old, &a);
	assert_true(try_cmpxchg(&p, &old, (void *)&b));
	assert_ptr_equal(p, &b);
	assert_ptr_equal(xchg(&p, NULL), &b);
	assert_null(p);

	assert_false(atomic_try_cmpxchg(&v, &seen, 7));
	assert_int_equal(seen, 3);
	assert_true(atomic_try_cmpxchg(&v, &seen, 7));
	assert_int_equal(atomic_read_acquire(&v), 7);
	atomic_set_release(&v, 8);
	assert_int_equal(atomic_read(&v), 8);
	assert_true(atomic_long_try_cmpxchg(&lv, &lseen, 40));
	assert_int_equal(atomic_long_read(&lv), 40);
}

#define RACE_ROUNDS	100000

struct bit_racer {
	pthread_barrier_t *start;
	unsigned long *word;
	unsigned long first;	/* this thread's bits: first, first + 2, ... */
};

/* Each thread flips its own bits of one shared word, atomically. */
static void *bit_racer(void *arg)
{
	struct bit_racer *r = arg;

	pthread_barrier_wait(r->start);
	for (int i = 0; i < RACE_ROUNDS; i++) {
		for (unsigned long b = r->first; b < BITS_PER_LONG; b += 2)
			set_bit(b, r->word);
		for (unsigned long b = r->first; b < BITS_PER_LONG; b += 2)
			if (!test_and_clear_bit(b, r->word))
				return (void *)1;
		set_mask_bits(r->word, 0, 1UL << r->first);
		set_mask_bits(r->word, 1UL << r->first, 0);
	}
	return NULL;
}

static void test_bit_ops_atomic(void **state)
{
	pthread_barrier_t start;
	unsigned long word = 0;
	struct bit_racer r[2] = { { &start, &word, 0 }, { &start, &word, 1 } };
	pthread_t t[2];
	void *ret[2];

	(void)state;
	assert_int_equal(pthread_barrier_init(&start, NULL, 2), 0);
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&t[i], NULL, bit_racer, &r[i]),
				 0);
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_join(t[i], &ret[i]), 0);
	pthread_barrier_destroy(&start);
	/* A lost update would leave a bit set or clear one not yet set. */
	assert_null(ret[0]);
	assert_null(ret[1]);
	assert_true(word == 0);
}

static void test_minmax_values(void **state)
{
	unsigned long ul = 7;
	unsigned char uc = 200;
	int i = -1, n = 0;
	long l = -9;

	(void)state;
	assert_true(min(ul, 5) == 5);
	assert_true(max(ul, 5) == 7);
	assert_int_equal(min(uc, i), -1);	/* promoted to int */
	assert_int_equal(max(l, i), -1);
	assert_true(umin(i, ul) == 7);		/* -1 as unsigned is huge */
	assert_true(umax(i, 3U) == UINT_MAX);	/* zero-extended */
	assert_int_equal(min_t(unsigned int, -1, 5), 5);
	assert_int_equal(max_t(int, 3U, -2), 3);
	assert_int_equal(min3(4, i, 2), -1);
	assert_true(max3(1UL, ul, 3UL) == 7);
	assert_int_equal(clamp(l, -4L, 4L), -4);
	assert_int_equal(clamp(i, -4, 4), -1);
	assert_true(clamp(ul, 1, 5) == 5);
	assert_true(clamp_t(unsigned long, i, 0, 9) == 9);

	/* Each argument is evaluated once. */
	assert_int_equal(min(n++, 10), 0);
	assert_int_equal(max(n++, -10), 1);
	assert_int_equal(clamp(n++, 0, 100), 2);
	assert_int_equal(n, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bit_ops_across_words),
		cmocka_unit_test(test_set_mask_bits),
		cmocka_unit_test(test_bit_indexes),
		cmocka_unit_test(test_cmpxchg_family),
		cmocka_unit_test(test_bit_ops_atomic),
		cmocka_unit_test(test_minmax_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
