# SPDX-License-Identifier: GPL-2.0-only OR MIT
# shellcheck shell=sh
#
# tools/common/usage.sh - sourced (not run) by the scripts of tools/ and
# tests/, so that each answers --help and refuses a bad argument the same
# way, before it does anything (installs, builds, runs).
#
# script_usage                the script's usage: its header comment, from
#                             after the SPDX line to the first line that is
#                             not a comment, without the leading "# "
# script_option ARG [HINT]    ARG is --help or -h: the usage on stdout,
#                             exit 0; else "unknown option 'ARG'" (ARG
#                             starts with -) or "unexpected argument
#                             'ARG'", and HINT, on stderr, exit 2
# script_usage_error MSG      MSG on stderr, exit 2

script_usage() {
	awk 'NR <= 2 { next }
	     !/^#/ { exit }
	     { sub(/^# ?/, "") }
	     !started && $0 == "" { next }
	     { started = 1; print }' "$0"
}

script_usage_error() {
	printf '%s: %s (%s --help for usage)\n' "${0##*/}" "$1" "$0" >&2
	exit 2
}

script_option() {
	case $1 in
	--help | -h)
		script_usage
		exit 0
		;;
	-*)
		script_usage_error "unknown option '$1'${2:+; $2}"
		;;
	*)
		script_usage_error "unexpected argument '$1'${2:+; $2}"
		;;
	esac
}
