/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Memory-checker annotations in one place (kernel shim helper).
 *
 * mem_noaccess() makes a range a reported error to touch, under ASan
 * (poisoned shadow) and under Valgrind (NOACCESS); mem_undefined() and
 * mem_defined() open it again. Outside both tools they cost nothing.
 */
#ifndef _KSHIM_MEMCHECK_H
#define _KSHIM_MEMCHECK_H

#include <stddef.h>
#include <valgrind/memcheck.h>

#if defined(__SANITIZE_ADDRESS__)
#define SIM_HAVE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SIM_HAVE_ASAN 1
#endif
#endif

#ifdef SIM_HAVE_ASAN
#include <sanitizer/asan_interface.h>
#define __asan_noaccess(p, n)	ASAN_POISON_MEMORY_REGION(p, n)
#define __asan_access(p, n)	ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define __asan_noaccess(p, n)	((void)(p), (void)(n))
#define __asan_access(p, n)	((void)(p), (void)(n))
#endif

static inline void mem_noaccess(void *p, size_t n)
{
	__asan_noaccess(p, n);
	(void)VALGRIND_MAKE_MEM_NOACCESS(p, n);
}

static inline void mem_undefined(void *p, size_t n)
{
	__asan_access(p, n);
	(void)VALGRIND_MAKE_MEM_UNDEFINED(p, n);
}

static inline void mem_defined(void *p, size_t n)
{
	__asan_access(p, n);
	(void)VALGRIND_MAKE_MEM_DEFINED(p, n);
}

#endif /* _KSHIM_MEMCHECK_H */
