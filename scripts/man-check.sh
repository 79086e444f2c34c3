#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The man page (userspace/vmscope.8) documents every command and option
# that `vmscope -h` lists.  Prints what is missing; exit status 1 if any.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
man=$top/userspace/vmscope.8
help=$("$top/userspace/vmscope" -h 2>&1)
missing=0
# Commands: "  name    ARGS" lines; options: every -x / --word in the help.
# A command must head an entry (.TP) of the COMMANDS section.
cmds=$(sed -n '/^\.SH COMMANDS/,/^\.SH [^C]/p' "$man" | grep -A1 '^\.TP')
for cmd in $(sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p; s/^  \([a-z][a-z]*\) *$/\1/p' <<<"$help"); do
	grep -q -E "^\.B[IR]? \"?$cmd\b" <<<"$cmds" ||
		{ echo "man-check: command $cmd is not in vmscope.8"; missing=1; }
done
for opt in $(grep -o -E -- '(^|[ [|])--?[a-z][a-z-]*' <<<"$help" | tr -d ' [|' | sort -u); do
	grep -q -F -- "$(sed 's/-/\\-/g' <<<"$opt")" "$man" ||
		{ echo "man-check: option $opt is not in vmscope.8"; missing=1; }
done
exit $missing
