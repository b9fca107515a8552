// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * cleancache - stress of cleancache under a simulated filesystem and a
 * backend that takes its donated folios back at any time.
 *
 * A small machine donates a boot carve-out to two cleancache pools. One
 * simulated filesystem with a small page cache holds a handful of shared
 * inodes, so reading files keeps evicting page-cache folios into
 * cleancache and restoring them from it. Threads, each attached:
 *
 * - readers read random pages (a hot window that moves, so pages refault
 *   while their shadows live and become workingset, plus uniform reads),
 *   evict pages, shrink the page cache and read readahead windows;
 * - a writer dirties pages (each write bumps the page's version: later
 *   reads must see the new contents, never a stale cleancache copy) and
 *   writes them back;
 * - a truncater shrinks and grows inodes, and evicts an inode and creates
 *   it again under the same number (a new generation);
 * - a mounter, in turns, mounts a short-lived second filesystem, gets
 *   pages of a file there stored and restored and unmounts it, or
 *   registers a hand-made superblock, stores and restores through a fake
 *   inode and removes the filesystem with its entries still cached
 *   (cleancache_remove_fs() against recalls and LRU evictions; the next
 *   life may reuse the fs id and the same inode address);
 * - a backend, standing in for GCMA, takes random donated folios back
 *   with cleancache_backend_get_folio(), which must always succeed (the
 *   guarantee), holds them at refcount 1 while it "uses" them, then
 *   freezes them and donates them again (put_folio, or put_folios with a
 *   mixed list that must keep exactly the folios still referenced). It
 *   also checks the -EINVAL cases: a second get of a taken folio, a get
 *   naming the other pool, a put at refcount 1.
 *
 * Oracles:
 * - data mode: every page read must equal sim_page_expected() for its
 *   inode, generation, index and version, unless a write to that page
 *   overlapped the read (a per-page seqcount tells);
 * - "no folio is ever both TAKEN and CACHED": the backend fills every
 *   folio it holds with a poison pattern (data mode) and stamps its index
 *   field (both modes). No reader may ever see the poison; when the
 *   backend gives a folio back, its poison and stamp must be intact
 *   (nobody stored into it or detached it meanwhile) and its refcount
 *   still the backend's 1;
 * - periodically the main thread pauses every worker (a writer-preferring
 *   rwlock: each worker operation holds it for reading) and, with no
 *   cleancache call in flight, runs cleancache_check() (must return 0),
 *   checks the stats equation, that each pool's size is what it was given
 *   minus what the backend holds, and the held folios;
 * - at the end: a check with the backend's folios still out, one after it
 *   gave them back, a single-threaded read of every page, unmount (every
 *   entry invalidated), get_folio of every donated folio (each must
 *   succeed and the pools end empty), a last check, and no violation
 *   recorded by the machine.
 *
 * In data mode the machine's copy_page hook yields before one copy in
 * eight: a store then holds its folio in flight (taken from a pool or the
 * LRU, not yet attached) long enough for the backend's get_folio to land
 * in that window, the race v2 loses (it hands such a folio out as free).
 * The event trace is on for one check interval in four, so tracing runs
 * concurrently with everything else; its stream counts LRU evictions.
 *
 * Inodes live in slots: every operation on a slot holds its rwlock for
 * reading; truncation and evict+recreate hold it for writing, so a reader
 * never uses an evicted inode and knows the size it may read within.
 *
 * Usage: test_cleancache [--duration S] [--seed N] [--data|--no-data]
 *                        [--readers N] [--inodes N] [--file-pages N]
 *                        [--cache-pages N] [--pool-pages N]
 * Prints one summary line:
 *   cleancache: seed=S duration=D reads=.. restores=.. stores=..
 *               recalls=.. checks=.. errors=0 ...
 * (restores, stores and recalls are cleancache's restored, stored and
 * recalled counters; checks counts full checks, paused and final.)
 * and exits 1 on any error, or if no page was read, no restore hit, no
 * recall happened or no check ran.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libgcma/libgcma.h>
#include "kernel/memcheck.h"

#define STRESS_NAME "cleancache"
#include "stress_util.h"

#define NR_POOLS	2
#define MAX_READERS	16
#define MAX_REPORTS	20
#define MAX_HELD	64	/* folios the backend can hold */
#define MAX_BATCH	8	/* folios per put_folios() */
#define RA_MAX		16	/* readahead window, pages */
#define CHURN_PAGES	32	/* file size on the short-lived filesystem */
#define CHURN_CACHE	8	/* its page cache */

/* First word of a folio the backend holds; the second is its pfn. */
#define TAKEN_MAGIC	0x4e454b4154434347UL	/* "GCCTAKEN" */
/* What the backend writes in ->index of a folio it holds. */
#define TAKEN_STAMP	0x7374616d706564UL

enum cs_role {
	CS_READER, CS_WRITER, CS_TRUNCATER, CS_MOUNTER, CS_BACKEND, CS_MAIN,
};

/**
 * struct cs_thread - one thread's state and counters.
 * @role: what it does.
 * @id: its number.
 * @rng: its generator.
 * @cursor: readers: start of the hot window, in pages.
 * @hot: readers: the slot of the hot window.
 * @buf: data mode: expected contents of a page.
 * @got: data mode: the contents a read returned.
 * @reads: pages read and checked.
 * @verified: of which compared in full against the expected contents.
 * @unverified: of which a write overlapped (not compared).
 * @evicts: pages evicted, one at a time.
 * @shrinks: page-cache shrinks.
 * @readaheads: readahead windows.
 * @writes: pages written.
 * @writebacks: pages written back.
 * @truncates: truncations (down or up).
 * @recreates: inodes evicted and created again.
 * @mounts: short-lived filesystems registered and removed.
 * @gets: successful get_folio calls.
 * @puts: folios donated again.
 * @einval: -EINVAL cases checked.
 * @errors: oracle violations.
 */
struct cs_thread {
	pthread_t tid;
	enum cs_role role;
	unsigned int id;
	uint64_t rng;
	unsigned long cursor;
	unsigned int hot;
	unsigned char *buf;
	unsigned char *got;
	unsigned long reads;
	unsigned long verified;
	unsigned long unverified;
	unsigned long evicts;
	unsigned long shrinks;
	unsigned long readaheads;
	unsigned long writes;
	unsigned long writebacks;
	unsigned long truncates;
	unsigned long recreates;
	unsigned long mounts;
	unsigned long gets;
	unsigned long puts;
	unsigned long einval;
	unsigned long errors;
};

/**
 * struct cs_slot - one shared inode.
 * @lock: read-held by operations on the inode, write-held to truncate it
 *	or to evict and recreate it.
 * @inode: the inode (replaced by a recreate).
 * @ino: its number, kept across recreates.
 * @size: its size in bytes (changed under @lock held for writing).
 * @wseq: per page, a seqcount of writes: odd while one is in progress.
 */
struct cs_slot {
	pthread_rwlock_t lock;
	struct inode *inode;
	unsigned long ino;
	int64_t size;
	unsigned long *wseq;
};

/**
 * struct cs_donated - one donated folio.
 * @folio: the folio.
 * @pool: index into pool_id[] of the pool it belongs to.
 * @held: the backend holds it (TAKEN); written by the backend only.
 */
struct cs_donated {
	struct folio *folio;
	unsigned int pool;
	bool held;
};

static struct {
	double duration;
	uint64_t seed;
	bool data;
	unsigned int readers;
	unsigned int nr_inodes;
	unsigned long file_pages;
	unsigned long cache_pages;
	unsigned long pool_pages;
} opt = {
	.duration = 2,
	.seed = 1,
	.data = false,
	.readers = 2,
	.nr_inodes = 6,
	.file_pages = 384,
	.cache_pages = 48,
	.pool_pages = 32,
};

static struct sim_machine *machine;
static struct super_block *sb;
static struct cs_slot *slots;
static struct cs_donated *donated;
static unsigned long nr_donated;
static unsigned long base_pfn[NR_POOLS];
static int pool_id[NR_POOLS];
static unsigned long held_in_pool[NR_POOLS];

/* The main thread and the backend at the end of the run. */
static pthread_barrier_t end_barrier;

static bool under_valgrind;
static bool stop_workers;
static unsigned long reports;
static unsigned long checks;
/* At the checks: most folios cached, and checks that found no free one. */
static uint64_t max_cached;
static unsigned long checks_full;
/* Trace lines streamed while the trace was on, and LRU evictions among them. */
static unsigned long trace_lines;
static unsigned long trace_evicts;

/* ---- helpers -------------------------------------------------------- */

#define LOAD(x)		__atomic_load_n(&(x), __ATOMIC_ACQUIRE)
#define STORE(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_RELEASE)
#define ADD(x, v)	__atomic_add_fetch(&(x), (v), __ATOMIC_ACQ_REL)
#define READ_ONCE_PTR(x) __atomic_load_n(&(x), __ATOMIC_RELAXED)

static uint64_t cs_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned long cs_below(struct cs_thread *t, unsigned long n)
{
	return (unsigned long)(cs_next(&t->rng) % n);
}

static void __attribute__((format(printf, 2, 3)))
cs_error(struct cs_thread *t, const char *fmt, ...)
{
	static const char *const role[] = {
		"reader", "writer", "truncater", "mounter", "backend", "main",
	};
	va_list ap;

	t->errors++;
	/* Workers may fail by the million: only the first few speak. */
	if (t->role != CS_MAIN && ADD(reports, 1) > MAX_REPORTS)
		return;
	flockfile(stderr);
	fprintf(stderr, "cleancache: %s %u: ", role[t->role], t->id);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	funlockfile(stderr);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void sleep_for(double seconds)
{
	struct timespec ts = {
		.tv_sec = (time_t)seconds,
		.tv_nsec = (long)((seconds - (double)(time_t)seconds) * 1e9),
	};

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static unsigned long size_pages(int64_t size)
{
	return (unsigned long)((size + (int64_t)PAGE_SIZE - 1) / (int64_t)PAGE_SIZE);
}

static bool stopping(void)
{
	return __atomic_load_n(&stop_workers, __ATOMIC_RELAXED);
}

static void op_begin(void)
{
	pthread_rwlock_rdlock(&pause_lock);
}

static void op_end(void)
{
	pthread_rwlock_unlock(&pause_lock);
	if (under_valgrind)
		sched_yield();
}

/* ---- the poison of taken folios ------------------------------------- */

static void taken_fill(struct folio *folio)
{
	uint64_t *p = folio_address(folio);

	p[0] = TAKEN_MAGIC;
	p[1] = folio_pfn(folio);
	for (size_t i = 2; i < PAGE_SIZE / sizeof(*p); i++)
		p[i] = TAKEN_MAGIC ^ (i * 0x100000001b3ULL);
}

static bool taken_intact(struct folio *folio)
{
	const uint64_t *p = folio_address(folio);

	if (p[0] != TAKEN_MAGIC || p[1] != folio_pfn(folio))
		return false;
	for (size_t i = 2; i < PAGE_SIZE / sizeof(*p); i++)
		if (p[i] != (TAKEN_MAGIC ^ (i * 0x100000001b3ULL)))
			return false;
	return true;
}

/* ---- readers -------------------------------------------------------- */

static void dump_mismatch(struct cs_thread *t, const struct cs_slot *s,
			  struct inode *inode, pgoff_t index,
			  const unsigned char *got)
{
	const uint64_t *g = (const uint64_t *)got;
	const uint64_t *e = (const uint64_t *)t->buf;
	size_t off = 0;

	while (off < PAGE_SIZE && got[off] == t->buf[off])
		off++;
	if (g[0] == TAKEN_MAGIC)
		cs_error(t, "ino %lu gen %u index %lu: read the contents of folio pfn %#lx the backend holds (TAKEN and CACHED)",
			 s->ino, inode->i_generation, index, (unsigned long)g[1]);
	else
		cs_error(t, "ino %lu gen %u index %lu size %lld: contents differ from byte %zu: got %016llx %016llx, expected %016llx %016llx",
			 s->ino, inode->i_generation, index, (long long)s->size,
			 off, (unsigned long long)g[0], (unsigned long long)g[1],
			 (unsigned long long)e[0], (unsigned long long)e[1]);
}

/*
 * read_check - read page @index of the inode in @s (slot lock read-held)
 * and compare it with what it must contain.
 */
static void read_check(struct cs_thread *t, struct cs_slot *s, pgoff_t index)
{
	struct inode *inode = s->inode;
	struct address_space *mapping;
	unsigned long seq0, seq1;
	struct folio *folio;
	int err;

	seq0 = LOAD(s->wseq[index]);
	if (opt.data) {
		err = sim_page_expected(inode, index, t->buf);
		if (err) {
			cs_error(t, "sim_page_expected(ino %lu, %lu): %s", s->ino,
				 index, strerror(-err));
			return;
		}
	}
	err = sim_page_cache_read(inode, index, &folio);
	if (err) {
		cs_error(t, "sim_page_cache_read(ino %lu, %lu) size %lld: %s",
			 s->ino, index, (long long)s->size, strerror(-err));
		return;
	}
	t->reads++;
	/* Reclaim by another thread may already have taken it out (NULL). */
	mapping = READ_ONCE_PTR(folio->mapping);
	if ((mapping && mapping != inode->i_mapping) || folio->index != index)
		cs_error(t, "ino %lu index %lu: read returned folio pfn %#lx of mapping %p index %lu",
			 s->ino, index, folio_pfn(folio), (void *)mapping,
			 folio->index);
	if (!folio_test_uptodate(folio))
		cs_error(t, "ino %lu index %lu: read returned a folio not uptodate",
			 s->ino, index);
	if (opt.data) {
		/*
		 * A seqcount read: take the contents first, then see whether
		 * a write overlapped (writes change the folio in place).
		 */
		memcpy(t->got, folio_address(folio), PAGE_SIZE);
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		seq1 = LOAD(s->wseq[index]);
		if (seq0 == seq1 && !(seq0 & 1)) {
			t->verified++;
			if (memcmp(t->got, t->buf, PAGE_SIZE))
				dump_mismatch(t, s, inode, index, t->got);
		} else {
			/* Either version may show; never a taken folio's. */
			t->unverified++;
			if (*(const uint64_t *)t->got == TAKEN_MAGIC)
				dump_mismatch(t, s, inode, index, t->got);
		}
	}
	folio_put(folio);
}

static void reader_op(struct cs_thread *t)
{
	unsigned int op = (unsigned int)cs_below(t, 100);
	unsigned long nr, window, index;
	struct cs_slot *s;
	int err;

	/*
	 * Most reads go to the reader's hot window: readers' windows
	 * together about fill the page cache, so their pages are read twice
	 * while cached (workingset) and refault soon after reclaim. The
	 * window creeps along, now and then jumps to another inode, and
	 * leaves workingset pages behind for cleancache to keep.
	 */
	if (op < 60) {
		if (!cs_below(t, 16))
			t->cursor += 1 + cs_below(t, 4);
		if (!cs_below(t, 1024))
			t->hot = (unsigned int)cs_below(t, opt.nr_inodes);
		s = &slots[t->hot];
	} else {
		s = &slots[cs_below(t, opt.nr_inodes)];
	}
	pthread_rwlock_rdlock(&s->lock);
	nr = size_pages(s->size);
	if (!nr) {
		pthread_rwlock_unlock(&s->lock);
		return;
	}
	if (op < 60) {
		window = opt.cache_pages / opt.readers + 1;
		index = (t->cursor + cs_below(t, window)) % nr;
		read_check(t, s, index);
	} else if (op < 75) {
		read_check(t, s, cs_below(t, nr));
	} else if (op < 88) {
		index = cs_below(t, nr);
		err = sim_page_cache_evict(s->inode, index);
		if (err && err != -ENOENT)
			cs_error(t, "sim_page_cache_evict(ino %lu, %lu): %s",
				 s->ino, index, strerror(-err));
		t->evicts++;
	} else if (op < 97) {
		unsigned long len = 1 + cs_below(t, RA_MAX);

		index = cs_below(t, nr);
		if (index + len > nr)
			len = nr - index;
		err = sim_page_cache_readahead(s->inode, index, len);
		if (err)
			cs_error(t, "sim_page_cache_readahead(ino %lu, %lu, %lu): %s",
				 s->ino, index, len, strerror(-err));
		t->readaheads++;
		/* What readahead brought in must read back right. */
		for (unsigned long i = 0; i < len; i += 1 + cs_below(t, 4))
			read_check(t, s, index + i);
	} else {
		sim_page_cache_shrink(sb, 1 + cs_below(t, opt.cache_pages / 2));
		t->shrinks++;
	}
	pthread_rwlock_unlock(&s->lock);
}

/* ---- the writer ----------------------------------------------------- */

static void writer_op(struct cs_thread *t)
{
	struct cs_slot *s = &slots[cs_below(t, opt.nr_inodes)];
	unsigned long nr, index;
	int err;

	pthread_rwlock_rdlock(&s->lock);
	nr = size_pages(s->size);
	if (!nr) {
		pthread_rwlock_unlock(&s->lock);
		return;
	}
	index = cs_below(t, nr);
	if (cs_below(t, 4)) {
		ADD(s->wseq[index], 1);
		err = sim_page_cache_write(s->inode, index);
		ADD(s->wseq[index], 1);
		if (err)
			cs_error(t, "sim_page_cache_write(ino %lu, %lu): %s",
				 s->ino, index, strerror(-err));
		t->writes++;
	} else {
		err = sim_page_cache_writeback(s->inode, index);
		if (err && err != -ENOENT)
			cs_error(t, "sim_page_cache_writeback(ino %lu, %lu): %s",
				 s->ino, index, strerror(-err));
		t->writebacks++;
	}
	pthread_rwlock_unlock(&s->lock);
}

/* ---- the truncater -------------------------------------------------- */

static int64_t full_size(void)
{
	return (int64_t)(opt.file_pages * PAGE_SIZE);
}

static void truncater_op(struct cs_thread *t)
{
	struct cs_slot *s = &slots[cs_below(t, opt.nr_inodes)];
	unsigned int op = (unsigned int)cs_below(t, 100);
	int64_t size, old;
	int err;

	pthread_rwlock_wrlock(&s->lock);
	old = s->size;
	if (op < 70) {
		/* Mostly page-aligned; now and then mid-page. */
		size = (int64_t)(cs_below(t, opt.file_pages + 1) * PAGE_SIZE);
		if (!cs_below(t, 4) && size)
			size -= (int64_t)(1 + cs_below(t, PAGE_SIZE - 1));
		err = sim_page_cache_truncate(s->inode, size);
		if (err) {
			cs_error(t, "sim_page_cache_truncate(ino %lu, %lld): %s",
				 s->ino, (long long)size, strerror(-err));
			goto out;
		}
		s->size = size;
		t->truncates++;
		/*
		 * Grow straight back now and then, and read what was cut off:
		 * nothing cached before the cut may come back.
		 */
		if (size < old && cs_below(t, 2)) {
			unsigned long from = (unsigned long)size / PAGE_SIZE;
			unsigned long to = size_pages(old);

			err = sim_page_cache_truncate(s->inode, old);
			if (err) {
				cs_error(t, "sim_page_cache_truncate(ino %lu, %lld) back: %s",
					 s->ino, (long long)old, strerror(-err));
				goto out;
			}
			s->size = old;
			t->truncates++;
			for (unsigned long i = from; i < to && i < from + 8; i++)
				read_check(t, s, i);
		}
	} else {
		uint32_t gen = s->inode->i_generation;
		struct inode *inode;

		err = sim_inode_evict(s->inode);
		if (err) {
			cs_error(t, "sim_inode_evict(ino %lu): %s", s->ino,
				 strerror(-err));
			goto out;
		}
		s->inode = NULL;
		size = full_size();
		err = sim_inode_create(sb, s->ino, size, &inode);
		if (err) {
			/* Nothing to retry with: stop using the slot. */
			cs_error(t, "sim_inode_create(ino %lu) again: %s", s->ino,
				 strerror(-err));
			s->size = 0;
			goto out;
		}
		if (inode->i_generation == gen)
			cs_error(t, "ino %lu created again with the same generation %u",
				 s->ino, gen);
		s->inode = inode;
		s->size = size;
		t->recreates++;
		/* A few pages of the new inode: none may be the old one's. */
		for (unsigned int i = 0; i < 4; i++)
			read_check(t, s, cs_below(t, opt.file_pages));
	}
out:
	pthread_rwlock_unlock(&s->lock);
}

/* ---- the mounter ---------------------------------------------------- */

/* Read page @index of @inode, which only this thread uses, and check it. */
static void churn_read(struct cs_thread *t, struct inode *inode, pgoff_t index)
{
	struct folio *folio;
	int err;

	if (opt.data && (err = sim_page_expected(inode, index, t->buf))) {
		cs_error(t, "sim_page_expected(churn, %lu): %s", index,
			 strerror(-err));
		return;
	}
	err = sim_page_cache_read(inode, index, &folio);
	if (err) {
		cs_error(t, "sim_page_cache_read(churn, %lu): %s", index,
			 strerror(-err));
		return;
	}
	t->reads++;
	if (opt.data) {
		t->verified++;
		if (memcmp(folio_address(folio), t->buf, PAGE_SIZE))
			cs_error(t, "churn fs dev %lu index %lu: contents differ (first word %016llx, expected %016llx)",
				 inode->i_sb->s_dev, index,
				 *(unsigned long long *)folio_address(folio),
				 *(unsigned long long *)t->buf);
	}
	folio_put(folio);
}

/* The contents a raw store of life @serial puts at @index. */
static void raw_fill(uint64_t *p, unsigned long serial, pgoff_t index)
{
	uint64_t x = serial << 32 | index;

	for (size_t i = 0; i < PAGE_SIZE / sizeof(*p); i++)
		p[i] = cs_next(&x);
}

/*
 * raw_life - a filesystem cleancache sees through a hand-made superblock
 * and inode, as the kernel's KUnit test builds them: store a file's pages
 * from one folio, restore some, then cleancache_remove_fs() with the
 * entries still cached, which only the last put_fs() empties, while the
 * backend may be recalling them and other stores evicting them. After
 * the removal nothing of it may be restorable; a later life reuses the
 * fs id and the stack addresses of the superblock and inode.
 */
static void raw_life(struct cs_thread *t)
{
	static unsigned long serial;
	struct super_block rsb = { .cleancache_id = CLEANCACHE_ID_INVALID };
	struct inode rinode = { .i_ino = 1 };
	unsigned long life = ++serial;
	struct folio *folio;
	uint64_t *data;
	int err;

	folio = folio_alloc(GFP_KERNEL, 0);
	if (!folio) {
		cs_error(t, "folio_alloc failed");
		return;
	}
	snprintf(rsb.s_id, sizeof(rsb.s_id), "raw");
	err = cleancache_add_fs(&rsb);
	if (err || rsb.cleancache_id == CLEANCACHE_ID_INVALID) {
		cs_error(t, "cleancache_add_fs: %d (id %d)", err,
			 rsb.cleancache_id);
		goto out;
	}
	rinode.i_sb = &rsb;
	rinode.i_mapping = &rinode.i_data;
	rinode.i_data.host = &rinode;
	INIT_LIST_HEAD(&rinode.i_sb_list);
	data = opt.data ? folio_address(folio) : NULL;
	folio_set_locked(folio);
	folio_set_uptodate(folio);
	folio_set_mappedtodisk(folio);
	folio_set_workingset(folio);
	folio->mapping = &rinode.i_data;
	for (pgoff_t i = 0; i < CHURN_PAGES; i++) {
		folio->index = i;
		if (data)
			raw_fill(data, life, i);
		/* May fail only if the backend holds every folio. */
		cleancache_store_folio(&rinode, folio);
	}
	for (pgoff_t i = 0; i < CHURN_PAGES; i += 1 + cs_below(t, 4)) {
		folio->index = i;
		if (!cleancache_restore_folio(&rinode, folio) || !data)
			continue;
		t->reads++;
		t->verified++;
		raw_fill((uint64_t *)t->buf, life, i);
		if (memcmp(data, t->buf, PAGE_SIZE))
			cs_error(t, "raw fs life %lu index %lu: restored %016llx..., expected %016llx...",
				 life, i, (unsigned long long)data[0],
				 *(unsigned long long *)t->buf);
	}
	cleancache_remove_fs(&rsb);
	if (rsb.cleancache_id != CLEANCACHE_ID_INVALID)
		cs_error(t, "remove_fs left id %d", rsb.cleancache_id);
	folio->index = 0;
	if (cleancache_restore_folio(&rinode, folio))
		cs_error(t, "raw fs life %lu: restore hit after remove_fs", life);
	folio->mapping = NULL;
	folio_clear_workingset(folio);
	folio_clear_locked(folio);
out:
	folio_put(folio);
}

/*
 * mounter_op - the life of a short-lived filesystem: mount it (the next
 * mount may get the fs id of the last one), read a file so that its pages
 * become workingset and are stored as its small page cache overflows,
 * read them again (restores), unmount with entries still cached. So
 * cleancache_remove_fs() races with the backend recalling those entries'
 * folios and with stores evicting them from the LRU.
 */
static void mounter_op(struct cs_thread *t)
{
	struct super_block *csb;
	struct inode *inode;
	int err;

	t->mounts++;
	if (t->mounts & 1) {
		raw_life(t);
		return;
	}
	err = sim_fs_mount("churn", CHURN_CACHE, &csb);
	if (err) {
		cs_error(t, "sim_fs_mount(churn): %s", strerror(-err));
		return;
	}
	err = sim_inode_create(csb, 1, (int64_t)(CHURN_PAGES * PAGE_SIZE),
			       &inode);
	if (err) {
		cs_error(t, "sim_inode_create(churn): %s", strerror(-err));
	} else {
		/* Twice in a row: the second access makes it workingset. */
		for (pgoff_t i = 0; i < CHURN_PAGES; i++) {
			churn_read(t, inode, i);
			churn_read(t, inode, i);
		}
		for (pgoff_t i = 0; i < CHURN_PAGES; i += 1 + cs_below(t, 2))
			churn_read(t, inode, i);
	}
	err = sim_fs_unmount(csb);
	if (err)
		cs_error(t, "sim_fs_unmount(churn): %s", strerror(-err));
}

/* ---- the backend ---------------------------------------------------- */

/*
 * take_one - get donated folio @i back; it must succeed, come back at
 * refcount 0, and become ours: refcount 1, stamped, poisoned.
 */
static void take_one(struct cs_thread *t, unsigned long i)
{
	struct cs_donated *d = &donated[i];
	struct folio *folio = d->folio;
	int err, ref;

	err = cleancache_backend_get_folio(pool_id[d->pool], folio);
	if (err) {
		cs_error(t, "get_folio(pool %d, pfn %#lx) failed: %s (the guarantee)",
			 pool_id[d->pool], folio_pfn(folio), strerror(-err));
		return;
	}
	t->gets++;
	ref = folio_ref_count(folio);
	if (ref)
		cs_error(t, "get_folio(pfn %#lx) returned it at refcount %d",
			 folio_pfn(folio), ref);
	folio_set_count(folio, 1);
	folio->index = TAKEN_STAMP ^ i;
	if (opt.data) {
		sim_page_unpoison(machine, folio_pfn(folio), 1);
		taken_fill(folio);
	}
	STORE(d->held, true);
	ADD(held_in_pool[d->pool], 1);
}

/* held_ok - a held folio is still ours: refcount, stamp and poison. */
static bool held_ok(struct cs_thread *t, unsigned long i)
{
	struct folio *folio = donated[i].folio;
	int ref = folio_ref_count(folio);

	if (ref != 1) {
		cs_error(t, "held folio pfn %#lx has refcount %d, not 1",
			 folio_pfn(folio), ref);
		return false;
	}
	if (folio->index != (TAKEN_STAMP ^ i)) {
		cs_error(t, "held folio pfn %#lx: index %#lx was overwritten",
			 folio_pfn(folio), folio->index);
		return false;
	}
	if (opt.data && !taken_intact(folio)) {
		cs_error(t, "held folio pfn %#lx: its data was overwritten while TAKEN",
			 folio_pfn(folio));
		return false;
	}
	return true;
}

/* Let go of held folio @i: reset what we used, freeze. */
static void release_prep(unsigned long i)
{
	struct cs_donated *d = &donated[i];

	d->folio->index = 0;
	STORE(d->held, false);
	ADD(held_in_pool[d->pool], -1UL);
}

static void give_back_one(struct cs_thread *t, unsigned long i)
{
	struct cs_donated *d = &donated[i];
	struct folio *folio = d->folio;
	int err;

	held_ok(t, i);
	/* A folio still referenced must be refused and stay ours. */
	if (!cs_below(t, 8)) {
		err = cleancache_backend_put_folio(pool_id[d->pool], folio);
		if (err != -EINVAL)
			cs_error(t, "put_folio(pfn %#lx) at refcount 1: %d, not -EINVAL",
				 folio_pfn(folio), err);
		t->einval++;
		if (err)
			held_ok(t, i);
	}
	release_prep(i);
	if (!folio_ref_freeze(folio, 1)) {
		cs_error(t, "cannot freeze held folio pfn %#lx (refcount %d)",
			 folio_pfn(folio), folio_ref_count(folio));
		return;
	}
	err = cleancache_backend_put_folio(pool_id[d->pool], folio);
	if (err)
		cs_error(t, "put_folio(pfn %#lx): %s", folio_pfn(folio),
			 strerror(-err));
	t->puts++;
}

/*
 * give_back_batch - donate up to MAX_BATCH held folios of @pool with one
 * put_folios(); a random few stay at refcount 1 and must be left on the
 * list, exactly those, with -EINVAL.
 */
static void give_back_batch(struct cs_thread *t, unsigned int pool,
			    unsigned long *held, unsigned int *nr_held)
{
	unsigned long batch[MAX_BATCH];
	bool keep[MAX_BATCH];
	unsigned int n = 0, kept = 0, left = 0;
	struct folio *folio;
	LIST_HEAD(list);
	int err;

	for (unsigned int h = 0; h < *nr_held && n < MAX_BATCH;) {
		unsigned long i = held[h];

		if (donated[i].pool != pool) {
			h++;
			continue;
		}
		held[h] = held[--*nr_held];
		if (!held_ok(t, i)) {
			/* Leave it out: it is no longer what we think. */
			STORE(donated[i].held, false);
			ADD(held_in_pool[pool], -1UL);
			continue;
		}
		keep[n] = !cs_below(t, 4);
		batch[n++] = i;
	}
	for (unsigned int b = 0; b < n; b++) {
		folio = donated[batch[b]].folio;
		if (keep[b]) {
			kept++;
		} else {
			release_prep(batch[b]);
			if (!folio_ref_freeze(folio, 1))
				cs_error(t, "cannot freeze held folio pfn %#lx",
					 folio_pfn(folio));
		}
		list_add_tail(&folio->lru, &list);
	}
	if (!n)
		return;
	err = cleancache_backend_put_folios(pool_id[pool], &list);
	if (err != (kept ? -EINVAL : 0))
		cs_error(t, "put_folios of %u with %u referenced: %d", n, kept,
			 err);
	list_for_each_entry(folio, &list, lru) {
		bool found = false;

		left++;
		for (unsigned int b = 0; b < n; b++)
			if (donated[batch[b]].folio == folio && keep[b])
				found = true;
		if (!found)
			cs_error(t, "put_folios left pfn %#lx (refcount %d) on the list",
				 folio_pfn(folio), folio_ref_count(folio));
	}
	if (left != kept)
		cs_error(t, "put_folios left %u folios, %u were referenced", left,
			 kept);
	t->puts += n - kept;
	if (kept)
		t->einval++;
	/* The refused ones are still ours: hold them on. */
	for (unsigned int b = 0; b < n; b++) {
		if (!keep[b])
			continue;
		folio = donated[batch[b]].folio;
		list_del_init(&folio->lru);
		held_ok(t, batch[b]);
		held[(*nr_held)++] = batch[b];
	}
}

static void backend(struct cs_thread *t)
{
	/* An eighth of the donation at most: the rest is cleancache's. */
	unsigned int max_held = (unsigned int)(nr_donated / 8 < MAX_HELD ?
					       nr_donated / 8 : MAX_HELD);
	unsigned long held[MAX_HELD];
	unsigned int nr_held = 0;
	int err;

	while (!stopping()) {
		unsigned int op = (unsigned int)cs_below(t, 100);
		unsigned long i = cs_below(t, nr_donated);

		op_begin();
		if (op < 55 && nr_held < max_held) {
			if (donated[i].held) {
				/* Taken already: the pool id says so. */
				err = cleancache_backend_get_folio(
					pool_id[donated[i].pool], donated[i].folio);
				if (err != -EINVAL)
					cs_error(t, "second get_folio(pfn %#lx): %d, not -EINVAL",
						 folio_pfn(donated[i].folio), err);
				t->einval++;
				held_ok(t, i);
			} else {
				if (!cs_below(t, 16)) {
					/* Not that pool's folio. */
					unsigned int other = (donated[i].pool + 1) % NR_POOLS;

					err = cleancache_backend_get_folio(
						pool_id[other], donated[i].folio);
					if (err != -EINVAL)
						cs_error(t, "get_folio(pfn %#lx) from pool %d: %d, not -EINVAL",
							 folio_pfn(donated[i].folio),
							 pool_id[other], err);
					t->einval++;
				}
				take_one(t, i);
				if (donated[i].held)
					held[nr_held++] = i;
			}
		} else if (nr_held && op < 85) {
			unsigned int h = (unsigned int)cs_below(t, nr_held);

			i = held[h];
			held[h] = held[--nr_held];
			give_back_one(t, i);
		} else if (nr_held) {
			give_back_batch(t, (unsigned int)cs_below(t, NR_POOLS),
					held, &nr_held);
		}
		op_end();
		/* Hold what we took for a while: let the workers run. */
		if (!cs_below(t, 8))
			sched_yield();
	}
	/*
	 * Stopped with folios still out: the main thread checks that state
	 * first, then this thread hands everything back.
	 */
	pthread_barrier_wait(&end_barrier);
	pthread_barrier_wait(&end_barrier);
	while (nr_held)
		give_back_one(t, held[--nr_held]);
}

/* ---- threads -------------------------------------------------------- */

static void *thread_main(void *arg)
{
	struct cs_thread *t = arg;
	int err = sim_thread_attach(machine);

	if (err) {
		cs_error(t, "sim_thread_attach: %s", strerror(-err));
		if (t->role == CS_BACKEND) {
			/* The main thread waits for the backend at the end. */
			pthread_barrier_wait(&end_barrier);
			pthread_barrier_wait(&end_barrier);
		}
		return NULL;
	}
	if (t->role == CS_BACKEND) {
		backend(t);
	} else {
		while (!stopping()) {
			op_begin();
			switch (t->role) {
			case CS_READER:
				reader_op(t);
				break;
			case CS_WRITER:
				writer_op(t);
				break;
			case CS_TRUNCATER:
				truncater_op(t);
				break;
			case CS_MOUNTER:
				mounter_op(t);
				break;
			default:
				break;
			}
			op_end();
			/* Truncations and mounts are rare next to reads. */
			if (t->role == CS_TRUNCATER || t->role == CS_MOUNTER)
				sleep_for(under_valgrind ? 50e-3 : 2e-3);
		}
	}
	err = sim_thread_detach();
	if (err)
		cs_error(t, "sim_thread_detach: %s", strerror(-err));
	return NULL;
}

/* ---- checks (no worker operation in flight) ------------------------- */

static void check_stats(struct cs_thread *t, const char *when,
			struct cleancache_stats *st)
{
	uint64_t pool_cached = 0;
	int err;

	err = cleancache_stats_get(st);
	if (err) {
		cs_error(t, "%s: cleancache_stats_get: %s", when, strerror(-err));
		return;
	}
	if (st->cached != st->stored - (st->invalidated + st->reclaimed +
					st->recalled))
		cs_error(t, "%s: cached %llu != stored %llu - (invalidated %llu + reclaimed %llu + recalled %llu)",
			 when, (unsigned long long)st->cached,
			 (unsigned long long)st->stored,
			 (unsigned long long)st->invalidated,
			 (unsigned long long)st->reclaimed,
			 (unsigned long long)st->recalled);
	if (st->nr_pools != NR_POOLS) {
		cs_error(t, "%s: %d pools, not %d", when, st->nr_pools, NR_POOLS);
		return;
	}
	for (unsigned int p = 0; p < NR_POOLS; p++) {
		const struct cleancache_pool_stats *ps = &st->pools[pool_id[p]];
		uint64_t want = opt.pool_pages - LOAD(held_in_pool[p]);

		if (ps->size != want)
			cs_error(t, "%s: pool %s has size %llu, expected %llu (%lu held)",
				 when, ps->name, (unsigned long long)ps->size,
				 (unsigned long long)want, LOAD(held_in_pool[p]));
		if (ps->cached > ps->size)
			cs_error(t, "%s: pool %s caches %llu of %llu folios", when,
				 ps->name, (unsigned long long)ps->cached,
				 (unsigned long long)ps->size);
		pool_cached += ps->cached;
	}
	if (pool_cached != st->cached)
		cs_error(t, "%s: pools cache %llu folios, the total says %llu",
			 when, (unsigned long long)pool_cached,
			 (unsigned long long)st->cached);
}

static void print_violations(void)
{
	unsigned long n = sim_violation_count(machine);

	for (unsigned long v = n > 64 ? n - 64 : 0, shown = 0;
	     v < n && shown < 8; v++) {
		struct sim_violation sv;

		if (!sim_violation_get(machine, v, &sv) && ++shown)
			fprintf(stderr, "cleancache: violation %s at %s:%d %s(): %s\n",
				sv.kind, sv.file, sv.line, sv.func, sv.msg);
	}
}

/*
 * full_check - the invariant checker, the stats and the backend's folios;
 * the caller makes sure no cleancache call is in flight.
 */
static void full_check(struct cs_thread *t, const char *when)
{
	static unsigned long violations_seen;
	struct cleancache_stats st;
	unsigned long v, held = 0;
	int ret;

	ret = cleancache_check();
	if (ret) {
		cs_error(t, "%s: cleancache_check() returned %d", when, ret);
		if (ret < 0)
			fprintf(stderr, "cleancache: (%s)\n", strerror(-ret));
	}
	check_stats(t, when, &st);
	if (st.cached > max_cached)
		max_cached = st.cached;
	for (unsigned int p = 0; p < NR_POOLS; p++)
		held += LOAD(held_in_pool[p]);
	if (st.cached && st.cached + held == nr_donated)
		checks_full++;
	for (unsigned long i = 0; i < nr_donated; i++)
		if (LOAD(donated[i].held))
			held_ok(t, i);
	v = sim_violation_count(machine);
	if (v != violations_seen) {
		cs_error(t, "%s: %lu violations recorded", when,
			 v - violations_seen);
		print_violations();
		violations_seen = v;
	}
	checks++;
}

/* ---- the trace ------------------------------------------------------ */

/*
 * The trace is switched on for one check interval in four, so tracing
 * runs concurrently with everything else, and its stream tells how often
 * a store found every pool empty and evicted the LRU tail (no counter
 * says so). Called under the trace's lock, one line per call (the stream
 * is line-buffered).
 */
static ssize_t trace_write(void *cookie, const char *buf, size_t len)
{
	static const char evict[] = "cleancache_evict: ";

	for (size_t i = 0; i < len; i++)
		trace_lines += buf[i] == '\n';
	if (memmem(buf, len, evict, sizeof(evict) - 1))
		trace_evicts++;
	return (ssize_t)len;
}

static FILE *trace_open(void)
{
	static const cookie_io_functions_t io = { .write = trace_write };
	FILE *f = fopencookie(NULL, "w", io);

	if (f)
		setvbuf(f, NULL, _IOLBF, 0);
	return f;
}

/* ---- page copies ---------------------------------------------------- */

/*
 * The machine's copy_page hook (data mode): every cleancache store and
 * restore copies through it. Now and then it yields before copying, which
 * widens the windows in which a store holds a folio in flight (taken from
 * a pool or from the LRU tail, not yet attached) and a restore holds an
 * inode's lock, so that a backend's get_folio lands in them often.
 */
static void slow_copy_page(void *ctx, void *dst, const void *src)
{
	static __thread uint64_t rng;

	if (!rng)
		rng = opt.seed ^ (uint64_t)(uintptr_t)&rng;
	if (!(cs_next(&rng) & 7))
		sched_yield();
	memcpy(dst, src, PAGE_SIZE);
}

/* ---- set-up and teardown -------------------------------------------- */

static const struct stress_opt options[] = {
	STRESS_OPT_DURATION(&opt.duration),
	STRESS_OPT_SEED(&opt.seed),
	STRESS_OPT_DATA(&opt.data),
	STRESS_OPT_UINT("readers", &opt.readers, 1, MAX_READERS),
	STRESS_OPT_UINT("inodes", &opt.nr_inodes, 1, UINT_MAX),
	STRESS_OPT_ULONG("file-pages", &opt.file_pages, RA_MAX, ULONG_MAX),
	STRESS_OPT_ULONG("cache-pages", &opt.cache_pages, 4, ULONG_MAX),
	STRESS_OPT_ULONG("pool-pages", &opt.pool_pages, 8, ULONG_MAX),
};

/* Donate a boot carve-out of opt.pool_pages to pool @p. */
static int donate_pool(unsigned int p, unsigned long *next)
{
	char name[CLEANCACHE_POOL_NAME_LEN];
	LIST_HEAD(list);
	int err;

	snprintf(name, sizeof(name), "stress%u", p);
	pool_id[p] = cleancache_backend_register_pool(name);
	if (pool_id[p] < 0)
		return pool_id[p];
	for (unsigned long i = 0; i < opt.pool_pages; i++) {
		struct cs_donated *d = &donated[*next + i];
		struct folio *folio = pfn_folio(base_pfn[p] + i);

		/* Boot pages come reserved at refcount 1: they are ours. */
		folio_clear_reserved(folio);
		if (!folio_ref_freeze(folio, 1))
			return -EBUSY;
		d->folio = folio;
		d->pool = p;
		list_add_tail(&folio->lru, &list);
	}
	*next += opt.pool_pages;
	err = cleancache_backend_put_folios(pool_id[p], &list);
	if (!err && !list_empty(&list))
		err = -EINVAL;
	return err;
}

static int setup(void)
{
	static const struct sim_env_ops ops = { .copy_page = slow_copy_page };
	struct sim_machine_config cfg = {
		.name = "cleancache",
		.nr_pages = 8192,
		.violation_mode = SIM_VIOLATION_RECORD,
		.ops = &ops,
	};
	unsigned long next = 0;
	int err;

	cfg.seed = opt.seed;
	cfg.data_mode = opt.data ? SIM_DATA_PAGES : SIM_DATA_NONE;
	if (NR_POOLS * opt.pool_pages > cfg.nr_pages / 2)
		cfg.nr_pages = 2 * NR_POOLS * opt.pool_pages;
	err = sim_machine_create(&cfg, &machine);
	if (err)
		return err;
	err = sim_thread_attach(machine);
	if (err)
		return err;
	for (unsigned int p = 0; p < NR_POOLS && !err; p++)
		err = sim_memblock_alloc(machine, opt.pool_pages, 1, "cleancache",
					 &base_pfn[p]);
	if (!err)
		err = sim_machine_boot_done(machine);
	if (err)
		return err;

	nr_donated = NR_POOLS * opt.pool_pages;
	donated = calloc(nr_donated, sizeof(*donated));
	slots = calloc(opt.nr_inodes, sizeof(*slots));
	if (!donated || !slots)
		return -ENOMEM;
	for (unsigned int p = 0; p < NR_POOLS && !err; p++)
		err = donate_pool(p, &next);
	if (err)
		return err;

	err = sim_fs_mount("stressfs", opt.cache_pages, &sb);
	if (err)
		return err;
	if (sb->cleancache_id == CLEANCACHE_ID_INVALID)
		return -ENODEV;
	for (unsigned int i = 0; i < opt.nr_inodes && !err; i++) {
		struct cs_slot *s = &slots[i];

		pthread_rwlock_init(&s->lock, NULL);
		s->ino = 100 + i;
		s->size = full_size();
		s->wseq = calloc(opt.file_pages, sizeof(*s->wseq));
		if (!s->wseq)
			return -ENOMEM;
		err = sim_inode_create(sb, s->ino, s->size, &s->inode);
	}
	return err;
}

/*
 * teardown - after the workers: read everything once more, unmount,
 * take every donated folio back and free it. Checks on the way.
 */
static void teardown(struct cs_thread *self, struct cleancache_stats *st)
{
	int err;

	/* One quiet pass over every page: all must read back right. */
	if (opt.data) {
		self->buf = malloc(PAGE_SIZE);
		self->got = malloc(PAGE_SIZE);
		if (!self->buf || !self->got)
			abort();
	}
	for (unsigned int i = 0; i < opt.nr_inodes; i++) {
		struct cs_slot *s = &slots[i];

		if (!s->inode)
			continue;
		for (unsigned long p = 0; p < size_pages(s->size); p++)
			read_check(self, s, p);
	}
	full_check(self, "after the final read");

	for (unsigned int i = 0; i < opt.nr_inodes; i++) {
		struct cs_slot *s = &slots[i];

		if (s->inode) {
			err = sim_inode_evict(s->inode);
			if (err)
				cs_error(self, "sim_inode_evict(ino %lu): %s", s->ino,
					 strerror(-err));
		}
		s->inode = NULL;
	}
	err = sim_fs_unmount(sb);
	if (err)
		cs_error(self, "sim_fs_unmount: %s", strerror(-err));
	full_check(self, "after unmount");
	check_stats(self, "after unmount", st);
	if (st->cached)
		cs_error(self, "after unmount: %llu folios still cached",
			 (unsigned long long)st->cached);

	/* The guarantee, one last time: every folio comes back. */
	for (unsigned long i = 0; i < nr_donated; i++) {
		struct folio *folio = donated[i].folio;

		err = cleancache_backend_get_folio(pool_id[donated[i].pool], folio);
		if (err) {
			cs_error(self, "final get_folio(pfn %#lx): %s",
				 folio_pfn(folio), strerror(-err));
			continue;
		}
		held_in_pool[donated[i].pool]++;
		/*
		 * A carve-out page is not the page allocator's: freeing it
		 * would be a bad free. The test keeps its reference.
		 */
		folio_set_count(folio, 1);
	}
	full_check(self, "after taking every folio back");
	free(self->buf);
	free(self->got);
}

int main(int argc, char **argv)
{
	struct cs_thread *th, self = { .role = CS_MAIN, .id = 0 };
	struct cs_thread sum = { .role = CS_MAIN };
	struct cleancache_stats st = { 0 };
	struct sim_fs_stats fst = { 0 };
	unsigned int nthreads, i;
	FILE *trace;
	double t0, elapsed, interval;
	int err;

	stress_parse(argc, argv, options);
	under_valgrind = RUNNING_ON_VALGRIND;
	self.rng = opt.seed;
	/* Every worker operation holds it for reading; a check for writing. */
	stress_pause_init();
	pthread_barrier_init(&end_barrier, NULL, 2);

	err = setup();
	if (err) {
		fprintf(stderr, "cleancache: set-up: %s\n", strerror(-err));
		return 1;
	}
	full_check(&self, "after set-up");

	/* Readers, a writer, a truncater, a mounter, the backend last. */
	nthreads = opt.readers + 4;
	th = calloc(nthreads, sizeof(*th));
	if (!th)
		abort();
	for (i = 0; i < nthreads; i++) {
		th[i].id = i;
		th[i].role = i < opt.readers ? CS_READER :
			     i == opt.readers ? CS_WRITER :
			     i == opt.readers + 1 ? CS_TRUNCATER :
			     i == opt.readers + 2 ? CS_MOUNTER : CS_BACKEND;
		th[i].rng = opt.seed * 0x100000001b3ULL + i;
		th[i].hot = i % opt.nr_inodes;
		if (opt.data) {
			th[i].buf = malloc(PAGE_SIZE);
			th[i].got = malloc(PAGE_SIZE);
			if (!th[i].buf || !th[i].got)
				abort();
		}
		if (pthread_create(&th[i].tid, NULL, thread_main, &th[i])) {
			fprintf(stderr, "cleancache: pthread_create failed\n");
			return 1;
		}
	}

	/* Pause everyone now and then and check the whole state. */
	interval = under_valgrind ? 0.2 : 0.02;
	trace = trace_open();
	if (!trace || sim_trace_set_output(machine, trace))
		cs_error(&self, "cannot stream the trace");
	t0 = now();
	for (unsigned long round = 0; now() - t0 < opt.duration; round++) {
		sim_trace_enable(machine, round % 4 == 1);
		sleep_for(interval);
		pthread_rwlock_wrlock(&pause_lock);
		full_check(&self, "paused");
		pthread_rwlock_unlock(&pause_lock);
	}
	sim_trace_enable(machine, false);
	STORE(stop_workers, true);
	for (i = 0; i < nthreads - 1; i++)
		pthread_join(th[i].tid, NULL);
	elapsed = now() - t0;
	/* The backend has stopped with its folios still out. */
	pthread_barrier_wait(&end_barrier);
	full_check(&self, "workers stopped");
	pthread_barrier_wait(&end_barrier);
	pthread_join(th[nthreads - 1].tid, NULL);
	full_check(&self, "backend stopped");
	err = sim_fs_get_stats(sb, &fst);
	if (err)
		cs_error(&self, "sim_fs_get_stats: %s", strerror(-err));
	sim_trace_set_output(machine, NULL);
	if (trace)
		fclose(trace);

	teardown(&self, &st);

	err = sim_thread_detach();
	if (err)
		cs_error(&self, "sim_thread_detach: %s", strerror(-err));
	err = sim_machine_destroy(machine);
	if (err)
		cs_error(&self, "sim_machine_destroy: %s", strerror(-err));

	for (i = 0; i <= nthreads; i++) {
		struct cs_thread *t = i < nthreads ? &th[i] : &self;

		sum.reads += t->reads;
		sum.verified += t->verified;
		sum.unverified += t->unverified;
		sum.evicts += t->evicts;
		sum.shrinks += t->shrinks;
		sum.readaheads += t->readaheads;
		sum.writes += t->writes;
		sum.writebacks += t->writebacks;
		sum.truncates += t->truncates;
		sum.recreates += t->recreates;
		sum.mounts += t->mounts;
		sum.gets += t->gets;
		sum.puts += t->puts;
		sum.einval += t->einval;
		sum.errors += t->errors;
		if (i < nthreads) {
			free(t->buf);
			free(t->got);
		}
	}

	printf("cleancache: seed=%llu duration=%g reads=%lu restores=%llu "
	       "stores=%llu recalls=%llu checks=%lu errors=%lu "
	       "mode=%s elapsed=%.2f verified=%lu unverified=%lu "
	       "writes=%lu writebacks=%lu evicts=%lu shrinks=%lu "
	       "readaheads=%lu truncates=%lu recreates=%lu mounts=%lu "
	       "gets=%lu puts=%lu "
	       "einval_checked=%lu skipped=%llu missed=%llu reclaimed=%llu "
	       "invalidated=%llu max_cached=%llu checks_full=%lu "
	       "traced=%lu lru_evicts_traced=%lu fs_cleancache_hits=%llu fs_readahead_restored=%llu "
	       "fs_disk_reads=%llu\n",
	       (unsigned long long)opt.seed, opt.duration, sum.reads,
	       (unsigned long long)st.restored, (unsigned long long)st.stored,
	       (unsigned long long)st.recalled, checks, sum.errors,
	       opt.data ? "data" : "meta", elapsed, sum.verified,
	       sum.unverified, sum.writes, sum.writebacks, sum.evicts,
	       sum.shrinks, sum.readaheads, sum.truncates, sum.recreates,
	       sum.mounts,
	       sum.gets, sum.puts, sum.einval,
	       (unsigned long long)st.skipped, (unsigned long long)st.missed,
	       (unsigned long long)st.reclaimed,
	       (unsigned long long)st.invalidated,
	       (unsigned long long)max_cached, checks_full, trace_lines,
	       trace_evicts,
	       (unsigned long long)fst.cleancache_hits,
	       (unsigned long long)fst.readahead_restored,
	       (unsigned long long)fst.disk_reads);

	for (i = 0; i < opt.nr_inodes; i++) {
		pthread_rwlock_destroy(&slots[i].lock);
		free(slots[i].wseq);
	}
	free(slots);
	free(donated);
	free(th);
	pthread_rwlock_destroy(&pause_lock);
	pthread_barrier_destroy(&end_barrier);
	if (sum.errors)
		return 1;
	if (!sum.reads || !st.restored || !st.recalled || !checks) {
		fprintf(stderr, "cleancache: nothing was tested (reads=%lu restores=%llu recalls=%llu checks=%lu)\n",
			sum.reads, (unsigned long long)st.restored,
			(unsigned long long)st.recalled, checks);
		return 1;
	}
	return 0;
}
