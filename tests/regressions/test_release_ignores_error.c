// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Regression release_ignores_error, written by gcma-replay --emit-test from
 * gcma-replay --random (random input 6 of seed 1, shrunk from 126 ops).
 * It failed with:
 *   op 2 (cma_release): cma_release returned 0, the model expects -EINVAL
 * with these defect switches on: release_ignores_error.
 * The trace must run clean with them off and still fail with them on.
 */
#include "regression.h"

static const char trace[] =
	"machine pages=2048\n"
	"cma_alloc area=1 count=1 align=0 flags=0\n"
	"pin_cma slot=0 kind=0\n"
	"cma_release slot=0 part=0\n"
	;

int main(void)
{
	return regression_main("release_ignores_error", trace, 0x8u);
}
