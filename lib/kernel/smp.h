/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The CPU a thread runs on (kernel shim, <linux/smp.h>).
 *
 * Userspace cannot disable preemption, so the answer may be stale as soon
 * as it is returned, exactly as raw_smp_processor_id() in preemptible
 * kernel code: use it to pick per-CPU state that has its own lock (as a
 * local_lock does on PREEMPT_RT), never as a guarantee of exclusivity.
 */
#ifndef _KSHIM_SMP_H
#define _KSHIM_SMP_H

/*
 * raw_smp_processor_id - the CPU the calling thread ran on a moment ago
 * (0 where the C library cannot tell).
 */
int raw_smp_processor_id(void);

#endif /* _KSHIM_SMP_H */
