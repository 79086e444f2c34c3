# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
#
# Sourced by check.sh and stress.sh.  tally LINE: if LINE is a
# selftests/run-vm.sh summary ("NAME (RELEASE): N passed, N failed, N
# skipped (T s)"), add its counts to $pass, $fail and $skip.
tally() {
	[[ $1 =~ :\ ([0-9]+)\ passed,\ ([0-9]+)\ failed,\ ([0-9]+)\ skipped ]] ||
		return 1
	pass=$((pass + BASH_REMATCH[1]))
	fail=$((fail + BASH_REMATCH[2]))
	skip=$((skip + BASH_REMATCH[3]))
}
