// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Several seeds of one scenario (seeds.h).
 *
 * seeds_run() (seeds_run.c) is "run seeds -> per-seed results": each
 * seed touches only its own scenario copy and run, so seeds run at once.
 * seeds_aggregate() is "per-seed results -> aggregate", in seed order
 * whatever the order the seeds finished in.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "seeds.h"
#include "tool_number.h"

/* Append the seeds @lo..@hi to @out, refusing duplicates and overflow. */
static int seeds_add(uint64_t **out, unsigned int *nr, uint64_t lo,
		     uint64_t hi, char *err, size_t errlen)
{
	for (uint64_t s = lo;; s++) {
		uint64_t *n;

		for (unsigned int i = 0; i < *nr; i++) {
			if ((*out)[i] == s) {
				snprintf(err, errlen,
					 "seed %llu given twice",
					 (unsigned long long)s);
				return -EINVAL;
			}
		}
		if (*nr >= SEEDS_MAX) {
			snprintf(err, errlen, "more than %d seeds", SEEDS_MAX);
			return -E2BIG;
		}
		n = realloc(*out, (*nr + 1) * sizeof(*n));
		if (!n) {
			snprintf(err, errlen, "out of memory");
			return -ENOMEM;
		}
		*out = n;
		n[(*nr)++] = s;
		if (s == hi)
			return 0;
	}
}

/* One element of a list: "S" or "A-B". */
static int seeds_element(char *el, uint64_t **out, unsigned int *nr,
			 char *err, size_t errlen)
{
	char *dash = strchr(el, '-');
	uint64_t lo, hi;

	if (dash)
		*dash = '\0';
	if (!*el || tool_parse_u64(el, &lo) ||
	    (dash && tool_parse_u64(dash + 1, &hi))) {
		if (dash)
			*dash = '-';
		snprintf(err, errlen, "'%s' is not a seed or a range A-B", el);
		return -EINVAL;
	}
	if (!dash)
		hi = lo;
	if (hi < lo) {
		snprintf(err, errlen, "range %llu-%llu is empty",
			 (unsigned long long)lo, (unsigned long long)hi);
		return -EINVAL;
	}
	return seeds_add(out, nr, lo, hi, err, errlen);
}

/**
 * seeds_parse() - the seeds of a --seeds value or a [run] seeds key.
 * @spec: "N" (N seeds from @first: @first .. @first + N - 1), "A-B" (A to
 *	B), or a comma-separated list of seeds and ranges ("1,3,7", "1-5,9").
 * @first: the first seed of the "N" form (the scenario's seed).
 * @seeds: a new array (free() it).
 * @nr: its length, 1 to SEEDS_MAX.
 * @err: message on failure.
 * @errlen: size of @err.
 *
 * Context: Process context.
 * Return: 0; -EINVAL (syntax, a duplicate, an empty range); -E2BIG;
 * -ENOMEM. Nothing is allocated on failure.
 */
int seeds_parse(const char *spec, uint64_t first, uint64_t **seeds,
		unsigned int *nr, char *err, size_t errlen)
{
	char *copy, *el, *save = NULL;
	uint64_t count;
	int ret = 0;

	*seeds = NULL;
	*nr = 0;
	if (!strpbrk(spec, ",-")) {
		if (tool_parse_u64(spec, &count) || !count ||
		    count > SEEDS_MAX) {
			snprintf(err, errlen,
				 "'%s' is not a count of 1-%d seeds, a range A-B or a list", spec,
				 SEEDS_MAX);
			return -EINVAL;
		}
		if (first > UINT64_MAX - (count - 1)) {
			snprintf(err, errlen, "%llu seeds from %llu overflow",
				 (unsigned long long)count,
				 (unsigned long long)first);
			return -EINVAL;
		}
		return seeds_add(seeds, nr, first, first + count - 1, err,
				 errlen);
	}
	copy = strdup(spec);
	if (!copy) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	/* strtok_r would skip an empty element: split by hand. */
	for (el = copy; !ret; el = save + 1) {
		save = strchr(el, ',');
		if (save)
			*save = '\0';
		if (!*el) {
			snprintf(err, errlen, "an empty element in '%s'", spec);
			ret = -EINVAL;
			break;
		}
		ret = seeds_element(el, seeds, nr, err, errlen);
		if (!save)
			break;
	}
	free(copy);
	if (ret) {
		free(*seeds);
		*seeds = NULL;
		*nr = 0;
	}
	return ret;
}

/**
 * seeds_init() - prepare @sr to run @base with each of @seeds.
 * @sr: zeroed or freed result.
 * @base: the scenario; each seed runs a copy with its seed.
 * @seeds: the seeds (copied).
 * @nr: how many, at least 1.
 * @proto: options of every run (progress, threads, trace); its scenario
 *	and results are ignored.
 *
 * Context: Process context.
 * Return: 0; -ENOMEM (nothing to free).
 */
int seeds_init(struct seeds_result *sr, const struct scn_scenario *base,
	       const uint64_t *seeds, unsigned int nr,
	       const struct sim_run *proto)
{
	memset(sr, 0, sizeof(*sr));
	sr->base = base;
	sr->seeds = calloc(nr, sizeof(*sr->seeds));
	sr->scn = calloc(nr, sizeof(*sr->scn));
	sr->runs = calloc(nr, sizeof(*sr->runs));
	if (!sr->seeds || !sr->scn || !sr->runs) {
		seeds_free(sr);
		return -ENOMEM;
	}
	sr->nr = nr;
	for (unsigned int i = 0; i < nr; i++) {
		sr->seeds[i] = seeds[i];
		sr->scn[i] = *base;
		sr->scn[i].seed = seeds[i];
		sr->runs[i].s = &sr->scn[i];
		sr->runs[i].trace = proto->trace;
		sr->runs[i].record = proto->record;
		sr->runs[i].seed_label = seeds[i];
		sr->runs[i].label_seed = nr > 1;
		sr->runs[i].progress = proto->progress;
		sr->runs[i].progress_out = proto->progress_out;
		sr->runs[i].threads = proto->threads;
	}
	return 0;
}

struct seeds_collect {
	struct seeds_result *sr;
	unsigned int seed, at;
	int ret;
};

/* A cell of seed @sc->seed: the next in the fixed order. */
static void seeds_collect_cell(void *arg, const struct metric *m)
{
	struct seeds_collect *sc = arg;
	struct seeds_result *sr = sc->sr;
	struct seeds_cell *cell;

	if (sc->ret)
		return;
	if (!sc->seed) {
		cell = realloc(sr->cells, (sr->nr_cells + 1) * sizeof(*cell));
		if (!cell) {
			sc->ret = -ENOMEM;
			return;
		}
		sr->cells = cell;
		cell = &sr->cells[sr->nr_cells];
		memset(cell, 0, sizeof(*cell));
		cell->m = *m;
		cell->v = calloc(sr->nr, sizeof(*cell->v));
		if (!cell->v) {
			sc->ret = -ENOMEM;
			return;
		}
		sr->nr_cells++;
	}
	/* The same scenario gives the same cells, but for meminfo snapshots. */
	if (sc->at >= sr->nr_cells ||
	    strcmp(sr->cells[sc->at].m.name, m->name) ||
	    sr->cells[sc->at].m.config != m->config) {
		sc->ret = -EPROTO;
		return;
	}
	sr->cells[sc->at++].v[sc->seed] = m->value;
}

/* Latency statistics of configuration @c over the requests of every seed. */
static int seeds_pool(struct seeds_result *sr, enum scn_config c)
{
	const struct scn_scenario *s = sr->base;
	unsigned long per = s->repeat, n = per * sr->nr;
	uint64_t *ns = calloc(n, sizeof(*ns));
	int *res = calloc(n, sizeof(*res));
	int ret = 0;

	if (!ns || !res) {
		ret = -ENOMEM;
		goto out;
	}
	for (unsigned int si = 0; !ret && si < s->nr_sizes; si++) {
		for (unsigned int k = 0; k < sr->nr; k++) {
			const struct cfg_result *r = &sr->runs[k].cfg[c];

			memcpy(ns + k * per, r->lat_ns + si * per,
			       per * sizeof(*ns));
			memcpy(res + k * per, r->lat_ret + si * per,
			       per * sizeof(*res));
		}
		ret = lat_stats_compute(ns, res, n, &sr->pooled[c][si]);
	}
out:
	free(ns);
	free(res);
	return ret;
}

/* A failed check of seed @k, or of the first seed, whose cells @k's differ from. */
static bool seeds_why_check(struct seeds_result *sr, unsigned int k)
{
	for (int c = 0; c < SCN_CFG_NR; c++) {
		const struct cfg_result *r = &sr->runs[k].cfg[c];

		if (!r->check_failed)
			continue;
		snprintf(sr->why, sizeof(sr->why),
			 "seed %" PRIu64 ": %s: check failed (%s); its run stopped early, so its results cannot be aggregated with the other seeds'",
			 sr->seeds[k], scn_config_name(c), r->check_msg);
		return true;
	}
	return false;
}

/* Say in @sr->why why seed @k's cells are not the first seed's. */
static void seeds_why(struct seeds_result *sr, unsigned int k)
{
	if (seeds_why_check(sr, k) || seeds_why_check(sr, 0))
		return;
	snprintf(sr->why, sizeof(sr->why),
		 "seed %" PRIu64 " has other results than seed %" PRIu64 " (a configuration ran in one and not the other)",
		 sr->seeds[k], sr->seeds[0]);
}

/**
 * seeds_aggregate() - every cell's mean and interval, pooled latencies.
 * @sr: every seed ran (seeds_run()).
 *
 * Context: Process context.
 * Return: 0; -ENOMEM; -EPROTO (the seeds' runs have different cells: a
 * configuration failed in one seed but not another; @sr->why names the
 * seed and what failed).
 */
int seeds_aggregate(struct seeds_result *sr)
{
	struct seeds_collect sc = { .sr = sr };

	sr->why[0] = '\0';
	for (sc.seed = 0; sc.seed < sr->nr; sc.seed++) {
		sc.at = 0;
		metrics_of_run(&sr->runs[sc.seed], seeds_collect_cell, &sc);
		if (!sc.ret && sc.at != sr->nr_cells)
			sc.ret = -EPROTO;
		if (sc.ret)
			break;
	}
	if (sc.ret == -EPROTO)
		seeds_why(sr, sc.seed);
	if (sc.ret)
		return sc.ret;
	for (unsigned int i = 0; i < sr->nr_cells; i++)
		mean_ci_compute(sr->cells[i].v, sr->nr, &sr->cells[i].ci);
	for (int c = 0; c < SCN_CFG_NR; c++) {
		int ret = 0;

		if (sr->runs[0].cfg[c].ran && sr->runs[0].cfg[c].lat_ns)
			ret = seeds_pool(sr, c);
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * seeds_find() - the aggregated cell with this key, or NULL.
 * @sr: aggregated.
 * @section: its section.
 * @c: its configuration.
 * @pages: its size (latency), else 0.
 * @name: its name.
 *
 * Context: Any context.
 * Return: the cell; NULL.
 */
const struct seeds_cell *seeds_find(const struct seeds_result *sr,
				    const char *section, enum scn_config c,
				    unsigned long pages, const char *name)
{
	for (unsigned int i = 0; i < sr->nr_cells; i++) {
		const struct metric *m = &sr->cells[i].m;

		if (m->config == c && m->pages == pages &&
		    !strcmp(m->section, section) && !strcmp(m->name, name))
			return &sr->cells[i];
	}
	return NULL;
}

/**
 * seeds_free() - free what @sr holds (not @sr).
 * @sr: initialised, run or not.
 *
 * Context: Process context.
 * Return: nothing.
 */
void seeds_free(struct seeds_result *sr)
{
	for (unsigned int i = 0; sr->runs && i < sr->nr; i++)
		engine_run_free(&sr->runs[i]);
	for (unsigned int i = 0; i < sr->nr_cells; i++)
		free(sr->cells[i].v);
	free(sr->cells);
	free(sr->runs);
	free(sr->scn);
	free(sr->seeds);
	memset(sr, 0, sizeof(*sr));
}
