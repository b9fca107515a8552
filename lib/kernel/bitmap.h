/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Bitmaps (kernel shim): the part of <linux/bitmap.h> and
 * <linux/find.h> the CMA code uses, non-atomic, on unsigned long words.
 * The caller serialises access, as the kernel's callers do.
 */
#ifndef _KSHIM_BITMAP_H
#define _KSHIM_BITMAP_H

#include "kernel/kernel.h"
#include "kernel/bitops.h"

#define BITS_TO_LONGS(nr)	DIV_ROUND_UP(nr, BITS_PER_LONG)

/* The first bit at or after @start in [0, @size) equal to @want. */
static inline unsigned long __find_next_bit_eq(const unsigned long *map,
					       unsigned long size,
					       unsigned long start, bool want)
{
	while (start < size) {
		unsigned long word = map[start / BITS_PER_LONG];
		unsigned long bit = start % BITS_PER_LONG;

		if (!want)
			word = ~word;
		word >>= bit;
		if (word) {
			start += __ffs(word);
			return start < size ? start : size;
		}
		start += BITS_PER_LONG - bit;
	}
	return size;
}

/* find_next_bit - the first set bit at or after @start, or @size. */
static inline unsigned long find_next_bit(const unsigned long *map,
					  unsigned long size,
					  unsigned long start)
{
	return __find_next_bit_eq(map, size, start, true);
}

/* find_next_zero_bit - the first clear bit at or after @start, or @size. */
static inline unsigned long find_next_zero_bit(const unsigned long *map,
					       unsigned long size,
					       unsigned long start)
{
	return __find_next_bit_eq(map, size, start, false);
}

/*
 * Set (@set) or clear bits [@start, @start + @nr), a word at a time;
 * @relaxed: each word with one relaxed atomic operation, for a map other
 * threads update at the same time.
 */
static inline void __bitmap_update(unsigned long *map, unsigned long start,
				   unsigned long nr, bool set, bool relaxed)
{
	unsigned long end = start + nr;

	while (start < end) {
		unsigned long bit = start % BITS_PER_LONG;
		unsigned long n = min(BITS_PER_LONG - bit, end - start);
		unsigned long mask = n == BITS_PER_LONG ? ~0UL :
				     ((1UL << n) - 1) << bit;
		unsigned long *word = &map[start / BITS_PER_LONG];

		if (relaxed && set)
			__atomic_fetch_or(word, mask, __ATOMIC_RELAXED);
		else if (relaxed)
			__atomic_fetch_and(word, ~mask, __ATOMIC_RELAXED);
		else if (set)
			*word |= mask;
		else
			*word &= ~mask;
		start += n;
	}
}

/* Set (@set) or clear bits [@start, @start + @nr). */
static inline void __bitmap_assign(unsigned long *map, unsigned long start,
				   unsigned long nr, bool set)
{
	__bitmap_update(map, start, nr, set, false);
}

static inline void bitmap_set(unsigned long *map, unsigned long start,
			      unsigned long nr)
{
	__bitmap_assign(map, start, nr, true);
}

static inline void bitmap_clear(unsigned long *map, unsigned long start,
				unsigned long nr)
{
	__bitmap_assign(map, start, nr, false);
}

/* Set bits in [0, @size). */
static inline unsigned long bitmap_weight(const unsigned long *map,
					  unsigned long size)
{
	unsigned long w = 0, i;

	for (i = 0; i + BITS_PER_LONG <= size; i += BITS_PER_LONG)
		w += hweight_long(map[i / BITS_PER_LONG]);
	if (i < size)
		w += hweight_long(map[i / BITS_PER_LONG] &
					 ((1UL << (size - i)) - 1));
	return w;
}

/*
 * bitmap_find_next_zero_area_off - the first run of @nr clear bits at or
 * after @start whose index plus @align_offset is a multiple of
 * @align_mask + 1 (a power of two), within [0, @size); @size when there
 * is none (callers test "result >= size", as the kernel's do).
 */
static inline unsigned long
bitmap_find_next_zero_area_off(const unsigned long *map, unsigned long size,
			       unsigned long start, unsigned long nr,
			       unsigned long align_mask,
			       unsigned long align_offset)
{
	unsigned long index, busy;

	for (;;) {
		index = find_next_zero_bit(map, size, start);
		index = ((index + align_offset + align_mask) & ~align_mask) -
			align_offset;
		if (index >= size || nr > size - index)
			return size;
		busy = find_next_bit(map, index + nr, index);
		if (busy >= index + nr)
			return index;
		start = busy + 1;
	}
}

#endif /* _KSHIM_BITMAP_H */
