#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The lists of uapi/linux/vmscope_keys.h and the netlink spec agree.

Every key (VMSCOPE_KEYS) is an attribute of type uint in the proc and sys
attribute sets (its name with '-' for '_'), in the list's order, and in
the replies of proc-get (do and dump), exit-get, exit-ntf and sys-get.
Every field of VMSCOPE_SYS is an attribute of the sys set of its type, in
the sys-get reply; every field of VMSCOPE_OOM one of the oom set, in the
oom-get reply and oom-ntf, and the oom set has no other.  Every other attribute of those sets is one the module
fills by hand (NOT_KEYS).  The order of the attributes is the ABI's (new
ones go at the end of their set), the order of the lists is what users
see: they need not agree.  One line a finding; exit 1 if there is any.

usage: keys-check.py [KEYS_H [SPEC]]
"""
import re
import sys

import yaml

NOT_KEYS = {
    "proc": {"pid", "comm", "uid", "fault-lat-ns", "exit-ns"},
    "sys": {"fault-lat-ns", "probe"},
}
REPLIES = [("proc-get", "do"), ("proc-get", "dump"), ("exit-get", "dump"),
           ("exit-ntf", "event"), ("sys-get", "do")]


def list_of(path, name, pattern, shape):
    text = open(path).read()
    body = text[text.index(f"#define {name}(X)"):]
    body = body[:body.index("\n\n")]
    items = re.findall(r"\bX\(" + pattern, body)
    if len(items) != body.count("X("):
        sys.exit(f"keys-check: {path}: a line of {name}() is not {shape}")
    return items


def keys_of(path):
    """VMSCOPE_KEYS(): VMSCOPE_KEYS_MAIN() then VMSCOPE_KEYS_RARE()."""
    return [k for part in ("VMSCOPE_KEYS_MAIN", "VMSCOPE_KEYS_RARE")
            for k in list_of(path, part,
                             r"(\w+), (\w+), (EVENT|NSEC|TASK|SUM|GAUGE), ([01]),",
                             "X(name, NAME, kind, col, help)")]


def oom_of(path):
    return list_of(path, "VMSCOPE_OOM",
                   r"(\w+), (\w+), (UINT|OPT_UINT|U32|X32|CONSTRAINT|S32|STR|OPT_STR),",
                   "X(name, NAME, type, help)")


OOM_TYPES = {"UINT": "uint", "OPT_UINT": "uint", "U32": "u32", "X32": "u32",
             "CONSTRAINT": "u32", "S32": "s32", "STR": "string",
             "OPT_STR": "string"}


def sys_of(path):
    return list_of(path, "VMSCOPE_SYS",
                   r"(\w+), (\w+), (uint|u32|u8), (COUNTER|GAUGE|BOOL),",
                   "X(name, NAME, type, kind, help)")


def main():
    keys_h = sys.argv[1] if len(sys.argv) > 1 else "uapi/linux/vmscope_keys.h"
    spec_f = (sys.argv[2] if len(sys.argv) > 2
              else "Documentation/netlink/specs/vmscope.yaml")
    keys = keys_of(keys_h)
    sysf = sys_of(keys_h)
    spec = yaml.safe_load(open(spec_f))
    bad = []
    for name, upper, _, _ in keys + sysf:
        if upper != name.upper():
            bad.append(f"{name}: NAME is {upper}, not {name.upper()}")
    want = [k[0].replace("_", "-") for k in keys]
    want_sys = [k[0].replace("_", "-") for k in sysf]
    types = dict(zip(want, ["uint"] * len(want)))
    types.update({k.replace("_", "-"): t for k, _, t, _ in sysf})
    sets = {s["name"]: s["attributes"] for s in spec["attribute-sets"]}
    for sname, extra in NOT_KEYS.items():
        attrs = sets[sname]
        listed = want + (want_sys if sname == "sys" else [])
        got = [a["name"] for a in attrs if a["name"] not in extra]
        for a in attrs:
            if a["name"] in listed and a["type"] != types[a["name"]]:
                bad.append(f"{sname} {a['name']}: type {a['type']}, "
                           f"the list's is {types[a['name']]}")
        for k in listed:
            if k not in got:
                bad.append(f"set {sname}: no attribute {k} (of the lists)")
        for k in got:
            if k not in listed:
                bad.append(f"set {sname}: {k} is in no list of {keys_h}, "
                           "nor filled by hand")
    ops = {o["name"]: o for o in spec["operations"]["list"]}
    for op, part in REPLIES:
        o = ops[op]
        attrs = o[part] if part == "event" else o[part]["reply"]
        attrs = attrs["attributes"]
        for k in want + (want_sys if op == "sys-get" else []):
            if k not in attrs:
                bad.append(f"{op} {part}: {k} missing from the reply")
    # The OOM record: every attribute of the oom set, of its type, in
    # oom-get's reply and oom-ntf.
    oomf = oom_of(keys_h)
    want_oom = {n.replace("_", "-"): OOM_TYPES[t] for n, _, t in
                [(a, b, c) for a, b, c in oomf]}
    for name, upper, _ in oomf:
        if upper != name.upper():
            bad.append(f"{name}: NAME is {upper}, not {name.upper()}")
    got_oom = {a["name"]: a["type"] for a in sets["oom"]}
    for k, t in want_oom.items():
        if k not in got_oom:
            bad.append(f"set oom: no attribute {k} (of VMSCOPE_OOM)")
        elif got_oom[k] != t:
            bad.append(f"set oom {k}: type {got_oom[k]}, the list's is {t}")
    for k in got_oom:
        if k not in want_oom:
            bad.append(f"set oom: {k} is not in VMSCOPE_OOM")
    for op, part in (("oom-get", "dump"), ("oom-ntf", "event")):
        o = ops[op]
        attrs = (o[part] if part == "event" else o[part]["reply"])["attributes"]
        for k in want_oom:
            if k not in attrs:
                bad.append(f"{op} {part}: {k} missing from the reply")
    for b in bad:
        print(f"keys-check: {b}")
    if not bad:
        print(f"keys-check: {len(keys)} keys, {len(sysf)} sys fields and "
              f"{len(oomf)} OOM record fields of {keys_h} agree with {spec_f}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
