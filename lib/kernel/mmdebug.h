/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * dump_page() (kernel shim): print what a page descriptor says, and why,
 * to the machine's log. The simulation adds who holds a pin on it.
 */
#ifndef _KSHIM_MMDEBUG_H
#define _KSHIM_MMDEBUG_H

#include <libgcma/folio.h>

/* Implemented by lib/platform/dump_page.c. */
void dump_page(const struct page *page, const char *reason);

#endif /* _KSHIM_MMDEBUG_H */
