// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * gcma-sim's page-access trace options (trace_cli.h). A bad trace file
 * is a bad scenario: exit 2 with its FILE:LINE before any machine runs.
 * --record-trace records one configuration's pass with requests of the
 * apps background, so it takes exactly one configuration and one seed.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "cli.h"
#include "tool_output.h"
#include "trace_cli.h"
#include "trace_format.h"

/**
 * trace_cli_check() - refuse what cannot run, before anything runs.
 * @s: the effective scenario.
 * @record: --record-trace's file, or NULL.
 * @nr_seeds: seeds of the run.
 * @err: where the message goes.
 *
 * Context: Process context.
 * Return: SIM_EXIT_OK; SIM_EXIT_USAGE (a message on @err).
 */
int trace_cli_check(const struct scn_scenario *s, const char *record,
		    unsigned int nr_seeds, FILE *err)
{
	char msg[TRACE_ERR_LEN];
	unsigned int nr_cfg = 0;
	struct trace t;

	if (s->bg_kind == SCN_BG_TRACE) {
		if (trace_load(s->trace_path, &t, msg, sizeof(msg))) {
			fprintf(err, "gcma-sim: [workload] trace: %s\n", msg);
			return SIM_EXIT_USAGE;
		}
		trace_free(&t);
	}
	if (!record)
		return SIM_EXIT_OK;
	for (int c = 0; c < SCN_CFG_NR; c++)
		nr_cfg += s->configs[c];
	if (s->bg_kind != SCN_BG_APPS) {
		fprintf(err, "gcma-sim: --record-trace records the apps background ([workload] kind = apps)\n");
		return SIM_EXIT_USAGE;
	}
	if (nr_cfg != 1 || nr_seeds != 1) {
		fprintf(err, "gcma-sim: --record-trace takes one configuration and one seed; got %u and %u\n",
			nr_cfg, nr_seeds);
		return SIM_EXIT_USAGE;
	}
	if (!strcmp(record, s->trace_path)) {
		fprintf(err, "gcma-sim: --record-trace and [workload] trace name the same file\n");
		return SIM_EXIT_USAGE;
	}
	return SIM_EXIT_OK;
}

/**
 * trace_cli_open() - create --record-trace's file and start the trace.
 * @s: the scenario (named in the trace's comment with its seed).
 * @record: the file.
 * @w: the writer, filled.
 * @err: where a message goes.
 *
 * Context: Process context.
 * Return: SIM_EXIT_OK; SIM_EXIT_USAGE (it cannot be created).
 */
int trace_cli_open(const struct scn_scenario *s, const char *record,
		   struct trace_writer *w, FILE *err)
{
	char comment[160];
	const char *cfg = "?";
	FILE *f = fopen(record, "w");

	if (!f) {
		fprintf(err, "gcma-sim: --record-trace %s: %s\n", record,
			strerror(errno));
		return SIM_EXIT_USAGE;
	}
	for (int c = 0; c < SCN_CFG_NR; c++)
		if (s->configs[c])
			cfg = scn_config_name(c);
	snprintf(comment, sizeof(comment),
		 "gcma-sim apps model: scenario %s, seed %" PRIu64 ", %s, one step = %lu us",
		 s->name, s->seed, cfg, s->cpu_us ? s->cpu_us : 1);
	trace_writer_init(w, f, comment);
	return SIM_EXIT_OK;
}

/**
 * trace_cli_close() - finish and close --record-trace's file.
 * @w: the writer (its stream NULL: nothing to do).
 * @record: the file's name, for the message.
 * @err: where a message goes.
 *
 * Context: Process context.
 * Return: SIM_EXIT_OK; SIM_EXIT_OUTPUT (it could not be written).
 */
int trace_cli_close(struct trace_writer *w, const char *record, FILE *err)
{
	char what[300];

	if (!w->f)
		return SIM_EXIT_OK;
	trace_writer_flush(w);
	snprintf(what, sizeof(what), "--record-trace %s", record);
	return tool_fclose(w->f, err, "gcma-sim", what);
}
