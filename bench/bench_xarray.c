// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * bench_xarray - xa_store/xa_load/xa_erase against two baselines.
 *
 * Three maps from an unsigned long key to an object { key, val }:
 *   xarray       libgcma's xarray; xa_load() is lock-free under RCU;
 *   cds_lfht     liburcu's RCU lock-free hash table (memb flavour), with
 *                the node embedded in the object, pre-sized to a power of
 *                two >= n buckets, no resizing;
 *   rwlock_hash  an open-addressing hash table (linear probing, load
 *                factor <= 1/2, backward-shift deletion) behind a pthread
 *                rwlock: readers take the read lock per lookup.
 * Every lookup dereferences the object it found (reads its value), in
 * all three, inside the read-side protection.
 *
 * Key sets: dense 0..n-1, and sparse random 64-bit keys. A sparse key in
 * a 64-way radix tree needs its own chain of about 7 nodes below the
 * shared top levels, so the sparse set uses fewer keys (--sparse-n,
 * default min(n, 65536)); every line says which n it used.
 *
 * Stores, lookups and erases run in random order (pre-shuffled arrays);
 * lookups are measured once more in ascending key order (the _seq lines),
 * the order in which readahead and page-cache walks look pages up.
 * Lookups are measured with 1 and 2 reader threads, best of --reps runs
 * (default 5, the two thread counts interleaved),
 * each run long enough to last --min-time seconds with one reader. Memory
 * is what the C allocator handed out for the structure (mallinfo2), plus,
 * for cds_lfht, the node it embeds in each object.
 *
 * Every thread that touches a structure is attached to a machine.
 *
 * --only and --keyset restrict a run to one map and one key set;
 * --lookup-passes K turns it into a phase run for cachegrind: store,
 * validate, K untimed random-order lookup passes, no output. The
 * difference of two phase runs (K=3 minus K=1) is the cost of lookups
 * alone (docs/xarray.md, "Lookup speed").
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_common.h"
#include "kernel/rcupdate.h"

#if HAVE_URCU_CDS
#include <urcu/rculfhash.h>
#else
struct cds_lfht_node {
	void *next;
	unsigned long reverse_hash;
};
#endif

/**
 * struct bobj - the object every map points at.
 * @key: its key.
 * @val: what a lookup reads.
 * @node: cds_lfht linkage (unused by the other maps).
 */
struct bobj {
	unsigned long key;
	uint64_t val;
	struct cds_lfht_node node;
};

static struct {
	unsigned long n;
	unsigned long sparse_n;
	double min_time;
	unsigned int reps;
	uint64_t seed;
	int only;		/* -1: all maps; else one enum impl */
	unsigned long lookup_passes;	/* 0: normal run; else phase mode */
} opt = {
	.n = BENCH_SCALE,
	.sparse_n = 0,
	.min_time = 0.3,
	.reps = 5,
	.seed = 1,
	.only = -1,
	.lookup_passes = 0,
};

static struct sim_machine *machine;

/* The 64-bit finaliser of MurmurHash3: a cheap, well-mixed hash. */
static inline unsigned long hash_key(unsigned long k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdUL;
	k ^= k >> 33;
	k *= 0xc4ceb9fe1a85ec53UL;
	k ^= k >> 33;
	return k;
}

/* ---- rwlock_hash ---------------------------------------------------- */

struct rwslot {
	unsigned long key;
	struct bobj *obj;	/* NULL: empty */
};

/**
 * struct rwhash - open addressing behind a reader-writer lock.
 * @lock: read-held by lookups, write-held by updates.
 * @slots: 2^k slots.
 * @mask: number of slots minus one.
 * @count: objects stored.
 */
struct rwhash {
	pthread_rwlock_t lock;
	struct rwslot *slots;
	unsigned long mask;
	unsigned long count;
};

static void rwhash_init(struct rwhash *h, unsigned long max_entries)
{
	unsigned long size = 16;

	while (size < 2 * max_entries)
		size <<= 1;
	pthread_rwlock_init(&h->lock, NULL);
	h->slots = calloc(size, sizeof(*h->slots));
	if (!h->slots)
		abort();
	h->mask = size - 1;
	h->count = 0;
}

static void rwhash_destroy(struct rwhash *h)
{
	free(h->slots);
	pthread_rwlock_destroy(&h->lock);
}

/* Slot holding @key, or the empty slot ending its probe sequence. */
static unsigned long rwhash_probe(const struct rwhash *h, unsigned long key)
{
	unsigned long i = hash_key(key) & h->mask;

	while (h->slots[i].obj && h->slots[i].key != key)
		i = (i + 1) & h->mask;
	return i;
}

/* Insert or replace; the table never fills (load factor <= 1/2). */
static struct bobj *rwhash_store(struct rwhash *h, struct bobj *obj)
{
	struct bobj *old;
	unsigned long i;

	pthread_rwlock_wrlock(&h->lock);
	i = rwhash_probe(h, obj->key);
	old = h->slots[i].obj;
	if (!old) {
		if (h->count >= (h->mask + 1) / 2) {
			pthread_rwlock_unlock(&h->lock);
			return NULL;
		}
		h->count++;
	}
	h->slots[i].key = obj->key;
	h->slots[i].obj = obj;
	pthread_rwlock_unlock(&h->lock);
	return old;
}

/* Remove @key, shifting later members of its cluster back. */
static struct bobj *rwhash_erase(struct rwhash *h, unsigned long key)
{
	unsigned long i, j, home;
	struct bobj *old;

	pthread_rwlock_wrlock(&h->lock);
	i = rwhash_probe(h, key);
	old = h->slots[i].obj;
	if (old) {
		h->count--;
		for (j = (i + 1) & h->mask; h->slots[j].obj;
		     j = (j + 1) & h->mask) {
			home = hash_key(h->slots[j].key) & h->mask;
			/* Leave j alone if its home lies cyclically in (i, j]. */
			if (i <= j ? (home > i && home <= j)
				   : (home > i || home <= j))
				continue;
			h->slots[i] = h->slots[j];
			i = j;
		}
		h->slots[i].obj = NULL;
	}
	pthread_rwlock_unlock(&h->lock);
	return old;
}

/* ---- the maps behind one interface ---------------------------------- */

enum impl { IMPL_XARRAY, IMPL_LFHT, IMPL_RWHASH, NR_IMPLS };

static const char *const impl_name[NR_IMPLS] = {
	"xarray", "cds_lfht", "rwlock_hash",
};

/**
 * struct bmap - one map under test.
 * @impl: which one.
 * @xa: the xarray.
 * @ht: the cds_lfht.
 * @rw: the rwlock hash.
 */
struct bmap {
	enum impl impl;
	struct xarray xa;
#if HAVE_URCU_CDS
	struct cds_lfht *ht;
#endif
	struct rwhash rw;
};

#if HAVE_URCU_CDS
static int lfht_match(struct cds_lfht_node *node, const void *key)
{
	const struct bobj *obj = caa_container_of(node, struct bobj, node);

	return obj->key == *(const unsigned long *)key;
}
#endif

static void map_init(struct bmap *map, enum impl impl, unsigned long n)
{
	map->impl = impl;
	switch (impl) {
	case IMPL_XARRAY:
		xa_init(&map->xa);
		break;
	case IMPL_LFHT:
#if HAVE_URCU_CDS
	{
		unsigned long buckets = 1;

		while (buckets < n)
			buckets <<= 1;
		map->ht = cds_lfht_new_flavor(buckets, buckets, buckets, 0,
					      &urcu_memb_flavor, NULL);
		if (!map->ht)
			abort();
		break;
	}
#endif
	case IMPL_RWHASH:
		rwhash_init(&map->rw, n);
		break;
	case NR_IMPLS:
		break;
	}
}

static void map_destroy(struct bmap *map)
{
	switch (map->impl) {
	case IMPL_XARRAY:
		xa_destroy(&map->xa);
		rcu_barrier();
		break;
	case IMPL_LFHT:
#if HAVE_URCU_CDS
		if (cds_lfht_destroy(map->ht, NULL))
			fprintf(stderr, "bench_xarray: cds_lfht_destroy failed\n");
		rcu_barrier();
#endif
		break;
	case IMPL_RWHASH:
		rwhash_destroy(&map->rw);
		break;
	case NR_IMPLS:
		break;
	}
}

static void map_store_all(struct bmap *map, struct bobj **objs,
			  unsigned long n)
{
	unsigned long i;

	switch (map->impl) {
	case IMPL_XARRAY:
		for (i = 0; i < n; i++) {
			void *old = xa_store(&map->xa, objs[i]->key, objs[i],
					     GFP_KERNEL);

			if (xa_is_err(old)) {
				fprintf(stderr, "bench_xarray: xa_store: %s\n",
					strerror(-xa_err(old)));
				exit(1);
			}
		}
		break;
	case IMPL_LFHT:
#if HAVE_URCU_CDS
		for (i = 0; i < n; i++) {
			struct bobj *obj = objs[i];

			cds_lfht_node_init(&obj->node);
			rcu_read_lock();
			cds_lfht_add_replace(map->ht, hash_key(obj->key),
					     lfht_match, &obj->key, &obj->node);
			rcu_read_unlock();
		}
#endif
		break;
	case IMPL_RWHASH:
		for (i = 0; i < n; i++)
			rwhash_store(&map->rw, objs[i]);
		break;
	case NR_IMPLS:
		break;
	}
}

static void map_erase_all(struct bmap *map, const unsigned long *keys,
			  unsigned long n)
{
	unsigned long i;

	switch (map->impl) {
	case IMPL_XARRAY:
		for (i = 0; i < n; i++)
			xa_erase(&map->xa, keys[i]);
		break;
	case IMPL_LFHT:
#if HAVE_URCU_CDS
		for (i = 0; i < n; i++) {
			struct cds_lfht_iter iter;
			struct cds_lfht_node *node;

			rcu_read_lock();
			cds_lfht_lookup(map->ht, hash_key(keys[i]), lfht_match,
					&keys[i], &iter);
			node = cds_lfht_iter_get_node(&iter);
			if (node)
				cds_lfht_del(map->ht, node);
			rcu_read_unlock();
		}
#endif
		break;
	case IMPL_RWHASH:
		for (i = 0; i < n; i++)
			rwhash_erase(&map->rw, keys[i]);
		break;
	case NR_IMPLS:
		break;
	}
}

/* The lookup loops: find each key of keys[from, to), read its value. */
static uint64_t xa_lookups(struct xarray *xa, const unsigned long *keys,
			   unsigned long from, unsigned long to)
{
	uint64_t sum = 0;

	for (unsigned long i = from; i < to; i++) {
		struct bobj *obj = xa_load(xa, keys[i]);

		sum += obj->val;
	}
	return sum;
}

#if HAVE_URCU_CDS
static uint64_t lfht_lookups(struct cds_lfht *ht, const unsigned long *keys,
			     unsigned long from, unsigned long to)
{
	uint64_t sum = 0;

	for (unsigned long i = from; i < to; i++) {
		struct cds_lfht_iter iter;
		struct cds_lfht_node *node;

		rcu_read_lock();
		cds_lfht_lookup(ht, hash_key(keys[i]), lfht_match, &keys[i],
				&iter);
		node = cds_lfht_iter_get_node(&iter);
		sum += caa_container_of(node, struct bobj, node)->val;
		rcu_read_unlock();
	}
	return sum;
}
#endif

static uint64_t rwhash_lookups(struct rwhash *h, const unsigned long *keys,
			       unsigned long from, unsigned long to)
{
	uint64_t sum = 0;

	for (unsigned long i = from; i < to; i++) {
		pthread_rwlock_rdlock(&h->lock);
		sum += h->slots[rwhash_probe(h, keys[i])].obj->val;
		pthread_rwlock_unlock(&h->lock);
	}
	return sum;
}

static uint64_t map_lookups(struct bmap *map, const unsigned long *keys,
			    unsigned long from, unsigned long to)
{
	switch (map->impl) {
	case IMPL_XARRAY:
		return xa_lookups(&map->xa, keys, from, to);
#if HAVE_URCU_CDS
	case IMPL_LFHT:
		return lfht_lookups(map->ht, keys, from, to);
#endif
	case IMPL_RWHASH:
		return rwhash_lookups(&map->rw, keys, from, to);
	default:
		return 0;
	}
}

/* Untimed: every key must map to its own object. */
static void map_validate(struct bmap *map, struct bobj *objs,
			 unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		struct bobj *found = NULL;

		switch (map->impl) {
		case IMPL_XARRAY:
			found = xa_load(&map->xa, objs[i].key);
			break;
		case IMPL_LFHT:
#if HAVE_URCU_CDS
		{
			struct cds_lfht_iter iter;
			struct cds_lfht_node *node;

			rcu_read_lock();
			cds_lfht_lookup(map->ht, hash_key(objs[i].key),
					lfht_match, &objs[i].key, &iter);
			node = cds_lfht_iter_get_node(&iter);
			rcu_read_unlock();
			if (node)
				found = caa_container_of(node, struct bobj,
							 node);
			break;
		}
#endif
		case IMPL_RWHASH:
			pthread_rwlock_rdlock(&map->rw.lock);
			found = map->rw.slots[rwhash_probe(&map->rw,
							   objs[i].key)].obj;
			pthread_rwlock_unlock(&map->rw.lock);
			break;
		case NR_IMPLS:
			break;
		}
		if (found != &objs[i]) {
			fprintf(stderr, "bench_xarray: %s: key %#lx maps to %p, not %p\n",
				impl_name[map->impl], objs[i].key,
				(void *)found, (void *)&objs[i]);
			exit(1);
		}
	}
}

/* ---- the measurements ----------------------------------------------- */

struct load_run {
	struct bmap *map;
	const unsigned long *keys;
	unsigned long n;
	unsigned long passes;
	unsigned int threads;
};

/* Each reader walks the whole shuffled array, from its own offset. */
static void load_body(void *arg, unsigned int idx)
{
	struct load_run *r = arg;
	unsigned long start = r->n / r->threads * idx;
	uint64_t sum = 0;

	for (unsigned long p = 0; p < r->passes; p++) {
		sum += map_lookups(r->map, r->keys, start, r->n);
		sum += map_lookups(r->map, r->keys, 0, start);
	}
	bench_sink += sum;
}

/*
 * Best-of-reps seconds for 1 and for 2 readers doing @passes passes each.
 * The two are interleaved so that both see the same background load; the
 * CPU share of the best runs says how much of it there was.
 */
static void time_loads(struct load_run *r, double best[2], double share[2])
{
	best[0] = best[1] = INFINITY;
	share[0] = share[1] = 0;
	for (unsigned int rep = 0; rep < opt.reps; rep++) {
		for (unsigned int threads = 1; threads <= 2; threads++) {
			double s, t;

			r->threads = threads;
			t = bench_run_threads(machine, threads, load_body, r, &s);
			if (t < best[threads - 1]) {
				best[threads - 1] = t;
				share[threads - 1] = s;
			}
		}
	}
}

/**
 * struct result - one map's figures on one key set.
 * @store_ns: ns per xa_store-like insert.
 * @load_ns: ns per lookup, one reader.
 * @load2_ns: ns per lookup, two readers (wall time / all lookups).
 * @load_seq_ns: ns per lookup, one reader, keys in ascending order (the
 *	pattern of readahead and of page-cache walks).
 * @erase_ns: ns per erase.
 * @bytes: memory the structure took with every key stored.
 * @share1: CPU share of the best one-reader run (1: undisturbed).
 * @share2: CPU share of the best two-reader run.
 */
struct result {
	double store_ns;
	double load_ns;
	double load2_ns;
	double load_seq_ns;
	double erase_ns;
	double bytes;
	double share1;
	double share2;
};

static int cmp_ulong(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a;
	unsigned long y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

static void measure(enum impl impl, struct bobj *objs, unsigned long n,
		    struct result *res)
{
	struct bobj **store_order = malloc(n * sizeof(*store_order));
	unsigned long *keys = malloc(n * sizeof(*keys));
	uint64_t rng = opt.seed * 31 + impl;
	double t, best[2], share[2];
	struct load_run run;
	struct bmap map;
	size_t heap0;

	if (!store_order || !keys)
		abort();
	/* One permutation to store in, another to look up and erase in. */
	for (unsigned long i = 0; i < n; i++)
		keys[i] = i;
	bench_shuffle(keys, n, &rng);
	for (unsigned long i = 0; i < n; i++)
		store_order[i] = &objs[keys[i]];
	bench_shuffle(keys, n, &rng);
	for (unsigned long i = 0; i < n; i++)
		keys[i] = objs[keys[i]].key;

	heap0 = bench_heap_bytes();
	map_init(&map, impl, n);
	t = bench_now();
	map_store_all(&map, store_order, n);
	res->store_ns = (bench_now() - t) * 1e9 / (double)n;
	res->bytes = (double)(bench_heap_bytes() - heap0);
	if (impl == IMPL_LFHT)
		res->bytes += (double)n * sizeof(struct cds_lfht_node);
	map_validate(&map, objs, n);

	/*
	 * Phase mode (--lookup-passes K): K untimed random-order lookup
	 * passes by this thread, nothing else. Run it under cachegrind
	 * with two values of K; the difference of the two runs' counts is
	 * the cost of (K2 - K1) * n lookups alone, setup cancelled.
	 */
	if (opt.lookup_passes) {
		for (unsigned long p = 0; p < opt.lookup_passes; p++)
			bench_sink += map_lookups(&map, keys, 0, n);
		map_erase_all(&map, keys, n);
		map_destroy(&map);
		free(store_order);
		free(keys);
		return;
	}

	/* Calibrate on one pass, which also warms the caches. */
	run = (struct load_run){ .map = &map, .keys = keys, .n = n,
				 .passes = 1, .threads = 1 };
	t = bench_run_threads(machine, 1, load_body, &run, NULL);
	run.passes = (unsigned long)ceil(opt.min_time / t);
	if (run.passes < 1)
		run.passes = 1;
	time_loads(&run, best, share);
	res->load_ns = best[0] * 1e9 / ((double)n * (double)run.passes);
	res->load2_ns = best[1] * 1e9 / (2.0 * (double)n * (double)run.passes);
	res->share1 = share[0];
	res->share2 = share[1];

	/* The same lookups again, one reader, in ascending key order. */
	qsort(keys, n, sizeof(*keys), cmp_ulong);
	run.threads = 1;
	best[0] = INFINITY;
	for (unsigned int rep = 0; rep < opt.reps; rep++) {
		t = bench_run_threads(machine, 1, load_body, &run, NULL);
		if (t < best[0])
			best[0] = t;
	}
	res->load_seq_ns = best[0] * 1e9 / ((double)n * (double)run.passes);

	t = bench_now();
	map_erase_all(&map, keys, n);
	res->erase_ns = (bench_now() - t) * 1e9 / (double)n;
	map_destroy(&map);
	free(store_order);
	free(keys);
}

static void report(const char *keyset, unsigned long n,
		   struct result res[NR_IMPLS], bool have[NR_IMPLS])
{
	static const struct {
		const char *op;
		size_t off;
		const char *unit;
	} fig[] = {
		{ "store", offsetof(struct result, store_ns), "ns_per_op" },
		{ "load", offsetof(struct result, load_ns), "ns_per_op" },
		{ "load_2r", offsetof(struct result, load2_ns), "ns_per_op" },
		{ "load_seq", offsetof(struct result, load_seq_ns), "ns_per_op" },
		{ "erase", offsetof(struct result, erase_ns), "ns_per_op" },
		{ "mem", offsetof(struct result, bytes), "bytes_per_key" },
	};
	char name[64];

	for (size_t f = 0; f < sizeof(fig) / sizeof(fig[0]); f++) {
		double ours = *(double *)((char *)&res[IMPL_XARRAY] + fig[f].off);
		const char *op = fig[f].op;
		const char *suffix = "";
		unsigned int readers = 0;
		double div = strcmp(op, "mem") ? 1.0 : (double)n;

		if (!strcmp(op, "load"))
			readers = 1;
		if (!strcmp(op, "load_2r")) {
			op = "load";
			suffix = "_2r";
			readers = 2;
		}
		if (!strcmp(op, "load_seq")) {
			op = "load";
			suffix = "_seq";
			readers = 1;
		}
		for (int i = 0; i < NR_IMPLS; i++) {
			double v = *(double *)((char *)&res[i] + fig[f].off);

			if (!have[i])
				continue;
			snprintf(name, sizeof(name), "%s_%s_%s%s", impl_name[i],
				 op, keyset, suffix);
			if (readers)
				bench_line(name, "n=%lu readers=%u %s=%.2f", n,
					   readers, fig[f].unit, v / div);
			else
				bench_line(name, "n=%lu %s=%.2f", n,
					   fig[f].unit, v / div);
		}
		for (int i = IMPL_LFHT; have[IMPL_XARRAY] && i < NR_IMPLS; i++) {
			double base = *(double *)((char *)&res[i] + fig[f].off);

			if (!have[i] || base <= 0)
				continue;
			snprintf(name, sizeof(name), "xa_%s_%s%s", op, keyset,
				 suffix);
			if (readers)
				bench_line(name, "vs=%s ratio=%.3f n=%lu readers=%u %s=%.2f base_%s=%.2f",
					   impl_name[i], ours / base, n, readers,
					   fig[f].unit, ours / div,
					   fig[f].unit, base / div);
			else
				bench_line(name, "vs=%s ratio=%.3f n=%lu %s=%.2f base_%s=%.2f",
					   impl_name[i], ours / base, n,
					   fig[f].unit, ours / div,
					   fig[f].unit, base / div);
		}
	}
	/* Throughput of 2 readers over 1: time per op 1r / time per op 2r. */
	for (int i = 0; i < NR_IMPLS; i++) {
		if (!have[i])
			continue;
		if (i == IMPL_XARRAY)
			snprintf(name, sizeof(name), "xa_load%s_scaling",
				 strcmp(keyset, "dense") ? "_sparse" : "");
		else
			snprintf(name, sizeof(name), "%s_load_%s_scaling",
				 impl_name[i], keyset);
		bench_line(name, "readers=2 speedup=%.3f n=%lu mops_1r=%.2f mops_2r=%.2f cpu_share_1r=%.2f cpu_share_2r=%.2f",
			   res[i].load_ns / res[i].load2_ns, n,
			   1e3 / res[i].load_ns, 1e3 / res[i].load2_ns,
			   res[i].share1, res[i].share2);
	}
}

static void run_keyset(const char *keyset, unsigned long n, bool sparse)
{
	struct result res[NR_IMPLS] = { 0 };
	bool have[NR_IMPLS] = { true, HAVE_URCU_CDS, true };
	struct bobj *objs = calloc(n, sizeof(*objs));
	uint64_t rng = opt.seed ^ 0x73706172736bUL;

	if (!objs)
		abort();
	for (unsigned long i = 0; i < n; i++) {
		objs[i].key = sparse ? (unsigned long)bench_rand(&rng) : i;
		objs[i].val = i;
	}
	for (int i = 0; i < NR_IMPLS; i++) {
		if (opt.only >= 0 && i != opt.only)
			have[i] = false;
		if (have[i])
			measure((enum impl)i, objs, n, &res[i]);
	}
	if (!opt.lookup_passes)
		report(keyset, n, res, have);
	free(objs);
}

static void usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s [--n N] [--sparse-n N] [--min-time S] [--reps N] [--seed N]\n"
		"       [--only xarray|cds_lfht|rwlock_hash] [--keyset dense|sparse]\n"
		"       [--lookup-passes K]  (phase mode: store, validate, K random-order\n"
		"        lookup passes, no timing, no output; for cachegrind diffs)\n",
		prog);
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "n", required_argument, NULL, 'n' },
		{ "sparse-n", required_argument, NULL, 'S' },
		{ "min-time", required_argument, NULL, 't' },
		{ "reps", required_argument, NULL, 'r' },
		{ "seed", required_argument, NULL, 's' },
		{ "only", required_argument, NULL, 'o' },
		{ "keyset", required_argument, NULL, 'k' },
		{ "lookup-passes", required_argument, NULL, 'L' },
		{ NULL, 0, NULL, 0 },
	};
	bool dense = true, sparse = true;
	char *end;
	int c;

	while ((c = getopt_long(argc, argv, "n:S:t:r:s:o:k:L:", longopts,
				NULL)) != -1) {
		end = NULL;
		switch (c) {
		case 'o':
			for (int i = 0; i < NR_IMPLS; i++)
				if (!strcmp(optarg, impl_name[i]))
					opt.only = i;
			if (opt.only < 0)
				usage(argv[0]);
			continue;
		case 'k':
			dense = !strcmp(optarg, "dense");
			sparse = !strcmp(optarg, "sparse");
			if (!dense && !sparse)
				usage(argv[0]);
			continue;
		case 'L':
			opt.lookup_passes = strtoul(optarg, &end, 0);
			break;
		case 'n':
			opt.n = strtoul(optarg, &end, 0);
			break;
		case 'S':
			opt.sparse_n = strtoul(optarg, &end, 0);
			break;
		case 't':
			opt.min_time = strtod(optarg, &end);
			break;
		case 'r':
			opt.reps = (unsigned int)strtoul(optarg, &end, 0);
			break;
		case 's':
			opt.seed = strtoull(optarg, &end, 0);
			break;
		default:
			usage(argv[0]);
		}
		if (end == optarg || *end)
			usage(argv[0]);
	}
	if (optind != argc || opt.n < 2 || !opt.reps || opt.min_time <= 0)
		usage(argv[0]);
	if (!opt.sparse_n)
		opt.sparse_n = opt.n < 65536 ? opt.n : 65536;

	machine = bench_machine_up(1024);
	if (dense)
		run_keyset("dense", opt.n, false);
	if (sparse)
		run_keyset("sparse", opt.sparse_n, true);
	bench_machine_down(machine);
	return 0;
}
