// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Unit tests of the kernel log: the dmesg line format with the virtual
 * timestamp, pr_fmt and levels, message splitting, the 64 KiB ring that
 * drops whole old lines, reading with a short buffer, clear, echo to a
 * FILE, several threads, and printk from an unattached thread.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define pr_fmt(fmt) "test: " fmt

#include "harness.h"
#include "kernel/printk.h"
#include "platform/internal.h"

#define FIXTURE(f) \
	cmocka_unit_test_setup_teardown(f, test_setup_machine, \
					test_teardown_machine)

static struct sim_machine *fixture_machine(void **state)
{
	return ((struct test_machine *)*state)->m;
}

/* The whole log as a malloc'ed string. */
static char *read_all(struct sim_machine *m)
{
	ssize_t n = sim_log_read(m, NULL, 0);
	char *buf;

	assert_true(n >= 0);
	buf = malloc(n + 1);
	assert_non_null(buf);
	assert_int_equal(sim_log_read(m, buf, n + 1), n);
	assert_int_equal(strlen(buf), n);
	return buf;
}

static void test_line_format(void **state)
{
	struct sim_machine *m = fixture_machine(state);
	char *log;

	assert_int_equal(sim_log_count(m), 0);
	assert_int_equal(sim_log_read(m, NULL, 0), 0);
	pr_info("hello %d\n", 1);
	/* 1.234567891 s: dmesg shows whole microseconds. */
	assert_errno(sim_clock_advance(m, 1234567891), 0);
	pr_err("alloc_contig_range: [%lx, %lx) PFNs busy\n", 0x100UL, 0x200UL);
	log = read_all(m);
	assert_string_equal(log,
		"[    0.000000] test: hello 1\n"
		"[    1.234567] test: alloc_contig_range: [100, 200) PFNs busy\n");
	assert_int_equal(sim_log_count(m), 2);
	free(log);
}

/* Levels are stripped; pr_debug() prints nothing without DEBUG. */
static void test_levels(void **state)
{
	struct sim_machine *m = fixture_machine(state);
	char *log;
	int n;

	n = printk(KERN_WARNING "raw %s", "warn");
	assert_int_equal(n, strlen("raw warn"));
	printk("no level\n");
	pr_debug("debug %d\n", 7);
	pr_warn("w\n");
	pr_notice("n\n");
	log = read_all(m);
	assert_string_equal(log,
		"[    0.000000] raw warn\n"
		"[    0.000000] no level\n"
		"[    0.000000] test: w\n"
		"[    0.000000] test: n\n");
	free(log);
}

/* Each line of a message is one log line; a final newline adds none. */
static void test_message_lines(void **state)
{
	struct sim_machine *m = fixture_machine(state);
	char *log;

	printk("a\nb\n\nc");
	printk("%s", "");
	printk("\n");
	log = read_all(m);
	assert_string_equal(log,
		"[    0.000000] a\n"
		"[    0.000000] b\n"
		"[    0.000000] \n"
		"[    0.000000] c\n"
		"[    0.000000] \n"
		"[    0.000000] \n");
	assert_int_equal(sim_log_count(m), 6);
	free(log);
}

/* A line longer than SIM_LOG_LINE_MAX is cut, still newline-terminated. */
static void test_long_line_cut(void **state)
{
	struct sim_machine *m = fixture_machine(state);
	char big[3 * SIM_LOG_LINE_MAX];
	char *log;

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	printk("%s\n", big);
	log = read_all(m);
	assert_true(strlen(log) <= SIM_LOG_LINE_MAX);
	assert_true(strlen(log) > SIM_LOG_LINE_MAX / 2);
	assert_int_equal(log[strlen(log) - 1], '\n');
	assert_ptr_equal(strchr(log, '\n'), log + strlen(log) - 1);
	free(log);
}

/* A short buffer gets the oldest bytes, NUL-terminated; -EINVAL cases. */
static void test_read_short_buffer(void **state)
{
	struct sim_machine *m = fixture_machine(state);
	char buf[8];

	pr_info("0123456789\n");
	assert_int_equal(sim_log_read(m, buf, sizeof(buf)),
			 strlen("[    0.000000] test: 0123456789\n"));
	assert_string_equal(buf, "[    0.");
	assert_int_equal(sim_log_read(m, buf, 1), 32);
	assert_string_equal(buf, "");
	assert_errno(sim_log_read(NULL, buf, sizeof(buf)), -EINVAL);
	assert_errno(sim_log_read(m, NULL, 4), -EINVAL);
	assert_errno(sim_log_clear(NULL), -EINVAL);
	assert_errno(sim_log_set_output(NULL, stderr), -EINVAL);
	assert_int_equal(sim_log_count(NULL), 0);
}

/*
 * 2000 lines of 64 bytes (128000 bytes) through a 65536-byte ring: the
 * ring keeps the newest 1024 whole lines, oldest first.
 */
static void test_ring_drops_whole_old_lines(void **state)
{
	struct sim_machine *m = fixture_machine(state);
	unsigned int first, i;
	char *log, *p;

	for (i = 0; i < 2000; i++)
		/* "[    0.000000] " is 15 bytes, "test: " 6, text 42, "\n" 1. */
		pr_info("line %05u %31s\n", i, "pad");
	assert_int_equal(sim_log_count(m), 2000);
	log = read_all(m);
	assert_int_equal(strlen(log), 1024 * 64);
	assert_int_equal(sscanf(log, "[    0.000000] test: line %u", &first), 1);
	assert_int_equal(first, 2000 - 1024);
	for (p = log, i = first; *p; i++) {
		unsigned int got;

		assert_int_equal(sscanf(p, "[    0.000000] test: line %u", &got), 1);
		assert_int_equal(got, i);
		p = strchr(p, '\n') + 1;
	}
	assert_int_equal(i, 2000);
	free(log);

	assert_errno(sim_log_clear(m), 0);
	assert_int_equal(sim_log_count(m), 0);
	assert_int_equal(sim_log_read(m, NULL, 0), 0);
	pr_info("after\n");
	log = read_all(m);
	assert_string_equal(log, "[    0.000000] test: after\n");
	free(log);
}

static void test_echo_to_file(void **state)
{
	struct sim_machine *m = fixture_machine(state);
	FILE *f = tmpfile();
	char buf[256];
	size_t n;

	assert_non_null(f);
	pr_info("before\n");
	assert_errno(sim_log_set_output(m, f), 0);
	pr_info("echoed %d\n", 2);
	assert_errno(sim_log_set_output(m, NULL), 0);
	pr_info("after\n");
	fflush(f);
	rewind(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	assert_string_equal(buf, "[    0.000000] test: echoed 2\n");
	fclose(f);
	assert_int_equal(sim_log_count(m), 3);
}

struct printer {
	struct sim_machine *m;
	int id;
	int err;
};

static void *printer_main(void *arg)
{
	struct printer *p = arg;

	if (sim_thread_attach(p->m)) {
		p->err = 1;
		return NULL;
	}
	for (int i = 0; i < 100; i++)
		pr_info("thread %d line %d\n", p->id, i);
	sim_thread_detach();
	return NULL;
}

/* Lines of concurrent printers never interleave; each keeps its order. */
static void test_threads(void **state)
{
	struct sim_machine *m = fixture_machine(state);
	struct printer p[4];
	pthread_t tid[4];
	int next[4] = { 0 };
	char *log, *line;

	for (int i = 0; i < 4; i++) {
		p[i] = (struct printer){ .m = m, .id = i };
		assert_int_equal(pthread_create(&tid[i], NULL, printer_main, &p[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(tid[i], NULL);
		assert_int_equal(p[i].err, 0);
	}
	assert_int_equal(sim_log_count(m), 400);
	log = read_all(m);
	for (line = strtok(log, "\n"); line; line = strtok(NULL, "\n")) {
		int id, n;

		assert_int_equal(sscanf(line, "[    0.000000] test: thread %d line %d",
					&id, &n), 2);
		assert_true(id >= 0 && id < 4);
		assert_int_equal(n, next[id]++);
	}
	for (int i = 0; i < 4; i++)
		assert_int_equal(next[i], 100);
	free(log);
}

/* From an unattached thread printk() goes to stderr, no machine's log. */
static void test_unattached(void **state)
{
	struct sim_machine *m = fixture_machine(state);

	assert_errno(sim_thread_detach(), 0);
	assert_int_equal(printk(KERN_INFO "unattached printk (expected)\n"),
			 strlen("unattached printk (expected)\n"));
	assert_errno(sim_thread_attach(m), 0);
	assert_int_equal(sim_log_count(m), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FIXTURE(test_line_format),
		FIXTURE(test_levels),
		FIXTURE(test_message_lines),
		FIXTURE(test_long_line_cut),
		FIXTURE(test_read_short_buffer),
		FIXTURE(test_ring_drops_whole_old_lines),
		FIXTURE(test_echo_to_file),
		FIXTURE(test_threads),
		FIXTURE(test_unattached),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
