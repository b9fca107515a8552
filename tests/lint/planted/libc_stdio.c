// SPDX-License-Identifier: GPL-2.0-only OR MIT
/* Planted: a core file printing to a FILE (test_mm_portable must fail). */
#include "kernel/kernel.h"

int planted_show(void *out, unsigned long nr)
{
	return fprintf(out, "nr %lu\n", nr);
}
