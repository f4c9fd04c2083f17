#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The HTML report in a real browser (headless Chromium).

Replays the tutorial traces with --json --stats, writes the report, loads it
with one translated transaction selected (#t-N), and checks the DOM after the
page's script ran: the detail panel holds that transaction's walk diagram,
its timeline bar and table rows are marked selected.  A screenshot is kept in
BUILD/report-test/report.png (a CI artifact).

usage: report_browser.py SMMUITS BUILD_DIR SOURCE_DIR
Exit 77 (skipped) only when no Chromium is installed.
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, **kw)


def main():
    smmuits, build, src = sys.argv[1:4]
    browser = chromium()
    if not browser:
        print("chromium is not installed: skipped (apt-get install chromium)")
        return 77
    out = os.path.join(build, "report-test")
    os.makedirs(out, exist_ok=True)
    traces = sorted(glob.glob(os.path.join(src, "docs", "examples", "*.trace")))
    r = run([smmuits, "replay", "--json", "--stats"] + traces)
    if r.returncode != 0:
        print("replay failed:", r.stdout[-2000:], r.stderr[-2000:])
        return 1
    run_json = os.path.join(out, "run.json")
    page = os.path.join(out, "report.html")
    with open(run_json, "w") as f:
        f.write(r.stdout)
    r = run([smmuits, "report", run_json, "-o", page])
    if r.returncode != 0:
        print("report failed:", r.stderr)
        return 1
    html = open(page, encoding="utf-8").read()
    # the first transaction the model translated by walking tables (not the TLB)
    pick = None
    for m in re.finditer(r'<template id="t-(\d+)">(.*?)</template>', html, re.S):
        if 'class="walk-table"' in m.group(2) and "walk-output" in m.group(2):
            pick = m.group(1)
            break
    if pick is None:
        print("no translated transaction with a table walk in the tutorial traces")
        return 1
    url = "file://" + os.path.abspath(page) + "#t-" + pick
    with tempfile.TemporaryDirectory() as profile:
        base = [browser, "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + profile, "--window-size=1600,1200"]
        dom = run(base + ["--dump-dom", url])
        shot = run(base + ["--screenshot=" + os.path.join(out, "report.png"), url])
    if dom.returncode != 0:
        print("chromium --dump-dom failed:", dom.stderr[-2000:])
        return 1
    d = dom.stdout
    with open(os.path.join(out, "dom.html"), "w") as f:
        f.write(d)
    body = re.search(r'<div id="detail-body"([^>]*)>(.*?)</div></aside>', d, re.S)
    checks = [
        ("the script selected t-" + pick,
         body is not None and 'data-selected="%s"' % pick in body.group(1)),
        ("the detail panel holds a walk diagram",
         body is not None and '<svg class="walk"' in body.group(2)),
        ("the walk shows the tables and the output address",
         body is not None and body.group(2).count('class="walk-table"') >= 3
         and "output address" in body.group(2)),
        ("the timeline bar is marked selected",
         re.search(r'<rect [^>]*class="txn sel" data-id="%s"' % pick, d) is not None),
        ("the table rows are marked selected",
         re.search(r'<tr class="txn sel" data-id="%s"' % pick, d) is not None),
        ("a latency histogram", 'class="bar"' in d),
        ("cache hit rates", "<table class=\"caches\">" in d),
        ("a per-StreamID table", "<table class=\"sids\">" in d),
        ("a fault table", "<table class=\"faults\">" in d),
        ("a screenshot", shot.returncode == 0
         and os.path.getsize(os.path.join(out, "report.png")) > 10000),
    ]
    bad = [name for name, ok in checks if not ok]
    for name, ok in checks:
        print(("ok   " if ok else "FAIL ") + name)
    # bad input: a clear error and exit 2
    broken = os.path.join(out, "broken.json")
    with open(broken, "w") as f:
        f.write(open(run_json).read()[:300])
    r = run([smmuits, "report", broken, "-o", os.path.join(out, "broken.html")])
    if r.returncode != 2 or "malformed JSON" not in r.stderr:
        bad.append("a truncated RUN.json exits 2 with a message")
        print("FAIL truncated input:", r.returncode, r.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
