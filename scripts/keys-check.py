#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The list of keys (uapi/linux/vmscope_keys.h) and the netlink spec agree.

Every key is an attribute of type uint in the proc and sys attribute sets
(its name with '-' for '_'), in the list's order, and in the replies of
proc-get (do and dump), exit-get, exit-ntf and sys-get; every other
attribute of those sets is one the module fills by hand (NOT_KEYS).  One
line a finding; exit 1 if there is any.

usage: keys-check.py [KEYS_H [SPEC]]
"""
import re
import sys

import yaml

NOT_KEYS = {
    "proc": {"pid", "comm", "uid", "fault-lat-ns", "exit-ns"},
    "sys": {"fault-lat-ns", "procs-tracked", "procs-max", "procs-refused",
            "exits-total", "events-dropped", "latency", "probe",
            "unattributed", "oom-records"},
}
REPLIES = [("proc-get", "do"), ("proc-get", "dump"), ("exit-get", "dump"),
           ("exit-ntf", "event"), ("sys-get", "do")]


def keys_of(path):
    text = open(path).read()
    body = text[text.index("#define VMSCOPE_KEYS(X)"):]
    body = body[:body.index("#endif")]
    keys = re.findall(r"\bX\((\w+), (\w+), (EVENT|TASK|SUM|GAUGE), ([01]),",
                      body)
    if len(keys) != body.count("X("):
        sys.exit(f"keys-check: {path}: a line of VMSCOPE_KEYS() is not "
                 "X(name, NAME, kind, col, help)")
    return keys


def main():
    keys_h = sys.argv[1] if len(sys.argv) > 1 else "uapi/linux/vmscope_keys.h"
    spec_f = (sys.argv[2] if len(sys.argv) > 2
              else "Documentation/netlink/specs/vmscope.yaml")
    keys = keys_of(keys_h)
    spec = yaml.safe_load(open(spec_f))
    bad = []
    for name, upper, _, _ in keys:
        if upper != name.upper():
            bad.append(f"key {name}: NAME is {upper}, not {name.upper()}")
    want = [k[0].replace("_", "-") for k in keys]
    sets = {s["name"]: s["attributes"] for s in spec["attribute-sets"]}
    for sname, extra in NOT_KEYS.items():
        attrs = sets[sname]
        got = [a["name"] for a in attrs if a["name"] not in extra]
        for a in attrs:
            if a["name"] in want and a["type"] != "uint":
                bad.append(f"{sname} {a['name']}: type {a['type']}, not uint")
        for k in want:
            if k not in got:
                bad.append(f"set {sname}: no attribute {k} (a key)")
        for k in got:
            if k not in want:
                bad.append(f"set {sname}: {k} is not a key of {keys_h}, "
                           "nor filled by hand")
        if not [b for b in bad if b.startswith(f"set {sname}")] and got != want:
            bad.append(f"set {sname}: keys in the order {got}, the list's "
                       f"is {want}")
    ops = {o["name"]: o for o in spec["operations"]["list"]}
    for op, part in REPLIES:
        o = ops[op]
        attrs = o[part] if part == "event" else o[part]["reply"]
        attrs = attrs["attributes"]
        for k in want:
            if k not in attrs:
                bad.append(f"{op} {part}: {k} missing from the reply")
    for b in bad:
        print(f"keys-check: {b}")
    if not bad:
        print(f"keys-check: {len(keys)} keys of {keys_h} agree with {spec_f}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
