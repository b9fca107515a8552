/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Running a core ->show() (kernel/seq_file.h) for the public API: its
 * text goes to a FILE *. Not part of the public API.
 */
#ifndef _SIM_SEQ_FILE_H
#define _SIM_SEQ_FILE_H

#include <stdio.h>

#include "kernel/seq_file.h"

int seq_show_file(FILE *out, int (*show)(struct seq_file *m, void *v),
		  void *v);

#endif /* _SIM_SEQ_FILE_H */
