#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Mirror the module sources into DIR with symlinks, so that an out-of-tree
# build in DIR writes its objects there and not into the source tree.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=$1
mkdir -p "$out/module"
ln -sfn "$top/Kbuild" "$out/Kbuild"
ln -sfn "$top/uapi" "$out/uapi"
# Drop links to files that no longer exist, then link every source.
find "$out/module" -maxdepth 1 -xtype l -delete
for f in "$top"/module/*.[ch]; do
	ln -sfn "$f" "$out/module/$(basename "$f")"
done
