// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Unit tests of the tag-storage donor (lib/mm/tag_storage.c): the
 * guarantee (activation takes the whole range back from cleancache and
 * succeeds with the pool full, with readers and stores running on other
 * threads, cycle after cycle), GCMA's entries untouched by it, and every
 * misuse refused with nothing changed.
 *
 * Every test runs on a 1024-page machine with page data whose top 256
 * pages are a boot-time carve-out; most register a GCMA area and a donor
 * side by side in it (two donors, two pools):
 *
 *   pfn 0                       768           896           1024
 *       |<---- system memory --->|<-- GCMA --->|<-- tags --->|
 *        page-cache folios         area "g"      donor "tags"
 *
 * tag_storage_check(), gcma_check() and cleancache_check() run after
 * every step (T_CHECK). Teardown deactivates an active donor (which must
 * succeed) and takes every donated page back.
 */
#include <pthread.h>
#include <sched.h>

#include <libgcma/tag_storage.h>

#include "cc_test.h"
#include "check_test.h"
#include "mm/cleancache_internal.h"
#include "mm/tag_storage_internal.h"
#include "platform/internal.h"

#define CARVE		CC_CARVE256_PFN
#define NR_CARVE	CC_CARVE256_PAGES
#define AREA		768UL
#define NR_AREA		128UL
#define TAGS		896UL
#define NR_TAGS		128UL

static void __t_check(const char *file, int line)
{
	int ts = tag_storage_check(), g = gcma_check();

	if (ts || g) {
		test_print_violations(sim_current_machine());
		print_error("%s:%d: tag_storage_check() %d gcma_check() %d\n",
			    file, line, ts, g);
		_fail(file, line);
	}
	__cc_check(file, line);
}

/* T_CHECK - every invariant checker must pass, now. */
#define T_CHECK()	__t_check(__FILE__, __LINE__)

static int ts_teardown(void **state)
{
	struct cc_test *t = *state;
	int nr = tag_storage_nr_donors();

	T_CHECK();
	for (int i = 0; i < nr; i++) {
		struct tag_storage_info info;

		assert_errno(tag_storage_get_info(i, &info), 0);
		if (info.active)
			assert_errno(tag_storage_deactivate(i), 0);
	}
	T_CHECK();
	/* cc_teardown() takes every donated page back (the guarantee). */
	for (unsigned long i = 0; i < t->nr_carve; i++) {
		int pool = folio_cc_pool_id(pfn_folio(CARVE + i));

		if (pool >= 0)
			cc_mark_donated(t, i, pool);
		else if (t->state[i] == CC_D_RESERVED &&
			 !folio_test_reserved(pfn_folio(CARVE + i)))
			t->state[i] = CC_D_OWNED;
	}
	return cc_teardown(state);
}

static struct folio *desc(unsigned long pfn)
{
	return (struct folio *)pfn_to_page(pfn);
}

static struct tag_storage_info ts_info(int id)
{
	struct tag_storage_info info;

	assert_errno(tag_storage_get_info(id, &info), 0);
	return info;
}

/* The GCMA area and the donor side by side; return the donor's id. */
static int two_donors(void)
{
	int id;

	assert_errno(gcma_register_area("g", AREA, NR_AREA), 0);
	id = tag_storage_register("tags", TAGS, NR_TAGS);
	assert_int_equal(id, 0);
	T_CHECK();
	return id;
}

/* Store @n workingset pages, entry i tagged 0x7a000000 | i. */
static unsigned long fill_cache(struct cc_test *t, unsigned long n)
{
	struct folio *src = cc_page(t);
	unsigned long stored = 0;

	for (unsigned long i = 0; i < n; i++)
		if (cc_store_tag(t, &t->inode[i % CC_NR_INODES], src,
				 i / CC_NR_INODES, 0x7a000000u | (uint32_t)i))
			stored++;
	T_CHECK();
	return stored;
}

/* Is every page of the donor tag storage's: refcount 1, zeroed? */
static void assert_owned_zeroed(void)
{
	for (unsigned long pfn = TAGS; pfn < TAGS + NR_TAGS; pfn++) {
		const unsigned char *p = folio_address(desc(pfn));

		assert_int_equal(folio_ref_count(desc(pfn)), 1);
		assert_int_equal(folio_cc_pool_id(desc(pfn)), -1);
		for (size_t i = 0; i < PAGE_SIZE; i++)
			if (p[i])
				fail_msg("pfn %#lx byte %zu is %#x", pfn, i, p[i]);
	}
}

/*
 * A donor registered before any GCMA area gets cleancache's first pool,
 * pool 0: a registered pool, so the checker finds nothing wrong, active
 * or not. Kills 08d5820ab6 (the layout check taking pool 0 for "not
 * registered").
 */
static void test_donor_with_pool_0(void **state)
{
	int id = tag_storage_register("tags", TAGS, NR_TAGS);

	(void)state;
	assert_int_equal(id, 0);
	assert_int_equal(ts_info(id).pool_id, 0);
	T_CHECK();
	assert_errno(tag_storage_activate(id), 0);
	T_CHECK();
}

/* Safe points passed while the counting hook below is installed. */
static void (*saved_safe_point)(struct sim_machine *m);
static unsigned long safe_points;

static void count_safe_point(struct sim_machine *m)
{
	safe_points++;
	if (saved_safe_point)
		saved_safe_point(m);
}

/*
 * Activation yields (cond_resched(), the machine's safe point, where a
 * due timed pin is released) once per 4096 pages it takes, not once per
 * page: a quiet 128-page donor is taken back without passing one. Kills
 * 62c21ba4d2 (the test inverted: a safe point after every page but the
 * 4096th).
 */
static void test_activate_yields_per_4096_pages(void **state)
{
	struct cc_test *t = cc(state);
	int id = two_donors();

	saved_safe_point = t->m->hooks.safe_point;
	t->m->hooks.safe_point = count_safe_point;
	safe_points = 0;
	assert_errno(tag_storage_activate(id), 0);
	t->m->hooks.safe_point = saved_safe_point;
	assert_int_equal(safe_points, 0);
	assert_owned_zeroed();
	T_CHECK();
}

/* ---- the guarantee ------------------------------------------------------ */

/*
 * Both pools full of cached data (256 entries over 256 donated pages).
 * Expect activation to succeed, every donor page back at refcount 1 and
 * zeroed, the donor's pool empty, and exactly its cached entries dropped
 * (entries_dropped = the pool's cached count before).
 */
static void test_activate_pool_full(void **state)
{
	struct cc_test *t = cc(state);
	struct cleancache_pool_stats before, after;
	struct tag_storage_info info;
	int id = two_donors();

	assert_int_equal(fill_cache(t, NR_CARVE), NR_CARVE);
	info = ts_info(id);
	assert_errno(cleancache_pool_stats_get(info.pool_id, &before), 0);
	assert_int_equal(before.cached, NR_TAGS);
	assert_errno(tag_storage_activate(id), 0);
	T_CHECK();
	assert_owned_zeroed();
	assert_errno(cleancache_pool_stats_get(info.pool_id, &after), 0);
	assert_int_equal(after.size, 0);
	info = ts_info(id);
	assert_true(info.active);
	assert_int_equal(info.activations, 1);
	assert_int_equal(info.pages_taken, NR_TAGS);
	assert_int_equal(info.entries_dropped, before.cached);
}

/*
 * GCMA's entries survive: after the donor's activation, every entry
 * restores with its data or misses; the hits are exactly the GCMA pool's
 * cached entries, the misses the donor pool's. Tag storage then writes
 * its pages (tags) and nothing restored changes.
 */
static void test_gcma_entries_untouched(void **state)
{
	struct cc_test *t = cc(state);
	struct cleancache_pool_stats gp;
	struct gcma_area_info ga;
	struct folio *dst = cc_page(t);
	unsigned long hits = 0, misses = 0;
	int id = two_donors();

	assert_int_equal(fill_cache(t, NR_CARVE), NR_CARVE);
	assert_errno(gcma_area_get_info(0, &ga), 0);
	assert_errno(cleancache_pool_stats_get(ga.pool_id, &gp), 0);
	assert_errno(tag_storage_activate(id), 0);
	for (unsigned long pfn = TAGS; pfn < TAGS + NR_TAGS; pfn++)
		memset(folio_address(desc(pfn)), 0xee, PAGE_SIZE);
	T_CHECK();
	for (unsigned long i = 0; i < NR_CARVE; i++) {
		struct inode *inode = &t->inode[i % CC_NR_INODES];

		if (cc_restore(t, inode, dst, i / CC_NR_INODES)) {
			if (!cc_holds(t, dst, 0x7a000000u | (uint32_t)i))
				fail_msg("entry %lu restored wrong data", i);
			hits++;
		} else {
			misses++;
		}
	}
	assert_int_equal(hits, gp.cached);
	assert_int_equal(misses, NR_CARVE - gp.cached);
	assert_int_equal(ts_info(id).entries_dropped, misses);
	assert_errno(gcma_area_get_info(0, &ga), 0);
	assert_int_equal(ga.allocated, 0);
	T_CHECK();
}

/*
 * 40 deactivate/activate cycles, the cache refilled each time and a GCMA
 * range allocated and freed in between. Expect every call to succeed and
 * the counters to add up.
 */
static void test_cycles(void **state)
{
	struct cc_test *t = cc(state);
	struct tag_storage_info info;
	int id = two_donors();

	for (int c = 0; c < 40; c++) {
		fill_cache(t, NR_CARVE);
		assert_errno(tag_storage_activate(id), 0);
		T_CHECK();
		assert_owned_zeroed();
		assert_errno(gcma_alloc_range(AREA + (unsigned long)c, 16,
					      GFP_KERNEL), 0);
		assert_errno(tag_storage_deactivate(id), 0);
		T_CHECK();
		assert_errno(gcma_free_range(AREA + (unsigned long)c, 16), 0);
	}
	info = ts_info(id);
	assert_int_equal(info.activations, 40);
	assert_int_equal(info.deactivations, 40);
	assert_int_equal(info.pages_taken, 40 * NR_TAGS);
	assert_int_equal(info.refused, 0);
	assert_false(info.active);
}

/* ---- misuse ------------------------------------------------------------- */

/* The snapshot a refused call must leave as it was. */
struct t_snap {
	struct sim_digest digest;
	struct tag_storage_info info;
};

static void t_snap(struct t_snap *s, int id)
{
	assert_errno(sim_machine_digest(sim_current_machine(), &s->digest), 0);
	s->info = ts_info(id);
}

/* Refused with @err: nothing but the refused counter changed. */
#define T_REFUSED(id, expr, err) do {					\
	struct t_snap __a, __b;						\
									\
	t_snap(&__a, (id));						\
	assert_errno((expr), (err));					\
	t_snap(&__b, (id));						\
	assert_int_equal(sim_digest_diff(&__a.digest, &__b.digest), 0); \
	assert_int_equal(__b.info.refused, __a.info.refused + 1);	\
	__b.info.refused = __a.info.refused;				\
	assert_memory_equal(&__a.info, &__b.info, sizeof(__a.info));	\
	T_CHECK();							\
} while (0)

/*
 * Activate twice, deactivate twice: -EALREADY, nothing changed; unknown
 * ids: -EINVAL.
 */
static void test_misuse_state(void **state)
{
	int id = two_donors();

	(void)state;
	T_REFUSED(id, tag_storage_deactivate(id), -EALREADY);
	assert_errno(tag_storage_activate(id), 0);
	T_REFUSED(id, tag_storage_activate(id), -EALREADY);
	assert_errno(tag_storage_activate(-1), -EINVAL);
	assert_errno(tag_storage_activate(1), -EINVAL);
	assert_errno(tag_storage_deactivate(MAX_TAG_STORAGE_DONORS), -EINVAL);
	assert_errno(tag_storage_get_info(1, NULL), -EINVAL);
	assert_errno(tag_storage_get_info(id, NULL), -EINVAL);
	T_CHECK();
}

/*
 * Deactivation while tag storage still uses a page (an extra reference,
 * a locked page, a mapping): -EBUSY and nothing changed; once let go, it
 * succeeds.
 */
static void test_deactivate_in_use(void **state)
{
	struct inode owner;
	int id = two_donors();

	(void)state;
	cc_inode_init(&owner, NULL, 9);
	assert_errno(tag_storage_activate(id), 0);
	folio_get(desc(TAGS + 5));
	T_REFUSED(id, tag_storage_deactivate(id), -EBUSY);
	folio_put(desc(TAGS + 5));
	folio_set_locked(desc(TAGS + NR_TAGS - 1));
	T_REFUSED(id, tag_storage_deactivate(id), -EBUSY);
	folio_clear_locked(desc(TAGS + NR_TAGS - 1));
	desc(TAGS)->mapping = owner.i_mapping;
	T_REFUSED(id, tag_storage_deactivate(id), -EBUSY);
	desc(TAGS)->mapping = NULL;
	folio_set_referenced(desc(TAGS + 1));	/* harmless: cleared */
	assert_errno(tag_storage_deactivate(id), 0);
	assert_false(folio_test_referenced(desc(TAGS + 1)));
	T_CHECK();
}

/*
 * Registration errors: bad names, ranges outside the machine, system
 * memory, a GCMA area's pages, another donor's pages, a pool name in use,
 * the ninth donor. Each -errno with nothing changed.
 */
static void test_register_errors(void **state)
{
	struct sim_digest a, b;
	char name[TAG_STORAGE_NAME_MAX_LEN + 1];

	(void)state;
	two_donors();
	memset(name, 'x', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	assert_errno(sim_machine_digest(sim_current_machine(), &a), 0);
	assert_errno(tag_storage_register(NULL, CARVE, 1), -EINVAL);
	assert_errno(tag_storage_register("", CARVE, 1), -EINVAL);
	assert_errno(tag_storage_register("a/b", CARVE, 1), -EINVAL);
	assert_errno(tag_storage_register(name, CARVE, 1), -EINVAL);
	assert_errno(tag_storage_register("t", 1020, 8), -EINVAL);
	assert_errno(tag_storage_register("t", 0, 0), -EINVAL);
	assert_errno(tag_storage_register("t", ~0UL, 2), -EINVAL);
	assert_errno(tag_storage_register("t", 0, 16), -EBUSY);
	assert_errno(tag_storage_register("t", AREA, 1), -EBUSY);
	assert_errno(tag_storage_register("t", TAGS + 4, 1), -EBUSY);
	assert_errno(sim_machine_digest(sim_current_machine(), &b), 0);
	assert_int_equal(sim_digest_diff(&a, &b), 0);
	assert_int_equal(tag_storage_nr_donors(), 1);
	T_CHECK();
}

/*
 * The donation itself refused (a locked page, which only cleancache
 * checks): the WARN, and every page of the range back as a boot page,
 * the last one too (kills 8de4b52aa5.2, which left the last page frozen
 * at refcount 0 and unreserved). The pool stays registered: it cannot be
 * unregistered (tag_storage_register()).
 */
static void test_register_donation_refused(void **state)
{
	struct folio *last = desc(AREA + 3);

	(void)state;
	folio_set_locked(last);
	assert_errno(tag_storage_register("locked", AREA, 4), -EINVAL);
	test_expect_violations(sim_current_machine(), 1);
	for (unsigned long pfn = AREA; pfn < AREA + 4; pfn++) {
		assert_int_equal(folio_ref_count(desc(pfn)), 1);
		assert_true(folio_test_reserved(desc(pfn)));
	}
	assert_int_equal(tag_storage_nr_donors(), 0);
	folio_clear_locked(last);
	assert_int_equal(tag_storage_register("again", AREA, 4), 0);
	T_CHECK();
}

/*
 * A name in use (GCMA's area "g"): cleancache's -EEXIST. Then eight
 * donors exist and a ninth gets -ENOSPC, its pages still boot pages.
 */
static void test_register_limits(void **state)
{
	char name[16];

	(void)state;
	assert_errno(gcma_register_area("g", AREA, 1), 0);
	assert_errno(tag_storage_register("g", AREA + 1, 1), -EEXIST);
	assert_true(folio_test_reserved(desc(AREA + 1)));
	for (int i = 0; i < MAX_TAG_STORAGE_DONORS; i++) {
		snprintf(name, sizeof(name), "t%d", i);
		assert_int_equal(tag_storage_register(name,
					AREA + 1 + (unsigned long)i, 1), i);
	}
	assert_errno(tag_storage_register("t9", AREA + 16, 1), -ENOSPC);
	assert_true(folio_test_reserved(desc(AREA + 16)));
	assert_int_equal(folio_ref_count(desc(AREA + 16)), 1);
	for (int i = 0; i < MAX_TAG_STORAGE_DONORS; i++)
		assert_errno(tag_storage_activate(i), 0);
	T_CHECK();
}

/* From a thread attached to no machine, every call is -ENXIO. */
static void test_unattached(void **state)
{
	struct tag_storage_info info;
	int id = two_donors();

	assert_errno(sim_thread_detach(), 0);
	assert_errno(tag_storage_register("u", CARVE, 1), -ENXIO);
	assert_errno(tag_storage_activate(id), -ENXIO);
	assert_errno(tag_storage_deactivate(id), -ENXIO);
	assert_errno(tag_storage_nr_donors(), -ENXIO);
	assert_errno(tag_storage_get_info(id, &info), -ENXIO);
	assert_errno(tag_storage_check(), -ENXIO);
	assert_errno(sim_thread_attach(cc(state)->m), 0);
	T_CHECK();
}

/* ---- concurrent readers ------------------------------------------------- */

#define NR_READERS	2
#define R_INDEXES	96
#define NR_CYCLES	30

/*
 * A thread that stores, restores and invalidates pages of its own inode
 * through cleancache while the test thread activates and deactivates the
 * donor. No CMocka assertion here: problems are counted in @errors.
 */
struct reader {
	struct sim_machine *m;
	struct folio *page;
	struct inode inode;
	uint32_t version[R_INDEXES];	/* 0: nothing stored */
	unsigned long ops;		/* read by the test thread */
	unsigned long errors;
	uint64_t seed;
};

static bool r_stop;

static void r_fill(struct reader *r, uint32_t tag)
{
	uint32_t *p = folio_address(r->page);

	for (size_t w = 0; w < PAGE_SIZE / 4; w += 16)
		p[w] = tag + (uint32_t)w;
}

static bool r_holds(struct reader *r, uint32_t tag)
{
	const uint32_t *p = folio_address(r->page);

	for (size_t w = 0; w < PAGE_SIZE / 4; w += 16)
		if (p[w] != tag + (uint32_t)w)
			return false;
	return true;
}

static void reader_op(struct reader *r)
{
	unsigned long index = test_prng(&r->seed) % R_INDEXES;
	unsigned int op = (unsigned int)(test_prng(&r->seed) % 8);
	uint32_t tag = ((uint32_t)r->inode.i_ino << 24) | ((uint32_t)index << 12);
	struct folio *f = r->page;

	f->mapping = r->inode.i_mapping;
	f->index = index;
	if (op < 3) {
		uint32_t v = (r->version[index] + 1) & 0xfff;

		r_fill(r, tag | v);
		folio_set_workingset(f);
		folio_set_locked(f);
		r->version[index] = cleancache_store_folio(&r->inode, f) ? v : 0;
		folio_clear_locked(f);
	} else if (op < 7) {
		r_fill(r, 0);
		if (cleancache_restore_folio(&r->inode, f) &&
		    (!r->version[index] || !r_holds(r, tag | r->version[index])))
			r->errors++;
	} else {
		folio_set_locked(f);
		cleancache_invalidate_folio(&r->inode, f);
		folio_clear_locked(f);
		r->version[index] = 0;
	}
	__atomic_store_n(&r->ops, r->ops + 1, __ATOMIC_RELEASE);
}

static void *reader_main(void *arg)
{
	struct reader *r = arg;

	if (sim_thread_attach(r->m)) {
		r->errors++;
		return NULL;
	}
	while (!__atomic_load_n(&r_stop, __ATOMIC_ACQUIRE))
		reader_op(r);
	sim_thread_detach();
	return NULL;
}

/* Wait (yielding) until every reader has done @n more operations. */
static void readers_advance(struct reader *r, unsigned long n)
{
	for (int i = 0; i < NR_READERS; i++) {
		unsigned long from = __atomic_load_n(&r[i].ops, __ATOMIC_ACQUIRE);

		while (__atomic_load_n(&r[i].ops, __ATOMIC_ACQUIRE) < from + n)
			sched_yield();
	}
}

/*
 * Two threads store into and restore from cleancache (whose memory is
 * the GCMA area and the donor) while this thread activates the donor,
 * scribbles over every page of it as tag storage would, checks it, and
 * deactivates it, 30 times; before each step the readers have done more
 * operations. Expect every activation and deactivation to succeed, every
 * restore hit to return the data last stored (never a scribbled tag
 * page), the donor's pages owned and out of cleancache while active.
 */
static void test_activate_with_readers(void **state)
{
	struct cc_test *t = cc(state);
	static struct reader r[NR_READERS];
	pthread_t tid[NR_READERS];
	int id = two_donors();

	r_stop = false;
	for (int i = 0; i < NR_READERS; i++) {
		memset(&r[i], 0, sizeof(r[i]));
		r[i].m = t->m;
		r[i].page = cc_page(t);
		r[i].seed = 77 + (uint64_t)i;
		cc_inode_init(&r[i].inode, &t->sb, 100 + (unsigned long)i);
		assert_int_equal(pthread_create(&tid[i], NULL, reader_main,
						&r[i]), 0);
	}
	for (int c = 0; c < NR_CYCLES; c++) {
		readers_advance(r, 64);
		assert_errno(tag_storage_activate(id), 0);
		for (unsigned long pfn = TAGS; pfn < TAGS + NR_TAGS; pfn++) {
			assert_int_equal(folio_ref_count(desc(pfn)), 1);
			assert_int_equal(folio_cc_pool_id(desc(pfn)), -1);
			memset(folio_address(desc(pfn)), 0x7a + c, PAGE_SIZE);
		}
		readers_advance(r, 64);
		assert_errno(tag_storage_deactivate(id), 0);
	}
	__atomic_store_n(&r_stop, true, __ATOMIC_RELEASE);
	for (int i = 0; i < NR_READERS; i++) {
		assert_int_equal(pthread_join(tid[i], NULL), 0);
		assert_int_equal(r[i].errors, 0);
	}
	assert_int_equal(ts_info(id).activations, NR_CYCLES);
	T_CHECK();
	for (int i = 0; i < NR_READERS; i++)
		cleancache_invalidate_inode(&r[i].inode);
	T_CHECK();
}

/* ---- the checker's own detection paths ------------------------------- */

/*
 * One corruption at a time, each put back afterwards: an active page
 * that lost its reference, an inactive page taken out of the pool behind
 * the donor's back, an active flag on donated pages, a donor range
 * overlapping the GCMA area. Expect tag_storage_check() to fail naming
 * each.
 */
static void test_check_detects(void **state)
{
	struct tag_storage_donor *d;
	int id = two_donors();

	(void)state;
	d = &tag_storage_get_state()->donors[id];
	CHECK_CLEAN(tag_storage_check(), 0);

	assert_errno(cleancache_backend_get_folio(d->pool_id, desc(TAGS + 3)), 0);
	CHECK_DETECTS(tag_storage_check(), -EUCLEAN, "CHECK",
		      "inactive pfn 0x383 is not donated to pool 1");
	CHECK_DETECTS(tag_storage_check(), -EUCLEAN, "CHECK",
		      "pool 1 holds 127 pages, want 128");
	assert_errno(cleancache_backend_put_folio(d->pool_id, desc(TAGS + 3)), 0);

	d->active = true;
	CHECK_DETECTS(tag_storage_check(), -EUCLEAN, "CHECK",
		      "tags: active pfn 0x380 is in cleancache (pool 1");
	d->active = false;

	d->start_pfn = AREA + NR_AREA - 1;
	CHECK_DETECTS(tag_storage_check(), -EUCLEAN, "CHECK",
		      "tags overlaps GCMA area g");
	d->start_pfn = TAGS;
	/*
	 * Overlapping only the area's first pfn with its own last one is
	 * an overlap too (kills afa8957d9a: the area's start compared with
	 * the donor's end - 1).
	 */
	d->start_pfn = AREA - 1;
	d->end_pfn = AREA + 1;
	CHECK_DETECTS(tag_storage_check(), -EUCLEAN, "CHECK",
		      "tags overlaps GCMA area g");
	d->start_pfn = TAGS;
	d->end_pfn = TAGS + NR_TAGS;

	assert_errno(tag_storage_activate(id), 0);
	folio_set_count(desc(TAGS + 9), 0);
	CHECK_DETECTS(tag_storage_check(), -EUCLEAN, "CHECK",
		      "tags: active pfn 0x389 has refcount 0");
	folio_set_count(desc(TAGS + 9), 1);
	CHECK_CLEAN(tag_storage_check(), 0);
	check_unattached(tag_storage_check);
	T_CHECK();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn)	cmocka_unit_test_setup_teardown(fn, cc_setup_carve256, ts_teardown)
		T(test_donor_with_pool_0),
		T(test_activate_yields_per_4096_pages),
		T(test_activate_pool_full),
		T(test_gcma_entries_untouched),
		T(test_cycles),
		T(test_misuse_state),
		T(test_deactivate_in_use),
		T(test_register_errors),
		T(test_register_donation_refused),
		T(test_register_limits),
		T(test_unattached),
		T(test_activate_with_readers),
		T(test_check_detects),
#undef T
	};

	return cmocka_run_group_tests_name("tag_storage", tests, NULL, NULL);
}
