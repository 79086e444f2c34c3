#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Print the kernel matrix, one kernel a line:
#   NAME RELEASE HEADERS VMLINUZ
# NAME is 6.1, 6.12 or 6.12-rt (the newest installed release of each wins),
# and for the next kernel its MAJOR.MINOR (7.3): the newest 7.x of
# trixie-backports that scripts/install.sh set up under $VMSCOPE_NEXT.
# With an argument, print only that kernel's line (exit 1 if absent); the
# kernels of make stress-debug (6.12-debug, 6.12-kcsan: built by
# scripts/debug-kernel.sh, headers and vmlinuz in their build tree) are
# printed only when named.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)

newest() {
	# $1: glob of header directories
	# shellcheck disable=SC2086
	ls -d $1 2>/dev/null | grep -v common | sort -V | tail -n 1
}

line() {
	local name=$1 hdr
	hdr=$(newest "$2")
	[ -n "$hdr" ] || return 0
	local rel
	rel=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' \
		"$hdr/include/generated/utsrelease.h")
	echo "$name $rel $hdr /boot/vmlinuz-$rel"
}

next=${VMSCOPE_NEXT:-/var/lib/vmscope/next}

nextline() {
	local ver hdr rel
	[ -f "$next/version" ] || return 0
	ver=$(cat "$next/version")
	hdr=$next/root/usr/src/linux-headers-$ver
	[ -f "$hdr/include/generated/utsrelease.h" ] || return 0
	rel=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' \
		"$hdr/include/generated/utsrelease.h")
	echo "${ver%%.*}.$(echo "$ver" | cut -d. -f2) $rel $hdr" \
		"$next/kernel-$ver/usr/lib/modules/$ver/vmlinuz"
}

all() {
	line 6.1 '/usr/src/linux-headers-6.1.*-amd64'
	line 6.12 '/usr/src/linux-headers-6.12.*[0-9]-amd64'
	line 6.12-rt '/usr/src/linux-headers-6.12.*-rt-amd64'
	nextline
}

debugline() {
	local tree rel
	tree=$("$top/scripts/debug-kernel.sh" --path "$2" 2>/dev/null) || return 0
	[ -f "$tree/.vmscope-built" ] || return 0
	rel=$(cat "$tree/include/config/kernel.release")
	echo "$1 $rel $tree $tree/arch/x86/boot/bzImage"
}

if [ $# -eq 0 ]; then
	all
else
	case $1 in
	6.12-debug) debugline "$1" debug ;;
	6.12-kcsan) debugline "$1" kcsan ;;
	*) all ;;
	esac | awk -v n="$1" '$1 == n { print; found = 1 } END { exit !found }'
fi
