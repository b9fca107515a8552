// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The smallest out-of-tree harness: built by test_install.sh against an
 * installed libgcma with pkg-config only. Exits 0 when the installed
 * library behaves.
 */
#include <stdio.h>
#include <libgcma/libgcma.h>

#define CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "install harness: check failed: %s\n", #cond); \
		return 1; \
	} \
} while (0)

int main(void)
{
	struct sim_machine_config cfg = { .name = "harness", .nr_pages = 4096 };
	struct sim_machine *m;
	unsigned long pfn;
	struct xarray xa;

	CHECK(sim_machine_create(&cfg, &m) == 0);
	CHECK(sim_thread_attach(m) == 0);
	CHECK(sim_memblock_alloc(m, 512, 512, "carve-out", &pfn) == 0);
	CHECK(pfn % 512 == 0);
	CHECK(folio_test_reserved(pfn_folio(pfn)));
	CHECK(folio_ref_count(pfn_folio(pfn)) == 1);
	CHECK(folio_pfn(pfn_folio(pfn + 7)) == pfn + 7);

	xa_init(&xa);
	CHECK(!xa_is_err(xa_store(&xa, pfn, pfn_folio(pfn), GFP_KERNEL)));
	CHECK(xa_load(&xa, pfn) == pfn_folio(pfn));
	xa_destroy(&xa);

	CHECK(sim_violation_count(m) == 0);
	CHECK(sim_machine_destroy(m) == 0);
	printf("install harness: ok\n");
	return 0;
}
