/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The libgcma port macros in a kernel (libgcma: lib/kernel/port.h and
 * docs/porting.md, "The port macros"). Cost charging and fault classes
 * become nothing, the v2 defect switches false, the per-machine state a
 * file-scope pointer set by an initcall, checker reports pr_err().
 */
#ifndef _MM_PORT_H
#define _MM_PORT_H

#include <linux/fault-inject.h>
#include <linux/printk.h>
#include <linux/types.h>

enum machine_local_id {
	ML_CLEANCACHE,
	ML_GCMA,
	ML_NR,
};

/* Set once by mm/libgcma_init.c's initcalls, never changed after. */
extern void *mm_port_state[ML_NR];
#define machine_local(id)		(mm_port_state[id])

void *cleancache_state_create(void);
void cleancache_state_destroy(void *state);
void *gcma_state_create(void);
void gcma_state_destroy(void *state);

/*
 * Variadic, so that the arguments (simulation constants the kernel does
 * not have) vanish without naming them.
 */
#define sim_cost(...)			do { } while (0)
#define sim_cost_wait(...)		do { } while (0)
#define contig_blame_wait(...)		do { } while (0)
#define contig_blame_failure(...)	do { } while (0)
#define contig_isolation_window(...)	do { } while (0)
#define sim_defect(...)			false
#define sim_fault_class(...)		do { } while (0)
#define caller_attached(...)		true

#define CHECK_MAX_REPORTS	32
#define check_report(errs, fmt, ...) do {				\
	if ((*(errs))++ < CHECK_MAX_REPORTS)				\
		pr_err(fmt "\n", ##__VA_ARGS__);			\
} while (0)
#define check_report_rest(errs) do {					\
	if (*(errs) > CHECK_MAX_REPORTS)				\
		pr_err("%lu more problems\n",				\
		       *(errs) - CHECK_MAX_REPORTS);			\
} while (0)

#endif /* _MM_PORT_H */
