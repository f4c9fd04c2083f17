#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The HTML report in a real browser (headless Chromium).

Replays the tutorial traces with --json --stats, writes the report, loads it
with one translated transaction selected (#t-N), and checks the DOM after the
page's script ran: the detail panel holds that transaction's walk diagram,
its timeline bar and table rows are marked selected.  A screenshot is kept in
BUILD/report-test/report.png (a CI artifact).

Then the same with --explain: a click on the row of the first stage-1 walk of
docs/examples/04-first-stage1-walk.trace (line 8) must put in the panel the
tables the model read (their addresses, VA[hi:lo] index labels and arrows,
descriptors) and the explanation's steps; a click on the MSI of
05-msi-journey.trace (line 11) the ITS's chain.  The panel alone is kept as
BUILD/report-test/report-explain.png (docs/img/report-explain.png is one).

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
    bad += explained(smmuits, browser, out, src)
    # bad input: a clear error and exit 2
    broken = os.path.join(out, "broken.json")
    with open(broken, "w") as f:
        f.write(open(run_json).read()[:300])
    r = run([smmuits, "report", broken, "-o", os.path.join(out, "broken.html")])
    if r.returncode != 2 or "malformed JSON" not in r.stderr:
        bad.append("a truncated RUN.json exits 2 with a message")
        print("FAIL truncated input:", r.returncode, r.stderr)
    return 1 if bad else 0


def template_of(html, name, line):
    """The id of the transaction of NAME:LINE in the page."""
    m = re.search(r'<template id="t-(\d+)"><h3>[^<]*%s:%d</h3>' % (re.escape(name), line), html)
    return m.group(1) if m else None


def click_dom(browser, page, row, extra_css=None, shot=None):
    """Load a copy of page that clicks the row of transaction `row`; the DOM after it, or None."""
    html = open(page, encoding="utf-8").read()
    click = ('<script>document.querySelector(\'tr.txn[data-id="%s"]\').click();</script>' % row)
    if extra_css:
        click += "<style>%s</style>" % extra_css
    copy = page[:-len(".html")] + "-click-%s.html" % row
    with open(copy, "w", encoding="utf-8") as f:
        f.write(html.replace("</body>", click + "</body>"))
    with tempfile.TemporaryDirectory() as profile:
        base = [browser, "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + profile, "--window-size=1000,1250"]
        dom = run(base + ["--dump-dom", "file://" + os.path.abspath(copy)])
        if shot:  # the panel's top: the transaction, its diagram, the first steps (< 200 KB)
            run(base[:-1] + ["--window-size=1000,800", "--screenshot=" + shot,
                             "file://" + os.path.abspath(copy)])
    if dom.returncode != 0:
        print("chromium --dump-dom failed:", dom.stderr[-2000:])
        return None
    body = re.search(r'<div id="detail-body"([^>]*)>(.*?)</div></aside>', dom.stdout, re.S)
    return body if body and 'data-selected="%s"' % row in body.group(1) else None


def explained(smmuits, browser, out, src):
    """The report of a run made with --explain, clicked in the browser: the failed checks."""
    # from the source tree, so the page names docs/examples/... as a reader would
    traces = ["docs/examples/04-first-stage1-walk.trace", "docs/examples/05-msi-journey.trace"]
    r = run([os.path.abspath(smmuits), "replay", "--json", "--stats", "--explain"] + traces,
            cwd=src)
    run_json = os.path.join(out, "run-explain.json")
    page = os.path.join(out, "report-explain.html")
    with open(run_json, "w") as f:
        f.write(r.stdout)
    r2 = run([smmuits, "report", run_json, "-o", page])
    if r.returncode != 0 or r2.returncode != 0:
        print("FAIL replay --explain or report:", r.stderr[-2000:], r2.stderr[-2000:])
        return ["report of an --explain run"]
    html = open(page, encoding="utf-8").read()
    walk = template_of(html, "04-first-stage1-walk.trace", 8)
    msi = template_of(html, "05-msi-journey.trace", 11)
    shot = os.path.join(out, "report-explain.png")
    # the panel alone, wide, for the picture in docs/report.md
    wide = "main{display:none}aside{flex:1 1 auto;border:0;max-height:none}"
    body = click_dom(browser, page, walk, wide, shot) if walk else None
    d = body.group(2) if body else ""
    tables = re.findall(r'<g class="walk-table">(.*?)</g>', d, re.S)
    checks = [
        ("--explain: a click selects 04-first-stage1-walk.trace:8", body is not None),
        ("--explain: four table boxes at the driver's table addresses",
         len(tables) == 4 and all("@0x%x" % (0x7f007000 + 0x1000 * i) in t
                                  for i, t in enumerate(tables))),
        ("--explain: each table box has its index bits and descriptor",
         all("VA[%d:%d]" % (47 - 9 * i, 39 - 9 * i) in t for i, t in enumerate(tables))
         and "= 0x60000040010f43" in d),
        ("--explain: the IOVA's index fields point at the tables",
         d.count('class="walk-index"') == 5 and "VA[20:12]" in d),
        ("--explain: the model's steps with their spec sections",
         '<table class="explain">' in d and "IHI 0070 §5.2" in d),
        ("--explain: a screenshot of the panel",
         os.path.exists(shot) and os.path.getsize(shot) > 10000),
    ]
    body = click_dom(browser, page, msi) if msi else None
    d = body.group(2) if body else ""
    checks.append(("--explain: an MSI's ITS chain, DTE to the LPI's property byte",
                   '<svg class="walk walk-its"' in d and d.count('class="walk-its"') == 6
                   and "LPI 8200 property" in d))
    for name, ok in checks:
        print(("ok   " if ok else "FAIL ") + name)
    return [name for name, ok in checks if not ok]


if __name__ == "__main__":
    sys.exit(main())
