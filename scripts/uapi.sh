#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Generate from the YAML spec, with the kernel's own ynl-gen-c.py (from
# linux-source-6.12, in build/ksrc): the uapi header uapi/linux/vmscope.h
# (--mode uapi), and the module's policies, split ops and family,
# module/netlink-gen.[ch] (--mode kernel, as net/core/netdev-genl-gen.c).
#
# usage: uapi.sh --check    fail if a committed file differs
#        uapi.sh --update   rewrite the committed files
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
ksrc=$top/build/ksrc
spec=Documentation/netlink/specs/vmscope.yaml
[ -f "$ksrc/tools/net/ynl/ynl-gen-c.py" ] || "$top/scripts/install.sh" >/dev/null
# ynl-gen-c.py finds the schema and names the files' source relative to
# the kernel tree it runs in: give it a copy of the spec there.
mkdir -p "$ksrc/$(dirname $spec)"
cp "$top/$spec" "$ksrc/$spec"
out=$top/build/uapi
mkdir -p "$out"
gen() {	# gen MODE PART OUT
	/usr/bin/python3 "$ksrc/tools/net/ynl/ynl-gen-c.py" --mode "$1" "$2" \
		--spec "$ksrc/$spec" -o "$3"
}
gen uapi --header "$out/vmscope.h"
gen kernel --header "$out/netlink-gen.h"
gen kernel --source "$out/netlink-gen.c"
status=0
for f in uapi/linux/vmscope.h module/netlink-gen.h module/netlink-gen.c; do
	case "${1:---check}" in
	--update)
		cp "$out/$(basename "$f")" "$top/$f"
		echo "uapi: $f regenerated from $spec"
		;;
	--check)
		if diff -u "$top/$f" "$out/$(basename "$f")"; then
			echo "uapi: $f agrees with $spec"
		else
			echo "uapi: $f differs from $spec: run make uapi" >&2
			status=1
		fi
		;;
	esac
done
exit $status
