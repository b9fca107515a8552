// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * A machine's memory: the memmap and the page data as anonymous
 * mappings, and the per-machine state table machine_local() reads.
 *
 * Untouched parts of a mapping cost no memory, so a 16 GiB machine (4M
 * pfns, 256 MiB of descriptors) can be created on a small host and only
 * what is used becomes resident. A zeroed descriptor is a free, unowned
 * page.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kernel/bitmap.h"
#include "kernel/memcheck.h"
#include "platform/internal.h"

_Static_assert(sizeof(struct page) == 64, "struct page must be 64 bytes");

/**
 * machine_local() - the attached machine's instance of a subsystem state.
 * @id: which subsystem.
 *
 * Context: Any context; the thread must be attached.
 * Return: the state, or NULL (reported) for an unattached thread.
 */
void *machine_local(enum machine_local_id id)
{
	struct sim_machine *m = sim_require_machine(__func__);

	return m ? m->local[id] : NULL;
}

/**
 * sim_machine_unmap() - give back a machine's memmap and page data.
 * @m: the machine; what sim_machine_map() mapped, all or part of it.
 *
 * Zeroes the pages the machine opened (the only ones it may have
 * written) and hands its mappings back to the cache
 * (lib/platform/map_cache.c).
 *
 * Context: Process context; no thread is attached to @m any more.
 * Return: nothing.
 */
void sim_machine_unmap(struct sim_machine *m)
{
	if (m->data) {
		mem_defined(m->data, m->data_bytes);
		for (unsigned long i = 0; sim_map_cacheable(m->data_bytes) &&
		     m->opened && i < m->nr_pages; i++) {
			i = find_next_bit(m->opened, m->nr_pages, i);
			if (i < m->nr_pages)
				memset(m->data + i * PAGE_SIZE, 0, PAGE_SIZE);
		}
		sim_map_put(m->data, m->data_bytes);
	}
	if (m->memmap) {
		if (m->memmap_fork.addr)
			sim_fork_copy_del(&m->memmap_fork);
		if (sim_map_cacheable(m->memmap_bytes))
			memset(m->memmap, 0, m->memmap_bytes);
		sim_map_put(m->memmap, m->memmap_bytes);
	}
	free(m->poisoned);
}

/* The host's memory in bytes, 0 if unknown; asked once (a system call). */
static unsigned long sim_host_bytes;
static pthread_once_t sim_host_once = PTHREAD_ONCE_INIT;

static void sim_host_bytes_init(void)
{
	long pages = sysconf(_SC_PHYS_PAGES);
	long page_size = sysconf(_SC_PAGESIZE);

	if (pages > 0 && page_size > 0)
		sim_host_bytes = (unsigned long)pages * (unsigned long)page_size;
}

/*
 * memmap_init(): every page gets its zone, node and section in the upper
 * bits of its flags, as the kernel's __init_single_page() does. The model
 * has one zone, ZONE_NORMAL, on node 0. This writes the whole memmap, so
 * all of it becomes resident (64 bytes per pfn).
 */
static void sim_memmap_init(struct sim_machine *m)
{
	for (unsigned long i = 0; i < m->nr_pages; i++)
		set_page_links(&m->memmap[i], ZONE_NORMAL, 0, m->base_pfn + i);
}

/*
 * Ask for transparent huge pages behind the memmap: it is written whole
 * at creation and read whole by every sim_pin_random_batch() scan, so 2
 * MiB pages take 512 times fewer faults at creation and fewer TLB misses
 * in a scan (docs/simulator.md "Memory"). Only the 2 MiB-aligned part of
 * the mapping can have them; the hint changes no content, and a host
 * without THP (or with it off) refuses it, which is harmless. Not for the
 * page data: data mode touches pages sparsely, and a huge page would make
 * 2 MiB resident for one page written.
 */
static void sim_memmap_advise_huge(struct sim_machine *m)
{
	uintptr_t start = ALIGN((uintptr_t)m->memmap, SIM_HUGE_BYTES);
	uintptr_t end = ((uintptr_t)m->memmap + m->memmap_bytes) &
			~(SIM_HUGE_BYTES - 1);

	if (end > start)
		madvise((void *)start, end - start, MADV_HUGEPAGE);
}

/*
 * May a data-mode machine have @nr_pages? At most SIM_DATA_MAX_PAGES, and
 * no more than the host's physical memory (when the host says).
 */
static bool sim_data_size_ok(unsigned long nr_pages)
{
	if (nr_pages > SIM_DATA_MAX_PAGES)
		return false;
	pthread_once(&sim_host_once, sim_host_bytes_init);
	return !sim_host_bytes || nr_pages <= sim_host_bytes / PAGE_SIZE;
}

/**
 * sim_machine_map() - map a new machine's memmap (initialised) and, in
 *	data mode, its page data and poison bitmaps.
 * @m: the machine being created.
 *
 * Context: Process context, during machine creation.
 * Return: 0; -EOVERFLOW or -ENOMEM. On failure what was mapped stays in
 * @m for the caller's sim_machine_unmap().
 */
int sim_machine_map(struct sim_machine *m)
{
	size_t longs;

	/* Every limit first: a refused machine maps and writes nothing. */
	if (m->nr_pages > SIZE_MAX / sizeof(struct page))
		return -EOVERFLOW;
	if (m->data_mode == SIM_DATA_PAGES && !sim_data_size_ok(m->nr_pages))
		return -ENOMEM;
	m->memmap_bytes = m->nr_pages * sizeof(struct page);
	m->memmap = sim_map_get(m->memmap_bytes);
	if (!m->memmap)
		return -ENOMEM;
	sim_memmap_advise_huge(m);
	sim_memmap_init(m);
	m->memmap_fork.addr = m->memmap;
	m->memmap_fork.bytes = m->memmap_bytes;
	sim_fork_copy_add(&m->memmap_fork);
	if (m->data_mode != SIM_DATA_PAGES)
		return 0;
	m->data_bytes = m->nr_pages * PAGE_SIZE;
	m->data = sim_map_get(m->data_bytes);
	/* One allocation for both bitmaps: poisoned, then opened. */
	longs = DIV_ROUND_UP(m->nr_pages, BITS_PER_LONG);
	m->poisoned = calloc(2 * longs, sizeof(unsigned long));
	if (!m->data || !m->poisoned)
		return -ENOMEM;
	m->opened = m->poisoned + longs;
	/* Nobody owns a page yet: every page starts poisoned. */
	sim_poison_range(m, m->base_pfn, m->nr_pages, true);
	return 0;
}
