#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make stress: install what is missing, build the module for each kernel
# asked for (STRESS_KERNELS, default 6.1 6.12 6.12-rt and the 7.x of the
# matrix) and the selftests, then the long stress run in a VM per kernel
# booted with slub_debug, KFENCE and panic_on_warn
# (selftests/stress-guest.sh).  STRESS=short runs the short one that make
# check runs.  Last line: "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
mode=${STRESS:-full}
case $mode in
short | full) ;;
*)
	echo "stress: STRESS=$mode: short or full" >&2
	exit 2
	;;
esac
scripts/install.sh >/dev/null || exit 1
read -r -a kernels <<<"${STRESS_KERNELS:-$(scripts/kernels.sh | awk '{ print $1 }' | tr '\n' ' ')}"
for k in "${kernels[@]}"; do
	read -r _ _ hdr _ < <(scripts/kernels.sh "$k") || {
		echo "stress: kernel $k is not in the matrix (scripts/kernels.sh)" >&2
		exit 1
	}
	make -s KDIR="$hdr" module >"build/make-$k.log" 2>&1 || {
		tail -n 20 "build/make-$k.log"
		exit 1
	}
done
make -s client selftests >build/make-selftests.log 2>&1 || {
	cat build/make-selftests.log
	exit 1
}
. scripts/tally.sh
pass=0 fail=0 skip=0
while read -r line; do
	echo "$line"
	tally "$line"
done < <(selftests/run-vm.sh --stress "$mode" "${kernels[@]}")
grep -h '^# sizes of this run:\|^# fork bomb:\|^# dmesg:' build/results/*.stress.log 2>/dev/null |
	sed 's/^# /  /'
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
