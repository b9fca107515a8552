// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Regression gcma_free_stride, written by gcma-replay --emit-test from
 * gcma-replay --random (random input 472 of seed 1, shrunk from 98 ops).
 * It failed with:
 *   op 3 (gcma_free): gcma_check() failed
 * with these defect switches on: gcma_free_stride.
 * The trace must run clean with them off and still fail with them on.
 */
#include "regression.h"

static const char trace[] =
	"machine pages=2048\n"
	"register_area area=0\n"
	"gcma_alloc area=0 off=17 count=8 flags=0\n"
	"use_gcma area=0 off=3 count=18\n"
	"gcma_free area=0 off=19 count=3\n"
	;

int main(void)
{
	return regression_main("gcma_free_stride", trace, 0x1u);
}
