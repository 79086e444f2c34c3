#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot a kernel of the matrix in a virtme-ng VM and run a command in it.
#
# usage: vm.sh NAME COMMAND...     NAME: 6.1, 6.12 or 6.12-rt
#
# The VM shares the host's file system read-only, build/ read-write.
# QEMU runs under TCG: the stock kernels do not boot on KVM on the machines
# this project is tested on (VMSCOPE_KVM=1 turns KVM back on where it
# works).  TCG runs single-threaded (thread=single): with multi-threaded
# TCG, code that the kernel patches at run time while another vCPU runs it
# (kprobes and ftrace on handle_mm_fault under a faulting load) is seen
# stale by that vCPU and the guest crashes at random; that is an emulation
# artefact, which a single-threaded TCG and real CPUs do not show.
# VMSCOPE_VERBOSE=1 shows the guest's kernel console (vng --verbose);
# VMSCOPE_QEMU_OPTS adds QEMU options (make bench adds -icount);
# VMSCOPE_CPUS sets the number of vCPUs (default 2); VMSCOPE_APPEND adds
# kernel command-line options (make stress's debugging options).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
name=$1
shift
read -r _ rel _ vmlinuz < <("$top/scripts/kernels.sh" "$name") || {
	echo "vmscope: kernel $name is not installed: run scripts/install.sh" >&2
	exit 1
}
if [ "${VMSCOPE_KVM:-0}" = 1 ]; then
	accel=()
	qopts=${VMSCOPE_QEMU_OPTS:-}
else
	accel=(--disable-kvm)
	qopts="-accel tcg,thread=single ${VMSCOPE_QEMU_OPTS:-}"
fi
echo "vm: booting $rel" >&2
append=()
[ -z "${VMSCOPE_APPEND:-}" ] || append=(--append "$VMSCOPE_APPEND")
[ "${VMSCOPE_VERBOSE:-0}" = 1 ] && append+=(--verbose)
exec vng "${accel[@]}" "${append[@]}" --force-9p -r "$vmlinuz" --cpus "${VMSCOPE_CPUS:-2}" --memory 2G \
	--qemu-opts="$qopts" --rwdir="$top/build=$top/build" --exec "$*"
