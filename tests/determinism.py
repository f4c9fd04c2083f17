#!/usr/bin/env python3
"""Replay every trace twice, text and --json: the output must be byte-identical
(no host addresses, wall-clock times or hash-order in it)."""
import subprocess
import sys

exe, traces = sys.argv[1], sys.argv[2:]
bad = 0
for mode in ([], ["--json"]):
    runs = [subprocess.run([exe, "replay", *mode, *traces], capture_output=True).stdout
            for _ in range(2)]
    if runs[0] != runs[1]:
        bad += 1
        print(f"replay {' '.join(mode) or '(text)'}: output differs between two runs")
print(f"{2 - bad} passed, {bad} failed")
sys.exit(1 if bad else 0)
