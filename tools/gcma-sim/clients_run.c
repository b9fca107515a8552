// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The clients' pass (docs/simulator.md "Areas and clients").
 *
 * Areas: each [area.NAME] is declared at boot, stacked down from the top
 * of memory in the scenario's order; in cma every area is classic, in
 * gcma and gcma.zram an area with guarantee = true is served by GCMA and
 * the others stay classic.
 *
 * Virtual time: after the warm-up the clock starts at 0 and is the
 * background's: its jobs' time spread over min(jobs, cpus) CPUs (the
 * apps background's time as it is: one foreground app). An event
 * queue (event_queue.c) holds every client's next arrival and every held
 * buffer's release. Before each event the background runs until the
 * clock reaches the event's time; then
 *   - an arrival draws the next arrival of its client, and makes a
 *     request unless the client holds concurrency buffers (then it waits
 *     for a release, counted as deferred);
 *   - a request is one round of pins and one measured cma_alloc() from
 *     the client's area (engine_alloc_measured(): latency as in the
 *     [requests] pass); a buffer it got is released at arrival +
 *     latency + a drawn hold time;
 *   - a release frees the buffer and starts the oldest waiting request.
 * The allocations themselves run one at a time in event order: a long
 * request delays its own release, not another client's arrival.
 *
 * The baseline pass runs the same background steps and pin rounds at the
 * same points without the requests (@pre_steps, @tail_steps).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libgcma/libgcma.h>

#include "client_model.h"
#include "clients_run.h"
#include "engine_machine.h"
#include "event_queue.h"

#define CL_CHUNK_STEPS	256

enum { CL_ARRIVAL, CL_RELEASE };

/* One client during the pass. */
struct cl_client {
	struct client_model model;
	uint64_t *ns;		/* each request's latency */
	int *res;		/* its result */
	unsigned int *size;	/* its size index */
	uint64_t *waiting;	/* deferred arrivals' times, FIFO */
	unsigned long wait_head, wait_tail;
	unsigned long held;
};

struct cl_run {
	struct sim_run *run;
	enum scn_config c;
	struct cfg_result *r;
	struct eng_machine *em;
	struct sched_model *sm;
	struct workload *w;
	struct tagstore_stats *tag;
	const struct scn_scenario *s;
	struct clients_result *cr;
	struct event_queue q;
	struct cl_client cl[SCN_MAX_CLIENTS];
	uint64_t bg_start_ns;	/* the background's time after the warm-up */
	unsigned long par;	/* CPUs the jobs run on at once */
	unsigned long pending;	/* steps since the last request */
	unsigned long total;	/* requests of every client */
};

/**
 * clients_area_guarantee() - whether an area is served by GCMA.
 * @s: the scenario; @c: the configuration; @area: the area's index.
 *
 * Context: Any context.
 * Return: true for a guarantee area in gcma or gcma.zram.
 */
bool clients_area_guarantee(const struct scn_scenario *s, enum scn_config c,
			    unsigned int area)
{
	return c != SCN_CFG_CMA && s->areas.area[area].guarantee;
}

/**
 * clients_declare_areas() - declare every [area.NAME] area at boot.
 * @s: the scenario; @c: the configuration.
 * @em: the machine, not booted yet; its @areas (and @area, the first)
 *	are set.
 *
 * Context: Machine set-up, before sim_machine_boot_done().
 * Return: 0 or the error of sim_cma_declare().
 */
int clients_declare_areas(const struct scn_scenario *s, enum scn_config c,
			  struct eng_machine *em)
{
	unsigned long base = s->nr_pages;

	for (unsigned int i = 0; i < s->areas.nr_areas; i++) {
		const struct scn_area *a = &s->areas.area[i];
		int ret;

		base -= a->pages;
		ret = sim_cma_declare(em->m, a->name, base, a->pages, 0,
				      clients_area_guarantee(s, c, i),
				      &em->areas[i]);
		if (ret)
			return ret;
	}
	em->area = em->areas[0];
	return 0;
}

/**
 * clients_meminfo_area() - the areas as the meminfo summary counts them.
 * @s: the scenario; @c: the configuration.
 * @carveout: set to the pages of the areas GCMA serves (the carve-out).
 * @cma: set to the pages of the classic CMA areas (CmaTotal), beside
 *	GCMA's or not.
 *
 * Context: Any context.
 * Return: nothing.
 */
void clients_meminfo_area(const struct scn_scenario *s, enum scn_config c,
			  unsigned long *carveout, unsigned long *cma)
{
	*carveout = 0;
	*cma = 0;
	for (unsigned int i = 0; i < s->areas.nr_areas; i++) {
		if (clients_area_guarantee(s, c, i))
			*carveout += s->areas.area[i].pages;
		else
			*cma += s->areas.area[i].pages;
	}
}

/* The clock: the background's time since the warm-up, over its CPUs. */
static uint64_t cl_now(const struct cl_run *cl)
{
	return (cl->w->ns - cl->bg_start_ns) / cl->par;
}

/* Run the background until the clock reaches @at_ns. */
static int cl_catch_up(struct cl_run *cl, uint64_t at_ns)
{
	struct workload *w = cl->w;
	int ret = 0;

	while (!ret && cl_now(cl) < at_ns) {
		uint64_t per = w->step ? w->ns / w->step : 0;
		uint64_t before = w->ns, n = 1;

		/* No step yet (no warm-up): one, to learn a step's time. */
		if (w->step && !per)
			break;
		if (per)
			n = (uint64_t)((unsigned __int128)(at_ns - cl_now(cl)) *
				       cl->par / per) + 1;
		if (n > CL_CHUNK_STEPS)
			n = CL_CHUNK_STEPS;
		ret = workload_run(w, n);
		cl->pending += n;
		if (w->ns == before)
			break;
	}
	return ret;
}

/* One request of client @i at @now_ns, arrived at @arrived_ns. */
static int cl_request(struct cl_run *cl, unsigned int i, uint64_t now_ns,
		      uint64_t arrived_ns)
{
	const struct scn_client *sc = &cl->s->areas.client[i];
	struct client_result *res = &cl->cr->client[i];
	struct cl_client *st = &cl->cl[i];
	unsigned long k = res->requests, slot = cl->cr->nr_issued;
	unsigned int si = client_pick_size(&st->model);
	struct evq_event ev = { .kind = CL_RELEASE, .who = i, .size = si };
	struct page *page;
	uint64_t bg_ns;
	int ret;

	cl->cr->pre_steps[slot] = cl->pending;
	cl->pending = 0;
	ret = workload_pins(cl->w);
	if (!ret)
		ret = tagstore_tick(cl->s, cl->em->m, slot, cl->tag);
	if (!ret)
		ret = engine_alloc_measured(cl->run, cl->c, cl->em,
					    cl->em->areas[sc->area], cl->sm,
					    cl->w, sc->sizes[si], k, &page,
					    &st->ns[k], &st->res[k], &bg_ns);
	if (ret)
		return ret;
	st->size[k] = si;
	res->requests++;
	res->queued_ns += now_ns - arrived_ns;
	cl->cr->nr_issued++;
	progress_advance(cl->run->prog, 1);
	if (st->res[k]) {
		res->failed++;
	} else {
		st->held++;
		if (st->held > res->max_held)
			res->max_held = st->held;
		ev.at_ns = now_ns + st->ns[k] + client_hold_ns(&st->model);
		ev.ptr = page;
		ev.arg = sc->sizes[si];
		ret = evq_push(&cl->q, &ev);
	}
	if (!ret && cl->s->meminfo_every &&
	    cl->cr->nr_issued % cl->s->meminfo_every == 0 &&
	    cl->cr->nr_issued < cl->total)
		ret = engine_meminfo(cl->s, cl->c, cl->w, cl->r,
				     cl->cr->nr_issued);
	return ret;
}

/* Queue client @i's next arrival, if it has one left. */
static int cl_next_arrival(struct cl_run *cl, unsigned int i)
{
	struct evq_event ev = { .kind = CL_ARRIVAL, .who = i };

	if (client_next_arrival(&cl->cl[i].model, &ev.at_ns))
		return 0;
	return evq_push(&cl->q, &ev);
}

static int cl_arrival(struct cl_run *cl, const struct evq_event *ev)
{
	const struct scn_client *sc = &cl->s->areas.client[ev->who];
	struct cl_client *st = &cl->cl[ev->who];
	int ret = cl_next_arrival(cl, ev->who);

	if (ret)
		return ret;
	if (sc->concurrency && st->held >= sc->concurrency) {
		cl->cr->client[ev->who].deferred++;
		st->waiting[st->wait_tail++] = ev->at_ns;
		return 0;
	}
	return cl_request(cl, ev->who, ev->at_ns, ev->at_ns);
}

static int cl_release(struct cl_run *cl, const struct evq_event *ev)
{
	const struct scn_client *sc = &cl->s->areas.client[ev->who];
	struct cl_client *st = &cl->cl[ev->who];
	int ret = cma_release_pages(cl->em->areas[sc->area], ev->ptr,
				    ev->arg);

	if (ret)
		return ret;
	st->held--;
	if (st->wait_head == st->wait_tail)
		return 0;
	return cl_request(cl, ev->who, ev->at_ns,
			  st->waiting[st->wait_head++]);
}

/* Every client's latency figures, overall and by size. */
static int cl_stats(struct cl_run *cl)
{
	for (unsigned int i = 0; i < cl->s->areas.nr_clients; i++) {
		const struct scn_client *sc = &cl->s->areas.client[i];
		struct client_result *res = &cl->cr->client[i];
		struct cl_client *st = &cl->cl[i];
		unsigned long n = res->requests;
		uint64_t *ns = malloc((n ? n : 1) * sizeof(*ns));
		int *rv = malloc((n ? n : 1) * sizeof(*rv));
		int ret = ns && rv ? 0 : -ENOMEM;

		if (!ret)
			ret = lat_stats_compute(st->ns, st->res, n, &res->all);
		for (unsigned int si = 0; !ret && si < sc->nr_sizes; si++) {
			unsigned long m = 0;

			for (unsigned long k = 0; k < n; k++) {
				if (st->size[k] != si)
					continue;
				ns[m] = st->ns[k];
				rv[m++] = st->res[k];
			}
			ret = lat_stats_compute(ns, rv, m, &res->size[si]);
		}
		free(ns);
		free(rv);
		if (ret)
			return ret;
	}
	return 0;
}

static int cl_setup(struct cl_run *cl)
{
	const struct scn_areas *a = &cl->s->areas;
	int ret = 0;

	evq_init(&cl->q);
	for (unsigned int i = 0; !ret && i < a->nr_clients; i++) {
		struct cl_client *st = &cl->cl[i];
		unsigned long n = a->client[i].count;

		client_model_init(&st->model, &a->client[i], cl->s->seed, i);
		st->ns = calloc(n, sizeof(*st->ns));
		st->res = calloc(n, sizeof(*st->res));
		st->size = calloc(n, sizeof(*st->size));
		st->waiting = calloc(n, sizeof(*st->waiting));
		if (!st->ns || !st->res || !st->size || !st->waiting)
			ret = -ENOMEM;
		if (!ret)
			ret = cl_next_arrival(cl, i);
	}
	return ret;
}

static void cl_teardown(struct cl_run *cl)
{
	struct evq_event ev;

	/* Buffers still held after an error go back to their area. */
	while (!evq_pop(&cl->q, &ev))
		if (ev.kind == CL_RELEASE)
			cma_release_pages(cl->em->areas[cl->s->areas.client[ev.who].area],
					  ev.ptr, ev.arg);
	evq_free(&cl->q);
	for (unsigned int i = 0; i < SCN_MAX_CLIENTS; i++) {
		free(cl->cl[i].ns);
		free(cl->cl[i].res);
		free(cl->cl[i].size);
		free(cl->cl[i].waiting);
	}
}

/* The requests pass: every event until the last buffer is released. */
static int cl_requests(struct cl_run *cl)
{
	struct evq_event ev;
	int ret = cl_setup(cl);

	while (!ret && !evq_pop(&cl->q, &ev)) {
		ret = cl_catch_up(cl, ev.at_ns);
		if (!ret)
			ret = ev.kind == CL_ARRIVAL ? cl_arrival(cl, &ev) :
						      cl_release(cl, &ev);
	}
	cl->cr->tail_steps = cl->pending;
	cl->cr->end_ns = cl_now(cl);
	if (!ret)
		ret = cl_stats(cl);
	cl_teardown(cl);
	return ret;
}

/* The baseline: the requests pass's background and pins, no requests. */
static int cl_baseline(struct cl_run *cl)
{
	const struct clients_result *cr = cl->r->clients;
	int ret = 0;

	if (!cr)
		return -EINVAL;
	for (unsigned long k = 0; !ret && k < cr->nr_issued; k++) {
		ret = workload_run(cl->w, cr->pre_steps[k]);
		if (!ret)
			ret = workload_pins(cl->w);
		if (!ret)
			ret = tagstore_tick(cl->s, cl->em->m, k, cl->tag);
		progress_advance(cl->run->prog, 1);
	}
	if (!ret)
		ret = workload_run(cl->w, cr->tail_steps);
	return ret;
}

/**
 * clients_pass() - the clients' requests (or the baseline's steps).
 * @run: the run; @c: the configuration; @r: its results (@r->clients is
 *	allocated by the requests pass, read by the baseline).
 * @em: the machine, its areas declared (clients_declare_areas()).
 * @sm: the contention model.
 * @w: the background, warmed up.
 * @tag: [tagstore]'s counters for this pass.
 * @requests: the requests pass (else the baseline).
 *
 * Context: The configuration's thread, attached to @em's machine.
 * Return: 0; -ENOMEM; -errno from the background, a pin round or a
 * release (the pass stops; held buffers are released).
 */
int clients_pass(struct sim_run *run, enum scn_config c,
		 struct cfg_result *r, struct eng_machine *em,
		 struct sched_model *sm, struct workload *w,
		 struct tagstore_stats *tag, bool requests)
{
	const struct scn_scenario *s = run->s;
	unsigned long par = s->jobs < s->cpus ? s->jobs : s->cpus;
	struct cl_run *cl = calloc(1, sizeof(*cl));
	int ret;

	/* The apps are one foreground app's timeline: their time is the clock. */
	if (s->bg_kind == SCN_BG_APPS)
		par = 1;
	if (!cl)
		return -ENOMEM;
	*cl = (struct cl_run){
		.run = run, .c = c, .r = r, .em = em, .sm = sm, .w = w,
		.tag = tag, .s = s, .bg_start_ns = w->ns, .par = par ? par : 1,
		.total = scn_areas_requests(&s->areas),
	};
	if (!requests) {
		ret = cl_baseline(cl);
		free(cl);
		return ret;
	}
	clients_result_free(r->clients);
	r->clients = calloc(1, sizeof(*r->clients));
	if (r->clients)
		r->clients->pre_steps = calloc(cl->total ? cl->total : 1,
					       sizeof(unsigned long));
	cl->cr = r->clients;
	ret = cl->cr && cl->cr->pre_steps ? cl_requests(cl) : -ENOMEM;
	free(cl);
	return ret;
}

/**
 * clients_result_free() - free a clients_pass() result.
 * @cr: the result, or NULL.
 *
 * Context: Any context.
 * Return: nothing.
 */
void clients_result_free(struct clients_result *cr)
{
	if (!cr)
		return;
	free(cr->pre_steps);
	free(cr);
}
