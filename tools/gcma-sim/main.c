// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * gcma-sim - simulate contiguous allocations under a background workload
 * on a classic CMA area and on GCMA (docs/simulator.md).
 */
#include <stdio.h>

#include "cli.h"
#include "tool_output.h"

int main(int argc, char **argv)
{
	int status = tool_check_std_fds("gcma-sim");

	if (status)
		return status;
	status = sim_cli_main(argc, argv, stdout, stderr);
	/* sim_cli_main() reported a failed write; a failed close is left. */
	if (ferror(stdout))
		fclose(stdout);
	else if (tool_fclose(stdout, stderr, "gcma-sim", "standard output"))
		status = SIM_EXIT_OUTPUT;
	return status;
}
