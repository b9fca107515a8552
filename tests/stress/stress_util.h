/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * What the stress programs share: error counting and reporting from any
 * thread (CMocka asserts must not run in spawned threads), a seeded
 * generator, relaxed counters. Each program is one translation unit and
 * defines STRESS_NAME (the prefix of its reports) before including this.
 */
#ifndef _GCMA_STRESS_UTIL_H
#define _GCMA_STRESS_UTIL_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

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

#endif /* _GCMA_STRESS_UTIL_H */
