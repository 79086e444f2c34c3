#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Generate uapi/linux/vmscope.h from the YAML spec with the kernel's own
# ynl-gen-c.py (from linux-source-6.12, in build/ksrc).
#
# usage: uapi.sh --check    fail if the committed header differs
#        uapi.sh --update   rewrite the committed header
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
ksrc=$top/build/ksrc
spec=Documentation/netlink/specs/vmscope.yaml
[ -f "$ksrc/tools/net/ynl/ynl-gen-c.py" ] || "$top/scripts/install.sh" >/dev/null
# ynl-gen-c.py finds the schema and names the header's source relative to
# the kernel tree it runs in: give it a copy of the spec there.
mkdir -p "$ksrc/$(dirname $spec)"
cp "$top/$spec" "$ksrc/$spec"
out=$top/build/uapi/vmscope.h
mkdir -p "$(dirname "$out")"
/usr/bin/python3 "$ksrc/tools/net/ynl/ynl-gen-c.py" --mode uapi --header \
	--spec "$ksrc/$spec" -o "$out"
case "${1:---check}" in
--update)
	cp "$out" "$top/uapi/linux/vmscope.h"
	echo "uapi: uapi/linux/vmscope.h regenerated from $spec"
	;;
--check)
	if diff -u "$top/uapi/linux/vmscope.h" "$out"; then
		echo "uapi: uapi/linux/vmscope.h agrees with $spec"
	else
		echo "uapi: uapi/linux/vmscope.h differs from $spec: run make uapi" >&2
		exit 1
	fi
	;;
esac
