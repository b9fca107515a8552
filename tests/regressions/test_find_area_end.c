// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Regression find_area_end, written by gcma-replay --emit-test from
 * tests/fuzz/traces/find_area_end.txt.
 * It failed with:
 *   op 2 (gcma_alloc): gcma_alloc_range returned EINVAL, the model expects 0
 * with these defect switches on: find_area_end.
 * The trace must run clean with them off and still fail with them on.
 */
#include "regression.h"

static const char trace[] =
	"machine pages=256\n"
	"register_area area=0\n"
	"register_area area=1\n"
	"gcma_alloc area=1 off=56 count=8 flags=0\n"
	;

int main(void)
{
	return regression_main("find_area_end", trace, 0x4u);
}
