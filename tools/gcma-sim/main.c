// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * gcma-sim - simulate contiguous allocations under a background workload
 * on a classic CMA area and on GCMA (docs/simulator.md).
 */
#include <stdio.h>

#include "cli.h"

int main(int argc, char **argv)
{
	return sim_cli_main(argc, argv, stdout, stderr);
}
