/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * min()/max()/clamp() and friends (kernel shim), refusing at compile time
 * the type mixes the Linux 6.12 <linux/minmax.h> refuses.
 *
 * Each argument is given a "sign use": an unsigned value of int size or
 * more may only meet unsigned values; a signed value may only meet signed
 * ones, unless it is a non-negative constant (then it also goes with
 * unsigned); unsigned char and short promote to int and go with both.
 * min(int, unsigned long) or min(x, 4U) with a signed x does not build:
 * say what is meant with min_t()/max_t()/clamp_t() or umin()/umax().
 *
 * The kernel counts an argument as constant when the optimiser proves it
 * (__builtin_constant_p); this shim only counts integer constant
 * expressions, so it never accepts a mix the kernel refuses, at any -O.
 * Each argument is evaluated once.
 */
#ifndef _KSHIM_MINMAX_H
#define _KSHIM_MINMAX_H

#include "kernel/compiler.h"

#define is_signed_type(type)	(((type)(-1)) < (type)1)

/* Whether @x is an integer constant expression (itself an ICE). */
#define __is_constexpr(x)						\
	(sizeof(int) == sizeof(*(8 ? ((void *)((long)(x) * 0l)) : (int *)8)))

/*
 * @x is a constant and not negative, known while compiling (the sign bit
 * is tested by a shift: ">= 0" would warn for an unsigned @x).
 */
#define __is_nonneg(x)							\
	__builtin_choose_expr(__is_constexpr(x),			\
			      ((long)(x) >> (sizeof(long) * 8 - 1)) == 0, 0)

/* Bit 0: fine against unsigned values; bit 1: fine against signed ones. */
#define __sign_use(x, ux)						\
	(is_signed_type(__typeof__(ux)) ? 2 + __is_nonneg(x) :		\
					  1 + 2 * (sizeof(ux) < 4))

#define __types_ok(x, y, ux, uy)	(__sign_use(x, ux) & __sign_use(y, uy))
#define __types_ok3(x, y, z, ux, uy, uz)				\
	(__sign_use(x, ux) & __sign_use(y, uy) & __sign_use(z, uz))

#define ___PASTE(a, b)		a##b
#define __PASTE(a, b)		___PASTE(a, b)
#define __UNIQUE_ID(prefix)	__PASTE(__PASTE(__UNIQUE_ID_, prefix), __COUNTER__)

#define __cmp_op_min	<
#define __cmp_op_max	>

/*
 * Compare in the common type of both (what "?:" yields anyway): a mix
 * that passed the sign check is then compared without sign surprises.
 */
#define __cmp_as(type, op, x, y)					\
	((type)(x) __cmp_op_##op (type)(y) ? (type)(x) : (type)(y))
#define __cmp(op, x, y)	__cmp_as(__typeof__((x) + (y)), op, x, y)

#define __cmp_once_unique(op, type, x, y, ux, uy)			\
	({ type ux = (x); type uy = (y); __cmp(op, ux, uy); })
#define __cmp_once(op, type, x, y)					\
	__cmp_once_unique(op, type, x, y, __UNIQUE_ID(x_), __UNIQUE_ID(y_))

#define __careful_cmp_once(op, x, y, ux, uy) ({				\
	__auto_type ux = (x);						\
	__auto_type uy = (y);						\
	_Static_assert(__types_ok(x, y, ux, uy),			\
		       #op "(" #x ", " #y ") signedness error");	\
	__cmp(op, ux, uy);						\
})
#define __careful_cmp(op, x, y)						\
	__careful_cmp_once(op, x, y, __UNIQUE_ID(x_), __UNIQUE_ID(y_))

#define __careful_op3(op, x, y, z, ux, uy, uz) ({			\
	__auto_type ux = (x);						\
	__auto_type uy = (y);						\
	__auto_type uz = (z);						\
	_Static_assert(__types_ok3(x, y, z, ux, uy, uz),		\
		       #op "3(" #x ", " #y ", " #z ") signedness error");	\
	__cmp(op, ux, __cmp(op, uy, uz));				\
})

/*
 * Constant limits must be in order. Only constants are compared (each
 * other argument stands for 0 there), so no comparison of a constant
 * with a variable is written that -Wtype-limits would flag.
 */
#define __const_or_zero(x)	__builtin_choose_expr(__is_constexpr(x), (x), 0)
#define __clamp_order_ok(lo, hi)					\
	(!(__is_constexpr(lo) && __is_constexpr(hi)) ||			\
	 __const_or_zero(lo) <= __const_or_zero(hi))

#define __clamp_once(val, lo, hi, uval, ulo, uhi) ({			\
	__auto_type uval = (val);					\
	__auto_type ulo = (lo);						\
	__auto_type uhi = (hi);						\
	_Static_assert(__clamp_order_ok(lo, hi),			\
		       "clamp() low limit " #lo " greater than high limit " #hi); \
	_Static_assert(__types_ok3(val, lo, hi, uval, ulo, uhi),	\
		       "clamp(" #val ", " #lo ", " #hi ") signedness error"); \
	__cmp(max, __cmp(min, uval, uhi), ulo);				\
})
#define __careful_clamp(val, lo, hi)					\
	__clamp_once(val, lo, hi, __UNIQUE_ID(v_), __UNIQUE_ID(l_),	\
		     __UNIQUE_ID(h_))

/* min - the smaller of two values whose types may be compared safely. */
#define min(x, y)	__careful_cmp(min, x, y)
/* max - the larger of two values whose types may be compared safely. */
#define max(x, y)	__careful_cmp(max, x, y)
/* min3/max3 - the same over three values. */
#define min3(x, y, z)							\
	__careful_op3(min, x, y, z, __UNIQUE_ID(x_), __UNIQUE_ID(y_),	\
		      __UNIQUE_ID(z_))
#define max3(x, y, z)							\
	__careful_op3(max, x, y, z, __UNIQUE_ID(x_), __UNIQUE_ID(y_),	\
		      __UNIQUE_ID(z_))

/* umin/umax - of two non-negative values, each widened as unsigned. */
#define umin(x, y)							\
	__careful_cmp(min, (x) + 0u + 0ul + 0ull, (y) + 0u + 0ul + 0ull)
#define umax(x, y)							\
	__careful_cmp(max, (x) + 0u + 0ul + 0ull, (y) + 0u + 0ul + 0ull)

/* min_t/max_t - compared as @type, no sign check: the caller chose. */
#define min_t(type, x, y)	__cmp_once(min, type, x, y)
#define max_t(type, x, y)	__cmp_once(max, type, x, y)

/* clamp - @val limited to [@lo, @hi], with the same checks as min(). */
#define clamp(val, lo, hi)	__careful_clamp(val, lo, hi)
/* clamp_t - the same, every argument converted to @type first. */
#define clamp_t(type, val, lo, hi)					\
	__careful_clamp((type)(val), (type)(lo), (type)(hi))
#define clamp_val(val, lo, hi)	clamp_t(__typeof__(val), val, lo, hi)

#endif /* _KSHIM_MINMAX_H */
