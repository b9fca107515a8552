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

/* Flush @f: 0, or -errno of the failed write (-EIO when it is gone). */
static int tool_flush_errno(FILE *f)
{
	errno = 0;
	if (fflush(f) == 0 && !ferror(f))
		return 0;
	return errno ? -errno : -EIO;
}

/**
 * tool_fclose_errno() - flush and close @f; did everything written arrive?
 * @f: an output; closed in every case.
 *
 * An error of an earlier write (the stream's error flag) counts too; its
 * errno may be gone by now (then -EIO).
 *
 * Context: Process context.
 * Return: 0; -errno of the first failure (write or close).
 */
int tool_fclose_errno(FILE *f)
{
	int ret = tool_flush_errno(f);

	if (fclose(f) && !ret)
		ret = errno ? -errno : -EIO;
	return ret;
}

static int tool_report(int ret, FILE *err, const char *prog,
		       const char *what)
{
	if (!ret)
		return 0;
	fprintf(err, "%s: %s: %s\n", prog, what, strerror(-ret));
	return TOOL_EXIT_OUTPUT;
}

/**
 * tool_flush() - flush @f and report whether anything written to it was lost.
 * @f: an output, left open.
 * @err: where the message goes.
 * @prog: the program's name.
 * @what: the output's name in the message ("standard output", "--trace F").
 *
 * Context: Process context.
 * Return: 0; TOOL_EXIT_OUTPUT (message "PROG: WHAT: reason" on @err).
 */
int tool_flush(FILE *f, FILE *err, const char *prog, const char *what)
{
	return tool_report(tool_flush_errno(f), err, prog, what);
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
	return tool_report(tool_fclose_errno(f), err, prog, what);
}

/**
 * tool_main() - run @fn as a program whose stdout must arrive whole.
 * @prog: the program's name, for messages.
 * @fn: its main function.
 * @argc: argument count.
 * @argv: arguments.
 *
 * Refuses a closed stdout (tool_check_std_fds()), runs @fn, then closes
 * stdout: a write that failed on the way, or at the end, is reported.
 *
 * Context: Process context: the whole program.
 * Return: @fn's exit status; TOOL_EXIT_OUTPUT when stdout lost anything.
 */
int tool_main(const char *prog, int (*fn)(int argc, char **argv), int argc,
	      char **argv)
{
	int status = tool_check_std_fds(prog);

	if (status)
		return status;
	status = fn(argc, argv);
	if (tool_fclose(stdout, stderr, prog, "standard output"))
		status = TOOL_EXIT_OUTPUT;
	return status;
}
