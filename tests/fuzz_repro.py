#!/usr/bin/env python3
"""smmuits fuzz-repro: every seed of the structured targets becomes a trace that
replays with every expectation met (the reproducer says what the model did), and a
fuzz_trace input comes back byte for byte."""
import os
import subprocess
import sys
import tempfile

smmuits, corpus = sys.argv[1], sys.argv[2]
failed = 0
with tempfile.TemporaryDirectory() as tmp:
    for target in ("dma_bypass", "its"):
        d = os.path.join(corpus, target)
        for seed in sorted(os.listdir(d)):
            out = os.path.join(tmp, target + "-" + seed + ".trace")
            r = subprocess.run([smmuits, "fuzz-repro", os.path.join(d, seed), "--target", target,
                                "-o", out])
            p = subprocess.run([smmuits, "replay", "--quiet", out], capture_output=True, text=True)
            last = p.stdout.strip().splitlines()[-1] if p.stdout.strip() else ""
            ok = r.returncode == 0 and p.returncode == 0 and last.endswith(" 0 failed")
            print(("ok   " if ok else "FAIL ") + target + "/" + seed + ": " + last)
            failed += not ok
    d = os.path.join(corpus, "trace")
    for seed in sorted(os.listdir(d)):
        src = os.path.join(d, seed)
        r = subprocess.run([smmuits, "fuzz-repro", src, "--target", "trace"], capture_output=True)
        ok = r.returncode == 0 and r.stdout == open(src, "rb").read()
        print(("ok   " if ok else "FAIL ") + "trace/" + seed)
        failed += not ok
print("%d failed" % failed)
sys.exit(1 if failed else 0)
