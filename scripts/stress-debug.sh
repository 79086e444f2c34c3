#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make stress-debug / make check-debug: the selftests and the long stress
# run (check-debug: the selftests alone) on a kernel that sees what
# Debian's cannot, built once by scripts/debug-kernel.sh from
# linux-source-6.12.  FLAVOUR=debug (default: lockdep, PROVE_RCU,
# DEBUG_ATOMIC_SLEEP, KASAN, DEBUG_LIST, DEBUG_OBJECTS_RCU_HEAD, KFENCE;
# KERNEL=6.12-debug) or FLAVOUR=kcsan (KCSAN; KERNEL=6.12-kcsan).
# STRESS=short runs make check's short stress instead of the long one.
# The two VMs run at once.  Any lockdep, KASAN, KCSAN (in vmscope), RCU,
# list or sleep-in-atomic report, any warning, or lockdep off at the end
# fails (selftests/lib.sh: dmesg_check).  Last line: "N passed, N failed".
#
# usage: stress-debug.sh stress|check
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
what=${1:-stress}
flavour=${FLAVOUR:-debug}
mode=${STRESS:-full}
name=6.12-$flavour
case $what:$flavour:$mode in
stress:debug:short | stress:debug:full | stress:kcsan:short | stress:kcsan:full) ;;
check:debug:* | check:kcsan:*) ;;
*)
	echo "stress-debug: $what FLAVOUR=$flavour STRESS=$mode: stress or check," \
		"FLAVOUR debug or kcsan, STRESS short or full" >&2
	exit 2
	;;
esac
t0=$(date +%s)
scripts/install.sh >/dev/null || exit 1
scripts/debug-kernel.sh "$flavour" >/dev/null || exit 1
read -r _ rel hdr _ < <(scripts/kernels.sh "$name") || {
	echo "stress-debug: kernel $name not found after its build" >&2
	exit 1
}
mkdir -p build
make -s KDIR="$hdr" module >"build/make-$name.log" 2>&1 || {
	tail -n 20 "build/make-$name.log"
	exit 1
}
make -s client selftests >build/make-selftests.log 2>&1 || {
	cat build/make-selftests.log
	exit 1
}
echo "stress-debug: $name ($rel), module built, $(($(date +%s) - t0)) s"

. scripts/tally.sh
pass=0 fail=0 skip=0
out=$(mktemp -d)
selftests/run-vm.sh "$name" >"$out/check" 2>&1 &
pids=$!
if [ "$what" = stress ]; then
	# vng links the tree's modules into its .virtme_mods as it starts:
	# two at once in one tree trip over each other's links (and one VM
	# died in its boot that way).  The second starts once the first has.
	sleep 30
	selftests/run-vm.sh --stress "$mode" "$name" >"$out/stress" 2>&1 &
	pids="$pids $!"
fi
# shellcheck disable=SC2086
wait $pids
for f in "$out"/check "$out"/stress; do
	[ -f "$f" ] || continue
	while read -r line; do
		echo "$line"
		tally "$line"
	done <"$f"
done
rm -rf "$out"
# The stress log only when this run made one: check-debug's would be an
# earlier run's.
logs=("build/results/$name.log")
[ "$what" = stress ] && logs+=("build/results/$name.stress.log")
grep -h '^# lockdep:\|^# kcsan\|^# dmesg:\|^# sizes of this run:\|^# fork bomb:' \
	"${logs[@]}" 2>/dev/null | sed 's/^# /  /'
echo "stress-debug: $(($(date +%s) - t0)) s"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
