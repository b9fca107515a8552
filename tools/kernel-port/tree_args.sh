# SPDX-License-Identifier: GPL-2.0-only OR MIT
# shellcheck shell=sh
#
# tools/kernel-port/tree_args.sh - sourced by build.sh and kunit.sh after
# common/usage.sh, with their arguments: WORK [BUILD]. Sets $work (the
# patched tree) and $build (BUILD, else $default_build next to WORK), and
# creates $build.

[ $# -ge 1 ] || script_usage_error "need the patched tree"
case $1 in -*) script_option "$1" ;; esac
work=$(cd "$1" && pwd -P)
build=${2:-$(dirname "$work")/$default_build}
mkdir -p "$build"
