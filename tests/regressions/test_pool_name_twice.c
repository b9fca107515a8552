// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Regression pool_name_twice, written by gcma-replay --emit-test from
 * /tmp/pool-shrunk.txt.
 * It failed with:
 *   op 5 (register_pool): cleancache_backend_register_pool returned -EEXIST, the model expects 5
 * The trace must now run clean.
 */
#include "regression.h"

static const char trace[] =
	"machine pages=256\n"
	"register_pool\n"
	"register_pool\n"
	"register_pool\n"
	"register_pool\n"
	"register_pool\n"
	"register_pool\n"
	;

int main(void)
{
	return regression_main("pool_name_twice", trace, 0u);
}
