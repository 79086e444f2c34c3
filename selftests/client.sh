#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# VM selftest of the netlink family through the client and through the
# kernel's own ynl cli.py: numbers against /proc/PID/stat, access rules for
# an unprivileged user, pid namespaces, events.  Run as root with vmscope
# loaded; prints TAP lines.
#
# usage: client.sh TOP
set -u
top=$1
vs=$top/userspace/vmscope
py=/usr/bin/python3
ynl="$py $top/build/ksrc/tools/net/ynl/cli.py --spec $top/Documentation/netlink/specs/vmscope.yaml --schema $top/build/ksrc/Documentation/netlink/genetlink.yaml"
n=0
t() {	# t NAME CONDITION-STATUS [DETAIL]
	n=$((n + 1))
	if [ "$2" -eq 0 ]; then echo "ok $n client.$1"; else echo "not ok $n client.$1${3:+ # $3}"; fi
}
jget() {	# jget KEY < json: print .KEY
	$py -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"
}
# Sleeps are no synchronisation on a slow kernel (a debug one under TCG):
# wait for what the test needs, up to 20 s.
settled() {	# settled PID COMM: PID runs COMM and sleeps (faults no more)
	local i
	for i in $(seq 100); do
		[ "$(sed -n 's/^[0-9]* (\(.*\)) \([A-Z]\) .*/\1 \2/p' /proc/"$1"/stat 2>/dev/null)" = "$2 S" ] &&
			return 0
		sleep 0.2
	done
	return 1
}
# An events stream writing to FILE is live: a process that exits after
# the call shows up in it.  Short-lived processes are started until one
# of them has a record there.
live() {	# live FILE
	local i p
	for i in $(seq 20); do
		sh -c 'exit 0' &
		p=$!
		wait $p
		sleep 1
		grep -q "\"pid\":$p[,}]" "$1" && return 0
	done
	return 1
}
until_in() {	# until_in FILE PATTERN: PATTERN (grep -E) turns up in FILE
	local i
	for i in $(seq 100); do
		grep -qE "$2" "$1" 2>/dev/null && return 0
		sleep 0.2
	done
	return 1
}
stat_f() {	# stat_f PID FIELD
	sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f$(($2 - 2))
}

echo "TAP version 13"
# A quiescent process that has faulted.  It must outlive every test here,
# killed at the end: on the debug kernels the tests take over 10 minutes.
sleep 86400 &
sp=$!
settled $sp sleep

out=$($vs --json show $sp)
min=$(echo "$out" | jget minflt); maj=$(echo "$out" | jget majflt)
[ "$min" = "$(stat_f $sp 10)" ] && [ "$maj" = "$(stat_f $sp 12)" ]
t show_equals_proc_stat $? "vmscope $min/$maj, /proc $(stat_f $sp 10)/$(stat_f $sp 12)"
echo "# vmscope show $sp: minflt $min majflt $maj; /proc/$sp/stat: $(stat_f $sp 10) $(stat_f $sp 12)"

$vs --json ps | $py -c '
import json, sys
ps = json.load(sys.stdin)["processes"]
pids = [p["pid"] for p in ps]
assert len(pids) == len(set(pids)), "a pid twice"
assert int(sys.argv[1]) in pids
' $sp
t ps_json_lists_process_once $?

$vs --prometheus show $sp | grep -q "^vmscope_minflt_total{pid=\"$sp\",comm=\"sleep\"} $min\$"
t prometheus_show $?

$vs show $sp | grep -q "^minflt *$min\$"
t table_show $?

$vs show 999999 2>/tmp/vs.err; rc=$?
[ $rc -eq 1 ] && grep -q "no such process" /tmp/vs.err && [ "$(wc -l </tmp/vs.err)" -eq 1 ]
t missing_pid_one_line_error $? "rc $rc: $(cat /tmp/vs.err)"

$vs show abc 2>/dev/null; [ $? -eq 2 ]
t bad_pid_usage_error $?

$vs --json sys | $py -c '
import json, sys
s = json.load(sys.stdin)
ev = {p["event"]: p for p in s["probes"]}
assert ev["fork"]["state"] == "attached" and ev["fork"]["hits"] > 0
assert s["procs_tracked"] > 0 and s["minflt"] > 0
'
t sys_json $?

# Every counter of Documentation/vmscope.rst, under its name; pgtbl_bytes is VmPTE.
$vs --json show $sp | $py -c '
import json, sys
p = json.load(sys.stdin)
names = ("minflt majflt cow_copy cow_reuse pgtbl_pte pgtbl_pmd pgtbl_pud "
         "pgtbl_p4d pgtbl_alloc pgtbl_bytes thp_fault swapin swapout "
         "oom_kill oom_trigger").split()
missing = [n for n in names if not isinstance(p.get(n), int)]
assert not missing, missing
vmpte = [int(l.split()[1]) for l in open("/proc/%s/status" % sys.argv[1])
         if l.startswith("VmPTE:")][0]
assert p["pgtbl_bytes"] == vmpte * 1024, (p["pgtbl_bytes"], vmpte)
assert p["pgtbl_alloc"] == sum(p["pgtbl_" + l] for l in ("pte", "pmd", "pud", "p4d"))
' $sp
t show_every_counter $?
$vs --prometheus show $sp | grep -q "^# TYPE vmscope_pgtbl_bytes gauge\$"
t prometheus_pgtbl_bytes_gauge $?
$vs ps -o pid,cow_copy 2>/tmp/vs.err; rc=$?
[ $rc -eq 2 ] && grep -q "unknown field 'pid'" /tmp/vs.err
t ps_columns_unknown_refused $? "rc $rc: $(cat /tmp/vs.err)"
$vs ps -o swapout,pgtbl_bytes -n 1 | head -1 | grep -q "^ *pid comm *swapout pgtbl_bytes\$"
t ps_columns_chosen $?
$vs --json sys | $py -c '
import json, sys
s = json.load(sys.stdin)
ev = {p["event"]: p for p in s["probes"]}
for e in ("cow_copy", "cow_reuse", "pgtbl_pte", "pgtbl_pmd", "pgtbl_pud",
          "swapin", "swapout", "oom_trigger", "oom_victim", "oom_kill"):
    assert ev[e]["state"] in ("attached", "fallback"), (e, ev[e])
thp = ev["thp_fault"]
assert thp["state"] in ("attached", "fallback") or \
    (thp["state"] == "unavailable" and "TRANSPARENT_HUGEPAGE" in thp["reason"]), thp
'
t sys_probes_attached_or_say_why $?

# watch: per-interval deltas; top: a plain-terminal refresh and JSON Lines.
$vs --json watch $sp -d 0.2 -c 2 | $py -c '
import json, sys
lines = [json.loads(l) for l in sys.stdin]
assert len(lines) == 2 and all(l["pid"] == int(sys.argv[1]) for l in lines)
assert all(l["minflt"] == 0 for l in lines)	# sleep does not fault
' $sp
t watch_json_lines $?
$vs top -d 0.2 -c 1 -n 5 </dev/null | grep -q "minflt/s"
t top_plain_terminal $?
$vs --json top -d 0.2 -c 2 | $py -c '
import json, sys
lines = [json.loads(l) for l in sys.stdin]
assert len(lines) == 2 and "processes" in lines[0]
'
t top_json_lines $?

# The kernel's own ynl cli.py, with nothing but the spec.
$ynl --do proc-get --json "{\"pid\": $sp}" >/tmp/ynl.out 2>&1 &&
	grep -q "'minflt': $min" /tmp/ynl.out
t ynl_proc_get $? "$(head -c 300 /tmp/ynl.out)"
$ynl --do sys-get >/tmp/ynl.out 2>&1 && grep -q "'procs-tracked'" /tmp/ynl.out
t ynl_sys_get $? "$(head -c 300 /tmp/ynl.out)"

# Events: an exit record for a process that exits, with its final counts.
$vs --json events >/tmp/vs.ev 2>&1 &
evp=$!
live /tmp/vs.ev
$top/build/selftests/workloads/touch 1000 >/tmp/vs.touch &
tp=$!
until_in /tmp/vs.touch touched
tmin=$(stat_f $tp 10)
kill $tp
wait $tp
until_in /tmp/vs.ev "\"pid\":$tp[,}]"
kill $evp
$py -c '
import json, sys
recs = [json.loads(l) for l in open("/tmp/vs.ev")]
assert all(r["event"] == "exit" for r in recs)
mine = [r["process"] for r in recs if r["process"]["pid"] == int(sys.argv[1])]
assert len(mine) == 1 and mine[0]["comm"] == "touch", recs
assert mine[0]["minflt"] >= int(sys.argv[2]) >= 1000, mine
' $tp "$tmin"
t events_exit_record $? "$(head -c 200 /tmp/vs.ev)"

# An OOM kill in a memcg: one record on the events stream, and in the
# records that vmscope oom and ynl oom-get dump.
cg=/sys/fs/cgroup/vmscope-client-$$
if mkdir "$cg" 2>/dev/null && echo 8M >"$cg/memory.max" &&
   echo 0 >"$cg/memory.swap.max"; then
	$vs --json events >/tmp/vs.oomev 2>&1 &
	evp=$!
	live /tmp/vs.oomev
	sh -c "echo \$\$ >$cg/cgroup.procs && exec $top/build/selftests/workloads/touch 8192" >/dev/null 2>&1 &
	hp=$!
	wait $hp
	until_in /tmp/vs.oomev '"event":"oom"'
	kill $evp
	$py -c '
import json, sys
recs = [json.loads(l) for l in open("/tmp/vs.oomev")]
ooms = [r for r in recs if r["event"] == "oom" and r["pid"] == int(sys.argv[1])]
assert len(ooms) == 1, recs
o = ooms[0]
assert o["constraint"] == "memcg" and o["memcg"] == sys.argv[2], o
assert o["comm"] == "touch" and o["trigger_pid"] == int(sys.argv[1]), o
' $hp "${cg#/sys/fs/cgroup}"
	t events_oom_record $? "$(grep oom /tmp/vs.oomev | head -c 300)"
	$vs --json oom | $py -c '
import json, sys
recs = [json.loads(l) for l in sys.stdin]
assert recs and [r for r in recs if r["pid"] == int(sys.argv[1])], recs
assert all(r["constraint"] in ("global", "memcg", "cpuset", "mempolicy") for r in recs)
' $hp
	t oom_lists_record $?
	$ynl --dump oom-get --output-json >/tmp/ynl.out 2>&1
	$py -c '
import json, sys
recs = json.load(open("/tmp/ynl.out"))
mine = [r for r in recs if r["pid"] == int(sys.argv[1])]
assert len(mine) == 1 and mine[0]["constraint"] == "memcg", mine
' $hp
	t ynl_oom_get $? "$(head -c 300 /tmp/ynl.out)"
	rmdir "$cg"
else
	echo "ok $((n += 1)) client.events_oom_record # SKIP no cgroup v2 memory controller"
fi

# The exits ring over netlink (ynl): the same record, the same counts.
$ynl --dump exit-get --output-json >/tmp/ynl.out 2>&1
$py -c '
import json, sys
recs = json.load(open("/tmp/ynl.out"))
mine = [r for r in recs if r["pid"] == int(sys.argv[1])]
ev = [json.loads(l)["process"] for l in open("/tmp/vs.ev")]
ev = [e for e in ev if e["pid"] == int(sys.argv[1])]
assert len(mine) == 1 and mine[0]["minflt"] == ev[0]["minflt"], (mine, ev)
assert mine[0]["exit-ns"] == ev[0]["exit_ns"]
' $tp
t ynl_exit_get_matches_event $? "$(head -c 300 /tmp/ynl.out)"

# An unprivileged user: its own processes only, no reset, no events.
id vmsuser >/dev/null 2>&1 || useradd -M -N -s /bin/sh vmsuser 2>/dev/null ||
	echo "vmsuser:x:4242:4242::/:/bin/sh" >>/etc/passwd
uid=$(id -u vmsuser)
asuser() { setpriv --reuid="$uid" --regid="$uid" --clear-groups "$@"; }
setpriv --reuid="$uid" --regid="$uid" --clear-groups sleep 86400 &
up=$!
settled $up sleep
asuser $vs --json show $up >/dev/null 2>/tmp/vs.err
t user_sees_own_process $? "$(cat /tmp/vs.err)"
asuser $vs show $sp 2>/tmp/vs.err; rc=$?
[ $rc -eq 1 ] && grep -q "permission denied" /tmp/vs.err
t user_denied_root_process $? "rc $rc: $(cat /tmp/vs.err)"
asuser $vs --json ps | $py -c '
import json, sys
ps = json.load(sys.stdin)["processes"]
assert ps and all(p["uid"] == int(sys.argv[1]) for p in ps), ps
' "$uid"
t user_ps_only_own $?
asuser $vs reset 2>/tmp/vs.err; rc=$?
[ $rc -eq 1 ] && grep -q "permission denied" /tmp/vs.err
t user_reset_denied $? "rc $rc: $(cat /tmp/vs.err)"
asuser $vs events -c 1 2>/tmp/vs.err; rc=$?
[ $rc -eq 1 ] && grep -q "permission denied" /tmp/vs.err
t user_events_denied $? "rc $rc: $(cat /tmp/vs.err)"
asuser $vs oom 2>/tmp/vs.err; rc=$?
[ $rc -eq 1 ] && grep -q "permission denied" /tmp/vs.err
t user_oom_denied $? "rc $rc: $(cat /tmp/vs.err)"
kill $up

# A new pid namespace sees its own pids, and nothing outside.
unshare -p -f --mount-proc sh -c "sleep 600 & sleep 0.3; $vs --json ps; kill \$!" >/tmp/vs.ns 2>&1
$py -c '
import json
ps = json.load(open("/tmp/vs.ns"))["processes"]
comms = {p["pid"]: p["comm"] for p in ps}
assert comms.get(1) == "sh" and len(ps) <= 3, comms
' 
t pidns_sees_own_pids $? "$(head -c 300 /tmp/vs.ns)"

# reset as root, through netlink.
$vs reset >/dev/null && [ "$($vs --json show $sp | jget minflt)" = 0 ]
t reset_zeroes $?

# For the record (comments, not tests): the views of one faulting process.
echo 1 >/sys/kernel/debug/vmscope/latency
$top/build/selftests/workloads/touch 4096 >/tmp/vs.touch &
wp=$!
until_in /tmp/vs.touch touched
echo 0 >/sys/kernel/debug/vmscope/latency
{
	echo "\$ vmscope ps --sort minflt -n 5"; $vs ps --sort minflt -n 5
	echo "\$ vmscope show $wp"; $vs show $wp
	echo "\$ vmscope --json show $wp"; $vs --json show $wp
	echo "\$ vmscope --prometheus show $wp | head -6"; $vs --prometheus show $wp | head -6
	echo "\$ cli.py --spec vmscope.yaml --do proc-get --json '{\"pid\": $wp}'"
	$ynl --do proc-get --json "{\"pid\": $wp}"
	echo "\$ vmscope sys"; $vs sys
} 2>&1 | sed 's/^/#   /'
kill $wp
kill $sp
echo "1..$n"
