#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the kernel's kbuild for the headers in KDIR: make -C KDIR ARGS...
#
# usage: kbuild.sh KDIR ARGS...
#
# Headers inside a build root (a directory marked .vmscope-buildroot, made
# by scripts/install.sh for a kernel whose build tools need a newer
# userland than the host's) are used inside that root: in private mount
# and pid namespaces, the project is bind-mounted at its own path, /proc
# is mounted (objtool reads it), and make runs chrooted.  Objects land in
# the project's build/ as for any other kernel.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
kdir=$(readlink -f "$1")
shift
root=$kdir
while [ "$root" != / ] && [ ! -f "$root/.vmscope-buildroot" ]; do
	root=$(dirname "$root")
done
if [ "$root" = / ]; then
	exec make -C "$kdir" "$@"
fi
mkdir -p "$root$top"
# shellcheck disable=SC2016
exec unshare -m -p -f sh -c '
	root=$1 top=$2 kdir=$3
	shift 3
	mount --make-rprivate /
	mount --bind "$top" "$root$top"
	mount -t proc proc "$root/proc"
	exec chroot "$root" make -C "${kdir#"$root"}" "$@"
' sh "$root" "$top" "$kdir" "$@"
