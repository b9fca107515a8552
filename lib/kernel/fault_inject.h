/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/* Fault injection of page allocations (kernel shim). */
#ifndef _KSHIM_FAULT_INJECT_H
#define _KSHIM_FAULT_INJECT_H

#include <libgcma/gfp.h>

/*
 * should_fail_alloc_page - should this page allocation fail? Consults the
 * attached machine's SIM_FAULT_PAGE_ALLOC rules and counts the call, as
 * the kernel's fail_page_alloc does. Always false in a kernel port
 * without CONFIG_FAIL_PAGE_ALLOC.
 */
bool should_fail_alloc_page(gfp_t gfp_mask, unsigned int order);

#endif /* _KSHIM_FAULT_INJECT_H */
