/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * WARN*, BUG_ON and VM_BUG_ON* (kernel shim), as strict as the kernel's
 * <asm-generic/bug.h> and <linux/mmdebug.h>:
 *
 * - WARN_ON(), WARN_ON_ONCE() and WARN() are int expressions: the
 *   condition, so "if (WARN_ON_ONCE(bad)) return -EINVAL;" works.
 * - BUG_ON(), VM_BUG_ON(), VM_BUG_ON_PAGE() and VM_BUG_ON_FOLIO() are
 *   statements (do { } while (0)): they have no value, as in a kernel,
 *   where they crash or, without CONFIG_DEBUG_VM, compile to nothing.
 *   Code that must recover from the condition tests it with WARN_ON*().
 * - VM_WARN_ON(), VM_WARN_ON_ONCE() and VM_WARN_ON_FOLIO() are void: a
 *   kernel built without CONFIG_DEBUG_VM gives them no value.
 *
 * None of them crashes by default: each failed condition becomes a
 * violation in the log of the attached machine (see <libgcma/violation.h>),
 * and the machine's violation mode decides whether to abort. After a
 * BUG_ON() that is recorded, execution goes on with the next statement.
 */
#ifndef _KSHIM_BUG_H
#define _KSHIM_BUG_H

#include <libgcma/violation.h>
#include <libgcma/folio.h>
#include "kernel/compiler.h"

/* Record a violation of @kind when @cond holds; the value is !!@cond. */
#define __SIM_CHECK(kind, cond, ...) ({					\
	int __ret_warn_on = !!(cond);					\
	if (unlikely(__ret_warn_on))					\
		sim_report_violation(kind, __FILE__, __LINE__, __func__,	\
				     __VA_ARGS__);				\
	__ret_warn_on;							\
})

#define __SIM_BUG_STMT(kind, cond, ...)					\
	do {								\
		if (unlikely(cond))					\
			sim_report_violation(kind, __FILE__, __LINE__,	\
					     __func__, __VA_ARGS__);	\
	} while (0)

#define WARN_ON(cond)		__SIM_CHECK("WARN_ON", cond, "%s", #cond)
#define WARN(cond, ...)		__SIM_CHECK("WARN", cond, __VA_ARGS__)

/*
 * The _ONCE variants record every occurrence: a kernel prints once per boot,
 * but each test must see the violations its own machine caused.
 */
#define WARN_ON_ONCE(cond)	__SIM_CHECK("WARN_ON_ONCE", cond, "%s", #cond)

#define BUG_ON(cond)		__SIM_BUG_STMT("BUG_ON", cond, "%s", #cond)
#define VM_BUG_ON(cond)		__SIM_BUG_STMT("VM_BUG_ON", cond, "%s", #cond)
#define VM_BUG_ON_PAGE(cond, page)					\
	__SIM_BUG_STMT("VM_BUG_ON_PAGE", cond, "%s (page %p ref %d)",	\
		       #cond, (const void *)(page), page_ref_count(page))
#define VM_BUG_ON_FOLIO(cond, folio)					\
	__SIM_BUG_STMT("VM_BUG_ON_FOLIO", cond,				\
		       "%s (folio %p flags %#lx ref %d)", #cond,	\
		       (const void *)(folio), READ_ONCE((folio)->flags),	\
		       folio_ref_count(folio))

#define VM_WARN_ON(cond)						\
	((void)__SIM_CHECK("VM_WARN_ON", cond, "%s", #cond))
#define VM_WARN_ON_ONCE(cond)	((void)WARN_ON_ONCE(cond))
#define VM_WARN_ON_FOLIO(cond, folio)					\
	((void)__SIM_CHECK("VM_WARN_ON_FOLIO", cond,			\
			   "%s (folio %p flags %#lx ref %d)", #cond,	\
			   (const void *)(folio),			\
			   READ_ONCE((folio)->flags), folio_ref_count(folio)))

#define VM_WARN_ON_ONCE_FOLIO(cond, folio)				\
	((void)__SIM_CHECK("VM_WARN_ON_ONCE_FOLIO", cond,		\
			   "%s (folio %p flags %#lx ref %d)", #cond,	\
			   (const void *)(folio),			\
			   READ_ONCE((folio)->flags), folio_ref_count(folio)))

#endif /* _KSHIM_BUG_H */
