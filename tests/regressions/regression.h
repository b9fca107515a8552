/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Regression tests made from shrunk traces (gcma-replay --emit-test,
 * docs/testing.md "Replay and shrink"): each test_NAME.c holds one trace
 * and calls regression_main().
 */
#ifndef _GCMA_REGRESSION_H
#define _GCMA_REGRESSION_H

int regression_main(const char *name, const char *trace, unsigned int defects);

#endif /* _GCMA_REGRESSION_H */
