/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Violations: what WARN_ON(), VM_BUG_ON() and the invariant checks report.
 *
 * The kernel would print a splat (WARN) or crash (BUG). libgcma records each
 * violation in the log of the machine the reporting thread is attached to
 * (or in a process-wide log when the thread is attached to none), so a test
 * can assert that an operation reported exactly the violations it should.
 * A machine created with SIM_VIOLATION_ABORT prints the report and aborts
 * instead, which is what a fuzzer or a debugger session wants.
 */
#ifndef _LIBGCMA_VIOLATION_H
#define _LIBGCMA_VIOLATION_H

#include <libgcma/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sim_machine;

/* How a machine reacts to a violation. */
enum sim_violation_mode {
	SIM_VIOLATION_DEFAULT = 0,	/* the build's -Dviolations= default */
	SIM_VIOLATION_RECORD,		/* log it and carry on */
	SIM_VIOLATION_ABORT,		/* print it and abort() */
};

#define SIM_VIOLATION_MSG_LEN	192

/**
 * struct sim_violation - one recorded violation.
 * @kind: "WARN_ON", "VM_BUG_ON", "BUG_ON", "CHECK", "API", ...
 * @file: source file of the failed check.
 * @line: source line of the failed check.
 * @func: function that performed the check.
 * @msg: the failed condition and any detail, NUL-terminated.
 */
struct sim_violation {
	const char *kind;
	const char *file;
	int line;
	const char *func;
	char msg[SIM_VIOLATION_MSG_LEN];
};

LIBGCMA_API void sim_report_violation(const char *kind, const char *file,
				      int line, const char *func,
				      const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
LIBGCMA_API unsigned long sim_violation_count(const struct sim_machine *m);
LIBGCMA_API int sim_violation_get(const struct sim_machine *m,
				  unsigned long i, struct sim_violation *out);
LIBGCMA_API void sim_violation_clear(struct sim_machine *m);

#ifdef __cplusplus
}
#endif

#endif /* _LIBGCMA_VIOLATION_H */
