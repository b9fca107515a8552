// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * test_machine_reset - a machine reset by sim_machine_reset() is a fresh
 * machine: after the same set-up it digests as one that was just
 * created, with the same clock, counters and violations; and the
 * executor (tools/gcma-ops), which resets the previous run's machine for
 * the next run, gives every program the run, trace and result it gives
 * on a newly created machine: nothing of one input leaks into the next.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <libgcma/libgcma.h>

#include "exec.h"
#include "ops.h"

#define NR_PAGES	512
#define FILE_PAGES	8

static bool reset_tried;

/* What a later call can see of @m, beyond its digest. */
struct observed {
	struct sim_digest digest;
	struct sim_machine_info info;
	struct sim_fault_stats faults;
	uint64_t now;
	unsigned long violations;
	bool defect0;
};

/* The same set-up on a fresh or a reset machine; then what it shows. */
static void set_up_and_observe(struct sim_machine *m, struct observed *o)
{
	struct super_block *sb;
	struct inode *inode;
	struct folio *folio;
	unsigned long pfn;

	assert_int_equal(sim_memblock_alloc(m, 32, 32, "reset-rsv", &pfn), 0);
	assert_int_equal(sim_machine_boot_done(m), 0);
	assert_int_equal(sim_thread_attach(m), 0);
	assert_int_equal(sim_fs_mount("reset-fs", 16, &sb), 0);
	assert_int_equal(sim_inode_create(sb, 1, FILE_PAGES * PAGE_SIZE,
					  &inode), 0);
	for (unsigned long i = 0; i < FILE_PAGES; i += 2) {
		assert_int_equal(sim_page_cache_read(inode, i, &folio), 0);
		folio_put(folio);
	}
	memset(o, 0, sizeof(*o));
	assert_int_equal(sim_machine_digest(m, &o->digest), 0);
	sim_thread_detach();
	assert_int_equal(sim_machine_get_info(m, &o->info), 0);
	assert_int_equal(sim_fault_get_stats(m, &o->faults), 0);
	o->now = sim_clock_now(m);
	o->violations = sim_violation_count(m);
	o->defect0 = sim_defect_enabled(m, 0);
	/* The pointers differ between machines, the rest must not. */
	o->info.name = NULL;
	o->info.attached = 0;
}

/* Leave a state behind: pages, a pool, pins, time, rules, a defect. */
static void dirty(struct sim_machine *m)
{
	struct super_block *sb;
	struct inode *inode;
	struct folio *folio;
	struct sim_pin *pin;
	unsigned long pfn;

	assert_int_equal(sim_memblock_alloc(m, 64, 64, "dirty-rsv", &pfn), 0);
	assert_int_equal(sim_defect_set(m, 0, true), 0);
	assert_int_equal(sim_machine_boot_done(m), 0);
	assert_int_equal(sim_thread_attach(m), 0);
	assert_true(cleancache_backend_register_pool("dirty-pool") >= 0);
	assert_int_equal(sim_fs_mount("dirty-fs", 8, &sb), 0);
	assert_int_equal(sim_inode_create(sb, 7, 4 * FILE_PAGES * PAGE_SIZE,
					  &inode), 0);
	for (unsigned long i = 0; i < 4 * FILE_PAGES; i++) {
		assert_int_equal(sim_page_cache_read(inode, i, &folio), 0);
		folio_put(folio);
	}
	assert_int_equal(sim_page_cache_write(inode, 1), 0);
	folio = sim_page_cache_get(inode, 1);
	assert_non_null(folio);
	assert_int_equal(sim_pin_folio(folio, SIM_PIN_LONGTERM, 0, "dirty",
				       &pin), 0);
	folio_put(folio);
	assert_int_equal(sim_clock_advance(m, 123456), 0);
	assert_int_equal(sim_fault_fail_nth(m, 1u << SIM_FAULT_KMALLOC, 3), 0);
	/* Still attached, mounted and pinned: the reset tears it down. */
}

static void test_reset_equals_fresh(void **state)
{
	struct sim_machine_config cfg = {
		.name = "reset", .nr_pages = NR_PAGES,
		.data_mode = SIM_DATA_PAGES,
		.violation_mode = SIM_VIOLATION_RECORD, .seed = 7,
	};
	struct sim_machine *fresh, *m;
	struct observed a, b;

	(void)state;
	assert_int_equal(sim_machine_create(&cfg, &fresh), 0);
	set_up_and_observe(fresh, &a);

	assert_int_equal(sim_machine_create(&cfg, &m), 0);
	dirty(m);
	assert_int_equal(sim_machine_reset(&m), 0);
	assert_non_null(m);
	set_up_and_observe(m, &b);

	for (int p = 0; p < SIM_DIGEST_NR_PARTS; p++)
		if (a.digest.part[p] != b.digest.part[p])
			print_message("digest part %s differs\n",
				      sim_digest_part_name(p));
	assert_memory_equal(&a.digest, &b.digest, sizeof(a.digest));
	assert_memory_equal(&a.info, &b.info, sizeof(a.info));
	assert_memory_equal(&a.faults, &b.faults, sizeof(a.faults));
	assert_int_equal(a.now, b.now);
	assert_int_equal(a.violations, b.violations);
	assert_int_equal(a.defect0, b.defect0);

	/* Reset twice in a row, and once more after it was used. */
	assert_int_equal(sim_machine_reset(&m), 0);
	assert_int_equal(sim_machine_reset(&m), 0);
	set_up_and_observe(m, &b);
	assert_memory_equal(&a.digest, &b.digest, sizeof(a.digest));
	assert_int_equal(sim_machine_destroy(m), 0);
	assert_int_equal(sim_machine_destroy(fresh), 0);
}

static void *attach_and_wait(void *arg)
{
	struct sim_machine *m = arg;

	if (sim_thread_attach(m))
		return NULL;
	/* Stay attached until the main thread has tried its reset. */
	while (!__atomic_load_n(&reset_tried, __ATOMIC_ACQUIRE))
		sched_yield();
	sim_thread_detach();
	return arg;
}

static void test_reset_attached_threads(void **state)
{
	struct sim_machine_config cfg = { .name = "reset-busy", .nr_pages = 64 };
	struct sim_machine *m = NULL, *before;
	struct sim_machine_info info;
	pthread_t t;
	void *ok;

	(void)state;
	assert_int_equal(sim_machine_reset(NULL), -EINVAL);
	assert_int_equal(sim_machine_reset(&m), -EINVAL);
	assert_int_equal(sim_machine_create(&cfg, &m), 0);
	/* Attached here: the reset detaches the caller, as destroy does. */
	assert_int_equal(sim_thread_attach(m), 0);
	assert_int_equal(sim_machine_reset(&m), 0);
	assert_int_equal(sim_thread_attach(m), 0);
	assert_int_equal(sim_machine_boot_done(m), 0);
	sim_thread_detach();
	/* Another thread attached: refused, nothing changes. */
	assert_int_equal(pthread_create(&t, NULL, attach_and_wait, m), 0);
	do {
		assert_int_equal(sim_machine_get_info(m, &info), 0);
	} while (!info.attached);
	before = m;
	assert_int_equal(sim_machine_reset(&m), -EBUSY);
	__atomic_store_n(&reset_tried, true, __ATOMIC_RELEASE);
	assert_int_equal(pthread_join(t, &ok), 0);
	assert_ptr_equal(ok, m);
	assert_ptr_equal(m, before);
	assert_int_equal(sim_machine_get_info(m, &info), 0);
	assert_true(info.booted);
	assert_int_equal(sim_machine_destroy(m), 0);
}

static uint64_t next_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Run @p with a trace into @buf; return the result's message and op. */
static int run_traced(const struct gops_program *p,
		      const struct gops_options *opts, char **buf,
		      struct gops_result *res)
{
	size_t len;
	FILE *f = open_memstream(buf, &len);
	int ret;

	assert_non_null(f);
	ret = gops_run_opts(p, f, opts, res);
	fclose(f);
	return ret;
}

/*
 * Random programs, each run twice: on the previous run's machine reset
 * (which ran the previous program), and on a new machine. Every other
 * one with every defect on (a defect switch set for one run must not
 * stay for the next), a third of them at 4096 pages.
 */
static void test_executor_reset_leaks_nothing(void **state)
{
	static struct gops_program prog;
	uint64_t seed = 0x9e3779b97f4a7c15ULL;
	uint8_t buf[200];

	(void)state;
	for (int n = 0; n < 120; n++) {
		struct gops_options reuse = {
			.defects = n % 2 ? (1u << SIM_DEFECT_NR) - 1 : 0,
		};
		struct gops_options fresh = reuse;
		struct gops_result r1, r2;
		char *t1, *t2;
		int ret1, ret2;

		fresh.fresh_machine = true;
		for (size_t i = 0; i < sizeof(buf); i++)
			buf[i] = (uint8_t)next_rand(&seed);
		buf[0] = n % 3 == 2 ? 2 : 0;
		gops_decode(buf, sizeof(buf), &prog);
		ret1 = run_traced(&prog, &reuse, &t1, &r1);
		ret2 = run_traced(&prog, &fresh, &t2, &r2);
		if (ret1 != ret2 || strcmp(t1, t2))
			print_message("program %d: reset run %d (%s), fresh run %d (%s)\n",
				      n, ret1, r1.msg, ret2, r2.msg);
		assert_int_equal(ret1, ret2);
		assert_string_equal(t1, t2);
		assert_int_equal(r1.nr_run, r2.nr_run);
		assert_int_equal(r1.failed_op, r2.failed_op);
		assert_string_equal(r1.msg, r2.msg);
		free(t1);
		free(t2);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reset_equals_fresh),
		cmocka_unit_test(test_reset_attached_threads),
		cmocka_unit_test(test_executor_reset_leaks_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
