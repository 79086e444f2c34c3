#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: install what is missing, host checks (builds for every kernel
# of the matrix, selftest build, installer idempotence, lint), then the
# selftests in a VM for every kernel.  Last line: "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
t0=$(date +%s)
pass=0
fail=0
skip=0
summary=()

. scripts/tally.sh

ok() { pass=$((pass + 1)); echo "check: $1: ok"; }
ko() { fail=$((fail + 1)); echo "check: $1: FAILED${2:+ ($2)}"; }

echo "== install"
if scripts/install.sh; then ok install; else ko install; fi

echo "== host"
# A second run of the installer must install nothing.
out=$(scripts/install.sh 2>&1)
if echo "$out" | grep -qE '(installed|added|extracted) \('; then
	echo "$out"
	ko "installer idempotent" "second run installed something"
else
	ok "installer idempotent"
fi

while read -r name rel hdr _; do
	if make -s KDIR="$hdr" module >"build/make-$name.log" 2>&1; then
		ok "build vmscope.ko for $name ($rel)"
	else
		tail -20 "build/make-$name.log"
		ko "build vmscope.ko for $name ($rel)" "build/make-$name.log"
	fi
done < <(scripts/kernels.sh)

# dkms.conf: DKMS builds the module for every kernel of the matrix.
while read -r line; do
	case "$line" in
	"ok "*) ok "dkms build for ${line#ok }" ;;
	*) ko "dkms: ${line#FAIL }" ;;
	esac
done < <(scripts/dkms.sh check 2>&1)

if scripts/uapi.sh --check; then
	ok "uapi header and module/netlink-gen.[ch] agree with the netlink spec"
else
	ko "uapi header and module/netlink-gen.[ch] agree with the netlink spec" "run make uapi"
fi

if out=$(/usr/bin/python3 scripts/keys-check.py 2>&1); then
	ok "the keys of uapi/linux/vmscope_keys.h agree with the netlink spec"
else
	echo "$out"
	ko "the keys of uapi/linux/vmscope_keys.h agree with the netlink spec"
fi

if make -s client build/test_format >build/make-client.log 2>&1; then
	ok "build client"
	while read -r line; do
		case "$line" in
		"ok "*) pass=$((pass + 1)) ;;
		"not ok "*) fail=$((fail + 1)); echo "check: format: $line" ;;
		*" passed, "*) echo "check: client formatting: $line" ;;
		esac
	done < <(/usr/bin/python3 scripts/test-format.py build/test_format 2>&1)
	if scripts/man-check.sh; then
		ok "man page documents every command and option of vmscope -h"
	else
		ko "man page documents every command and option of vmscope -h"
	fi
else
	cat build/make-client.log
	ko "build client"
fi

# What fails a VM run in its kernel log (selftests/lib.sh's dmesg_check),
# on logs of earlier runs: selftests/fixtures/dmesg.
while read -r line; do
	case "$line" in
	"ok "*) pass=$((pass + 1)) ;;
	"not ok "*) fail=$((fail + 1)); echo "check: $line" ;;
	"# "*) echo "check: $line" ;;
	*" passed, "*) echo "check: kernel log verdicts: $line" ;;
	esac
done < <(scripts/dmesg-check-test.sh 2>&1)

if make -s selftests >build/make-selftests.log 2>&1; then
	ok "build selftests"
else
	cat build/make-selftests.log
	ko "build selftests"
fi

echo "== lint"
while read -r line; do
	case "$line" in
	lint:*": ok") pass=$((pass + 1)); echo "$line" ;;
	lint:*FAILED*) fail=$((fail + 1)); echo "$line" ;;
	lint:*SKIP*) skip=$((skip + 1)); echo "$line" ;;
	*) echo "$line" ;;
	esac
done < <(scripts/lint.sh 2>&1)

# The VM runs: the selftests and the short stress (make stress runs the
# long one) on every kernel.  Each VM runs single-threaded TCG, so two run
# at a time on the host's two cores (VMSCOPE_VMS sets how many); a third
# would slow all of them.  Each run's output is printed whole when it
# ends; the summary gives each run's time, the wall time and their sum.
vm_runs=()
while read -r name _; do
	vm_runs+=("$name" "--stress short $name")
done < <(scripts/kernels.sh)
vm_out=build/results/runs
rm -rf "$vm_out"
mkdir -p "$vm_out"

# vm_run I ARGS: selftests/run-vm.sh ARGS into $vm_out/I, then print it.
vm_run() {
	local i=$1
	shift
	selftests/run-vm.sh "$@" >"$vm_out/$i" 2>&1
	{
		flock 8
		echo "check: VM run $* ended:"
		sed 's/^/  /' "$vm_out/$i"
	} 8>"$vm_out/.lock"
}

echo "== VM runs: selftests and short stress, ${VMSCOPE_VMS:-2} at a time"
vm_t0=$(date +%s)
i=0
for r in "${vm_runs[@]}"; do
	while [ "$(jobs -rp | wc -l)" -ge "${VMSCOPE_VMS:-2}" ]; do
		wait -n
	done
	# shellcheck disable=SC2086 # "--stress short NAME": three words
	vm_run "$i" $r &
	i=$((i + 1))
done
wait
vm_wall=$(($(date +%s) - vm_t0))
vm_sum=0
for ((j = 0; j < i; j++)); do
	while read -r line; do
		if tally "$line"; then
			summary+=("$line")
			[[ $line =~ \(([0-9]+)\ s\)$ ]] && vm_sum=$((vm_sum + BASH_REMATCH[1]))
		elif [[ $line =~ did\ not\ finish|not\ installed ]]; then
			summary+=("$line")
		fi
	done <"$vm_out/$j"
done
summary+=("VM runs: $i, ${VMSCOPE_VMS:-2} at a time: $vm_wall s wall, $vm_sum s in all")

# Documentation/kernels.rst says what each probe attaches to on each
# kernel: it must be what this run saw (the releases it names aside:
# Debian's updates move them without changing a probe).
if /usr/bin/python3 scripts/kernels-doc.py build/kernels.rst &&
   diff -u -I '^Written from a run on ' Documentation/kernels.rst build/kernels.rst; then
	ok "Documentation/kernels.rst matches this run's probes"
else
	ko "Documentation/kernels.rst matches this run's probes" "run make kernels-doc"
fi

n=$(scripts/kernels.sh | wc -l)
if [ "$n" -lt 4 ]; then
	ko "kernel matrix" "only $n of 4 kernels (6.1, 6.12, 6.12-rt, 7.x) installed"
fi

echo "== summary ($(($(date +%s) - t0)) s)"
for s in "${summary[@]}"; do echo "  $s"; done
[ "$skip" -eq 0 ] || echo "  $skip skipped (reasons in build/results/*.log)"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
