// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Output checks shared by the programs in tools/ (tool_output.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "tool_output.h"

static bool fd_closed(int fd)
{
	return fcntl(fd, F_GETFD) < 0 && errno == EBADF;
}

/**
 * tool_check_std_fds() - refuse a closed stdout; fill a closed stdin/stderr.
 * @prog: the program's name, for the message.
 *
 * With fd 1 closed, the first file the program opens would become its
 * standard output and receive the results. That is refused with a message
 * on stderr. A closed fd 0 or 2 gets /dev/null, so no file opened later
 * takes its place (messages to a closed stderr are lost, as asked).
 *
 * Context: Process context, before any file is opened.
 * Return: 0; TOOL_EXIT_OUTPUT when stdout is closed.
 */
int tool_check_std_fds(const char *prog)
{
	if (fd_closed(1)) {
		fprintf(stderr, "%s: standard output: %s\n", prog,
			strerror(EBADF));
		return TOOL_EXIT_OUTPUT;
	}
	for (int fd = 0; fd <= 2; fd += 2) {
		int nfd;

		if (!fd_closed(fd))
			continue;
		nfd = open("/dev/null", fd ? O_WRONLY : O_RDONLY);
		if (nfd >= 0 && nfd != fd) {
			dup2(nfd, fd);
			close(nfd);
		}
	}
	return 0;
}

/**
 * tool_flush() - flush @f and report whether anything written to it was lost.
 * @f: an output.
 * @err: where the message goes.
 * @prog: the program's name.
 * @what: the output's name in the message ("standard output", "--trace F").
 *
 * An error of an earlier write (the stream's error flag) counts too; its
 * errno is gone by now, so the message then says "write error".
 *
 * Context: Process context.
 * Return: 0; TOOL_EXIT_OUTPUT (message "PROG: WHAT: reason" on @err).
 */
int tool_flush(FILE *f, FILE *err, const char *prog, const char *what)
{
	int e;

	errno = 0;
	if (fflush(f) == 0 && !ferror(f))
		return 0;
	e = errno;
	fprintf(err, "%s: %s: %s\n", prog, what,
		e ? strerror(e) : "write error");
	return TOOL_EXIT_OUTPUT;
}

/**
 * tool_fclose() - tool_flush(), then fclose() @f, reporting a failed close.
 * @f: an output; closed in every case.
 * @err: where the message goes.
 * @prog: the program's name.
 * @what: the output's name in the message.
 *
 * Context: Process context.
 * Return: 0; TOOL_EXIT_OUTPUT (one message on @err).
 */
int tool_fclose(FILE *f, FILE *err, const char *prog, const char *what)
{
	int ret = tool_flush(f, err, prog, what);

	if (fclose(f) && !ret) {
		fprintf(err, "%s: %s: %s\n", prog, what, strerror(errno));
		ret = TOOL_EXIT_OUTPUT;
	}
	return ret;
}
