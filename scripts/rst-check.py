#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Parse each reStructuredText file named with docutils; any warning fails.

usage: rst-check.py FILE...
Prints "FILE: ok" or docutils' messages for the file, then exits 1 if any
file had one.  Malformed tables, broken references and bad indentation are
what docutils reports; the rendering is not checked.
"""
import io
import sys

import docutils.core
import docutils.utils


def check(path):
    err = io.StringIO()
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        docutils.core.publish_doctree(
            text, source_path=path,
            settings_overrides={"report_level": 2, "halt_level": 5,
                                "warning_stream": err,
                                "file_insertion_enabled": False,
                                "raw_enabled": False})
    except docutils.utils.SystemMessage as e:
        err.write(f"{e}\n")
    msgs = err.getvalue().strip()
    if msgs:
        print(msgs)
        return False
    print(f"{path}: ok")
    return True


def main():
    ok = True
    for path in sys.argv[1:]:
        ok = check(path) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
