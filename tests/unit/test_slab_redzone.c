// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Unit tests of the red zones after kmalloc() and kmem_cache objects
 * (lib/platform/slab_redzone.c, the shim's slub_debug=Z).
 *
 * A test that writes into a red zone opens that byte first for ASan and
 * Valgrind (mem_defined()), so each build checks the byte pattern at
 * free; that the tools themselves report the raw access is
 * test_redzone_touch's job.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "kernel/memcheck.h"
#include "kernel/slab.h"
#include "platform/slab_redzone.h"

#define REDZONE_TEST(fn) \
	cmocka_unit_test_setup_teardown(fn, test_setup_machine, \
					test_teardown_machine)

static const size_t sizes[] = { 0, 1, 7, 8, 13, 16, 17, 100, 4096 };

#define NR_SIZES	(sizeof(sizes) / sizeof(sizes[0]))

/* Overwrite the byte at @p, past an object, as a buggy caller would. */
static void scribble(void *p)
{
	mem_defined(p, 1);
	*(volatile unsigned char *)p = 0x5a;
}

/* The one violation of @m must be a red-zone report naming @size, @off. */
static void assert_redzone_report(struct sim_machine *m, const char *func,
				  size_t size, size_t off)
{
	struct sim_violation v;
	char want[96];

	if (sim_violation_count(m) != 1) {
		test_print_violations(m);
		fail_msg("%s() of a %zu-byte object written at offset %zu: %lu reports, want 1",
			 func, size, off, sim_violation_count(m));
	}
	assert_errno(sim_violation_get(m, 0, &v), 0);
	assert_string_equal(v.kind, "SLAB");
	assert_string_equal(v.func, func);
	snprintf(want, sizeof(want), "red zone of a %zu-byte ", size);
	if (!strstr(v.msg, want))
		fail_msg("'%s' does not name the size: '%s'", v.msg, want);
	snprintf(want, sizeof(want), "overwritten at offset %zu (0x5a",
		 off);
	if (!strstr(v.msg, want))
		fail_msg("'%s' does not name the offset: '%s'", v.msg, want);
	sim_violation_clear(m);
}

static void test_clean_kmalloc_objects_not_reported(void **state)
{
	struct test_machine *tm = *state;

	for (size_t i = 0; i < NR_SIZES; i++) {
		unsigned char *p = kmalloc(sizes[i], GFP_KERNEL);
		unsigned char *z = kzalloc(sizes[i], GFP_KERNEL);
		unsigned char *c = kcalloc(3, sizes[i], GFP_KERNEL);

		assert_non_null(p);
		assert_non_null(z);
		assert_non_null(c);
		/* malloc()'s alignment, whatever the header. */
		assert_int_equal((uintptr_t)p % 16, 0);
		assert_int_equal((uintptr_t)z % 16, 0);
		for (size_t b = 0; b < sizes[i]; b++)
			assert_int_equal(z[b], 0);
		memset(p, 0xff, sizes[i]);
		memset(z, 0xff, sizes[i]);
		memset(c, 0xff, 3 * sizes[i]);
		kfree(p);
		kfree(z);
		kfree(c);
	}
	assert_int_equal(sim_violation_count(tm->m), 0);
}

/* Reads past an object see the red zone, not malloc()'s zeroed slack. */
static void test_read_past_kmalloc_object_sees_redzone(void **state)
{
	const size_t rz = SLAB_REDZONE_MIN;

	(void)state;
	for (size_t i = 0; i < NR_SIZES; i++) {
		unsigned char *z = kzalloc(sizes[i], GFP_KERNEL);

		assert_non_null(z);
		mem_defined(z + sizes[i], rz);
		for (size_t b = 0; b < rz; b++)
			if (z[sizes[i] + b] != SLAB_RED_ACTIVE)
				fail_msg("%zu bytes past a %zu-byte object: %#x, not 0xcc",
					 b, sizes[i], z[sizes[i] + b]);
		kfree(z);
	}
}

static void test_write_one_past_kmalloc_object_reported(void **state)
{
	struct test_machine *tm = *state;
	long live = kmalloc_nr_allocated();

	for (size_t i = 0; i < NR_SIZES; i++) {
		unsigned char *p = kmalloc(sizes[i], GFP_KERNEL);

		assert_non_null(p);
		scribble(p + sizes[i]);
		kfree(p);
		assert_redzone_report(tm->m, "kfree", sizes[i], sizes[i]);
	}
	/* Reported, and freed all the same. */
	assert_int_equal(kmalloc_nr_allocated(), live);
}

static void test_write_at_redzone_end_reported(void **state)
{
	struct test_machine *tm = *state;
	unsigned char *p = kzalloc(100, GFP_KERNEL);
	size_t last = 100 + SLAB_REDZONE_MIN - 1;

	assert_non_null(p);
	scribble(p + last);
	kfree(p);
	assert_redzone_report(tm->m, "kfree", 100, last);
}

static void test_kmem_cache_redzone(void **state)
{
	static const unsigned int aligns[] = { 0, 8, 64, 256 };
	struct test_machine *tm = *state;

	for (size_t a = 0; a < sizeof(aligns) / sizeof(aligns[0]); a++) {
		struct kmem_cache *cache = kmem_cache_create("redzoned", 40,
							     aligns[a], 0,
							     NULL);
		unsigned char *clean, *bad;

		assert_non_null(cache);
		clean = kmem_cache_alloc(cache, GFP_KERNEL);
		bad = kmem_cache_zalloc(cache, GFP_KERNEL);
		assert_non_null(clean);
		assert_non_null(bad);
		if (aligns[a])
			assert_int_equal((uintptr_t)bad % aligns[a], 0);
		memset(clean, 0xff, 40);
		kmem_cache_free(cache, clean);
		assert_int_equal(sim_violation_count(tm->m), 0);

		scribble(bad + 40);
		kmem_cache_free(cache, bad);
		assert_redzone_report(tm->m, "kmem_cache_free", 40, 40);
		assert_int_equal(kmem_cache_nr_allocated(cache), 0);
		kmem_cache_destroy(cache);
	}
}

/* kfree() of a cache object (the kernel allows it) checks it too. */
static void test_kfree_of_cache_object_checked(void **state)
{
	struct test_machine *tm = *state;
	struct kmem_cache *cache = kmem_cache_create("kfreed", 24, 64, 0,
						     NULL);
	unsigned char *clean = kmem_cache_alloc(cache, GFP_KERNEL);
	unsigned char *bad = kmem_cache_alloc(cache, GFP_KERNEL);

	assert_non_null(clean);
	assert_non_null(bad);
	kfree(clean);
	assert_int_equal(sim_violation_count(tm->m), 0);
	scribble(bad + 24);
	kfree(bad);
	assert_redzone_report(tm->m, "kfree", 24, 24);
	/* kfree() does not tell the cache, as the shim never did. */
	kmem_cache_destroy(cache);
	test_expect_violations(tm->m, 1);
}

/* A pointer kmalloc() did not return is reported and left alone. */
static void test_kfree_of_foreign_pointer_reported(void **state)
{
	struct test_machine *tm = *state;
	long live = kmalloc_nr_allocated();
	unsigned char *b = calloc(1, 64);
	struct sim_violation v;

	assert_non_null(b);
	kfree(b + 16);		/* a zero header: not kmalloc()'s */
	assert_int_equal(sim_violation_count(tm->m), 1);
	assert_errno(sim_violation_get(tm->m, 0, &v), 0);
	assert_string_equal(v.kind, "SLAB");
	assert_non_null(strstr(v.msg, "not a slab object"));
	sim_violation_clear(tm->m);
	assert_int_equal(kmalloc_nr_allocated(), live);
	free(b);
}

/* In an ASan build the header and red zone are poisoned. */
static void test_redzone_poisoned_for_asan(void **state)
{
	(void)state;
#ifdef SIM_HAVE_ASAN
	unsigned char *p = kmalloc(13, GFP_KERNEL);

	assert_non_null(p);
	assert_false(__asan_address_is_poisoned(p + 12));
	assert_true(__asan_address_is_poisoned(p + 13));
	assert_true(__asan_address_is_poisoned(p + 13 + SLAB_REDZONE_MIN - 1));
	assert_true(__asan_address_is_poisoned(p - 1));
	kfree(p);
#endif
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		REDZONE_TEST(test_clean_kmalloc_objects_not_reported),
		REDZONE_TEST(test_read_past_kmalloc_object_sees_redzone),
		REDZONE_TEST(test_write_one_past_kmalloc_object_reported),
		REDZONE_TEST(test_write_at_redzone_end_reported),
		REDZONE_TEST(test_kmem_cache_redzone),
		REDZONE_TEST(test_kfree_of_cache_object_checked),
		REDZONE_TEST(test_kfree_of_foreign_pointer_reported),
		REDZONE_TEST(test_redzone_poisoned_for_asan),
	};

#if !SIM_SLAB_REDZONE
	/* TAP: a plan of no tests with a reason is a skip. */
	printf("1..0 # SKIP built with -Dslab_redzone=false\n");
	return 0;
#endif
	return cmocka_run_group_tests(tests, NULL, NULL);
}
