// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Numbers on the command lines and in the input files of the programs in
 * tools/: one strict reading for all of them.
 */
#include <errno.h>
#include <limits.h>

#include "tool_number.h"

/**
 * tool_parse_u64() - parse an unsigned 64-bit number, strictly.
 * @v: decimal digits, or 0x and hex digits; nothing else (no sign, no
 *	blanks, no suffix; a leading 0 is not octal).
 * @out: the number.
 *
 * Context: Any context.
 * Return: 0; -EINVAL (not such a number, or above UINT64_MAX).
 */
int tool_parse_u64(const char *v, uint64_t *out)
{
	unsigned int base = 10;
	uint64_t x = 0;

	if (v[0] == '0' && (v[1] == 'x' || v[1] == 'X')) {
		base = 16;
		v += 2;
	}
	if (!*v)
		return -EINVAL;
	for (; *v; v++) {
		unsigned int d;

		if (*v >= '0' && *v <= '9')
			d = (unsigned int)(*v - '0');
		else if (base == 16 && *v >= 'a' && *v <= 'f')
			d = (unsigned int)(*v - 'a' + 10);
		else if (base == 16 && *v >= 'A' && *v <= 'F')
			d = (unsigned int)(*v - 'A' + 10);
		else
			return -EINVAL;
		if (x > (UINT64_MAX - d) / base)
			return -EINVAL;
		x = x * base + d;
	}
	*out = x;
	return 0;
}

/**
 * tool_parse_ulong() - tool_parse_u64() for an unsigned long.
 * @v: the number, as tool_parse_u64() reads it.
 * @out: the number.
 *
 * Context: Any context.
 * Return: 0; -EINVAL (not such a number, or above ULONG_MAX).
 */
int tool_parse_ulong(const char *v, unsigned long *out)
{
	uint64_t x;

	if (tool_parse_u64(v, &x) || x > ULONG_MAX)
		return -EINVAL;
	*out = (unsigned long)x;
	return 0;
}
