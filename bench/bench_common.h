/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Helpers shared by the benchmarks in bench/: clock, seeded generator,
 * memory figures, machine set-up, a start-together thread runner and the
 * result line format.
 *
 * Every result is one line on stdout:
 *   BENCH <name> key=value ...
 * A comparison line names a baseline measured in the same run and gives
 * ours/baseline (lower is better): "vs=<baseline> ratio=<x>". A scaling
 * line gives "speedup=<x>". Anything else goes to stderr.
 */
#ifndef _GCMA_BENCH_COMMON_H
#define _GCMA_BENCH_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include <libgcma/libgcma.h>

/* Default key count, from -Dbench_scale. */
#ifndef BENCH_SCALE
#define BENCH_SCALE 1000000
#endif

/* Monotonic time in seconds. */
double bench_now(void);

/* splitmix64: the next value of the generator at *@state. */
uint64_t bench_rand(uint64_t *state);

/* Fisher-Yates shuffle of @n keys with the generator at *@state. */
void bench_shuffle(unsigned long *keys, size_t n, uint64_t *state);

/* Resident set size of the process, from /proc/self/statm, in KiB. */
long bench_rss_kib(void);

/* Bytes the C allocator has handed out and not taken back (mallinfo2). */
size_t bench_heap_bytes(void);

/* Print "BENCH <name> " followed by the formatted key=value list. */
void bench_line(const char *name, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Make a metadata-only machine of @nr_pages pfns and attach the calling
 * thread to it. Exits the program on failure.
 */
struct sim_machine *bench_machine_up(unsigned long nr_pages);

/* Detach the calling thread and destroy @m. */
void bench_machine_down(struct sim_machine *m);

/**
 * bench_run_threads() - run @fn in @nr threads that start together.
 * @m: machine every thread attaches to for the run.
 * @nr: number of threads.
 * @fn: body; gets @arg and the thread number.
 * @arg: passed to @fn.
 *
 * @cpu_share: if not NULL, receives the CPU time the threads got divided
 *	by @nr times the wall time: below 1 when something else ran on
 *	their CPUs meanwhile (a noisy measurement).
 *
 * Thread i is pinned to online CPU i (modulo their number); each thread
 * attaches to @m, waits at a barrier, runs @fn, and detaches.
 * Return: wall-clock seconds from the first start to the last finish.
 */
double bench_run_threads(struct sim_machine *m, unsigned int nr,
			 void (*fn)(void *arg, unsigned int idx), void *arg,
			 double *cpu_share);

/* A sink that keeps computed values alive. */
extern volatile uint64_t bench_sink;

#endif /* _GCMA_BENCH_COMMON_H */
