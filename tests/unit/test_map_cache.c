// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Unit tests of the cache of machine mappings (lib/platform/map_cache.c): it
 * keeps as many as a batch of retired fuzzer machines hands back (32
 * mappings), and no more than its total of 128 MiB.
 *
 * A mapping taken from the cache is told from a fresh one by a marker
 * byte written before it was given back (a fresh mapping is all zero);
 * the address alone cannot tell (the kernel may map a freed range again).
 */
#include <stdint.h>
#include <sys/mman.h>

#include "harness.h"
#include "platform/internal.h"

#define MARK	0x5a

/* Put @n marked mappings of @bytes, take @n back: how many were cached? */
static int cached_of(int n, size_t bytes)
{
	unsigned char *maps[64];
	int cached = 0;

	assert_true(n <= 64);
	for (int i = 0; i < n; i++) {
		maps[i] = sim_map_get(bytes);
		assert_non_null(maps[i]);
	}
	for (int i = 0; i < n; i++) {
		maps[i][0] = MARK;
		sim_map_put(maps[i], bytes);
	}
	for (int i = 0; i < n; i++) {
		maps[i] = sim_map_get(bytes);
		assert_non_null(maps[i]);
		cached += maps[i][0] == MARK;
	}
	for (int i = 0; i < n; i++)
		munmap(maps[i], bytes);
	return cached;
}

/* 16 retired 256-page machines: 32 mappings, every one kept. */
static void test_keeps_a_batch_of_small_machines(void **state)
{
	(void)state;
	assert_int_equal(cached_of(32, 1UL << 20), 32);
	assert_int_equal(cached_of(33, 1UL << 20), 32);
}

/* Nine mappings of 15 MiB: eight fit in 128 MiB, the oldest goes. */
static void test_total_is_bounded(void **state)
{
	(void)state;
	assert_true(sim_map_cacheable(15UL << 20));
	assert_int_equal(cached_of(9, 15UL << 20), 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keeps_a_batch_of_small_machines),
		cmocka_unit_test(test_total_is_bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
