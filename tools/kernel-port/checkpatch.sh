#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# checkpatch.sh WORK SERIES
# checkpatch.sh --help
#
# Runs the kernel tree's scripts/checkpatch.pl (from WORK, the patched
# tree) on every patch in the folder SERIES (port.py's output), prints
# its findings one a line and a total. FILE_PATH_CHANGES ("does
# MAINTAINERS need updating?") is ignored: the series' last patch adds
# the MAINTAINERS entry for every file it adds. Exit 1 on any error or
# warning.
set -eu
. "$(dirname "$0")/../common/usage.sh"
[ $# -ge 1 ] || script_usage_error "need the patched tree and the series"
case $1 in -*) script_option "$1" ;; esac
[ $# -eq 2 ] || script_usage_error "need the patched tree and the series"
out=$(perl "$1/scripts/checkpatch.pl" --no-tree --terse --show-types \
	--ignore FILE_PATH_CHANGES "$2"/*.patch 2>&1) || :
printf '%s\n' "$out" | grep -E ': (ERROR|WARNING):' | sed "s|^$2/||" || :
errors=$(printf '%s\n' "$out" | grep -c ': ERROR:' || :)
warnings=$(printf '%s\n' "$out" | grep -c ': WARNING:' || :)
echo "checkpatch.sh: $(ls "$2"/*.patch | wc -l) patches, $errors errors, $warnings warnings"
[ "$errors" -eq 0 ] && [ "$warnings" -eq 0 ]
