/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Whole records over a socket to or from a forked process (fd_io.c).
 */
#ifndef _GCMA_SIM_FD_IO_H
#define _GCMA_SIM_FD_IO_H

#include <stddef.h>

int fd_write_all(int fd, const void *buf, size_t len);
int fd_read_all(int fd, void *buf, size_t len);

#endif /* _GCMA_SIM_FD_IO_H */
