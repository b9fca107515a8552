/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * gcma-sim's command line, callable from tests.
 */
#ifndef _GCMA_SIM_CLI_H
#define _GCMA_SIM_CLI_H

#include <stdio.h>

#include "tool_output.h"

/* Exit codes. */
#define SIM_EXIT_OK		0
#define SIM_EXIT_CHECK		1	/* a check failed */
#define SIM_EXIT_USAGE		2	/* bad options or scenario */
#define SIM_EXIT_OUTPUT		TOOL_EXIT_OUTPUT	/* an output could not be written */

int sim_cli_main(int argc, char **argv, FILE *out, FILE *err);

#endif /* _GCMA_SIM_CLI_H */
