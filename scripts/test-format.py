#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Check the client's rendering (build/test_format output) on fixed inputs.

JSON is parsed with Python's json module, Prometheus lines are checked
against the text exposition format, and every view must carry the inputs'
numbers under the counter names of Documentation/vmscope.rst.  Prints TAP-like ok/not ok lines
and "N passed, N failed"."""
import json
import os
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
check(sysj["swapin"] == 12 and sysj["unattributed"] == 5
      and sysj["probes"][1]["reason"] == 'kernel built without "X"',
      "sys json: every counter, unattributed, probe reason")
check(all(k in procs[77] for k in (
    "minflt", "majflt", "cow_copy", "cow_reuse", "pgtbl_pte", "pgtbl_pmd",
    "pgtbl_pud", "pgtbl_p4d", "pgtbl_alloc", "pgtbl_bytes", "thp_fault",
    "swapin", "swapout", "oom_kill", "oom_trigger")),
      "ps json: every counter of Documentation/vmscope.rst under its name")
check(procs[77]["cow_copy"] == 4096 and procs[77]["pgtbl_bytes"] == 131072,
      "ps json: new counters carry their values")
oom = json.loads(sections["oom json"][0])
check(oom["event"] == "oom" and oom["constraint"] == "memcg"
      and oom["memcg"] == "/vmscope-oom" and oom["oom_score_adj"] == -17
      and oom["rss_kb"]["anon"] == 65000 and oom["trigger_pid"] == 4243,
      "oom json: record fields")
ot = sections["oom line"][0].split()
check(ot[ot.index("constraint") + 1] == "memcg"
      and ot[ot.index("pid") + 1] == "4242", "oom line: name value pairs")
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
check(t[0].split() == ["pid", "comm", "minflt", "majflt", "cow_copy",
                      "swapin", "swapout"], "ps table: header")
check(t[1].split() == ["1", "init", "1234", "5", "0", "0", "0"],
      "ps table: row")
c = sections["columns"]
check(c[0] == "0" and c[1].split() == ["pid", "comm", "cow_copy", "pgtbl_bytes"]
      and c[4].split() == ["77", "touch", "4096", "131072"],
      "ps -o: chosen columns")
check(c[-1] == "-1 nosuch", "ps -o: unknown name refused and named")
check('vmscope_pgtbl_bytes{pid="77",comm="touch"} 131072' in prom
      and "# TYPE vmscope_pgtbl_bytes gauge" in prom,
      "ps prometheus: pgtbl_bytes is a gauge without _total")
# (A 20-digit u64 max is wider than its column, by design.)
check(all(len(l) <= 80 for s in sections for l in sections[s]
          if "table" in s and not s.startswith("every")
          and str(U64MAX) not in l),
      "tables fit in 80 columns (the default columns)")
st = sections["sys table"]
check(any(l.split() == ["cow_reuse_thp", "fallback", "123456789", "0"]
          for l in st)
      and "pmdp_set_access_flags@do_huge_pmd_wp_page" in
      [l.strip() for l in st],
      "sys table: a symbol past column 80 on a line of its own")
check(any(l.split() == ["fork", "attached", "10", "0", "sched_process_fork"]
          for l in st), "sys table: a probe on one line")
check(any("16K, 32K)" in l and "@" * 40 in l for l in sections["show table"]),
      "show table: histogram drawn as bars, largest bucket full width")


# Every key and sys field of uapi/linux/vmscope_keys.h, in every format:
# test_format gives each a value of its own ("== every ..." sections).
top = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
keys_h = open(os.path.join(top, "uapi/linux/vmscope_keys.h")).read()
key_list = re.findall(r"\bX\((\w+), \w+, (EVENT|NSEC|TASK|SUM|GAUGE), [01],",
                      keys_h)
sys_list = re.findall(r"\bX\((\w+), \w+, (?:uint|u32|u8), (COUNTER|GAUGE|BOOL),",
                      keys_h)
check(len(key_list) >= 15 and len(sys_list) >= 8,
      f"keys list parsed: {len(key_list)} keys, {len(sys_list)} sys fields")
# A time (NSEC) gets seconds of its own: test_format.c says which.
want = {k: 1000003007 * (i + 1) if kind == "NSEC" else 1000003 + 7 * i
        for i, (k, kind) in enumerate(key_list)}
want_sys = {k: 2000003007 * (i + 1) if kind == "NSEC" else 2000003 + 7 * i
            for i, (k, kind) in enumerate(key_list)}
nsec = {k for k, kind in key_list if kind == "NSEC"}
for i, (k, kind) in enumerate(sys_list):
    want_sys[k] = 1 if kind == "BOOL" else 3000003 + 7 * i
prom_name = {k: "vmscope_" + k + ("" if kind == "GAUGE" else "_total")
             for k, kind in key_list}
# A time in ns: its base unit, as Prometheus's naming rules want.
prom_name.update({k: "vmscope_" + k[:-3] + "_seconds_total" for k in nsec})


def human_time(ns):
    """userspace/format.c's human_time(): how the tables show a time."""
    if ns < 1000:
        return f"{ns}ns"
    if ns < 10**6:
        return f"{ns / 1e3:.1f}us"
    if ns < 10**9:
        return f"{ns / 1e6:.1f}ms"
    if ns < 10**12:
        return f"{ns / 1e9:.2f}s"
    return f"{ns // 10**9}s"
prom_name.update({k: "vmscope_" + k + ("_total" if kind == "COUNTER" else "")
                  for k, kind in sys_list})


def table_pairs(lines):
    """name value lines (show, sys) or one name value ... line (exit)."""
    got = {}
    for line in lines:
        w = line.split()
        if len(w) > 2 and w[0] == "exit":
            w = w[1:]
            for j in range(0, len(w) - 1, 2):
                got[w[j]] = w[j + 1]
        elif len(w) >= 2:
            got[w[0]] = w[1]
    return got


def prom_values(lines):
    got = {}
    for line in lines:
        if line.startswith("#"):
            continue
        m = re.match(r"(\w+)(\{[^}]*\})? (\S+)$", line)
        if m and not m.group(2) or (m and "lo=" not in m.group(2)):
            got[m.group(1)] = m.group(3)
    return got


def every(section, values, fmt):
    lines = sections[f"every {section} {fmt}"]
    if fmt == "json":
        obj = json.loads(lines[0])
        obj = obj.get("process", obj)
        if "processes" in obj:
            obj = obj["processes"][0]
        got = {k: obj.get(k) for k in values}
    elif fmt == "prometheus":
        pv = prom_values(lines)
        got = {k: pv.get(prom_name[k]) for k in values}
        got = {k: v if v is None else
               round(float(v) * 1e9) if k in nsec else int(v)
               for k, v in got.items()}
        if section == "ps" or section == "show":
            # Exact decimal seconds, not a float's rounding.
            for k in nsec:
                v = pv.get(prom_name[k], "")
                check(v == f"{values[k] // 10**9}.{values[k] % 10**9:09d}",
                      f"every {section} prometheus: {k} in seconds: {v}")
    else:
        tp = table_pairs(lines)
        if section == "ps":
            head, row = lines[0].split(), lines[1].split()
            tp = dict(zip(head, row))
        got = {}
        for k in values:
            v = tp.get(k)
            if k in nsec:
                got[k] = values[k] if v == human_time(values[k]) else v
                continue
            got[k] = {"on": 1, "off": 0}.get(v, int(v) if v and v.isdigit() else v)
    missing = [k for k in values if got[k] != values[k]]
    check(not missing, f"every {section} {fmt}: all {len(values)} fields with "
          f"their values{' (wrong: ' + ', '.join(missing) + ')' if missing else ''}")


for fmt in ("table", "json", "prometheus"):
    every("show", want, fmt)
    every("ps", want, fmt)
    every("sys", want_sys, fmt)
for fmt in ("table", "json"):
    every("exit", dict(want, exit_ns=1795906162545986948), fmt)


# Every field of an OOM record: test_format gives each of VMSCOPE_OOM()
# a value of its own (numbers 4000003 + 7 i, strings "s<i>", constraint
# cpuset); JSON keeps rss_<kind>_kb in its "rss_kb" object.
oom_list = re.findall(r"\bX\((\w+), \w+, (UINT|OPT_UINT|U32|X32|CONSTRAINT|S32|STR|OPT_STR),",
                      keys_h)
check(len(oom_list) >= 17, f"oom list parsed: {len(oom_list)} fields")
oj = json.loads(sections["every oom json"][0])
ot = sections["every oom table"][0].split()
bad_j, bad_t = [], []
for i, (name, typ) in enumerate(oom_list):
    if typ in ("STR", "OPT_STR"):
        want_j = want_t = f"s{i}"
    elif typ == "CONSTRAINT":
        want_j = want_t = "cpuset"
    else:
        want_j = (4000003 + 7 * i) & (0xffffffff if typ in ("U32", "X32", "S32") else (1 << 64) - 1)
        want_t = hex(want_j) if typ == "X32" else str(want_j)
    m = re.match(r"rss_(\w+)_kb$", name)
    got_j = oj.get("rss_kb", {}).get(m.group(1)) if m else oj.get(name)
    if got_j != want_j:
        bad_j.append(name)
    got_t = ot[ot.index(name) + 1] if name in ot else None
    if got_t != want_t:
        bad_t.append(name)
check(not bad_j, f"every oom json: all {len(oom_list)} fields with their values"
      + (f" (wrong: {', '.join(bad_j)})" if bad_j else ""))
check(not bad_t, f"every oom table: all {len(oom_list)} fields with their values"
      + (f" (wrong: {', '.join(bad_t)})" if bad_t else ""))

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
