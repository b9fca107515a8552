// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * test_race_cleancache_peek - a cleancache store's unlocked peek at a pool's
 * free list against a GCMA free that splices pages onto it.
 *
 * pick_folio_from_any_pool() reads pool->folio_list.next without the
 * pool's lock (READ_ONCE) to skip empty pools; gcma_free_range() donates
 * the freed range back with cleancache_backend_put_linked(), which
 * links it at the head of the same list under the lock. Every store of
 * that head word must be marked (WRITE_ONCE) for the peek to be a race
 * the memory model allows: under ThreadSanitizer a plain store there is
 * reported (and KCSAN would report it in a kernel). The program is the
 * regression test for that; in other builds it checks that the two
 * threads leave consistent state behind.
 *
 * One thread allocates and frees the whole GCMA area (emptying and
 * refilling the pool), another stores and invalidates a page of one
 * inode, NR_ROUNDS times each; then cleancache_check() and gcma_check()
 * must pass and no violation may be recorded.
 *
 * Usage: test_race_cleancache_peek (no arguments). Exit 0 or 1; under TSan a
 * report exits with TSAN_OPTIONS' exitcode (66 in the tsan setup).
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <libgcma/libgcma.h>

#define NR_PAGES	4096UL
#define AREA_PAGES	64UL
#define NR_ROUNDS	2000
#define NR_INDEXES	16

static struct sim_machine *machine;
static unsigned long area_start;
static unsigned long nr_errors;
static pthread_barrier_t start;

static void count_error(const char *what, int ret)
{
	__atomic_fetch_add(&nr_errors, 1, __ATOMIC_RELAXED);
	fprintf(stderr, "test_race_cleancache_peek: %s = %d\n", what, ret);
}

/* Empty the pool (take the whole area) and give it back, again and again. */
static void *donor_main(void *arg)
{
	int ret;

	if (sim_thread_attach(machine)) {
		count_error("donor attach", -1);
		return NULL;
	}
	pthread_barrier_wait(&start);
	for (int i = 0; i < NR_ROUNDS; i++) {
		ret = gcma_alloc_range(area_start, AREA_PAGES, GFP_KERNEL);
		if (ret) {
			count_error("gcma_alloc_range", ret);
			break;
		}
		ret = gcma_free_range(area_start, AREA_PAGES);
		if (ret) {
			count_error("gcma_free_range", ret);
			break;
		}
	}
	sim_thread_detach();
	return NULL;
}

/* Store and invalidate: each store peeks at the pool's list head. */
static void *storer_main(void *arg)
{
	struct inode *inode = arg;
	struct folio *folio;

	if (sim_thread_attach(machine)) {
		count_error("storer attach", -1);
		return NULL;
	}
	folio = folio_alloc(GFP_KERNEL, 0);
	if (!folio) {
		count_error("folio_alloc", -ENOMEM);
		pthread_barrier_wait(&start);
		sim_thread_detach();
		return NULL;
	}
	pthread_barrier_wait(&start);
	for (int i = 0; i < NR_ROUNDS; i++) {
		folio->mapping = inode->i_mapping;
		folio->index = (unsigned long)(i % NR_INDEXES);
		folio_set_workingset(folio);
		folio_set_locked(folio);
		/* Invalidated at once: the next store picks a free folio. */
		cleancache_store_folio(inode, folio);
		cleancache_invalidate_folio(inode, folio);
		folio_clear_locked(folio);
	}
	folio->mapping = NULL;
	folio_clear_workingset(folio);
	folio_put(folio);
	sim_thread_detach();
	return NULL;
}

int main(void)
{
	struct sim_machine_config cfg = { 0 };
	static struct super_block sb;
	static struct inode inode;
	pthread_t donor, storer;
	unsigned long violations;

	cfg.name = "race-cleancache-peek";
	cfg.nr_pages = NR_PAGES;
	cfg.data_mode = SIM_DATA_NONE;
	cfg.violation_mode = SIM_VIOLATION_RECORD;
	if (sim_machine_create(&cfg, &machine) ||
	    sim_thread_attach(machine) ||
	    sim_memblock_alloc(machine, AREA_PAGES, AREA_PAGES, "gcma",
			       &area_start) ||
	    sim_machine_boot_done(machine) ||
	    gcma_register_area("peek", area_start, AREA_PAGES)) {
		fprintf(stderr, "test_race_cleancache_peek: setup failed\n");
		return 1;
	}
	strcpy(sb.s_id, "peek");
	sb.cleancache_id = CLEANCACHE_ID_INVALID;
	inode.i_ino = 1;
	inode.i_sb = &sb;
	inode.i_mapping = &inode.i_data;
	inode.i_data.host = &inode;
	INIT_LIST_HEAD(&inode.i_sb_list);
	if (cleancache_add_fs(&sb)) {
		fprintf(stderr, "test_race_cleancache_peek: add_fs failed\n");
		return 1;
	}

	pthread_barrier_init(&start, NULL, 2);
	pthread_create(&donor, NULL, donor_main, NULL);
	pthread_create(&storer, NULL, storer_main, &inode);
	pthread_join(donor, NULL);
	pthread_join(storer, NULL);
	pthread_barrier_destroy(&start);

	if (cleancache_check())
		count_error("cleancache_check", -1);
	if (gcma_check())
		count_error("gcma_check", -1);
	cleancache_remove_fs(&sb);
	violations = sim_violation_count(machine);
	if (violations)
		count_error("violations recorded", (int)violations);
	sim_thread_detach();
	sim_machine_destroy(machine);
	printf("test_race_cleancache_peek: rounds=%d errors=%lu\n", NR_ROUNDS,
	       nr_errors);
	return nr_errors ? 1 : 0;
}
