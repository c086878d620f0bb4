#!/usr/bin/python3
"""W1 (torch.mm, n x n float32) timed by process CPU time instead of wall time; counterpart of
`Engine.Bench w1-cpu`. Usage: bench/w1-cputime-torch.py [threads] [samples]. Uses the peer suite's
private OpenBLAS (see ../shared/peer/setup.sh) through LD_LIBRARY_PATH, as torch_bench.py does."""
import json
import os
import statistics
import sys
import time

CACHE = os.environ.get("ENGINE_PEER_CACHE", os.path.join(os.path.expanduser("~"), ".cache", "engine-peer"))
BLAS = os.path.join(CACHE, "deps", "openblas", "usr", "lib", "x86_64-linux-gnu", "openblas-openmp")
if os.environ.get("W1_CPU_BLAS") != "openblas" and os.path.isdir(BLAS):
    env = dict(os.environ, W1_CPU_BLAS="openblas")
    env["LD_LIBRARY_PATH"] = BLAS + (":" + env["LD_LIBRARY_PATH"] if env.get("LD_LIBRARY_PATH") else "")
    os.execve("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv, env)

import torch  # noqa: E402

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
samples = int(sys.argv[2]) if len(sys.argv) > 2 else 10
torch.set_num_threads(threads)
for n in (128, 256, 512, 1024, 2048):
    torch.manual_seed(0)
    a, b = torch.randn(n, n), torch.randn(n, n)
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < 0.3:
        torch.mm(a, b)
    cpu, wall = [], []
    for _ in range(samples):
        c0, w0, calls = time.process_time(), time.perf_counter(), 0
        while True:
            torch.mm(a, b)
            calls += 1
            if time.process_time() - c0 >= 0.2:
                break
        cpu.append((time.process_time() - c0) * 1e3 / calls)
        wall.append((time.perf_counter() - w0) * 1e3 / calls)
    cpu_ms = statistics.median(cpu)
    print(json.dumps({"workload": "W1_sgemm_cputime", "n": n, "threads": threads,
                      "cpu_ms_per_call": round(cpu_ms, 4), "wall_ms_per_call": round(statistics.median(wall), 4),
                      "gflops_per_cpu_s": round(2.0 * n ** 3 / (cpu_ms * 1e-3) / 1e9, 2), "samples": samples,
                      "impl": "pytorch", "blas": os.environ.get("W1_CPU_BLAS", "system")}), flush=True)
