// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * bench_fuzz - executions per second of the operation fuzzer
 * (tools/gcma-ops), every checker and the reference model on after each
 * op, exactly as the fuzz target runs them.
 *
 * Inputs: random bytes from a fixed seed, 200 bytes each (about 60 ops),
 * byte 0 forced to the geometry measured. For each machine size:
 *
 *   BENCH fuzz_execs pages=256 execs_per_s=N cpu_execs_per_s=M ops_per_exec=K
 *
 * execs_per_s is wall-clock: what a fuzzer gets. cpu_execs_per_s counts
 * only the process's CPU time: the difference is time spent waiting
 * (for the library's call_rcu worker, when the executor retires a
 * machine instead of resetting it; docs/testing.md, "Fuzzing", "Speed").
 * GCMA_OPS_FRESH=1 measures a new machine per input. A failed input (none expected) is counted in failed=, the
 * first one's message goes to stderr.
 *
 * Usage: bench_fuzz [--seconds S]   (default 2 per size)
 *        bench_fuzz --execs N [--pages 256|4096]
 *
 * --execs runs exactly N inputs per size (the same N inputs every time):
 * for an instruction count under `valgrind --tool=callgrind`, which does
 * not vary with the other load on the machine as time does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_common.h"
#include "exec.h"
#include "ops.h"

#define INPUT_LEN	200

static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void bench_geometry(unsigned int geometry, double seconds,
			   unsigned long max_execs)
{
	static struct gops_program prog;
	uint8_t buf[INPUT_LEN];
	struct gops_result res;
	uint64_t seed = 42, ops = 0;
	unsigned long execs = 0, failed = 0;
	double t0 = bench_now(), c0 = cpu_now(), t, c;

	do {
		for (int i = 0; i < INPUT_LEN; i++)
			buf[i] = (uint8_t)bench_rand(&seed);
		buf[0] = (uint8_t)geometry;
		gops_decode(buf, sizeof(buf), &prog);
		if (gops_run(&prog, NULL, &res) && !failed++)
			fprintf(stderr, "input %lu failed: %s\n", execs, res.msg);
		ops += res.nr_run;
		execs++;
		t = bench_now() - t0;
	} while (max_execs ? execs < max_execs : t < seconds);
	c = cpu_now() - c0;
	bench_line("fuzz_execs",
		   "pages=%lu execs_per_s=%.0f cpu_execs_per_s=%.0f ops_per_exec=%.1f execs=%lu failed=%lu",
		   gops_geometry_pages[geometry], (double)execs / t,
		   (double)execs / c, (double)ops / (double)execs, execs,
		   failed);
}

int main(int argc, char **argv)
{
	unsigned long max_execs = 0, pages = 0;
	double seconds = 2;

	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--seconds"))
			seconds = atof(argv[i + 1]);
		else if (!strcmp(argv[i], "--execs"))
			max_execs = strtoul(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "--pages"))
			pages = strtoul(argv[i + 1], NULL, 0);
		else
			break;
	}
	if (argc % 2 == 0) {
		fprintf(stderr, "usage: bench_fuzz [--seconds S] [--execs N] [--pages 256|4096]\n");
		return 2;
	}
	if (!pages || pages == 256)
		bench_geometry(0, seconds, max_execs);
	if (!pages || pages == 4096)
		bench_geometry(2, seconds, max_execs);
	return 0;
}
