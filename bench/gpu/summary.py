#!/usr/bin/env python3
"""Summary of bench/gpu-check.sh: the steps' exit codes, the engine's and the reference's times and their ratios.

  summary.py STEPS_TSV ENGINE_JSONL REFERENCE_JSONL REFERENCE_LABEL OUT_JSON

STEPS_TSV has one "name<TAB>exit code<TAB>seconds" line per step. Rows pair on (workload, n); every engine W1
implementation (cublas, tiled) is paired with the reference's one row of that n. Prints the table, writes OUT_JSON
atomically (a temporary file renamed over it) and exits 1 when a step failed or an engine workload has no pair.
"""
import json
import os
import sys
import tempfile


def rows(path):
    out = []
    if os.path.exists(path):
        for line in open(path):
            line = line.strip()
            if line.startswith("{"):
                row = json.loads(line)
                if "median_ms" in row:
                    out.append(row)
    return out


def main(steps_tsv, engine_path, reference_path, label, out_path):
    steps = []
    for line in open(steps_tsv):
        name, code, seconds = line.rstrip("\n").split("\t")
        steps.append({"step": name, "exit_code": int(code), "seconds": int(seconds)})
    reference = {(r["workload"], r.get("n")): r for r in rows(reference_path)}
    pairs, unpaired = [], []
    for r in rows(engine_path):
        key = (r["workload"], r.get("n"))
        ref = reference.get(key)
        if ref is None:
            unpaired.append(key)
            continue
        pairs.append({"workload": r["workload"], "n": r.get("n"), "impl": r.get("impl"), "engine_ms": r["median_ms"],
                      "reference_ms": ref["median_ms"],
                      "ratio": round(r["median_ms"] / ref["median_ms"], 3) if ref["median_ms"] > 0 else None})
    failed = [s["step"] for s in steps if s["exit_code"] != 0]
    print(f"{'step':24s} exit  seconds")
    for s in steps:
        print(f"{s['step']:24s} {s['exit_code']:4d} {s['seconds']:8d}")
    print(f"\nratio = engine time / {label} time (< 1: the engine is faster)")
    for p in pairs:
        name = p["workload"] + (f" n={p['n']}" if p["n"] else "") + (f" [{p['impl']}]" if p["impl"] else "")
        print(f"{name:26s} engine {p['engine_ms']:11.4f} ms   {label} {p['reference_ms']:11.4f} ms   ratio {p['ratio']}")
    for key in unpaired:
        print(f"no {label} row for {key[0]}" + (f" n={key[1]}" if key[1] else ""))
    summary = {"reference": label, "steps": steps, "failed_steps": failed, "pairs": pairs,
               "unpaired": [list(k) for k in unpaired]}
    folder = os.path.dirname(os.path.abspath(out_path))
    with tempfile.NamedTemporaryFile("w", dir=folder, delete=False, suffix=".tmp") as f:
        json.dump(summary, f, indent=1)
        f.flush()
        os.fsync(f.fileno())
    os.replace(f.name, out_path)
    print(f"\nsummary: {out_path}" + (f"; failed steps: {', '.join(failed)}" if failed else ""))
    return 1 if failed or unpaired or not pairs else 0


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.stderr.write("error: expected 5 arguments (bench/gpu/summary.py): STEPS_TSV ENGINE_JSONL REFERENCE_JSONL LABEL OUT_JSON\n")
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
