#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Refresh the replay output quoted in the tutorial lessons.

Each quote in a lesson is a marker line followed by a fenced block:

    <!-- replay: docs/examples/04-first-stage1-walk.trace lines=8,9 -->
    ```text
    ...
    ```

The block is replaced by what `smmuits replay FILE` prints for those trace
lines (all lines when `lines=` is absent), plus its closing "N passed,
N failed" line.  Run it from the top of the tree after a model change:

    python3 docs/tutorial/regen.py [--smmuits build/harness/smmuits] [--check]

--check changes nothing and exits 1 when a quote is out of date.
"""
import argparse
import glob
import os
import re
import subprocess
import sys

MARK = re.compile(r"^<!-- replay: (\S+)(?: lines=([0-9,]+))? -->\n```text\n(.*?)```\n",
                  re.M | re.S)


def quote(smmuits, trace, lines):
    out = subprocess.run([smmuits, "replay", trace], capture_output=True, text=True).stdout
    keep = []
    for line in out.splitlines():
        m = re.match(re.escape(trace) + r":(\d+): ", line)
        if m and (lines is None or int(m.group(1)) in lines):
            keep.append(line)
        elif m is None and not line.startswith("    model:"):
            keep.append(line)  # the summary line
    return "$ smmuits replay %s\n%s\n" % (trace, "\n".join(keep))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--smmuits", default="build/harness/smmuits")
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    stale = []
    for path in sorted(glob.glob(os.path.join(os.path.dirname(__file__), "[0-9]*.md"))):
        text = open(path, encoding="utf-8").read()

        def fill(m):
            lines = {int(x) for x in m.group(2).split(",")} if m.group(2) else None
            return "<!-- replay: %s%s -->\n```text\n%s```\n" % (
                m.group(1), " lines=" + m.group(2) if m.group(2) else "",
                quote(a.smmuits, m.group(1), lines))

        new = MARK.sub(fill, text)
        if new != text:
            stale.append(path)
            if not a.check:
                open(path, "w", encoding="utf-8").write(new)
    for p in stale:
        print(("out of date: " if a.check else "updated: ") + p)
    return 1 if a.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
