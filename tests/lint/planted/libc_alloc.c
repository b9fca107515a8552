// SPDX-License-Identifier: GPL-2.0-only OR MIT
/* Planted: malloc() and free() instead of kmalloc() and kfree(). */
#include "kernel/kernel.h"

void *planted_alloc(unsigned long n)
{
	void *p = malloc(n);

	free(p);
	return p;
}
