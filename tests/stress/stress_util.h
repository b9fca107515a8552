/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * What the stress programs share: error counting and reporting from any
 * thread (CMocka asserts must not run in spawned threads), a seeded
 * generator, relaxed counters. Each program is one translation unit and
 * defines STRESS_NAME (the prefix of its reports) before including this.
 */
#ifndef _GCMA_STRESS_UTIL_H
#define _GCMA_STRESS_UTIL_H

#include <getopt.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#ifndef STRESS_NAME
#error "define STRESS_NAME before including stress_util.h"
#endif

/* Reports printed at most; the count goes on. */
#define STRESS_MAX_REPORTS	20

/* Errors seen by every thread. */
static unsigned long nr_errors;

static void error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* error - count an error and print it, unless too many were printed. */
static void error(const char *fmt, ...)
{
	va_list ap;

	if (__atomic_fetch_add(&nr_errors, 1, __ATOMIC_RELAXED) >=
	    STRESS_MAX_REPORTS)
		return;
	va_start(ap, fmt);
	fprintf(stderr, STRESS_NAME " stress: ");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* prng - splitmix64: the next value of the generator at *@s. */
static inline uint64_t prng(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* add - bump a counter other threads bump too. */
static inline void add(unsigned long *ctr, unsigned long n)
{
	__atomic_fetch_add(ctr, n, __ATOMIC_RELAXED);
}

/**
 * struct stress_opts - the command line every stress program takes:
 * [--duration S] [--seed N] [--data].
 * @duration: seconds the workers run.
 * @seed: seed of every generator.
 * @data: machines with page data.
 */
struct stress_opts {
	double duration;
	uint64_t seed;
	bool data;
};

/* stress_parse - fill @o from the command line (defaults 2 s, seed 1). */
static void stress_parse(int argc, char **argv, struct stress_opts *o)
{
	static const struct option longopts[] = {
		{ "duration", required_argument, NULL, 'd' },
		{ "seed", required_argument, NULL, 's' },
		{ "data", no_argument, NULL, 'D' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*o = (struct stress_opts){ .duration = 2, .seed = 1 };
	while ((c = getopt_long(argc, argv, "d:s:D", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			o->duration = atof(optarg);
			break;
		case 's':
			o->seed = strtoull(optarg, NULL, 0);
			break;
		case 'D':
			o->data = true;
			break;
		default:
			fprintf(stderr,
				"usage: %s [--duration S] [--seed N] [--data]\n",
				argv[0]);
			exit(2);
		}
	}
}

/*
 * Workers hold it for reading around each operation; the checker takes it
 * for writing, so it sees a quiet machine. Writer-preferring, or a busy
 * worker would keep the checker out.
 */
static pthread_rwlock_t pause_lock;

static void stress_pause_init(void)
{
	pthread_rwlockattr_t attr;

	pthread_rwlockattr_init(&attr);
	pthread_rwlockattr_setkind_np(&attr,
			PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	pthread_rwlock_init(&pause_lock, &attr);
	pthread_rwlockattr_destroy(&attr);
}

/*
 * stress_check_every - every 100 ms until @duration seconds have passed,
 * pause the workers and run @check.
 */
static void stress_check_every(double duration, void (*check)(void))
{
	struct timespec t0, now;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		struct timespec nap = { 0, 100 * 1000 * 1000 };

		nanosleep(&nap, NULL);
		pthread_rwlock_wrlock(&pause_lock);
		check();
		pthread_rwlock_unlock(&pause_lock);
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while ((double)(now.tv_sec - t0.tv_sec) +
		 (double)(now.tv_nsec - t0.tv_nsec) / 1e9 < duration);
}

#endif /* _GCMA_STRESS_UTIL_H */
