#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot one virtme-ng VM per kernel of the matrix and run the selftests in
# it (selftests/guest.sh).  The module must already be built for each
# kernel (build/<release>/vmscope.ko) and the selftests in build/selftests.
#
# usage: run-vm.sh [NAME...]   NAME: 6.1, 6.12, 6.12-rt (default: all)
# Output per kernel: build/results/<NAME>.log and .tap; a summary line
#   "<NAME>: P passed, F failed, S skipped (T s)" per kernel.
#
# scripts/vm.sh says how the VM is run (QEMU TCG; VMSCOPE_KVM=1 for KVM).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
res=$top/build/results
mkdir -p "$res"

names=("$@")
[ ${#names[@]} -gt 0 ] || mapfile -t names < <("$top/scripts/kernels.sh" | awk '{ print $1 }')

status=0
for name in "${names[@]}"; do
	read -r _ rel _ < <("$top/scripts/kernels.sh" "$name") || {
		echo "$name: kernel not installed: run scripts/install.sh"
		status=1
		continue
	}
	log=$res/$name.log
	t0=$(date +%s)
	# QEMU truncates a file it is redirected to: go through tee.
	timeout 1200 "$top/scripts/vm.sh" "$name" "$top/selftests/guest.sh $top" \
		2>&1 | tee "$log" >/dev/null
	t1=$(date +%s)
	grep -a -E '^(not )?ok [0-9]+ ' "$log" >"$res/$name.tap"
	fail=$(grep -c '^not ok' "$res/$name.tap")
	skip=$(grep -c '^ok .*# SKIP' "$res/$name.tap")
	pass=$(($(grep -c '^ok' "$res/$name.tap") - skip))
	if ! grep -a -q '^# guest done' "$log"; then
		echo "$name: the VM did not finish (see $log)"
		fail=$((fail + 1))
	fi
	grep '^not ok' "$res/$name.tap" | sed "s/^/$name: /"
	echo "$name ($rel): $pass passed, $fail failed, $skip skipped ($((t1 - t0)) s)"
	[ "$fail" -eq 0 ] || status=1
done
exit $status
