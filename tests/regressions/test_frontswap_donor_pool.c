// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Regression frontswap_donor_pool, written by gcma-replay --emit-test from
 * /tmp/fo-shrunk1.txt.
 * It failed with:
 *   op 4 (fsw_store): frontswap_check() failed: swap0 slot 0: pfn 0x60 is not a donated GCMA pfn
 * The trace must now run clean: cleancache stores a swap page into a
 * free folio of any pool, here a backend's pool that is not GCMA's (pool
 * 0, the executor's donor pages). frontswap_check() wanted every swap
 * entry in a GCMA area; the rule is that no swap entry lies in a pfn
 * GCMA handed out.
 */
#include "regression.h"

static const char trace[] =
	"machine pages=256\n"
	"register_pool\n"
	"register_area area=0\n"
	"donate pool=0 off=0\n"
	"swapon swap=0 policy=0 flags=0\n"
	"fsw_store swap=0 off=0\n"
	;

int main(void)
{
	return regression_main("frontswap_donor_pool", trace, 0u);
}
