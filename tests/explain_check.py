#!/usr/bin/env python3
"""docs/explain.md: explaining never changes a result or a cycle count.

For every trace given: `replay --json` and `replay --json --explain` print
the same step objects, byte for byte, once the explanations are set aside;
every transaction is explained; and each explanation's steps add up to the
transaction's latency (the cycles of its step object)."""
import json
import subprocess
import sys


def run(exe, args):
    p = subprocess.run([exe, "replay", "--json"] + args, capture_output=True, text=True)
    return p.returncode, p.stdout.splitlines()


def main():
    exe, traces = sys.argv[1], sys.argv[2:]
    bad = 0
    for tr in traces:
        rc0, plain = run(exe, [tr])
        rc1, expl = run(exe, ["--explain", tr])
        steps = [l for l in expl if not l.startswith('{"file":') or '"explain":' not in l]
        if rc0 != rc1 or steps != plain:
            print(f"{tr}: output differs with --explain")
            bad += 1
            continue
        last = None
        for l in expl:
            o = json.loads(l)
            if "explain" not in o:
                last = o
                continue
            if last is None or last.get("line") != o["line"]:
                print(f"{tr}:{o['line']}: explanation without its step")
                bad += 1
                continue
            if last.get("outcome") in ("not-issued", "error"):
                continue
            total = sum(s["cycles"] for s in o["explain"])
            if total != last["cycles"]:
                print(f"{tr}:{o['line']}: steps add up to {total}, the step took {last['cycles']}")
                bad += 1
        n = sum(1 for l in plain if json.loads(l).get("step", "").startswith(("dma ", "msi ")))
        m = sum(1 for l in expl if '"explain":' in l)
        if n != m:
            print(f"{tr}: {n} transactions, {m} explained")
            bad += 1
    print(f"{len(traces)} traces, {bad} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
