// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Unit tests of the event trace: the ftrace-like line format, the ring of
 * the latest 4096 lines, streaming to a FILE, enable/disable, clear, the
 * printed dump, several threads, and events emitted by the simulated
 * filesystem and by cleancache.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "platform/internal.h"

#define RING_LEN	4096UL

/**
 * struct trace_line - one parsed trace line.
 * @task: the comm column.
 * @tid: the thread id after the dash.
 * @usecs: the timestamp in microseconds.
 * @event: the event name.
 * @fields: everything after "<event>: ".
 */
struct trace_line {
	char task[32];
	int tid;
	unsigned long long usecs;
	char event[64];
	char fields[SIM_TRACE_LINE_LEN];
};

/*
 * Parse "<task>-<tid> [000] ..... <sec>.<usec>: <event>: <fields>". The
 * task may be right-aligned with spaces; the tid is the part after the
 * last dash before " [000]".
 */
static bool parse_line(const char *line, struct trace_line *out)
{
	const char *cpu = strstr(line, " [000] ..... ");
	const char *dash, *p, *colon;
	unsigned long long sec, usec;
	int n = 0;

	memset(out, 0, sizeof(*out));
	if (!cpu)
		return false;
	for (dash = cpu; dash > line && *dash != '-'; dash--)
		;
	if (*dash != '-')
		return false;
	p = line;
	while (*p == ' ')
		p++;
	if (dash - p <= 0 || (size_t)(dash - p) >= sizeof(out->task))
		return false;
	memcpy(out->task, p, dash - p);
	if (sscanf(dash + 1, "%d", &out->tid) != 1)
		return false;
	p = cpu + strlen(" [000] ..... ");
	while (*p == ' ')
		p++;
	if (sscanf(p, "%llu.%6llu:%n", &sec, &usec, &n) != 2 || !n)
		return false;
	out->usecs = sec * 1000000 + usec;
	p += n;
	if (*p++ != ' ')
		return false;
	colon = strstr(p, ": ");
	if (!colon || (size_t)(colon - p) >= sizeof(out->event))
		return false;
	memcpy(out->event, p, colon - p);
	snprintf(out->fields, sizeof(out->fields), "%s", colon + 2);
	return true;
}

static struct trace_line get_line(struct sim_machine *m, unsigned long i)
{
	char buf[SIM_TRACE_LINE_LEN];
	struct trace_line l;

	assert_errno(sim_trace_get(m, i, buf, sizeof(buf)), 0);
	if (!parse_line(buf, &l))
		fail_msg("unparsable trace line %lu: '%s'", i, buf);
	return l;
}

static void test_format(void **state)
{
	struct test_machine *tm = *state;
	struct sim_machine *m = tm->m;
	struct trace_line l;
	char buf[SIM_TRACE_LINE_LEN];

	assert_int_equal(pthread_setname_np(pthread_self(), "trace-test"), 0);
	assert_errno(sim_trace_enable(m, true), 0);
	sim_trace_event("test_event", "a=%d b=%s", 1, "two");
	/* Timestamps are the virtual clock, in microseconds. */
	assert_errno(sim_clock_advance(m, 2500), 0);
	sim_trace_event("other_event", "x=%#lx", 0x1000UL);
	assert_int_equal(sim_trace_count(m), 2);

	assert_errno(sim_trace_get(m, 0, buf, sizeof(buf)), 0);
	/* ftrace's columns: comm right-aligned in 16, pid left in 7. */
	assert_non_null(strstr(buf, "      trace-test-"));
	assert_non_null(strstr(buf, " [000] ..... "));
	/* Nothing was charged: the virtual clock still reads 0. */
	assert_non_null(strstr(buf, "    0.000000: test_event: a=1 b=two"));
	assert_null(strchr(buf, '\n'));
	l = get_line(m, 0);
	assert_string_equal(l.task, "trace-test");
	assert_int_equal(l.tid, gettid());
	assert_int_equal(l.usecs, 0);
	assert_string_equal(l.event, "test_event");
	assert_string_equal(l.fields, "a=1 b=two");
	l = get_line(m, 1);
	assert_int_equal(l.usecs, 2);	/* 2.5 us, truncated */
	assert_string_equal(l.event, "other_event");
	assert_string_equal(l.fields, "x=0x1000");

	/* A thread with no name (empty) shows as "sim". */
	assert_int_equal(pthread_setname_np(pthread_self(), ""), 0);
	sim_trace_event("noname", "n=0");
	l = get_line(m, 2);
	assert_string_equal(l.task, "sim");
	assert_int_equal(pthread_setname_np(pthread_self(), "test_trace"), 0);
}

static void test_disabled_and_unattached(void **state)
{
	struct test_machine *tm = *state;
	struct sim_machine *m = tm->m;

	/* Off by default: nothing is recorded. */
	for (int i = 0; i < 1000; i++)
		sim_trace_event("ignored", "n=%d", i);
	assert_int_equal(sim_trace_count(m), 0);

	assert_errno(sim_trace_enable(m, true), 0);
	sim_trace_event("kept", "n=%d", 2);
	assert_errno(sim_trace_enable(m, false), 0);
	sim_trace_event("ignored", "n=%d", 3);
	assert_int_equal(sim_trace_count(m), 1);
	/* What was recorded stays readable. */
	assert_string_equal(get_line(m, 0).event, "kept");

	/* A thread attached to no machine: nothing happens anywhere. */
	assert_errno(sim_trace_enable(m, true), 0);
	assert_errno(sim_thread_detach(), 0);
	sim_trace_event("nowhere", "n=%d", 4);
	assert_errno(sim_thread_attach(m), 0);
	assert_int_equal(sim_trace_count(m), 1);
	assert_int_equal(sim_violation_count(NULL), 0);
}

static void test_args(void **state)
{
	struct test_machine *tm = *state;
	struct sim_machine *m = tm->m;
	char buf[SIM_TRACE_LINE_LEN];

	assert_errno(sim_trace_enable(NULL, true), -EINVAL);
	assert_errno(sim_trace_set_output(NULL, stdout), -EINVAL);
	assert_int_equal(sim_trace_count(NULL), 0);
	assert_errno(sim_trace_get(NULL, 0, buf, sizeof(buf)), -EINVAL);
	assert_errno(sim_trace_get(m, 0, NULL, sizeof(buf)), -EINVAL);
	assert_errno(sim_trace_get(m, 0, buf, 0), -EINVAL);
	assert_errno(sim_trace_get(m, 0, buf, sizeof(buf)), -ENOENT);
	assert_errno(sim_trace_print(NULL, stdout), -EINVAL);
	assert_errno(sim_trace_print(m, NULL), -EINVAL);
	sim_trace_clear(NULL);

	/* A short buffer gets a cut, terminated line. */
	assert_errno(sim_trace_enable(m, true), 0);
	sim_trace_event("short", "n=1");
	memset(buf, 'x', sizeof(buf));
	assert_errno(sim_trace_get(m, 0, buf, 8), 0);
	assert_int_equal(strlen(buf), 7);
	assert_errno(sim_trace_get(m, 1, buf, sizeof(buf)), -ENOENT);
}

static void test_long_line_cut(void **state)
{
	struct test_machine *tm = *state;
	struct sim_machine *m = tm->m;
	char big[600], buf[1024];

	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_errno(sim_trace_enable(m, true), 0);
	sim_trace_event("long", "v=%s", big);
	assert_errno(sim_trace_get(m, 0, buf, sizeof(buf)), 0);
	assert_int_equal(strlen(buf), SIM_TRACE_LINE_LEN - 1);
	assert_non_null(strstr(buf, ": long: v=zzz"));
}

static void test_ring_wraps(void **state)
{
	struct test_machine *tm = *state;
	struct sim_machine *m = tm->m;
	const unsigned long n = RING_LEN + 100;
	char buf[SIM_TRACE_LINE_LEN];
	char want[32];

	assert_errno(sim_trace_enable(m, true), 0);
	for (unsigned long i = 0; i < n; i++) {
		assert_errno(sim_clock_advance(m, 1000), 0);
		sim_trace_event("seq", "i=%lu", i);
	}
	assert_int_equal(sim_trace_count(m), n);
	/* The oldest 100 are gone, the latest 4096 are kept in order. */
	for (unsigned long i = 0; i < 100; i++)
		assert_errno(sim_trace_get(m, i, buf, sizeof(buf)), -ENOENT);
	for (unsigned long i = 100; i < n; i += 97) {
		struct trace_line l = get_line(m, i);

		snprintf(want, sizeof(want), "i=%lu", i);
		assert_string_equal(l.fields, want);
		assert_int_equal(l.usecs, i + 1);
	}
	assert_string_equal(get_line(m, n - 1).event, "seq");
	assert_errno(sim_trace_get(m, n, buf, sizeof(buf)), -ENOENT);
}

static void test_clear_keeps_clock(void **state)
{
	struct test_machine *tm = *state;
	struct sim_machine *m = tm->m;

	assert_errno(sim_trace_enable(m, true), 0);
	for (int i = 0; i < 5; i++) {
		assert_errno(sim_clock_advance(m, 1000), 0);
		sim_trace_event("before", "i=%d", i);
	}
	sim_trace_clear(m);
	assert_int_equal(sim_trace_count(m), 0);
	assert_errno(sim_clock_advance(m, 1000), 0);
	sim_trace_event("after", "i=0");
	assert_int_equal(sim_trace_count(m), 1);
	/* The virtual clock went on: the sixth microsecond. */
	assert_int_equal(get_line(m, 0).usecs, 6);
	assert_string_equal(get_line(m, 0).event, "after");
	/* Clearing does not turn the trace off. */
	sim_trace_event("again", "i=1");
	assert_int_equal(sim_trace_count(m), 2);
}

static void test_stream_and_print(void **state)
{
	struct test_machine *tm = *state;
	struct sim_machine *m = tm->m;
	char *text = NULL, *printed = NULL;
	size_t len = 0, plen = 0;
	char line[SIM_TRACE_LINE_LEN];
	FILE *out = open_memstream(&text, &len);
	FILE *pr;
	char *p;

	assert_non_null(out);
	assert_errno(sim_trace_enable(m, true), 0);
	sim_trace_event("before_stream", "n=0");
	assert_errno(sim_trace_set_output(m, out), 0);
	sim_trace_event("streamed", "n=1");
	sim_trace_event("streamed", "n=2");
	assert_errno(sim_trace_set_output(m, NULL), 0);
	sim_trace_event("after_stream", "n=3");
	fclose(out);

	/* Exactly the two lines streamed, each as the ring has it. */
	p = text;
	for (unsigned long i = 1; i <= 2; i++) {
		char *nl = strchr(p, '\n');

		assert_non_null(nl);
		*nl = '\0';
		assert_errno(sim_trace_get(m, i, line, sizeof(line)), 0);
		assert_string_equal(p, line);
		p = nl + 1;
	}
	assert_string_equal(p, "");
	free(text);

	/* The printed dump: a header, then every kept line in order. */
	pr = open_memstream(&printed, &plen);
	assert_non_null(pr);
	assert_errno(sim_trace_print(m, pr), 0);
	fclose(pr);
	assert_non_null(strstr(printed, "# tracer: nop\n"));
	assert_non_null(strstr(printed, "# entries-in-buffer/entries-written: 4/4\n"));
	p = printed;
	for (unsigned long i = 0; i < 4; i++) {
		assert_errno(sim_trace_get(m, i, line, sizeof(line)), 0);
		p = strstr(p, line);
		assert_non_null(p);
		p += strlen(line);
		assert_int_equal(*p, '\n');
	}
	free(printed);
}

/* ---- threads and machines ------------------------------------------- */

#define NR_THREADS	4
#define PER_THREAD	1000

struct emitter {
	struct sim_machine *m;
	int id;
	int tid;
};

static void *emit_thread(void *arg)
{
	struct emitter *e = arg;
	char name[16];

	snprintf(name, sizeof(name), "emitter%d", e->id);
	pthread_setname_np(pthread_self(), name);
	e->tid = gettid();
	if (sim_thread_attach(e->m))
		return NULL;
	for (int i = 0; i < PER_THREAD; i++)
		sim_trace_event("emit", "thread=%d i=%d", e->id, i);
	sim_thread_detach();
	return NULL;
}

static void test_threads(void **state)
{
	struct test_machine *tm = *state;
	struct sim_machine *m = tm->m;
	struct emitter e[NR_THREADS];
	pthread_t tids[NR_THREADS];
	int next[NR_THREADS] = { 0 };
	unsigned long long last = 0;

	assert_errno(sim_trace_enable(m, true), 0);
	for (int i = 0; i < NR_THREADS; i++) {
		e[i] = (struct emitter){ .m = m, .id = i };
		assert_int_equal(pthread_create(&tids[i], NULL, emit_thread,
						&e[i]), 0);
	}
	for (int i = 0; i < NR_THREADS; i++)
		pthread_join(tids[i], NULL);
	assert_int_equal(sim_trace_count(m), NR_THREADS * PER_THREAD);

	/*
	 * Every line whole, timestamps never decreasing in ring order,
	 * each thread's events in its own order under its own name and tid.
	 */
	for (unsigned long i = 0; i < NR_THREADS * PER_THREAD; i++) {
		struct trace_line l = get_line(m, i);
		char want[16];
		int id, seq;

		assert_true(l.usecs >= last);
		last = l.usecs;
		assert_int_equal(sscanf(l.fields, "thread=%d i=%d", &id, &seq), 2);
		assert_true(id >= 0 && id < NR_THREADS);
		assert_int_equal(seq, next[id]++);
		snprintf(want, sizeof(want), "emitter%d", id);
		assert_string_equal(l.task, want);
		assert_int_equal(l.tid, e[id].tid);
	}
}

static void test_per_machine(void **state)
{
	struct test_machine *tm = *state;
	struct sim_machine_config cfg = { .name = "second", .nr_pages = 16 };
	struct sim_machine *m = tm->m, *other;

	assert_errno(sim_machine_create(&cfg, &other), 0);
	assert_errno(sim_trace_enable(m, true), 0);
	assert_errno(sim_trace_enable(other, true), 0);
	sim_trace_event("mine", "n=1");
	assert_int_equal(sim_trace_count(m), 1);
	assert_int_equal(sim_trace_count(other), 0);

	assert_errno(sim_clock_advance(m, 5000), 0);
	assert_errno(sim_thread_detach(), 0);
	assert_errno(sim_thread_attach(other), 0);
	assert_errno(sim_clock_advance(other, 1000), 0);
	sim_trace_event("theirs", "n=2");
	assert_errno(sim_thread_detach(), 0);
	assert_errno(sim_thread_attach(m), 0);
	assert_int_equal(sim_trace_count(m), 1);
	assert_int_equal(sim_trace_count(other), 1);
	assert_string_equal(get_line(other, 0).event, "theirs");
	/* Each machine has its own clock. */
	assert_int_equal(get_line(other, 0).usecs, 1);
	assert_errno(sim_machine_destroy(other), 0);
}

/* ---- events of the simulated fs and of cleancache ------------------- */

static bool has_event(struct sim_machine *m, const char *event,
		      const char *fields_part)
{
	for (unsigned long i = 0; i < sim_trace_count(m); i++) {
		struct trace_line l = get_line(m, i);

		if (!strcmp(l.event, event) &&
		    (!fields_part || strstr(l.fields, fields_part)))
			return true;
	}
	return false;
}

static void test_fs_and_cleancache_events(void **state)
{
	struct test_machine *tm = *state;
	struct sim_machine *m = tm->m;
	unsigned long donor;
	struct super_block *sb;
	struct inode *inode;
	struct folio *folio;
	char want[64];
	int pool;

	assert_errno(sim_memblock_alloc(m, 4, 1, "trace-donor", &donor), 0);
	assert_errno(sim_machine_boot_done(m), 0);
	pool = cleancache_backend_register_pool("trace");
	assert_true(pool >= 0);
	for (unsigned long i = 0; i < 4; i++) {
		folio = pfn_folio(donor + i);
		folio_clear_reserved(folio);
		assert_true(folio_ref_freeze(folio, 1));
		assert_errno(cleancache_backend_put_folio(pool, folio), 0);
	}
	assert_errno(sim_fs_mount("tracefs", 8, &sb), 0);
	assert_errno(sim_inode_create(sb, 42, 4 * PAGE_SIZE, &inode), 0);

	assert_errno(sim_trace_enable(m, true), 0);
	assert_errno(sim_page_cache_read(inode, 1, &folio), 0);
	snprintf(want, sizeof(want), "dev 0:%lu ino 2a pfn=0x%lx ofs=4096 order=0",
		 sb->s_dev, folio_pfn(folio));
	assert_true(has_event(m, "mm_filemap_add_to_page_cache", want));
	folio_put(folio);
	assert_errno(sim_page_cache_read(inode, 1, NULL), 0);
	assert_errno(sim_page_cache_evict(inode, 1), 0);
	assert_true(has_event(m, "mm_filemap_delete_from_page_cache", "ino 2a"));
	assert_true(has_event(m, "cleancache_store", "ino=42 index=1"));
	assert_errno(sim_page_cache_read(inode, 1, NULL), 0);
	assert_true(has_event(m, "cleancache_restore", "ino=42 index=1"));
	assert_errno(sim_trace_enable(m, false), 0);

	assert_errno(sim_fs_unmount(sb), 0);
	for (unsigned long i = 0; i < 4; i++) {
		folio = pfn_folio(donor + i);
		assert_errno(cleancache_backend_get_folio(pool, folio), 0);
		folio_set_count(folio, 1);
		folio_set_reserved(folio);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_format, test_setup_machine,
						test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_disabled_and_unattached,
						test_setup_machine,
						test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_args, test_setup_machine,
						test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_long_line_cut,
						test_setup_machine,
						test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_ring_wraps,
						test_setup_machine,
						test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_clear_keeps_clock,
						test_setup_machine,
						test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_stream_and_print,
						test_setup_machine,
						test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_threads, test_setup_machine,
						test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_per_machine,
						test_setup_machine,
						test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_fs_and_cleancache_events,
						test_setup_machine,
						test_teardown_machine),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
