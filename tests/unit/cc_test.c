// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The cleancache test fixture (cc_test.h documents each function): a
 * machine with a carve-out to donate and fake superblocks and inodes,
 * the checker and stats assertions, and a teardown that takes every
 * donated folio back.
 */
#include "cc_test.h"

void __cc_check(const char *file, int line)
{
	int ret = cleancache_check();

	if (ret) {
		test_print_violations(sim_current_machine());
		print_error("%s:%d: cleancache_check() returned %d (%s)\n",
			    file, line, ret, strerror(-ret));
		_fail(file, line);
	}
}

void cc_stats(struct cleancache_stats *s)
{
	memset(s, 0xa5, sizeof(*s));
	assert_errno(cleancache_stats_get(s), 0);
}

void __cc_expect(struct cleancache_stats *snap,
		 struct cc_delta d, const char *file, int line)
{
	struct cleancache_stats now;
	uint64_t pool_cached = 0, pool_recalled = 0;
	bool bad = false;

	__cc_check(file, line);
	cc_stats(&now);

#define CC_CMP(field, skip)						\
	do {								\
		long got = (long)(now.field - snap->field);		\
		if (!(d.any & (skip)) && got != d.field) {		\
			print_error("%s:%d: " #field " changed by %ld, expected %ld (now %llu)\n", \
				    file, line, got, d.field,		\
				    (unsigned long long)now.field);	\
			bad = true;					\
		}							\
	} while (0)
	CC_CMP(stored, CC_ANY_STORED);
	CC_CMP(skipped, CC_ANY_SKIPPED);
	CC_CMP(restored, CC_ANY_RESTORED);
	CC_CMP(missed, CC_ANY_MISSED);
	CC_CMP(reclaimed, CC_ANY_RECLAIMED);
	CC_CMP(recalled, CC_ANY_RECALLED);
	CC_CMP(invalidated, CC_ANY_INVALIDATED);
#undef CC_CMP

	if (now.cached != now.stored - (now.invalidated + now.reclaimed +
					now.recalled)) {
		print_error("%s:%d: cached %llu != stored %llu - (invalidated %llu + reclaimed %llu + recalled %llu)\n",
			    file, line, (unsigned long long)now.cached,
			    (unsigned long long)now.stored,
			    (unsigned long long)now.invalidated,
			    (unsigned long long)now.reclaimed,
			    (unsigned long long)now.recalled);
		bad = true;
	}
	if (now.nr_pools < 0 || now.nr_pools > CLEANCACHE_MAX_POOLS) {
		print_error("%s:%d: nr_pools %d\n", file, line, now.nr_pools);
		bad = true;
	} else {
		for (int i = 0; i < now.nr_pools; i++) {
			pool_cached += now.pools[i].cached;
			pool_recalled += now.pools[i].recalled;
			if (now.pools[i].cached > now.pools[i].size) {
				print_error("%s:%d: pool %d caches %llu of %llu folios\n",
					    file, line, i,
					    (unsigned long long)now.pools[i].cached,
					    (unsigned long long)now.pools[i].size);
				bad = true;
			}
		}
		if (pool_cached != now.cached || pool_recalled != now.recalled) {
			print_error("%s:%d: pools cache %llu and recalled %llu, global %llu and %llu\n",
				    file, line, (unsigned long long)pool_cached,
				    (unsigned long long)pool_recalled,
				    (unsigned long long)now.cached,
				    (unsigned long long)now.recalled);
			bad = true;
		}
	}
	*snap = now;
	if (bad)
		_fail(file, line);
}

void cc_fill(struct cc_test *t, struct folio *folio,
	     uint32_t tag)
{
	uint32_t *p;
	uint64_t s = tag;

	if (!t->data)
		return;
	p = folio_address(folio);
	assert_non_null(p);
	if (tag == CC_SCRIBBLE) {
		memset(p, 0xdb, PAGE_SIZE);
		p[0] = tag;
		return;
	}
	p[0] = tag;
	for (size_t i = 1; i < PAGE_SIZE / sizeof(*p); i++)
		p[i] = (uint32_t)test_prng(&s);
}

bool cc_holds(struct cc_test *t, struct folio *folio,
	      uint32_t tag)
{
	const uint32_t *p;
	uint64_t s = tag;

	if (!t->data)
		return true;
	p = folio_address(folio);
	assert_non_null(p);
	if (p[0] != tag)
		return false;
	if (tag == CC_SCRIBBLE) {
		for (size_t i = 1; i < PAGE_SIZE / sizeof(*p); i++)
			if (p[i] != 0xdbdbdbdbu)
				return false;
		return true;
	}
	for (size_t i = 1; i < PAGE_SIZE / sizeof(*p); i++)
		if (p[i] != (uint32_t)test_prng(&s))
			return false;
	return true;
}

bool cc_same(struct cc_test *t, struct folio *a,
	     struct folio *b)
{
	if (!t->data)
		return true;
	return !memcmp(folio_address(a), folio_address(b), PAGE_SIZE);
}

struct folio *cc_donor(struct cc_test *t, unsigned long i)
{
	assert_true(i < t->nr_carve);
	return pfn_folio(t->carve_pfn + i);
}

unsigned long cc_donor_index(struct cc_test *t,
			     struct folio *folio)
{
	unsigned long pfn = folio_pfn(folio);

	assert_true(pfn >= t->carve_pfn && pfn < t->carve_pfn + t->nr_carve);
	return pfn - t->carve_pfn;
}

struct folio *cc_own(struct cc_test *t, unsigned long i)
{
	struct folio *folio = cc_donor(t, i);

	assert_int_equal(t->state[i], CC_D_RESERVED);
	assert_true(folio_test_reserved(folio));
	folio_clear_reserved(folio);
	assert_true(folio_ref_freeze(folio, 1));
	assert_int_equal(folio_ref_count(folio), 0);
	t->state[i] = CC_D_OWNED;
	return folio;
}

void cc_mark_donated(struct cc_test *t, unsigned long i,
		     int pool)
{
	t->state[i] = CC_D_DONATED;
	t->donor_pool[i] = pool;
}

void cc_mark_taken(struct cc_test *t, unsigned long i)
{
	assert_int_equal(t->state[i], CC_D_DONATED);
	t->state[i] = CC_D_OWNED;
	t->donor_pool[i] = -1;
}

struct folio *cc_donate(struct cc_test *t, int pool,
			unsigned long i)
{
	struct folio *folio = cc_donor(t, i);

	if (t->state[i] == CC_D_RESERVED)
		cc_own(t, i);
	assert_int_equal(t->state[i], CC_D_OWNED);
	assert_int_equal(folio_ref_count(folio), 0);
	assert_errno(cleancache_backend_put_folio(pool, folio), 0);
	cc_mark_donated(t, i, pool);
	CHECK_CC();
	return folio;
}

void cc_donate_gcma(struct cc_test *t, int pool,
		    unsigned long first, unsigned long n)
{
	LIST_HEAD(folios);

	for (unsigned long i = first; i < first + n; i++) {
		struct folio *folio = cc_donor(t, i);

		if (t->state[i] == CC_D_RESERVED)
			cc_own(t, i);
		assert_int_equal(t->state[i], CC_D_OWNED);
		list_add(&folio->lru, &folios);
	}
	assert_errno(cleancache_backend_put_folios(pool, &folios), 0);
	assert_true(list_empty(&folios));
	for (unsigned long i = first; i < first + n; i++)
		cc_mark_donated(t, i, pool);
	CHECK_CC();
}

struct folio *cc_take(struct cc_test *t, unsigned long i)
{
	struct folio *folio = cc_donor(t, i);

	assert_int_equal(t->state[i], CC_D_DONATED);
	assert_errno(cleancache_backend_get_folio(t->donor_pool[i], folio), 0);
	assert_int_equal(folio_ref_count(folio), 0);
	cc_mark_taken(t, i);
	CHECK_CC();
	return folio;
}

struct folio *cc_make_large(struct cc_test *t,
			    unsigned long first,
			    unsigned int order, int head_ref)
{
	unsigned long nr = 1UL << order;
	struct folio *head = cc_donor(t, first);

	assert_true(IS_ALIGNED(t->carve_pfn + first, nr));
	for (unsigned long i = first; i < first + nr; i++) {
		struct folio *folio = cc_donor(t, i);

		assert_int_equal(t->state[i], CC_D_RESERVED);
		folio_clear_reserved(folio);
		folio_set_count(folio, 0);
		t->state[i] = CC_D_LARGE;
	}
	/* Open the pages, so a wrongful copy is a wrong result, not a crash. */
	assert_errno(sim_page_unpoison(t->m, t->carve_pfn + first, nr), 0);
	prep_compound_page(folio_page(head, 0), order);
	assert_int_equal(sim_violation_count(t->m), 0);
	assert_true(folio_test_large(head));
	assert_int_equal(folio_nr_pages(head), nr);
	folio_set_count(head, head_ref);
	return head;
}

void cc_unmake_large(struct cc_test *t, struct folio *head)
{
	unsigned long first = cc_donor_index(t, head);
	unsigned long nr = folio_nr_pages(head);

	folio_clear_locked(head);
	folio_clear_workingset(head);
	head->mapping = NULL;
	folio_set_count(head, 0);
	destroy_compound_page(folio_page(head, 0));
	for (unsigned long i = first; i < first + nr; i++) {
		struct folio *folio = cc_donor(t, i);

		assert_int_equal(t->state[i], CC_D_LARGE);
		assert_false(folio_test_large(folio));
		folio_set_count(folio, 1);
		folio_set_reserved(folio);
		t->state[i] = CC_D_RESERVED;
	}
	assert_errno(sim_page_poison(t->m, t->carve_pfn + first, nr), 0);
}

struct folio *cc_page(struct cc_test *t)
{
	struct folio *folio = folio_alloc(GFP_KERNEL, 0);

	assert_non_null(folio);
	assert_int_equal(folio_ref_count(folio), 1);
	assert_false(folio_test_large(folio));
	assert_true(t->nr_pages < CC_MAX_PAGES);
	t->pages[t->nr_pages++] = folio;
	return folio;
}

void cc_inode_init(struct inode *inode, struct super_block *sb,
		   unsigned long ino)
{
	memset(inode, 0, sizeof(*inode));
	inode->i_ino = ino;
	inode->i_sb = sb;
	inode->i_mapping = &inode->i_data;
	inode->i_data.host = inode;
	INIT_LIST_HEAD(&inode->i_sb_list);
}

struct super_block *cc_add_sb(struct cc_test *t)
{
	struct super_block *sb;

	assert_true(t->nr_extra_sb < CC_MAX_SB);
	sb = &t->extra_sb[t->nr_extra_sb++];
	memset(sb, 0, sizeof(*sb));
	snprintf(sb->s_id, sizeof(sb->s_id), "cc-extra%u", t->nr_extra_sb);
	sb->s_dev = 0xcc00 + t->nr_extra_sb;
	sb->cleancache_id = CLEANCACHE_ID_INVALID;
	assert_errno(cleancache_add_fs(sb), 0);
	assert_true(sb->cleancache_id >= 0);
	CHECK_CC();
	return sb;
}

struct super_block *cc_mount(struct cc_test *t,
			     const char *name,
			     unsigned long cache_pages)
{
	struct super_block *sb = NULL;

	assert_true(t->nr_mounts < CC_MAX_MOUNTS);
	assert_errno(sim_fs_mount(name, cache_pages, &sb), 0);
	assert_non_null(sb);
	t->mounts[t->nr_mounts++] = sb;
	CHECK_CC();
	return sb;
}

void cc_unmount(struct cc_test *t, struct super_block *sb)
{
	for (unsigned int i = 0; i < t->nr_mounts; i++) {
		if (t->mounts[i] != sb)
			continue;
		assert_errno(sim_fs_unmount(sb), 0);
		t->mounts[i] = t->mounts[--t->nr_mounts];
		CHECK_CC();
		return;
	}
	fail_msg("superblock %p was not mounted by the test", (void *)sb);
}

bool cc_store(struct inode *inode, struct folio *folio,
	      pgoff_t index, bool workingset)
{
	bool ret;

	folio->index = index;
	folio->mapping = inode ? inode->i_mapping : NULL;
	if (workingset)
		folio_set_workingset(folio);
	else
		folio_clear_workingset(folio);
	folio_set_locked(folio);
	ret = cleancache_store_folio(inode, folio);
	folio_clear_locked(folio);
	return ret;
}

bool cc_store_tag(struct cc_test *t, struct inode *inode,
		  struct folio *folio, pgoff_t index,
		  uint32_t tag)
{
	cc_fill(t, folio, tag);
	return cc_store(inode, folio, index, true);
}

bool cc_restore(struct cc_test *t, struct inode *inode,
		struct folio *folio, pgoff_t index)
{
	folio->index = index;
	folio->mapping = inode ? inode->i_mapping : NULL;
	cc_fill(t, folio, CC_SCRIBBLE);
	return cleancache_restore_folio(inode, folio);
}

bool cc_invalidate(struct inode *inode, struct folio *folio,
		   pgoff_t index)
{
	bool ret;

	folio->index = index;
	folio->mapping = inode ? inode->i_mapping : NULL;
	folio_set_locked(folio);
	ret = cleancache_invalidate_folio(inode, folio);
	folio_clear_locked(folio);
	return ret;
}

int cc_pool(const char *name, int want)
{
	int id = cleancache_backend_register_pool(name);

	assert_errno(id, want);
	CHECK_CC();
	return id;
}

int cc_setup_opts(void **state, const struct cc_opts *o)
{
	struct cc_test *t = calloc(1, sizeof(*t));

	if (!t)
		return -1;
	t->m = test_machine_up(&t->tm, o->nr_pages, 0, o->mode);
	t->data = o->mode == SIM_DATA_PAGES;
	t->nr_carve = o->nr_carve;
	assert_true(t->nr_carve <= CC_CARVE_MAX);
	for (unsigned long i = 0; i < CC_CARVE_MAX; i++)
		t->donor_pool[i] = -1;
	if (t->nr_carve)
		assert_errno(sim_memblock_alloc(t->m, o->nr_carve,
						o->carve_align, "cleancache-test",
						&t->carve_pfn), 0);
	assert_errno(sim_machine_boot_done(t->m), 0);
	for (unsigned long i = 0; i < t->nr_carve; i++) {
		struct folio *folio = pfn_folio(t->carve_pfn + i);

		assert_true(folio_test_reserved(folio));
		assert_int_equal(folio_ref_count(folio), 1);
	}

	strcpy(t->sb.s_id, "cc-test");
	t->sb.s_dev = 0xcc00;
	t->sb.cleancache_id = CLEANCACHE_ID_INVALID;
	if (!o->no_sb) {
		assert_errno(cleancache_add_fs(&t->sb), 0);
		assert_true(t->sb.cleancache_id >= 0);
	}
	for (unsigned long i = 0; i < CC_NR_INODES; i++)
		cc_inode_init(&t->inode[i], &t->sb, i);
	*state = t;
	CHECK_CC();
	return 0;
}

int cc_setup(void **state)
{
	static const struct cc_opts o = {
		.nr_pages = 1024, .nr_carve = 64, .carve_align = 64,
		.mode = SIM_DATA_PAGES,
	};

	return cc_setup_opts(state, &o);
}

int cc_setup_meta(void **state)
{
	static const struct cc_opts o = {
		.nr_pages = 1024, .nr_carve = 64, .carve_align = 64,
		.mode = SIM_DATA_NONE,
	};

	return cc_setup_opts(state, &o);
}

int cc_setup_carve256(void **state)
{
	static const struct cc_opts o = {
		.nr_pages = 1024, .nr_carve = CC_CARVE256_PAGES,
		.carve_align = CC_CARVE256_PAGES, .mode = SIM_DATA_PAGES,
	};
	int ret = cc_setup_opts(state, &o);

	assert_int_equal(cc(state)->carve_pfn, CC_CARVE256_PFN);
	return ret;
}

int cc_teardown(void **state)
{
	struct cc_test *t = *state;
	struct cleancache_stats s;
	struct test_machine tm;
	bool broken = false;
	int errors = 0;

	if (t->walk)
		cleancache_end_inode_walk(t->walk);
	if (cleancache_check()) {
		/*
		 * A folio may be stuck TRANSIENT, and get_folio() waits for
		 * those: leave the donated folios to the machine's
		 * destruction rather than hang.
		 */
		print_error("teardown: the checker fails on entry\n");
		broken = true;
		errors++;
	}
	/* Every donated folio comes back: the guarantee. */
	for (unsigned long i = 0; i < t->nr_carve; i++) {
		struct folio *folio = pfn_folio(t->carve_pfn + i);
		int ret;

		if (t->state[i] != CC_D_DONATED || broken)
			continue;
		ret = cleancache_backend_get_folio(t->donor_pool[i], folio);
		if (ret || folio_ref_count(folio)) {
			print_error("teardown: get_folio(%d, pfn %lu) = %d, refcount %d\n",
				    t->donor_pool[i], t->carve_pfn + i, ret,
				    folio_ref_count(folio));
			errors++;
		}
		t->state[i] = CC_D_OWNED;
	}
	for (unsigned int i = 0; i < t->nr_mounts; i++)
		if (sim_fs_unmount(t->mounts[i])) {
			print_error("teardown: unmount failed\n");
			errors++;
		}
	if (t->sb.cleancache_id != CLEANCACHE_ID_INVALID)
		cleancache_remove_fs(&t->sb);
	for (unsigned int i = 0; i < t->nr_extra_sb; i++)
		if (t->extra_sb[i].cleancache_id != CLEANCACHE_ID_INVALID)
			cleancache_remove_fs(&t->extra_sb[i]);
	for (unsigned int i = 0; i < t->nr_pages; i++) {
		struct folio *folio = t->pages[i];

		folio_clear_locked(folio);
		folio_clear_workingset(folio);
		folio->mapping = NULL;
		if (folio_ref_count(folio) != 1) {
			print_error("teardown: page %u has refcount %d\n", i,
				    folio_ref_count(folio));
			errors++;
			continue;
		}
		folio_put(folio);
	}
	/* Carve-out pages go back to how memblock left them. */
	for (unsigned long i = 0; i < t->nr_carve; i++) {
		struct folio *folio = pfn_folio(t->carve_pfn + i);

		if (t->state[i] == CC_D_LARGE) {
			print_error("teardown: pfn %lu still in a large folio\n",
				    t->carve_pfn + i);
			errors++;
			continue;
		}
		folio_set_count(folio, 1);
		folio_set_reserved(folio);
		folio->mapping = NULL;
		folio->index = 0;
		t->state[i] = CC_D_RESERVED;
	}
	if (cleancache_check()) {
		print_error("teardown: the checker fails after teardown\n");
		errors++;
	}
	if (!cleancache_stats_get(&s)) {
		if (s.cached) {
			print_error("teardown: %llu entries still cached\n",
				    (unsigned long long)s.cached);
			errors++;
		}
		for (int i = 0; i < s.nr_pools && i < CLEANCACHE_MAX_POOLS; i++)
			if (s.pools[i].size || s.pools[i].cached) {
				print_error("teardown: pool %d size %llu cached %llu\n",
					    i, (unsigned long long)s.pools[i].size,
					    (unsigned long long)s.pools[i].cached);
				errors++;
			}
	}
	tm = t->tm;
	free(t);
	test_machine_down(&tm);
	if (errors)
		fail_msg("%d teardown errors", errors);
	return 0;
}
