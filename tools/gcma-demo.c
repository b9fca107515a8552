// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * gcma-demo - build a machine, carve out a contiguous area at boot, use it
 * the way an allocator would, and print the machine's state.
 *
 * This is the main job until the gcma-sim simulator exists. It uses only
 * the installed public API, as a test harness would.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libgcma/libgcma.h>

#include "tool_number.h"
#include "tool_output.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: gcma-demo [--pages N] [--area N] [--seed S] [--data]\n"
		"\n"
		"Builds an 800 MiB machine (204800 pages), reserves a 256 MiB\n"
		"area (65536 pages, 4 MiB aligned) at boot, allocates one order-9\n"
		"folio and 32 single pages from it, indexes them in an xarray,\n"
		"frees them again and prints the machine's state.\n"
		"\n"
		"  --pages N   machine size in 4 KiB pages (default 204800)\n"
		"  --area N    area size in pages (default 65536)\n"
		"  --seed S    machine seed (default 1)\n"
		"  --data      give every pfn 4 KiB of real memory\n"
		"\n"
		"Exit status: 0 success, 1 a call failed, 2 bad usage, 3 the output\n"
		"could not be written.\n");
}

/* @opt's value @arg as an unsigned long; a message and -EINVAL if not. */
static int parse_ulong(const char *opt, const char *arg, unsigned long *out)
{
	if (tool_parse_ulong(arg, out)) {
		fprintf(stderr, "gcma-demo: %s: bad value '%s'\n", opt, arg);
		return -EINVAL;
	}
	return 0;
}

static int die(const char *what, int err)
{
	fprintf(stderr, "gcma-demo: %s: %s\n", what, strerror(-err));
	return 1;
}

/* Take [pfn, pfn + nr) out of the area as order-0 folios with refcount 1. */
static void take_pages(unsigned long pfn, unsigned long nr)
{
	for (unsigned long i = 0; i < nr; i++) {
		struct folio *f = pfn_folio(pfn + i);

		folio_ref_unfreeze(f, 1);
	}
}

static int demo_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "pages", required_argument, NULL, 'p' },
		{ "area", required_argument, NULL, 'a' },
		{ "seed", required_argument, NULL, 's' },
		{ "data", no_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct sim_machine_config cfg = {
		.name = "demo",
		.nr_pages = 204800,
		.data_mode = SIM_DATA_NONE,
		.seed = 1,
	};
	unsigned long area_pages = 65536, area, pfn, idx;
	uint64_t v;
	struct sim_machine *m;
	struct xarray xa;
	struct folio *big;
	void *entry;
	int c, ret;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (parse_ulong("--pages", optarg, &cfg.nr_pages))
				return 2;
			break;
		case 'a':
			if (parse_ulong("--area", optarg, &area_pages))
				return 2;
			break;
		case 's':
			if (tool_parse_u64(optarg, &v)) {
				fprintf(stderr, "gcma-demo: --seed: bad value '%s'\n",
					optarg);
				return 2;
			}
			cfg.seed = v;
			break;
		case 'd':
			cfg.data_mode = SIM_DATA_PAGES;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}

	ret = sim_machine_create(&cfg, &m);
	if (ret)
		return die("sim_machine_create", ret);
	ret = sim_thread_attach(m);
	if (ret)
		return die("sim_thread_attach", ret);
	ret = sim_memblock_alloc(m, area_pages, 1024, "demo-area", &area);
	if (ret)
		return die("sim_memblock_alloc", ret);
	ret = sim_machine_boot_done(m);
	if (ret)
		return die("sim_machine_boot_done", ret);

	/* Hand the area's pages to "an allocator": refcount 0, unreserved. */
	for (pfn = area; pfn < area + area_pages; pfn++) {
		struct folio *f = pfn_folio(pfn);

		folio_clear_reserved(f);
		folio_ref_freeze(f, 1);
	}

	/* One 2 MiB folio and 32 pages, indexed by pfn as a driver might. */
	xa_init(&xa);
	take_pages(area, 1);
	prep_compound_page(pfn_to_page(area), 9);
	big = pfn_folio(area);
	xa_store(&xa, area, big, GFP_KERNEL);
	take_pages(area + 512, 32);
	for (pfn = area + 512; pfn < area + 544; pfn++)
		xa_store(&xa, pfn, pfn_folio(pfn), GFP_KERNEL);

	printf("area: pfns %#lx-%#lx; allocated one order-%u folio (%lu pages) and 32 pages\n",
	       area, area + area_pages - 1, folio_order(big),
	       folio_nr_pages(big));
	printf("\n--- state while allocated ---\n");
	sim_machine_show(m, stdout);

	xa_for_each(&xa, idx, entry) {
		xa_erase(&xa, idx);
		folio_put(entry);
	}
	xa_destroy(&xa);
	printf("\n--- state after freeing ---\n");
	sim_machine_show(m, stdout);

	ret = sim_machine_destroy(m);
	if (ret)
		return die("sim_machine_destroy", ret);
	return 0;
}

/* Everything printed on stdout must arrive: exit 3 otherwise. */
int main(int argc, char **argv)
{
	return tool_main("gcma-demo", demo_main, argc, argv);
}
