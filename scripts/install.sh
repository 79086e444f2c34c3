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
# The next kernel (newest 7.x of trixie-backports) gets a trixie build root
# and a kernel root under /var/lib/vmscope/next (see the end of this file).
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

# One installer at a time: make check, make bench and make stress start
# with it, and two of them at once (from two clones) raced for the apt
# lock of the build root ("Could not get lock /var/lib/apt/lists/lock").
lock=/run/lock/vmscope-install.lock
{ exec 9>>"$lock"; } 2>/dev/null ||
	{ lock=${TMPDIR:-/tmp}/vmscope-install.$(id -u).lock; exec 9>>"$lock"; }
flock -w 1800 9 || { echo "install: $lock still held after 30 min" >&2; exit 1; }

# Debian 12 packages.  The kernel matrix: 6.1 (linux-image-amd64), 6.12
# and 6.12 PREEMPT_RT, each with its headers.
PKGS="build-essential bc bison flex libelf-dev libssl-dev pkg-config sparse xz-utils
      libnl-3-dev libnl-genl-3-dev python3 python3-yaml python3-jsonschema
      python3-docutils
      busybox-static
      qemu-system-x86 kmod stress-ng debootstrap zstd bpftrace dkms
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
# The tarball's time and the version of the list below: a list that
# grows is extracted again.
want="$(stat -c %Y "$tarball" 2>/dev/null) parts-2"
if [ -z "$tarball" ]; then
	echo "linux-source-6.12 tarball missing" >&2
	exit 1
fi
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
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
		'*/tools/accounting/getdelays.c' \
		'*/include/uapi/linux/taskstats.h' \
		'*/Documentation/netlink/genetlink.yaml' \
		'*/Documentation/netlink/genetlink-legacy.yaml' \
		'*/Documentation/netlink/genetlink-c.yaml'
	# ynl-gen-c.py looks for the kernel tree's root by its MAINTAINERS
	# file; an empty one marks build/ksrc as that root.
	: >"$ksrc/MAINTAINERS"
	echo "$want" >"$stamp"
	done_step "extracted"
fi

# The next kernel: Debian's newest 7.x, from trixie-backports.  Debian 12
# cannot build modules for it (its kbuild tools need glibc >= 2.38, the
# kernel was built with gcc-14), so the headers live in a trixie build
# root, and the kernel (binary, modules, config) is extracted into a kernel
# root that virtme-ng boots.  Both stay under $next, outside the host
# system; the version is looked up by name on every run (the archive keeps
# only the current one), and a version already built is reused.
next=${VMSCOPE_NEXT:-/var/lib/vmscope/next}
mirror=http://deb.debian.org/debian
step "next kernel: trixie build root ($next/root)"
root=$next/root
if [ -x "$root/usr/bin/make" ] && [ -f "$root/.vmscope-buildroot" ]; then
	done_step "present"
else
	$SUDO rm -rf "$root"
	$SUDO mkdir -p "$next"
	$SUDO debootstrap --variant=minbase --include=make trixie "$root" \
		"$mirror" >"$next/debootstrap.log" 2>&1 ||
		{ echo "debootstrap failed: see $next/debootstrap.log" >&2; exit 1; }
	echo "deb $mirror trixie-backports main" |
		$SUDO tee "$root/etc/apt/sources.list.d/backports.list" >/dev/null
	$SUDO touch "$root/.vmscope-buildroot"
	done_step "created"
fi

# apt-get in the build root; its output goes to $next/apt.log, shown when
# it fails.  (No /dev/pts in there: dpkg cannot log to a terminal.)
chroot_apt() {
	$SUDO chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get \
		-o APT::Sandbox::User=root "$@" >>"$next/apt.log" 2>&1 ||
		{ tail -n 20 "$next/apt.log" >&2; return 1; }
}

step "next kernel: newest linux-headers-7.x-amd64 of trixie-backports"
$SUDO rm -f "$next/apt.log"
chroot_apt update -q
ver=$($SUDO chroot "$root" apt-cache search --names-only '^linux-headers-7\.[0-9]+\.[0-9]+\+deb[0-9]+-amd64$' |
	awk '{ print $1 }' | sed 's/^linux-headers-//' | sort -V | tail -n 1)
if [ -z "$ver" ]; then
	echo "no linux-headers-7.x-amd64 in trixie-backports" >&2
	exit 1
fi
if [ -f "$root/usr/src/linux-headers-$ver/include/generated/utsrelease.h" ] &&
   [ -x "$root/usr/bin/sparse" ]; then
	done_step "$ver present"
else
	chroot_apt install -y -q --no-install-recommends -t trixie-backports \
		"linux-headers-$ver" binutils sparse
	done_step "$ver installed"
fi

# The 7.x headers package lacks scripts/checker-valid.sh, which kbuild
# asks whether sparse can check this kernel before a C=1/C=2 build.  Ours
# answers the same question: does the checker run, and does it parse
# __typeof_unqual__, which these headers use?  (Debian's sparse 0.6.4 does
# not: kbuild then says so and skips sparse, and lint reports a SKIP.)
checker=$root/usr/src/linux-headers-${ver%-amd64}-common/scripts/checker-valid.sh
if [ -d "$(dirname "$checker")" ]; then
	$SUDO tee "$checker" >/dev/null <<'EOT'
#!/bin/sh
# Written by vmscope's scripts/install.sh: print 1 if the checker "$@" can
# check this kernel.
[ $# -gt 0 ] || exit 0
t=$(mktemp) || exit 0
printf 'int a;\n__typeof_unqual__(a) b;\n' >"$t"
# (sparse exits 0 after errors: no output is the answer.)
out=$("$@" -x c "$t" 2>&1) && [ -z "$out" ] && echo 1
rm -f "$t"
exit 0
EOT
	$SUDO chmod +x "$checker"
fi

step "next kernel: kernel root $next/kernel-$ver"
kroot=$next/kernel-$ver
if [ -f "$kroot/usr/lib/modules/$ver/vmlinuz" ] &&
   [ -f "$kroot/usr/lib/modules/$ver/modules.dep" ]; then
	done_step "present"
else
	$SUDO rm -rf "$kroot" "$root/tmp/vmscope-debs"
	$SUDO mkdir -p "$root/tmp/vmscope-debs" "$kroot"
	# (linux-base is installed in the root already, as a dependency of the
	# headers: "install --download-only" would skip it.)
	$SUDO chroot "$root" sh -c "cd /tmp/vmscope-debs && apt-get download \
		-o APT::Sandbox::User=root -q linux-binary-$ver \
		linux-modules-$ver linux-base-$ver" >>"$next/apt.log" 2>&1 ||
		{ tail -n 20 "$next/apt.log" >&2; exit 1; }
	for d in "$root"/tmp/vmscope-debs/linux-*"$ver"*.deb; do
		$SUDO dpkg-deb -x "$d" "$kroot"
	done
	$SUDO rm -rf "$root/tmp/vmscope-debs"
	$SUDO ln -sfn usr/lib "$kroot/lib"
	$SUDO depmod -a -b "$kroot" "$ver"
	done_step "extracted"
fi
# Older kernel roots and headers are left for a rerun to reuse; the
# matrix uses the newest (scripts/kernels.sh).
echo "$ver" | $SUDO tee "$next/version" >/dev/null
