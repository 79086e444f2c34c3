#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: what vmscope costs.  Boots one VM per kernel (BENCH_KERNELS,
# default 6.12) under QEMU's instruction counting (-icount shift=1: guest
# time follows instructions executed, not the host's load), runs every
# workload of bench/workload.c under each configuration, interleaved
# round by round (BENCH_ROUNDS, default 5), and prints per kernel a table
# of medians, minimums and ratios to the unloaded kernel.  The same numbers
# go to build/bench/<kernel>.json.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
kernels=${BENCH_KERNELS:-6.12}
rounds=${BENCH_ROUNDS:-5}

scripts/install.sh >/dev/null
mkdir -p build/bench
cc -O2 -Wall -o build/bench/workload bench/workload.c
cc -O2 -Wall -o build/bench/sleepers bench/sleepers.c
make -s client >/dev/null
# The file the major-fault workload reads; the guest copies it to a RAM
# disk (9p reads are host I/O, which -icount cannot make deterministic).
[ -f build/bench/major.dat ] ||
	head -c $((256 * 4096)) /dev/urandom >build/bench/major.dat

for name in $kernels; do
	make -s KERNEL="$name" module >"build/bench/make-$name.log" 2>&1 || {
		echo "bench: build for $name failed (build/bench/make-$name.log)" >&2
		exit 1
	}
	raw=build/bench/$name.raw
	echo "bench: $name: $rounds rounds under -icount shift=1 ..." >&2
	# One vCPU: 6.1 does not bring up a second one under -icount, and
	# the workloads are single-threaded.
	VMSCOPE_CPUS=1 VMSCOPE_QEMU_OPTS="-icount shift=1" timeout 7200 \
		scripts/vm.sh "$name" "$top/bench/guest.sh $top $rounds" 2>&1 |
		tee "$raw.log" | grep -a -E '^(run|snap|mem|info) ' >"$raw" || true
	/usr/bin/python3 bench/report.py "$name" "$raw" "build/bench/$name.json"
done
