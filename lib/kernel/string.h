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
#include <errno.h>
#include <string.h>

/**
 * strscpy() - copy a C string into a sized buffer
 * @dst: where to copy the string to
 * @src: the string to copy
 * @count: the size of @dst in bytes
 *
 * Unlike strcpy() it never writes past @count bytes, and unlike strncpy()
 * it always terminates @dst when @count is not 0.
 *
 * Context: Any context.
 * Return: the number of characters copied (without the terminating NUL),
 * or -E2BIG when @count is 0 or @src did not fit (@dst then holds as much
 * of it as fits).
 */
static inline long strscpy(char *dst, const char *src, size_t count)
{
	size_t len;

	if (count == 0)
		return -E2BIG;
	len = strnlen(src, count);
	if (len == count) {
		memcpy(dst, src, count - 1);
		dst[count - 1] = '\0';
		return -E2BIG;
	}
	memcpy(dst, src, len + 1);
	return (long)len;
}

#endif /* _KSHIM_STRING_H */
