// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Unit tests of the virtual clock and the cost model: the default model
 * and the name table, set/get validation, charging the clock and the
 * calling thread's account, per-thread accounts, idle time, waits and
 * saturation. Pin expiry at safe points is tested in test_pin.c.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>

#include "harness.h"
#include "kernel/port.h"
#include "platform/internal.h"

#define FIXTURE(f) \
	cmocka_unit_test_setup_teardown(f, test_setup_machine, \
					test_teardown_machine)

static struct sim_machine *fixture_machine(void **state)
{
	return ((struct test_machine *)*state)->m;
}

/* Every event has a distinct name that looks itself up, and a cost. */
static void test_default_model_and_names(void **state)
{
	struct sim_machine *m = fixture_machine(state);
	struct sim_cost_model def, cur;

	sim_cost_model_default(&def);
	assert_errno(sim_cost_model_get(m, &cur), 0);
	assert_memory_equal(&def, &cur, sizeof(def));
	for (int i = 0; i < SIM_COST_NR; i++) {
		const char *name = sim_cost_event_name(i);

		assert_non_null(name);
		assert_true(def.ns[i] > 0);
		assert_true(def.ns[i] <= SIM_COST_NS_MAX);
		assert_int_equal(sim_cost_event_lookup(name), i);
		for (int j = 0; j < i; j++)
			assert_string_not_equal(name, sim_cost_event_name(j));
	}
	assert_string_equal(sim_cost_event_name(SIM_COST_PAGE_COPY), "page_copy");
	assert_null(sim_cost_event_name(SIM_COST_NR));
	assert_null(sim_cost_event_name(-1));
	assert_errno(sim_cost_event_lookup("PAGE_COPY"), -ENOENT);
	assert_errno(sim_cost_event_lookup(""), -ENOENT);
	assert_errno(sim_cost_event_lookup(NULL), -EINVAL);
}

/* The orders of magnitude docs/cost-model.md argues for. */
static void test_default_model_shape(void **state)
{
	struct sim_cost_model d;

	sim_cost_model_default(&d);
	/* A disk write is milliseconds, far above any in-memory event. */
	assert_true(d.ns[SIM_COST_WRITEBACK] >= 1000000);
	assert_true(d.ns[SIM_COST_WRITEBACK] > d.ns[SIM_COST_DISK_READ]);
	/*
	 * GCMA's floor: a page claimed is ~1 us, cached or not (the
	 * published minimum is ~1 us per page at every size); dropping the
	 * clean data of a cached one adds less than that.
	 */
	assert_int_equal(d.ns[SIM_COST_RANGE_PAGE], 1000);
	assert_true(d.ns[SIM_COST_CC_DROP] < d.ns[SIM_COST_RANGE_PAGE]);
	/* CMA's one-page floor is dominated by the drain. */
	assert_true(d.ns[SIM_COST_DRAIN] > 2 * d.ns[SIM_COST_ISOLATE] +
					   d.ns[SIM_COST_RANGE_CALL]);
	/* Copying is a minority of a migration (unmap, bookkeeping). */
	assert_true(d.ns[SIM_COST_PAGE_COPY] * 2 <
		    d.ns[SIM_COST_PAGE_UNMAP] + d.ns[SIM_COST_MIGRATE]);
}

static void test_model_set_get(void **state)
{
	struct sim_machine *m = fixture_machine(state);
	struct sim_cost_model want, got, bad;

	for (int i = 0; i < SIM_COST_NR; i++)
		want.ns[i] = 1000 + i;
	want.ns[SIM_COST_DRAIN] = SIM_COST_NS_MAX;
	want.ns[SIM_COST_RECLAIM] = 0;
	assert_errno(sim_cost_model_set(m, &want), 0);
	assert_errno(sim_cost_model_get(m, &got), 0);
	assert_memory_equal(&want, &got, sizeof(want));

	/* One cost out of range: -ERANGE, nothing changes. */
	bad = want;
	bad.ns[SIM_COST_PAGE_FREE] = 7;
	bad.ns[SIM_COST_ISOLATE] = SIM_COST_NS_MAX + 1;
	assert_errno(sim_cost_model_set(m, &bad), -ERANGE);
	assert_errno(sim_cost_model_get(m, &got), 0);
	assert_memory_equal(&want, &got, sizeof(want));

	assert_errno(sim_cost_model_set(NULL, &want), -EINVAL);
	assert_errno(sim_cost_model_set(m, NULL), -EINVAL);
	assert_errno(sim_cost_model_get(NULL, &got), -EINVAL);
	assert_errno(sim_cost_model_get(m, NULL), -EINVAL);
	assert_int_equal(sim_clock_now(NULL), 0);
	assert_errno(sim_clock_advance(NULL, 1), -EINVAL);
}

/* A charge moves the clock and the account by n * cost. */
static void test_charge_clock_and_account(void **state)
{
	struct sim_machine *m = fixture_machine(state);
	struct sim_cost_account a;
	struct sim_cost_model model;
	uint64_t t0;

	sim_cost_model_get(m, &model);
	model.ns[SIM_COST_PAGE_COPY] = 4000;
	model.ns[SIM_COST_DRAIN] = 300000;
	assert_errno(sim_cost_model_set(m, &model), 0);
	sim_cost_account_reset();
	t0 = sim_clock_now(m);

	sim_cost(SIM_COST_PAGE_COPY, 3);
	sim_cost(SIM_COST_DRAIN, 1);
	sim_cost(SIM_COST_PAGE_COPY, 0);
	assert_int_equal(sim_clock_now(m) - t0, 3 * 4000 + 300000);

	sim_cost_account_get(&a);
	assert_int_equal(a.count[SIM_COST_PAGE_COPY], 3);
	assert_int_equal(a.count[SIM_COST_DRAIN], 1);
	assert_int_equal(a.count[SIM_COST_PAGE_ALLOC], 0);
	assert_int_equal(a.ns, 3 * 4000 + 300000);
	assert_int_equal(a.wait_ns, 0);

	sim_cost_account_reset();
	sim_cost_account_get(&a);
	assert_int_equal(a.ns, 0);
	assert_int_equal(a.count[SIM_COST_PAGE_COPY], 0);
	/* The clock never goes back. */
	assert_int_equal(sim_clock_now(m) - t0, 3 * 4000 + 300000);
}

/* A cost changed between two charges applies to the second only. */
static void test_model_change_applies_forward(void **state)
{
	struct sim_machine *m = fixture_machine(state);
	struct sim_cost_model model;
	uint64_t t0 = sim_clock_now(m);

	sim_cost_model_get(m, &model);
	model.ns[SIM_COST_MIGRATE] = 10;
	sim_cost_model_set(m, &model);
	sim_cost(SIM_COST_MIGRATE, 1);
	model.ns[SIM_COST_MIGRATE] = 100;
	sim_cost_model_set(m, &model);
	sim_cost(SIM_COST_MIGRATE, 1);
	assert_int_equal(sim_clock_now(m) - t0, 110);
}

struct charger {
	struct sim_machine *m;
	struct sim_cost_account acct;
	int err;
};

static void *charger_main(void *arg)
{
	struct charger *c = arg;

	if (sim_thread_attach(c->m)) {
		c->err = 1;
		return NULL;
	}
	sim_cost(SIM_COST_WRITEBACK, 2);
	sim_cost_account_get(&c->acct);
	sim_thread_detach();
	return NULL;
}

/* Another thread's charges move the shared clock, not my account. */
static void test_accounts_are_per_thread(void **state)
{
	struct sim_machine *m = fixture_machine(state);
	struct charger c = { .m = m };
	struct sim_cost_account mine;
	struct sim_cost_model model;
	pthread_t tid;
	uint64_t t0;

	sim_cost_model_get(m, &model);
	sim_cost_account_reset();
	sim_cost(SIM_COST_PAGE_ALLOC, 1);
	t0 = sim_clock_now(m);
	assert_int_equal(pthread_create(&tid, NULL, charger_main, &c), 0);
	pthread_join(tid, NULL);
	assert_int_equal(c.err, 0);

	assert_int_equal(c.acct.count[SIM_COST_WRITEBACK], 2);
	assert_int_equal(c.acct.count[SIM_COST_PAGE_ALLOC], 0);
	assert_int_equal(c.acct.ns, 2 * model.ns[SIM_COST_WRITEBACK]);
	sim_cost_account_get(&mine);
	assert_int_equal(mine.count[SIM_COST_WRITEBACK], 0);
	assert_int_equal(mine.ns, model.ns[SIM_COST_PAGE_ALLOC]);
	assert_int_equal(sim_clock_now(m) - t0, 2 * model.ns[SIM_COST_WRITEBACK]);
}

/* Idle time moves the clock only; a wait is charged as waiting. */
static void test_advance_and_wait(void **state)
{
	struct sim_machine *m = fixture_machine(state);
	struct sim_cost_account a;
	uint64_t t0 = sim_clock_now(m);

	sim_cost_account_reset();
	assert_errno(sim_clock_advance(m, 5000), 0);
	assert_int_equal(sim_clock_now(m) - t0, 5000);
	sim_cost_account_get(&a);
	assert_int_equal(a.ns, 0);

	sim_cost_wait(700);
	assert_int_equal(sim_clock_now(m) - t0, 5700);
	sim_cost_account_get(&a);
	assert_int_equal(a.ns, 700);
	assert_int_equal(a.wait_ns, 700);

	/* Advancing from a thread attached to no machine works too. */
	assert_errno(sim_thread_detach(), 0);
	assert_errno(sim_clock_advance(m, 300), 0);
	assert_int_equal(sim_clock_now(m) - t0, 6000);
	cond_resched();
	assert_errno(sim_thread_attach(m), 0);
}

/* Unattached: the account counts, no machine's clock moves. */
static void test_charge_unattached(void **state)
{
	struct sim_machine *m = fixture_machine(state);
	struct sim_cost_account a;
	uint64_t t0 = sim_clock_now(m);

	assert_errno(sim_thread_detach(), 0);
	sim_cost_account_reset();
	sim_cost(SIM_COST_PAGE_COPY, 5);
	sim_cost_account_get(&a);
	assert_int_equal(a.count[SIM_COST_PAGE_COPY], 5);
	assert_int_equal(a.ns, 0);
	assert_errno(sim_thread_attach(m), 0);
	assert_int_equal(sim_clock_now(m), t0);
}

/* Huge products and sums saturate instead of wrapping. */
static void test_saturation(void **state)
{
	struct sim_machine *m = fixture_machine(state);
	struct sim_cost_model model;

	sim_cost_model_get(m, &model);
	model.ns[SIM_COST_DISK_READ] = SIM_COST_NS_MAX;
	sim_cost_model_set(m, &model);
	sim_cost(SIM_COST_DISK_READ, ULONG_MAX);
	assert_true(sim_clock_now(m) == UINT64_MAX);
	assert_errno(sim_clock_advance(m, 10), 0);
	assert_true(sim_clock_now(m) == UINT64_MAX);
}

/* An unknown event is a violation and charges nothing. */
static void test_unknown_event(void **state)
{
	struct sim_machine *m = fixture_machine(state);
	struct sim_cost_account a;
	uint64_t t0 = sim_clock_now(m);

	sim_cost_account_reset();
	sim_cost(SIM_COST_NR, 1);
	test_expect_violations(m, 1);
	sim_cost_account_get(&a);
	assert_int_equal(a.ns, 0);
	assert_int_equal(sim_clock_now(m), t0);
}

/* A new machine's clock starts at 0, whatever the other machines did. */
static void test_clock_per_machine(void **state)
{
	struct sim_machine *m = fixture_machine(state);
	struct sim_machine_config cfg = { .name = "other", .nr_pages = 16 };
	struct sim_machine *other;

	sim_cost(SIM_COST_DRAIN, 1);
	assert_errno(sim_machine_create(&cfg, &other), 0);
	assert_int_equal(sim_clock_now(other), 0);
	assert_true(sim_clock_now(m) > 0);
	assert_errno(sim_clock_advance(other, 42), 0);
	assert_int_equal(sim_clock_now(other), 42);
	assert_errno(sim_machine_destroy(other), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FIXTURE(test_default_model_and_names),
		cmocka_unit_test(test_default_model_shape),
		FIXTURE(test_model_set_get),
		FIXTURE(test_charge_clock_and_account),
		FIXTURE(test_model_change_applies_forward),
		FIXTURE(test_accounts_are_per_thread),
		FIXTURE(test_advance_and_wait),
		FIXTURE(test_charge_unattached),
		FIXTURE(test_saturation),
		FIXTURE(test_unknown_event),
		FIXTURE(test_clock_per_machine),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
