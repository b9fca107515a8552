#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# run-tsan.sh [--build DIR] [--repeat N] [--stress-duration S]
#
# Builds libgcma with ThreadSanitizer (gcc's -fsanitize=thread; libtsan2
# comes with Debian's gcc) and runs the unit and stress suites under the
# tsan test setup: tests/tsan/liburcu.supp suppresses liburcu's own
# internals and nothing else, and any other report fails its test (exit
# status 66). See docs/testing.md, "Thread sanitizer".
#
#   --build DIR           build directory (default: build-tsan in the
#                         source tree; must be a TSan build if it exists)
#   --repeat N            run the suites N times (meson test --repeat)
#   --stress-duration S   seconds each stress test runs (-Dstress_duration)
#   -h, --help            this text
set -eu
. "$(dirname "$0")/common/usage.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
build=$top/build-tsan
repeat=1
duration=

while [ $# -gt 0 ]; do
	case $1 in
	--build|--repeat|--stress-duration)
		[ $# -ge 2 ] && [ -n "$2" ] || script_usage_error "$1 needs an argument" ;;
	esac
	case $1 in
	--build) build=$2; shift 2 ;;
	--repeat) repeat=$2; shift 2 ;;
	--stress-duration) duration=$2; shift 2 ;;
	*) script_option "$1" ;;
	esac
done
case $repeat in
''|*[!0-9]*|0) script_usage_error "--repeat wants a positive number" ;;
esac

if [ -f "$build/build.ninja" ]; then
	if ! meson introspect --buildoptions "$build" |
	   python3 -c 'import json, sys
opts = {o["name"]: o["value"] for o in json.load(sys.stdin)}
sys.exit(0 if opts.get("b_sanitize") == "thread" else 1)'; then
		echo "$0: $build is not a -Db_sanitize=thread build" >&2
		exit 1
	fi
	[ -z "$duration" ] || meson configure "$build" -Dstress_duration="$duration"
else
	meson setup "$build" "$top" -Db_sanitize=thread -Db_lundef=false \
		-Dbench=false ${duration:+-Dstress_duration="$duration"} >/dev/null
fi
ninja -C "$build" >/dev/null
meson test -C "$build" --setup=tsan --print-errorlogs --repeat "$repeat" \
	--suite unit --suite stress
