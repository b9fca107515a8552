// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The model parts of gcma-sim's clients (docs/simulator.md "Areas and
 * clients"): the event queue's order, each arrival process's times,
 * the same draws from the same seed, size weights, hold times, and the
 * [area.NAME] / [client.NAME] sections' parsing and refusals.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "client_model.h"
#include "event_queue.h"
#include "scenario.h"
#include "sim_test.h"

/* Expect pops by time, equal times in push order, then -ENOENT. */
static void t_evq_order(void **state)
{
	static const uint64_t at[] = { 50, 10, 30, 10, 70, 30, 10, 0 };
	struct event_queue q;
	struct evq_event ev = { 0 }, out;
	uint64_t last_at = 0, last_who = 0;

	(void)state;
	evq_init(&q);
	for (unsigned int round = 0; round < 40; round++) {
		ev.at_ns = at[round % 8] + (round / 8) * 5;
		ev.who = round;
		assert_int_equal(evq_push(&q, &ev), 0);
	}
	for (unsigned int i = 0; i < 40; i++) {
		assert_int_equal(evq_pop(&q, &out), 0);
		assert_true(out.at_ns >= last_at);
		if (i && out.at_ns == last_at)
			assert_true(out.who > last_who);
		last_at = out.at_ns;
		last_who = out.who;
	}
	assert_int_equal(evq_pop(&q, &out), -ENOENT);
	evq_free(&q);
}

static struct scn_client client(enum scn_arrival arr, unsigned long period,
				unsigned long burst, unsigned long count)
{
	struct scn_client c = {
		.nr_sizes = 1, .sizes = { 8 }, .weights = { 1 },
		.arrival = arr, .period_us = period, .burst = burst,
		.start_us = 500, .count = count,
	};

	return c;
}

/* periodic: start + k * period, exactly count of them. */
static void t_periodic(void **state)
{
	struct scn_client c = client(SCN_ARRIVAL_PERIODIC, 1000, 1, 4);
	struct client_model cm;
	uint64_t t;

	(void)state;
	client_model_init(&cm, &c, 7, 0);
	for (uint64_t k = 0; k < 4; k++) {
		assert_int_equal(client_next_arrival(&cm, &t), 0);
		assert_int_equal(t, 500000 + k * 1000000);
	}
	assert_int_equal(client_next_arrival(&cm, &t), -ENOENT);
}

/* burst: burst requests at once, the bursts a period apart. */
static void t_burst(void **state)
{
	struct scn_client c = client(SCN_ARRIVAL_BURST, 10000, 3, 7);
	static const uint64_t want[] = { 0, 0, 0, 10, 10, 10, 20 };
	struct client_model cm;
	uint64_t t;

	(void)state;
	client_model_init(&cm, &c, 7, 0);
	for (int k = 0; k < 7; k++) {
		assert_int_equal(client_next_arrival(&cm, &t), 0);
		assert_int_equal(t, 500000 + want[k] * 1000000);
	}
	assert_int_equal(client_next_arrival(&cm, &t), -ENOENT);
}

/*
 * poisson: the same seed and index draw the same times, another seed or
 * index other times; times never go back; 20000 gaps average the period
 * within 3% (a fixed seed: the same figure every run).
 */
static void t_poisson(void **state)
{
	struct scn_client c = client(SCN_ARRIVAL_POISSON, 1000, 1, 20000);
	struct client_model a, b, other_seed, other_index;
	uint64_t ta, tb, to, ti, last = 500000;
	bool seed_differs = false, index_differs = false;

	(void)state;
	client_model_init(&a, &c, 11, 0);
	client_model_init(&b, &c, 11, 0);
	client_model_init(&other_seed, &c, 12, 0);
	client_model_init(&other_index, &c, 11, 1);
	for (int k = 0; k < 20000; k++) {
		assert_int_equal(client_next_arrival(&a, &ta), 0);
		assert_int_equal(client_next_arrival(&b, &tb), 0);
		assert_int_equal(client_next_arrival(&other_seed, &to), 0);
		assert_int_equal(client_next_arrival(&other_index, &ti), 0);
		assert_int_equal(ta, tb);
		assert_true(ta >= last);
		seed_differs |= to != ta;
		index_differs |= ti != ta;
		last = ta;
	}
	assert_true(seed_differs);
	assert_true(index_differs);
	assert_in_range((last - 500000) / 20000, 970000, 1030000);
}

/* Weights 3:1 over 4000 draws; the sizes drawn do not move arrivals. */
static void t_size_weights(void **state)
{
	struct scn_client c = client(SCN_ARRIVAL_POISSON, 1000, 1, 10);
	struct client_model a, b;
	unsigned long n[2] = { 0, 0 };
	uint64_t ta, tb;

	(void)state;
	c.nr_sizes = 2;
	c.sizes[1] = 16;
	c.weights[0] = 3;
	c.weights[1] = 1;
	client_model_init(&a, &c, 5, 0);
	client_model_init(&b, &c, 5, 0);
	for (int k = 0; k < 4000; k++)
		n[client_pick_size(&a)]++;
	assert_in_range(n[0], 2850, 3150);
	assert_int_equal(n[0] + n[1], 4000);
	for (int k = 0; k < 10; k++) {
		assert_int_equal(client_next_arrival(&a, &ta), 0);
		assert_int_equal(client_next_arrival(&b, &tb), 0);
		assert_int_equal(ta, tb);
	}
}

/* fixed: exactly hold_us; uniform: in [0, 2 hold_us]; exp: mean hold_us. */
static void t_hold(void **state)
{
	struct scn_client c = client(SCN_ARRIVAL_PERIODIC, 1000, 1, 1);
	struct client_model cm;
	uint64_t sum = 0, max = 0;

	(void)state;
	c.hold_us = 2000;
	client_model_init(&cm, &c, 3, 0);
	assert_int_equal(client_hold_ns(&cm), 2000000);
	c.hold = SCN_HOLD_UNIFORM;
	for (int k = 0; k < 10000; k++) {
		uint64_t h = client_hold_ns(&cm);

		assert_true(h <= 4000000);
		max = h > max ? h : max;
		sum += h;
	}
	assert_true(max > 3900000);
	assert_in_range(sum / 10000, 1940000, 2060000);
	c.hold = SCN_HOLD_EXP;
	sum = 0;
	for (int k = 0; k < 10000; k++)
		sum += client_hold_ns(&cm);
	assert_in_range(sum / 10000, 1940000, 2060000);
}

/* Load @text over the defaults; expect @ret and, on error, @msg. */
static void load(const char *text, int ret, const char *msg,
		 struct scn_scenario *s)
{
	char *path = sim_write_file(text);
	char err[SCN_ERR_LEN];

	scn_defaults(s);
	err[0] = '\0';
	if (scn_load(s, path, err, sizeof(err)) != ret)
		fail_msg("%s: not %d: %s", text, ret, err);
	if (msg && !strstr(err, msg))
		fail_msg("'%s' not in '%s'", msg, err);
	sim_remove_file(path);
}

#define TWO_AREAS \
	"[area.camera]\npages = 4096\nguarantee = true\n" \
	"[area.video]\npages = 2048\n" \
	"[client.cam]\narea = camera\nsizes = 1024:3, 2048:1\n" \
	"arrival = burst\nburst = 4\nperiod_us = 100000\nhold = exp\n" \
	"hold_us = 50000\nconcurrency = 4\ncount = 16\n" \
	"[client.vid]\narea = video\nsizes = 1024\nperiod_us = 5000\n" \
	"count = 8\n"

static void t_parse(void **state)
{
	struct scn_scenario s;
	const struct scn_client *c;

	(void)state;
	load(TWO_AREAS, 0, NULL, &s);
	assert_int_equal(s.areas.nr_areas, 2);
	assert_int_equal(s.areas.nr_clients, 2);
	assert_true(s.areas.area[0].guarantee);
	assert_false(s.areas.area[1].guarantee);
	/* The [requests] sizes are not run; area_pages is every area's. */
	assert_int_equal(s.nr_sizes, 0);
	assert_int_equal(s.area_pages, 6144);
	c = &s.areas.client[0];
	assert_int_equal(c->area, 0);
	assert_int_equal(c->nr_sizes, 2);
	assert_int_equal(c->weights[0], 3);
	assert_int_equal(c->arrival, SCN_ARRIVAL_BURST);
	assert_int_equal(c->hold, SCN_HOLD_EXP);
	assert_int_equal(s.areas.client[1].area, 1);
	assert_int_equal(s.areas.client[1].arrival, SCN_ARRIVAL_PERIODIC);
	assert_int_equal(scn_areas_requests(&s.areas), 24);
}

static void t_refused(void **state)
{
	struct scn_scenario s;

	(void)state;
	load("[area.a]\npages = 4096\npages = 4096\n", -EINVAL,
	     ":3: [area.a] pages: given twice", &s);
	load("[area.a]\nsize = 4096\n", -EINVAL, "[area.a] size: unknown key",
	     &s);
	load("[area.a b]\npages = 4096\n", -EINVAL, "is not a name", &s);
	load("[area.a]\npages = 4000\n[client.c]\narea = a\nsizes = 1\nperiod_us = 1\ncount = 1\n",
	     -EINVAL, "multiple of 1024", &s);
	load("[area.a]\npages = 4096\n", -EINVAL, "without any [client.*]", &s);
	load("[area.a]\npages = 4096\n[client.c]\narea = b\nsizes = 1\nperiod_us = 1\ncount = 1\n",
	     -EINVAL, "[client.c] area: no such", &s);
	load("[area.a]\npages = 4096\n[client.c]\narea = a\nsizes = 1\ncount = 1\n",
	     -EINVAL, "[client.c] period_us: missing", &s);
	load("[area.a]\npages = 4096\n[client.c]\narea = a\nsizes = 8192\nperiod_us = 1\ncount = 1\n",
	     -EINVAL, "more than area a", &s);
	load("[area.a]\npages = 4096\n[client.c]\narea = a\nsizes = 1:0\n",
	     -EINVAL, "[client.c] sizes: '0' is not a number", &s);
	load("[area.a]\npages = 4096\n[client.c]\narea = a\nsizes = 1,\n",
	     -EINVAL, "empty element", &s);
	load("[area.a]\npages = 4096\n[client.c]\narea = a\nsizes = 2,2\n",
	     -EINVAL, "2 given twice", &s);
	load("[area.a]\npages = 4096\n[client.c]\narea = a\narrival = sometimes\n",
	     -EINVAL, "not one of periodic, poisson, burst", &s);
	load("[area.a]\npages = 4096\n[client.c]\narea = a\nsizes = 1\nperiod_us = 1\ncount = 1\nburst = 4\n",
	     -EINVAL, "burst: only with arrival = burst", &s);
	load("[area.a]\npages = 131072\n[client.c]\narea = a\nsizes = 1\nperiod_us = 1\ncount = 1\n",
	     -EINVAL, "more than half", &s);
}

/* --dump-scenario writes the sections so they load back the same. */
static void t_dump_round_trip(void **state)
{
	char *path = sim_write_file(TWO_AREAS);
	const char *args[] = { "--scenario", path, "--dump-scenario", NULL };
	struct sim_out a, b;
	char *dumped;

	(void)state;
	sim_run(&a, args);
	assert_int_equal(a.status, 0);
	assert_non_null(strstr(a.out, "[client.cam]\narea = camera\nsizes = 1024:3,2048:1\narrival = burst\n"));
	dumped = sim_write_file(a.out);
	args[1] = dumped;
	sim_run(&b, args);
	assert_int_equal(b.status, 0);
	assert_string_equal(a.out, b.out);
	sim_out_free(&a);
	sim_out_free(&b);
	sim_remove_file(dumped);
	sim_remove_file(path);
}

/* The shipped scenario: its areas and clients as its comment says. */
static void t_two_areas_ini(void **state)
{
	const char *path = SCENARIO_DIR "/two-areas.ini";
	struct scn_scenario s;
	char err[SCN_ERR_LEN];

	(void)state;
	scn_defaults(&s);
	if (scn_load(&s, path, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(s.nr_pages, 1048576);
	assert_int_equal(s.areas.nr_areas, 2);
	assert_string_equal(s.areas.area[0].name, "camera");
	assert_int_equal(s.areas.area[0].pages, 131072);
	assert_true(s.areas.area[0].guarantee);
	assert_int_equal(s.areas.area[1].pages, 65536);
	assert_false(s.areas.area[1].guarantee);
	assert_int_equal(s.areas.nr_clients, 3);
	assert_int_equal(s.areas.client[0].arrival, SCN_ARRIVAL_BURST);
	assert_int_equal(s.areas.client[0].sizes[0], 2048);
	assert_int_equal(s.areas.client[0].sizes[3], 16384);
	assert_int_equal(s.areas.client[0].hold_us, 1000000);
	assert_int_equal(s.areas.client[1].sizes[0], 1024);
	assert_int_equal(s.areas.client[1].arrival, SCN_ARRIVAL_PERIODIC);
	assert_int_equal(s.areas.client[2].sizes[0], 1);
	assert_int_equal(s.areas.client[2].area, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_evq_order),
		cmocka_unit_test(t_periodic),
		cmocka_unit_test(t_burst),
		cmocka_unit_test(t_poisson),
		cmocka_unit_test(t_size_weights),
		cmocka_unit_test(t_hold),
		cmocka_unit_test(t_parse),
		cmocka_unit_test(t_refused),
		cmocka_unit_test(t_dump_round_trip),
		cmocka_unit_test(t_two_areas_ini),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
