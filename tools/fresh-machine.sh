#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# fresh-machine.sh [--cache DIR] [--mirror URL] [--out DIR] [--worktree] [--keep]
#
# Runs the README's two commands, tools/run-main.sh then
# tools/run-tests.sh, in a fresh Debian 12 root: a debootstrap minbase of
# bookworm with nothing else installed, so a package that the commands
# need and do not install themselves fails here even when the host has
# it. The pristine root is made once and kept as a tarball in the cache
# folder; every run unpacks a new copy, so nothing carries over between
# runs. The tree copied in is `git archive HEAD` (committed work only),
# or the working tree with --worktree.
#
# Needs root (chroot, mounts) and debootstrap (installed when missing).
#
#   --cache DIR   where the root's tarball lives (default:
#                 ${XDG_CACHE_HOME:-$HOME/.cache}/libgcma)
#   --mirror URL  the Debian mirror debootstrap uses (default: the host's,
#                 from its apt sources)
#   --out DIR     copy the test log there as testlog-fresh.json and the
#                 main job's output as main-fresh.txt (default: no copy)
#   --worktree    copy the working tree, uncommitted changes included
#   --keep        leave the root in place (its path is printed)
#
# Exit: 0 when both commands pass, 1 when one fails, 2 for a usage error.
set -eu
. "$(dirname "$0")/common/usage.sh"

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/libgcma
mirror=
out=
worktree=0
keep=0
while [ $# -gt 0 ]; do
	case $1 in
	--cache) [ $# -ge 2 ] || script_usage_error "--cache needs a folder"
		cache=$2; shift ;;
	--mirror) [ $# -ge 2 ] || script_usage_error "--mirror needs a URL"
		mirror=$2; shift ;;
	--out) [ $# -ge 2 ] || script_usage_error "--out needs a folder"
		out=$2; shift ;;
	--worktree) worktree=1 ;;
	--keep) keep=1 ;;
	*) script_option "$1" ;;
	esac
	shift
done

if [ "$(id -u)" -ne 0 ]; then
	echo "fresh-machine: needs root (chroot and mounts)" >&2
	exit 1
fi

# The host's Debian mirror: the first URI of a source that carries
# bookworm's main component.
host_mirror() {
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk '/^URIs:/ { uri = $2 } /^Suites:/ { suites = $0 }
		     /^$/ { if (uri != "" && suites ~ / bookworm( |$)/) { print uri; exit }
			    uri = ""; suites = "" }
		     END { if (uri != "" && suites ~ / bookworm( |$)/) print uri }' "$f"
	done | head -n 1
	[ -f /etc/apt/sources.list ] &&
		awk '$1 == "deb" && $3 == "bookworm" { print $2; exit }' /etc/apt/sources.list
	return 0
}

base=$cache/bookworm-minbase.tar
if [ ! -s "$base" ]; then
	[ -n "$mirror" ] || mirror=$(host_mirror | head -n 1)
	if [ -z "$mirror" ]; then
		echo "fresh-machine: no bookworm mirror in the apt sources; give --mirror" >&2
		exit 1
	fi
	if ! command -v debootstrap >/dev/null 2>&1; then
		apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends debootstrap >/dev/null
	fi
	mkdir -p "$cache"
	stage=$(mktemp -d "$cache/stage.XXXXXX")
	echo "fresh-machine: debootstrap bookworm (minbase) into the cache, once"
	if ! debootstrap --variant=minbase bookworm "$stage" "$mirror" \
			>"$cache/debootstrap.log" 2>&1; then
		tail -n 20 "$cache/debootstrap.log" >&2
		rm -rf "$stage"
		exit 1
	fi
	tar -C "$stage" -cf "$base.tmp" . && mv "$base.tmp" "$base"
	rm -rf "$stage"
fi

root=$(mktemp -d "${TMPDIR:-/tmp}/libgcma-fresh.XXXXXX")
mounted=
cleanup() {
	for m in $mounted; do
		umount -l "$root$m" 2>/dev/null || true
	done
	if [ "$keep" -eq 0 ]; then
		rm -rf "$root"
	else
		echo "fresh-machine: root kept at $root"
	fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM

tar -C "$root" -xf "$base"
mkdir -p "$root/src"
if [ "$worktree" -eq 1 ]; then
	(cd "$top" && git ls-files -co --exclude-standard -z |
		tar --null -T - -cf -) | tar -C "$root/src" -xf -
else
	(cd "$top" && git archive HEAD) | tar -C "$root/src" -xf -
fi
cp /etc/resolv.conf "$root/etc/resolv.conf"
for m in /proc /dev /dev/pts; do
	case $m in
	/proc) mount -t proc proc "$root$m" ;;
	*) mount --bind "$m" "$root$m" ;;
	esac
	mounted="$m $mounted"
done

in_root() {
	chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		HOME=/root LANG=C.UTF-8 /bin/sh -c "cd /src && $1"
}

rc=0
echo "fresh-machine: tools/run-main.sh"
if in_root 'tools/run-main.sh build' >"$root/main.txt" 2>&1; then
	tail -n 5 "$root/main.txt"
else
	echo "fresh-machine: tools/run-main.sh failed:"
	tail -n 30 "$root/main.txt"
	rc=1
fi
echo "fresh-machine: tools/run-tests.sh"
in_root 'tools/run-tests.sh build' || rc=1
if [ -n "$out" ]; then
	mkdir -p "$out"
	cp "$root/main.txt" "$out/main-fresh.txt"
	log=$root/src/build/meson-logs/testlog.json
	if [ -f "$log" ]; then
		cp "$log" "$out/testlog-fresh.json"
	else
		rc=1
	fi
fi
exit $rc
