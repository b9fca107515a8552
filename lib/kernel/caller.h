/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * May the calling thread use RCU and the machine? (kernel shim)
 *
 * Every kernel context may enter an RCU read-side critical section. In
 * libgcma only a thread attached to a machine may: sim_thread_attach()
 * registers it with liburcu, and a grace period does not wait for an
 * unregistered reader, so its lookups could walk freed memory. Entry
 * points that read RCU-protected data or act on the machine start with
 *
 *	if (unlikely(!caller_attached(__func__)))
 *		return <the documented failure>;
 *
 * which costs one thread-local read when the thread is attached, and
 * otherwise records an API violation naming the call. A kernel port
 * defines caller_attached(func) as true.
 */
#ifndef _KSHIM_CALLER_H
#define _KSHIM_CALLER_H

#include <stdbool.h>

#include "kernel/compiler.h"

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

#endif /* _KSHIM_CALLER_H */
