// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The LIBGCMA_* environment variables, checked when a machine is made.
 *
 * A mistyped variable or value must not be ignored in silence: the run
 * would go on without the abort, echo or defect its user asked for. So
 * sim_machine_create() fails with -EINVAL, after a message on stderr that
 * names the variable and what it accepts, for a bad LIBGCMA_VIOLATIONS
 * value, an unknown LIBGCMA_DEFECTS switch, or a LIBGCMA_* variable the
 * library does not know.
 */
#include <stdlib.h>
#include <string.h>

#include "sim/sim_internal.h"

extern char **environ;

/* The variables we know, and what each accepts (for the message). */
static const struct {
	const char *name;
	const char *accepts;
} sim_env_known[] = {
	{ "LIBGCMA_VIOLATIONS", "print, abort" },
	{ "LIBGCMA_DEFECTS", "switch names" },
};

/* Is the "NAME=value" string @var one of the variables we know? */
static bool sim_env_is_known(const char *var)
{
	size_t len = strcspn(var, "=");

	for (size_t i = 0; i < ARRAY_SIZE(sim_env_known); i++)
		if (strlen(sim_env_known[i].name) == len &&
		    !strncmp(var, sim_env_known[i].name, len))
			return true;
	return false;
}

/* Report every LIBGCMA_* variable we do not know; return how many. */
static int sim_env_unknown(void)
{
	int bad = 0;

	for (char **v = environ; v && *v; v++) {
		if (strncmp(*v, "LIBGCMA_", 8) || sim_env_is_known(*v))
			continue;
		fprintf(stderr, "libgcma: unknown environment variable %.*s; known:",
			(int)strcspn(*v, "="), *v);
		for (size_t i = 0; i < ARRAY_SIZE(sim_env_known); i++)
			fprintf(stderr, "%s %s (%s)", i ? "," : "",
				sim_env_known[i].name,
				sim_env_known[i].accepts);
		fprintf(stderr, "\n");
		bad++;
	}
	return bad;
}

/**
 * sim_env_check() - check the LIBGCMA_* variables for a new machine.
 * @defects: receives the defect switches LIBGCMA_DEFECTS turns on.
 *
 * Every problem is reported on stderr, not only the first.
 *
 * Context: sim_machine_create().
 * Return: 0, or -EINVAL if any variable is wrong.
 */
int sim_env_check(unsigned int *defects)
{
	int ret = 0;

	if (sim_violation_env_parse(getenv("LIBGCMA_VIOLATIONS")) < 0)
		ret = -EINVAL;
	if (sim_defects_from_env(defects))
		ret = -EINVAL;
	if (sim_env_unknown())
		ret = -EINVAL;
	return ret;
}
