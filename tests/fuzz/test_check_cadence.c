// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * test_check_cadence - the executor's checks after each op look only at
 * the pfns the op touched, and run the whole checkers every
 * GOPS_FULL_CHECK_EVERY ops and after the last (tools/gcma-ops/dirty.h).
 * A corruption planted in the middle of a program is still found in the
 * same run: at once where the op's checks look, else by the next whole
 * check, at the latest after the last op.
 *
 * The corruption: the last page of the largest free buddy block gets
 * refcount 1 (the page allocator's checker names it). The hook plants it after op
 * `plant_at`; "unseen" hides it from the touched pfns.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <libgcma/libgcma.h>
#include "mm/cleancache_internal.h"
#include "mm/frontswap_internal.h"
#include "mm/page_alloc_internal.h"

#include "exec.h"
#include "ops.h"

/* Op 31's whole check is due: the last is 24 ops later (>= 32 / 2). */
#define NR_OPS	56

struct plant {
	unsigned int at;
	unsigned long pfn;
};

/*
 * Give the last page of the largest free block refcount 1: the page the
 * allocator would hand out last, so the ops do not trip over it first.
 */
static void plant_inner_page_in_use(struct sim_machine *m, unsigned int i,
				    void *arg)
{
	struct plant *pl = arg;
	struct zone *zone = page_zone_local();

	(void)m;
	if (i != pl->at)
		return;
	for (unsigned int o = NR_PAGE_ORDERS - 1; o >= 1; o--)
		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			struct list_head *head = &zone->free_area[o].free_list[mt];
			struct folio *desc;

			if (list_empty(head))
				continue;
			desc = list_first_entry(head, struct folio, lru);
			pl->pfn = folio_pfn(desc) + (1UL << o) - 1;
			folio_set_count((struct folio *)pfn_to_page(pl->pfn), 1);
			return;
		}
}

/* Reads and writes of the four files: they pass every check. */
static void file_program(struct gops_program *p)
{
	memset(p, 0, sizeof(*p));
	p->geometry = 0;
	p->nr = NR_OPS;
	for (unsigned int i = 0; i < NR_OPS; i++)
		p->ops[i] = (struct gop){ i % 3 ? GOP_READ : GOP_WRITE,
					  { i % 4, i % 24 } };
}

/* Run @p with the corruption planted after op @at; check what is said. */
static int run_program(const struct gops_program *p, unsigned int at,
		       bool unseen, unsigned int every, struct gops_result *res)
{
	struct plant pl = { .at = at };
	struct gops_options o = {
		.full_check_every = every, .after_op = plant_inner_page_in_use,
		.arg = &pl, .after_op_unseen = unseen,
	};
	char want[64];
	int ret;

	ret = gops_run_opts(p, NULL, &o, res);
	snprintf(want, sizeof(want), "pfn %#lx inside a free block is in use",
		 pl.pfn);
	if (ret == -EUCLEAN && !strstr(res->msg, want))
		fail_msg("want \"%s\" in: %s", want, res->msg);
	return ret;
}

static int run(unsigned int at, bool unseen, unsigned int every,
	       struct gops_result *res)
{
	static struct gops_program p;

	file_program(&p);
	return run_program(&p, at, unseen, every, res);
}

/* Without a corruption the program passes. */
static void test_clean(void **state)
{
	static struct gops_program p;
	struct gops_result res;

	(void)state;
	file_program(&p);
	assert_int_equal(gops_run(&p, NULL, &res), 0);
	assert_int_equal(res.nr_run, NR_OPS);
}

/* In a touched pfn: found by the checks right after the op. */
static void test_touched_found_at_once(void **state)
{
	static const unsigned int at[] = { 0, 5, 16, 21, NR_OPS - 1 };
	struct gops_result res;

	(void)state;
	for (size_t i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
		assert_int_equal(run(at[i], false, 0, &res), -EUCLEAN);
		assert_int_equal(res.failed_op, (int)at[i]);
	}
}

/*
 * Hidden from the touched pfns: found by the next whole check, which
 * is after op 31 or the last.
 */
static void test_unseen_found_by_next_full_check(void **state)
{
	static const struct { unsigned int at; int found; } c[] = {
		{ 0, 31 }, { 5, 31 }, { 15, 31 }, { 16, 31 }, { 31, 31 },
		{ 32, NR_OPS - 1 }, { NR_OPS - 1, NR_OPS - 1 },
	};
	struct gops_result res;

	(void)state;
	assert_int_equal(GOPS_FULL_CHECK_EVERY, 32);
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		assert_int_equal(run(c[i].at, true, 0, &res), -EUCLEAN);
		assert_int_equal(res.failed_op, c[i].found);
	}
}

/*
 * The periodic whole check is left out when the last op's is fewer than
 * GOPS_FULL_CHECK_EVERY / 2 ops later: in a 40-op program the one after
 * op 31 is, so a hidden corruption is found after the last op; in a
 * 48-op program (the last 16 ops later) after op 31.
 */
static void test_full_check_near_the_end_left_out(void **state)
{
	static const struct { unsigned int nr, at; int found; } c[] = {
		{ 40, 0, 39 }, { 40, 31, 39 }, { 40, 39, 39 },
		{ 47, 5, 46 }, { 48, 5, 31 }, { 48, 32, 47 },
	};
	static struct gops_program p;
	struct gops_result res;

	(void)state;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		file_program(&p);
		p.nr = c[i].nr;
		assert_int_equal(run_program(&p, c[i].at, true, 0, &res),
				 -EUCLEAN);
		assert_int_equal(res.failed_op, c[i].found);
	}
}

/*
 * A call that fails changes nothing (the library's rule), so the op is
 * not looked at: a change made anyway (here the corruption, planted
 * after a readahead of no pages, which fails with -EINVAL) is in the
 * next op's look, or found by the whole check if it is due at the op.
 */
static void test_failed_op_change_found_at_next_look(void **state)
{
	static const struct { unsigned int at; int found; } c[] = {
		{ 0, 1 }, { 5, 6 }, { 30, 31 }, { 31, 31 },
		{ NR_OPS - 1, NR_OPS - 1 },
	};
	static struct gops_program p;
	struct gops_result res;

	(void)state;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		file_program(&p);
		p.ops[c[i].at] = (struct gop){ GOP_READAHEAD, { 0, 0, 0 } };
		assert_int_equal(gops_run(&p, NULL, &res), 0);
		assert_int_equal(run_program(&p, c[i].at, false, 0, &res),
				 -EUCLEAN);
		assert_int_equal(res.failed_op, c[i].found);
	}
}

/* full_check_every = 1: the whole checkers after every op. */
static void test_every_op(void **state)
{
	struct gops_result res;

	(void)state;
	assert_int_equal(run(21, true, 1, &res), -EUCLEAN);
	assert_int_equal(res.failed_op, 21);
}

/*
 * The same cadence for cleancache: a pool gets 11 donor pages, then the
 * file program runs; after op `at` the last FREE donated folio gets
 * refcount 1, which cleancache_check_pfns() names when the folio was
 * touched and the whole cleancache_check() otherwise.
 */
static void plant_donated_in_use(struct sim_machine *m, unsigned int i,
				 void *arg)
{
	struct plant *pl = arg;

	(void)m;
	if (i != pl->at)
		return;
	pl->pfn = ULONG_MAX;
	for (unsigned long pfn = 0; pfn < gops_geometry_pages[0]; pfn++)
		if (folio_cc_state(pfn_folio(pfn)) == CC_FOLIO_FREE)
			pl->pfn = pfn;
	assert_int_not_equal(pl->pfn, ULONG_MAX);
	folio_set_count(pfn_folio(pl->pfn), 1);
}

static void cc_program(struct gops_program *p)
{
	file_program(p);
	p->ops[0] = (struct gop){ GOP_REGISTER_POOL };
	p->ops[1] = (struct gop){ GOP_DONATE_RANGE, { 0, 0, 11 } };
}

/*
 * A program that passes, a hook that plants a corruption after op
 * `at`, and what the failure must say (@want: a printf format that
 * may name the planted pfn).
 */
struct planted {
	void (*program)(struct gops_program *p);
	void (*hook)(struct sim_machine *m, unsigned int i, void *arg);
	const char *want;
};

/*
 * The planted corruption is found after op `at` where the op's checks
 * look at it, else by the next whole check (after op 31, the last).
 */
static void check_cadence(const struct planted *pc)
{
	static const struct { unsigned int at; bool unseen; int found; } c[] = {
		{ 2, false, 2 }, { 21, false, 21 }, { NR_OPS - 1, false, NR_OPS - 1 },
		{ 2, true, 31 }, { 21, true, 31 }, { 32, true, NR_OPS - 1 },
	};
	static struct gops_program p;
	struct gops_result res;
	char want[96];

	pc->program(&p);
	assert_int_equal(gops_run(&p, NULL, &res), 0);
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct plant pl = { .at = c[i].at };
		struct gops_options o = {
			.after_op = pc->hook, .arg = &pl,
			.after_op_unseen = c[i].unseen,
		};

		assert_int_equal(gops_run_opts(&p, NULL, &o, &res), -EUCLEAN);
		snprintf(want, sizeof(want), pc->want, pl.pfn);
		if (!strstr(res.msg, want))
			fail_msg("want \"%s\" in: %s", want, res.msg);
		assert_int_equal(res.failed_op, c[i].found);
	}
}

static void test_cleancache_cadence(void **state)
{
	static const struct planted pc = {
		cc_program, plant_donated_in_use, "has refcount 1",
	};

	(void)state;
	check_cadence(&pc);
}

/*
 * The model's refcount comparison has the same cadence: after each op
 * it looks at the touched pfns of the GCMA areas, every
 * GOPS_FULL_CHECK_EVERY ops and after the last at all of them. Ops 0
 * and 1 register a GCMA area and allocate four of its pages; after op `at` the last of them gets a
 * second reference, which no checker but the model's comparison
 * names.
 */
static void plant_gcma_extra_ref(struct sim_machine *m, unsigned int i,
				 void *arg)
{
	struct plant *pl = arg;
	struct gcma_area_info info;

	(void)m;
	if (i != pl->at)
		return;
	pl->pfn = ULONG_MAX;
	assert_int_equal(gcma_area_get_info(0, &info), 0);
	for (unsigned long pfn = info.start_pfn; pfn < info.end_pfn; pfn++)
		if (page_ref_count(pfn_to_page(pfn)) == 1)
			pl->pfn = pfn;
	assert_int_not_equal(pl->pfn, ULONG_MAX);
	folio_set_count(pfn_folio(pl->pfn), 2);
}

static void gcma_program(struct gops_program *p)
{
	file_program(p);
	p->ops[0] = (struct gop){ GOP_REGISTER_AREA, { 0 } };
	p->ops[1] = (struct gop){ GOP_GCMA_ALLOC, { 0, 0, 4, 0 } };
}

static void test_refcount_model_cadence(void **state)
{
	static const struct planted pc = {
		gcma_program, plant_gcma_extra_ref,
		"pfn %#lx: refcount 2, the model expects 1",
	};

	(void)state;
	check_cadence(&pc);
}

/*
 * The swap client's checker and its counters against the model run
 * after each swap op and each op that touched a pfn, and at the whole
 * checks: op 0 turns swap on, op 20 sets the ratio, op 10 fails to set
 * it (110%: -EINVAL, so nothing changed and nothing is looked at), the
 * others advance the clock (no pin: nothing is touched). After op `at`
 * the device counter of the type gets one more, which frontswap_check()
 * names.
 */
static void plant_swap_counter(struct sim_machine *m, unsigned int i,
			       void *arg)
{
	struct plant *pl = arg;
	struct frontswap *fsw = frontswap_get_state();
	struct frontswap_type *t = NULL;

	(void)m;
	if (i != pl->at)
		return;
	for (int s = 0; !t && s < FRONTSWAP_MAX_TYPES; s++)
		t = frontswap_type_get(fsw, s);
	assert_non_null(t);
	t->nr_device++;
}

static void test_swap_check_cadence(void **state)
{
	static const struct { unsigned int at; int found; } c[] = {
		{ 0, 0 }, { 5, 20 }, { 10, 20 }, { 20, 20 }, { 21, 31 },
		{ 32, NR_OPS - 1 },
	};
	static struct gops_program p;
	struct gops_result res;

	(void)state;
	memset(&p, 0, sizeof(p));
	p.nr = NR_OPS;
	for (unsigned int i = 0; i < NR_OPS; i++)
		p.ops[i] = (struct gop){ GOP_CLOCK, { 1 } };
	p.ops[0] = (struct gop){ GOP_SWAPON, { 0, 0, 0 } };
	p.ops[10] = (struct gop){ GOP_SWAP_RATIO, { 11 } };
	p.ops[20] = (struct gop){ GOP_SWAP_RATIO, { 5 } };
	assert_int_equal(gops_run(&p, NULL, &res), 0);
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct plant pl = { .at = c[i].at };
		struct gops_options o = {
			.after_op = plant_swap_counter, .arg = &pl,
		};

		assert_int_equal(gops_run_opts(&p, NULL, &o, &res), -EUCLEAN);
		if (!strstr(res.msg, "frontswap_check() failed"))
			fail_msg("want frontswap_check() in: %s", res.msg);
		assert_int_equal(res.failed_op, c[i].found);
	}
}

/*
 * The executor reads the fault counters only while a fault rule may be
 * armed. A fail_nth rule stays armed after a fail_prob that failed
 * (pending no more, so nothing clears the rule): the allocation it
 * fails three reads later is still seen as injected, and the model
 * accepts the -ENOMEM.
 */
static void test_fault_rule_outlives_failed_fail_op(void **state)
{
	static const char text[] =
		"machine pages=256\n"
		"fail_nth classes=63 n=3\n"
		"fail_prob classes=0 ppm=0\n"
		"read ino=0 idx=0\n"
		"read ino=0 idx=5\n"
		"read ino=1 idx=3\n";
	static struct gops_program p;
	struct gops_result res;
	char *out = NULL;
	size_t len = 0;
	FILE *f;
	int bad;

	(void)state;
	f = fmemopen((void *)text, sizeof(text) - 1, "r");
	assert_int_equal(gops_parse_program(f, &p, &bad), 0);
	fclose(f);
	f = open_memstream(&out, &len);
	assert_int_equal(gops_run(&p, f, &res), 0);
	fclose(f);
	if (!strstr(out, "read ino=1 idx=3 -> -ENOMEM (fault injected)"))
		fail_msg("no injection in the third read:\n%s", out);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_touched_found_at_once),
		cmocka_unit_test(test_unseen_found_by_next_full_check),
		cmocka_unit_test(test_full_check_near_the_end_left_out),
		cmocka_unit_test(test_failed_op_change_found_at_next_look),
		cmocka_unit_test(test_every_op),
		cmocka_unit_test(test_cleancache_cadence),
		cmocka_unit_test(test_refcount_model_cadence),
		cmocka_unit_test(test_swap_check_cadence),
		cmocka_unit_test(test_fault_rule_outlives_failed_fail_op),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
