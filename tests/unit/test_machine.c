// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Unit tests of the simulated machine: creation and its checks, machine
 * info, thread attach/detach (and what it means for the kernel-named
 * calls), the violation log, abort mode, fault injection, page data and
 * poisoning, and sim_machine_show().
 *
 * test_violation_abort_mode and test_machine_too_big_touches_nothing
 * fork, so they run first, while this process
 * still has no attached thread, no live machine and no call_rcu worker.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "kernel/kernel.h"
#include "kernel/memcheck.h"
#include "kernel/mmzone.h"
#include "libgcma-config.h"
#include "kernel/port.h"
#include "kernel/rcupdate.h"
#include "kernel/slab.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#endif

/* First pfn past what 64-bit physical addresses can name. */
#define PFN_LIMIT	(1UL << (64 - PAGE_SHIFT))

/*
 * Machines a test made and has not destroyed yet. machine_cleanup(), the
 * teardown of every test that makes its own, destroys what a failed test
 * left behind and detaches the thread, so one failure does not cascade.
 */
static struct sim_machine *made[8];

static void machine_track(struct sim_machine *m)
{
	for (size_t i = 0; i < sizeof(made) / sizeof(made[0]); i++) {
		if (!made[i]) {
			made[i] = m;
			return;
		}
	}
	fail_msg("more than %zu machines in one test",
		 sizeof(made) / sizeof(made[0]));
}

/* sim_machine_destroy(), forgetting @m when it is gone. */
static int machine_destroy(struct sim_machine *m)
{
	int ret = sim_machine_destroy(m);

	for (size_t i = 0; !ret && i < sizeof(made) / sizeof(made[0]); i++)
		if (made[i] == m)
			made[i] = NULL;
	return ret;
}

static int machine_cleanup(void **state)
{
	(void)state;
	while (rcu_read_lock_held())
		rcu_read_unlock();
	if (sim_current_machine())
		sim_thread_detach();
	for (size_t i = 0; i < sizeof(made) / sizeof(made[0]); i++) {
		if (made[i])
			sim_machine_destroy(made[i]);
		made[i] = NULL;
	}
	return 0;
}

static struct sim_machine *machine_new(const char *name, unsigned long nr,
				       unsigned long base,
				       enum sim_data_mode data_mode)
{
	struct sim_machine_config cfg = {
		.name = name,
		.nr_pages = nr,
		.base_pfn = base,
		.data_mode = data_mode,
		.violation_mode = SIM_VIOLATION_RECORD,
		.seed = 7,
	};
	struct sim_machine *m = NULL;

	assert_errno(sim_machine_create(&cfg, &m), 0);
	assert_non_null(m);
	machine_track(m);
	return m;
}

static struct sim_machine_info machine_info(const struct sim_machine *m)
{
	struct sim_machine_info info;

	memset(&info, 0xa5, sizeof(info));
	assert_errno(sim_machine_get_info(m, &info), 0);
	return info;
}

/* Violation @i of @m (NULL: the process-wide log) must be of @kind. */
static void assert_violation_kind(const struct sim_machine *m, unsigned long i,
				  const char *kind)
{
	struct sim_violation v;

	assert_errno(sim_violation_get(m, i, &v), 0);
	assert_string_equal(v.kind, kind);
}

/* ---- abort mode (forks: must be the first test) --------------------- */

/*
 * Fork a child joined to this process by a pipe. fork() is only safe
 * while nothing else runs in this process: no machine, no worker thread.
 * Return: the child's pid in the parent, which keeps @fds[0] to read;
 * 0 in the child, which keeps @fds[1] to write.
 */
static pid_t fork_with_pipe(int fds[2])
{
	pid_t pid;

	assert_null(sim_current_machine());
	assert_int_equal(pipe(fds), 0);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	close(fds[pid ? 1 : 0]);
	return pid;
}

static void test_violation_abort_mode(void **state)
{
	int fds[2], status;
	char reached = 0;
	pid_t pid;

	(void)state;
	pid = fork_with_pipe(fds);
	if (pid == 0) {
		struct sim_machine_config cfg = {
			.name = "abort-child",
			.nr_pages = 16,
			.data_mode = SIM_DATA_NONE,
			.violation_mode = SIM_VIOLATION_ABORT,
		};
		struct sim_machine *m;

		if (sim_machine_create(&cfg, &m) || sim_thread_attach(m))
			_exit(2);
		/* Tell the parent set-up worked: only the violation is left. */
		if (write(fds[1], "a", 1) != 1)
			_exit(3);
		(void)pfn_to_page(16);	/* one past the end: VM_WARN_ON */
		_exit(0);		/* not reached in abort mode */
	}
	assert_int_equal(read(fds[0], &reached, 1), 1);
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(reached, 'a');
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
}

/* ---- creation, info, bad input -------------------------------------- */

static void test_machine_create_destroy(void **state)
{
	struct sim_machine_config cfg = {
		.name = "node0",
		.nr_pages = 4096,
		.base_pfn = 0x80000,
		.data_mode = SIM_DATA_NONE,
		.violation_mode = SIM_VIOLATION_RECORD,
		.seed = 0xdeadbeefULL,
	};
	struct sim_machine_info info;
	struct sim_machine *m = NULL;

	(void)state;
	assert_errno(sim_machine_create(&cfg, &m), 0);
	assert_non_null(m);
	machine_track(m);

	info = machine_info(m);
	assert_string_equal(info.name, "node0");
	assert_int_equal(info.nr_pages, 4096);
	assert_int_equal(info.base_pfn, 0x80000);
	assert_int_equal(info.end_pfn, 0x80000 + 4096);
	assert_int_equal(info.data_mode, SIM_DATA_NONE);
	assert_int_equal(info.violation_mode, SIM_VIOLATION_RECORD);
	assert_true(info.seed == 0xdeadbeefULL);
	assert_false(info.booted);
	assert_int_equal(info.memmap_bytes, 4096 * sizeof(struct page));
	assert_int_equal(info.data_bytes, 0);
	assert_int_equal(info.nr_reserved, 0);
	assert_int_equal(info.attached, 0);
	assert_int_equal(sim_violation_count(m), 0);
	assert_int_equal(sim_memblock_count(m), 0);
	/* the free-memory report waits for boot to hand memory over */
	{
		FILE *out = tmpfile();

		assert_non_null(out);
		assert_errno(sim_page_alloc_show(m, out), -EAGAIN);
		assert_int_equal(ftell(out), 0);
		fclose(out);
	}

	assert_errno(sim_thread_attach(m), 0);
	assert_ptr_equal(sim_current_machine(), m);
	assert_int_equal(machine_info(m).attached, 1);
	assert_errno(sim_thread_detach(), 0);
	assert_null(sim_current_machine());
	assert_int_equal(machine_info(m).attached, 0);

	assert_errno(sim_machine_boot_done(m), 0);
	assert_true(machine_info(m).booted);
	{
		FILE *out = tmpfile();

		assert_non_null(out);
		assert_errno(sim_page_alloc_show(m, out), 0);
		assert_true(ftell(out) > 0);
		fclose(out);
	}

	assert_errno(machine_destroy(m), 0);
}

static void test_machine_info_data_mode(void **state)
{
	struct sim_machine *m = machine_new(NULL, 32, 0x40, SIM_DATA_PAGES);
	struct sim_machine_info info = machine_info(m);

	(void)state;
	/* A NULL name gets a default label, never a NULL pointer. */
	assert_non_null(info.name);
	assert_true(info.name[0] != '\0');
	assert_int_equal(info.data_mode, SIM_DATA_PAGES);
	assert_int_equal(info.data_bytes, 32 * PAGE_SIZE);
	assert_int_equal(info.memmap_bytes, 32 * sizeof(struct page));
	assert_int_equal(info.seed, 7);

	assert_errno(sim_machine_get_info(NULL, &info), -EINVAL);
	assert_errno(sim_machine_get_info(m, NULL), -EINVAL);
	assert_errno(machine_destroy(m), 0);
	assert_errno(machine_destroy(NULL), -EINVAL);
	assert_errno(sim_machine_boot_done(NULL), -EINVAL);
}

static void test_machine_default_modes(void **state)
{
	struct sim_machine_config cfg = {
		.nr_pages = 8,
		.data_mode = SIM_DATA_DEFAULT,
		.violation_mode = SIM_VIOLATION_DEFAULT,
	};
	struct sim_machine_info info;
	struct sim_machine *m = NULL;

	(void)state;
	assert_errno(sim_machine_create(&cfg, &m), 0);
	machine_track(m);
	info = machine_info(m);
	/* DEFAULT is resolved to the build's concrete choice. */
	assert_int_not_equal(info.data_mode, SIM_DATA_DEFAULT);
	assert_int_not_equal(info.violation_mode, SIM_VIOLATION_DEFAULT);
	assert_int_equal(info.data_mode, SIM_DEFAULT_DATA_MODE);
	assert_int_equal(info.violation_mode, SIM_DEFAULT_VIOLATION_MODE);
	assert_int_equal(info.data_bytes,
			 info.data_mode == SIM_DATA_PAGES ? 8 * PAGE_SIZE : 0);
	assert_errno(machine_destroy(m), 0);

	/* An explicit mode is kept as given. */
	cfg.violation_mode = SIM_VIOLATION_ABORT;
	cfg.data_mode = SIM_DATA_PAGES;
	assert_errno(sim_machine_create(&cfg, &m), 0);
	machine_track(m);
	info = machine_info(m);
	assert_int_equal(info.violation_mode, SIM_VIOLATION_ABORT);
	assert_int_equal(info.data_mode, SIM_DATA_PAGES);
	assert_errno(machine_destroy(m), 0);
}

/* Create must fail with @err and leave the caller's pointer alone. */
static void assert_create_fails(const struct sim_machine_config *cfg, int err)
{
	static int sentinel;
	struct sim_machine *m = (struct sim_machine *)&sentinel;

	assert_errno(sim_machine_create(cfg, &m), err);
	assert_ptr_equal(m, (struct sim_machine *)&sentinel);
}

static void test_machine_create_bad_input(void **state)
{
	static const char name31[] = "0123456789abcdef0123456789abcde";
	static const char name32[] = "0123456789abcdef0123456789abcdef";
	struct sim_machine_config cfg = {
		.nr_pages = 16,
		.data_mode = SIM_DATA_NONE,
		.violation_mode = SIM_VIOLATION_RECORD,
	};
	struct sim_machine_config bad;
	struct sim_machine *m;

	(void)state;
	assert_int_equal(strlen(name31), 31);
	assert_int_equal(strlen(name32), 32);

	assert_errno(sim_machine_create(NULL, &m), -EINVAL);
	assert_errno(sim_machine_create(&cfg, NULL), -EINVAL);
	assert_create_fails(NULL, -EINVAL);

	bad = cfg;
	bad.nr_pages = 0;
	assert_create_fails(&bad, -EINVAL);

	bad = cfg;
	bad.nr_pages = ULONG_MAX;
	assert_create_fails(&bad, -EOVERFLOW);

	bad = cfg;
	bad.base_pfn = PFN_LIMIT;
	bad.nr_pages = 1;
	assert_create_fails(&bad, -EOVERFLOW);

	bad = cfg;
	bad.base_pfn = PFN_LIMIT - 1;
	bad.nr_pages = 2;
	assert_create_fails(&bad, -EOVERFLOW);

	bad = cfg;
	bad.base_pfn = ULONG_MAX - 3;
	bad.nr_pages = 8;	/* base + nr wraps around */
	assert_create_fails(&bad, -EOVERFLOW);

	bad = cfg;
	bad.name = name32;
	assert_create_fails(&bad, -ENAMETOOLONG);

	bad = cfg;
	bad.data_mode = (enum sim_data_mode)(SIM_DATA_PAGES + 1);
	assert_create_fails(&bad, -EINVAL);

	bad = cfg;
	bad.data_mode = (enum sim_data_mode)-1;
	assert_create_fails(&bad, -EINVAL);

	bad = cfg;
	bad.violation_mode = (enum sim_violation_mode)(SIM_VIOLATION_ABORT + 1);
	assert_create_fails(&bad, -EINVAL);

	/* The largest name, and the last pfn a 64-bit address can name. */
	bad = cfg;
	bad.name = name31;
	bad.base_pfn = PFN_LIMIT - 1;
	bad.nr_pages = 1;
	m = NULL;
	assert_errno(sim_machine_create(&bad, &m), 0);
	machine_track(m);
	assert_string_equal(machine_info(m).name, name31);
	assert_int_equal(machine_info(m).end_pfn, PFN_LIMIT);
	assert_errno(sim_thread_attach(m), 0);
	assert_true(pfn_valid(PFN_LIMIT - 1));
	assert_int_equal(folio_pfn(pfn_folio(PFN_LIMIT - 1)), PFN_LIMIT - 1);
	assert_errno(sim_thread_detach(), 0);
	assert_int_equal(sim_violation_count(m), 0);
	assert_errno(machine_destroy(m), 0);
}

/*
 * Sizes past the documented maxima: more pfns than SIM_MACHINE_MAX_PAGES,
 * and data-mode machines past SIM_DATA_MAX_PAGES (2^26 pages is 256 GiB
 * of page data and a 4 GiB memmap).
 */
static const struct sim_machine_config too_big_configs[] = {
	{ .nr_pages = SIM_MACHINE_MAX_PAGES + 1, .data_mode = SIM_DATA_NONE,
	  .violation_mode = SIM_VIOLATION_RECORD },
	{ .nr_pages = 1UL << 26, .data_mode = SIM_DATA_PAGES,
	  .violation_mode = SIM_VIOLATION_RECORD },
	{ .nr_pages = SIM_DATA_MAX_PAGES + 1, .data_mode = SIM_DATA_PAGES,
	  .violation_mode = SIM_VIOLATION_RECORD },
};

/*
 * Each fails with -ENOMEM: a data-mode machine of 2^26 pages used to be
 * created (and, under ASan, OOM-killed while poisoning it).
 */
static void test_machine_too_big(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(too_big_configs); i++)
		assert_create_fails(&too_big_configs[i], -ENOMEM);
}

/* This process's peak resident set so far, in KiB. */
static long peak_rss_kib(void)
{
	struct rusage ru;

	return getrusage(RUSAGE_SELF, &ru) ? -1 : ru.ru_maxrss;
}

/* More than any refusal may make resident: nothing of a big machine. */
#define TOO_BIG_TOUCH_LIMIT_KIB	(64L << 10)

/*
 * ... and fails before anything big is written: the sizes used to be
 * checked after the memmap was mapped and initialised, so a refused
 * 2^26-page data-mode machine first made 4 GiB resident (a 75 s test
 * under load, an OOM kill under TSan). A forked child, whose peak RSS
 * starts at what it shares with this process, measures how much its
 * refusals raised the peak. Forks: runs while no thread or machine
 * exists.
 */
static void test_machine_too_big_touches_nothing(void **state)
{
	long result[2] = { 0, 0 };	/* KiB made resident, bad errnos */
	int fds[2], status;
	pid_t pid;

	(void)state;
	pid = fork_with_pipe(fds);
	if (pid == 0) {
		long before = peak_rss_kib();
		struct sim_machine *m = NULL;

		for (size_t i = 0; i < ARRAY_SIZE(too_big_configs); i++)
			if (sim_machine_create(&too_big_configs[i], &m) != -ENOMEM)
				result[1]++;
		result[0] = before < 0 ? -1 : peak_rss_kib() - before;
		if (write(fds[1], result, sizeof(result)) != sizeof(result))
			_exit(2);
		_exit(0);
	}
	assert_int_equal(read(fds[0], result, sizeof(result)), sizeof(result));
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(result[1], 0);
	assert_true(result[0] >= 0);
	if (result[0] > TOO_BIG_TOUCH_LIMIT_KIB)
		fail_msg("refused creations made %ld KiB resident", result[0]);
}

/*
 * sim_machine_create() with LIBGCMA_* set to @value: -EINVAL, and stderr
 * names the variable and says what it accepts (@hint).
 */
static void assert_env_refused(const char *var, const char *value,
			       const char *hint)
{
	struct sim_machine_config cfg = {
		.nr_pages = 16,
		.data_mode = SIM_DATA_NONE,
		.violation_mode = SIM_VIOLATION_RECORD,
	};
	char path[] = "/tmp/libgcma-env-XXXXXX";
	char err[1024] = "";
	int fd = mkstemp(path), saved;
	ssize_t n;

	assert_true(fd >= 0);
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	dup2(fd, STDERR_FILENO);
	setenv(var, value, 1);
	assert_create_fails(&cfg, -EINVAL);
	unsetenv(var);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	n = pread(fd, err, sizeof(err) - 1, 0);
	close(fd);
	unlink(path);
	assert_true(n > 0);
	err[n] = '\0';
	if (!strstr(err, var) || !strstr(err, hint))
		fail_msg("%s=%s: stderr says \"%s\"", var, value, err);
}

/*
 * A mistyped LIBGCMA_* variable used to be ignored without a word: the
 * run went on without the echo, abort or defect the user asked for.
 */
static void test_bad_env_refused(void **state)
{
	struct sim_machine *m;

	(void)state;
	assert_env_refused("LIBGCMA_VIOLATIONS", "abrot", "print");
	assert_env_refused("LIBGCMA_VIOLATIONS", "abrot", "abort");
	assert_env_refused("LIBGCMA_DEFECTS", "gcma_free_stride,nosuch",
			   "gcma_free_stride");
	assert_env_refused("LIBGCMA_VIOLATION", "abort", "LIBGCMA_VIOLATIONS");
	/* Valid values, and empty ones, still create a machine. */
	setenv("LIBGCMA_VIOLATIONS", "print", 1);
	setenv("LIBGCMA_DEFECTS", "", 1);
	m = machine_new("env", 16, 0, SIM_DATA_NONE);
	unsetenv("LIBGCMA_VIOLATIONS");
	unsetenv("LIBGCMA_DEFECTS");
	assert_errno(machine_destroy(m), 0);
}

static void test_page_is_64_bytes(void **state)
{
	(void)state;
	assert_int_equal(sizeof(struct page), 64);
	/* A folio overlays its head page and the pages after it. */
	assert_int_equal(sizeof(struct folio), 4 * sizeof(struct page));
}

static void test_machine_16g_metadata_only(void **state)
{
	const unsigned long nr = 4UL << 20;	/* 16 GiB of 4 KiB pages */
	struct sim_machine *m = machine_new("16g", nr, 0, SIM_DATA_NONE);
	struct sim_machine_info info = machine_info(m);
	struct folio *last;

	(void)state;
	assert_int_equal(info.memmap_bytes, nr * 64);
	assert_int_equal(info.memmap_bytes, 256UL << 20);
	assert_int_equal(info.data_bytes, 0);

	assert_errno(sim_thread_attach(m), 0);
	assert_true(pfn_valid(nr - 1));
	assert_false(pfn_valid(nr));
	last = pfn_folio(nr - 1);
	assert_non_null(last);
	assert_int_equal(folio_pfn(last), nr - 1);
	assert_int_equal(folio_ref_count(last), 0);
	assert_int_equal(last->flags & PAGEFLAGS_MASK, 0);
	assert_int_equal(folio_zonenum(last), ZONE_NORMAL);
	assert_int_equal(folio_nid(last), 0);
	assert_int_equal(page_to_section(folio_page(last, 0)),
			 (nr - 1) >> PFN_SECTION_SHIFT);
	assert_ptr_equal(nth_page(pfn_to_page(0), nr - 1), folio_page(last, 0));
	assert_null(folio_address(last));
	assert_int_equal(sim_violation_count(m), 0);
	assert_errno(machine_destroy(m), 0);	/* detaches the caller */
	assert_null(sim_current_machine());
}

/* ---- attach and detach ---------------------------------------------- */

static void test_attach_two_machines(void **state)
{
	struct sim_machine *a = machine_new("A", 1024, 0, SIM_DATA_NONE);
	struct sim_machine *b = machine_new("B", 1024, 0x100000, SIM_DATA_NONE);
	struct folio *fa, *fb;

	(void)state;
	assert_errno(sim_thread_attach(a), 0);
	assert_ptr_equal(sim_current_machine(), a);
	assert_true(pfn_valid(0));
	assert_true(pfn_valid(1023));
	assert_false(pfn_valid(0x100000));
	fa = pfn_folio(5);
	assert_non_null(fa);
	assert_int_equal(folio_pfn(fa), 5);
	assert_int_equal(machine_info(a).attached, 1);
	assert_int_equal(machine_info(b).attached, 0);
	assert_errno(sim_thread_detach(), 0);

	assert_errno(sim_thread_attach(b), 0);
	assert_ptr_equal(sim_current_machine(), b);
	assert_false(pfn_valid(0));
	assert_false(pfn_valid(1023));
	assert_true(pfn_valid(0x100000));
	assert_true(pfn_valid(0x100000 + 1023));
	assert_false(pfn_valid(0x100000 + 1024));
	fb = pfn_folio(0x100005);
	assert_non_null(fb);
	assert_ptr_not_equal(fa, fb);
	assert_int_equal(folio_pfn(fb), 0x100005);
	assert_int_equal(machine_info(a).attached, 0);
	assert_int_equal(machine_info(b).attached, 1);

	/* A's pfns and folios are foreign now: reported in B's log only. */
	assert_null(pfn_folio(5));
	assert_int_equal(folio_pfn(fa), ULONG_MAX);
	assert_int_equal(sim_violation_count(b), 2);
	assert_int_equal(sim_violation_count(a), 0);
	sim_violation_clear(b);

	assert_errno(sim_thread_detach(), 0);
	assert_errno(machine_destroy(a), 0);
	assert_errno(machine_destroy(b), 0);
}

static void test_attach_twice_is_busy(void **state)
{
	struct sim_machine *a = machine_new("A", 16, 0, SIM_DATA_NONE);
	struct sim_machine *b = machine_new("B", 16, 16, SIM_DATA_NONE);

	(void)state;
	assert_errno(sim_thread_attach(NULL), -EINVAL);
	assert_errno(sim_thread_attach(a), 0);
	assert_errno(sim_thread_attach(a), -EBUSY);
	assert_errno(sim_thread_attach(b), -EBUSY);
	assert_ptr_equal(sim_current_machine(), a);
	assert_int_equal(machine_info(a).attached, 1);
	assert_int_equal(machine_info(b).attached, 0);
	assert_errno(sim_thread_detach(), 0);
	assert_errno(machine_destroy(a), 0);
	assert_errno(machine_destroy(b), 0);
}

static void test_detach_not_attached(void **state)
{
	(void)state;
	assert_null(sim_current_machine());
	assert_errno(sim_thread_detach(), -ENXIO);
	assert_null(sim_current_machine());
}

static void test_detach_inside_rcu_read_lock(void **state)
{
	struct sim_machine *m = machine_new("rcu", 16, 0, SIM_DATA_NONE);

	(void)state;
	assert_errno(sim_thread_attach(m), 0);
	rcu_read_lock();
	assert_errno(sim_thread_detach(), -EBUSY);
	assert_ptr_equal(sim_current_machine(), m);
	/* Destroying the caller's own machine must not detach it either. */
	assert_errno(machine_destroy(m), -EBUSY);
	assert_ptr_equal(sim_current_machine(), m);
	assert_int_equal(machine_info(m).attached, 1);
	rcu_read_unlock();
	assert_errno(sim_thread_detach(), 0);
	assert_null(sim_current_machine());
	assert_int_equal(machine_info(m).attached, 0);
	assert_errno(machine_destroy(m), 0);
}

static void test_destroy_detaches_caller(void **state)
{
	struct sim_machine *a = machine_new("A", 16, 0, SIM_DATA_NONE);
	struct sim_machine *b = machine_new("B", 16, 0, SIM_DATA_NONE);

	(void)state;
	assert_errno(sim_thread_attach(a), 0);
	assert_errno(machine_destroy(a), 0);
	assert_null(sim_current_machine());
	/* The thread is free to attach elsewhere. */
	assert_errno(sim_thread_attach(b), 0);
	assert_errno(sim_thread_detach(), 0);
	assert_errno(machine_destroy(b), 0);
}

struct attach_worker {
	struct sim_machine *m;
	pthread_barrier_t barrier;
	bool hold_rcu;
	int attach_rc;
	int detach_rc;
};

/* Attach, let the main thread try to destroy, detach, wait for the end. */
static void *attach_then_detach(void *arg)
{
	struct attach_worker *w = arg;

	w->attach_rc = sim_thread_attach(w->m);
	pthread_barrier_wait(&w->barrier);	/* 1: attached */
	pthread_barrier_wait(&w->barrier);	/* 2: first destroy tried */
	w->detach_rc = sim_thread_detach();
	pthread_barrier_wait(&w->barrier);	/* 3: detached */
	pthread_barrier_wait(&w->barrier);	/* 4: second destroy done */
	return NULL;
}

static void test_destroy_while_other_thread_attached(void **state)
{
	struct attach_worker w = { 0 };
	int busy_rc, ok_rc;
	unsigned int attached_then;
	pthread_t tid;

	(void)state;
	w.m = machine_new("shared", 64, 0, SIM_DATA_NONE);
	pthread_barrier_init(&w.barrier, NULL, 2);
	assert_int_equal(pthread_create(&tid, NULL, attach_then_detach, &w), 0);

	pthread_barrier_wait(&w.barrier);	/* 1 */
	busy_rc = machine_destroy(w.m);
	attached_then = machine_info(w.m).attached;
	pthread_barrier_wait(&w.barrier);	/* 2 */
	pthread_barrier_wait(&w.barrier);	/* 3 */
	/* The worker is still alive but detached: destroy must succeed. */
	ok_rc = machine_destroy(w.m);
	pthread_barrier_wait(&w.barrier);	/* 4 */
	pthread_join(tid, NULL);
	pthread_barrier_destroy(&w.barrier);

	assert_errno(w.attach_rc, 0);
	assert_errno(busy_rc, -EBUSY);
	assert_int_equal(attached_then, 1);
	assert_errno(w.detach_rc, 0);
	assert_errno(ok_rc, 0);
}

/* Attach (optionally enter an RCU read-side section) and just exit. */
static void *attach_and_exit(void *arg)
{
	struct attach_worker *w = arg;

	w->attach_rc = sim_thread_attach(w->m);
	if (!w->attach_rc && w->hold_rcu)
		rcu_read_lock();
	return NULL;
}

static void run_attach_and_exit(bool hold_rcu)
{
	struct attach_worker w = { .hold_rcu = hold_rcu };
	pthread_t tid;

	w.m = machine_new("exit", 16, 0, SIM_DATA_NONE);
	assert_int_equal(pthread_create(&tid, NULL, attach_and_exit, &w), 0);
	assert_int_equal(pthread_join(tid, NULL), 0);
	assert_errno(w.attach_rc, 0);
	assert_int_equal(machine_info(w.m).attached, 0);

	/*
	 * A reader that vanished without unlocking would make this grace
	 * period wait forever (the test then times out).
	 */
	assert_errno(sim_thread_attach(w.m), 0);
	synchronize_rcu();
	assert_errno(sim_thread_detach(), 0);
	assert_errno(machine_destroy(w.m), 0);
}

static void test_thread_exit_auto_detaches(void **state)
{
	(void)state;
	run_attach_and_exit(false);
}

static void test_thread_exit_in_rcu_read_lock_auto_detaches(void **state)
{
	(void)state;
	run_attach_and_exit(true);
}

static void test_unattached_kernel_calls(void **state)
{
	struct folio dummy;
	unsigned long before;

	(void)state;
	memset(&dummy, 0, sizeof(dummy));
	assert_null(sim_current_machine());
	sim_violation_clear(NULL);
	before = sim_violation_count(NULL);
	assert_int_equal(before, 0);

	assert_false(pfn_valid(0));
	assert_violation_kind(NULL, 0, "API");
	assert_null(pfn_folio(0));
	assert_violation_kind(NULL, 1, "API");
	assert_null(pfn_to_page(0));
	assert_violation_kind(NULL, 2, "API");
	assert_int_equal(folio_pfn(&dummy), ULONG_MAX);
	assert_violation_kind(NULL, 3, "API");
	assert_int_equal(page_to_pfn((struct page *)&dummy), ULONG_MAX);
	assert_violation_kind(NULL, 4, "API");
	assert_null(folio_address(&dummy));
	assert_violation_kind(NULL, 5, "API");
	prep_compound_page((struct page *)&dummy, 2);
	assert_violation_kind(NULL, 6, "API");
	destroy_compound_page((struct page *)&dummy);
	assert_violation_kind(NULL, 7, "API");
	__folio_put(&dummy);
	assert_violation_kind(NULL, 8, "API");
	/* -ENXIO, as every errno-returning call; it was -EINVAL. */
	assert_errno(alloc_contig_range(0, 16, MIGRATE_CMA, GFP_KERNEL, NULL),
		     -ENXIO);
	assert_violation_kind(NULL, 9, "API");
	assert_int_equal(sim_violation_count(NULL), 10);

	/* Nothing was done to the descriptor passed in. */
	assert_int_equal(dummy.flags, 0);
	assert_null(dummy.mapping);

	sim_violation_clear(NULL);
	assert_int_equal(sim_violation_count(NULL), 0);
}

/* ---- the violation log ---------------------------------------------- */

static void test_violation_ring(void **state)
{
	struct test_machine *tm = *state;
	struct sim_violation v;
	unsigned long global = sim_violation_count(NULL);
	int last_line = 0;

	for (int i = 0; i < 70; i++) {
		last_line = __LINE__ + 1;
		sim_report_violation("CHECK", __FILE__, __LINE__, __func__,
				     "v%d", i);
	}
	assert_int_equal(sim_violation_count(tm->m), 70);
	assert_int_equal(sim_violation_count(NULL), global);

	/* Only the latest 64 are kept: indexes 6..69. */
	assert_errno(sim_violation_get(tm->m, 5, &v), -ENOENT);
	assert_errno(sim_violation_get(tm->m, 70, &v), -ENOENT);
	assert_errno(sim_violation_get(tm->m, 6, NULL), -EINVAL);
	assert_errno(sim_violation_get(tm->m, 6, &v), 0);
	assert_string_equal(v.msg, "v6");
	assert_string_equal(v.kind, "CHECK");
	assert_errno(sim_violation_get(tm->m, 69, &v), 0);
	assert_string_equal(v.msg, "v69");
	assert_string_equal(v.file, __FILE__);
	assert_string_equal(v.func, __func__);
	assert_int_equal(v.line, last_line);

	sim_violation_clear(tm->m);
	assert_int_equal(sim_violation_count(tm->m), 0);
	assert_errno(sim_violation_get(tm->m, 6, &v), -ENOENT);
	assert_errno(sim_violation_get(tm->m, 0, &v), -ENOENT);

	/* After a clear, indexes start again at 0. */
	sim_report_violation("CHECK", __FILE__, __LINE__, __func__, "again");
	assert_errno(sim_violation_get(tm->m, 0, &v), 0);
	assert_string_equal(v.msg, "again");
	test_expect_violations(tm->m, 1);
}

/* ---- fault injection ------------------------------------------------ */

#define TEST_GFP	GFP_KERNEL

static struct sim_fault_stats fault_stats(const struct sim_machine *m)
{
	struct sim_fault_stats st;

	assert_errno(sim_fault_get_stats(m, &st), 0);
	return st;
}

static void test_fault_fail_nth(void **state)
{
	struct test_machine *tm = *state;
	struct sim_fault_stats st0 = fault_stats(tm->m), st;
	void *p[4];

	assert_false(sim_fault_armed(tm->m));
	assert_errno(sim_fault_fail_nth(tm->m, SIM_FAULT_BIT(SIM_FAULT_KMALLOC),
					3), 0);
	assert_true(sim_fault_armed(tm->m));
	p[0] = kmalloc(32, TEST_GFP);
	assert_true(sim_fault_armed(tm->m));
	p[1] = kmalloc(32, TEST_GFP);
	assert_true(sim_fault_armed(tm->m));
	p[2] = kmalloc(32, TEST_GFP);
	/* The rule fired once and disarmed itself. */
	assert_false(sim_fault_armed(tm->m));
	p[3] = kmalloc(32, TEST_GFP);

	assert_non_null(p[0]);
	assert_non_null(p[1]);
	assert_null(p[2]);
	assert_non_null(p[3]);
	st = fault_stats(tm->m);
	assert_int_equal(st.calls[SIM_FAULT_KMALLOC] -
			 st0.calls[SIM_FAULT_KMALLOC], 4);
	assert_int_equal(st.injected[SIM_FAULT_KMALLOC] -
			 st0.injected[SIM_FAULT_KMALLOC], 1);
	assert_int_equal(st.injected[SIM_FAULT_KMEM_CACHE], 0);
	for (int i = 0; i < 4; i++)
		kfree(p[i]);

	/* Arming again replaces the countdown: 1 fails the very next one. */
	assert_errno(sim_fault_fail_nth(tm->m, SIM_FAULT_ALL, 5), 0);
	assert_errno(sim_fault_fail_nth(tm->m, SIM_FAULT_ALL, 1), 0);
	assert_null(kzalloc(8, TEST_GFP));
	assert_false(sim_fault_armed(tm->m));

	/* sim_fault_clear() disarms and keeps the counters. */
	assert_errno(sim_fault_fail_nth(tm->m, SIM_FAULT_ALL, 1), 0);
	st0 = fault_stats(tm->m);
	sim_fault_clear(tm->m);
	assert_false(sim_fault_armed(tm->m));
	p[0] = kmalloc(8, TEST_GFP);
	assert_non_null(p[0]);
	kfree(p[0]);
	st = fault_stats(tm->m);
	assert_int_equal(st.calls[SIM_FAULT_KMALLOC],
			 st0.calls[SIM_FAULT_KMALLOC] + 1);
	assert_int_equal(st.injected[SIM_FAULT_KMALLOC],
			 st0.injected[SIM_FAULT_KMALLOC]);
}

static void test_fault_class_filter(void **state)
{
	struct test_machine *tm = *state;
	struct kmem_cache *cache = kmem_cache_create("filter", 48, 0, 0, NULL);
	struct kmem_cache *nodes = kmem_cache_create("nodes", 48, 0, 0, NULL);
	struct sim_fault_stats st0, st;
	void *obj, *p;

	assert_non_null(cache);
	assert_non_null(nodes);
	sim_fault_class(nodes, SIM_FAULT_XA_NODE);
	st0 = fault_stats(tm->m);

	/* A cache allocation does not count down a KMALLOC rule. */
	assert_errno(sim_fault_fail_nth(tm->m, SIM_FAULT_BIT(SIM_FAULT_KMALLOC),
					1), 0);
	obj = kmem_cache_alloc(cache, TEST_GFP);
	assert_non_null(obj);
	kmem_cache_free(cache, obj);
	obj = kmem_cache_alloc(nodes, TEST_GFP);
	assert_non_null(obj);
	kmem_cache_free(nodes, obj);
	assert_true(sim_fault_armed(tm->m));
	assert_null(kmalloc(16, TEST_GFP));
	assert_false(sim_fault_armed(tm->m));

	/* And a KMEM_CACHE rule ignores kmalloc() and xa_node caches. */
	assert_errno(sim_fault_fail_nth(tm->m,
					SIM_FAULT_BIT(SIM_FAULT_KMEM_CACHE), 1), 0);
	p = kmalloc(16, TEST_GFP);
	assert_non_null(p);
	kfree(p);
	obj = kmem_cache_alloc(nodes, TEST_GFP);
	assert_non_null(obj);
	kmem_cache_free(nodes, obj);
	assert_null(kmem_cache_alloc(cache, TEST_GFP));
	assert_false(sim_fault_armed(tm->m));

	/* XA_NODE: the cache re-classed with sim_fault_class(). */
	assert_errno(sim_fault_fail_nth(tm->m, SIM_FAULT_BIT(SIM_FAULT_XA_NODE),
					1), 0);
	obj = kmem_cache_alloc(cache, TEST_GFP);
	assert_non_null(obj);
	kmem_cache_free(cache, obj);
	assert_null(kmem_cache_alloc(nodes, TEST_GFP));

	st = fault_stats(tm->m);
	assert_int_equal(st.calls[SIM_FAULT_KMALLOC] -
			 st0.calls[SIM_FAULT_KMALLOC], 2);
	assert_int_equal(st.calls[SIM_FAULT_KMEM_CACHE] -
			 st0.calls[SIM_FAULT_KMEM_CACHE], 3);
	assert_int_equal(st.calls[SIM_FAULT_XA_NODE] -
			 st0.calls[SIM_FAULT_XA_NODE], 3);
	assert_int_equal(st.injected[SIM_FAULT_KMALLOC] -
			 st0.injected[SIM_FAULT_KMALLOC], 1);
	assert_int_equal(st.injected[SIM_FAULT_KMEM_CACHE] -
			 st0.injected[SIM_FAULT_KMEM_CACHE], 1);
	assert_int_equal(st.injected[SIM_FAULT_XA_NODE] -
			 st0.injected[SIM_FAULT_XA_NODE], 1);
	kmem_cache_destroy(cache);
	kmem_cache_destroy(nodes);
}

/* @p, which must not be NULL. */
static void *ok_ptr(void *p)
{
	assert_non_null(p);
	return p;
}

/* One allocation from @cache, which must succeed; freed again. */
static void cache_alloc_ok(struct kmem_cache *cache)
{
	kmem_cache_free(cache, ok_ptr(kmem_cache_alloc(cache, TEST_GFP)));
}

/*
 * An XA_NODE countdown fails its allocation and then every one after it
 * (the xarray retries a failed node allocation), although the countdown
 * itself is disarmed, until the rules are cleared or armed again.
 */
static void test_fault_sticky_xa_node(void **state)
{
	struct test_machine *tm = *state;
	struct kmem_cache *nodes = kmem_cache_create("sticky", 48, 0, 0, NULL);
	struct sim_fault_stats st0, st;

	assert_non_null(nodes);
	sim_fault_class(nodes, SIM_FAULT_XA_NODE);
	st0 = fault_stats(tm->m);
	assert_errno(sim_fault_fail_nth(tm->m, SIM_FAULT_BIT(SIM_FAULT_XA_NODE),
					2), 0);
	cache_alloc_ok(nodes);
	assert_null(kmem_cache_alloc(nodes, TEST_GFP));
	assert_false(sim_fault_armed(tm->m));
	assert_null(kmem_cache_alloc(nodes, TEST_GFP));
	assert_null(kmem_cache_alloc(nodes, TEST_GFP));
	/* Other classes go on. */
	kfree(ok_ptr(kmalloc(16, TEST_GFP)));

	/* A new countdown ends the condition and counts from there. */
	assert_errno(sim_fault_fail_nth(tm->m, SIM_FAULT_BIT(SIM_FAULT_KMALLOC),
					1), 0);
	cache_alloc_ok(nodes);
	assert_null(kmalloc(16, TEST_GFP));

	/* So does sim_fault_clear(). */
	assert_errno(sim_fault_fail_nth(tm->m, SIM_FAULT_BIT(SIM_FAULT_XA_NODE),
					1), 0);
	assert_null(kmem_cache_alloc(nodes, TEST_GFP));
	assert_null(kmem_cache_alloc(nodes, TEST_GFP));
	sim_fault_clear(tm->m);
	cache_alloc_ok(nodes);

	st = fault_stats(tm->m);
	assert_int_equal(st.calls[SIM_FAULT_XA_NODE] -
			 st0.calls[SIM_FAULT_XA_NODE], 8);
	assert_int_equal(st.injected[SIM_FAULT_XA_NODE] -
			 st0.injected[SIM_FAULT_XA_NODE], 5);
	assert_int_equal(st.injected[SIM_FAULT_KMALLOC] -
			 st0.injected[SIM_FAULT_KMALLOC], 1);
	kmem_cache_destroy(nodes);
}

#define FAULT_THREAD_ALLOCS	20000

struct fault_worker {
	struct sim_machine *m;
	pthread_barrier_t *start;
	int attach_rc;
	unsigned long failed;
};

/* FAULT_THREAD_ALLOCS kmalloc()s from another thread of the machine. */
static void *fault_worker_run(void *arg)
{
	struct fault_worker *w = arg;

	w->attach_rc = sim_thread_attach(w->m);
	pthread_barrier_wait(w->start);
	for (int i = 0; i < FAULT_THREAD_ALLOCS && !w->attach_rc; i++) {
		void *p = kmalloc(24, TEST_GFP);

		if (!p)
			w->failed++;
		kfree(p);
	}
	if (!w->attach_rc)
		sim_thread_detach();
	return NULL;
}

/*
 * Two threads allocate at once: with no rule armed (counted without the
 * fault lock) every call is counted; with a countdown armed across both,
 * exactly one of their allocations fails.
 */
static void test_fault_counts_two_threads(void **state)
{
	struct test_machine *tm = *state;
	const unsigned long total = 2UL * FAULT_THREAD_ALLOCS;
	struct sim_fault_stats st0, st;
	struct fault_worker w[2];
	pthread_barrier_t start;
	pthread_t tid[2];

	for (unsigned long round = 0; round < 2; round++) {
		st0 = fault_stats(tm->m);
		if (round)
			assert_errno(sim_fault_fail_nth(tm->m,
					SIM_FAULT_BIT(SIM_FAULT_KMALLOC),
					total - 7), 0);
		pthread_barrier_init(&start, NULL, 2);
		for (int i = 0; i < 2; i++) {
			w[i] = (struct fault_worker){ .m = tm->m,
						      .start = &start };
			assert_int_equal(pthread_create(&tid[i], NULL,
							fault_worker_run,
							&w[i]), 0);
		}
		for (int i = 0; i < 2; i++) {
			assert_int_equal(pthread_join(tid[i], NULL), 0);
			assert_errno(w[i].attach_rc, 0);
		}
		pthread_barrier_destroy(&start);
		st = fault_stats(tm->m);
		assert_int_equal(st.calls[SIM_FAULT_KMALLOC] -
				 st0.calls[SIM_FAULT_KMALLOC], total);
		assert_int_equal(w[0].failed + w[1].failed, round);
		assert_int_equal(st.injected[SIM_FAULT_KMALLOC] -
				 st0.injected[SIM_FAULT_KMALLOC], round);
		assert_false(sim_fault_armed(tm->m));
	}
}

/* Run @n kmallocs; bit i of the result is set when the i'th one failed. */
static uint64_t kmalloc_fail_pattern(unsigned int n)
{
	uint64_t pattern = 0;

	for (unsigned int i = 0; i < n; i++) {
		void *p = kmalloc(24, TEST_GFP);

		if (!p)
			pattern |= 1ULL << i;
		kfree(p);
	}
	return pattern;
}

static void test_fault_probability(void **state)
{
	struct test_machine *tm = *state;
	const unsigned int kmalloc_bit = SIM_FAULT_BIT(SIM_FAULT_KMALLOC);
	struct sim_fault_stats st0, st;
	uint64_t a, b, c;

	/* One million per million fails every allocation of the class. */
	st0 = fault_stats(tm->m);
	assert_errno(sim_fault_set_probability(tm->m, kmalloc_bit, 1000000, 3),
		     0);
	assert_true(sim_fault_armed(tm->m));
	assert_true(kmalloc_fail_pattern(64) == UINT64_MAX);
	assert_true(sim_fault_armed(tm->m));
	st = fault_stats(tm->m);
	assert_int_equal(st.injected[SIM_FAULT_KMALLOC] -
			 st0.injected[SIM_FAULT_KMALLOC], 64);
	assert_int_equal(st.calls[SIM_FAULT_KMALLOC] -
			 st0.calls[SIM_FAULT_KMALLOC], 64);

	/* Zero per million disarms the rule. */
	assert_errno(sim_fault_set_probability(tm->m, kmalloc_bit, 0, 3), 0);
	assert_false(sim_fault_armed(tm->m));
	assert_true(kmalloc_fail_pattern(64) == 0);

	/* A half chance: the same seed replays the same pattern. */
	st0 = fault_stats(tm->m);
	assert_errno(sim_fault_set_probability(tm->m, kmalloc_bit, 500000, 42),
		     0);
	a = kmalloc_fail_pattern(64);
	assert_errno(sim_fault_set_probability(tm->m, kmalloc_bit, 500000, 42),
		     0);
	b = kmalloc_fail_pattern(64);
	assert_errno(sim_fault_set_probability(tm->m, kmalloc_bit, 500000, 43),
		     0);
	c = kmalloc_fail_pattern(64);
	sim_fault_clear(tm->m);
	assert_false(sim_fault_armed(tm->m));

	assert_true(a == b);
	assert_true(a != 0 && a != UINT64_MAX);
	assert_true(a != c);	/* the seed matters */
	st = fault_stats(tm->m);
	assert_int_equal(st.injected[SIM_FAULT_KMALLOC] -
			 st0.injected[SIM_FAULT_KMALLOC],
			 2 * __builtin_popcountll(a) + __builtin_popcountll(c));
}

static void test_fault_invalid_args(void **state)
{
	struct test_machine *tm = *state;
	const unsigned int bad_class = 1u << SIM_FAULT_NR_CLASSES;
	struct sim_fault_stats st;
	void *p;

	assert_errno(sim_fault_fail_nth(NULL, SIM_FAULT_ALL, 1), -EINVAL);
	assert_errno(sim_fault_fail_nth(tm->m, 0, 1), -EINVAL);
	assert_errno(sim_fault_fail_nth(tm->m, bad_class, 1), -EINVAL);
	assert_errno(sim_fault_fail_nth(tm->m, SIM_FAULT_ALL | bad_class, 1),
		     -EINVAL);
	assert_errno(sim_fault_fail_nth(tm->m, SIM_FAULT_ALL, 0), -EINVAL);
	assert_errno(sim_fault_fail_nth(tm->m, SIM_FAULT_ALL,
					(unsigned long)LONG_MAX + 1), -EINVAL);
	assert_errno(sim_fault_set_probability(NULL, SIM_FAULT_ALL, 1, 1),
		     -EINVAL);
	assert_errno(sim_fault_set_probability(tm->m, 0, 1, 1), -EINVAL);
	assert_errno(sim_fault_set_probability(tm->m, bad_class, 1, 1),
		     -EINVAL);
	assert_errno(sim_fault_set_probability(tm->m, SIM_FAULT_ALL, 1000001,
					       1), -EINVAL);
	assert_false(sim_fault_armed(tm->m));
	assert_false(sim_fault_armed(NULL));
	assert_errno(sim_fault_get_stats(NULL, &st), -EINVAL);
	assert_errno(sim_fault_get_stats(tm->m, NULL), -EINVAL);
	sim_fault_clear(NULL);

	/* A rejected call leaves an armed countdown exactly as it was. */
	assert_errno(sim_fault_fail_nth(tm->m, SIM_FAULT_ALL, 2), 0);
	assert_errno(sim_fault_fail_nth(tm->m, SIM_FAULT_ALL, 0), -EINVAL);
	assert_errno(sim_fault_set_probability(tm->m, SIM_FAULT_ALL, 2000000,
					       1), -EINVAL);
	p = kmalloc(8, TEST_GFP);
	assert_non_null(p);
	kfree(p);
	assert_null(kmalloc(8, TEST_GFP));
	assert_false(sim_fault_armed(tm->m));

	assert_string_equal(sim_fault_class_name(SIM_FAULT_KMALLOC), "kmalloc");
	assert_string_equal(sim_fault_class_name(SIM_FAULT_XA_NODE), "xa_node");
	assert_string_equal(sim_fault_class_name(SIM_FAULT_KMEM_CACHE),
			    "kmem_cache");
	assert_string_equal(sim_fault_class_name(SIM_FAULT_NR_CLASSES), "?");
	assert_string_equal(sim_fault_class_name((enum sim_fault_class)-1),
			    "?");
}

static void test_fault_unattached_never_failed(void **state)
{
	struct test_machine *tm = *state;
	struct sim_fault_stats st0, st;
	void *p, *q;

	assert_errno(sim_fault_fail_nth(tm->m, SIM_FAULT_ALL, 1), 0);
	assert_errno(sim_fault_set_probability(tm->m, SIM_FAULT_ALL, 1000000,
					       9), 0);
	st0 = fault_stats(tm->m);

	assert_errno(sim_thread_detach(), 0);
	p = kmalloc(64, TEST_GFP);
	q = kzalloc(64, TEST_GFP);
	assert_errno(sim_thread_attach(tm->m), 0);

	assert_non_null(p);
	assert_non_null(q);
	kfree(p);
	kfree(q);
	/* Not even counted against the machine, and still armed. */
	st = fault_stats(tm->m);
	assert_memory_equal(&st, &st0, sizeof(st));
	assert_true(sim_fault_armed(tm->m));
	sim_fault_clear(tm->m);
}

struct hook_log {
	unsigned int calls;
	enum sim_fault_class cls;
	size_t size;
	gfp_t gfp;
	bool fail;
};

static bool hook_alloc_should_fail(void *ctx, enum sim_fault_class cls,
				   size_t size, gfp_t gfp)
{
	struct hook_log *log = ctx;

	log->calls++;
	log->cls = cls;
	log->size = size;
	log->gfp = gfp;
	return log->fail;
}

static void test_fault_env_hook(void **state)
{
	struct hook_log log = { 0 };
	const struct sim_env_ops ops = {
		.alloc_should_fail = hook_alloc_should_fail,
		.ctx = &log,
	};
	struct sim_machine_config cfg = {
		.name = "hooked",
		.nr_pages = 16,
		.data_mode = SIM_DATA_NONE,
		.violation_mode = SIM_VIOLATION_RECORD,
		.ops = &ops,
	};
	struct sim_fault_stats st;
	struct sim_machine *m;
	long live = kmalloc_nr_allocated();
	void *p;

	(void)state;
	assert_errno(sim_machine_create(&cfg, &m), 0);
	machine_track(m);
	assert_errno(sim_thread_attach(m), 0);

	p = kmalloc(123, TEST_GFP);
	assert_non_null(p);
	kfree(p);
	assert_int_equal(log.calls, 1);
	assert_int_equal(log.cls, SIM_FAULT_KMALLOC);
	assert_int_equal(log.size, 123);
	assert_int_equal(log.gfp, TEST_GFP);

	log.fail = true;
	assert_null(kmalloc(77, TEST_GFP | __GFP_NOWARN));
	assert_int_equal(log.calls, 2);
	assert_int_equal(log.size, 77);
	assert_int_equal(log.gfp, TEST_GFP | __GFP_NOWARN);
	st = fault_stats(m);
	assert_int_equal(st.calls[SIM_FAULT_KMALLOC], 2);
	assert_int_equal(st.injected[SIM_FAULT_KMALLOC], 1);

	/* An armed rule that fires decides alone; the hook is not asked. */
	log.fail = false;
	assert_errno(sim_fault_fail_nth(m, SIM_FAULT_ALL, 1), 0);
	assert_null(kmalloc(8, TEST_GFP));
	assert_int_equal(log.calls, 2);
	st = fault_stats(m);
	assert_int_equal(st.injected[SIM_FAULT_KMALLOC], 2);

	assert_errno(sim_thread_detach(), 0);
	/* Unattached allocations never reach the hook either. */
	log.fail = true;
	p = kmalloc(8, TEST_GFP);
	assert_non_null(p);
	kfree(p);
	assert_int_equal(log.calls, 2);

	assert_int_equal(sim_violation_count(m), 0);
	assert_errno(machine_destroy(m), 0);
	assert_int_equal(kmalloc_nr_allocated(), live);
}

/* ---- page data and poisoning ---------------------------------------- */

static int setup_data_machine(void **state)
{
	struct test_machine *tm = calloc(1, sizeof(*tm));

	if (!tm)
		return -1;
	test_machine_up(tm, 64, 0x200, SIM_DATA_PAGES);
	*state = tm;
	return 0;
}

/*
 * Poisoning a range that spans words of the bitmaps (updated a word at a
 * time): exactly the range changes, and creation poisons every page of
 * a machine whose size is not a multiple of 64.
 */
static void test_poison_range_across_words(void **state)
{
	struct test_machine tm;
	struct sim_machine *m = test_machine_up(&tm, 200, 0, SIM_DATA_PAGES);

	(void)state;
	for (unsigned long pfn = 0; pfn < 200; pfn++)
		assert_true(sim_page_poisoned(m, pfn));
	assert_errno(sim_page_unpoison(m, 60, 140), 0);
	for (unsigned long pfn = 0; pfn < 200; pfn++)
		assert_true(sim_page_poisoned(m, pfn) == (pfn < 60));
	assert_errno(sim_page_poison(m, 63, 66), 0);
	for (unsigned long pfn = 0; pfn < 200; pfn++)
		assert_true(sim_page_poisoned(m, pfn) ==
			    (pfn < 60 || (pfn >= 63 && pfn < 129)));
	test_machine_down(&tm);
}

static void test_data_mode_poison(void **state)
{
	const unsigned long base = 0x200, nr = 64;
	struct test_machine *tm = *state;
	struct sim_machine *m = tm->m;
	unsigned char *page, *next;
	struct folio dummy;

	assert_int_equal(machine_info(m).data_bytes, nr * PAGE_SIZE);

	/* Nobody owns a page yet: every one starts poisoned. */
	for (unsigned long pfn = base; pfn < base + nr; pfn++)
		assert_true(sim_page_poisoned(m, pfn));
	assert_false(sim_page_poisoned(m, base - 1));
	assert_false(sim_page_poisoned(m, base + nr));
	assert_false(sim_page_poisoned(NULL, base));

	page = folio_address(pfn_folio(0x210));
	next = folio_address(pfn_folio(0x211));
	assert_non_null(page);
	assert_ptr_equal(next, page + PAGE_SIZE);
#if defined(__SANITIZE_ADDRESS__)
	assert_true(__asan_address_is_poisoned(page));
	assert_true(__asan_address_is_poisoned(page + PAGE_SIZE - 1));
#endif

	assert_errno(sim_page_unpoison(m, 0x210, 4), 0);
	assert_true(sim_page_poisoned(m, 0x20f));
	for (unsigned long pfn = 0x210; pfn < 0x214; pfn++)
		assert_false(sim_page_poisoned(m, pfn));
	assert_true(sim_page_poisoned(m, 0x214));
#if defined(__SANITIZE_ADDRESS__)
	assert_false(__asan_address_is_poisoned(page));
	assert_false(__asan_address_is_poisoned(page + 4 * PAGE_SIZE - 1));
	assert_true(__asan_address_is_poisoned(page + 4 * PAGE_SIZE));
	assert_true(__asan_address_is_poisoned(page - 1));
#endif

	/* The pages are real memory now: write them and read them back. */
	for (unsigned long i = 0; i < 4 * PAGE_SIZE; i++)
		page[i] = (unsigned char)(i * 7 + 3);
	for (unsigned long i = 0; i < 4 * PAGE_SIZE; i++)
		if (page[i] != (unsigned char)(i * 7 + 3))
			fail_msg("byte %lu of pfn 0x210.. reads back wrong", i);

	/* Bad ranges are refused and change nothing. */
	assert_errno(sim_page_poison(m, base - 1, 1), -EINVAL);
	assert_errno(sim_page_poison(m, base - 1, 2), -EINVAL);
	assert_errno(sim_page_poison(m, base + nr - 1, 2), -EINVAL);
	assert_errno(sim_page_poison(m, base + nr, 1), -EINVAL);
	assert_errno(sim_page_poison(m, 0x210, 0), -EINVAL);
	assert_errno(sim_page_poison(m, 0x210, ULONG_MAX), -EINVAL);
	assert_errno(sim_page_poison(m, 0x210, nr), -EINVAL);
	assert_errno(sim_page_poison(NULL, 0x210, 1), -EINVAL);
	assert_errno(sim_page_unpoison(m, base + nr - 1, 2), -EINVAL);
	assert_errno(sim_page_unpoison(m, 0x20f, 0), -EINVAL);
	assert_errno(sim_page_unpoison(NULL, 0x20f, 1), -EINVAL);
	assert_true(sim_page_poisoned(m, 0x20f));
	assert_false(sim_page_poisoned(m, 0x210));
	assert_false(sim_page_poisoned(m, 0x213));
	assert_true(sim_page_poisoned(m, base + nr - 1));
	assert_int_equal(page[5], (unsigned char)(5 * 7 + 3));

	/* Poison two of them again. */
	assert_errno(sim_page_poison(m, 0x212, 2), 0);
	assert_false(sim_page_poisoned(m, 0x211));
	assert_true(sim_page_poisoned(m, 0x212));
	assert_true(sim_page_poisoned(m, 0x213));
#if defined(__SANITIZE_ADDRESS__)
	assert_false(__asan_address_is_poisoned(page + 2 * PAGE_SIZE - 1));
	assert_true(__asan_address_is_poisoned(page + 2 * PAGE_SIZE));
#endif

	/* A descriptor that is not the machine's has no address. */
	memset(&dummy, 0, sizeof(dummy));
	assert_null(folio_address(&dummy));
	test_expect_violations(m, 1);

	/* The whole machine, edge to edge. */
	assert_errno(sim_page_unpoison(m, base, nr), 0);
	assert_false(sim_page_poisoned(m, base));
	assert_false(sim_page_poisoned(m, base + nr - 1));
	assert_errno(sim_page_poison(m, base, nr), 0);
	assert_true(sim_page_poisoned(m, base));
	assert_true(sim_page_poisoned(m, base + nr - 1));
}

/*
 * A destroyed machine's mappings are kept for the next machine of the
 * same size (lib/platform/map_cache.c): the next one must still start like a
 * fresh one, every descriptor zero and every page of data zero, however
 * the first left them. The second machine gets the first one's
 * mappings (the newest in the cache; the same address is necessary, not
 * sufficient: the kernel may hand out a freed range again), so this
 * fails if teardown does not zero what the first machine wrote.
 */
static void test_reused_mappings_start_zeroed(void **state)
{
	struct sim_machine_config cfg = {
		.name = "reuse", .nr_pages = 48, .base_pfn = 0x100,
		.data_mode = SIM_DATA_PAGES,
		.violation_mode = SIM_VIOLATION_RECORD,
	};
	struct sim_machine *m = NULL;
	unsigned char *data;

	(void)state;
	assert_errno(sim_machine_create(&cfg, &m), 0);
	machine_track(m);
	assert_errno(sim_thread_attach(m), 0);
	data = folio_address(pfn_folio(0x100));
	assert_errno(sim_page_unpoison(m, 0x110, 3), 0);
	memset(data + 0x10 * PAGE_SIZE, 0xaa, 3 * PAGE_SIZE);
	data[0x13 * PAGE_SIZE - 1] = 0x55;
	pfn_folio(0x111)->flags = 0x5;
	pfn_to_page(0x12f)->page_type = 0x77;
	folio_set_count(pfn_folio(0x120), 3);
	assert_errno(sim_thread_detach(), 0);
	assert_errno(machine_destroy(m), 0);

	m = NULL;
	assert_errno(sim_machine_create(&cfg, &m), 0);
	machine_track(m);
	assert_errno(sim_thread_attach(m), 0);
	assert_ptr_equal(folio_address(pfn_folio(0x100)), data);
	for (unsigned long pfn = 0x100; pfn < 0x130; pfn++) {
		assert_true(sim_page_poisoned(m, pfn));
		struct page fresh;

		/* Nothing but the zone, node and section of memmap_init(). */
		memset(&fresh, 0, sizeof(fresh));
		set_page_links(&fresh, ZONE_NORMAL, 0, pfn);
		if (memcmp(pfn_to_page(pfn), &fresh, sizeof(fresh)))
			fail_msg("descriptor of pfn %#lx is not fresh", pfn);
	}
	assert_errno(sim_page_unpoison(m, 0x100, 48), 0);
	/* Opened pages are undefined for Valgrind: read them all the same. */
	mem_defined(data, 48 * PAGE_SIZE);
	for (unsigned long i = 0; i < 48 * PAGE_SIZE; i++)
		if (data[i])
			fail_msg("byte %#lx of the data is %#x", i, data[i]);
	assert_int_equal(sim_violation_count(m), 0);
	assert_errno(sim_thread_detach(), 0);
	assert_errno(machine_destroy(m), 0);
}

static void test_metadata_mode_has_no_data(void **state)
{
	struct test_machine *tm = *state;

	assert_null(folio_address(pfn_folio(0)));
	assert_null(folio_address(pfn_folio(1023)));
	/* Nothing to poison: the calls succeed, nothing reads poisoned. */
	assert_false(sim_page_poisoned(tm->m, 0));
	assert_errno(sim_page_poison(tm->m, 0, 1024), 0);
	assert_false(sim_page_poisoned(tm->m, 0));
	assert_errno(sim_page_unpoison(tm->m, 0, 1), 0);
	/* The range is still checked. */
	assert_errno(sim_page_poison(tm->m, 1024, 1), -EINVAL);
	assert_errno(sim_page_unpoison(tm->m, 1023, 2), -EINVAL);
}

/* ---- sim_machine_show() --------------------------------------------- */

static char *show_to_string(struct sim_machine *m)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_errno(sim_machine_show(m, f), 0);
	assert_int_equal(fclose(f), 0);
	assert_non_null(buf);
	return buf;
}

static void assert_contains(const char *text, const char *needle)
{
	if (!text || !strstr(text, needle))
		fail_msg("\"%s\" not found in:\n%s", needle,
			 text ? text : "(nothing)");
}

static void test_machine_show(void **state)
{
	struct test_machine *tm = *state;
	struct sim_machine *m = tm->m;
	char *text;

	assert_errno(sim_machine_show(NULL, stdout), -EINVAL);
	assert_errno(sim_machine_show(m, NULL), -EINVAL);

	assert_errno(sim_memblock_reserve(m, 0x100, 16, "crashkernel"), 0);
	folio_set_count(pfn_folio(0x300), 2);	/* one more referenced page */

	text = show_to_string(m);
	assert_contains(text, "machine test:");
	assert_contains(text, "(1024 pages, 4 MiB)");
	assert_contains(text, "pfns 0-0x3ff");
	assert_contains(text, "data mode      none");
	assert_contains(text, "phase          boot");
	assert_contains(text, "attached       1 thread(s)");
	assert_contains(text, "free           1007\n");
	assert_contains(text, "referenced     17\n");
	assert_contains(text, "reserved       16\n");
	assert_contains(text, "large folios   0\n");
	assert_contains(text, "memblock reserved (1 regions):");
	assert_contains(text, "0x000000100000..0x00000010ffff");
	assert_contains(text, "pfns 0x100-0x10f");
	assert_contains(text, "      16 pages  crashkernel");
	assert_contains(text, "violations: 0\n");
	free(text);

	/* After boot, with one recorded violation. */
	assert_errno(sim_machine_boot_done(m), 0);
	sim_report_violation("CHECK", __FILE__, __LINE__, __func__, "shown");
	text = show_to_string(m);
	assert_contains(text, "phase          running");
	assert_contains(text, "violations: 1\n");
	free(text);
	test_expect_violations(m, 1);

	/*
	 * An allocated order-2 folio: however its pages are counted, none
	 * of the four is free any more.
	 */
	folio_set_count(pfn_folio(0x200), 1);
	prep_compound_page(pfn_to_page(0x200), 2);
	text = show_to_string(m);
	assert_contains(text, "free           1003\n");
	assert_contains(text, "large folios   1\n");
	free(text);
	destroy_compound_page(pfn_to_page(0x200));
	folio_set_count(pfn_folio(0x200), 0);
	folio_set_count(pfn_folio(0x300), 0);
	test_expect_violations(m, 0);
}

/* A test that makes its own machines. */
#define OWN(fn)		cmocka_unit_test_teardown(fn, machine_cleanup)
/* A test on the harness machine: 1024 pages at pfn 0, attached. */
#define FIXTURE(fn)	cmocka_unit_test_setup_teardown(fn, \
				test_setup_machine, test_teardown_machine)

int main(void)
{
	const struct CMUnitTest tests[] = {
		/* Forks: keep it first, before any thread or machine exists. */
		cmocka_unit_test(test_violation_abort_mode),
		cmocka_unit_test(test_machine_too_big_touches_nothing),
		OWN(test_machine_create_destroy),
		OWN(test_machine_info_data_mode),
		OWN(test_machine_default_modes),
		OWN(test_machine_create_bad_input),
		cmocka_unit_test(test_machine_too_big),
		cmocka_unit_test(test_bad_env_refused),
		cmocka_unit_test(test_page_is_64_bytes),
		OWN(test_machine_16g_metadata_only),
		OWN(test_attach_two_machines),
		OWN(test_attach_twice_is_busy),
		OWN(test_detach_not_attached),
		OWN(test_detach_inside_rcu_read_lock),
		OWN(test_destroy_detaches_caller),
		OWN(test_destroy_while_other_thread_attached),
		OWN(test_thread_exit_auto_detaches),
		OWN(test_thread_exit_in_rcu_read_lock_auto_detaches),
		OWN(test_unattached_kernel_calls),
		FIXTURE(test_violation_ring),
		FIXTURE(test_fault_fail_nth),
		FIXTURE(test_fault_class_filter),
		FIXTURE(test_fault_sticky_xa_node),
		FIXTURE(test_fault_counts_two_threads),
		FIXTURE(test_fault_probability),
		FIXTURE(test_fault_invalid_args),
		FIXTURE(test_fault_unattached_never_failed),
		OWN(test_fault_env_hook),
		OWN(test_poison_range_across_words),
		cmocka_unit_test_setup_teardown(test_data_mode_poison,
			setup_data_machine, test_teardown_machine),
		OWN(test_reused_mappings_start_zeroed),
		FIXTURE(test_metadata_mode_has_no_data),
		FIXTURE(test_machine_show),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
