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

#define READ_ONCE(x)	__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELAXED)
#define smp_load_acquire(p)	__atomic_load_n((p), __ATOMIC_ACQUIRE)
#define smp_store_release(p, v)	__atomic_store_n((p), (v), __ATOMIC_RELEASE)
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
