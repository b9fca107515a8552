/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Fixture shared by the xarray test programs: a fresh machine per test,
 * the count of live nodes when the test started (after draining RCU), and
 * a seeded generator. Include once, from a test program.
 */
#ifndef _GCMA_XA_TEST_H
#define _GCMA_XA_TEST_H

#include "harness.h"
#include "mm/xarray_internal.h"

#define CHUNK	XA_CHUNK_SIZE

static long nodes_base;
static uint64_t rng_state;

static inline uint64_t rng_next(void)
{
	return test_prng(&rng_state);
}

/* Machine up, RCU drained, node count and generator reset to @seed. */
static inline int xa_test_setup(void **state, uint64_t seed)
{
	int ret = test_setup_machine(state);

	test_rcu_drain();
	nodes_base = xa_node_nr_live();
	rng_state = seed;
	return ret;
}

/* Verify the tree's structure; fill @st if given. */
static noinline __attribute__((unused)) void
check_xa(struct xarray *xa, struct xa_check_stats *st)
{
	struct xa_check_stats local;
	char msg[192];

	if (!st)
		st = &local;
	if (xa_check(xa, st, NULL, NULL, msg, sizeof(msg)))
		fail_msg("xarray %p is corrupt: %s", (void *)xa, msg);
}

/* After a grace period, exactly @nr nodes made by this test are live. */
static noinline __attribute__((unused)) void check_nodes_live(long nr)
{
	test_rcu_drain();
	assert_int_equal(xa_node_nr_live() - nodes_base, nr);
}

static inline struct sim_machine *machine(void **state)
{
	return ((struct test_machine *)*state)->m;
}

#endif /* _GCMA_XA_TEST_H */
