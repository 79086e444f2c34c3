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
	ok "uapi header agrees with the netlink spec"
else
	ko "uapi header agrees with the netlink spec" "run make uapi"
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

# vm_tally [ARGS]: selftests/run-vm.sh ARGS, its counts added to ours.
vm_tally() {
	local line
	while read -r line; do
		echo "$line"
		if tally "$line"; then
			summary+=("$line")
		elif [[ $line =~ did\ not\ finish|not\ installed ]]; then
			summary+=("$line")
		fi
	done < <(selftests/run-vm.sh "$@")
}

echo "== VM selftests"
vm_tally
# Documentation/kernels.rst says what each probe attaches to on each
# kernel: it must be what this run saw (the releases it names aside:
# Debian's updates move them without changing a probe).
if /usr/bin/python3 scripts/kernels-doc.py build/kernels.rst &&
   diff -u -I '^Written from a run on ' Documentation/kernels.rst build/kernels.rst; then
	ok "Documentation/kernels.rst matches this run's probes"
else
	ko "Documentation/kernels.rst matches this run's probes" "run make kernels-doc"
fi

echo "== stress, short (make stress runs the long one)"
vm_tally --stress short
n=$(scripts/kernels.sh | wc -l)
if [ "$n" -lt 4 ]; then
	ko "kernel matrix" "only $n of 4 kernels (6.1, 6.12, 6.12-rt, 7.x) installed"
fi

echo "== summary ($(($(date +%s) - t0)) s)"
for s in "${summary[@]}"; do echo "  $s"; done
[ "$skip" -eq 0 ] || echo "  $skip skipped (reasons in build/results/*.log)"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
