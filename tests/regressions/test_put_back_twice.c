// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Regression put_back_twice, written by gcma-replay --emit-test from
 * /tmp/fo-pb-s.txt.
 * It failed with:
 *   op 7 (gcma_alloc): frontswap_check() failed: swap0: counted 0/0/1, counters 0/0/2
 * The trace must now run clean: a put-back recall of a slot that already
 * has a swap-cache page (frontswap_store() leaves the swap cache to its
 * caller) replaced the page without freeing it and counted it twice.
 */
#include "regression.h"

static const char trace[] =
	"machine pages=256\n"
	"register_area area=0\n"
	"swapon swap=0 policy=2 flags=0\n"
	"fsw_store swap=0 off=0\n"
	"gcma_alloc area=0 off=16 count=16 flags=0\n"
	"gcma_alloc area=0 off=32 count=16 flags=0\n"
	"gcma_alloc area=0 off=48 count=16 flags=0\n"
	"fsw_store swap=0 off=0\n"
	"gcma_alloc area=0 off=0 count=16 flags=0\n"
	;

int main(void)
{
	return regression_main("put_back_twice", trace, 0u);
}
