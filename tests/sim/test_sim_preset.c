// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Cost-model presets ([cost] preset, tools/gcma-sim/cost_preset.c):
 * board2015 is exactly the default scenario (so its output is
 * byte-identical), phone2025 sets every cost, keys given in the file
 * win over the preset wherever they are, and an unknown name is an
 * error that names the valid ones.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli.h"
#include "scenario.h"
#include "sim_test.h"

/* Load @text on top of @s; the loaded scenario's name is cleared. */
static void load_text(struct scn_scenario *s, const char *text)
{
	char *path = sim_write_file(text);
	char err[SCN_ERR_LEN];

	assert_int_equal(scn_load(s, path, err, sizeof(err)), 0);
	memset(s->name, 0, sizeof(s->name));
	sim_remove_file(path);
}

/*
 * board2015 is today's default, value for value: the library's cost
 * model with the scenario's 3 ms writeback, [sched] wake_us 50,
 * fault_ns 2000, ipi_ns 1000. Applied over a phone it gives back the
 * whole default scenario, so the output cannot differ.
 */
static void t_board2015_is_default(void **state)
{
	struct scn_scenario d, s;
	struct sim_cost_model lib;

	scn_defaults(&d);
	sim_cost_model_default(&lib);
	lib.ns[SIM_COST_WRITEBACK] = 3000000;
	assert_memory_equal(&d.cost, &lib, sizeof(lib));
	assert_int_equal(d.wake_us, 50);
	assert_int_equal(d.fault_ns, 2000);
	assert_int_equal(d.ipi_ns, 1000);
	assert_string_equal(d.cost_preset, "board2015");

	scn_defaults(&s);
	load_text(&s, "[cost]\npreset = phone2025\n");
	assert_memory_not_equal(&s.cost, &d.cost, sizeof(d.cost));
	load_text(&s, "[cost]\npreset = board2015\n");
	memset(d.name, 0, sizeof(d.name));
	assert_memory_equal(&s, &d, sizeof(d));
}

/* The same small run with and without "preset = board2015": same bytes. */
static void t_board2015_same_output(void **state)
{
	char *plain = sim_write_file(sim_small_scenario);
	char *text = malloc(strlen(sim_small_scenario) + 64);
	char *preset;
	struct sim_out a, b;

	assert_non_null(text);
	sprintf(text, "%s[cost]\npreset = board2015\n", sim_small_scenario);
	preset = sim_write_file(text);
	{
		const char *args_a[] = { "--scenario", plain, "--quiet",
					 "--format", "json", NULL };
		const char *args_b[] = { "--scenario", preset, "--quiet",
					 "--format", "json", NULL };

		sim_run(&a, args_a);
		sim_run(&b, args_b);
	}
	assert_int_equal(a.status, 0);
	assert_int_equal(b.status, 0);
	/* The scenario's name is the file's; the rest must not differ. */
	{
		char *na = strstr(a.out, "\"seed\""), *nb = strstr(b.out, "\"seed\"");

		assert_non_null(na);
		assert_non_null(nb);
		assert_string_equal(na, nb);
	}
	sim_out_free(&a);
	sim_out_free(&b);
	sim_remove_file(preset);
	sim_remove_file(plain);
	free(text);
}

/* phone2025 sets every cost, from docs/cost-model.md's table. */
static void t_phone2025(void **state)
{
	struct scn_scenario s, d;

	scn_defaults(&s);
	scn_defaults(&d);
	load_text(&s, "[cost]\npreset = phone2025\n");
	assert_string_equal(s.cost_preset, "phone2025");
	assert_int_equal(s.cost.ns[SIM_COST_PAGE_COPY], 300);
	assert_int_equal(s.cost.ns[SIM_COST_WRITEBACK], 29000);
	assert_int_equal(s.cost.ns[SIM_COST_DISK_READ], 27000);
	assert_int_equal(s.cost.ns[SIM_COST_ZRAM_WRITE], 8000);
	assert_int_equal(s.cost.ns[SIM_COST_ZRAM_READ], 2000);
	assert_int_equal(s.fault_ns, 1000);
	assert_int_equal(s.ipi_ns, 0);
	assert_int_equal(s.wake_us, 17);
	/* Nothing inherited from the board, nothing left at 0. */
	for (int ev = 0; ev < SIM_COST_NR; ev++) {
		assert_true(s.cost.ns[ev] > 0);
		assert_true(s.cost.ns[ev] != d.cost.ns[ev]);
	}
	/* Only costs: the machine and the workload stay. */
	assert_int_equal(s.nr_pages, d.nr_pages);
	assert_int_equal(s.cpus, d.cpus);
	assert_int_equal(s.preempt_us, d.preempt_us);
}

/* A key given in the file wins over the preset, before or after it. */
static void t_keys_override(void **state)
{
	struct scn_scenario s;

	scn_defaults(&s);
	load_text(&s, "[sched]\nfault_ns = 7\n"
		      "[cost]\nwriteback = 5\npreset = phone2025\ndrain = 9\n"
		      "[sched]\nwake_us = 3\n");
	assert_int_equal(s.cost.ns[SIM_COST_WRITEBACK], 5);
	assert_int_equal(s.cost.ns[SIM_COST_DRAIN], 9);
	assert_int_equal(s.fault_ns, 7);
	assert_int_equal(s.wake_us, 3);
	/* The rest is the preset's. */
	assert_int_equal(s.cost.ns[SIM_COST_PAGE_COPY], 300);
	assert_int_equal(s.ipi_ns, 0);
}

static void expect_refused(const char *text, const char *msg)
{
	char *path = sim_write_file(text);
	const char *args[] = { "--scenario", path, NULL };
	struct sim_out o;

	sim_run(&o, args);
	assert_int_equal(o.status, SIM_EXIT_USAGE);
	assert_int_equal(o.out_len, 0);
	if (!strstr(o.err, msg))
		fail_msg("expected '%s' in '%s'", msg, o.err);
	sim_out_free(&o);
	sim_remove_file(path);
}

static void t_bad_preset(void **state)
{
	expect_refused("[cost]\npreset = phone2030\n",
		       ":2: [cost] preset: unknown preset 'phone2030' (known: board2015, phone2025)");
	expect_refused("[cost]\npreset = board2015\npreset = phone2025\n",
		       ":3: [cost] preset: given twice");
}

/* The dump names the preset and loads back to the same scenario. */
static void t_dump_round_trip(void **state)
{
	char *path = sim_write_file("[cost]\npreset = phone2025\ndrain = 9\n");
	const char *args[] = { "--scenario", path, "--dump-scenario", NULL };
	struct scn_scenario s, t;
	struct sim_out o, again;
	char *dumped;

	sim_run(&o, args);
	assert_int_equal(o.status, 0);
	assert_non_null(strstr(o.out, "\n[cost]\npreset = phone2025\n"));
	assert_non_null(strstr(o.out, "\ndrain = 9\n"));
	scn_defaults(&s);
	scn_defaults(&t);
	load_text(&s, "[cost]\npreset = phone2025\ndrain = 9\n");
	load_text(&t, o.out);
	assert_memory_equal(&s.cost, &t.cost, sizeof(s.cost));
	assert_string_equal(s.cost_preset, t.cost_preset);
	assert_int_equal(s.wake_us, t.wake_us);
	assert_int_equal(s.fault_ns, t.fault_ns);
	assert_int_equal(s.ipi_ns, t.ipi_ns);
	dumped = sim_write_file(o.out);
	{
		const char *args2[] = { "--scenario", dumped,
					"--dump-scenario", NULL };

		sim_run(&again, args2);
	}
	assert_int_equal(again.status, 0);
	assert_string_equal(o.out, again.out);
	sim_out_free(&o);
	sim_out_free(&again);
	sim_remove_file(dumped);
	sim_remove_file(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_board2015_is_default),
		cmocka_unit_test(t_board2015_same_output),
		cmocka_unit_test(t_phone2025),
		cmocka_unit_test(t_keys_override),
		cmocka_unit_test(t_bad_preset),
		cmocka_unit_test(t_dump_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
