// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * gcma-sim --plot with gnuplot installed: the run exits 0, prints nothing
 * on stderr and leaves a PNG. gnuplot is an optional tool (installed by
 * `tools/install-deps.sh --dev`): without it this test exits 77, which
 * meson reports as a skip, and test_sim_cli checks the message a user
 * gets instead.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim_test.h"

#define EXIT_SKIP	77

static int check_png(const char *png)
{
	unsigned char magic[4] = { 0 };
	FILE *f = fopen(png, "rb");
	size_t n;

	if (!f) {
		printf("no plot written to %s\n", png);
		return 1;
	}
	n = fread(magic, 1, sizeof(magic), f);
	fclose(f);
	if (n != sizeof(magic) || memcmp(magic, "\x89PNG", 4)) {
		printf("%s is not a PNG\n", png);
		return 1;
	}
	return 0;
}

int main(void)
{
	char png[] = "/tmp/gcma-sim-plot-XXXXXX.png";
	const char *args[] = { "--scenario", NULL, "--config", "gcma",
			       "--quiet", "--plot", png, NULL };
	struct sim_out o;
	char *path;
	int fd, ret;

	if (system("command -v gnuplot >/dev/null 2>&1")) {
		printf("gnuplot is not installed: skipped\n");
		return EXIT_SKIP;
	}
	fd = mkstemps(png, 4);
	if (fd < 0) {
		perror("mkstemps");
		return 1;
	}
	close(fd);
	unlink(png);
	path = sim_write_file(sim_small_scenario);
	args[1] = path;
	sim_run(&o, args);
	ret = o.status != 0 || o.err_len != 0;
	if (ret)
		printf("gcma-sim exited %d, stderr: %.*s\n", o.status,
		       (int)o.err_len, o.err ? o.err : "");
	else
		ret = check_png(png);
	unlink(png);
	sim_out_free(&o);
	sim_remove_file(path);
	return ret;
}
