/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * String and memory functions (kernel shim): what <linux/string.h> and
 * <linux/sprintf.h> give the core (memcpy, memset, memcmp, strcmp,
 * strlen, snprintf, ...), taken from the C library, which has them with
 * the same meaning. The core includes no C library header itself; the
 * other names these headers bring in (FILE, fprintf, malloc...) are
 * refused in lib/mm by tests/lint/test_mm_portable.py.
 */
#ifndef _KSHIM_STRING_H
#define _KSHIM_STRING_H

#include <stdio.h>
#include <string.h>

#endif /* _KSHIM_STRING_H */
