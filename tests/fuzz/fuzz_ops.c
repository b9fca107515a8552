// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * fuzz_ops - the libFuzzer / AFL++ / OSS-Fuzz entry point: decode the
 * input into a program of operations (tools/gcma-ops/ops.h) and run it
 * on a fresh machine with every checker and the reference model after
 * each op (tools/gcma-ops/exec.h).
 *
 * A failing input prints its trace (one op a line with its result) and
 * the disagreement on stderr, then aborts, which the fuzzer reports as a
 * crash and saves. Without a fuzzing engine this file is linked into
 * fuzz_ops_replay (replay_main.c), which calls the same function.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "exec.h"
#include "ops.h"
#include "fuzz_ops.h"

FILE *fuzz_ops_state;

/**
 * fuzz_ops_run_input() - run one input; on a failure print why.
 * @data: the input.
 * @size: its length.
 * @out: where to print the failing run's trace and message.
 *
 * Context: The calling thread must not be attached to a machine.
 * Return: 0 if the run passed; -EUCLEAN if a check failed; another
 * -errno if the machine could not be set up.
 */
int fuzz_ops_run_input(const uint8_t *data, size_t size, FILE *out)
{
	static struct gops_program prog;
	struct gops_options state_opts = {
		.state = fuzz_ops_state,
		/* The first op after which anything is wrong. */
		.full_check_every = 1,
	};
	struct gops_result res;
	int ret;

	gops_decode(data, size, &prog);
	ret = gops_run(&prog, NULL, &res);
	if (!ret)
		return 0;
	/* Run it again, printing every op with its result. */
	fprintf(out, "---- failing trace ----\n");
	gops_run_opts(&prog, out, &state_opts, &res);
	fprintf(out, "---- %s\n", res.msg);
	return ret;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (fuzz_ops_run_input(data, size, stderr))
		abort();
	return 0;
}
