#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo: install what is missing, build, boot a VM on a Debian kernel
# (KERNEL=6.1|6.12|6.12-rt|7.x, default 6.12), load vmscope and run one
# scene per concept (DEMO=demand|major|cow|pgtbl|thp|swap|thrashing|oom
# picks one), each showing vmscope's numbers beside the kernel's own.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
kernel=${KERNEL:-6.12}
case ${DEMO:-} in
"" | demand | major | cow | pgtbl | thp | swap | thrashing | oom) ;;
*)
	echo "demo: no scene '$DEMO' (demand, major, cow, pgtbl, thp, swap, thrashing, oom)" >&2
	exit 2
	;;
esac

scripts/install.sh
read -r _ rel hdr _ < <(scripts/kernels.sh "$kernel") || {
	echo "demo: kernel $kernel is not installed (scripts/kernels.sh lists the matrix)" >&2
	exit 1
}
make -s KDIR="$hdr" module
make -s client selftests
echo "demo: booting $rel in a VM (QEMU TCG: about a minute)"
scripts/vm.sh "$kernel" "$top/scripts/demo-guest.sh $top ${DEMO:-}" 2>&1 | tee build/demo.log
