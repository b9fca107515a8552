// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * raw_smp_processor_id() for the kernel shim (kernel/smp.h): the CPU
 * sched_getcpu() reports, which glibc reads from the thread's rseq area
 * without a system call.
 */
#include <sched.h>

#include "kernel/smp.h"

int raw_smp_processor_id(void)
{
	int cpu = sched_getcpu();

	return cpu < 0 ? 0 : cpu;
}
