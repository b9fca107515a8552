/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * cleancache tracepoints (kernel shim).
 *
 * In a kernel tree these would be TRACE_EVENT()s in
 * include/trace/events/cleancache.h. Here each one is an inline function
 * that formats its fields into the attached machine's event trace with
 * sim_trace_event(), which costs one test when tracing is off. Fields
 * read "name=value", separated by single spaces, as ftrace prints them:
 *
 *   cleancache_store: ino=12 index=3 pfn=0x1a2b pool=0 result=stored
 *   cleancache_restore: ino=12 index=3 result=hit
 *   cleancache_restore: ino=12 count=4 result=miss      (walk, NULL)
 *   cleancache_invalidate: ino=12 index=3 count=1
 *   cleancache_invalidate: ino=12 index=all count=7
 *   cleancache_evict: pfn=0x1a2b ino=12 index=3 pool=0
 *   cleancache_recall: pool=0 pfn=0x1a2b cached=1
 *   cleancache_donate: pool=0 pfn=0x1a2b count=16
 *
 * A store that involved no cleancache folio prints "pfn=-1 pool=-1".
 */
#ifndef _KSHIM_TRACE_CLEANCACHE_H
#define _KSHIM_TRACE_CLEANCACHE_H

#include <libgcma/types.h>

/* Implemented by the simulation's trace ring (lib/platform/trace.c). */
void sim_trace_event(const char *event, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The outcome of one cleancache_store_folio() call. */
enum cleancache_store_result {
	CC_STORE_STORED,	/* new slot filled */
	CC_STORE_OVERWRITTEN,	/* existing slot refreshed */
	CC_STORE_DROPPED,	/* !workingset: the existing entry was dropped */
	CC_STORE_SKIPPED,	/* nothing to do (!workingset, no entry; bad input) */
	CC_STORE_FAILED,	/* wanted to store, no folio or no memory */
};

static inline const char *
cleancache_store_result_name(enum cleancache_store_result r)
{
	switch (r) {
	case CC_STORE_STORED:
		return "stored";
	case CC_STORE_OVERWRITTEN:
		return "overwritten";
	case CC_STORE_DROPPED:
		return "dropped";
	case CC_STORE_SKIPPED:
		return "skipped";
	case CC_STORE_FAILED:
		return "failed";
	}
	return "?";
}

/*
 * trace_cleancache_store - one store call. @pfn and @pool name the
 * cleancache folio that holds (or held) the data; @pfn_valid false when
 * none was involved.
 */
static inline void trace_cleancache_store(unsigned long ino, pgoff_t index,
					  bool pfn_valid, unsigned long pfn,
					  int pool,
					  enum cleancache_store_result r)
{
	if (pfn_valid)
		sim_trace_event("cleancache_store",
				"ino=%lu index=%lu pfn=%#lx pool=%d result=%s",
				ino, index, pfn, pool,
				cleancache_store_result_name(r));
	else
		sim_trace_event("cleancache_store",
				"ino=%lu index=%lu pfn=-1 pool=-1 result=%s",
				ino, index, cleancache_store_result_name(r));
}

/* trace_cleancache_restore - a restore of one folio, hit or miss. */
static inline void trace_cleancache_restore(unsigned long ino, pgoff_t index,
					    bool hit)
{
	sim_trace_event("cleancache_restore", "ino=%lu index=%lu result=%s",
			ino, index, hit ? "hit" : "miss");
}

/* trace_cleancache_restore_walk_miss - a readahead walk returned NULL. */
static inline void trace_cleancache_restore_walk_miss(unsigned long ino,
						      unsigned long count)
{
	sim_trace_event("cleancache_restore", "ino=%lu count=%lu result=miss",
			ino, count);
}

/* trace_cleancache_invalidate - entries dropped at one index. */
static inline void trace_cleancache_invalidate(unsigned long ino,
					       pgoff_t index,
					       unsigned long count)
{
	sim_trace_event("cleancache_invalidate", "ino=%lu index=%lu count=%lu",
			ino, index, count);
}

/* trace_cleancache_invalidate_inode - every entry of an inode dropped. */
static inline void trace_cleancache_invalidate_inode(unsigned long ino,
						     unsigned long count)
{
	sim_trace_event("cleancache_invalidate", "ino=%lu index=all count=%lu",
			ino, count);
}

/* trace_cleancache_evict - the LRU tail was reclaimed for a new store. */
static inline void trace_cleancache_evict(unsigned long pfn,
					  unsigned long ino, pgoff_t index,
					  int pool)
{
	sim_trace_event("cleancache_evict", "pfn=%#lx ino=%lu index=%lu pool=%d",
			pfn, ino, index, pool);
}

/* trace_cleancache_recall - a backend took a donated folio back. */
static inline void trace_cleancache_recall(int pool, unsigned long pfn,
					   bool was_cached)
{
	sim_trace_event("cleancache_recall", "pool=%d pfn=%#lx cached=%d",
			pool, pfn, was_cached ? 1 : 0);
}

/*
 * trace_cleancache_recall_range - a backend took [@pfn, +@nr) back in
 * one call, @cached of them CACHED (@nr 0 when it failed with @ret).
 */
static inline void trace_cleancache_recall_range(int pool, unsigned long pfn,
						 unsigned long nr,
						 unsigned long cached, int ret)
{
	sim_trace_event("cleancache_recall", "pool=%d pfn=%#lx count=%lu cached=%lu ret=%d",
			pool, pfn, nr, cached, ret);
}

/*
 * trace_cleancache_donate - a backend donated @count folios; @pfn is the
 * first one donated.
 */
static inline void trace_cleancache_donate(int pool, unsigned long pfn,
					   unsigned long count)
{
	sim_trace_event("cleancache_donate", "pool=%d pfn=%#lx count=%lu",
			pool, pfn, count);
}

#endif /* _KSHIM_TRACE_CLEANCACHE_H */
