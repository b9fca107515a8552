/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Folios and pfns of the simulated machine.
 *
 * Each simulated pfn has one 64-byte descriptor in the machine's memmap,
 * the equivalent of the kernel's struct page. A folio is the descriptor of
 * its first pfn; the descriptors of the other pfns of a large folio are
 * tails that point back at the head, exactly as in the kernel
 * (compound_head with bit 0 set, sharing storage with lru.next).
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

/* The order of a large folio lives in the top byte of its head's flags. */
#define FOLIO_ORDER_SHIFT	56
#define FOLIO_ORDER_MASK	(0xffUL << FOLIO_ORDER_SHIFT)

/**
 * struct folio - descriptor of one simulated pfn, or the head of a folio.
 * @flags: PG_* bits, and the folio order in the top byte of a head.
 * @lru: list linkage for whoever owns the folio (allocator, cleancache).
 * @compound_head: on a tail, the head's address with bit 0 set.
 * @mapping: owner's mapping (page cache, cleancache inode), or NULL.
 * @index: offset within @mapping.
 * @private: owner's private word. C++ sees it as @private_ only (private
 *	is a keyword there); C has both names for the same word.
 * @_refcount: reference count; use the folio_ref_*() helpers.
 * @_pincount: pins held (FOLL_PIN-like users of the simulation).
 * @sim_private: simulation-layer bookkeeping; not for modelled code.
 *
 * sizeof(struct folio) is 64 bytes: a 16 GiB machine's memmap takes
 * 256 MiB, as the kernel's does.
 */
struct folio {
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
	atomic_t _refcount;
	atomic_t _pincount;
	unsigned long sim_private;
};

/*
 * struct page is never defined: a struct page pointer is the address of a
 * memmap descriptor, and page_folio() finds its folio.
 */
struct page;

static inline struct folio *__page_desc(const struct page *page)
{
	return (struct folio *)page;
}

/**
 * page_folio() - the folio a page belongs to.
 * @page: a page of the attached machine.
 *
 * Context: Any context.
 * Return: the head descriptor of the folio containing @page.
 */
static inline struct folio *page_folio(const struct page *page)
{
	unsigned long head = __atomic_load_n(&__page_desc(page)->compound_head,
					     __ATOMIC_ACQUIRE);

	if (head & 1)
		return (struct folio *)(head - 1);
	return __page_desc(page);
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
	return (struct page *)(folio + n);
}

static inline bool PageTail(const struct page *page)
{
	return __atomic_load_n(&__page_desc(page)->compound_head,
			       __ATOMIC_RELAXED) & 1;
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
	return (unsigned int)((__atomic_load_n(&folio->flags, __ATOMIC_ACQUIRE) &
			       FOLIO_ORDER_MASK) >> FOLIO_ORDER_SHIFT);
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
	return folio_ref_count(__page_desc(page));
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
	folio_set_count(__page_desc(page), v);
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
