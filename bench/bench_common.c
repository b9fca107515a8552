// SPDX-License-Identifier: GPL-2.0-only OR MIT
/* Helpers shared by the benchmarks; see bench_common.h. */
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench_common.h"

volatile uint64_t bench_sink;

double bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

uint64_t bench_rand(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void bench_shuffle(unsigned long *keys, size_t n, uint64_t *state)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)(bench_rand(state) % i);
		unsigned long tmp = keys[i - 1];

		keys[i - 1] = keys[j];
		keys[j] = tmp;
	}
}

long bench_rss_kib(void)
{
	long size, resident;
	FILE *f = fopen("/proc/self/statm", "r");

	if (!f)
		return -1;
	if (fscanf(f, "%ld %ld", &size, &resident) != 2)
		resident = -1;
	fclose(f);
	return resident < 0 ? -1 : resident * (sysconf(_SC_PAGESIZE) / 1024);
}

size_t bench_heap_bytes(void)
{
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
}

void bench_line(const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("BENCH %s ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

struct sim_machine *bench_machine_up(unsigned long nr_pages)
{
	struct sim_machine_config cfg = {
		.name = "bench",
		.nr_pages = nr_pages,
		.data_mode = SIM_DATA_NONE,
		.violation_mode = SIM_VIOLATION_RECORD,
		.seed = 1,
	};
	struct sim_machine *m;
	int err;

	err = sim_machine_create(&cfg, &m);
	if (!err)
		err = sim_thread_attach(m);
	if (err) {
		fprintf(stderr, "bench: machine of %lu pages: %s\n", nr_pages,
			strerror(-err));
		exit(1);
	}
	return m;
}

void bench_machine_down(struct sim_machine *m)
{
	unsigned long v = sim_violation_count(m);
	int err;

	if (v)
		fprintf(stderr, "bench: %lu violations recorded\n", v);
	sim_thread_detach();
	err = sim_machine_destroy(m);
	if (err || v) {
		fprintf(stderr, "bench: machine teardown: %s\n",
			err ? strerror(-err) : "violations");
		exit(1);
	}
}

struct bench_thread {
	pthread_t tid;
	unsigned int idx;
	struct bench_run *run;
	double start, end;
	double cpu;
};

struct bench_run {
	struct sim_machine *m;
	pthread_barrier_t barrier;
	void (*fn)(void *arg, unsigned int idx);
	void *arg;
};

static double thread_cpu(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void *bench_thread_main(void *p)
{
	struct bench_thread *t = p;
	int err = sim_thread_attach(t->run->m);
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	cpu_set_t set;

	/* Thread i on CPU i: no migrations between the runs compared. */
	if (ncpu > 0) {
		CPU_ZERO(&set);
		CPU_SET((int)(t->idx % (unsigned long)ncpu), &set);
		pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	}

	if (err) {
		fprintf(stderr, "bench: sim_thread_attach: %s\n", strerror(-err));
		exit(1);
	}
	pthread_barrier_wait(&t->run->barrier);
	t->start = bench_now();
	t->cpu = thread_cpu();
	t->run->fn(t->run->arg, t->idx);
	t->cpu = thread_cpu() - t->cpu;
	t->end = bench_now();
	sim_thread_detach();
	return NULL;
}

double bench_run_threads(struct sim_machine *m, unsigned int nr,
			 void (*fn)(void *arg, unsigned int idx), void *arg,
			 double *cpu_share)
{
	struct bench_run run = { .m = m, .fn = fn, .arg = arg };
	struct bench_thread *th = calloc(nr, sizeof(*th));
	double first, last, cpu = 0;

	if (!th)
		exit(1);
	pthread_barrier_init(&run.barrier, NULL, nr);
	for (unsigned int i = 0; i < nr; i++) {
		th[i].idx = i;
		th[i].run = &run;
		if (pthread_create(&th[i].tid, NULL, bench_thread_main, &th[i])) {
			fprintf(stderr, "bench: pthread_create failed\n");
			exit(1);
		}
	}
	for (unsigned int i = 0; i < nr; i++)
		pthread_join(th[i].tid, NULL);
	first = th[0].start;
	last = th[0].end;
	for (unsigned int i = 0; i < nr; i++) {
		if (th[i].start < first)
			first = th[i].start;
		if (th[i].end > last)
			last = th[i].end;
		cpu += th[i].cpu;
	}
	if (cpu_share)
		*cpu_share = last > first ? cpu / (nr * (last - first)) : 1.0;
	pthread_barrier_destroy(&run.barrier);
	free(th);
	return last - first;
}
