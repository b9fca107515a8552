#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# test_script_options.sh SRC_DIR
#
# Suite tools: every script a user runs answers --help (its usage on
# stdout, exit 0) and refuses an unknown option (a message on stderr,
# exit 2), before it installs, builds or runs anything: the commands
# those would need (apt-get, sudo, meson, ninja, compilers, gcovr, afl)
# are fakes first in PATH that record their call, and none may be
# called. Then the documented invocations still reach what they drive,
# with fakes that succeed: `run-main.sh BUILD -- ARGS` runs gcma-sim with
# ARGS, `run-tests.sh BUILD ARGS` gives ARGS to `meson test`,
# `install-deps.sh --dev` with everything installed does nothing.
set -u
src=$1
. "$src/tests/tools/tap.sh"

scripts="tools/run-main.sh tools/run-tests.sh tools/install-deps.sh
tools/coverage.sh tools/sim-grid.sh tools/count-results.py tools/sim-sweep.py
tests/fuzz/afl.sh tests/fuzz/build.sh tests/defects/find_defect.sh
tests/install/test_install.sh tests/install/test_abi.sh
tools/fresh-machine.sh tools/run-tsan.sh tools/kernel-port/check.sh
tools/kernel-port/checkpatch.sh tools/kernel-port/checkpatch-models.sh
tools/perf-to-trace.py"

# fakes DIR SCRIPT NAME...: each NAME in DIR runs SCRIPT.
fakes() {
	dir=$1 body=$2
	shift 2
	mkdir -p "$dir"
	for name; do
		printf '#!/bin/sh\n%s\n' "$body" >"$dir/$name"
		chmod +x "$dir/$name"
	done
}
ran=$tap_tmp/ran
fakes "$tap_tmp/forbid" "echo \"\${0##*/} \$*\" >>'$ran'; exit 97" \
	apt-get sudo meson ninja gcc cc clang afl-clang-fast afl-fuzz gcovr \
	nm zip pkg-config python3 debootstrap chroot mount tar
fakes "$tap_tmp/ok" "echo \"\${0##*/} \$*\" >>'$ran'; exit 0" \
	meson ninja apt-get sudo
fakes "$tap_tmp/ok" "printf 'install ok installed'" dpkg-query

for s in $scripts; do
	name=${s##*/}
	# count-results.py is run by python3, which the fakes replace.
	case $s in
	*.py) run="/usr/bin/env -i PATH=/usr/bin:/bin python3 '$src/$s'" ;;
	*) run="PATH='$tap_tmp/forbid':\$PATH '$src/$s'" ;;
	esac
	expect 0 "$name" '^$' "$s --help" -- "$run --help"
	expect 2 '^$' "^$name: unknown option '--no-such-option'" \
		"$s --no-such-option" -- "$run --no-such-option"
done
expect 0 '^$' '^$' "nothing was installed, built or run" -- '[ ! -e "$ran" ]'
[ -e "$ran" ] && sed 's/^/# ran: /' "$ran"
rm -f "$ran"

# The documented invocations, with a build dir whose gcma-sim prints its
# arguments.
build=$tap_tmp/build
mkdir -p "$build/tools/gcma-sim"
: >"$build/build.ninja"
fakes "$build/tools/gcma-sim" 'echo "gcma-sim $*"' gcma-sim
ok="PATH='$tap_tmp/ok':\$PATH"
expect 0 '^gcma-sim --help $' '^$' "run-main.sh BUILD -- --help" -- \
	"$ok '$src/tools/run-main.sh' '$build' -- --help"
expect 0 '^gcma-sim --seed 3 $' '^$' "run-main.sh BUILD --seed 3" -- \
	"$ok '$src/tools/run-main.sh' '$build' --seed 3"
expect 0 '^$' '^$' "install-deps.sh --dev, everything installed" -- \
	"$ok '$src/tools/install-deps.sh' --dev"
expect 0 '^$' '^$' "run-tests.sh BUILD --suite unit" -- \
	"$ok '$src/tools/run-tests.sh' '$build' --suite unit"
expect 0 "meson test -C $build --print-errorlogs --suite unit" '^$' \
	"... gave --suite unit to meson test" -- "grep '^meson' '$ran'"
tap_done
