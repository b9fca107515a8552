/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Where the requests' time went and what they failed on, by cause
 * (include/libgcma/hurdle.h): accumulated per configuration by the
 * engine, printed as the table's causes section, a JSON member, CSV
 * cells (metrics.c) and the trace's cause.* items.
 */
#ifndef _GCMA_SIM_REPORT_CAUSES_H
#define _GCMA_SIM_REPORT_CAUSES_H

#include <stdint.h>
#include <stdio.h>

#include <libgcma/hurdle.h>

struct sim_run;

/**
 * struct cause_totals - the causes of one configuration's requests.
 * @ns: virtual time filed under each cause, over every request.
 * @fails: attempts that failed on each cause.
 * @requests: requests it cost time or an attempt.
 * @failed: failed requests with an attempt that failed on it.
 * @total_ns: every request's latency, summed.
 * @wait_ns: of which waits for a CPU (contention.c), no cause's.
 * @nr: requests.
 */
struct cause_totals {
	uint64_t ns[SIM_CAUSE_NR];
	uint64_t fails[SIM_CAUSE_NR];
	unsigned long requests[SIM_CAUSE_NR];
	unsigned long failed[SIM_CAUSE_NR];
	uint64_t total_ns;
	uint64_t wait_ns;
	unsigned long nr;
};

void causes_add(struct cause_totals *t, const struct sim_cause_account *a,
		uint64_t ns, uint64_t wait_ns, int ret);
void causes_trace(FILE *t, const struct sim_cause_account *a);
void causes_total(const struct sim_run *run, struct cause_totals *all);
void report_causes_table(const struct sim_run *run, FILE *out);
void report_causes_json(const struct cause_totals *t, const char *member,
			FILE *out);

#endif /* _GCMA_SIM_REPORT_CAUSES_H */
