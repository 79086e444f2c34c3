#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Check the client's rendering (build/test_format output) on fixed inputs.

JSON is parsed with Python's json module, Prometheus lines are checked
against the text exposition format, and every view must carry the inputs'
numbers under DESIGN.md's counter names.  Prints TAP-like ok/not ok lines
and "N passed, N failed"."""
import json
import re
import subprocess
import sys

out = subprocess.run([sys.argv[1]], capture_output=True, text=True,
                     check=True).stdout
sections = {}
name = None
for line in out.split("\n"):
    if line.startswith("== "):
        name = line[3:]
        sections[name] = []
    elif name is not None and line:
        sections[name].append(line)

passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
        print(f"ok {passed + failed} {what}")
    else:
        failed += 1
        print(f"not ok {passed + failed} {what}")


WEIRD = 'we"ird\\ na\nme'
U64MAX = 18446744073709551615

# JSON: one object per snapshot, keys exactly the counter names.
ps = json.loads("\n".join(sections["ps json"]))
procs = {p["pid"]: p for p in ps["processes"]}
check(set(procs) == {1, 4242, 77}, "ps json: every process once")
check(procs[1]["minflt"] == 1234 and procs[1]["majflt"] == 5,
      "ps json: counters under their names")
check(procs[4242]["comm"] == WEIRD, "ps json: comm escaped and round-trips")
check(procs[4242]["minflt"] == U64MAX, "ps json: u64 max exact")
show = json.loads(sections["show json"][0])
check(show["fault_lat_ns"] == [{"lo": 1024, "count": 3},
                               {"lo": 16384, "count": 16000},
                               {"lo": 1 << 30, "count": 1}],
      "show json: histogram buckets")
sysj = json.loads(sections["sys json"][0])
check(sysj["minflt"] == 99 and sysj["probes"][1]["state"] == "unavailable"
      and sysj["probes"][1]["error"] == -2, "sys json: totals and probes")
ev = json.loads(sections["exit json"][0])
check(ev["event"] == "exit" and ev["process"]["exit_ns"] == 1795906162545986948,
      "exit json: one object per line with exit_ns")
rate = json.loads(sections["rates json"][0])
check(rate["minflt"] == 1000 and rate["interval_s"] == 2.0,
      "rates json: deltas")

# Prometheus text format: HELP/TYPE comments, name{labels} value.
sample = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)'
                    r'(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\[\\"n])*"'
                    r'(,[a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\[\\"n])*")*)?\})?'
                    r' (-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?)$')
for sec in ("ps prometheus", "show prometheus", "sys prometheus"):
    bad = [l for l in sections[sec]
           if not l.startswith("# HELP ") and not l.startswith("# TYPE ")
           and not sample.match(l)]
    check(not bad, f"{sec}: every line in the text format {bad[:2]}")
    types = {}
    for l in sections[sec]:
        if l.startswith("# TYPE "):
            _, _, n, t = l.split(" ")
            check(n not in types, f"{sec}: one TYPE line for {n}")
            types[n] = t
    for l in sections[sec]:
        m = sample.match(l)
        if m:
            check(m.group(1) in types, f"{sec}: {m.group(1)} has a TYPE")
            if types.get(m.group(1)) == "counter":
                check(m.group(1).endswith("_total"),
                      f"{sec}: counter {m.group(1)} ends in _total")
prom = "\n".join(sections["ps prometheus"])
check('vmscope_minflt_total{pid="1",comm="init"} 1234' in prom,
      "ps prometheus: vmscope_minflt_total with pid and comm labels")
check('comm="we\\"ird\\\\ na\\nme"' in prom, "ps prometheus: label escaped")

# Table: a header row of counter names, then the numbers.
t = sections["ps table"]
check(t[0].split() == ["pid", "comm", "minflt", "majflt"], "ps table: header")
check(t[1].split() == ["1", "init", "1234", "5"], "ps table: row")
check(all(len(l) <= 80 for s in sections for l in sections[s]
          if "table" in s), "tables fit in 80 columns")
check(any("16K, 32K)" in l and "@" * 40 in l for l in sections["show table"]),
      "show table: histogram drawn as bars, largest bucket full width")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
