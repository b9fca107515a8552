/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/* Compiler helpers with the kernel's names (kernel shim). */
#ifndef _KSHIM_COMPILER_H
#define _KSHIM_COMPILER_H

#include <libgcma/types.h>

#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#define __must_check	__attribute__((warn_unused_result))
#ifndef __always_inline
#define __always_inline	inline __attribute__((always_inline))
#endif
#define noinline	__attribute__((noinline))
#define __maybe_unused	__attribute__((unused))
#define __read_mostly

/*
 * __native_word - @t is as wide as a char, short, int or long: the sizes
 * a single load or store moves on every architecture Linux supports.
 */
#define __native_word(t)						\
	(sizeof(t) == sizeof(char) || sizeof(t) == sizeof(short) ||	\
	 sizeof(t) == sizeof(int) || sizeof(t) == sizeof(long))

/*
 * READ_ONCE()/WRITE_ONCE() take what the kernel's
 * compiletime_assert_rwonce_type() lets through: a native word or a long
 * long. smp_load_acquire()/smp_store_release() take a native word only
 * (compiletime_assert_atomic_type()). Anything else fails to compile.
 */
#define compiletime_assert_rwonce_type(t)				\
	_Static_assert(__native_word(t) || sizeof(t) == sizeof(long long),	\
		       "Unsupported access size for {READ,WRITE}_ONCE().")
#define compiletime_assert_atomic_type(t)				\
	_Static_assert(__native_word(t),				\
		       "Need native word sized stores/loads for atomicity.")

#define READ_ONCE(x) ({							\
	compiletime_assert_rwonce_type(x);				\
	__atomic_load_n(&(x), __ATOMIC_RELAXED);			\
})
#define WRITE_ONCE(x, v) do {						\
	compiletime_assert_rwonce_type(x);				\
	__atomic_store_n(&(x), (v), __ATOMIC_RELAXED);			\
} while (0)
#define smp_load_acquire(p) ({						\
	compiletime_assert_atomic_type(*(p));				\
	__atomic_load_n((p), __ATOMIC_ACQUIRE);				\
})
#define smp_store_release(p, v) do {					\
	compiletime_assert_atomic_type(*(p));				\
	__atomic_store_n((p), (v), __ATOMIC_RELEASE);			\
} while (0)
#define smp_mb()	__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define smp_wmb()	__atomic_thread_fence(__ATOMIC_RELEASE)
#define smp_rmb()	__atomic_thread_fence(__ATOMIC_ACQUIRE)

/*
 * SIM_HAVE_TSAN: built with -fsanitize=thread (gcc or clang). TSan does
 * not model atomic_thread_fence(); code that orders through a fence says
 * the same to TSan another way under this (see refcount.h, rcupdate.h).
 */
#if defined(__SANITIZE_THREAD__)
#define SIM_HAVE_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define SIM_HAVE_TSAN 1
#endif
#endif

#define BUILD_BUG_ON(cond)	_Static_assert(!(cond), #cond)

#endif /* _KSHIM_COMPILER_H */
