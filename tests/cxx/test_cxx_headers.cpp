// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The public headers from C++, as a GoogleTest-style harness uses them:
 * every header is included (each alone first, in tests/cxx/meson.build's
 * generated units, and all together here), the macros a harness is
 * likely to use are expanded, and a few calls run against libgcma.so.
 * Built with -std=c++11 -pedantic-errors, the oldest standard a harness
 * may use. Exit 0 when every check holds.
 */
#include <libgcma/libgcma.h>
#include <libgcma/cleancache.h>
#include <libgcma/clock.h>
#include <libgcma/cma.h>
#include <libgcma/defects.h>
#include <libgcma/digest.h>
#include <libgcma/fault.h>
#include <libgcma/folio.h>
#include <libgcma/frontswap.h>
#include <libgcma/fs.h>
#include <libgcma/gcma.h>
#include <libgcma/gfp.h>
#include <libgcma/list.h>
#include <libgcma/log.h>
#include <libgcma/machine.h>
#include <libgcma/page_alloc.h>
#include <libgcma/pin.h>
#include <libgcma/sim_cma.h>
#include <libgcma/sim_fs.h>
#include <libgcma/sim_swap.h>
#include <libgcma/spinlock.h>
#include <libgcma/trace.h>
#include <libgcma/types.h>
#include <libgcma/violation.h>
#include <libgcma/xarray.h>

#include <cstdio>

static int failures;

#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			std::fprintf(stderr, "%s:%d: check failed: %s\n",\
				     __FILE__, __LINE__, #cond);	\
			failures++;					\
		}							\
	} while (0)

struct item {
	int value;
	struct list_head node;
};

static DEFINE_XARRAY(static_xa);
static DEFINE_XARRAY_ALLOC(alloc_xa);

static void xarray_calls(struct folio *folio)
{
	struct xarray xa;
	unsigned long index, seen = 0;
	uint32_t id = 0;
	void *entry;

	xa_init(&xa);
	CHECK(xa_empty(&xa));
	CHECK(xa_store(&xa, 7, folio, GFP_KERNEL) == NULL);
	CHECK(xa_store(&xa, 9, xa_mk_value(42), GFP_KERNEL) == NULL);
	CHECK(xa_load(&xa, 7) == folio);
	CHECK(xa_to_value(xa_load(&xa, 9)) == 42);
	xa_for_each(&xa, index, entry)
		seen += index;
	CHECK(seen == 16);
	CHECK(xa_erase(&xa, 7) == folio);
	xa_destroy(&xa);

	CHECK(xa_store(&static_xa, 1, folio, GFP_KERNEL) == NULL);
	CHECK(xa_load(&static_xa, 1) == folio);
	xa_destroy(&static_xa);
	CHECK(xa_alloc(&alloc_xa, &id, folio, XA_LIMIT(5, 10), GFP_KERNEL) == 0);
	CHECK(id == 5);
	CHECK(xa_alloc(&alloc_xa, &id, folio, xa_limit_32b, GFP_KERNEL) == 0);
	CHECK(id == 0);
	xa_destroy(&alloc_xa);
}

static void list_calls(void)
{
	LIST_HEAD(head);
	struct item a, b, *pos;
	int sum = 0;

	a.value = 1;
	b.value = 2;
	list_add_tail(&a.node, &head);
	list_add_tail(&b.node, &head);
	list_for_each_entry(pos, &head, node)
		sum += pos->value;
	CHECK(sum == 3);
	CHECK(container_of(&b.node, struct item, node) == &b);
}

int main()
{
	struct sim_machine_config cfg = sim_machine_config();
	struct sim_machine *m = NULL;
	struct folio *folio;

	cfg.name = "cxx";
	cfg.nr_pages = 1024;
	cfg.data_mode = SIM_DATA_NONE;
	cfg.violation_mode = SIM_VIOLATION_RECORD;
	CHECK(sim_machine_create(&cfg, &m) == 0);
	if (!m)
		return 1;
	CHECK(sim_thread_attach(m) == 0);
	CHECK(sim_machine_boot_done(m) == 0);

	folio = folio_alloc(GFP_KERNEL, 0);
	CHECK(folio != NULL);
	if (folio) {
		CHECK(folio_ref_count(folio) == 1);
		CHECK(pfn_folio(folio_pfn(folio)) == folio);
		folio->private_ = &cfg;		/* "private" in C */
		CHECK(folio->private_ == &cfg);
		folio->private_ = NULL;
		xarray_calls(folio);
		folio_put(folio);
	}
	list_calls();

	CHECK(sim_violation_count(m) == 0);
	CHECK(sim_thread_detach() == 0);
	CHECK(sim_machine_destroy(m) == 0);
	if (!failures)
		std::printf("C++: every public header and %s calls OK\n",
			    "a few");
	return failures ? 1 : 0;
}
