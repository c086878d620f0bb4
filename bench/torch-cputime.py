#!/usr/bin/python3
"""The PyTorch peer (../shared/peer/torch_bench.py) with one field more per timed line: cpu_ms, the process's
CPU time (all threads) per call over the timed samples, as Engine.Bench's peer mode reports it. Same
arguments, same protocol and output otherwise: torch_bench.py is loaded unchanged and only its ForeignLoad
window (which spans exactly the timed samples) and measure() are wrapped.

On a machine that other processes keep busy, wall time mostly measures them (and PyTorch's OpenMP threads
spin at barriers when a core is taken away); CPU time per call still measures each side's own work.
Usage: bench/torch-cputime.py [torch_bench.py options], e.g. --only W8 --threads 2 --samples 20.
It also runs this repository's own workloads (W9, bench/w9_unet2d_torch.py) when --only names them.
PEER_DIR selects the peer suite (default ../shared/peer beside the repository)."""
import importlib.util
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PEER = os.environ.get("PEER_DIR", os.path.join(HERE, "..", "..", "shared", "peer"))
CACHE = os.environ.get("ENGINE_PEER_CACHE", os.path.join(os.path.expanduser("~"), ".cache", "engine-peer"))
BLAS = os.path.join(CACHE, "deps", "openblas", "usr", "lib", "x86_64-linux-gnu", "openblas-openmp")
MALLOC = ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_")

# torch_bench.py re-executes *itself* to get OpenBLAS and the tuned allocator; set both up here first
# (its defaults: --blas auto, --malloc tuned), so that it has no reason to, and the wrapping survives.
if os.environ.get("PEER_BENCH_BLAS") != "openblas" or any(os.environ.get(v) != "1000000000" for v in MALLOC):
    env = dict(os.environ)
    if os.path.isdir(BLAS):
        env["LD_LIBRARY_PATH"] = BLAS + (":" + env["LD_LIBRARY_PATH"] if env.get("LD_LIBRARY_PATH") else "")
        env["PEER_BENCH_BLAS"] = "openblas"
    for v in MALLOC:
        env[v] = "1000000000"
    env.setdefault("PEER_BENCH_BLAS", "system")
    os.execve("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv, env)

path = os.path.join(PEER, "torch_bench.py")
sys.argv = [path] + sys.argv[1:]
spec = importlib.util.spec_from_file_location("torch_bench", path)
tb = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tb)

_window = {}


class CpuWindow(tb.ForeignLoad):
    """torch_bench's load probe, also reading the process CPU clock over the same window."""

    def __enter__(self):
        _window["cpu0"] = time.process_time()
        return super().__enter__()

    def __exit__(self, *exc):
        _window["cpu_s"] = time.process_time() - _window["cpu0"]
        return super().__exit__(*exc)


_measure = tb.measure


def measure(fn, *args, **kwargs):
    r = _measure(fn, *args, **kwargs)
    r["cpu_ms"] = round(_window["cpu_s"] * 1e3 / (r["samples"] * r["inner"]), 4)
    return r


# Workloads defined in this repository rather than in the peer suite (W9: bench/w9_unet2d_torch.py) run
# under the same harness, after torch_bench's own and before its closing "done" line, with the same
# wait for a quiet machine.
sys.path.insert(0, HERE)
import w9_unet2d_torch  # noqa: E402

LOCAL = (("W9", w9_unet2d_torch.run),)
_emit = tb.emit


def emit(d):
    if d.get("workload") == "done":
        for name, run in LOCAL:
            if name not in tb.ONLY:
                continue
            if tb.ARGS.wait_quiet > 0 and not tb.ARGS.check:
                waited, load = tb.wait_quiet(tb.ARGS.wait_quiet)
                if waited >= 1.5 or (load or 0.0) >= 0.10:
                    _emit({"workload": "wait_quiet", "before": name, "waited_s": waited, "foreign_cpu": load})
            run(tb)
    _emit(d)


tb.ForeignLoad = CpuWindow
tb.measure = measure
tb.emit = emit
tb.main()
