// SPDX-License-Identifier: GPL-2.0-only OR MIT
/* Printing a machine's state, in the style of /proc and debugfs. */
#include "sim/sim_internal.h"

static unsigned long sim_count_pages(struct sim_machine *m,
				     unsigned long *refd,
				     unsigned long *large)
{
	unsigned long free = 0;

	*refd = *large = 0;
	for (unsigned long i = 0; i < m->nr_pages;) {
		const struct folio *f = sim_pfn_desc(m, m->base_pfn + i);
		unsigned long nr = 1;

		if (folio_test_head(f)) {
			nr = min(folio_nr_pages(f), m->nr_pages - i);
			(*large)++;
		}
		if (folio_ref_count(f) > 0)
			*refd += nr;
		else
			free += nr;
		i += nr;
	}
	return free;
}

/**
 * sim_machine_show() - print @m's state to @out.
 * @m: the machine.
 * @out: where to print.
 *
 * Prints the machine's geometry and modes, page counts by state (a walk of
 * the whole memmap), the memblock reservations in the style of
 * /sys/kernel/debug/memblock/reserved, and the violation count.
 *
 * Context: Process context; O(pages).
 * Return: 0, or -EINVAL for a NULL argument.
 */
int sim_machine_show(struct sim_machine *m, FILE *out)
{
	unsigned long free, refd, large;
	struct sim_machine_info info;

	if (!m || !out)
		return -EINVAL;
	sim_machine_get_info(m, &info);
	free = sim_count_pages(m, &refd, &large);

	fprintf(out, "machine %s: pfns %#lx-%#lx (%lu pages, %lu MiB)\n",
		info.name, info.base_pfn, info.end_pfn - 1, info.nr_pages,
		info.nr_pages >> (20 - PAGE_SHIFT));
	fprintf(out, "  data mode      %s\n",
		info.data_mode == SIM_DATA_PAGES ? "pages" : "none");
	fprintf(out, "  violations     %s\n",
		info.violation_mode == SIM_VIOLATION_ABORT ? "abort" : "record");
	fprintf(out, "  seed           %llu\n", (unsigned long long)info.seed);
	fprintf(out, "  phase          %s\n", info.booted ? "running" : "boot");
	fprintf(out, "  memmap         %zu KiB (%zu bytes/page)\n",
		info.memmap_bytes >> 10, sizeof(struct page));
	fprintf(out, "  page data      %zu KiB\n", info.data_bytes >> 10);
	fprintf(out, "  attached       %u thread(s)\n", info.attached);
	fprintf(out, "pages:\n");
	fprintf(out, "  free           %lu\n", free);
	fprintf(out, "  referenced     %lu\n", refd);
	fprintf(out, "  reserved       %lu\n", info.nr_reserved);
	fprintf(out, "  large folios   %lu\n", large);
	fprintf(out, "memblock reserved (%lu regions):\n", sim_memblock_count(m));
	for (unsigned long i = 0; i < sim_memblock_count(m); i++) {
		struct sim_memblock_region r;

		if (sim_memblock_region(m, i, &r))
			break;
		fprintf(out, "  %3lu: %#014lx..%#014lx  pfns %#lx-%#lx  %8lu pages  %s\n",
			i, r.base_pfn << PAGE_SHIFT,
			((r.base_pfn + r.nr_pages) << PAGE_SHIFT) - 1,
			r.base_pfn, r.base_pfn + r.nr_pages - 1, r.nr_pages,
			r.name);
	}
	fprintf(out, "violations: %lu\n", sim_violation_count(m));
	return 0;
}
