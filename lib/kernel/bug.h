/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * WARN*, BUG_ON and VM_BUG_ON* (kernel shim).
 *
 * None of them crashes by default: each failed condition becomes a
 * violation in the log of the attached machine (see <libgcma/violation.h>),
 * and the machine's violation mode decides whether to abort. Like WARN_ON,
 * every macro evaluates to the condition, so "if (WARN_ON(x)) return" works
 * for all of them.
 */
#ifndef _KSHIM_BUG_H
#define _KSHIM_BUG_H

#include <libgcma/violation.h>
#include "kernel/compiler.h"

#define __SIM_CHECK(kind, cond, ...) ({					\
	bool __c = !!(cond);						\
	if (unlikely(__c))						\
		sim_report_violation(kind, __FILE__, __LINE__, __func__,	\
				     __VA_ARGS__);				\
	__c;								\
})

#define WARN_ON(cond)		__SIM_CHECK("WARN_ON", cond, "%s", #cond)
#define WARN(cond, ...)		__SIM_CHECK("WARN", cond, __VA_ARGS__)
#define BUG_ON(cond)		__SIM_CHECK("BUG_ON", cond, "%s", #cond)
#define VM_BUG_ON(cond)		__SIM_CHECK("VM_BUG_ON", cond, "%s", #cond)
#define VM_WARN_ON(cond)	__SIM_CHECK("VM_WARN_ON", cond, "%s", #cond)

/*
 * The _ONCE variants record every occurrence: a kernel prints once per boot,
 * but each test must see the violations its own machine caused.
 */
#define WARN_ON_ONCE(cond)	__SIM_CHECK("WARN_ON_ONCE", cond, "%s", #cond)
#define VM_WARN_ON_ONCE(cond)	WARN_ON_ONCE(cond)

#define VM_BUG_ON_FOLIO(cond, folio)					\
	__SIM_CHECK("VM_BUG_ON_FOLIO", cond, "%s (folio %p flags %#lx ref %d)",	\
		    #cond, (void *)(folio), (folio)->flags,		\
		    __atomic_load_n(&(folio)->_refcount.counter,	\
				    __ATOMIC_RELAXED))
#define VM_WARN_ON_FOLIO(cond, folio)	VM_BUG_ON_FOLIO(cond, folio)

#endif /* _KSHIM_BUG_H */
