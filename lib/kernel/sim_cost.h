/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Charging virtual time (kernel shim).
 *
 * The mm core calls sim_cost() where the kernel does work whose duration
 * the simulation models: "n pages copied", "one pageblock isolated". The
 * charge moves the attached machine's virtual clock and the calling
 * thread's account (include/libgcma/clock.h). Charging never sleeps, takes
 * no lock and processes no timed event, so it is safe in any context,
 * under any lock; timed events (pin expiries) run at cond_resched().
 *
 * In a kernel port both calls become empty macros:
 *
 *   #define sim_cost(ev, n)	do { } while (0)
 *   #define sim_cost_wait(ns)	do { } while (0)
 *
 * and the enum goes away with this header.
 */
#ifndef _KSHIM_SIM_COST_H
#define _KSHIM_SIM_COST_H

#include <libgcma/clock.h>

/*
 * sim_cost - charge @n occurrences of @ev to the attached machine's clock
 * and to the calling thread's account. From a thread attached to no
 * machine only the account is charged.
 */
void sim_cost(enum sim_cost_event ev, unsigned long n);

/*
 * sim_cost_wait - the calling thread waits @ns of virtual time (a sleep
 * before a retry, waiting for I/O): the clock moves and the account
 * records it as waiting.
 */
void sim_cost_wait(uint64_t ns);

#endif /* _KSHIM_SIM_COST_H */
