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
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=$top/build-tsan
repeat=1
duration=

usage() {
	cat <<EOF
usage: $0 [--build DIR] [--repeat N] [--stress-duration S]

Configure (if needed) and build DIR (default: build-tsan in the source
tree) with -Db_sanitize=thread -Db_lundef=false -Dbench=false, then run
  meson test -C DIR --setup=tsan --suite unit --suite stress
Fails if any test fails or ThreadSanitizer reports anything outside
liburcu's suppressed internals.

  --build DIR           build directory (must be a TSan build if it exists)
  --repeat N            run the suites N times (meson test --repeat)
  --stress-duration S   seconds each stress test runs (-Dstress_duration)
  -h, --help            this text
EOF
}

need_arg() {
	if [ $# -lt 2 ] || [ -z "$2" ]; then
		echo "$0: $1 needs an argument" >&2
		exit 2
	fi
}

while [ $# -gt 0 ]; do
	case $1 in
	--build) need_arg "$@"; build=$2; shift 2 ;;
	--repeat) need_arg "$@"; repeat=$2; shift 2 ;;
	--stress-duration) need_arg "$@"; duration=$2; shift 2 ;;
	-h|--help) usage; exit 0 ;;
	*) echo "$0: unknown option '$1' (see --help)" >&2; exit 2 ;;
	esac
done
case $repeat in
''|*[!0-9]*|0) echo "$0: --repeat wants a positive number" >&2; exit 2 ;;
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
