// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Run every seed of a seeds_result (seeds.h) at once, within one budget.
 *
 * Up to --jobs configurations run at once across all seeds: every seed's
 * engine_run() takes its configurations' slots from one shared gate
 * (run_gate.h). Seeds are handed out in order to up to --jobs driver
 * threads, each running one seed's engine_run() at a time (a driver
 * waiting for a slot holds none, so the slots are never idle while work
 * is left). Seeds share nothing but the gate and one progress line
 * whose total covers every seed's passes (--trace takes one seed).
 * Results are kept per seed and aggregated in seed order, so the output
 * is the serial run's whatever order the seeds finish in.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

#include "seeds.h"

struct seeds_drivers {
	struct seeds_result *sr;
	pthread_mutex_t lock;
	unsigned int next;	/* the next seed to start (under @lock) */
	bool stop;		/* a seed failed: start no more (under @lock) */
	int *ret;		/* each seed's engine_run() */
};

/* A driver: the next seed not yet started, until none is left. */
static void *seeds_driver(void *arg)
{
	struct seeds_drivers *d = arg;

	for (;;) {
		unsigned int i;
		int ret;

		pthread_mutex_lock(&d->lock);
		if (d->stop || d->next >= d->sr->nr) {
			pthread_mutex_unlock(&d->lock);
			return NULL;
		}
		i = d->next++;
		pthread_mutex_unlock(&d->lock);
		ret = engine_run(&d->sr->runs[i]);
		pthread_mutex_lock(&d->lock);
		d->ret[i] = ret;
		if (ret)
			d->stop = true;
		pthread_mutex_unlock(&d->lock);
	}
}

/* Start up to @nr drivers; join them. */
static int seeds_drive(struct seeds_drivers *d, unsigned int nr)
{
	pthread_t tid[SCN_THREADS_MAX];
	unsigned int started = 0;
	int ret = 0;

	while (started < nr) {
		ret = -pthread_create(&tid[started], NULL, seeds_driver, d);
		if (ret)
			break;
		started++;
	}
	if (!started)
		return ret;
	for (unsigned int i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	return 0;	/* fewer drivers than asked still run every seed */
}

/**
 * seeds_run() - run every seed of @sr, at once within @sr's budget.
 * @sr: initialised (seeds_init()); its runs' threads is the budget: the
 *	configurations running at once across all seeds.
 *
 * The results are a serial run's byte for byte.
 *
 * Context: Process context; the calling thread is attached to no machine.
 * Return: 0; the error of the first seed (in seed order) that failed
 * (no seed starts after one failed); -ENOMEM; -errno when no thread
 * could be started.
 */
int seeds_run(struct seeds_result *sr)
{
	const struct sim_run *first = &sr->runs[0];
	unsigned int jobs = first->threads ? first->threads : 1;
	struct seeds_drivers d = { .sr = sr };
	struct progress prog;
	struct run_gate gate;
	int ret;

	d.ret = calloc(sr->nr, sizeof(*d.ret));
	if (!d.ret)
		return -ENOMEM;
	progress_init(&prog, first->progress,
		      first->progress_out ? first->progress_out : stderr);
	progress_add_total(&prog, sr->nr * engine_run_units(sr->base));
	run_gate_init(&gate, jobs);
	for (unsigned int i = 0; i < sr->nr; i++) {
		sr->runs[i].prog = &prog;
		sr->runs[i].gate = &gate;
	}
	pthread_mutex_init(&d.lock, NULL);
	ret = seeds_drive(&d, jobs < sr->nr ? jobs : sr->nr);
	pthread_mutex_destroy(&d.lock);
	progress_finish(&prog);
	run_gate_destroy(&gate);
	for (unsigned int i = 0; i < sr->nr; i++) {
		sr->runs[i].prog = NULL;
		sr->runs[i].gate = NULL;
		if (!ret && d.ret[i])
			ret = d.ret[i];
	}
	free(d.ret);
	return ret;
}
