/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The port macros: everything the mm core asks the simulation for that a
 * kernel does not have (kernel shim).
 *
 * This header is the one place where lib/mm may name the simulation:
 * tests/lint/test_mm_portable.py refuses a sim_/SIM_ name anywhere else
 * in lib/mm, except as an argument of one of these calls. A kernel port
 * replaces this file with the few lines docs/porting.md gives ("The port
 * macros"); every call then becomes nothing, a constant or the address of
 * a global, and the enums below go away with it.
 *
 *   machine_local(ML_X)	the attached machine's instance of a subsystem's
 *				state; in a kernel, &x_state (a static)
 *   sim_cost(SIM_COST_X, n)	charge virtual time; in a kernel, nothing
 *   sim_cost_wait(ns)		wait virtual time; in a kernel, nothing
 *   sim_defect(SIM_DEFECT_X)	reproduce a v2 defect?; in a kernel, false
 *   sim_fault_class(c, SIM_FAULT_X)
 *				the fault-injection class of slab cache @c;
 *				in a kernel, nothing (failslab is global)
 *   should_fail_alloc_page(gfp, order)
 *				the kernel's own fail_page_alloc hook
 *   caller_attached(func)	may the calling thread use RCU and the
 *				machine?; in a kernel, true
 *   check_report(errs, fmt, ...), check_report_rest(errs)
 *				an invariant checker's finding; here a CHECK
 *				violation, in a kernel pr_err()
 */
#ifndef _KSHIM_PORT_H
#define _KSHIM_PORT_H

#include <stdbool.h>

#include <libgcma/clock.h>
#include <libgcma/defects.h>
#include <libgcma/fault.h>
#include <libgcma/gfp.h>
#include <libgcma/violation.h>
#include "kernel/compiler.h"

struct kmem_cache;

/* machine_local() ------------------------------------------------------ */

/*
 * What the kernel keeps in file-scope globals (cleancache's pools, LRU
 * and fs registry, GCMA's areas, CMA's areas, the page allocator, the
 * frontswap types) exists once per simulated machine here. A core file
 * gets the calling thread's instance with machine_local(); the machine
 * creates every instance with the subsystem's constructor and frees it
 * with its destructor.
 */
enum machine_local_id {
	ML_CLEANCACHE,
	ML_GCMA,
	ML_CMA,
	ML_PAGE_ALLOC,
	ML_FRONTSWAP,
	ML_TAG_STORAGE,
	ML_NR,
};

/*
 * machine_local - the attached machine's instance of state @id, or NULL
 * (reported as an API violation) from a thread attached to no machine.
 */
void *machine_local(enum machine_local_id id);

/*
 * Constructors and destructors, called by sim_machine_create() and
 * sim_machine_destroy(). A destructor runs when no thread is attached and
 * every RCU callback has run: it frees directly. In a kernel the state is
 * a static initialised at boot, and these go away.
 */
void *cleancache_state_create(void);
void cleancache_state_destroy(void *state);
void *gcma_state_create(void);
void gcma_state_destroy(void *state);
void *cma_state_create(void);
void cma_state_destroy(void *state);
void *page_alloc_state_create(void);
void page_alloc_state_destroy(void *state);
void *frontswap_state_create(void);
void frontswap_state_destroy(void *state);
void *tag_storage_state_create(void);
void tag_storage_state_destroy(void *state);

/*
 * Late initcall, run by sim_machine_boot_done() once the page allocator
 * is up, with the machine borrowed: cma_activate_areas() (lib/mm/cma.c).
 * In a kernel it is a core_initcall.
 */
int cma_activate_areas(void);

/* sim_cost() ----------------------------------------------------------- */

/*
 * sim_cost - charge @n occurrences of @ev to the attached machine's
 * virtual clock and to the calling thread's account
 * (include/libgcma/clock.h). From a thread attached to no machine only
 * the account is charged. Charging never sleeps, takes no lock and
 * processes no timed event, so it is safe in any context, under any lock.
 */
void sim_cost(enum sim_cost_event ev, unsigned long n);

/*
 * sim_cost_wait - the calling thread waits @ns of virtual time (a sleep
 * before a retry, waiting for I/O): the clock moves and the account
 * records it as waiting.
 */
void sim_cost_wait(uint64_t ns);

/* contig_blame_*() ---------------------------------------------------- */

struct folio;

/*
 * contig_blame_wait - sim_cost(@ev, @n) charged because @folio held a
 * contiguous allocation up (a migrate_pages() pass over a busy folio,
 * moving on after a failed attempt); the platform's hook files the time
 * under the cause @folio stands for. In a kernel: the charge goes, a
 * tracepoint with the folio stays.
 */
void contig_blame_wait(const struct folio *folio, enum sim_cost_event ev,
		       unsigned long n);

/*
 * contig_blame_failure - an alloc_contig_range() attempt failed with
 * @err on @folio (NULL: no migration target could be allocated). In a
 * kernel: Android's page_pinner_failure_detect(), or a tracepoint.
 */
void contig_blame_failure(const struct folio *folio, int err);

/*
 * contig_isolation_window - alloc_contig_range() found [@start, @end) not
 * all free and isolated, and holds no lock before it names the page that
 * was not: the platform's contig_window hook (tests only) may free or
 * take pages of the range there, as another CPU may at that moment. In a
 * kernel: nothing (page_contig.c is not ported).
 */
void contig_isolation_window(unsigned long start, unsigned long end);

/* sim_defect() --------------------------------------------------------- */

/*
 * sim_defect - whether the attached machine reproduces v2 defect @id
 * (include/libgcma/defects.h); false from a thread attached to no
 * machine. Each switch point in the core is a single branch.
 */
bool sim_defect(enum sim_defect_id id);

/* Fault injection ------------------------------------------------------ */

/*
 * sim_fault_class - allocations from @cache obey the attached machine's
 * rules for class @cls (include/libgcma/fault.h) instead of
 * SIM_FAULT_KMALLOC. Call it once, right after kmem_cache_create().
 */
void sim_fault_class(struct kmem_cache *cache, enum sim_fault_class cls);

/*
 * should_fail_alloc_page - should this page allocation fail? Consults the
 * attached machine's SIM_FAULT_PAGE_ALLOC rules and counts the call, as
 * the kernel's fail_page_alloc does. The kernel's own function (false
 * without CONFIG_FAIL_PAGE_ALLOC).
 */
bool should_fail_alloc_page(gfp_t gfp_mask, unsigned int order);

/* caller_attached() ---------------------------------------------------- */

/*
 * Every kernel context may enter an RCU read-side critical section. In
 * libgcma only a thread attached to a machine may: sim_thread_attach()
 * registers it with liburcu, and a grace period does not wait for an
 * unregistered reader, so its lookups could walk freed memory. Entry
 * points that read RCU-protected data or act on the machine start with
 *
 *	if (unlikely(!caller_attached(__func__)))
 *		return <the documented failure>;
 *
 * which costs one thread-local read when the thread is attached.
 */
struct sim_machine;

/* lib/platform/attach.c: the machine the calling thread is attached to. */
extern __thread struct sim_machine *sim_tls_machine
	__attribute__((tls_model("initial-exec")));

/* lib/platform/violation.c: record the API violation. */
void sim_report_unattached(const char *func);

/*
 * caller_attached - true when the calling thread is attached to a
 * machine; otherwise report an API violation for @func and return false.
 */
static inline bool caller_attached(const char *func)
{
	if (likely(sim_tls_machine))
		return true;
	sim_report_unattached(func);
	return false;
}

/* Checker reports ------------------------------------------------------ */

/* Problems one checker call reports one by one; the rest are counted. */
#define CHECK_MAX_REPORTS	32

/*
 * check_report - count a problem an invariant checker found in the
 * unsigned long *@errs and, for the first CHECK_MAX_REPORTS of a call,
 * report it: here a CHECK violation of the attached machine
 * (include/libgcma/violation.h), which the tests look for; in a kernel,
 * pr_err(fmt "\n", ...).
 */
#define check_report(errs, fmt, ...) do {				\
	if ((*(errs))++ < CHECK_MAX_REPORTS)				\
		sim_report_violation("CHECK", __FILE__, __LINE__,	\
				     __func__, fmt, ##__VA_ARGS__);	\
} while (0)

/*
 * check_report_rest - at the end of a checker call, report how many
 * problems check_report() counted in *@errs without reporting them.
 */
#define check_report_rest(errs) do {					\
	if (*(errs) > CHECK_MAX_REPORTS)				\
		check_report_more(*(errs) - CHECK_MAX_REPORTS);		\
} while (0)
#define check_report_more(nr)						\
	sim_report_violation("CHECK", __FILE__, __LINE__, __func__,	\
			     "%lu more problems", (unsigned long)(nr))

#endif /* _KSHIM_PORT_H */
