/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The kernel log of a machine, as dmesg shows it.
 *
 * The model prints through printk()/pr_err()/pr_info() (kernel shim); each
 * line lands in a ring of the latest SIM_LOG_BUF_LEN bytes of the machine,
 * prefixed with the virtual time: "[    0.000123] cma: ...". Older lines
 * are dropped whole when the ring is full. Lines may also be echoed to a
 * FILE as they are printed.
 */
#ifndef _LIBGCMA_LOG_H
#define _LIBGCMA_LOG_H

#include <stdio.h>
#include <sys/types.h>
#include <libgcma/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sim_machine;

/* Bytes of text (newlines included) the ring keeps. */
#define SIM_LOG_BUF_LEN		65536
/* Longest line kept, prefix and newline included; longer ones are cut. */
#define SIM_LOG_LINE_MAX	1024

LIBGCMA_API ssize_t sim_log_read(struct sim_machine *m, char *buf, size_t len);
LIBGCMA_API int sim_log_clear(struct sim_machine *m);
LIBGCMA_API unsigned long sim_log_count(const struct sim_machine *m);
LIBGCMA_API int sim_log_set_output(struct sim_machine *m, FILE *out);

#ifdef __cplusplus
}
#endif

#endif /* _LIBGCMA_LOG_H */
