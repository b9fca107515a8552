// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * A cache of zero-filled mappings for machines' memmaps and page data.
 *
 * A fuzzer builds a machine per input: a fresh anonymous mapping costs a
 * page fault (and the kernel's zeroing) for every page the input touches,
 * and its munmap() a TLB shootdown, which together took a quarter of the
 * time of a 256-page input. A machine's teardown therefore hands its
 * mappings back here, zero-filled again (the caller zeroes what it wrote),
 * and the next machine of the same size takes them: the pages stay
 * faulted in.
 *
 * The cache holds up to SIM_MAP_CACHE_SLOTS mappings of at most
 * SIM_MAP_CACHE_MAX bytes each, SIM_MAP_CACHE_TOTAL together (when full,
 * a new one replaces the oldest, round robin, as many as it takes);
 * bigger ones are unmapped as before. Enough for the fuzzer's batch of
 * machines retired together (tools/gcma-ops/retire.h). A mapping in the
 * cache is fully defined for Valgrind and unpoisoned for ASan, as a
 * fresh one is.
 */
#include <sys/mman.h>

#include "kernel/memcheck.h"
#include "platform/internal.h"

#define SIM_MAP_CACHE_SLOTS	32
#define SIM_MAP_CACHE_MAX	(16UL << 20)
/* What the cached mappings may add up to. */
#define SIM_MAP_CACHE_TOTAL	(128UL << 20)

/**
 * struct sim_map_slot - a cached mapping.
 * @addr: its address, or NULL for a free slot.
 * @bytes: its size.
 */
struct sim_map_slot {
	void *addr;
	size_t bytes;
};

static pthread_mutex_t sim_map_lock = PTHREAD_MUTEX_INITIALIZER;
static struct sim_map_slot sim_map_slots[SIM_MAP_CACHE_SLOTS];
/* The slot a full cache gives up next (round robin). */
static int sim_map_oldest;
/* Bytes of the cached mappings. */
static size_t sim_map_total;

/**
 * sim_map_cacheable() - would sim_map_put() keep a mapping of @bytes?
 * @bytes: its size.
 *
 * Only then is it worth zeroing before the put: a bigger mapping is
 * unmapped, and zeroing it would only fault its pages in.
 *
 * Context: Any context.
 * Return: true for a small enough mapping.
 */
bool sim_map_cacheable(size_t bytes)
{
	return bytes <= SIM_MAP_CACHE_MAX;
}

/**
 * sim_map_get() - a zero-filled, readable and writable mapping.
 * @bytes: its size.
 *
 * Context: Process context.
 * Return: the mapping (a cached one of exactly @bytes if there is one),
 * or NULL if mmap() fails.
 */
void *sim_map_get(size_t bytes)
{
	void *p = NULL;

	pthread_mutex_lock(&sim_map_lock);
	for (int i = 0; i < SIM_MAP_CACHE_SLOTS; i++) {
		if (sim_map_slots[i].addr && sim_map_slots[i].bytes == bytes) {
			p = sim_map_slots[i].addr;
			sim_map_slots[i].addr = NULL;
			sim_map_total -= bytes;
			break;
		}
	}
	pthread_mutex_unlock(&sim_map_lock);
	if (p)
		return p;
	p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

/**
 * sim_map_put() - give back a mapping from sim_map_get().
 * @p: the mapping; if sim_map_cacheable(@bytes), its contents must be
 *	all zero again, and it must be defined for Valgrind and unpoisoned
 *	for ASan.
 * @bytes: its size.
 *
 * Context: Process context.
 * Return: nothing.
 */
void sim_map_put(void *p, size_t bytes)
{
	struct sim_map_slot *slot = NULL, old[SIM_MAP_CACHE_SLOTS];
	int nr_old = 0;

	if (!sim_map_cacheable(bytes)) {
		munmap(p, bytes);
		return;
	}
	pthread_mutex_lock(&sim_map_lock);
	/* Give up the oldest until a slot is free and the total fits. */
	for (int n = 0; n < SIM_MAP_CACHE_SLOTS &&
	     sim_map_total + bytes > SIM_MAP_CACHE_TOTAL; n++) {
		struct sim_map_slot *victim = &sim_map_slots[sim_map_oldest];

		sim_map_oldest = (sim_map_oldest + 1) % SIM_MAP_CACHE_SLOTS;
		if (!victim->addr)
			continue;
		old[nr_old++] = *victim;
		sim_map_total -= victim->bytes;
		victim->addr = NULL;
	}
	for (int i = 0; !slot && i < SIM_MAP_CACHE_SLOTS; i++)
		if (!sim_map_slots[i].addr)
			slot = &sim_map_slots[i];
	if (!slot) {
		/* Every slot taken: the newest mapping replaces the oldest. */
		slot = &sim_map_slots[sim_map_oldest];
		sim_map_oldest = (sim_map_oldest + 1) % SIM_MAP_CACHE_SLOTS;
		old[nr_old++] = *slot;
		sim_map_total -= slot->bytes;
	}
	slot->addr = p;
	slot->bytes = bytes;
	sim_map_total += bytes;
	pthread_mutex_unlock(&sim_map_lock);
	while (nr_old--)
		munmap(old[nr_old].addr, old[nr_old].bytes);
}
