// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Kernel defect switches: one bit per switch in the machine, read by the
 * mm core through the shim's sim_defect().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/port.h"
#include "platform/internal.h"

static const char *const sim_defect_names[SIM_DEFECT_NR] = {
	[SIM_DEFECT_GCMA_FREE_STRIDE] = "gcma_free_stride",
	[SIM_DEFECT_INFLIGHT_GET_FOLIO] = "inflight_get_folio",
	[SIM_DEFECT_FIND_AREA_END] = "find_area_end",
	[SIM_DEFECT_RELEASE_IGNORES_ERROR] = "release_ignores_error",
};

/**
 * sim_defect_set() - switch a v2 defect on or off for one machine.
 * @m: the machine.
 * @id: the defect.
 * @on: reproduce it (true) or not (false, the default).
 *
 * Takes effect for calls that start afterwards; switch it while no call
 * is in flight, or a call may see it half way.
 *
 * Context: Any context.
 * Return: 0, or -EINVAL for a NULL @m or an unknown @id.
 */
int sim_defect_set(struct sim_machine *m, enum sim_defect_id id, bool on)
{
	unsigned int bit;

	if (!m || (unsigned int)id >= SIM_DEFECT_NR)
		return -EINVAL;
	bit = 1u << id;
	if (on)
		__atomic_fetch_or(&m->defects, bit, __ATOMIC_RELAXED);
	else
		__atomic_fetch_and(&m->defects, ~bit, __ATOMIC_RELAXED);
	return 0;
}

/**
 * sim_defect_enabled() - whether a machine reproduces a v2 defect.
 * @m: the machine.
 * @id: the defect.
 *
 * Context: Any context.
 * Return: the setting; false for a NULL @m or an unknown @id.
 */
bool sim_defect_enabled(const struct sim_machine *m, enum sim_defect_id id)
{
	if (!m || (unsigned int)id >= SIM_DEFECT_NR)
		return false;
	return __atomic_load_n(&m->defects, __ATOMIC_RELAXED) & (1u << id);
}

/**
 * sim_defect_name() - printable name of a defect switch.
 * @id: the defect.
 *
 * Context: Any context.
 * Return: a static string such as "gcma_free_stride"; NULL for an
 * unknown @id.
 */
const char *sim_defect_name(enum sim_defect_id id)
{
	if ((unsigned int)id >= SIM_DEFECT_NR)
		return NULL;
	return sim_defect_names[id];
}

/**
 * sim_defect_from_name() - the defect a name stands for.
 * @name: as sim_defect_name() prints it.
 *
 * Context: Any context.
 * Return: the enum sim_defect_id value; -EINVAL for NULL or an unknown
 * name.
 */
int sim_defect_from_name(const char *name)
{
	if (!name)
		return -EINVAL;
	for (int i = 0; i < SIM_DEFECT_NR; i++)
		if (!strcmp(name, sim_defect_names[i]))
			return i;
	return -EINVAL;
}

/* Print "all" and every switch name, for a message on stderr. */
static void sim_defects_print_known(FILE *f)
{
	fprintf(f, "all");
	for (int i = 0; i < SIM_DEFECT_NR; i++)
		fprintf(f, ", %s", sim_defect_names[i]);
}

/**
 * sim_defects_from_env() - the switches a new machine starts with.
 * @bits: receives one bit per enum sim_defect_id (0 without the variable).
 *
 * LIBGCMA_DEFECTS lists switch names separated by commas, or "all", so
 * that a test or stress program can be run with a defect on without
 * being changed. Empty names are skipped.
 *
 * Context: sim_machine_create().
 * Return: 0; -EINVAL for an unknown name, after saying on stderr which
 * one and what the accepted names are.
 */
int sim_defects_from_env(unsigned int *bits)
{
	const char *e = getenv("LIBGCMA_DEFECTS");
	char name[64];

	*bits = 0;
	while (e && *e) {
		const char *start = e;
		size_t len = strcspn(e, ",");
		int id;

		snprintf(name, sizeof(name), "%.*s", (int)len, e);
		e += len + (e[len] == ',');
		if (!strcmp(name, "all")) {
			*bits |= (1u << SIM_DEFECT_NR) - 1;
			continue;
		}
		if (!*name)
			continue;
		id = sim_defect_from_name(name);
		if (id < 0 || len >= sizeof(name)) {
			fprintf(stderr, "libgcma: LIBGCMA_DEFECTS: unknown switch '%.*s'; accepted (comma-separated): ",
				(int)len, start);
			sim_defects_print_known(stderr);
			fprintf(stderr, "\n");
			return -EINVAL;
		}
		*bits |= 1u << id;
	}
	return 0;
}

/**
 * sim_defect() - is v2 defect @id switched on for the attached machine?
 * @id: the defect.
 *
 * The port macro's query (lib/kernel/port.h); a kernel port makes it
 * false.
 *
 * Context: Any context.
 * Return: true when it is on; false otherwise, and for an unattached
 * thread.
 */
bool sim_defect(enum sim_defect_id id)
{
	return sim_defect_enabled(sim_machine_of_thread(), id);
}
