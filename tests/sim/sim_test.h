/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Helpers of the gcma-sim tests: temporary scenario files and running
 * the command line in-process with its output captured.
 */
#ifndef _GCMA_SIM_TEST_H
#define _GCMA_SIM_TEST_H

#include <stddef.h>
#include <stdio.h>

/* What one run printed and returned. */
struct sim_out {
	int status;
	char *out, *err;
	size_t out_len, err_len;
};

/* A small, fast scenario (a 64 MiB machine); tests append keys to it. */
extern const char sim_small_scenario[];

char *sim_write_file(const char *text);
void sim_remove_file(char *path);
char *sim_read_file(const char *path, size_t *len);
void sim_run(struct sim_out *o, const char *const *args);
void sim_run_to(struct sim_out *o, FILE *out, const char *const *args);
void sim_run_small(struct sim_out *o, const char *extra,
		   const char *const *more);
void sim_out_free(struct sim_out *o);

struct sim_run;
struct scn_scenario;
struct cfg_result;

const struct cfg_result *sim_run_config(struct sim_run *run,
					struct scn_scenario *s, int cfg);
const char *sim_cause_row(const char *out, const char *config,
			  const char *cause);

#endif /* _GCMA_SIM_TEST_H */
