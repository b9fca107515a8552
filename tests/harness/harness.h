/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Shared CMocka helpers for libgcma's tests.
 *
 * CMocka 1.1 prints integers as hex, useless for -errno: assert_errno()
 * prints both sides with strerror(). CMocka asserts are not thread-safe
 * (a failure in a spawned thread exits the binary): assert only in the
 * test's own thread and have workers count errors instead.
 */
#ifndef _GCMA_TEST_HARNESS_H
#define _GCMA_TEST_HARNESS_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <libgcma/libgcma.h>

void __assert_errno(long got, long want, const char *expr,
		    const char *file, int line);

/* assert_errno - @expr must evaluate to @want (0 or a -errno). */
#define assert_errno(expr, want) \
	__assert_errno((long)(expr), (long)(want), #expr, __FILE__, __LINE__)

/**
 * struct test_machine - a machine a test owns, attached to its thread.
 * @m: the machine.
 * @live_kmalloc: kmalloc_nr_allocated() just before it was made.
 */
struct test_machine {
	struct sim_machine *m;
	long live_kmalloc;
};

/* Make a machine of @nr_pages at @base_pfn and attach the calling thread. */
struct sim_machine *test_machine_up(struct test_machine *tm,
				    unsigned long nr_pages,
				    unsigned long base_pfn,
				    enum sim_data_mode mode);
/* The same with environment hooks @ops (copied; NULL for the defaults). */
struct sim_machine *test_machine_up_ops(struct test_machine *tm,
					unsigned long nr_pages,
					unsigned long base_pfn,
					enum sim_data_mode mode,
					const struct sim_env_ops *ops);
/*
 * Detach and destroy the machine (which drains RCU callbacks), then fail
 * the test if any violation was recorded or any kmalloc()/kmem_cache
 * object made since test_machine_up() outlived the machine.
 */
void test_machine_down(struct test_machine *tm);

/* Print the latest recorded violations of @m (at most 8). */
void test_print_violations(struct sim_machine *m);

/* Fail the test unless exactly @n violations were recorded; clear them. */
void test_expect_violations(struct sim_machine *m, unsigned long n);

/* Deterministic 64-bit generator (splitmix64) for seeded tests. */
uint64_t test_prng(uint64_t *state);

/* Drain pending call_rcu() work (frees of nodes and objects). */
void test_rcu_drain(void);

/* CMocka fixtures around test_machine_up/down with 1024 pages at pfn 0. */
int test_setup_machine(void **state);
int test_teardown_machine(void **state);

#endif /* _GCMA_TEST_HARNESS_H */
