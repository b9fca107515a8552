/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Output checks shared by the programs in tools/ (gcma-sim, gcma-replay,
 * gcma-demo): a closed standard output is refused at the start, and every
 * output file (stdout included) is flushed and closed with its error
 * reported, so a full disk is never a silent exit 0.
 */
#ifndef _GCMA_TOOL_OUTPUT_H
#define _GCMA_TOOL_OUTPUT_H

#include <stdio.h>

/* Exit status of every tool when an output could not be written. */
#define TOOL_EXIT_OUTPUT	3

int tool_check_std_fds(const char *prog);
int tool_fclose_errno(FILE *f);
int tool_flush(FILE *f, FILE *err, const char *prog, const char *what);
int tool_fclose(FILE *f, FILE *err, const char *prog, const char *what);
int tool_main(const char *prog, int (*fn)(int argc, char **argv), int argc,
	      char **argv);

#endif /* _GCMA_TOOL_OUTPUT_H */
