// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * test_redzone_touch - write one byte past a kmalloc()'d object.
 *
 * Registered with should_fail, like test_poison_touch: under ASan (suite
 * unit of a sanitizer build) the write must abort, under Valgrind (suite
 * memcheck, --setup=valgrind) it must be an invalid-write error. Exit 0
 * means the tool missed it: the red zone is not marked no-access.
 */
#include <stdio.h>

#include "kernel/slab.h"

int main(void)
{
	volatile unsigned char *p = kmalloc(24, GFP_KERNEL);

	if (!p)
		return 0;	/* set-up failure must not look like a catch */
	p[24] = 0x5a;		/* must be reported */
	fprintf(stderr, "test_redzone_touch: a write past a kmalloc() object went unnoticed\n");
	kfree((void *)p);
	return 0;
}
