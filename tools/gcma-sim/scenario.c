// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Scenarios: the built-in default (the 2015 RFC v2 evaluation) and INI
 * files read with libinih. Every key is in one table, so the parser, the
 * writer (--dump-scenario) and docs/simulator.md agree. A file with any
 * error is refused whole: the message names the file, the line and the
 * key, and nothing runs.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ini.h>

#include "scenario.h"
#include "seeds.h"
#include "tool_number.h"

enum scn_type {
	SCN_ULONG,
	SCN_BOOL,
	SCN_SIZES,
	SCN_CONFIGS,
	SCN_U64,
	SCN_POLICY,
	SCN_CMA_FREE,
	SCN_SEEDS,
	SCN_SWAP,
	SCN_BGKIND,
	SCN_LIST,
	SCN_DOUBLE,
	SCN_PATH,
};

struct scn_key {
	const char *section;
	const char *name;
	enum scn_type type;
	size_t off;
	unsigned long min, max;
};

#define K(sec, key, field, lo, hi) \
	{ sec, key, SCN_ULONG, offsetof(struct scn_scenario, field), lo, hi }
#define B(sec, key, field) \
	{ sec, key, SCN_BOOL, offsetof(struct scn_scenario, field), 0, 1 }

/* Limits keep every product of two settings far from overflow. */
#define PAGES_MAX	(1UL << 26)	/* 256 GiB */
#define COUNT_MAX	(1UL << 24)
#define APPS_MAX	256

static const struct scn_key scn_keys[] = {
	{ "run", "seed", SCN_U64, offsetof(struct scn_scenario, seed), 0, 0 },
	{ "run", "configs", SCN_CONFIGS, 0, 0, 0 },
	{ "run", "seeds", SCN_SEEDS, offsetof(struct scn_scenario, seeds), 0, 0 },
	B("run", "baseline", baseline),
	B("run", "check", check),
	K("run", "threads", threads, 0, SCN_THREADS_MAX),
	K("run", "meminfo_every", meminfo_every, 0, 100000),
	K("machine", "pages", nr_pages, 1024, PAGES_MAX),
	K("machine", "area_pages", area_pages, 1024, PAGES_MAX),
	K("machine", "free_target", free_target, 0, PAGES_MAX),
	B("machine", "cma_balance", cma_balance),
	B("machine", "pcp", pcp),
	K("machine", "pcp_high", pcp_high, 1, 4096),
	K("machine", "pcp_batch", pcp_batch, 1, 4096),
	{ "machine", "cma_pcp_free", SCN_CMA_FREE,
	  offsetof(struct scn_scenario, cma_pcp_buddy), 0, 0 },
	K("workload", "jobs", jobs, 1, 256),
	K("workload", "src_pages", src_pages, 1, PAGES_MAX),
	K("workload", "unit_pages", unit_pages, 1, PAGES_MAX),
	K("workload", "unit_jitter_pct", unit_jitter_pct, 0, 100),
	K("workload", "src_reads", src_reads, 0, 4096),
	K("workload", "hdr_pages", hdr_pages, 1, PAGES_MAX),
	K("workload", "hdr_reads", hdr_reads, 0, 4096),
	K("workload", "anon_pages", anon_pages, 1, PAGES_MAX),
	K("workload", "anon_writes", anon_writes, 0, 4096),
	K("workload", "anon_reads", anon_reads, 0, 4096),
	K("workload", "obj_pages", obj_pages, 0, PAGES_MAX),
	K("workload", "flush_every", flush_every, 0, COUNT_MAX),
	K("workload", "cpu_us", cpu_us, 0, 1000000),
	K("workload", "warmup_steps", warmup_steps, 0, COUNT_MAX),
	K("workload", "steps", steps, 0, COUNT_MAX),
	{ "workload", "kind", SCN_BGKIND,
	  offsetof(struct scn_scenario, bg_kind), 0, 0 },
	{ "workload", "trace", SCN_PATH,
	  offsetof(struct scn_scenario, trace_path), 0, 0 },
	K("pins", "odirect", odirect, 0, 4096),
	K("pins", "odirect_hold_us", odirect_hold_us, 0, 1000000000),
	K("pins", "vmsplice", vmsplice, 0, 4096),
	K("pins", "vmsplice_hold", vmsplice_hold, 1, 4096),
	K("pins", "longterm", longterm, 0, 4096),
	K("pins", "longterm_hold", longterm_hold, 1, 4096),
	B("pins", "longterm_migrates", longterm_migrates),
	K("pins", "fresh", fresh, 0, 4096),
	K("pins", "fresh_hold_us", fresh_hold_us, 1, 1000000000),
	{ "requests", "sizes", SCN_SIZES, 0, 1, PAGES_MAX },
	K("requests", "repeat", repeat, 1, 100000),
	K("requests", "align", align, 0, 20),
	B("requests", "dma_align", dma_align),
	K("requests", "cma_alignment", cma_alignment, 0, 20),
	K("sched", "preempt_us", preempt_us, 0, 1000000000),
	K("sched", "wait_us", wait_us, 0, 1000000000),
	K("sched", "cpus", cpus, 1, 64),
	K("sched", "wake_us", wake_us, 0, 1000000000),
	K("sched", "fault_ns", fault_ns, 0, 1000000000),
	K("sched", "ipi_ns", ipi_ns, 0, 1000000000),
	B("sched", "jobs_sleep", jobs_sleep),
	K("zram", "pages", zram_pages, 0, PAGES_MAX),
	K("zram", "ratio_pct", zram_ratio_pct, 1, 100),
	K("zram", "swap_ratio_pct", swap_ratio_pct, 0, 100),
	{ "zram", "policy", SCN_POLICY,
	  offsetof(struct scn_scenario, zram_policy), 0, 0 },
	K("tagstore", "pages", tag_pages, 0, PAGES_MAX),
	K("tagstore", "activate_every", tag_activate_every, 0, COUNT_MAX),
	K("tagstore", "active_requests", tag_active_requests, 0, COUNT_MAX),
	B("accounting", "report", acct_report),
	K("accounting", "held_pages", acct_held_pages, 0, PAGES_MAX),
	K("accounting", "client_rss_pages", acct_client_rss, 0, PAGES_MAX),
	K("accounting", "client_adj", acct_client_adj, 0, 1000),
	K("accounting", "jobs_adj", acct_jobs_adj, 0, 1000),
	K("accounting", "memcg_limit_pages", acct_memcg_limit, 0, PAGES_MAX),
	K("accounting", "lmkd_minfree_pages", acct_lmkd_minfree, 0, PAGES_MAX),
	K("accounting", "lmkd_min_adj", acct_lmkd_min_adj, 0, 1000),
	K("hurdles", "aio", aio, 0, 4096),
	K("hurdles", "aio_hold", aio_hold, 1, 4096),
	K("hurdles", "bufferhead", bufferhead, 0, 4096),
	K("hurdles", "bufferhead_dirty_pct", bufferhead_dirty_pct, 0, 100),
	K("hurdles", "hog_pages", hog_pages, 0, PAGES_MAX),
	B("hurdles", "noswap", noswap),
	{ "swap", "kind", SCN_SWAP, offsetof(struct scn_scenario, swap_kind),
	  0, 0 },
	{ "swap", "cma", SCN_SWAP,
	  offsetof(struct scn_scenario, swap_cfg[SCN_CFG_CMA]), 0, 0 },
	{ "swap", "gcma", SCN_SWAP,
	  offsetof(struct scn_scenario, swap_cfg[SCN_CFG_GCMA]), 0, 0 },
	{ "swap", "gcma.zram", SCN_SWAP,
	  offsetof(struct scn_scenario, swap_cfg[SCN_CFG_GCMA_ZRAM]), 0, 0 },
	K("apps", "count", apps_count, 1, APPS_MAX),
	{ "apps", "heap_pages", SCN_LIST,
	  offsetof(struct scn_scenario, apps_heap), 1, PAGES_MAX },
	{ "apps", "file_pages", SCN_LIST,
	  offsetof(struct scn_scenario, apps_file), 1, PAGES_MAX },
	{ "apps", "zipf_s", SCN_DOUBLE,
	  offsetof(struct scn_scenario, apps_zipf_s), 0, 5 },
	{ "apps", "app_zipf_s", SCN_DOUBLE,
	  offsetof(struct scn_scenario, apps_app_zipf_s), 0, 5 },
	K("apps", "switch_every_us", apps_switch_every_us, 1, 1000000000),
	K("apps", "launch_pct", apps_launch_pct, 0, 100),
	K("apps", "file_reads", apps_file_reads, 0, 4096),
	K("apps", "heap_writes", apps_heap_writes, 0, 4096),
	K("apps", "heap_reads", apps_heap_reads, 0, 4096),
	K("apps", "bg_touches", apps_bg_touches, 0, 4096),
	K("apps", "lmkd_minfree", lmkd_minfree, 0, PAGES_MAX),
	K("apps", "lmkd_hold_us", lmkd_hold_us, 0, 1000000000),
};

#define NR_KEYS	(sizeof(scn_keys) / sizeof(scn_keys[0]))

/* [zram] policy values, indexed by enum sim_swap_policy. */
static const char *const scn_policy_names[SIM_SWAP_NR_POLICIES] = {
	[SIM_SWAP_WRITE_THROUGH] = "write-through",
	[SIM_SWAP_WRITE_BACK] = "write-back",
	[SIM_SWAP_PUT_BACK] = "put-back",
};

/* [swap] values, indexed by enum scn_swap_kind. */
static const char *const scn_swap_names[SCN_SWAP_NR] = {
	[SCN_SWAP_DEFAULT] = "default",
	[SCN_SWAP_NONE] = "none",
	[SCN_SWAP_DISK] = "disk",
	[SCN_SWAP_ZRAM] = "zram",
};

/* [workload] kind values, indexed by enum scn_bg_kind. */
static const char *const scn_bg_names[SCN_BG_NR] = {
	[SCN_BG_COMPILE] = "compile",
	[SCN_BG_APPS] = "apps",
	[SCN_BG_TRACE] = "trace",
};

static const char *const scn_config_names[SCN_CFG_NR] = {
	[SCN_CFG_CMA] = "cma",
	[SCN_CFG_GCMA] = "gcma",
	[SCN_CFG_GCMA_ZRAM] = "gcma.zram",
};

/**
 * scn_config_name() - the name of a configuration on the command line.
 * @c: the configuration.
 *
 * Context: Any context.
 * Return: a static string; "?" for an unknown value.
 */
const char *scn_config_name(enum scn_config c)
{
	return (unsigned int)c < SCN_CFG_NR ? scn_config_names[c] : "?";
}

/**
 * scn_swap_kind_name() - a [swap] value's name.
 * @k: the kind.
 *
 * Context: Any context.
 * Return: a static string; "?" for an unknown value.
 */
const char *scn_swap_kind_name(enum scn_swap_kind k)
{
	return (unsigned int)k < SCN_SWAP_NR ? scn_swap_names[k] : "?";
}

/**
 * scn_swap_kind() - what configuration @c swaps to in @s.
 * @s: the scenario.
 * @c: the configuration.
 *
 * Its [swap] override, else [swap] kind, else its own default: a disk
 * for cma and gcma, zram for gcma.zram.
 *
 * Context: Any context.
 * Return: SCN_SWAP_NONE, SCN_SWAP_DISK or SCN_SWAP_ZRAM.
 */
enum scn_swap_kind scn_swap_kind(const struct scn_scenario *s,
				 enum scn_config c)
{
	if ((unsigned int)c < SCN_CFG_NR && s->swap_cfg[c] != SCN_SWAP_DEFAULT)
		return s->swap_cfg[c];
	if (s->swap_kind != SCN_SWAP_DEFAULT)
		return s->swap_kind;
	return c == SCN_CFG_GCMA_ZRAM ? SCN_SWAP_ZRAM : SCN_SWAP_DISK;
}

/**
 * scn_defaults() - the built-in scenario: the 2015 RFC v2 evaluation.
 * @s: filled.
 *
 * An 800 MiB machine with a 256 MiB area, 16 "make -j16" jobs reading a
 * source tree and headers, writing objects and anonymous memory, pinning
 * pages like O_DIRECT, vmsplice and long-term GUP users; requests of 1 to
 * 32000 pages, 32 times each.
 *
 * Context: Any context.
 * Return: nothing.
 */
void scn_defaults(struct scn_scenario *s)
{
	static const unsigned long sizes[] = {
		1, 512, 1024, 2048, 4096, 8192, 16384, 32000,
	};

	memset(s, 0, sizeof(*s));
	snprintf(s->name, sizeof(s->name), "default");
	s->seed = 1;
	s->nr_pages = 204800;
	s->area_pages = 65536;
	s->free_target = 1200;
	s->cma_balance = true;
	s->pcp_high = 64;
	s->pcp_batch = 16;
	s->fresh_hold_us = 2000;
	s->jobs = 16;
	s->src_pages = 140000;
	s->unit_pages = 256;
	s->unit_jitter_pct = 50;
	s->src_reads = 16;
	s->hdr_pages = 24000;
	s->hdr_reads = 16;
	s->anon_pages = 8192;
	s->anon_writes = 48;
	s->anon_reads = 16;
	s->obj_pages = 65536;
	s->flush_every = 16;
	s->cpu_us = 2000;
	s->warmup_steps = 32000;
	s->steps = 32;
	s->odirect = 8;
	s->odirect_hold_us = 2000;
	s->vmsplice = 2;
	s->vmsplice_hold = 2;
	s->longterm = 1;
	s->longterm_hold = 4;
	s->longterm_migrates = false;
	s->aio_hold = 8;
	s->bufferhead_dirty_pct = 50;
	memcpy(s->sizes, sizes, sizeof(sizes));
	s->nr_sizes = sizeof(sizes) / sizeof(sizes[0]);
	s->repeat = 32;
	s->align = 0;
	s->dma_align = true;
	s->cma_alignment = 8;
	s->preempt_us = 1000;
	s->wait_us = 2000;
	s->cpus = 4;
	s->configs[SCN_CFG_CMA] = true;
	s->configs[SCN_CFG_GCMA] = true;
	s->configs[SCN_CFG_GCMA_ZRAM] = true;
	s->baseline = true;
	s->check = true;
	s->zram_pages = 32768;
	s->zram_ratio_pct = 33;
	s->swap_ratio_pct = 50;
	s->zram_policy = SIM_SWAP_WRITE_THROUGH;
	/* [apps]: used with [workload] kind = apps only. */
	s->apps_count = 8;
	s->apps_heap = (struct scn_list){ { 8192 }, 1 };
	s->apps_file = (struct scn_list){ { 4096 }, 1 };
	s->apps_zipf_s = 1.0;
	s->apps_app_zipf_s = 0.8;
	s->apps_switch_every_us = 1000000;
	s->apps_launch_pct = 25;
	s->apps_file_reads = 16;
	s->apps_heap_writes = 8;
	s->apps_heap_reads = 16;
	s->apps_bg_touches = 4;
	s->lmkd_minfree = 8192;
	s->lmkd_hold_us = 100000;
	/* Every cost, [sched]'s CPU costs included (cost_preset.c). */
	cost_preset_apply(s, "board2015");
}

/*
 * The next element of the comma-separated list at *@pos, blanks around it
 * trimmed: @elem and @len. An empty element (two commas, a comma at
 * either end) is an error, with "empty element in '@list'" in @err.
 * Return: 1 with an element; 0 at the end of the list; -EINVAL.
 */
static int scn_list_next(const char *list, const char **pos,
			 const char **elem, size_t *len, char *err,
			 size_t errlen)
{
	const char *p = *pos, *e;

	if (!*p && (p == list || p[-1] != ','))
		return 0;
	e = p + strcspn(p, ",");
	*pos = *e ? e + 1 : e;
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if (p == e) {
		snprintf(err, errlen, "empty element in '%s'", list);
		return -EINVAL;
	}
	*elem = p;
	*len = (size_t)(e - p);
	return 1;
}

/**
 * scn_parse_configs() - parse a list like "cma,gcma,gcma.zram".
 * @list: comma-separated names, each at most once (blanks around a name
 *	are ignored; an empty element is an error).
 * @out: set to the configurations named.
 * @err: message on failure.
 * @errlen: size of @err.
 *
 * Context: Any context.
 * Return: 0; -EINVAL (message in @err, @out unchanged).
 */
int scn_parse_configs(const char *list, bool out[SCN_CFG_NR], char *err,
		      size_t errlen)
{
	bool seen[SCN_CFG_NR] = { false };
	const char *pos = list, *name;
	size_t len;
	int nr = 0, ret;

	while ((ret = scn_list_next(list, &pos, &name, &len, err,
				    errlen)) > 0) {
		int c;

		for (c = 0; c < SCN_CFG_NR; c++)
			if (strlen(scn_config_names[c]) == len &&
			    !strncmp(name, scn_config_names[c], len))
				break;
		if (c == SCN_CFG_NR) {
			snprintf(err, errlen,
				 "unknown configuration '%.*s' (known: cma, gcma, gcma.zram)",
				 (int)len, name);
			return -EINVAL;
		}
		if (seen[c]) {
			snprintf(err, errlen, "configuration '%s' named twice",
				 scn_config_names[c]);
			return -EINVAL;
		}
		seen[c] = true;
		nr++;
	}
	if (ret)
		return ret;
	if (!nr) {
		snprintf(err, errlen, "no configuration named");
		return -EINVAL;
	}
	memcpy(out, seen, sizeof(seen));
	return 0;
}

/*
 * A list of 1 to SCN_MAX_SIZES page counts in [1, PAGES_MAX] into @out
 * and @nr (unchanged on error); with @unique, no value twice.
 */
static int scn_parse_pages_list(const char *v, unsigned long *out,
				unsigned int *nr_out, bool unique, char *err,
				size_t errlen)
{
	unsigned long sizes[SCN_MAX_SIZES];
	const char *pos = v, *elem;
	unsigned int nr = 0;
	size_t len;
	int ret;

	while ((ret = scn_list_next(v, &pos, &elem, &len, err, errlen)) > 0) {
		char num[32];
		uint64_t x;

		snprintf(num, sizeof(num), "%.*s", (int)len, elem);
		if (len >= sizeof(num) || tool_parse_u64(num, &x) || x < 1 ||
		    x > PAGES_MAX) {
			snprintf(err, errlen,
				 "'%.*s' is not a page count in [1, %lu]",
				 (int)len, elem, PAGES_MAX);
			return -EINVAL;
		}
		for (unsigned int i = 0; unique && i < nr; i++) {
			if (sizes[i] == x) {
				snprintf(err, errlen, "%lu given twice",
					 sizes[i]);
				return -EINVAL;
			}
		}
		if (nr == SCN_MAX_SIZES) {
			snprintf(err, errlen, "more than %d sizes",
				 SCN_MAX_SIZES);
			return -EINVAL;
		}
		sizes[nr++] = x;
	}
	if (ret)
		return ret;
	if (!nr) {
		snprintf(err, errlen, "no size given");
		return -EINVAL;
	}
	memcpy(out, sizes, nr * sizeof(*sizes));
	*nr_out = nr;
	return 0;
}

static int scn_parse_sizes(struct scn_scenario *s, const char *v, char *err,
			   size_t errlen)
{
	return scn_parse_pages_list(v, s->sizes, &s->nr_sizes, true, err,
				    errlen);
}

/* [run] seeds: empty (one seed), or what --seeds takes (seeds.c). */
static int scn_parse_seeds(struct scn_scenario *s, const char *v, char *err,
			   size_t errlen)
{
	uint64_t *seeds;
	unsigned int nr;
	int ret;

	if (strlen(v) >= sizeof(s->seeds)) {
		snprintf(err, errlen, "longer than %zu bytes",
			 sizeof(s->seeds) - 1);
		return -EINVAL;
	}
	if (*v) {
		ret = seeds_parse(v, 1, &seeds, &nr, err, errlen);
		if (ret)
			return ret;
		free(seeds);
	}
	strcpy(s->seeds, v);
	return 0;
}

/* The index of @v in @names, or -1. */
static int scn_lookup(const char *const *names, int nr, const char *v)
{
	for (int i = 0; i < nr; i++)
		if (!strcmp(v, names[i]))
			return i;
	return -1;
}

static int scn_set_key(struct scn_scenario *s, const struct scn_key *k,
		       const char *v, char *err, size_t errlen)
{
	char *field = (char *)s + k->off;
	uint64_t x;
	int i;

	switch (k->type) {
	case SCN_SIZES:
		return scn_parse_sizes(s, v, err, errlen);
	case SCN_CONFIGS:
		return scn_parse_configs(v, s->configs, err, errlen);
	case SCN_SEEDS:
		return scn_parse_seeds(s, v, err, errlen);
	case SCN_BOOL:
		if (!strcmp(v, "true") || !strcmp(v, "1") ||
		    !strcmp(v, "yes")) {
			*(bool *)field = true;
		} else if (!strcmp(v, "false") || !strcmp(v, "0") ||
			   !strcmp(v, "no")) {
			*(bool *)field = false;
		} else {
			snprintf(err, errlen,
				 "'%s' is not a boolean (true/false)", v);
			return -EINVAL;
		}
		return 0;
	case SCN_POLICY:
		i = scn_lookup(scn_policy_names, SIM_SWAP_NR_POLICIES, v);
		if (i >= 0) {
			*(enum sim_swap_policy *)field = i;
			return 0;
		}
		snprintf(err, errlen,
			 "'%s' is not a policy (write-through, write-back, put-back)",
			 v);
		return -EINVAL;
	case SCN_SWAP:
		i = scn_lookup(scn_swap_names, SCN_SWAP_NR, v);
		if (i < 0) {
			snprintf(err, errlen,
				 "'%s' is not a swap kind (default, none, disk, zram)",
				 v);
			return -EINVAL;
		}
		*(enum scn_swap_kind *)field = i;
		return 0;
	case SCN_BGKIND:
		i = scn_lookup(scn_bg_names, SCN_BG_NR, v);
		if (i < 0) {
			snprintf(err, errlen,
				 "'%s' is not a background (compile, apps, trace)", v);
			return -EINVAL;
		}
		*(enum scn_bg_kind *)field = i;
		return 0;
	case SCN_LIST:
		return scn_parse_pages_list(v, ((struct scn_list *)field)->v,
					    &((struct scn_list *)field)->nr,
					    false, err, errlen);
	case SCN_DOUBLE: {
		char *end;
		double d;

		errno = 0;
		d = strtod(v, &end);
		if (errno || end == v || *end || !(d >= (double)k->min) ||
		    !(d <= (double)k->max)) {
			snprintf(err, errlen, "'%s' is not a number in [%lu, %lu]",
				 v, k->min, k->max);
			return -EINVAL;
		}
		*(double *)field = d;
		return 0;
	}
	case SCN_PATH:
		if (!*v || strlen(v) >= SCN_PATH_LEN) {
			snprintf(err, errlen, "a file name of 1 to %d bytes",
				 SCN_PATH_LEN - 1);
			return -EINVAL;
		}
		strcpy(field, v);
		return 0;
	case SCN_CMA_FREE:
		if (strcmp(v, "pcp") && strcmp(v, "buddy")) {
			snprintf(err, errlen, "'%s' is not pcp or buddy", v);
			return -EINVAL;
		}
		*(bool *)field = !strcmp(v, "buddy");
		return 0;
	case SCN_U64:
		if (tool_parse_u64(v, &x)) {
			snprintf(err, errlen,
				 "'%s' is not an unsigned 64-bit number", v);
			return -EINVAL;
		}
		*(uint64_t *)field = x;
		return 0;
	case SCN_ULONG:
		if (tool_parse_u64(v, &x) || x < k->min || x > k->max) {
			snprintf(err, errlen, "'%s' is not a number in [%lu, %lu]",
				 v, k->min, k->max);
			return -EINVAL;
		}
		*(unsigned long *)field = x;
		return 0;
	}
	return -EINVAL;
}

/* Parser state: the scenario being built and the first error. */
struct scn_parse {
	struct scn_scenario s;
	const char *path;
	char *buf;		/* the file, read whole */
	const char *pos, *end;	/* the next line, the end of the file */
	int line;
	int err_line;
	char err[SCN_ERR_LEN + 256];
	bool seen[NR_KEYS];
	bool cost_seen[SIM_COST_NR];
	bool preset_seen;
};

static void scn_fail(struct scn_parse *p, const char *section,
		     const char *name, const char *msg)
{
	if (p->err_line)
		return;
	p->err_line = p->line;
	snprintf(p->err, sizeof(p->err), "%s:%d: [%s] %s: %s", p->path,
		 p->line, section, name, msg);
}

/* Whether the key @name of @section was given in the file so far. */
static bool scn_key_seen(const struct scn_parse *p, const char *section,
			 const char *name)
{
	for (size_t i = 0; i < NR_KEYS; i++)
		if (!strcmp(scn_keys[i].section, section) &&
		    !strcmp(scn_keys[i].name, name))
			return p->seen[i];
	return false;
}

/*
 * [cost] preset = NAME: every cost from the preset, except the ones the
 * file sets itself, before or after this line (an explicit key always
 * wins).
 */
static int scn_cost_preset(struct scn_parse *p, const char *v)
{
	struct scn_scenario *s = &p->s;
	struct scn_scenario old = *s;
	char msg[128];

	if (p->preset_seen) {
		scn_fail(p, "cost", "preset", "given twice");
		return 0;
	}
	p->preset_seen = true;
	if (cost_preset_apply(s, v)) {
		snprintf(msg, sizeof(msg), "unknown preset '%s' (known: %s)",
			 v, COST_PRESET_NAMES);
		scn_fail(p, "cost", "preset", msg);
		return 0;
	}
	for (int ev = 0; ev < SIM_COST_NR; ev++)
		if (p->cost_seen[ev])
			s->cost.ns[ev] = old.cost.ns[ev];
	if (scn_key_seen(p, "sched", "wake_us"))
		s->wake_us = old.wake_us;
	if (scn_key_seen(p, "sched", "fault_ns"))
		s->fault_ns = old.fault_ns;
	if (scn_key_seen(p, "sched", "ipi_ns"))
		s->ipi_ns = old.ipi_ns;
	return 1;
}

static int scn_cost_key(struct scn_parse *p, const char *name,
			const char *v)
{
	int ev;
	uint64_t ns;

	if (!strcmp(name, "preset"))
		return scn_cost_preset(p, v);
	ev = sim_cost_event_lookup(name);
	if (ev < 0) {
		scn_fail(p, "cost", name,
			 "unknown cost event (see docs/cost-model.md)");
		return 0;
	}
	if (p->cost_seen[ev]) {
		scn_fail(p, "cost", name, "given twice");
		return 0;
	}
	if (tool_parse_u64(v, &ns) || ns > SIM_COST_NS_MAX) {
		scn_fail(p, "cost", name,
			 "not a cost in ns in [0, 1000000000000]");
		return 0;
	}
	p->cost_seen[ev] = true;
	p->s.cost.ns[ev] = ns;
	return 1;
}

static int scn_handler(void *user, const char *section, const char *name,
		       const char *value)
{
	struct scn_parse *p = user;
	char msg[256];
	bool known_section = false;

	if (!strcmp(section, "cost"))
		return scn_cost_key(p, name, value);
	switch (scn_areas_key(&p->s.areas, section, name, value, msg,
			      sizeof(msg))) {
	case 1:
		return 1;
	case 0:
		break;
	default:
		scn_fail(p, section, name, msg);
		return 0;
	}
	for (size_t i = 0; i < NR_KEYS; i++) {
		const struct scn_key *k = &scn_keys[i];

		if (strcmp(k->section, section))
			continue;
		known_section = true;
		if (strcmp(k->name, name))
			continue;
		if (p->seen[i]) {
			scn_fail(p, section, name, "given twice");
			return 0;
		}
		p->seen[i] = true;
		if (scn_set_key(&p->s, k, value, msg, sizeof(msg))) {
			scn_fail(p, section, name, msg);
			return 0;
		}
		return 1;
	}
	if (!*section)
		scn_fail(p, "", name, "key outside any section");
	else if (known_section)
		scn_fail(p, section, name, "unknown key");
	else
		scn_fail(p, section, name, "unknown section");
	return 0;
}

/*
 * ini_reader over the file in memory: one line a call, counted as inih
 * counts them, with its leading blanks removed (inih would read an
 * indented line as the continuation of the previous value; here it is a
 * line of its own). A line too long for inih is an error.
 */
static char *scn_reader(char *str, int num, void *stream)
{
	struct scn_parse *p = stream;
	const char *nl, *line = p->pos;
	size_t len, copy;

	if (p->pos == p->end)
		return NULL;
	nl = memchr(line, '\n', (size_t)(p->end - line));
	p->pos = nl ? nl + 1 : p->end;
	p->line++;
	len = (size_t)(p->pos - line);
	while (len && (*line == ' ' || *line == '\t')) {
		line++;
		len--;
	}
	copy = len < (size_t)num - 1 ? len : (size_t)num - 1;
	if (len - (nl ? 1 : 0) > (size_t)num - 2 && !p->err_line) {
		p->err_line = p->line;
		snprintf(p->err, sizeof(p->err),
			 "%s:%d: line longer than %d bytes", p->path, p->line,
			 num - 2);
	}
	memcpy(str, line, copy);
	str[copy] = '\0';
	return str;
}

/* What a file that is not a regular file is, for the message. */
static const char *scn_file_kind(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISSOCK(mode))
		return "a socket";
	return "not a file";
}

/*
 * Read @p->path whole into @p->buf: a regular file of at most
 * SCN_FILE_MAX bytes without a NUL byte. Opening does not wait (a FIFO
 * is refused, not waited on); a read error is an error, never the end of
 * the file.
 */
static int scn_read_file(struct scn_parse *p)
{
	size_t len = 0;
	struct stat st;
	const char *nul;
	int fd, ret = 0;

	fd = open(p->path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		snprintf(p->err, sizeof(p->err), "%s: cannot open: %s",
			 p->path, strerror(errno));
		return ret;
	}
	if (fstat(fd, &st)) {
		ret = -errno;
		snprintf(p->err, sizeof(p->err), "%s: cannot stat: %s",
			 p->path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(p->err, sizeof(p->err),
			 "%s: not a regular file (%s)", p->path,
			 scn_file_kind(st.st_mode));
		ret = -EINVAL;
		goto out;
	}
	p->buf = malloc(SCN_FILE_MAX + 1);
	if (!p->buf) {
		snprintf(p->err, sizeof(p->err), "%s: out of memory", p->path);
		ret = -ENOMEM;
		goto out;
	}
	/* One byte more than allowed tells a file that is too long. */
	while (len <= SCN_FILE_MAX) {
		ssize_t n = read(fd, p->buf + len, SCN_FILE_MAX + 1 - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = -errno;
			snprintf(p->err, sizeof(p->err), "%s: cannot read: %s",
				 p->path, strerror(errno));
			goto out;
		}
		if (!n)
			break;
		len += (size_t)n;
	}
	if (len > SCN_FILE_MAX) {
		snprintf(p->err, sizeof(p->err),
			 "%s: larger than %d bytes: not a scenario", p->path,
			 SCN_FILE_MAX);
		ret = -EFBIG;
		goto out;
	}
	nul = memchr(p->buf, '\0', len);
	if (nul) {
		int line = 1;

		for (const char *c = p->buf; c < nul; c++)
			line += *c == '\n';
		snprintf(p->err, sizeof(p->err),
			 "%s:%d: a NUL byte: not a text file", p->path, line);
		ret = -EINVAL;
		goto out;
	}
	p->pos = p->buf;
	p->end = p->buf + len;
out:
	close(fd);
	return ret;
}

/*
 * [workload] trace, relative, names a file next to the scenario file:
 * the scenario file's directory goes in front of it.
 */
static void scn_resolve_trace(struct scn_parse *p, char *msg, size_t len)
{
	struct scn_scenario *s = &p->s;
	const char *slash = strrchr(p->path, '/');
	char full[SCN_PATH_LEN];
	int n;

	if (s->trace_path[0] == '/' || !slash || !s->trace_path[0])
		return;
	n = snprintf(full, sizeof(full), "%.*s/%s", (int)(slash - p->path),
		     p->path, s->trace_path);
	if (n < 0 || (size_t)n >= sizeof(full))
		snprintf(msg, len,
			 "[workload] trace: with the scenario's directory, longer than %d bytes",
			 SCN_PATH_LEN - 1);
	else
		strcpy(s->trace_path, full);
}

/* Settings that only make sense together. */
static int scn_validate(struct scn_parse *p)
{
	struct scn_scenario *s = &p->s;
	char msg[256];

	msg[0] = '\0';
	/* With clients, the areas replace [machine] area_pages and the sizes. */
	if (!scn_areas_validate(&s->areas, s->nr_pages, msg, sizeof(msg)) &&
	    s->areas.nr_clients) {
		s->nr_sizes = 0;
		s->area_pages = scn_areas_pages(&s->areas);
	}
	if (msg[0])
		;
	else if (s->area_pages > s->nr_pages / 2)
		snprintf(msg, sizeof(msg),
			 "[machine] area_pages: %lu is more than half of pages (%lu)",
			 s->area_pages, s->nr_pages);
	else if (s->area_pages % 1024 || s->nr_pages % 1024)
		snprintf(msg, sizeof(msg),
			 "[machine] pages and area_pages must be multiples of 1024 (4 MiB)");
	else if (s->pcp_batch > s->pcp_high)
		snprintf(msg, sizeof(msg),
			 "[machine] pcp_batch: %lu is more than pcp_high (%lu)",
			 s->pcp_batch, s->pcp_high);
	else if (s->unit_pages > s->src_pages)
		snprintf(msg, sizeof(msg),
			 "[workload] unit_pages: %lu is more than src_pages (%lu)",
			 s->unit_pages, s->src_pages);
	else if (s->acct_held_pages > s->area_pages)
		snprintf(msg, sizeof(msg),
			 "[accounting] held_pages: %lu is more than area_pages (%lu)",
			 s->acct_held_pages, s->area_pages);
	for (size_t i = 0; !msg[0] && i < NR_KEYS; i++)
		if (p->seen[i] && scn_keys[i].type == SCN_PATH)
			scn_resolve_trace(p, msg, sizeof(msg));
	if (!msg[0] && s->bg_kind == SCN_BG_TRACE && !s->trace_path[0])
		snprintf(msg, sizeof(msg),
			 "[workload] kind = trace needs [workload] trace = FILE");
	for (unsigned int i = 0; !msg[0] && i < s->nr_sizes; i++)
		if (s->sizes[i] > s->area_pages)
			snprintf(msg, sizeof(msg),
				 "[requests] sizes: %lu pages is more than area_pages (%lu)",
				 s->sizes[i], s->area_pages);
	if (!msg[0])
		return 0;
	snprintf(p->err, sizeof(p->err), "%s: %s", p->path, msg);
	return -EINVAL;
}

/**
 * scn_load() - override @s with the settings of an INI file.
 * @s: the scenario (usually scn_defaults()); changed only on success.
 * @path: the file.
 * @err: on failure, "FILE:LINE: [section] key: reason" (or "FILE: ..."
 *	for a file that cannot be read or settings that conflict).
 *
 * The file must be a regular file of at most SCN_FILE_MAX bytes, text
 * (no NUL byte); a directory, a device or a FIFO is refused without
 * reading it.
 * @errlen: size of @err.
 *
 * Context: Process context.
 * Return: 0; -ENOENT/-EACCES/-EIO/... (cannot open or read); -EFBIG (too
 * long); -EINVAL (not a regular text file, a bad setting).
 */
int scn_load(struct scn_scenario *s, const char *path, char *err,
	     size_t errlen)
{
	struct scn_parse *p = calloc(1, sizeof(*p));
	const char *base;
	int ret;

	if (!p) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -ENOMEM;
	}
	p->s = *s;
	p->path = path;
	ret = scn_read_file(p);
	if (ret) {
		snprintf(err, errlen, "%s", p->err);
		free(p->buf);
		free(p);
		return ret;
	}
	ret = ini_parse_stream(scn_reader, p, scn_handler, p);
	free(p->buf);
	if (ret > 0 && ret != p->err_line)
		snprintf(err, errlen,
			 "%s:%d: syntax error (expected [section], key = value or a comment)",
			 path, ret);
	else if (ret || p->err_line)
		snprintf(err, errlen, "%s", p->err);
	else if (scn_validate(p))
		snprintf(err, errlen, "%s", p->err);
	else
		goto ok;
	free(p);
	return -EINVAL;
ok:
	if (scn_key_seen(p, "hurdles", "noswap"))
		p->s.noswap_given = true;
	base = strrchr(path, '/');
	snprintf(p->s.name, sizeof(p->s.name), "%s", base ? base + 1 : path);
	*s = p->s;
	free(p);
	return 0;
}

/**
 * scn_write() - write @s as a scenario file that loads back to it.
 * @s: the scenario.
 * @out: where.
 *
 * Context: Process context.
 * Return: 0; -EIO.
 */
int scn_write(const struct scn_scenario *s, FILE *out)
{
	const char *section = "";

	fprintf(out, "; gcma-sim scenario (docs/simulator.md)\n");
	for (size_t i = 0; i < NR_KEYS; i++) {
		const struct scn_key *k = &scn_keys[i];
		const char *field = (const char *)s + k->off;

		if (strcmp(section, k->section)) {
			section = k->section;
			fprintf(out, "\n[%s]\n", section);
		}
		/* With clients, no sizes: the defaults' are not run. */
		if (k->type == SCN_SIZES && !s->nr_sizes)
			continue;
		/* No trace file: no line (the dump is as before the key). */
		if (k->type == SCN_PATH && !*field)
			continue;
		/* Not given, noswap follows [swap]: written, it would not. */
		if (field == (const char *)&s->noswap && !s->noswap_given)
			continue;
		fprintf(out, "%s = ", k->name);
		switch (k->type) {
		case SCN_ULONG:
			fprintf(out, "%lu\n", *(const unsigned long *)field);
			break;
		case SCN_U64:
			fprintf(out, "%" PRIu64 "\n", *(const uint64_t *)field);
			break;
		case SCN_BOOL:
			fprintf(out, "%s\n",
				*(const bool *)field ? "true" : "false");
			break;
		case SCN_SEEDS:
			fprintf(out, "%s\n", s->seeds);
			break;
		case SCN_POLICY:
			fprintf(out, "%s\n", scn_policy_names[
				*(const enum sim_swap_policy *)field]);
			break;
		case SCN_CMA_FREE:
			fprintf(out, "%s\n",
				*(const bool *)field ? "buddy" : "pcp");
			break;
		case SCN_SWAP:
			fprintf(out, "%s\n", scn_swap_kind_name(
				*(const enum scn_swap_kind *)field));
			break;
		case SCN_BGKIND:
			fprintf(out, "%s\n",
				scn_bg_names[*(const enum scn_bg_kind *)field]);
			break;
		case SCN_PATH:
			fprintf(out, "%s\n", field);
			break;
		case SCN_DOUBLE: {
			double d = *(const double *)field;
			char num[32];

			/* The shortest of %g and %.17g that reads back as d. */
			snprintf(num, sizeof(num), "%g", d);
			if (strtod(num, NULL) != d)
				snprintf(num, sizeof(num), "%.17g", d);
			fprintf(out, "%s\n", num);
			break;
		}
		case SCN_LIST: {
			const struct scn_list *l = (const void *)field;

			for (unsigned int j = 0; j < l->nr; j++)
				fprintf(out, "%s%lu", j ? "," : "", l->v[j]);
			fprintf(out, "\n");
			break;
		}
		case SCN_SIZES:
			for (unsigned int j = 0; j < s->nr_sizes; j++)
				fprintf(out, "%s%lu", j ? "," : "",
					s->sizes[j]);
			fprintf(out, "\n");
			break;
		case SCN_CONFIGS: {
			bool first = true;

			for (int c = 0; c < SCN_CFG_NR; c++) {
				if (!s->configs[c])
					continue;
				fprintf(out, "%s%s", first ? "" : ",",
					scn_config_names[c]);
				first = false;
			}
			fprintf(out, "\n");
			break;
		}
		}
	}
	scn_areas_write(&s->areas, out);
	fprintf(out, "\n[cost]\n");
	if (s->cost_preset[0])
		fprintf(out, "preset = %s\n", s->cost_preset);
	for (int ev = 0; ev < SIM_COST_NR; ev++)
		fprintf(out, "%s = %" PRIu64 "\n", sim_cost_event_name(ev),
			s->cost.ns[ev]);
	return ferror(out) ? -EIO : 0;
}
