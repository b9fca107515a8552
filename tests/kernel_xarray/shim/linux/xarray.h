/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The environment the kernel's lib/test_xarray.c expects, for a userspace
 * build against libgcma's public xarray header. Only spellings of the
 * kernel's environment live here (printk, IS_ENABLED, rcu_read_lock, ...);
 * every xarray call resolves to include/libgcma/xarray.h, so what cannot
 * build here is what libgcma lacks. run_test_xarray.py passes
 * -DXA_CHUNK_SHIFT=<the library's>, and -DXKT_MULTI=1 for a library with
 * multi-index entries (the kernel's CONFIG_XARRAY_MULTI).
 */
#ifndef _XKT_LINUX_XARRAY_H
#define _XKT_LINUX_XARRAY_H

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <libgcma/xarray.h>

#ifndef XA_CHUNK_SHIFT
#error "XA_CHUNK_SHIFT: pass the library's (run_test_xarray.py does)"
#endif
#ifndef XA_CHUNK_SIZE
#define XA_CHUNK_SIZE		(1UL << XA_CHUNK_SHIFT)
#define XA_CHUNK_MASK		(XA_CHUNK_SIZE - 1)
#endif

#ifndef BITS_PER_LONG
#define BITS_PER_LONG		((int)(sizeof(long) * CHAR_BIT))
#endif

/* IS_ENABLED(CONFIG_X) for the few options the test asks about. */
#define IS_ENABLED(option)	XKT_ENABLED_##option
#if XKT_MULTI
#define CONFIG_XARRAY_MULTI	1
#define XKT_ENABLED_CONFIG_XARRAY_MULTI	1
#else
#define XKT_ENABLED_CONFIG_XARRAY_MULTI	0
#endif

#ifndef noinline
#define noinline		__attribute__((__noinline__))
#endif

typedef uint32_t u32;
typedef uint64_t u64;

#define printk(...)		printf(__VA_ARGS__)
#define pr_info(...)		printf(__VA_ARGS__)
#define round_down(x, y)	((x) & ~((__typeof__(x))(y) - 1))
#define round_up(x, y)		((((x) - 1) | ((__typeof__(x))(y) - 1)) + 1)

/* XA_BUG_ON's report: the test prints which assertion failed. */
static inline void dump_stack(void)
{
}

/*
 * BUG_ON() in the test's own sanity checks: where the kernel would stop,
 * record a violation (counted in the "# violations" line) and go on.
 */
#define BUG_ON(cond) do {						\
	if (cond)							\
		sim_report_violation("BUG", __FILE__, __LINE__, __func__,	\
				     "BUG_ON(%s)", #cond);		\
} while (0)

/* The test defines xa_dump() only for a kernel build. */
static inline void xa_dump(const struct xarray *xa)
{
	(void)xa;
}

/* RCU read side: libgcma's readers are liburcu's memb flavour. */
void xkt_rcu_read_lock(void);
void xkt_rcu_read_unlock(void);
#define rcu_read_lock()		xkt_rcu_read_lock()
#define rcu_read_unlock()	xkt_rcu_read_unlock()

void xkt_schedule(void);
#define schedule()		xkt_schedule()
#define cond_resched()		xkt_schedule()

/* Called instead of a check whose body could not be built. */
void xkt_unbuilt(const char *func);

#endif /* _XKT_LINUX_XARRAY_H */
