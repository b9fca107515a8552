// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * test_dirty - the executor's look at what an op touched
 * (tools/gcma-ops/dirty.c) names every pfn whose descriptor changed, in
 * any word, in any block of the memmap including a short last one, and
 * nothing else; and a model reused for a smaller machine
 * (tools/gcma-ops/refmodel.c, rm_init()) reads as a fresh one.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <libgcma/libgcma.h>

#include "dirty.h"
#include "refmodel.h"

/* Flip one bit of byte @byte of @pfn's descriptor (a second flip undoes it). */
static void flip(unsigned long pfn, size_t byte)
{
	((unsigned char *)pfn_to_page(pfn))[byte] ^= 0x10;
}

static void check_pages(unsigned long nr_pages)
{
	struct sim_machine_config cfg = { .name = "dirty", .nr_pages = nr_pages };
	struct sim_machine_info info;
	struct sim_machine *m;
	struct gops_dirty d;
	unsigned long base, last, mid;

	assert_int_equal(sim_machine_create(&cfg, &m), 0);
	assert_int_equal(sim_thread_attach(m), 0);
	assert_int_equal(sim_machine_get_info(m, &info), 0);
	base = info.base_pfn;
	last = base + info.nr_pages - 1;
	mid = base + info.nr_pages / 2;
	assert_int_equal(gops_dirty_init(&d, m), 0);

	gops_dirty_collect(&d);
	assert_int_equal(d.nr, 0);

	/* The first byte of the first, a middle word, the last byte of the last. */
	flip(base, 0);
	flip(mid, 24);
	flip(last, sizeof(struct page) - 1);
	gops_dirty_collect(&d);
	assert_int_equal(d.nr, 3);
	assert_int_equal(d.pfns[0], base);
	assert_int_equal(d.pfns[1], mid);
	assert_int_equal(d.pfns[2], last);
	assert_true(gops_dirty_any(&d, last, 1));
	assert_false(gops_dirty_any(&d, base + 1, 2));

	/* Seen once: the next look finds nothing until the next write. */
	gops_dirty_collect(&d);
	assert_int_equal(d.nr, 0);
	flip(last, sizeof(struct page) - 1);
	gops_dirty_collect(&d);
	assert_int_equal(d.nr, 1);
	assert_int_equal(d.pfns[0], last);

	flip(base, 0);
	flip(mid, 24);
	gops_dirty_collect(&d);
	assert_int_equal(d.nr, 2);
	gops_dirty_exit(&d);
	assert_int_equal(sim_thread_detach(), 0);
	sim_machine_destroy(m);
}

/* 256 pages: four whole 4 KiB blocks; 300: a short last block. */
static void test_dirty_names_each_changed_pfn(void **state)
{
	(void)state;
	check_pages(256);
	check_pages(300);
	check_pages(4096);
}

/*
 * rm_init() zeroes only the per-pfn entries of the machine's pfns: after
 * a model of 4096 pfns full of state, one of 256 must equal a fresh one
 * in every field it can read.
 */
static void test_rm_init_reused_reads_as_fresh(void **state)
{
	struct refmodel *fresh = calloc(1, sizeof(*fresh));
	struct refmodel *used = malloc(sizeof(*used));
	size_t tail = offsetof(struct refmodel, areas);

	(void)state;
	assert_non_null(fresh);
	assert_non_null(used);
	memset(used, 0xa5, sizeof(*used));
	rm_init(fresh, 256);
	rm_init(used, 256);
	assert_int_equal(used->nr_pfns, 256);
	assert_memory_equal(used->gcma, fresh->gcma, 256 * sizeof(used->gcma[0]));
	assert_memory_equal(used->head, fresh->head, 256 * sizeof(used->head[0]));
	assert_memory_equal(used->order, fresh->order, 256 * sizeof(used->order[0]));
	assert_memory_equal(used->pins, fresh->pins, 256 * sizeof(used->pins[0]));
	assert_memory_equal((char *)used + tail, (char *)fresh + tail,
			    sizeof(*used) - tail);
	for (unsigned long pfn = 0; pfn < RM_MAX_PFNS; pfn++)
		assert_false(rm_gcma_allocated(used, pfn));
	free(used);
	free(fresh);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dirty_names_each_changed_pfn),
		cmocka_unit_test(test_rm_init_reused_reads_as_fresh),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
