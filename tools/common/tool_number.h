/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Strict number parsing shared by the programs in tools/ (gcma-sim,
 * gcma-replay, gcma-demo): decimal, or 0x and hex digits, and nothing
 * else, so that " -1", "010" (octal to strtoul) or "12k" are errors
 * rather than other numbers.
 */
#ifndef _GCMA_TOOL_NUMBER_H
#define _GCMA_TOOL_NUMBER_H

#include <stdint.h>

int tool_parse_u64(const char *v, uint64_t *out);
int tool_parse_ulong(const char *v, unsigned long *out);

#endif /* _GCMA_TOOL_NUMBER_H */
