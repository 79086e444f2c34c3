#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check, on the host: selftests/lib.sh's dmesg_check, which decides
# whether a VM's kernel log fails its run, on the logs of
# selftests/fixtures/dmesg (its README says where each comes from).
# Reports of lockdep, KASAN, RCU, sleeping in atomic context, a data race
# in vmscope or a stack dumped for no OOM fail; an OOM report on a lockdep
# kernel and data races outside vmscope do not, and the latter are listed.
# Prints TAP lines and "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
fx=$top/selftests/fixtures/dmesg
. "$top/selftests/lib.sh"
dmesg_dir=$(mktemp -d)
trap 'rm -rf "$dmesg_dir"' EXIT
n=0 pass=0 fail=0

# The fixture stands for the kernel's log; the host's lockdep, if any,
# is not the guest's.
dmesg() { cat "$log"; }
lockdep_check() { :; }

# expect FIXTURE clean|fails [OUTPUT-PATTERN]
expect() {
	local out got t=$1 want=$2 pat=${3:-}
	log=$fx/$t.txt
	out=$(dmesg_check 0 2>&1)
	if echo "$out" | grep -q '^not ok .*dmesg_clean'; then got=fails; else got=clean; fi
	if [ "$got" = "$want" ] && { [ -z "$pat" ] || echo "$out" | grep -q -- "$pat"; }; then
		pass=$((pass + 1))
		echo "ok $((pass + fail)) dmesg_check.$t $want"
	else
		fail=$((fail + 1))
		echo "not ok $((pass + fail)) dmesg_check.$t: $got, expected $want${pat:+ and \"$pat\"}"
		echo "$out" | sed 's/^/# /'
	fi
}

expect oom-lockdep clean '^# dmesg: 1 call traces, 0 not from'
expect kcsan-outside clean '^# kcsan: 2 data-race reports outside vmscope'
expect kcsan-outside clean 'ktime_get_mono_fast_ns / timekeeping_update'
expect kcsan-vmscope fails 'data-race in vms_fault_ret \[vmscope\]'
expect trace-other fails '1 not from an OOM report'
expect lockdep-circular fails 'possible circular locking dependency'
expect sleep-atomic fails 'sleeping function called from invalid context'
expect kasan-uaf fails 'KASAN: slab-use-after-free'
expect rcu-suspicious fails 'suspicious RCU usage'
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
