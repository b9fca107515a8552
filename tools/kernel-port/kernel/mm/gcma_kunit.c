// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * KUnit smoke test of the ported GCMA (libgcma's port kit): the error
 * codes of the calls that need no area, as docs/gcma.md gives them. The
 * cases that need an area, written once for CMocka and KUnit, come next.
 */
#include <kunit/test.h>
#include <linux/gcma.h>
#include <linux/gfp_types.h>

static void gcma_register_bad_args(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, gcma_register_area(NULL, 0, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, gcma_register_area("", 0, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, gcma_register_area("a/b", 0, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, gcma_register_area("kunit", 0, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, gcma_register_area("kunit", ULONG_MAX, 2),
			-EINVAL);
}

static void gcma_alloc_no_area(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, gcma_alloc_range(0, 0, GFP_KERNEL), -EINVAL);
	KUNIT_EXPECT_EQ(test, gcma_alloc_range(0, 1, GFP_KERNEL), -EINVAL);
}

static void gcma_free_no_area(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, gcma_free_range(0, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, gcma_free_range(0, 1), -EINVAL);
}

static void gcma_info_bad_id(struct kunit *test)
{
	struct gcma_area_info info;

	KUNIT_EXPECT_EQ(test, gcma_nr_areas(), 0);
	KUNIT_EXPECT_EQ(test, gcma_area_get_info(-1, &info), -EINVAL);
	KUNIT_EXPECT_EQ(test, gcma_area_get_info(0, &info), -EINVAL);
	KUNIT_EXPECT_EQ(test, gcma_area_get_info(0, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, gcma_check(), 0);
}

static struct kunit_case gcma_smoke_cases[] = {
	KUNIT_CASE(gcma_register_bad_args),
	KUNIT_CASE(gcma_alloc_no_area),
	KUNIT_CASE(gcma_free_no_area),
	KUNIT_CASE(gcma_info_bad_id),
	{}
};

static struct kunit_suite gcma_smoke_suite = {
	.name = "gcma_smoke",
	.test_cases = gcma_smoke_cases,
};
kunit_test_suite(gcma_smoke_suite);
