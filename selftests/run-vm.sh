#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot one virtme-ng VM per kernel of the matrix and run the selftests in
# it (selftests/guest.sh).  The module must already be built for each
# kernel (build/<release>/vmscope.ko) and the selftests in build/selftests.
#
# usage: run-vm.sh [--stress short|full] [NAME...]
#   NAME: 6.1, 6.12, 6.12-rt, 7.x (default: all), or make stress-debug's
#   6.12-debug and 6.12-kcsan (scripts/debug-kernel.sh)
#   --stress: make stress instead (selftests/stress-guest.sh), in a VM booted
#   with slub_debug=FZPU, KFENCE on every allocation it can sample
#   (kfence.sample_interval=1), panic_on_warn=1, and preempt=full on the
#   kernels that are not PREEMPT_RT; 6.12-debug with KASAN instead of
#   slub_debug and KFENCE (and slab_nomerge), 6.12-kcsan without
#   panic_on_warn.
# Output per kernel: build/results/<NAME>.log (<NAME>.stress.log) and .tap;
# a summary line "<NAME>: P passed, F failed, S skipped (T s)" per kernel.
#
# scripts/vm.sh says how the VM is run (QEMU TCG; VMSCOPE_KVM=1 for KVM).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
res=$top/build/results
mkdir -p "$res"

stress=
if [ "${1:-}" = --stress ]; then
	stress=$2
	shift 2
fi
names=("$@")
[ ${#names[@]} -gt 0 ] || mapfile -t names < <("$top/scripts/kernels.sh" | awk '{ print $1 }')

status=0
for name in "${names[@]}"; do
	read -r _ rel _ < <("$top/scripts/kernels.sh" "$name") || {
		echo "$name: kernel not installed: run scripts/install.sh"
		status=1
		continue
	}
	if [ -n "$stress" ]; then
		base=$res/$name.stress
		guest="$top/selftests/stress-guest.sh $top $stress" done='# stress done'
		limit=$([ "$stress" = full ] && echo 5400 || echo 1200)
		append="slub_debug=FZPU kfence.sample_interval=1"
		case $name in
		# KCSAN panics on its reports under panic_on_warn, and the
		# ones outside vmscope are to be listed, not fatal.
		*-kcsan) ;;
		# KASAN sees what slub_debug and KFENCE see, and more: on
		# top of it they made the boot so slow that udev missed
		# virtme-init's deadline (three boots of five).  slab_nomerge
		# keeps vmscope's caches in slabinfo, as slub_debug did.
		*-debug) append="slab_nomerge panic_on_warn=1" ;;
		# PREEMPT_RT (PREEMPT, not dynamic).
		*-rt) append="$append panic_on_warn=1" ;;
		*) append="$append panic_on_warn=1 preempt=full" ;;
		esac
	else
		base=$res/$name
		guest="$top/selftests/guest.sh $top" done='# guest done'
		limit=1200 append=
	fi
	# The debug kernels run several times slower under TCG (the guest
	# scripts' own limits: $slow in selftests/lib.sh), and their console
	# goes into the log: quiet (vng without --verbose), a stress VM died
	# in its boot twice and left nothing.
	verbose=${VMSCOPE_VERBOSE:-0}
	case $name in *-debug | *-kcsan) limit=$((limit * 5)) verbose=1 ;; esac
	log=$base.log
	t0=$(date +%s)
	# QEMU truncates a file it is redirected to: go through tee.  A boot
	# that never reached the guest script is booted again, twice at most:
	# on a debug kernel beside other VMs, udev can take longer than
	# virtme-init's "udevadm settle" waits (120 s) to make the
	# /dev/virtio-ports links, and virtme-init powers off without them.
	for try in 1 2 3; do
		VMSCOPE_VERBOSE=$verbose VMSCOPE_APPEND=$append timeout "$limit" \
			"$top/scripts/vm.sh" "$name" "$guest" 2>&1 | tee "$log" >/dev/null
		grep -a -q 'virtme-init: cannot find script I/O ports' "$log" || break
		echo "$name: boot $try ended before the guest script: virtme-init found" \
			"no script I/O ports (udev too slow)"
	done
	t1=$(date +%s)
	grep -a -E '^(not )?ok [0-9]+ ' "$log" >"$base.tap"
	fail=$(grep -c '^not ok' "$base.tap")
	skip=$(grep -c '^ok .*# SKIP' "$base.tap")
	pass=$(($(grep -c '^ok' "$base.tap") - skip))
	if ! grep -a -q "^$done" "$log"; then
		echo "$name: the VM did not finish (see $log${stress:+; its kernel log: $res/$rel.stress.dmesg})"
		fail=$((fail + 1))
	fi
	grep '^not ok' "$base.tap" | sed "s/^/$name: /"
	echo "$name${stress:+.stress} ($rel): $pass passed, $fail failed, $skip skipped ($((t1 - t0)) s)"
	[ "$fail" -eq 0 ] || status=1
done
exit $status
