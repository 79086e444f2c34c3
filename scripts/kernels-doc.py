#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Write Documentation/kernels.rst from a run of the VM selftests.

Each build/results/NAME.log holds the debugfs "probes" table the module
showed right after it loaded in that kernel's VM (selftests/guest.sh prints
it).  The page puts them side by side: what each event attaches to on each
kernel of the matrix, and in which state.  Hit counts are left out: they
depend on the run, the attachment does not.

usage: kernels-doc.py OUT.rst      (kernels: scripts/kernels.sh order)
"""
import os
import re
import subprocess
import sys

top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
kernels = [l.split()[:2] for l in subprocess.run(
    [os.path.join(top, "scripts/kernels.sh")], capture_output=True,
    text=True, check=True).stdout.splitlines()]

# make stress-debug's kernel (scripts/debug-kernel.sh), built on demand and
# not by make check: its column comes from its last run here
# (build/results/6.12-debug.log) or, where it has not run, from the page as
# committed, with its release.
DEBUG = "6.12-debug"
DOC = os.path.join(top, "Documentation/kernels.rst")
RUN_LINE = "Written from a run on "
DEBUG_LINE = "The 6.12-debug column: a run on "
tables = {}
events = []


def read_probes(name, log):
    try:
        lines = open(log, errors="replace").read().splitlines()
    except OSError:
        return None
    try:
        i = lines.index("# probes:")
    except ValueError:
        sys.exit(f"kernels-doc: {log} has no probes table")
    rows = {}
    for l in lines[i + 2:]:
        if not l.startswith("#   "):
            break
        # event symbol state hits missed hook [(why)]
        f = l[4:].split(None, 6)
        ev, sym, state = f[0], f[1], f[2]
        hook = f[5] if len(f) > 5 else "-"
        why = f[6].strip("() ") if len(f) > 6 else ""
        rows[ev] = (sym, state, why, hook)
        if ev not in events:
            events.append(ev)
    return rows


def carried_debug():
    """The 6.12-debug column of the committed page: {event: row}, release."""
    try:
        lines = open(DOC).read().splitlines()
    except OSError:
        return None, None
    rel = next((l[len(DEBUG_LINE):].rstrip(".") for l in lines
                if l.startswith(DEBUG_LINE)), None)
    rules = [i for i, l in enumerate(lines) if re.match(r"^=+  =", l)]
    if rel is None or len(rules) < 3:
        return None, None
    spans, pos = [], 0
    for w in lines[rules[0]].split("  "):
        spans.append((pos, pos + len(w)))
        pos += len(w) + 2
    def col(l, k):
        end = spans[k][1] if k < len(spans) - 1 else None
        return l[spans[k][0]:end].strip()

    heads = [col(lines[rules[0] + 1], k) for k in range(len(spans))]
    if DEBUG not in heads:
        return None, None
    k = heads.index(DEBUG)
    notes = {}
    for l in lines[rules[2] + 1:]:
        m = re.match(r"^\[(\d+)\] (.*)$", l)
        if m:
            notes[m.group(1)] = m.group(2)
    rows = {}
    for l in lines[rules[1] + 1:rules[2]]:
        ev, first, hook = col(l, 0), col(l, 1), col(l, 2)
        m = re.match(r"^([a-z]+)(?:: (\S+))?(?: \((\S+)\))?(?: \[(\d+)\])?$",
                     col(l, k))
        if not m:
            sys.exit(f"kernels-doc: {DOC}: cannot read the {DEBUG} cell of {ev}")
        rows[ev] = (m.group(2) or first, m.group(1),
                    notes.get(m.group(4), ""), m.group(3) or hook)
        if ev not in events:
            events.append(ev)
    return rows, rel


for name, rel in kernels:
    log = os.path.join(top, "build/results", name + ".log")
    rows = read_probes(name, log)
    if rows is None:
        sys.exit(f"kernels-doc: no {log}: run the VM selftests first")
    tables[name] = rows

debug_rel = None
log = os.path.join(top, "build/results", DEBUG + ".log")
rows = read_probes(DEBUG, log)
if rows is not None:
    # scripts/vm.sh's first line: "vm: booting RELEASE".
    debug_rel = next((l.split()[2] for l in open(log, errors="replace")
                      if l.startswith("vm: booting ")), "?")
else:
    rows, debug_rel = carried_debug()
if rows is not None:
    tables[DEBUG] = rows
    kernels.append([DEBUG, debug_rel])

# One row per event: the symbol the first kernel uses, then each kernel's
# state, with its own symbol where it differs and a note where it says why.
notes = []


def cell(ev, first, hook, n):
    sym, state, why, h = tables[n].get(ev, ("-", "absent", "", "-"))
    c = state if sym == first else f"{state}: {sym}"
    if h != hook and state in ("attached", "fallback"):
        c += f" ({h})"
    if why:
        if why not in notes:
            notes.append(why)
        c += f" [{notes.index(why) + 1}]"
    return c


heads = ["event", "symbol", "hook"] + [n for n, _ in kernels]
cols = []
for ev in events:
    first, _, _, hook = tables[kernels[0][0]].get(ev, ("-", "", "", "-"))
    cols.append([ev, first, hook] +
                [cell(ev, first, hook, n) for n, _ in kernels])
width = [max(len(x) for x in [h] + [c[i] for c in cols])
         for i, h in enumerate(heads)]
rule = "  ".join("=" * w for w in width)


def row(cells):
    return "  ".join(c.ljust(w) for c, w in zip(cells, width)).rstrip()


out = []
out.append(".. SPDX-License-Identifier: GPL-2.0")
out.append(".. Generated by scripts/kernels-doc.py from a run of the VM "
           "selftests (make kernels-doc).")
out.append("")
out.append("=================")
out.append("Supported kernels")
out.append("=================")
out.append("""
vmscope is built and tested (``make check``) on every kernel of this matrix,
each booted in its own virtme-ng VM:

* Debian 12's 6.1 (``linux-image-amd64``), 6.12 and 6.12 PREEMPT_RT
  (``linux-image-6.12-amd64``, ``linux-image-6.12-rt-amd64``);
* the next kernel: the newest 7.x that Debian ships (trixie-backports),
  looked up by name each time ``scripts/install.sh`` runs.  Its headers
  need a newer userland than Debian 12's (glibc >= 2.38, gcc-14), so they
  live in a trixie build root under ``/var/lib/vmscope/next/root`` and
  ``scripts/kbuild.sh`` builds inside it (chroot, private mount and pid
  namespaces); the kernel, its modules and config are extracted from
  ``linux-binary``, ``linux-modules`` and ``linux-base`` into
  ``/var/lib/vmscope/next/kernel-<version>`` and booted from there.

``make stress-debug`` adds a column that ``make check`` does not build:
``6.12-debug``, Debian's ``linux-source-6.12`` built by
``scripts/debug-kernel.sh`` with lockdep, KASAN and the other checks of
``scripts/kconfig/debug.config``.  Its inlining differs from Debian's
6.12, which exercises the fallbacks.  The column comes from the last
``make stress-debug`` run (``make kernels-doc`` after it); without one,
from the page as it stands.

What each event attaches to, as ``probes`` shows it right after loading
(``symbol@caller``: a hook on the symbol's entry, counted only when called
from the caller; ``hook``: how the first kernel attaches it, in
parentheses where another kernel differs; ``fallback``: a later candidate
of the event's list, named where it differs from the first kernel's; ``read``: no hook, the kernel's
own counter is read; ``off``: a mode that is disabled by default):
""")
# Debian's security updates move the releases (6.1.0-56 became -57): the
# line naming them is the one make check does not compare.
out.append(RUN_LINE + ", ".join(f"{n} {r}" for n, r in kernels
                                 if n != DEBUG) + ".")
if debug_rel is not None:
    out.append("")
    out.append(DEBUG_LINE + debug_rel + ".")
out.append("")
out.append(rule)
out.append(row(heads))
out.append(rule)
for c in cols:
    out.append(row(c))
out.append(rule)
out.append("")
for i, n in enumerate(notes):
    out.append(f"[{i + 1}] {n}")
out.append("""
What changed for 7.x
====================

* The swap-entry helpers of ``swapops.h`` (``is_swap_pte()``,
  ``non_swap_entry()``) gave way to ``leafops.h`` (``softleaf_from_pte()``,
  ``softleaf_is_swap()``).  Kbuild tests the headers of the kernel built
  for (``VMS_HAVE_LEAFOPS``), never the version number.
* ``try_to_unmap_one()`` was split into helpers (``ttu_anon_folio()``,
  ``ttu_anon_swapbacked_folio()``).  Swap-out does not depend on which
  function unmaps: it is the ``rss_stat`` tracepoint's ``MM_SWAPENTS``
  under ``PF_MEMALLOC``.
* The swap table rework replaced ``swap_free_nr()`` in ``do_swap_page()``
  with ``folio_put_swap(folio, page)``: the swap-in hook lists the three
  generations (7.x, 6.12, 6.1) and attaches to the one this kernel's
  ``do_swap_page()`` really calls.
* ``sched_process_exit(p, group_dead)`` now fires before ``exit_mm``:
  vmscope does not use it (final counters come from
  ``sched_process_free``).
* Debian's sparse (0.6.4) cannot parse 7.x headers (``__typeof_unqual__``):
  lint runs ``W=1`` there and reports sparse as skipped, with the reason.

Adding a kernel
===============

1. Install its image and headers (``scripts/install.sh``; a kernel that
   Debian 12 cannot build for goes into a build root, as 7.x does).
2. Give it a line in ``scripts/kernels.sh`` (name, release, headers,
   vmlinuz): ``make check`` then builds, lints and tests on it.
3. Run ``make check``; read ``probes`` in ``build/results/NAME.log``.  An
   event ``unavailable`` or ``failed`` there needs a new candidate in
   ``module/events.c`` (a renamed or inlined function: find the function
   that does the work now, and where it is called from, in that kernel's
   ``mm/`` source), or a compat test in ``Kbuild`` for a changed type.
4. ``make kernels-doc`` rewrites this page from the run.
""")
open(sys.argv[1], "w").write("\n".join(out).rstrip() + "\n")
