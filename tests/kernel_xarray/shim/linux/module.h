/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * module_init() for lib/test_xarray.c in userspace: the init function
 * becomes the program, run by xkt_env.c on a thread attached to a machine
 * (every libgcma xarray call needs one).
 */
#ifndef _XKT_LINUX_MODULE_H
#define _XKT_LINUX_MODULE_H

int xkt_run(int (*init)(void));

#define module_init(fn)		int main(void) { return xkt_run(fn); }
#define module_exit(fn)		\
	void (*xkt_module_exit)(void) __attribute__((__unused__)) = (fn)
#define MODULE_AUTHOR(s)	struct xkt_module_author
#define MODULE_DESCRIPTION(s)	struct xkt_module_description
#define MODULE_LICENSE(s)	struct xkt_module_license

#endif /* _XKT_LINUX_MODULE_H */
