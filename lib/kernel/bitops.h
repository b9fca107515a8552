/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Bit operations on unsigned long words (kernel shim), the part of
 * <linux/bitops.h> and the asm-generic bitops the core uses:
 *
 * - set_bit(), clear_bit(): atomic, unordered (relaxed).
 * - test_and_set_bit(), test_and_clear_bit(), set_mask_bits(): atomic,
 *   fully ordered, as every kernel atomic that returns a value.
 * - test_and_set_bit_lock() / clear_bit_unlock(): acquire / release.
 * - __set_bit(), __clear_bit(): not atomic; the caller serialises.
 * - test_bit() is a single (READ_ONCE) load; test_bit_acquire() orders
 *   the accesses after it.
 * - __ffs(), __fls(), ffz(): bit indexes within one word.
 *
 * The compiler builtins live here and in atomic.h: lib/mm calls these
 * functions, never a builtin (tests/strict/test_no_builtins.sh).
 */
#ifndef _KSHIM_BITOPS_H
#define _KSHIM_BITOPS_H

#include "kernel/compiler.h"

#define BITS_PER_LONG		64
#define BIT(n)			(1UL << (n))
#define BIT_MASK(nr)		(1UL << ((nr) % BITS_PER_LONG))
#define BIT_WORD(nr)		((nr) / BITS_PER_LONG)

/* __ffs - index of the lowest set bit; @word must be non-zero. */
static inline unsigned long __ffs(unsigned long word)
{
	return (unsigned long)__builtin_ctzl(word);
}

/* __fls - index of the highest set bit; @word must be non-zero. */
static inline unsigned long __fls(unsigned long word)
{
	return BITS_PER_LONG - 1 - (unsigned long)__builtin_clzl(word);
}

/* ffz - index of the lowest clear bit; @word must not be ~0UL. */
static inline unsigned long ffz(unsigned long word)
{
	return __ffs(~word);
}

/* hweight_long - the number of set bits of @w. */
static inline unsigned int hweight_long(unsigned long w)
{
	return (unsigned int)__builtin_popcountl(w);
}

static inline void set_bit(unsigned long nr, unsigned long *addr)
{
	__atomic_fetch_or(&addr[BIT_WORD(nr)], BIT_MASK(nr), __ATOMIC_RELAXED);
}

static inline void clear_bit(unsigned long nr, unsigned long *addr)
{
	__atomic_fetch_and(&addr[BIT_WORD(nr)], ~BIT_MASK(nr),
			   __ATOMIC_RELAXED);
}

static inline bool test_and_set_bit(unsigned long nr, unsigned long *addr)
{
	return __atomic_fetch_or(&addr[BIT_WORD(nr)], BIT_MASK(nr),
				 __ATOMIC_SEQ_CST) & BIT_MASK(nr);
}

static inline bool test_and_clear_bit(unsigned long nr, unsigned long *addr)
{
	return __atomic_fetch_and(&addr[BIT_WORD(nr)], ~BIT_MASK(nr),
				  __ATOMIC_SEQ_CST) & BIT_MASK(nr);
}

static inline bool test_and_set_bit_lock(unsigned long nr,
					 unsigned long *addr)
{
	return __atomic_fetch_or(&addr[BIT_WORD(nr)], BIT_MASK(nr),
				 __ATOMIC_ACQUIRE) & BIT_MASK(nr);
}

static inline void clear_bit_unlock(unsigned long nr, unsigned long *addr)
{
	__atomic_fetch_and(&addr[BIT_WORD(nr)], ~BIT_MASK(nr),
			   __ATOMIC_RELEASE);
}

static inline void __set_bit(unsigned long nr, unsigned long *addr)
{
	addr[BIT_WORD(nr)] |= BIT_MASK(nr);
}

static inline void __clear_bit(unsigned long nr, unsigned long *addr)
{
	addr[BIT_WORD(nr)] &= ~BIT_MASK(nr);
}

static inline bool test_bit(unsigned long nr, const unsigned long *addr)
{
	return (READ_ONCE(addr[BIT_WORD(nr)]) >> (nr % BITS_PER_LONG)) & 1;
}

static inline bool test_bit_acquire(unsigned long nr,
				    const unsigned long *addr)
{
	return (smp_load_acquire(&addr[BIT_WORD(nr)]) >>
		(nr % BITS_PER_LONG)) & 1;
}

/*
 * set_mask_bits - atomically *@ptr = (*@ptr & ~@mask) | @bits, fully
 * ordered, as the kernel's; the old value. @ptr: unsigned long *.
 */
static inline unsigned long set_mask_bits(unsigned long *ptr,
					  unsigned long mask,
					  unsigned long bits)
{
	unsigned long old = READ_ONCE(*ptr);

	while (!__atomic_compare_exchange_n(ptr, &old, (old & ~mask) | bits,
					    false, __ATOMIC_SEQ_CST,
					    __ATOMIC_RELAXED))
		;
	return old;
}

#endif /* _KSHIM_BITOPS_H */
