#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vmscope through DKMS.
#
#   dkms.sh install     copy the module sources to /usr/src/vmscope-VERSION,
#                       dkms add, then build and install for every kernel
#                       that has headers in /lib/modules/RELEASE/build
#   dkms.sh uninstall   dkms remove --all, drop /usr/src/vmscope-VERSION
#   dkms.sh check       make check's test: dkms builds the module for every
#                       kernel of the matrix, in private trees under
#                       build/dkms (the system's dkms tree is untouched)
#
# Only what the module build needs is copied (not build/ or .git).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' dkms.conf)
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo

# stage DIR: the sources dkms copies and builds, in DIR/vmscope-VERSION.
stage() {
	local d=$1/vmscope-$ver
	$SUDO rm -rf "$d"
	$SUDO mkdir -p "$d/scripts"
	$SUDO cp -r dkms.conf Makefile Kbuild module uapi "$d/"
	$SUDO cp scripts/mirror.sh scripts/kbuild.sh scripts/kernels.sh "$d/scripts/"
}

case ${1:-} in
install)
	command -v dkms >/dev/null || {
		echo "dkms: not installed (apt-get install dkms)" >&2
		exit 1
	}
	$SUDO dkms remove "vmscope/$ver" --all >/dev/null 2>&1 || true
	stage /usr/src
	$SUDO dkms add "vmscope/$ver"
	n=0
	for b in /lib/modules/*/build; do
		[ -f "$b/Makefile" ] || continue
		k=$(basename "$(dirname "$b")")
		$SUDO dkms install "vmscope/$ver" -k "$k"
		n=$((n + 1))
	done
	[ "$n" -gt 0 ] || echo "dkms: no kernel has headers in /lib/modules/*/build;" \
		"dkms builds vmscope when linux-headers for one are installed"
	;;
uninstall)
	$SUDO dkms remove "vmscope/$ver" --all || true
	$SUDO rm -rf "/usr/src/vmscope-$ver"
	;;
check)
	# dkms add, then dkms build for every kernel of the matrix (7.x in
	# its build root, through scripts/kbuild.sh), in private trees; one
	# kernel a line: "ok NAME RELEASE MODULE" or "FAIL NAME RELEASE (log)".
	# Not dkms install: it runs depmod on the system's
	# /lib/modules/RELEASE whatever the install tree.
	t=$top/build/dkms
	rm -rf "$t"
	mkdir -p "$t/src" "$t/tree"
	stage "$t/src"
	opts=(--sourcetree "$t/src" --dkmstree "$t/tree")
	dkms add "vmscope/$ver" "${opts[@]}" >"$t/add.log" 2>&1 || {
		echo "FAIL dkms add (build/dkms/add.log)"
		exit 1
	}
	fail=0
	while read -r name rel hdr _; do
		log=$t/$name.log
		if dkms build "vmscope/$ver" "${opts[@]}" -k "$rel" \
			--kernelsourcedir "$hdr" >"$log" 2>&1 &&
			ko=$(echo "$t/tree/vmscope/$ver/$rel"/*/module/vmscope.ko*) &&
			[ "$(modinfo -F vermagic "$ko" 2>>"$log" | cut -d' ' -f1)" = "$rel" ]; then
			echo "ok $name $rel ${ko#"$top"/}"
		else
			echo "FAIL $name $rel (build/dkms/$name.log)"
			fail=1
		fi
	done < <(scripts/kernels.sh)
	exit $fail
	;;
*)
	echo "usage: dkms.sh install|uninstall|check" >&2
	exit 2
	;;
esac
