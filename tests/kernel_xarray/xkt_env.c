// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The rest of the environment of the kernel's lib/test_xarray.c (see
 * shim/linux/xarray.h): a machine to attach to, the RCU read side, and the
 * record of checks that could not be built.
 */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <urcu/urcu-memb.h>
#include <libgcma/fault.h>
#include <libgcma/machine.h>
#include <libgcma/violation.h>

#include "linux/xarray.h"
#include "linux/module.h"

static unsigned int xkt_nr_unbuilt;

/*
 * Which call of xarray_checks() is running: the test is built with
 * -finstrument-functions, and each function entered straight from the
 * module's init function is announced by its offset from it, which
 * run_test_xarray.py turns back into a name (nm), so that a failed
 * assertion in a shared helper is charged to the right call.
 */
static void *xkt_init_fn;
static int xkt_depth, xkt_init_depth = -1;

#define XKT_NO_TRACE	__attribute__((__no_instrument_function__))

void __cyg_profile_func_enter(void *fn, void *site) XKT_NO_TRACE;
void __cyg_profile_func_exit(void *fn, void *site) XKT_NO_TRACE;

void __cyg_profile_func_enter(void *fn, void *site)
{
	(void)site;
	if (fn == xkt_init_fn)
		xkt_init_depth = xkt_depth;
	else if (xkt_init_depth >= 0 && xkt_depth == xkt_init_depth + 1)
		printf("# call +%ld\n", (long)((char *)fn - (char *)xkt_init_fn));
	xkt_depth++;
}

void __cyg_profile_func_exit(void *fn, void *site)
{
	(void)site;
	xkt_depth--;
	if (fn == xkt_init_fn)
		xkt_init_depth = -1;
}

void xkt_rcu_read_lock(void)
{
	urcu_memb_read_lock();
}

void xkt_rcu_read_unlock(void)
{
	urcu_memb_read_unlock();
}

void xkt_schedule(void)
{
	sched_yield();
}

void xkt_unbuilt(const char *func)
{
	xkt_nr_unbuilt++;
	printf("# not built: %s\n", func);
}

/*
 * As the kernel's userspace harness (tools/testing/radix-tree) does, and
 * as check_xa_err() expects outside a kernel build: an xa_node allocation
 * that may not sleep fails, so every store takes the __xas_nomem() path.
 */
static bool xkt_alloc_should_fail(void *ctx, enum sim_fault_class cls,
				  size_t size, gfp_t gfp)
{
	(void)ctx;
	(void)size;
	return cls == SIM_FAULT_XA_NODE && !gfpflags_allow_blocking(gfp);
}

static const struct sim_env_ops xkt_ops = {
	.alloc_should_fail = xkt_alloc_should_fail,
};

/*
 * Run @init as the kernel would load the module, on a thread attached to
 * a small machine that records violations (a kernel WARN) instead of
 * aborting, and print what was recorded.
 */
XKT_NO_TRACE int xkt_run(int (*init)(void))
{
	struct sim_machine_config cfg = {
		.name = "test_xarray",
		.nr_pages = 1024,
		.violation_mode = SIM_VIOLATION_RECORD,
		.seed = 1,
		.ops = &xkt_ops,
	};
	struct sim_machine *m;
	unsigned long violations;
	int ret;

	if (sim_machine_create(&cfg, &m) || sim_thread_attach(m)) {
		fprintf(stderr, "test_xarray: no machine\n");
		return 2;
	}
	xkt_init_fn = (void *)init;
	printf("# init +0\n");
	ret = init();
	violations = sim_violation_count(m);
	printf("# violations: %lu, unbuilt calls made: %u\n", violations,
	       xkt_nr_unbuilt);
	for (unsigned long i = 0; i < violations; i++) {
		struct sim_violation v;

		if (!sim_violation_get(m, i, &v))
			printf("# violation %lu: %s at %s:%d %s(): %s\n", i,
			       v.kind, v.file, v.line, v.func, v.msg);
	}
	sim_thread_detach();
	sim_machine_destroy(m);
	return ret ? 1 : 0;
}
