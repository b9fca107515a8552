/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Folios and pfns of the simulated machine.
 *
 * Each simulated pfn has one 64-byte struct page in the machine's memmap,
 * as in the kernel. A struct folio overlays its head page and the pages
 * after it (four struct page slots), so a folio pointer is not a memmap
 * index: walk pfns or pages, never `folio + i`. The pages of a large folio
 * after the head are tails that point back at it (compound_head with bit
 * 0 set, sharing storage with lru.next); its order is in the second
 * page's flags word (_flags_1), as in the kernel.
 *
 * Refcount and flag helpers are inline, with the kernel's names and
 * semantics. Functions that need the machine (pfn_folio(), folio_pfn(),
 * __folio_put(), ...) act on the machine the calling thread is attached to;
 * from a thread attached to none they report an "API" violation and fail.
 */
#ifndef _LIBGCMA_FOLIO_H
#define _LIBGCMA_FOLIO_H

#include <libgcma/list.h>
#include <libgcma/violation.h>

#ifdef __cplusplus
extern "C" {
#endif

struct address_space;

/* Page flag bit numbers, as in the kernel's enum pageflags. */
enum pageflags {
	PG_locked,
	PG_referenced,
	PG_uptodate,
	PG_dirty,
	PG_lru,
	PG_head,
	PG_active,
	PG_workingset,
	PG_reserved,
	PG_private,
	PG_writeback,
	PG_mappedtodisk,
	PG_reclaim,
	PG_swapbacked,
	PG_unevictable,
	PG_isolated,
	PG_mapped,	/* stands for folio_mapped(): see below */
	__NR_PAGEFLAGS,
};

/*
 * The upper bits of a page's flags word hold the page's section, node and
 * zone, as in the kernel (include/linux/page-flags-layout.h):
 *
 *	| SECTION | NODE | ZONE | ... | PG_* flags |
 *	63                                          0
 *
 * They are written once, when the memmap is initialised (set_page_links()),
 * and never change: code that clears or compares a whole flags word is
 * wrong here as it is in a kernel. Clear flags with
 * PAGE_FLAGS_CHECK_AT_PREP, compare them through the PG_* bits.
 */
#define PAGEFLAGS_MASK		((1UL << __NR_PAGEFLAGS) - 1)
#define PAGE_FLAGS_CHECK_AT_PREP	PAGEFLAGS_MASK
/* What a large folio keeps in its second page's flags: its order. */
#define PAGE_FLAGS_SECOND	0xffUL

#define SECTION_SIZE_BITS	27	/* 128 MiB sections, as on x86-64 */
#define PFN_SECTION_SHIFT	(SECTION_SIZE_BITS - 12)
#define SECTIONS_WIDTH		19
#define NODES_SHIFT		6
#define NODES_WIDTH		NODES_SHIFT
#define ZONES_WIDTH		2

#define SECTIONS_PGSHIFT	(64 - SECTIONS_WIDTH)
#define NODES_PGSHIFT		(SECTIONS_PGSHIFT - NODES_WIDTH)
#define ZONES_PGSHIFT		(NODES_PGSHIFT - ZONES_WIDTH)

#define SECTIONS_MASK		((1UL << SECTIONS_WIDTH) - 1)
#define NODES_MASK		((1UL << NODES_WIDTH) - 1)
#define ZONES_MASK		((1UL << ZONES_WIDTH) - 1)

/* Every field bit above the PG_* flags, for checkers. */
#define PAGE_FIELDS_MASK	(~0UL << ZONES_PGSHIFT)

/*
 * The kernel's zone types (x86-64 with ZONE_DMA, ZONE_DMA32 and
 * ZONE_MOVABLE). A simulated machine has one zone, ZONE_NORMAL, on node 0.
 */
enum zone_type {
	ZONE_DMA,
	ZONE_DMA32,
	ZONE_NORMAL,
	ZONE_MOVABLE,
	__MAX_NR_ZONES,
};

/**
 * struct page - descriptor of one simulated pfn (64 bytes, as the kernel's).
 * @flags: PG_* bits; section, node and zone in the upper bits.
 * @lru: list linkage for whoever owns the page (allocator, cleancache).
 * @compound_head: on a tail, the head's address with bit 0 set.
 * @mapping: owner's mapping (page cache, cleancache inode), or NULL.
 * @index: offset within @mapping.
 * @private: owner's private word; the buddy order of a free block's
 *	first page. C++ sees it as @private_ only (private is a keyword
 *	there); C has both names for the same word.
 * @page_type: PGTY_buddy on the first page of a free block (shares its
 *	word with @_mapcount, as in the kernel).
 * @_mapcount: unused: the model keeps no mapcount (see PG_mapped).
 * @_refcount: reference count; use the folio_ref_*() helpers.
 * @_pincount: pins held. Deviation: the kernel has memcg_data in this
 *	word (the model has no memcg), keeps a large folio's pin count in
 *	its second page and biases a small folio's refcount instead; pins
 *	are simulated users (libgcma/pin.h) and no core code reads this.
 *
 * The memmap of a machine is an array of struct page, one per pfn.
 */
struct page {
	unsigned long flags;
	union {
		struct list_head lru;
		unsigned long compound_head;
	};
	struct address_space *mapping;
	pgoff_t index;
#ifdef __cplusplus
	void *private_;		/* "private" is a C++ keyword */
#else
	union {
		void *private;
		void *private_;	/* the same word, under its C++ name */
	};
#endif
	union {
		unsigned int page_type;
		atomic_t _mapcount;
	};
	atomic_t _refcount;
	atomic_t _pincount;
	unsigned int __page_pad;
};

/*
 * The words of a folio's first page under their folio names, and those
 * of its later pages. Macros, so that C (anonymous unions with struct
 * page, as in the kernel) and C++ (which has no anonymous structs: a flat
 * layout of the same words) cannot drift apart.
 */
#ifdef __cplusplus
#define __FOLIO_PRIVATE_WORD	void *private_;
#else
#define __FOLIO_PRIVATE_WORD	union { void *private; void *private_; };
#endif
#define __FOLIO_PAGE0_WORDS						\
	unsigned long flags;						\
	struct list_head lru;						\
	struct address_space *mapping;					\
	pgoff_t index;							\
	__FOLIO_PRIVATE_WORD						\
	atomic_t _mapcount;						\
	atomic_t _refcount;						\
	atomic_t _pincount;						\
	unsigned int __folio_pad0;
#define __FOLIO_PAGE_N_WORDS(n)						\
	unsigned long _flags_##n;					\
	unsigned long _head_##n;

/**
 * struct folio - a folio: its head page and the pages after it.
 * @flags: the head's flags (PG_* bits; section, node, zone above them).
 * @lru: list linkage for whoever owns the folio.
 * @mapping: owner's mapping, or NULL.
 * @index: offset within @mapping.
 * @private: owner's private word (@private_ in C++).
 * @_mapcount: unused (see struct page).
 * @_refcount: reference count; use the folio_ref_*() helpers.
 * @_pincount: pins held (see struct page).
 * @page: the head page (C only; folio_head_page() in both languages).
 * @_flags_1: the second page's flags word: the folio order in its low
 *	byte (as the kernel's folio_set_order() keeps it). Large folios only.
 * @_head_1: the second page's compound_head.
 * @_flags_2: the third page's flags word (not used by the model).
 * @_head_2: the third page's compound_head.
 * @_flags_3: the fourth page's flags word (not used by the model).
 * @_head_3: the fourth page's compound_head.
 *
 * As in the kernel, a folio overlays several struct page slots of the
 * memmap (here four: 256 bytes), so `folio + 1` is *not* the next pfn's
 * folio. Walk pfns (pfn_folio(), folio_pfn()) or pages (folio_page(),
 * nth_page()). The fields after the first page belong to the next pfns'
 * descriptors: only a large folio (folio_test_large()) may use them.
 */
#ifdef __cplusplus
struct folio {
	__FOLIO_PAGE0_WORDS
	__FOLIO_PAGE_N_WORDS(1)
	unsigned long __folio_pad1[6];
	__FOLIO_PAGE_N_WORDS(2)
	unsigned long __folio_pad2[6];
	__FOLIO_PAGE_N_WORDS(3)
	unsigned long __folio_pad3[6];
};
#else
struct folio {
	union {
		struct {
			__FOLIO_PAGE0_WORDS
		};
		struct page page;
	};
	union {
		struct {
			__FOLIO_PAGE_N_WORDS(1)
		};
		struct page __page_1;
	};
	union {
		struct {
			__FOLIO_PAGE_N_WORDS(2)
		};
		struct page __page_2;
	};
	union {
		struct {
			__FOLIO_PAGE_N_WORDS(3)
		};
		struct page __page_3;
	};
};
#endif

/* The head page of @folio (&folio->page, which C++ cannot name). */
static inline struct page *folio_head_page(const struct folio *folio)
{
	return (struct page *)folio;
}

#ifndef __cplusplus
_Static_assert(sizeof(struct page) == 64, "struct page is 64 bytes");
_Static_assert(sizeof(struct folio) == 4 * sizeof(struct page),
	       "a folio overlays four pages");
_Static_assert(__builtin_offsetof(struct folio, _flags_1) ==
	       sizeof(struct page), "_flags_1 is the second page's flags");
_Static_assert(__builtin_offsetof(struct folio, _refcount) ==
	       __builtin_offsetof(struct page, _refcount),
	       "a folio's head fields are its first page's");
_Static_assert(__builtin_offsetof(struct folio, private_) ==
	       __builtin_offsetof(struct page, private_),
	       "a folio's head fields are its first page's");
#else
static_assert(sizeof(struct page) == 64, "struct page is 64 bytes");
static_assert(sizeof(struct folio) == 4 * sizeof(struct page),
	      "a folio overlays four pages");
#endif

/**
 * page_folio() - the folio a page belongs to.
 * @page: a page of the attached machine.
 *
 * Context: Any context.
 * Return: the folio whose head is @page's compound head.
 */
static inline struct folio *page_folio(const struct page *page)
{
	unsigned long head = __atomic_load_n(&page->compound_head,
					     __ATOMIC_ACQUIRE);

	if (head & 1)
		return (struct folio *)(head - 1);
	return (struct folio *)page;
}

/**
 * nth_page() - the page @n pfns after @page.
 * @page: a page.
 * @n: distance in pages.
 *
 * The memmap is one array (a flat or vmemmap model), so this is plain
 * struct page arithmetic.
 *
 * Context: Any context.
 * Return: the page descriptor.
 */
static inline struct page *nth_page(const struct page *page, unsigned long n)
{
	return (struct page *)page + n;
}

/**
 * folio_page() - the @n'th page of @folio.
 * @folio: the folio.
 * @n: page number within the folio.
 *
 * Context: Any context.
 * Return: the page descriptor.
 */
static inline struct page *folio_page(struct folio *folio, unsigned long n)
{
	return nth_page(folio_head_page(folio), n);
}

static inline bool PageHead(const struct page *page)
{
	return (__atomic_load_n(&page->flags, __ATOMIC_ACQUIRE) >> PG_head) & 1;
}

static inline bool PageTail(const struct page *page)
{
	return __atomic_load_n(&page->compound_head, __ATOMIC_RELAXED) & 1;
}

/* ---- section, node and zone of a page (the flags' upper bits) ------- */

/**
 * set_page_links() - record @page's zone, node and section.
 * @page: a page being initialised with the memmap.
 * @zone: its zone.
 * @node: its node.
 * @pfn: its pfn (which gives the section).
 *
 * Context: memmap initialisation; nobody else sees @page yet.
 * Return: nothing.
 */
static inline void set_page_links(struct page *page, enum zone_type zone,
				  int node, unsigned long pfn)
{
	page->flags &= ~PAGE_FIELDS_MASK;
	page->flags |= ((unsigned long)zone & ZONES_MASK) << ZONES_PGSHIFT;
	page->flags |= ((unsigned long)node & NODES_MASK) << NODES_PGSHIFT;
	page->flags |= ((pfn >> PFN_SECTION_SHIFT) & SECTIONS_MASK) <<
		       SECTIONS_PGSHIFT;
}

/**
 * page_zonenum() - the zone of @page.
 * @page: a page.
 *
 * Context: Any context.
 * Return: the zone type recorded at memmap initialisation.
 */
static inline enum zone_type page_zonenum(const struct page *page)
{
	return (enum zone_type)((page->flags >> ZONES_PGSHIFT) & ZONES_MASK);
}

/**
 * page_to_nid() - the node of @page.
 * @page: a page.
 *
 * Context: Any context.
 * Return: the node id recorded at memmap initialisation.
 */
static inline int page_to_nid(const struct page *page)
{
	return (int)((page->flags >> NODES_PGSHIFT) & NODES_MASK);
}

/**
 * page_to_section() - the memory section of @page.
 * @page: a page.
 *
 * Context: Any context.
 * Return: the section number recorded at memmap initialisation.
 */
static inline unsigned long page_to_section(const struct page *page)
{
	return (page->flags >> SECTIONS_PGSHIFT) & SECTIONS_MASK;
}

/**
 * folio_zonenum() - the zone of @folio.
 * @folio: a folio.
 *
 * Context: Any context.
 * Return: the zone of its head page.
 */
static inline enum zone_type folio_zonenum(const struct folio *folio)
{
	return page_zonenum(folio_head_page(folio));
}

/**
 * folio_nid() - the node of @folio.
 * @folio: a folio.
 *
 * Context: Any context.
 * Return: the node of its head page.
 */
static inline int folio_nid(const struct folio *folio)
{
	return page_to_nid(folio_head_page(folio));
}

/* ---- flags ---------------------------------------------------------- */

static inline bool __folio_test_bit(const struct folio *folio, int nr)
{
	return (__atomic_load_n(&folio->flags, __ATOMIC_ACQUIRE) >> nr) & 1;
}

/*
 * FOLIO_FLAG(name, bit) generates the kernel's accessor family:
 * folio_test_<name>(), folio_set_<name>(), folio_clear_<name>() (atomic),
 * __folio_set_<name>(), __folio_clear_<name>() (non-atomic, caller owns the
 * folio exclusively), and folio_test_set/clear_<name>() (atomic RMW).
 */
#define FOLIO_FLAG(name, bit)						\
static inline bool folio_test_##name(const struct folio *folio)	\
{									\
	return __folio_test_bit(folio, bit);				\
}									\
static inline void folio_set_##name(struct folio *folio)		\
{									\
	__atomic_fetch_or(&folio->flags, 1UL << (bit), __ATOMIC_RELEASE); \
}									\
static inline void folio_clear_##name(struct folio *folio)		\
{									\
	__atomic_fetch_and(&folio->flags, ~(1UL << (bit)), __ATOMIC_RELEASE); \
}									\
static inline void __folio_set_##name(struct folio *folio)		\
{									\
	folio->flags |= 1UL << (bit);					\
}									\
static inline void __folio_clear_##name(struct folio *folio)		\
{									\
	folio->flags &= ~(1UL << (bit));				\
}									\
static inline bool folio_test_set_##name(struct folio *folio)		\
{									\
	return (__atomic_fetch_or(&folio->flags, 1UL << (bit),		\
				  __ATOMIC_ACQ_REL) >> (bit)) & 1;	\
}									\
static inline bool folio_test_clear_##name(struct folio *folio)	\
{									\
	return (__atomic_fetch_and(&folio->flags, ~(1UL << (bit)),	\
				   __ATOMIC_ACQ_REL) >> (bit)) & 1;	\
}

FOLIO_FLAG(locked, PG_locked)
FOLIO_FLAG(referenced, PG_referenced)
FOLIO_FLAG(uptodate, PG_uptodate)
FOLIO_FLAG(dirty, PG_dirty)
FOLIO_FLAG(lru, PG_lru)
FOLIO_FLAG(head, PG_head)
FOLIO_FLAG(active, PG_active)
FOLIO_FLAG(workingset, PG_workingset)
FOLIO_FLAG(reserved, PG_reserved)
FOLIO_FLAG(private, PG_private)
FOLIO_FLAG(writeback, PG_writeback)
FOLIO_FLAG(mappedtodisk, PG_mappedtodisk)
FOLIO_FLAG(reclaim, PG_reclaim)
FOLIO_FLAG(swapbacked, PG_swapbacked)
FOLIO_FLAG(unevictable, PG_unevictable)
FOLIO_FLAG(isolated, PG_isolated)

/*
 * The model has no page tables and no _mapcount: a folio mapped into some
 * process's address space carries PG_mapped, which folio_mapped() reads.
 * What a mapping costs (unmap, TLB flush, remap on migration) is in the
 * cost model (docs/cost-model.md). The kernel has no such flag.
 */
FOLIO_FLAG(mapped, PG_mapped)

static inline bool folio_mapped(const struct folio *folio)
{
	return folio_test_mapped(folio);
}

/**
 * folio_test_large() - does @folio span more than one pfn?
 * @folio: the folio.
 *
 * Context: Any context.
 * Return: true for a compound (large) folio.
 */
static inline bool folio_test_large(const struct folio *folio)
{
	return folio_test_head(folio);
}

/**
 * folio_order() - allocation order of @folio.
 * @folio: the folio.
 *
 * Context: Any context.
 * Return: 0 for a single page, else log2 of folio_nr_pages().
 */
static inline unsigned int folio_order(const struct folio *folio)
{
	if (!folio_test_large(folio))
		return 0;
	return (unsigned int)(__atomic_load_n(&folio->_flags_1,
					      __ATOMIC_ACQUIRE) & 0xff);
}

/**
 * folio_nr_pages() - number of pfns in @folio.
 * @folio: the folio.
 *
 * Context: Any context.
 * Return: 1 << folio_order(@folio).
 */
static inline unsigned long folio_nr_pages(const struct folio *folio)
{
	return 1UL << folio_order(folio);
}

/* ---- reference counts ----------------------------------------------- */

/**
 * folio_ref_count() - current reference count of @folio.
 * @folio: the folio.
 *
 * Context: Any context.
 * Return: the count; 0 for a free or frozen folio.
 */
static inline int folio_ref_count(const struct folio *folio)
{
	return __atomic_load_n(&folio->_refcount.counter, __ATOMIC_ACQUIRE);
}

static inline int page_ref_count(const struct page *page)
{
	return __atomic_load_n(&page->_refcount.counter, __ATOMIC_ACQUIRE);
}

/**
 * folio_set_count() - set the reference count, for allocators.
 * @folio: a folio the caller owns exclusively.
 * @v: the new count.
 *
 * Context: Any context; the caller must own @folio.
 * Return: nothing.
 */
static inline void folio_set_count(struct folio *folio, int v)
{
	__atomic_store_n(&folio->_refcount.counter, v, __ATOMIC_RELEASE);
}

static inline void set_page_count(struct page *page, int v)
{
	__atomic_store_n(&page->_refcount.counter, v, __ATOMIC_RELEASE);
}

static inline void set_page_refcounted(struct page *page)
{
	if (page_ref_count(page) != 0)
		sim_report_violation("VM_BUG_ON_PAGE", __FILE__, __LINE__,
				     __func__, "page_ref_count(page) != 0 (%d)",
				     page_ref_count(page));
	set_page_count(page, 1);
}

static inline void folio_ref_add(struct folio *folio, int nr)
{
	__atomic_fetch_add(&folio->_refcount.counter, nr, __ATOMIC_RELAXED);
}

static inline void folio_ref_sub(struct folio *folio, int nr)
{
	__atomic_fetch_sub(&folio->_refcount.counter, nr, __ATOMIC_RELEASE);
}

static inline void folio_ref_inc(struct folio *folio)
{
	folio_ref_add(folio, 1);
}

static inline void folio_ref_dec(struct folio *folio)
{
	folio_ref_sub(folio, 1);
}

/**
 * folio_ref_sub_and_test() - drop @nr references; did the count reach 0?
 * @folio: the folio.
 * @nr: references to drop.
 *
 * Context: Any context.
 * Return: true when the count is now 0.
 */
static inline bool folio_ref_sub_and_test(struct folio *folio, int nr)
{
	return __atomic_sub_fetch(&folio->_refcount.counter, nr,
				  __ATOMIC_ACQ_REL) == 0;
}

static inline bool folio_ref_dec_and_test(struct folio *folio)
{
	return folio_ref_sub_and_test(folio, 1);
}

/**
 * folio_ref_freeze() - set the count to 0 if it is exactly @count.
 * @folio: the folio.
 * @count: the expected count.
 *
 * A frozen folio cannot be taken with folio_try_get(): this is how the
 * kernel gains exclusive ownership of a folio others may look up.
 *
 * Context: Any context.
 * Return: true if the count was @count and is now 0.
 */
static inline bool folio_ref_freeze(struct folio *folio, int count)
{
	int old = count;

	return __atomic_compare_exchange_n(&folio->_refcount.counter, &old, 0,
					   false, __ATOMIC_ACQ_REL,
					   __ATOMIC_RELAXED);
}

/**
 * folio_ref_unfreeze() - give a frozen folio the count @count.
 * @folio: a folio frozen by folio_ref_freeze().
 * @count: the new count.
 *
 * Context: Any context.
 * Return: nothing. Unfreezing a folio that is not frozen is a violation.
 */
static inline void folio_ref_unfreeze(struct folio *folio, int count)
{
	if (folio_ref_count(folio) != 0)
		sim_report_violation("VM_BUG_ON_FOLIO", __FILE__, __LINE__,
				     __func__, "folio_ref_count(folio) != 0 (%d)",
				     folio_ref_count(folio));
	__atomic_store_n(&folio->_refcount.counter, count, __ATOMIC_RELEASE);
}

/**
 * folio_try_get() - take a reference unless the count is 0.
 * @folio: the folio, possibly free or frozen.
 *
 * The lockless lookup protocol: find the folio under RCU, try to get it,
 * then check it is still the one you looked up.
 *
 * Context: Any context.
 * Return: true if a reference was taken.
 */
static inline bool folio_try_get(struct folio *folio)
{
	int old = __atomic_load_n(&folio->_refcount.counter, __ATOMIC_RELAXED);

	do {
		if (old == 0)
			return false;
	} while (!__atomic_compare_exchange_n(&folio->_refcount.counter, &old,
					      old + 1, true, __ATOMIC_ACQUIRE,
					      __ATOMIC_RELAXED));
	return true;
}

/**
 * folio_get() - take a reference on a folio the caller already holds.
 * @folio: the folio; its count must be positive.
 *
 * Context: Any context.
 * Return: nothing. Getting a folio whose count is 0 is a violation.
 */
static inline void folio_get(struct folio *folio)
{
	int old = __atomic_fetch_add(&folio->_refcount.counter, 1,
				     __ATOMIC_RELAXED);

	if (old <= 0)
		sim_report_violation("VM_BUG_ON_FOLIO", __FILE__, __LINE__,
				     __func__, "folio_get() on refcount %d", old);
}

LIBGCMA_API void __folio_put(struct folio *folio);

/**
 * folio_put_refs() - drop @refs references; free the folio at zero.
 * @folio: the folio.
 * @refs: references to drop.
 *
 * Context: Any context.
 * Return: nothing. Dropping below zero is a violation.
 */
static inline void folio_put_refs(struct folio *folio, int refs)
{
	int now = __atomic_sub_fetch(&folio->_refcount.counter, refs,
				     __ATOMIC_ACQ_REL);

	if (now == 0)
		__folio_put(folio);
	else if (now < 0)
		sim_report_violation("VM_BUG_ON_FOLIO", __FILE__, __LINE__,
				     __func__, "refcount underflow (%d)", now);
}

/**
 * folio_put() - drop a reference; free the folio when it was the last.
 * @folio: the folio.
 *
 * Context: Any context.
 * Return: nothing.
 */
static inline void folio_put(struct folio *folio)
{
	folio_put_refs(folio, 1);
}

/* ---- pfn <-> folio, on the attached machine ------------------------- */

LIBGCMA_API bool pfn_valid(unsigned long pfn);
LIBGCMA_API struct page *pfn_to_page(unsigned long pfn);
LIBGCMA_API unsigned long page_to_pfn(const struct page *page);
LIBGCMA_API struct folio *pfn_folio(unsigned long pfn);
LIBGCMA_API unsigned long folio_pfn(const struct folio *folio);
LIBGCMA_API void *folio_address(const struct folio *folio);
LIBGCMA_API void prep_compound_page(struct page *page, unsigned int order);
LIBGCMA_API void destroy_compound_page(struct page *page);

#ifdef __cplusplus
}
#endif

#endif /* _LIBGCMA_FOLIO_H */
