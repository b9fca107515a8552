// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * KUnit test of cma_alloc() and cma_release() on a guarantee (GCMA) area:
 * the routing the series adds to mm/cma.c. The area's pages come from
 * the buddy allocator, split and marked reserved as memblock leaves boot
 * memory.
 */
#include <kunit/test.h>
#include <linux/cma.h>
#include <linux/gcma.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/page_ref.h>

#include "cma.h"

#define TEST_AREA_ORDER	4
#define TEST_AREA_PAGES	(1UL << TEST_AREA_ORDER)

/* The GCMA area id of the area that starts at @pfn, or -1. */
static int gcma_area_id(unsigned long pfn)
{
	struct gcma_area_info info;
	int id;

	for (id = 0; id < gcma_nr_areas(); id++)
		if (!gcma_area_get_info(id, &info) && info.start_pfn == pfn)
			return id;
	return -1;
}

static unsigned long gcma_area_allocated(struct kunit *test, int id)
{
	struct gcma_area_info info;

	KUNIT_ASSERT_EQ(test, gcma_area_get_info(id, &info), 0);
	return info.allocated;
}

static void cma_gcma_alloc_release(struct kunit *test)
{
	struct page *pages, *got, *all;
	struct cma *cma;
	unsigned long i, base;
	int id;

	pages = alloc_pages(GFP_KERNEL, TEST_AREA_ORDER);
	KUNIT_ASSERT_NOT_NULL(test, pages);
	split_page(pages, TEST_AREA_ORDER);
	for (i = 0; i < TEST_AREA_PAGES; i++)
		SetPageReserved(nth_page(pages, i));
	KUNIT_ASSERT_EQ(test, cma_declare_gcma_test_area(pages,
				TEST_AREA_PAGES, "kunit_guarantee", &cma), 0);
	base = page_to_pfn(pages);
	id = gcma_area_id(base);
	KUNIT_ASSERT_GE(test, id, 0);
	KUNIT_EXPECT_EQ(test, gcma_area_allocated(test, id), 0);

	got = cma_alloc(cma, 4, 0, false);
	KUNIT_ASSERT_NOT_NULL(test, got);
	KUNIT_EXPECT_GE(test, page_to_pfn(got), base);
	KUNIT_EXPECT_LE(test, page_to_pfn(got) + 4, base + TEST_AREA_PAGES);
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_EQ(test, page_ref_count(nth_page(got, i)), 1);
	KUNIT_EXPECT_EQ(test, gcma_area_allocated(test, id), 4);

	/* Twelve pages are left: the whole area cannot be had. */
	KUNIT_EXPECT_NULL(test, cma_alloc(cma, TEST_AREA_PAGES, 0, true));

	KUNIT_EXPECT_TRUE(test, cma_release(cma, got, 4));
	KUNIT_EXPECT_EQ(test, gcma_area_allocated(test, id), 0);

	/* Released through GCMA, the pages make the whole area again. */
	all = cma_alloc(cma, TEST_AREA_PAGES, 0, false);
	KUNIT_ASSERT_NOT_NULL(test, all);
	KUNIT_EXPECT_EQ(test, page_to_pfn(all), base);
	KUNIT_EXPECT_EQ(test, gcma_area_allocated(test, id), TEST_AREA_PAGES);
	KUNIT_EXPECT_TRUE(test, cma_release(cma, all, TEST_AREA_PAGES));
	KUNIT_EXPECT_EQ(test, gcma_area_allocated(test, id), 0);
}

static struct kunit_case cma_gcma_cases[] = {
	KUNIT_CASE(cma_gcma_alloc_release),
	{}
};

static struct kunit_suite cma_gcma_suite = {
	.name = "cma_gcma",
	.test_cases = cma_gcma_cases,
};
kunit_test_suite(cma_gcma_suite);
