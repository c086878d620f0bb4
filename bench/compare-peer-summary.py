#!/usr/bin/env python3
"""Reads engine-*.jsonl and pytorch-*.jsonl from a compare-peer.sh folder and prints a markdown table:
per workload (and n for W1), the median over rounds of each side's median_ms, the ratio
engine/pytorch of times, for W1 the GFLOP/s of both and their ratio, the ratio of the fastest samples
(min_ms over all rounds: the least disturbed figure on a busy machine), and the worst foreign_cpu seen.
Secondary timings a row carries (W7's plain_step_ms and env_step_ms) get rows of their own, named
"<workload> <field>", compared the same way (their line has no minimum of its own: best-sample ratio "-").
Also per row: the ratio of each round (engine round r against pytorch round r, interleaved in time), and
where both sides report cpu_ms (CPU time per call, all threads; bench/torch-cputime.py adds it to the
peer's lines) the medians of CPU time and their ratio, which other processes on the machine hardly move."""
import glob
import json
import os
import statistics
import sys

KEYS = ("n", "batch")
# Further per-call times (ms) some workloads emit beside median_ms: each becomes a row of its own.
EXTRA_MS = ("plain_step_ms", "env_step_ms")


def load(folder, impl):
    runs = {}
    for path in sorted(glob.glob(os.path.join(folder, impl + "-*.jsonl"))):
        with open(path) as f:
            for line in f:
                line = line.strip()
                if not line.startswith("{"):
                    continue
                d = json.loads(line)
                if "median_ms" not in d:
                    continue
                key = (d["workload"],) + tuple(d.get(k) for k in KEYS if k in d)
                d["round"] = os.path.basename(path)[len(impl) + 1:-len(".jsonl")]
                runs.setdefault(key, []).append(d)
                for field in EXTRA_MS:
                    if field in d:
                        extra = {"workload": d["workload"] + " " + field, "median_ms": d[field], "min_ms": None,
                                 "foreign_cpu": d.get("foreign_cpu"), "round": d["round"]}
                        runs.setdefault((extra["workload"],) + key[1:], []).append(extra)
    return runs


def main(folder):
    eng, tor = load(folder, "engine"), load(folder, "pytorch")
    print("| workload | engine ms | pytorch ms | time ratio engine/pytorch | per round | engine GFLOP/s | pytorch GFLOP/s | GFLOP/s ratio | best-sample time ratio | engine CPU ms | pytorch CPU ms | CPU ratio | rounds | max foreign_cpu |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for key in sorted(set(eng) | set(tor), key=lambda k: tuple((0, v, 0) if isinstance(v, (int, float)) else (1, 0, str(v)) for v in k)):
        e, t = eng.get(key, []), tor.get(key, [])
        em = statistics.median(d["median_ms"] for d in e) if e else None
        tm = statistics.median(d["median_ms"] for d in t) if t else None
        name = key[0] + ("" if len(key) == 1 else " " + " ".join(str(k) for k in key[1:]))
        ratio = f"{em / tm:.2f}" if em and tm else "-"
        gf = lambda ms: 2.0 * key[1] ** 3 / (ms * 1e-3) / 1e9 if ms and key[0] == "W1_sgemm" else None
        egf, tgf = gf(em), gf(tm)
        emin = min((d["min_ms"] for d in e if d["min_ms"] is not None), default=None)
        tmin = min((d["min_ms"] for d in t if d["min_ms"] is not None), default=None)
        best_ratio = f"{emin / tmin:.2f}" if emin and tmin else "-"
        loads = [d.get("foreign_cpu") for d in e + t if d.get("foreign_cpu") is not None]
        fmt = lambda v, p=3: "-" if v is None else f"{v:.{p}f}"
        by_round = {d["round"]: d["median_ms"] for d in t}
        rounds = " / ".join(f"{d['median_ms'] / by_round[d['round']]:.2f}" for d in e if by_round.get(d["round"])) or "-"
        ec = [d["cpu_ms"] for d in e if d.get("cpu_ms") is not None]
        tc = [d["cpu_ms"] for d in t if d.get("cpu_ms") is not None]
        ecm, tcm = (statistics.median(ec) if ec else None), (statistics.median(tc) if tc else None)
        print(f"| {name} | {fmt(em, 4)} | {fmt(tm, 4)} | {ratio} | {rounds} | {fmt(egf, 1)} | {fmt(tgf, 1)} | "
              f"{(f'{egf / tgf:.2f}' if egf and tgf else '-')} | {best_ratio} | {fmt(ecm, 2)} | {fmt(tcm, 2)} | "
              f"{(f'{ecm / tcm:.2f}' if ecm and tcm else '-')} | {min(len(e), len(t))} | {fmt(max(loads) if loads else None, 2)} |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
