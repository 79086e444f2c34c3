#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# checkpatch.pl --strict on every C file, docutils on Documentation/, then
# W=1 and sparse (C=2) builds of the module for each kernel of the matrix.
# Any message fails.
# Prints "lint: <check>: ok|FAILED" per check; exits non-zero on failure.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
checkpatch=build/ksrc/scripts/checkpatch.pl
fail=0

[ -x "$checkpatch" ] || [ -f "$checkpatch" ] || scripts/install.sh >/dev/null

# The keys are one list, VMSCOPE_KEYS(X) (uapi/linux/vmscope_keys.h), that
# helper macros expand into enums, tables and straight-line code: the
# X-macro idiom checkpatch does not know.  Its helpers take every field
# and use some, expand to a statement with its semicolon, or to a list.
xmacro=MACRO_ARG_UNUSED,COMPLEX_MACRO,MACRO_ARG_REUSE,MULTISTATEMENT_MACRO_USE_DO_WHILE,TRAILING_SEMICOLON,MACRO_ARG_PRECEDENCE

cp_run() {	# cp_run LABEL IGNORES FILES...
	local label=$1 ignore=$2 out
	shift 2
	out=$(perl "$checkpatch" --strict --no-tree --terse --show-types \
		--ignore "FILE_PATH_CHANGES,SPDX_LICENSE_TAG,$xmacro$ignore" -f "$@" 2>&1 |
		grep -v -e '^total:' -e 'has no obvious style problems' -e '^$')
	if [ -z "$out" ]; then
		echo "lint: checkpatch --strict, $label ($# files): ok"
	else
		echo "$out"
		echo "lint: checkpatch --strict, $label: FAILED"
		fail=1
	fi
}

# shellcheck disable=SC2046
# Generated files aside (make check diffs them against the generator's).
cp_run "module, uapi, selftests" "" $(ls module/*.[ch] uapi/linux/*.h \
	selftests/*.[ch] selftests/workloads/*.c | grep -v -e '-gen\.[ch]$')
# Userspace follows the kernel's tools/ conventions: C99 types, libc
# string functions, no kernel-only macros.
# shellcheck disable=SC2046
cp_run "userspace" ",PREFER_KERNEL_TYPES,CAMELCASE,STRCPY,STRNCPY,PREFER_DEFINED_ATTRIBUTE_MACRO,BIT_MACRO,VOLATILE,EMBEDDED_FUNCTION_NAME,LONG_LINE_STRING" \
	$(ls userspace/*.[ch] bench/*.c)

# Documentation: docutils parses every page; a malformed table, a broken
# reference or bad indentation fails (the rendering is not checked).
docs=(Documentation/*.rst)
if out=$(/usr/bin/python3 scripts/rst-check.py "${docs[@]}" 2>&1); then
	echo "lint: docutils, Documentation (${#docs[@]} files): ok"
else
	echo "$out" | grep -v ': ok$'
	echo "lint: docutils, Documentation: FAILED"
	fail=1
fi

# The sparse that kbuild would run for the headers in $1.
sparse_version() {
	local root=$1
	while [ "$root" != / ] && [ ! -f "$root/.vmscope-buildroot" ]; do
		root=$(dirname "$root")
	done
	[ "$root" = / ] && root=
	echo "sparse $(chroot "${root:-/}" sparse --version 2>/dev/null || echo '(absent)')"
}

while read -r name rel hdr _; do
	dir=build/lint/$rel
	rm -rf "$dir"
	scripts/mirror.sh "$dir"
	log=$dir.log
	scripts/kbuild.sh "$hdr" M="$top/$dir" W=1 C=2 modules >"$log" 2>&1
	rc=$?
	msgs=$(grep -E 'warning|error' "$log")
	# kbuild skips sparse when it cannot check this kernel's headers:
	# say so, never report it as checked.
	nosparse=$(grep 'is not available or not up to date' "$log")
	if [ $rc -eq 0 ] && [ -z "$msgs" ] && [ -n "$nosparse" ]; then
		echo "lint: $name: W=1: ok"
		echo "lint: $name: sparse C=2: SKIP ($(sparse_version "$hdr") cannot parse this kernel's headers)"
	elif [ $rc -eq 0 ] && [ -z "$msgs" ]; then
		echo "lint: $name: W=1 C=2 (sparse): ok"
	else
		echo "$msgs"
		echo "lint: $name: W=1 C=2 (sparse): FAILED (exit $rc, see $log)"
		fail=1
	fi
done < <(scripts/kernels.sh)
exit $fail
