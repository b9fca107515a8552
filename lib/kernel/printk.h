/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * printk and the pr_*() family (kernel shim).
 *
 * Messages go to the attached machine's kernel log (lib/platform/log.c), one
 * line per message line, each prefixed with the machine's virtual time as
 * dmesg prints it: "[    0.000123] cma: ...". A file may define pr_fmt()
 * before including this header to prefix its messages, as in the kernel.
 *
 * Deviations: the log level is parsed and dropped (every line is kept and
 * echoed); KERN_CONT starts a new line instead of continuing one;
 * pr_debug() prints only when DEBUG is defined (no dynamic debug). From a
 * thread attached to no machine, printk() writes to stderr.
 */
#ifndef _KSHIM_PRINTK_H
#define _KSHIM_PRINTK_H

#define KERN_SOH	"\001"
#define KERN_EMERG	KERN_SOH "0"
#define KERN_ALERT	KERN_SOH "1"
#define KERN_CRIT	KERN_SOH "2"
#define KERN_ERR	KERN_SOH "3"
#define KERN_WARNING	KERN_SOH "4"
#define KERN_NOTICE	KERN_SOH "5"
#define KERN_INFO	KERN_SOH "6"
#define KERN_DEBUG	KERN_SOH "7"
#define KERN_DEFAULT	""
#define KERN_CONT	KERN_SOH "c"

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

/*
 * printk - format a message into the attached machine's log. Returns the
 * number of bytes of the formatted message (before any cut). Any context:
 * takes only the log's leaf lock, never sleeps otherwise.
 */
int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* no_printk - check the format, print nothing. */
static inline __attribute__((format(printf, 1, 2)))
int no_printk(const char *fmt, ...)
{
	return 0;
}

#define pr_emerg(fmt, ...)	printk(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert(fmt, ...)	printk(KERN_ALERT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit(fmt, ...)	printk(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...)	printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)	printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...)	printk(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)	printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_cont(fmt, ...)	printk(KERN_CONT fmt, ##__VA_ARGS__)

#ifdef DEBUG
#define pr_debug(fmt, ...)	printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#else
#define pr_debug(fmt, ...)	no_printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#endif

#endif /* _KSHIM_PRINTK_H */
