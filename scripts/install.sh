#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what vmscope needs on a Debian 12 (bookworm) machine; idempotent.
#
# Everything comes from Debian's archive.  virtme-ng is taken from trixie
# with a Pin-Priority of 100, so that nothing else leaves bookworm.  The
# parts of linux-source-6.12 the build needs (kselftest_harness.h,
# checkpatch.pl and its data, tools/net/ynl) are extracted into build/ksrc.
#
# A second run installs nothing and takes a few seconds.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
ksrc=$top/build/ksrc

step_t0=0
step() { step_t0=$(date +%s.%N); printf 'install: %s ... ' "$1"; }
done_step() {
	printf '%s (%.1f s)\n' "$1" "$(echo "$(date +%s.%N) - $step_t0" | bc)"
}

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo

# Debian 12 packages.  The kernel matrix: 6.1 (linux-image-amd64), 6.12
# and 6.12 PREEMPT_RT, each with its headers.
PKGS="build-essential bc bison flex libelf-dev pkg-config sparse xz-utils
      libnl-3-dev libnl-genl-3-dev python3 python3-yaml python3-jsonschema
      busybox-static
      qemu-system-x86 kmod stress-ng
      linux-image-amd64 linux-headers-amd64
      linux-image-6.12-amd64 linux-headers-6.12-amd64
      linux-image-6.12-rt-amd64 linux-headers-6.12-rt-amd64
      linux-source-6.12"

missing() {
	local p out=
	for p in "$@"; do
		dpkg-query -W -f='${db:Status-Status}\n' "$p" 2>/dev/null |
			grep -qx installed || out="$out $p"
	done
	echo "$out"
}

apt_updated=
apt_update() {
	[ -n "$apt_updated" ] && return
	$SUDO apt-get update -q >/dev/null
	apt_updated=1
}

apt_install() {
	# INITRD=No: virtme-ng never uses the initramfs images.
	$SUDO env DEBIAN_FRONTEND=noninteractive INITRD=No \
		apt-get install -y -q --no-install-recommends "$@" >/dev/null
}

step "trixie suite pinned at 100 (for virtme-ng only)"
src=/etc/apt/sources.list.d/vmscope-trixie.sources
pin=/etc/apt/preferences.d/vmscope-trixie
if [ -f "$src" ] && [ -f "$pin" ]; then
	done_step "present"
else
	$SUDO tee "$src" >/dev/null <<'EOT'
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOT
	$SUDO tee "$pin" >/dev/null <<'EOT'
Package: *
Pin: release n=trixie
Pin-Priority: 100
EOT
	apt_updated=
	done_step "added"
fi

step "bookworm packages"
m=$(missing $PKGS)
if [ -z "$m" ]; then
	done_step "all present"
else
	echo
	echo "install: installing:$m"
	apt_update
	# shellcheck disable=SC2086
	apt_install $m
	done_step "installed"
fi

step "virtme-ng (trixie)"
if command -v vng >/dev/null 2>&1; then
	done_step "present ($(dpkg-query -W -f='${Version}' virtme-ng 2>/dev/null))"
else
	apt_update
	apt_install virtme-ng/trixie
	done_step "installed"
fi

step "kernel source parts from linux-source-6.12 into build/ksrc"
tarball=$(ls /usr/src/linux-source-6.12.tar.xz 2>/dev/null || true)
stamp=$ksrc/.stamp
if [ -z "$tarball" ]; then
	echo "linux-source-6.12 tarball missing" >&2
	exit 1
fi
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(stat -c %Y "$tarball")" ]; then
	done_step "present"
else
	rm -rf "$ksrc"
	mkdir -p "$ksrc"
	tar -C "$ksrc" --strip-components=1 -xJf "$tarball" \
		--wildcards \
		'*/tools/testing/selftests/kselftest_harness.h' \
		'*/tools/testing/selftests/kselftest.h' \
		'*/scripts/checkpatch.pl' \
		'*/scripts/spelling.txt' \
		'*/scripts/const_structs.checkpatch' \
		'*/tools/net/ynl' \
		'*/Documentation/netlink/genetlink.yaml' \
		'*/Documentation/netlink/genetlink-legacy.yaml' \
		'*/Documentation/netlink/genetlink-c.yaml'
	# ynl-gen-c.py looks for the kernel tree's root by its MAINTAINERS
	# file; an empty one marks build/ksrc as that root.
	: >"$ksrc/MAINTAINERS"
	stat -c %Y "$tarball" >"$stamp"
	done_step "extracted"
fi
