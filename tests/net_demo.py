#!/usr/bin/env python3
"""smmuits net-demo in CI (no network needed): each mode must pass its own
checks, print its documented result, record a trace that replays green
without libslirp, and record the same bytes twice (docs/netdev.md)."""
import os
import re
import subprocess
import sys
import tempfile

exe = sys.argv[1]
failures = []

# mode flags -> lines the output must contain (the documented result of each flag)
MODES = {
    "": [r"\[ ok \] DHCP lease 10\.0\.2\.15 ", r"\[ ok \] 3 of 3 pings answered",
         r"\[ ok \] every RX completion \(6\) produced LPI 8192 at cpu1",
         r"\[ ok \] no SMMU event", r"IOVA 0x8000040 -> doorbell PA 0x8090040 -> LPI 8192 @cpu1"],
    "--unmap-rx": [r"\[ ok \] 2 of 3 pings answered: the reply to ping 1 was dropped",
                   r"rx3 buffer write .* IOVA 0x123000 -> FAULT F_TRANSLATION \(event recorded\)",
                   r"\[ ok \] the SMMU reported it: 1 event, F_TRANSLATION sid=0x10 addr=0x123000",
                   r"\[ ok \] the buffer.s page at PA 0x48023000 was unchanged by the fault",
                   r"\[ ok \] every RX completion \(6\) produced LPI 8192 at cpu1"],
    "--no-doorbell": [r"tx0 MSI .* IOVA 0x8000040 -> FAULT F_TRANSLATION",
                      r"\[ ok \] all 12 MSIs faulted", r"\[ ok \] no LPI arrived",
                      r"\[ ok \] 3 of 3 pings answered"],
    "--bypass": [r"WARNING --bypass: .* neither translated nor checked",
                 r"the device can read and write ANY physical address",
                 r"PA 0x48000000, untranslated \(bypass\)",
                 r"reads 16 bytes at 0x7f000000, the SMMU's own stream table.*: bypass",
                 r"\[ ok \] every RX completion \(6\) produced LPI 8192 at cpu1"],
    # the ring wraps round to the buffer that was mapped again: it works
    "--unmap-rx --ping 12": [r"\[ ok \] 11 of 12 pings answered",
                             r"\[ ok \] every RX completion \(15\) produced LPI 8192 at cpu1"],
    # configurability: another StreamID and CPU
    "--sid 0x22 --cpu 2": [r"IOVA 0x8000040 -> doorbell PA 0x8090040 -> LPI 8192 @cpu2",
                           r"\[ ok \] every TX completion \(6\) produced LPI 8193 at cpu2"],
}


def run(args):
    return subprocess.run([exe, "net-demo", *args], capture_output=True, text=True)


with tempfile.TemporaryDirectory() as tmp:
    for flags, wants in MODES.items():
        name = flags or "(default)"
        recs = [os.path.join(tmp, f"{i}.trace") for i in range(2)]
        ping = [] if "--ping" in flags else ["--ping", "3"]
        outs = [run([*flags.split(), *ping, "--record", r]) for r in recs]
        p = outs[0]
        if p.returncode != 0 or not p.stdout.rstrip().endswith("net-demo: PASS"):
            failures.append(f"{name}: exit {p.returncode}\n{p.stdout[-2000:]}{p.stderr}")
            continue
        for w in wants:
            if not re.search(w, p.stdout):
                failures.append(f"{name}: output lacks /{w}/")
        if outs[1].stdout != p.stdout or open(recs[0], "rb").read() != open(recs[1], "rb").read():
            failures.append(f"{name}: two runs differ")
        r = subprocess.run([exe, "replay", "--quiet", recs[0]], capture_output=True, text=True)
        if r.returncode != 0 or not re.search(r"^\d+ passed, 0 failed$", r.stdout, re.M):
            failures.append(f"{name}: the recording does not replay green:\n{r.stdout[-2000:]}")

# a bad command line, and two fault flags at once, are usage errors
for args in (["--ping", "0"], ["--bogus"], ["--bypass", "--unmap-rx"], ["--record"]):
    if run(args).returncode != 2:
        failures.append(f"net-demo {' '.join(args)}: expected exit 2")
# the self-check bites: with --explain the default run still passes and says why
p = run(["--explain", "--ping", "1"])
if p.returncode != 0 or "why: translated by stage 1" not in p.stdout or "driver: smmu-init" not in p.stdout:
    failures.append("--explain: no rule or driver lines in the output")

for f in failures:
    print("FAIL:", f)
print(f"{len(MODES)} modes, {len(failures)} failures")
sys.exit(1 if failures else 0)
