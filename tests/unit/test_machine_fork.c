// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * sim_fork(): the child goes on with its copy of an attached machine
 * (page-cache work that frees through call_rcu, grace periods, the
 * machine's teardown with its rcu_barrier()), and so does the parent;
 * a thread attached to another machine but detached while the fork
 * happens leaves nothing behind in the child (lib/sim/fork.c). The
 * memmap is copied for the child at the fork, not shared copy-on-write
 * (lib/platform/fork_copy.c): the child sees the parent's contents, and
 * neither side takes a page fault per memmap page it writes.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <libgcma/libgcma.h>
#include "harness.h"
#include "kernel/compiler.h"
#include "kernel/memcheck.h"

static struct sim_machine *fork_machine(unsigned long nr_pages)
{
	struct sim_machine_config cfg = {
		.name = "fork",
		.nr_pages = nr_pages,
		.data_mode = SIM_DATA_NONE,
		.violation_mode = SIM_VIOLATION_RECORD,
		.seed = 3,
	};
	struct sim_machine *m = NULL;

	assert_int_equal(sim_machine_create(&cfg, &m), 0);
	assert_int_equal(sim_machine_boot_done(m), 0);
	return m;
}

/* Fill and empty a file a few times (xarray nodes freed by call_rcu). */
static int churn(unsigned long ino)
{
	struct super_block *sb;
	struct inode *inode;
	int ret = sim_fs_mount("churn", 4096, &sb);

	if (ret)
		return ret;
	ret = sim_inode_create(sb, ino, 2048 * 4096LL, &inode);
	for (int round = 0; !ret && round < 3; round++) {
		for (pgoff_t i = 0; !ret && i < 2048; i++)
			ret = sim_page_cache_write(inode, i);
		if (!ret)
			ret = sim_page_cache_truncate(inode, 0);
		if (!ret)
			ret = sim_page_cache_truncate(inode, 2048 * 4096LL);
	}
	sim_fs_unmount(sb);
	return ret;
}

/*
 * The child's whole life: work on its copy, tear down every machine it
 * inherited (under Valgrind the child's own leak check decides its exit
 * status), exit.
 */
static void child(struct sim_machine *m, struct sim_machine *other)
{
	int ret = churn(2);

	sim_thread_detach();
	if (!ret)
		ret = sim_machine_destroy(m);
	if (!ret)
		ret = sim_machine_destroy(other);
	_exit(ret ? 1 : 0);
}

static void *other_thread(void *arg)
{
	struct sim_machine *m = arg;

	int ret = sim_thread_attach(m) ?: churn(5);

	if (ret) {
		fprintf(stderr, "# other thread: %d\n", ret);
		return (void *)1;
	}
	sim_thread_detach();
	return NULL;
}

static void t_fork_child_and_parent_go_on(void **state)
{
	struct sim_machine *m = fork_machine(4096), *other = fork_machine(4096);
	pthread_t tid;
	void *res;
	int status, pid;

	(void)state;
	/* Another thread used a machine, and is detached (and gone). */
	assert_int_equal(pthread_create(&tid, NULL, other_thread, other), 0);
	assert_int_equal(pthread_join(tid, &res), 0);
	assert_null(res);
	assert_int_equal(sim_thread_attach(m), 0);
	assert_int_equal(churn(1), 0);
	pid = sim_fork();
	if (pid == 0)
		child(m, other);
	assert_true(pid > 0);
	assert_int_equal(churn(3), 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(sim_violation_count(m), 0);
	sim_thread_detach();
	assert_int_equal(sim_machine_destroy(m), 0);
	assert_int_equal(sim_machine_destroy(other), 0);
}

/* A big enough memmap: 16384 descriptors of 64 bytes, 256 host pages. */
#define COPY_PAGES	16384UL

/* A checksum of the memmap's descriptors, pfn by pfn. */
static uint64_t memmap_sum(void)
{
	uint64_t h = 0;

	for (unsigned long pfn = 0; pfn < COPY_PAGES; pfn++) {
		const uint64_t *w = (const uint64_t *)pfn_folio(pfn);

		for (unsigned int i = 0; i < 8; i++)
			h = (h ^ w[i]) * 0x100000001b3ULL;
	}
	return h;
}

/* Minor faults taken writing every host page of the memmap (its own value). */
static long memmap_write_faults(void)
{
	struct rusage before, after;

	getrusage(RUSAGE_SELF, &before);
	for (unsigned long pfn = 0; pfn < COPY_PAGES; pfn += 64) {
		volatile uint64_t *w = (volatile uint64_t *)pfn_folio(pfn);

		w[0] = w[0];
	}
	getrusage(RUSAGE_SELF, &after);
	return after.ru_minflt - before.ru_minflt;
}

/* Does the host have MADV_POPULATE_WRITE (Linux 5.14)? */
static bool host_populates(void)
{
	long psz = sysconf(_SC_PAGESIZE);
	void *p = mmap(NULL, psz, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	bool ok;

	assert_true(p != MAP_FAILED);
	ok = !madvise(p, psz, 23 /* MADV_POPULATE_WRITE */);
	munmap(p, psz);
	return ok;
}

static void t_fork_copies_the_memmap(void **state)
{
	struct sim_machine *m = fork_machine(COPY_PAGES);
	int status, pid;
	uint64_t sum;
	/*
	 * Faults are counted natively only: Valgrind's are its own, and
	 * TSan writes shadow memory (copy-on-write too) with every access.
	 * The copy's contents are checked everywhere.
	 */
#ifdef SIM_HAVE_TSAN
	bool count = false;
#else
	bool count = host_populates() && !RUNNING_ON_VALGRIND;
#endif

	(void)state;
	assert_int_equal(sim_thread_attach(m), 0);
	assert_int_equal(churn(1), 0);
	sum = memmap_sum();
	pid = sim_fork();
	if (pid == 0) {
		int bad = memmap_sum() != sum;

		/* 256 host pages: a fault for each is a copy-on-write memmap. */
		if (count && memmap_write_faults() > 32)
			bad |= 2;
		bad |= churn(2) ? 4 : 0;
		sim_thread_detach();
		bad |= sim_machine_destroy(m) ? 8 : 0;
		_exit(bad);
	}
	assert_true(pid > 0);
	if (count)
		assert_in_range(memmap_write_faults(), 0, 32);
	assert_int_equal(memmap_sum(), sum);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(churn(3), 0);
	assert_int_equal(sim_violation_count(m), 0);
	sim_thread_detach();
	assert_int_equal(sim_machine_destroy(m), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_fork_child_and_parent_go_on),
		cmocka_unit_test(t_fork_copies_the_memmap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
