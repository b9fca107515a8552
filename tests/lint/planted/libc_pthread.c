// SPDX-License-Identifier: GPL-2.0-only OR MIT
/* Planted: pthread_once() for a lazily made cache (xarray.c had it). */
#include <pthread.h>

static pthread_once_t planted_once = PTHREAD_ONCE_INIT;
static void planted_init(void);

void planted_get(void)
{
	pthread_once(&planted_once, planted_init);
}
