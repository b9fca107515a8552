/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * atomic_t and atomic_long_t, and cmpxchg()/try_cmpxchg()/xchg() on plain
 * native words (kernel shim). As in the kernel, operations returning a
 * value are fully ordered and void ones are relaxed; _acquire/_release
 * name their ordering. The compiler builtins stay in this header and
 * bitops.h: lib/mm calls these, never a builtin.
 */
#ifndef _KSHIM_ATOMIC_H
#define _KSHIM_ATOMIC_H

#include "kernel/compiler.h"

#define ATOMIC_INIT(i)	{ (i) }

/*
 * cmpxchg - if *@ptr is @old, store @new; the value *@ptr had. Fully
 * ordered. @ptr points to a native word (an integer or a pointer).
 */
#define cmpxchg(ptr, old, new) ({					\
	__typeof__(*(ptr)) __old = (old);				\
	compiletime_assert_atomic_type(*(ptr));				\
	__atomic_compare_exchange_n((ptr), &__old, (new), false,	\
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);\
	__old;								\
})

/*
 * try_cmpxchg - if *@ptr is *@oldp, store @new and return true; else
 * return false with *@ptr's value in *@oldp (ready for the next try).
 * Fully ordered when it succeeds.
 */
#define try_cmpxchg(ptr, oldp, new) ({					\
	compiletime_assert_atomic_type(*(ptr));				\
	__atomic_compare_exchange_n((ptr), (oldp), (new), false,	\
				    __ATOMIC_SEQ_CST, __ATOMIC_RELAXED);\
})

/* xchg - store @v in *@ptr; the old value. Fully ordered. */
#define xchg(ptr, v) ({							\
	compiletime_assert_atomic_type(*(ptr));				\
	__atomic_exchange_n((ptr), (v), __ATOMIC_SEQ_CST);		\
})

#define __ATOMIC_OPS(pfx, atype, ctype)					\
static inline ctype pfx##_read(const atype *v)				\
{									\
	return __atomic_load_n(&v->counter, __ATOMIC_RELAXED);		\
}									\
static inline void pfx##_set(atype *v, ctype i)				\
{									\
	__atomic_store_n(&v->counter, i, __ATOMIC_RELAXED);		\
}									\
static inline ctype pfx##_read_acquire(const atype *v)			\
{									\
	return __atomic_load_n(&v->counter, __ATOMIC_ACQUIRE);		\
}									\
static inline void pfx##_set_release(atype *v, ctype i)		\
{									\
	__atomic_store_n(&v->counter, i, __ATOMIC_RELEASE);		\
}									\
static inline void pfx##_add(ctype i, atype *v)				\
{									\
	__atomic_fetch_add(&v->counter, i, __ATOMIC_RELAXED);		\
}									\
static inline void pfx##_sub(ctype i, atype *v)				\
{									\
	__atomic_fetch_sub(&v->counter, i, __ATOMIC_RELAXED);		\
}									\
static inline void pfx##_inc(atype *v)					\
{									\
	pfx##_add(1, v);						\
}									\
static inline void pfx##_dec(atype *v)					\
{									\
	pfx##_sub(1, v);						\
}									\
static inline ctype pfx##_add_return(ctype i, atype *v)		\
{									\
	return __atomic_add_fetch(&v->counter, i, __ATOMIC_SEQ_CST);	\
}									\
static inline ctype pfx##_sub_return(ctype i, atype *v)		\
{									\
	return __atomic_sub_fetch(&v->counter, i, __ATOMIC_SEQ_CST);	\
}									\
static inline ctype pfx##_inc_return(atype *v)				\
{									\
	return pfx##_add_return(1, v);					\
}									\
static inline ctype pfx##_dec_return(atype *v)				\
{									\
	return pfx##_sub_return(1, v);					\
}									\
static inline bool pfx##_dec_and_test(atype *v)				\
{									\
	return pfx##_sub_return(1, v) == 0;				\
}									\
static inline ctype pfx##_xchg(atype *v, ctype i)			\
{									\
	return __atomic_exchange_n(&v->counter, i, __ATOMIC_SEQ_CST);	\
}									\
static inline ctype pfx##_cmpxchg(atype *v, ctype old, ctype new_)	\
{									\
	__atomic_compare_exchange_n(&v->counter, &old, new_, false,	\
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);\
	return old;							\
}									\
static inline bool pfx##_try_cmpxchg(atype *v, ctype *old, ctype new_)	\
{									\
	return __atomic_compare_exchange_n(&v->counter, old, new_, false,\
					   __ATOMIC_SEQ_CST,		\
					   __ATOMIC_RELAXED);		\
}

__ATOMIC_OPS(atomic, atomic_t, int)
__ATOMIC_OPS(atomic_long, atomic_long_t, long)

#endif /* _KSHIM_ATOMIC_H */
