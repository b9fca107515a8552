// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * test_poison_touch - write to a simulated page that nobody may touch.
 *
 * Every page of a new data-mode machine is poisoned. This program writes
 * one byte into such a page. It is registered with should_fail: under
 * ASan (suite unit of a sanitizer build) the write must abort, and under
 * Valgrind (suite memcheck, run with --setup=valgrind) it must be an
 * invalid-write error that fails the run. Exit 0 means the write went
 * unnoticed: poisoning is broken.
 */
#include <stdio.h>
#include <libgcma/libgcma.h>

int main(void)
{
	struct sim_machine_config cfg = {
		.name = "poison-touch",
		.nr_pages = 16,
		.data_mode = SIM_DATA_PAGES,
		.violation_mode = SIM_VIOLATION_RECORD,
	};
	struct sim_machine *m;
	volatile unsigned char *p;

	if (sim_machine_create(&cfg, &m) || sim_thread_attach(m))
		return 0;	/* set-up failure must not look like a catch */
	if (!sim_page_poisoned(m, 3))
		return 0;
	p = folio_address(pfn_folio(3));
	p[100] = 0x5a;		/* must be reported */
	fprintf(stderr, "test_poison_touch: write to a poisoned page went unnoticed\n");
	sim_machine_destroy(m);
	return 0;
}
