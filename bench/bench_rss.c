// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * bench_rss - what a 16 GiB metadata-only machine costs in memory.
 *
 * Creates a machine of 4M pfns (16 GiB of simulated 4 KiB pages) without
 * page data, and reports the resident set size right after creation
 * (which initialises the whole memmap: every page's zone, node and
 * section, as the kernel's memmap_init() does), after
 * sim_machine_boot_done() (which writes only the head descriptor of
 * each free buddy block), and after every descriptor was written once (each folio's refcount stored
 * back through pfn_folio()/folio_set_count()), next to the size of the
 * memmap the machine reports. The kernel's budget is 64 bytes per page:
 * 256 MiB of descriptors for 16 GiB.
 *
 * Usage: bench_rss [--pages N]
 * Prints:
 *   BENCH machine_rss pages=.. rss_base_kib=.. rss_create_kib=..
 *         rss_boot_kib=.. rss_touched_kib=.. memmap_bytes=.. bytes_per_page=..
 *         touched_bytes_per_page=.. touch_ns_per_page=..
 * (rss_* are absolute RSS figures; touched_bytes_per_page is the RSS growth
 * from base to touched divided by the number of pages.)
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_common.h"

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "pages", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long pages = 4UL << 20;
	struct sim_machine_info info;
	struct sim_machine *m;
	long rss_base, rss_create, rss_boot, rss_touched;
	double t;
	char *end;
	int c;

	while ((c = getopt_long(argc, argv, "p:", longopts, NULL)) != -1) {
		if (c != 'p') {
			fprintf(stderr, "usage: %s [--pages N]\n", argv[0]);
			return 2;
		}
		pages = strtoul(optarg, &end, 0);
		if (end == optarg || *end || !pages) {
			fprintf(stderr, "usage: %s [--pages N]\n", argv[0]);
			return 2;
		}
	}

	rss_base = bench_rss_kib();
	m = bench_machine_up(pages);
	rss_create = bench_rss_kib();
	if (sim_machine_boot_done(m)) {
		fprintf(stderr, "bench_rss: sim_machine_boot_done failed\n");
		return 1;
	}
	rss_boot = bench_rss_kib();
	if (sim_machine_get_info(m, &info)) {
		fprintf(stderr, "bench_rss: sim_machine_get_info failed\n");
		return 1;
	}

	t = bench_now();
	for (unsigned long pfn = info.base_pfn; pfn < info.end_pfn; pfn++) {
		struct folio *folio = pfn_folio(pfn);

		if (!folio) {
			fprintf(stderr, "bench_rss: no folio for pfn %#lx\n", pfn);
			return 1;
		}
		folio_set_count(folio, folio_ref_count(folio));
	}
	t = bench_now() - t;
	rss_touched = bench_rss_kib();

	bench_line("machine_rss",
		   "pages=%lu rss_base_kib=%ld rss_create_kib=%ld rss_boot_kib=%ld rss_touched_kib=%ld memmap_bytes=%zu bytes_per_page=%.1f touched_bytes_per_page=%.1f touch_ns_per_page=%.2f",
		   pages, rss_base, rss_create, rss_boot, rss_touched, info.memmap_bytes,
		   (double)info.memmap_bytes / (double)pages,
		   (double)(rss_touched - rss_base) * 1024.0 / (double)pages,
		   t * 1e9 / (double)pages);
	bench_machine_down(m);
	return 0;
}
