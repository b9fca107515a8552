/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * What the stress programs share: the command line (every program lists
 * its options in an array of struct stress_opt and calls stress_parse()),
 * error counting and reporting from any thread (CMocka asserts must not
 * run in spawned threads), a seeded generator, relaxed counters, the
 * pause lock of the checker. Each program is one translation unit and
 * defines STRESS_NAME (the prefix of its reports) before including this.
 */
#ifndef _GCMA_STRESS_UTIL_H
#define _GCMA_STRESS_UTIL_H

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
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

static inline void error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* error - count an error and print it, unless too many were printed. */
static inline void error(const char *fmt, ...)
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

/* ---- the command line ---------------------------------------------- */

/* What an option's argument is, and where it goes. */
enum stress_opt_kind {
	STRESS_OPT_SECONDS,	/* a number of seconds > 0 (double) */
	STRESS_OPT_SEED,	/* any unsigned number (uint64_t) */
	STRESS_OPT_ULONG,	/* unsigned long in [min, max] */
	STRESS_OPT_UINT,	/* unsigned int in [min, max] */
	STRESS_OPT_SET,		/* no argument: sets a bool */
	STRESS_OPT_CLEAR,	/* no argument: clears a bool */
};

/**
 * struct stress_opt - one long option of a stress program.
 * @name: its name, without the dashes.
 * @kind: what its argument is.
 * @seconds: where a STRESS_OPT_SECONDS value goes (and so on for the
 *	other members, by @kind); its value before parsing is the default.
 * @min: smallest value accepted (ULONG, UINT).
 * @max: largest value accepted (ULONG, UINT).
 */
struct stress_opt {
	const char *name;
	enum stress_opt_kind kind;
	union {
		double *seconds;
		uint64_t *seed;
		unsigned long *ulong;
		unsigned int *uint;
		bool *flag;
	};
	unsigned long min;
	unsigned long max;
};

#define STRESS_OPT_DURATION(p) \
	{ .name = "duration", .kind = STRESS_OPT_SECONDS, .seconds = (p) }
#define STRESS_OPT_SEED(p) \
	{ .name = "seed", .kind = STRESS_OPT_SEED, .seed = (p) }
/* --data and --no-data: machines with page data, or metadata only. */
#define STRESS_OPT_DATA(p) \
	{ .name = "data", .kind = STRESS_OPT_SET, .flag = (p) }, \
	{ .name = "no-data", .kind = STRESS_OPT_CLEAR, .flag = (p) }
#define STRESS_OPT_ULONG(n, p, lo, hi) \
	{ .name = (n), .kind = STRESS_OPT_ULONG, .ulong = (p), \
	  .min = (lo), .max = (hi) }
#define STRESS_OPT_UINT(n, p, lo, hi) \
	{ .name = (n), .kind = STRESS_OPT_UINT, .uint = (p), \
	  .min = (lo), .max = (hi) }

/* Options a stress program may have at most. */
#define STRESS_MAX_OPTS		16

/**
 * struct stress_opts - the command line of a program that takes only the
 * common options, [--duration S] [--seed N] [--data|--no-data].
 * @duration: seconds the workers run (default 2).
 * @seed: seed of every generator (default 1).
 * @data: machines with page data (default off).
 */
struct stress_opts {
	double duration;
	uint64_t seed;
	bool data;
};

#define STRESS_OPTS_DEFAULT	{ .duration = 2, .seed = 1 }
#define STRESS_OPTS_COMMON(o) \
	STRESS_OPT_DURATION(&(o)->duration), STRESS_OPT_SEED(&(o)->seed), \
	STRESS_OPT_DATA(&(o)->data)

/* __stress_usage - print the usage line of @opts to @f and exit @code. */
static inline void __stress_usage(const char *prog,
				  const struct stress_opt *opts,
				  unsigned int nr, FILE *f, int code)
{
	fprintf(f, "usage: %s", prog);
	for (unsigned int i = 0; i < nr; i++) {
		const struct stress_opt *o = &opts[i];

		switch (o->kind) {
		case STRESS_OPT_SECONDS:
			fprintf(f, " [--%s S]", o->name);
			break;
		case STRESS_OPT_SEED:
			fprintf(f, " [--%s N]", o->name);
			break;
		case STRESS_OPT_ULONG:
		case STRESS_OPT_UINT:
			if (o->max >= UINT_MAX)
				fprintf(f, " [--%s N>=%lu]", o->name, o->min);
			else
				fprintf(f, " [--%s %lu..%lu]", o->name, o->min,
					o->max);
			break;
		case STRESS_OPT_SET:
		case STRESS_OPT_CLEAR:
			fprintf(f, " [--%s]", o->name);
			break;
		}
	}
	fputc('\n', f);
	exit(code);
}

/* Bad arguments: the usage on stderr, exit 2. */
#define stress_usage(prog, opts) \
	__stress_usage((prog), (opts), sizeof(opts) / sizeof((opts)[0]), \
		       stderr, 2)

/* A whole unsigned decimal or 0x number (no sign, no suffix), or false. */
static inline bool stress_number(const char *s, unsigned long long *v)
{
	char *end;

	if (!isdigit((unsigned char)s[0]))
		return false;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return !errno && !*end;
}

/* Store @arg into @o's variable; false if it is not a valid value. */
static inline bool stress_set(const struct stress_opt *o, const char *arg)
{
	unsigned long long v;
	char *end;

	switch (o->kind) {
	case STRESS_OPT_SECONDS:
		*o->seconds = strtod(arg, &end);
		return end != arg && !*end && *o->seconds > 0 &&
		       *o->seconds < 1e9;
	case STRESS_OPT_SEED:
		if (!stress_number(arg, &v))
			return false;
		*o->seed = v;
		return true;
	case STRESS_OPT_ULONG:
	case STRESS_OPT_UINT:
		if (!stress_number(arg, &v) || v < o->min || v > o->max)
			return false;
		if (o->kind == STRESS_OPT_ULONG)
			*o->ulong = (unsigned long)v;
		else
			*o->uint = (unsigned int)v;
		return true;
	case STRESS_OPT_SET:
	case STRESS_OPT_CLEAR:
		*o->flag = o->kind == STRESS_OPT_SET;
		return true;
	}
	return false;
}

/*
 * __stress_parse - parse the command line into the variables of @opts
 * (long options only; --help prints the usage and exits 0). A bad or
 * unknown option, an argument out of range or a stray argument prints the
 * usage and exits 2.
 */
static inline void __stress_parse(int argc, char **argv,
				  const struct stress_opt *opts,
				  unsigned int nr)
{
	struct option longopts[STRESS_MAX_OPTS + 2] = { 0 };
	int c;

	if (nr > STRESS_MAX_OPTS) {
		fprintf(stderr, "%s: more than %d options\n", argv[0],
			STRESS_MAX_OPTS);
		exit(2);
	}
	for (unsigned int i = 0; i < nr; i++) {
		bool arg = opts[i].kind != STRESS_OPT_SET &&
			   opts[i].kind != STRESS_OPT_CLEAR;

		longopts[i] = (struct option){ opts[i].name,
			arg ? required_argument : no_argument, NULL, (int)i };
	}
	longopts[nr] = (struct option){ "help", no_argument, NULL, 'h' + 256 };
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'h' + 256)
			__stress_usage(argv[0], opts, nr, stdout, 0);
		if (c < 0 || (unsigned int)c >= nr ||
		    !stress_set(&opts[c], optarg))
			__stress_usage(argv[0], opts, nr, stderr, 2);
	}
	if (optind != argc)
		__stress_usage(argv[0], opts, nr, stderr, 2);
}

/* stress_parse - __stress_parse() over the array @opts. */
#define stress_parse(argc, argv, opts) \
	__stress_parse((argc), (argv), (opts), sizeof(opts) / sizeof((opts)[0]))

/*
 * Workers hold it for reading around each operation; the checker takes it
 * for writing, so it sees a quiet machine. Writer-preferring, or a busy
 * worker would keep the checker out.
 */
static pthread_rwlock_t pause_lock;

static inline void stress_pause_init(void)
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
static inline void stress_check_every(double duration,
				      void (*check)(void))
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
