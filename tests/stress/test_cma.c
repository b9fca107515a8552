// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * cma - stress of classic CMA and a `guarantee` area against page-cache
 * traffic, pins and cleancache on one machine.
 *
 *   pfn 0                      4096            6144            8192
 *       |<---- system memory --->|<--- cma0 --->|<--- gcma0 --->|
 *
 * Threads:
 * - a classic allocator: cma_alloc()/cma_release() of 64-page aligned
 *   runs of cma0, whose pageblocks the page cache keeps borrowing, so
 *   every allocation migrates or reclaims folios and may meet a pin;
 * - a GCMA allocator: the same on gcma0, whose pages cleancache keeps
 *   borrowing;
 * - two file threads: read, write, evict and truncate pages of their own
 *   files (memory pressure evicts into cleancache, reads restore);
 * - a pinner: pins cached folios, O_DIRECT-like (released after a virtual
 *   delay) or vmsplice-like (released by the pinner later).
 *
 * Checked:
 * - a classic allocation returns 0, -EBUSY or -ENOMEM; a GCMA one always
 *   succeeds (the thread holds at most half of the area, in 64-page
 *   aligned runs, so a free run always exists: the guarantee);
 * - allocated pages have refcount 1; in data mode what an allocator wrote
 *   into them is still there at release;
 * - every release succeeds;
 * - every page read holds what sim_page_expected() says (migration and
 *   cleancache restore the right data);
 * - periodically, with every worker paused: cma_check(), gcma_check(),
 *   cleancache_check() and the page allocator's checker pass;
 * - no violation is recorded.
 *
 * Usage: test_cma [--duration S] [--seed N] [--data]
 * Prints one summary line; exits 1 on any error or if nothing happened.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libgcma/libgcma.h>

#define STRESS_NAME "cma"
#include "stress_util.h"

#define NR_PAGES	8192UL
#define CMA0		4096UL
#define GCMA0		6144UL
#define AREA		2048UL
#define RUN		64UL
#define MAX_HELD	((int)(AREA / RUN / 2))
#define NR_FILERS	2
#define FILES_PER	4
#define FILE_PAGES	1024UL
#define MAX_PINS	8

static struct sim_machine *machine;
static struct cma *cma0, *gcma0;
static struct super_block *sb;
static bool data_mode;
static volatile bool stop;

static unsigned long nr_allocs, nr_busy, nr_nomem, nr_gcma;
static unsigned long nr_reads, nr_writes, nr_pins, nr_checks;

/* Run @fn with the pause lock read-held, so checks see a quiet machine. */
#define WORK(stmt)						\
	do {							\
		pthread_rwlock_rdlock(&pause_lock);		\
		stmt;						\
		pthread_rwlock_unlock(&pause_lock);		\
	} while (0)

/* ---- allocators --------------------------------------------------------- */

/*
 * Ops a worker may do past the stop while it has not done its part yet
 * (a successful allocation, a read): under Valgrind, which runs one
 * thread at a time, a worker may get only a few ops in a short run.
 */
#define EXTRA_OPS	10000

struct allocator {
	struct cma *cma;
	bool guarantee;
	uint64_t seed;
	struct page *held[MAX_HELD];
	uint32_t tag[MAX_HELD];
	int nr_held;
	unsigned long nr_ok;	/* allocations that succeeded */
};

static void tag_pages(struct page *page, uint32_t tag, bool check,
		      const char *who)
{
	for (unsigned long i = 0; i < RUN; i++) {
		struct folio *f = (struct folio *)nth_page(page, i);
		uint32_t *p;

		if (check && folio_ref_count(f) != 1)
			error("%s: pfn %#lx refcount %d", who,
			      page_to_pfn(page) + i, folio_ref_count(f));
		if (!data_mode)
			continue;
		p = folio_address(f);
		if (!check)
			p[0] = p[PAGE_SIZE / 4 - 1] = tag + (uint32_t)i;
		else if (p[0] != tag + (uint32_t)i ||
			 p[PAGE_SIZE / 4 - 1] != tag + (uint32_t)i)
			error("%s: pfn %#lx lost its data", who,
			      page_to_pfn(page) + i);
	}
}

static void allocator_op(struct allocator *a)
{
	const char *who = a->guarantee ? "gcma" : "classic";
	bool do_alloc = a->nr_held == 0 ||
			(a->nr_held < MAX_HELD && prng(&a->seed) % 2);
	struct page *page;
	int ret, i;

	if (!do_alloc) {
		i = (int)(prng(&a->seed) % (uint64_t)a->nr_held);
		tag_pages(a->held[i], a->tag[i], true, who);
		ret = cma_release_pages(a->cma, a->held[i], RUN);
		if (ret)
			error("%s: release of pfn %#lx: %d", who,
			      page_to_pfn(a->held[i]), ret);
		a->held[i] = a->held[--a->nr_held];
		a->tag[i] = a->tag[a->nr_held];
		return;
	}
	ret = cma_alloc_pages(a->cma, RUN, 6, GFP_KERNEL | __GFP_NOWARN,
			      &page);
	add(&nr_allocs, 1);
	if (ret == -EBUSY && !a->guarantee) {
		add(&nr_busy, 1);
		return;
	}
	if (ret == -ENOMEM && !a->guarantee) {
		add(&nr_nomem, 1);
		return;
	}
	if (ret) {
		error("%s: cma_alloc(%lu) = %d with %d runs held", who, RUN,
		      ret, a->nr_held);
		return;
	}
	add(&nr_gcma, a->guarantee);
	a->nr_ok++;
	a->tag[a->nr_held] = (uint32_t)prng(&a->seed);
	tag_pages(page, a->tag[a->nr_held], false, who);
	tag_pages(page, a->tag[a->nr_held], true, who);
	a->held[a->nr_held++] = page;
}

static void *allocator_main(void *arg)
{
	struct allocator *a = arg;
	unsigned long extra = 0;

	if (sim_thread_attach(machine)) {
		error("allocator: attach failed");
		return NULL;
	}
	/* Past the stop until one allocation succeeded (see filer_main()). */
	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED) ||
	       (!a->nr_ok && extra++ < EXTRA_OPS))
		WORK(allocator_op(a));
	while (a->nr_held)
		WORK(a->nr_held--;
		     if (cma_release_pages(a->cma, a->held[a->nr_held], RUN))
			error("final release failed"));
	sim_thread_detach();
	return NULL;
}

/* ---- file threads -------------------------------------------------------- */

struct filer {
	int id;
	uint64_t seed;
	struct inode *inode[FILES_PER];
};

static unsigned char expect_buf[NR_FILERS][PAGE_SIZE];

static void filer_op(struct filer *f)
{
	struct inode *inode = f->inode[prng(&f->seed) % FILES_PER];
	pgoff_t index = prng(&f->seed) % FILE_PAGES;
	unsigned int op = prng(&f->seed) % 16;
	struct folio *folio;
	int ret;

	if (op < 10) {
		ret = sim_page_cache_read(inode, index, &folio);
		if (ret == -ENOMEM)
			return;
		if (ret) {
			error("filer %d: read: %d", f->id, ret);
			return;
		}
		if (data_mode &&
		    (sim_page_expected(inode, index, expect_buf[f->id]) ||
		     memcmp(folio_address(folio), expect_buf[f->id],
			    PAGE_SIZE)))
			error("filer %d: ino %lu index %lu: wrong data",
			      f->id, inode->i_ino, index);
		folio_put(folio);
		add(&nr_reads, 1);
	} else if (op < 13) {
		ret = sim_page_cache_write(inode, index);
		if (ret && ret != -ENOMEM)
			error("filer %d: write: %d", f->id, ret);
		add(&nr_writes, !ret);
	} else if (op < 15) {
		ret = sim_page_cache_evict(inode, index);
		if (ret && ret != -ENOENT)
			error("filer %d: evict: %d", f->id, ret);
	} else {
		ret = sim_page_cache_truncate(inode,
				(int64_t)(FILE_PAGES - prng(&f->seed) % 64) *
				PAGE_SIZE);
		if (!ret)
			ret = sim_page_cache_truncate(inode,
					(int64_t)FILE_PAGES * PAGE_SIZE);
		if (ret)
			error("filer %d: truncate: %d", f->id, ret);
	}
}


static void *filer_main(void *arg)
{
	struct filer *f = arg;
	unsigned long extra = 0;

	if (sim_thread_attach(machine)) {
		error("filer: attach failed");
		return NULL;
	}
	/*
	 * Until told to stop, and past that until some read was done (at
	 * most EXTRA_OPS more ops): under Valgrind, which runs one
	 * thread at a time, a filer may get only a few ops in a short run,
	 * and the run must show reads.
	 */
	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED) ||
	       (!__atomic_load_n(&nr_reads, __ATOMIC_RELAXED) &&
		extra++ < EXTRA_OPS))
		WORK(filer_op(f));
	sim_thread_detach();
	return NULL;
}

/* ---- the pinner ---------------------------------------------------------- */

struct pinner {
	uint64_t seed;
	struct filer *filers;
	struct sim_pin *pins[MAX_PINS];
	int nr;
};

static void pinner_op(struct pinner *p)
{
	struct filer *f = &p->filers[prng(&p->seed) % NR_FILERS];
	struct inode *inode = f->inode[prng(&p->seed) % FILES_PER];
	struct folio *folio;
	bool odirect;
	int ret;

	if (p->nr == MAX_PINS) {
		int i = (int)(prng(&p->seed) % MAX_PINS);

		ret = sim_unpin(p->pins[i]);
		if (ret)
			error("pinner: unpin: %d", ret);
		p->pins[i] = p->pins[--p->nr];
		return;
	}
	folio = sim_page_cache_get(inode, prng(&p->seed) % FILE_PAGES);
	if (!folio)
		return;
	/*
	 * An O_DIRECT pin is timed: the machine releases it at a safe point
	 * once its virtual time is up, so it has no handle.
	 */
	odirect = prng(&p->seed) % 2;
	if (odirect)
		ret = sim_pin_folio(folio, SIM_PIN_ODIRECT, 200000, "dio",
				    NULL);
	else
		ret = sim_pin_folio(folio, SIM_PIN_VMSPLICE, 0, "splice",
				    &p->pins[p->nr]);
	folio_put(folio);
	if (ret) {
		error("pinner: pin: %d", ret);
		return;
	}
	p->nr += !odirect;
	add(&nr_pins, 1);
}

static void *pinner_main(void *arg)
{
	struct pinner *p = arg;

	if (sim_thread_attach(machine)) {
		error("pinner: attach failed");
		return NULL;
	}
	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED))
		WORK(pinner_op(p));
	while (p->nr)
		WORK(p->nr--;
		     if (sim_unpin(p->pins[p->nr]))
			error("pinner: final unpin failed"));
	sim_thread_detach();
	return NULL;
}

/* ---- main --------------------------------------------------------------- */

static void check_now(void)
{
	if (cma_check())
		error("cma_check() failed");
	if (gcma_check())
		error("gcma_check() failed");
	if (cleancache_check())
		error("cleancache_check() failed");
	if (sim_page_alloc_check(machine))
		error("page allocator check failed");
	add(&nr_checks, 1);
}

static int setup(uint64_t seed, struct filer *filers)
{
	struct sim_machine_config cfg = {
		.name = "cma-stress", .nr_pages = NR_PAGES,
		.data_mode = data_mode ? SIM_DATA_PAGES : SIM_DATA_NONE,
		.violation_mode = SIM_VIOLATION_RECORD, .seed = seed,
	};

	if (sim_machine_create(&cfg, &machine) ||
	    sim_thread_attach(machine) ||
	    sim_cma_declare(machine, "cma0", CMA0, AREA, 0, false, &cma0) ||
	    sim_cma_declare(machine, "gcma0", GCMA0, AREA, 0, true, &gcma0) ||
	    sim_machine_boot_done(machine) ||
	    sim_fs_mount("stress", NR_PAGES, &sb))
		return -1;
	for (int i = 0; i < NR_FILERS; i++) {
		filers[i].id = i;
		filers[i].seed = seed * 3000 + (uint64_t)i;
		for (int j = 0; j < FILES_PER; j++)
			if (sim_inode_create(sb, (unsigned long)(i * FILES_PER + j + 1),
					     (int64_t)FILE_PAGES * PAGE_SIZE,
					     &filers[i].inode[j]))
				return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static struct allocator alloc[2];
	static struct filer filers[NR_FILERS];
	static struct pinner pinner;
	pthread_t tid[2 + NR_FILERS + 1];
	unsigned long violations;
	struct stress_opts opts = STRESS_OPTS_DEFAULT;
	const struct stress_opt options[] = { STRESS_OPTS_COMMON(&opts) };
	int nr = 0;

	stress_parse(argc, argv, options);
	data_mode = opts.data;
	if (setup(opts.seed, filers)) {
		fprintf(stderr, "cma stress: setup failed\n");
		return 1;
	}
	stress_pause_init();

	alloc[0] = (struct allocator){ .cma = cma0, .seed = opts.seed * 1000 };
	alloc[1] = (struct allocator){ .cma = gcma0, .guarantee = true,
				       .seed = opts.seed * 1000 + 1 };
	pinner = (struct pinner){ .seed = opts.seed * 4000, .filers = filers };
	for (int i = 0; i < 2; i++)
		pthread_create(&tid[nr++], NULL, allocator_main, &alloc[i]);
	for (int i = 0; i < NR_FILERS; i++)
		pthread_create(&tid[nr++], NULL, filer_main, &filers[i]);
	pthread_create(&tid[nr++], NULL, pinner_main, &pinner);

	stress_check_every(opts.duration, check_now);
	__atomic_store_n(&stop, true, __ATOMIC_RELAXED);
	for (int i = 0; i < nr; i++)
		pthread_join(tid[i], NULL);
	check_now();

	if (sim_fs_unmount(sb))
		error("unmount failed");
	check_now();
	violations = sim_violation_count(machine);
	if (violations)
		error("%lu violations recorded", violations);
	sim_thread_detach();
	sim_machine_destroy(machine);
	pthread_rwlock_destroy(&pause_lock);

	printf("cma stress: seed=%llu data=%d allocs=%lu busy=%lu nomem=%lu gcma=%lu reads=%lu writes=%lu pins=%lu checks=%lu errors=%lu\n",
	       (unsigned long long)opts.seed, data_mode, nr_allocs, nr_busy,
	       nr_nomem, nr_gcma, nr_reads, nr_writes, nr_pins, nr_checks,
	       nr_errors);
	/*
	 * Pins are not required: under Valgrind the pinner thread may not be
	 * scheduled at all in a short run; the allocators and file threads
	 * must have worked.
	 */
	if (nr_errors || !nr_gcma || nr_allocs == nr_busy + nr_nomem + nr_gcma ||
	    !nr_reads || nr_checks < 2)
		return 1;
	return 0;
}
