#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build, once, a kernel that sees what Debian's cannot, from Debian's
# linux-source-6.12: virtme-ng's minimal config (vng --kconfig) plus
# scripts/kconfig/vmscope.config and one flavour's fragment.
#
# usage: debug-kernel.sh [--path] debug|kcsan
#   debug: lockdep (PROVE_LOCKING, PROVE_RCU), DEBUG_ATOMIC_SLEEP, KASAN,
#          DEBUG_LIST, DEBUG_OBJECTS_RCU_HEAD, KFENCE (KERNEL=6.12-debug)
#   kcsan: KCSAN (KERNEL=6.12-kcsan)
#   --path: print the build tree's path and build nothing.
#
# The tree lives in $VMSCOPE_DEBUG (default /var/lib/vmscope/debug), one
# folder per flavour, source version and fragments (their hash is in the
# name): a changed fragment or a new linux-source-6.12 builds a new tree,
# and a built one is used as it is.  Last line of output: the tree's path.
# The build runs at low priority and says how far it got once a minute.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
base=${VMSCOPE_DEBUG:-/var/lib/vmscope/debug}
tarball=/usr/src/linux-source-6.12.tar.xz

path_only=
if [ "${1:-}" = --path ]; then
	path_only=1
	shift
fi
flavour=${1:-}
frag=$top/scripts/kconfig/$flavour.config
case $flavour in
debug | kcsan) ;;
*)
	echo "debug-kernel: flavour '$flavour': debug or kcsan" >&2
	exit 2
	;;
esac

srcver=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null) || srcver=
if [ -z "$srcver" ] || [ ! -f "$tarball" ]; then
	echo "debug-kernel: linux-source-6.12 is not installed: run scripts/install.sh" >&2
	exit 1
fi
key=$(cat "$top/scripts/kconfig/vmscope.config" "$frag" | sha256sum | cut -c1-12)
tree=$base/$flavour-$(echo "$srcver" | tr '~+:' '___')-$key
if [ -n "$path_only" ]; then
	echo "$tree"
	exit 0
fi

mkdir -p "$base"
exec 9>>"$base/$flavour.lock"
flock 9
if [ -f "$tree/.vmscope-built" ]; then
	echo "debug-kernel: $flavour kernel $(cat "$tree/include/config/kernel.release")" \
		"already built ($(cat "$tree/.vmscope-built"))" >&2
	echo "$tree"
	exit 0
fi

t0=$(date +%s)
log=$tree.log
echo "debug-kernel: building the $flavour kernel from linux-source-6.12 $srcver" \
	"in $tree (log: $log)" >&2
rm -rf "$tree"
mkdir -p "$tree"
tar -xJf "$tarball" -C "$tree" --strip-components=1
cd "$tree"
# vng appends its own list after the fragments it is given (and that list
# asks for DWARF): the fragments go on top again, and olddefconfig.
{
	vng --kconfig &&
		cat "$top/scripts/kconfig/vmscope.config" "$frag" >>.config &&
		make olddefconfig
} >"$log" 2>&1 || {
	tail -n 20 "$log" >&2
	exit 1
}
# Every line of the fragments must have survived olddefconfig: a
# dependency that is not met drops an option without a word.
bad=0
while read -r line; do
	case $line in
	CONFIG_*=*) want=$line name=${line%%=*} ;;
	"# CONFIG_"*" is not set") name=${line#\# } name=${name%% *} want="# $name is not set" ;;
	*) continue ;;
	esac
	got=$(grep -E "^$name=|^# $name is not set" .config || echo "$name absent")
	if [ "$got" != "$want" ]; then
		[ "$want" = "# $name is not set" ] && [ "$got" = "$name absent" ] && continue
		echo "debug-kernel: $want wanted, .config has: $got" >&2
		bad=1
	fi
done < <(cat "$top/scripts/kconfig/vmscope.config" "$frag")
[ "$bad" -eq 0 ] || exit 1
echo "debug-kernel: configured: $(grep -c '=y$' .config) options =y," \
	"$(($(date +%s) - t0)) s" >&2

# One line a minute: objects compiled so far and the time.
jobs=$(nproc)
nice -n 19 make -j"$jobs" all >>"$log" 2>&1 &
mk=$!
while kill -0 "$mk" 2>/dev/null; do
	sleep 60 &
	wait $! || true
	kill -0 "$mk" 2>/dev/null || break
	echo "debug-kernel: $(grep -c '^  CC ' "$log") objects compiled," \
		"$((($(date +%s) - t0) / 60)) min" >&2
done
if ! wait "$mk"; then
	grep -E 'error|Error' "$log" | head -n 20 >&2
	echo "debug-kernel: build failed (log: $log)" >&2
	exit 1
fi
t1=$(date +%s)
echo "$(grep -c '^  CC ' "$log") objects, $((t1 - t0)) s with make -j$jobs, $(date -u +%F)" \
	>.vmscope-built
echo "debug-kernel: built $(cat include/config/kernel.release):" \
	"$(cat .vmscope-built)" >&2
echo "$tree"
