// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * gcma-sim's apps background and swap per configuration: the Zipf
 * sampler's distribution (fixed seed, deterministic bounds), lmkd's hold
 * and its victim (the least recently used background app, never the
 * foreground), a killed app's heap freed and its file pages kept, and
 * through the command line: [swap] kind = none swaps nothing out, kind =
 * zram gives every configuration a zram device (frontswap only in
 * gcma.zram), and an apps run is the same twice.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <libgcma/libgcma.h>

#include "apps.h"
#include "splitmix.h"
#include "lmkd.h"
#include "scenario.h"
#include "sim_test.h"
#include "zipf.h"

#define DRAWS	200000

/* s = 1 over 100 ranks: P(k) = 1 / ((k + 1) H_100), H_100 = 5.18738. */
static void t_zipf_distribution(void **state)
{
	static unsigned long count[100];
	struct zipf z;
	uint64_t seed = 42;

	(void)state;
	assert_int_equal(zipf_init(&z, 100, 1.0), 0);
	for (int i = 0; i < DRAWS; i++) {
		unsigned long k = zipf_sample(&z, splitmix64(&seed));

		assert_true(k < 100);
		count[k]++;
	}
	/* Within 3% (relative) of 0.19277, 0.09639 and 0.01928. */
	assert_in_range(count[0], DRAWS * 0.187, DRAWS * 0.199);
	assert_in_range(count[1], DRAWS * 0.0935, DRAWS * 0.0993);
	assert_in_range(count[9], DRAWS * 0.0180, DRAWS * 0.0206);
	/* The top tenth of ranks takes 2928/5187 = 56% of the draws. */
	unsigned long top = 0;

	for (int k = 0; k < 10; k++)
		top += count[k];
	assert_in_range(top, DRAWS * 0.55, DRAWS * 0.58);
	/* Extremes: u = 0 is rank 0, u close to 1 the last rank. */
	assert_int_equal(zipf_sample(&z, 0), 0);
	assert_int_equal(zipf_sample(&z, UINT64_MAX), 99);
	zipf_fini(&z);
	/* s = 0: uniform, each of 10 ranks 10% +- 0.5%. */
	memset(count, 0, sizeof(count));
	assert_int_equal(zipf_init(&z, 10, 0.0), 0);
	for (int i = 0; i < DRAWS; i++)
		count[zipf_sample(&z, splitmix64(&seed))]++;
	for (int k = 0; k < 10; k++)
		assert_in_range(count[k], DRAWS * 0.095, DRAWS * 0.105);
	zipf_fini(&z);
	assert_int_equal(zipf_init(&z, 0, 1.0), -EINVAL);
	assert_int_equal(zipf_init(&z, 5, -1.0), -EINVAL);
}

/* A kill only after memory stayed low for the whole hold. */
static void t_lmkd_hold(void **state)
{
	struct lmkd l;

	(void)state;
	lmkd_init(&l, 100, 50);
	assert_false(lmkd_should_kill(&l, 0, 200));
	assert_false(lmkd_should_kill(&l, 10, 99));	/* low since 10 */
	assert_false(lmkd_should_kill(&l, 59, 50));
	assert_false(lmkd_should_kill(&l, 60, 100));	/* recovered */
	assert_false(lmkd_should_kill(&l, 70, 10));	/* low since 70 */
	assert_false(lmkd_should_kill(&l, 119, 10));
	assert_true(lmkd_should_kill(&l, 120, 10));
	lmkd_killed(&l, 120);				/* wait again */
	assert_false(lmkd_should_kill(&l, 169, 10));
	assert_true(lmkd_should_kill(&l, 170, 10));
	/* minfree 0: off. */
	lmkd_init(&l, 0, 0);
	assert_false(lmkd_should_kill(&l, 1000, 0));
}

/* The least recently used running app, never the foreground. */
static void t_lmkd_victim(void **state)
{
	uint64_t used[5] = { 5, 1, 3, 0, 9 };
	bool running[5] = { true, true, true, false, true };

	(void)state;
	/* 3 is older but dead; 1 is the oldest alive. */
	assert_int_equal(lmkd_pick_victim(used, running, 5, 0), 1);
	/* The foreground is never picked, even when it is the oldest. */
	assert_int_equal(lmkd_pick_victim(used, running, 5, 1), 2);
	/* Only the foreground runs: nobody. */
	running[0] = running[2] = running[4] = false;
	assert_int_equal(lmkd_pick_victim(used, running, 5, 1), -1);
	assert_int_equal(lmkd_pick_victim(used, running, 5, -1), 1);
}

struct apps_fixture {
	struct sim_machine *m;
	struct super_block *fs, *anon_fs;
	struct scn_scenario s;
	struct apps a;
};

static unsigned long fs_cached(struct super_block *sb)
{
	struct sim_fs_usage u;

	assert_int_equal(sim_fs_get_usage(sb, &u), 0);
	return u.cached;
}

/* A machine of @pages with the two filesystems, anonymous memory unswappable. */
static void fixture_up(struct apps_fixture *f, unsigned long pages)
{
	struct sim_machine_config cfg = {
		.name = "apps", .nr_pages = pages, .data_mode = SIM_DATA_NONE,
		.violation_mode = SIM_VIOLATION_RECORD, .seed = 1,
	};
	struct sim_fs_options o = { .anon = true, .no_swap = true };

	assert_int_equal(sim_machine_create(&cfg, &f->m), 0);
	assert_int_equal(sim_thread_attach(f->m), 0);
	assert_int_equal(sim_machine_boot_done(f->m), 0);
	assert_int_equal(sim_fs_mount("files", pages, &f->fs), 0);
	assert_int_equal(sim_fs_mount_opts("anon", pages, &o, &f->anon_fs), 0);
	assert_int_equal(apps_init(&f->a, &f->s, f->m, f->fs, f->anon_fs), 0);
}

static void fixture_down(struct apps_fixture *f)
{
	apps_fini(&f->a);
	assert_int_equal(sim_fs_unmount(f->anon_fs), 0);
	assert_int_equal(sim_fs_unmount(f->fs), 0);
	assert_int_equal(sim_violation_count(f->m), 0);
	sim_thread_detach();
	sim_machine_destroy(f->m);
}

/*
 * No swap, heaps larger than memory: the OOM killer kills background
 * apps, never the app being launched (it is the foreground from the
 * start of its launch), so the foreground app is always alive.
 */
static void t_oom_spares_launching_app(void **state)
{
	struct apps_fixture f;

	(void)state;
	memset(&f, 0, sizeof(f));
	scn_defaults(&f.s);
	f.s.apps_count = 4;
	f.s.apps_heap = (struct scn_list){ { 2500 }, 1 };
	f.s.apps_file = (struct scn_list){ { 64 }, 1 };
	f.s.apps_launch_pct = 100;
	f.s.apps_app_zipf_s = 0.0;
	f.s.apps_switch_every_us = f.s.cpu_us;	/* a launch every step */
	f.s.lmkd_minfree = 0;
	fixture_up(&f, 8192);
	for (int i = 0; i < 64; i++) {
		assert_int_equal(apps_step(&f.a, (uint64_t)i * 1000), 0);
		assert_true(f.a.fg >= 0);
		assert_true(f.a.running[f.a.fg]);
	}
	assert_true(f.a.c.oom_kills > 0);
	assert_true(f.a.c.launches_cold > 4);
	fixture_down(&f);
}

/* A killed app's heap is freed (no swap: every page resident); its file stays. */
static void t_kill_frees_heap(void **state)
{
	struct apps_fixture f;
	unsigned long file_before;
	int fg;

	(void)state;
	memset(&f, 0, sizeof(f));
	scn_defaults(&f.s);
	f.s.apps_count = 3;
	f.s.apps_heap = (struct scn_list){ { 256, 512 }, 2 };
	f.s.apps_file = (struct scn_list){ { 128 }, 1 };
	f.s.apps_switch_every_us = f.s.cpu_us * 10;
	f.s.lmkd_minfree = 0;
	fixture_up(&f, 8192);
	/* 40 steps: four launches, so at least two apps run. */
	for (int i = 0; i < 40; i++)
		assert_int_equal(apps_step(&f.a, (uint64_t)i * 1000), 0);
	assert_int_equal(f.a.c.launches_cold + f.a.c.launches_warm, 4);
	fg = f.a.fg;
	assert_true(fg >= 0);
	assert_true(f.a.running[fg]);
	for (unsigned int i = 0; i < f.a.nr; i++) {
		unsigned long before = fs_cached(f.anon_fs);

		if (!f.a.running[i])
			continue;
		file_before = fs_cached(f.fs);
		assert_true(f.a.app[i].heap_used > 0);
		assert_int_equal(apps_kill(&f.a, i), 0);
		assert_false(f.a.running[i]);
		/* Every heap page the app had is gone; no file page is. */
		assert_true(fs_cached(f.anon_fs) < before);
		assert_int_equal(fs_cached(f.fs), file_before);
		assert_int_equal(apps_kill(&f.a, i), -EINVAL);
	}
	assert_int_equal(fs_cached(f.anon_fs), 0);
	assert_int_equal(f.a.fg, -1);
	fixture_down(&f);
}

/* Run the small scenario plus @extra on cma,gcma,gcma.zram. */
static void run_with(struct sim_out *o, const char *extra, const char *fmt)
{
	const char *more[] = { "--format", fmt, NULL };

	sim_run_small(o, extra, more);
}

/* The number after "@key=" in the line starting with @line. */
static unsigned long field(const char *out, const char *line,
			   const char *key)
{
	const char *l = strstr(out, line), *k;
	char pat[64];

	assert_non_null(l);
	snprintf(pat, sizeof(pat), " %s=", key);
	k = strstr(l, pat);
	assert_non_null(k);
	assert_true(k < strchr(l, '\n'));
	return strtoul(k + strlen(pat), NULL, 10);
}

/* No swap: no anonymous page leaves memory, in any configuration. */
static void t_swap_none(void **state)
{
	struct sim_out o;

	(void)state;
	run_with(&o, "[swap]\nkind = none\n", "table");
	assert_int_equal(field(o.out, "app cma:", "swap_outs"), 0);
	assert_int_equal(field(o.out, "app gcma:", "anon_evictions"), 0);
	assert_int_equal(field(o.out, "app gcma.zram:", "swap_outs"), 0);
	/* The file pages are still evicted: there was pressure. */
	assert_true(field(o.out, "app cma:", "file_evictions") > 0);
	assert_null(strstr(o.out, "frontswap ("));
	sim_out_free(&o);
}

/*
 * zram everywhere: each configuration's swap-outs go to a zram device;
 * frontswap keeps pages only in gcma.zram (ratio 0 elsewhere).
 */
static void t_swap_zram_all(void **state)
{
	struct sim_out o;

	(void)state;
	run_with(&o, "[swap]\nkind = zram\n[zram]\npages = 4096\n", "table");
	assert_true(field(o.out, "frontswap (cma):", "swap_outs") > 0);
	assert_true(field(o.out, "frontswap (cma):", "device_writes") > 0);
	assert_int_equal(field(o.out, "frontswap (cma):", "stores"), 0);
	assert_true(field(o.out, "frontswap (gcma):", "device_writes") > 0);
	assert_int_equal(field(o.out, "frontswap (gcma):", "stores"), 0);
	assert_true(field(o.out, "frontswap (gcma.zram):", "stores") > 0);
	sim_out_free(&o);
	/* An override: cma none, the others zram. */
	run_with(&o, "[swap]\nkind = zram\ncma = none\n[zram]\npages = 4096\n",
		 "table");
	assert_null(strstr(o.out, "frontswap (cma):"));
	assert_int_equal(field(o.out, "app cma:", "swap_outs"), 0);
	assert_non_null(strstr(o.out, "frontswap (gcma):"));
	sim_out_free(&o);
}

static const char apps_extra[] =
	"[workload]\nkind = apps\ncpu_us = 2000\n"
	"[apps]\ncount = 6\nheap_pages = 1024, 2048, 3072\n"
	"file_pages = 1024\nlmkd_minfree = 4608\nlmkd_hold_us = 2000\n"
	"switch_every_us = 20000\nheap_writes = 32\n";

/* The apps background: launches, kills, the same numbers twice. */
static void t_apps_run(void **state)
{
	struct sim_out a, b;

	(void)state;
	run_with(&a, apps_extra, "table");
	run_with(&b, apps_extra, "table");
	/* All but the first line, which names the temporary file. */
	assert_string_equal(strchr(a.out, '\n'), strchr(b.out, '\n'));
	assert_true(field(a.out, "apps cma (swap disk):", "launches_cold") +
		    field(a.out, "apps cma (swap disk):", "launches_warm") > 0);
	assert_true(field(a.out, "apps gcma.zram (swap zram):",
			  "lmkd_kills") > 0);
	sim_out_free(&b);
	run_with(&b, apps_extra, "csv");
	assert_non_null(strstr(b.out, ",apps.launches_cold,"));
	assert_non_null(strstr(b.out, ",apps_baseline.lmkd_kills,"));
	sim_out_free(&b);
	run_with(&b, apps_extra, "json");
	assert_non_null(strstr(b.out, "\"apps\": {\"launches_cold\": "));
	sim_out_free(&b);
	sim_out_free(&a);
	/* Several seeds: the apps cells' means and intervals. */
	{
		const char *more[] = { "--seeds", "2", "--config", "gcma",
				       NULL };

		sim_run_small(&b, apps_extra, more);
		assert_non_null(strstr(b.out, "\napps gcma: launches_cold="));
		assert_non_null(strstr(b.out, "\napps_baseline gcma: "));
		sim_out_free(&b);
	}
	/* The compile background prints no apps cells. */
	run_with(&a, "", "csv");
	assert_null(strstr(a.out, "apps."));
	sim_out_free(&a);
}

/* Bad [swap], [workload] kind and [apps] values: refused, named. */
static void t_bad_keys(void **state)
{
	static const char *const bad[][2] = {
		{ "[swap]\nkind = ssd\n", "[swap] kind: 'ssd' is not a swap kind" },
		{ "[swap]\ngcma = tape\n", "[swap] gcma: 'tape'" },
		{ "[workload]\nkind = games\n", "[workload] kind: 'games' is not a background" },
		{ "[apps]\nzipf_s = 7\n", "[apps] zipf_s: '7' is not a number in [0, 5]" },
		{ "[apps]\nzipf_s = 1x\n", "[apps] zipf_s: '1x'" },
		{ "[apps]\nheap_pages = 1,,2\n", "[apps] heap_pages: empty element" },
		{ "[apps]\ncount = 0\n", "[apps] count: '0'" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *path = sim_write_file(bad[i][0]);
		const char *args[] = { "--scenario", path, NULL };
		struct sim_out o;

		sim_run(&o, args);
		assert_int_equal(o.status, 2);
		assert_non_null(strstr(o.err, bad[i][1]));
		sim_out_free(&o);
		sim_remove_file(path);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_zipf_distribution),
		cmocka_unit_test(t_lmkd_hold),
		cmocka_unit_test(t_lmkd_victim),
		cmocka_unit_test(t_kill_frees_heap),
		cmocka_unit_test(t_oom_spares_launching_app),
		cmocka_unit_test(t_swap_none),
		cmocka_unit_test(t_swap_zram_all),
		cmocka_unit_test(t_apps_run),
		cmocka_unit_test(t_bad_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
