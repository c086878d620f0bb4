#!/usr/bin/env bash
# GPU check for the ILGPU backend, on a machine with an NVIDIA GPU, the .NET SDK (packages already in
# the local NuGet cache: no network is used) and PyTorch with CUDA. In one run, well under 8 minutes:
#   1. the devices ILGPU sees (fails if there is no CUDA device);
#   2. the PTX compile test and the kernel suite (ILGPU CPU simulator; fast, catches compile errors);
#   3. the backend op suite on CUDA: every op of the shared table against the CPU backend, and the
#      gradient checks of the whole table (ENGINE_GRADCHECK_ALL=1);
#   4. W1, W2, W3, W6 on CUDA, the engine and PyTorch, with engine/torch time ratios.
# Usage: bench/gpu-check.sh [Release|Debug]     Output also goes to artifacts/gpu-check/.
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIG="${1:-Release}"
OUT="artifacts/gpu-check"
mkdir -p "$OUT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 NUGET_PACKAGES="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
PY="${PYTHON:-python3}"

step() { printf '\n== %s (%ss)\n' "$1" "$SECONDS"; }

step "devices"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
dotnet build bench/Engine.GpuCheck -c "$CONFIG" -v q -nologo >/dev/null
dotnet build tests/Engine.Kernels.Tests -c "$CONFIG" -v q -nologo >/dev/null
dotnet build tests/Engine.Backends.Ilgpu.Tests -c "$CONFIG" -v q -nologo >/dev/null
dotnet bench/Engine.GpuCheck/bin/"$CONFIG"/net10.0/Engine.GpuCheck.dll devices | tee "$OUT/devices.txt"
grep -q '^cuda#' "$OUT/devices.txt" || { echo "no CUDA device visible to ILGPU (libcuda.so.1 missing?)"; exit 1; }

step "kernel suite (PTX compile + CPU simulator)"
timeout 150 dotnet test tests/Engine.Kernels.Tests -c "$CONFIG" --no-build -nologo 2>&1 | tail -n 3 | tee "$OUT/kernels.txt"

step "backend op suite on CUDA"
ENGINE_DEVICE=cuda ENGINE_GRADCHECK_ALL=1 timeout 180 dotnet test tests/Engine.Backends.Ilgpu.Tests -c "$CONFIG" --no-build -nologo \
    2>&1 | grep -E '^\s+Failed |Error Message|Passed!|Failed!' -A2 | tee "$OUT/backend-cuda.txt"

step "benchmarks: engine on CUDA"
ENGINE_DEVICE=cuda timeout 120 dotnet bench/Engine.GpuCheck/bin/"$CONFIG"/net10.0/Engine.GpuCheck.dll bench | tee "$OUT/engine.jsonl"

step "benchmarks: PyTorch CUDA"
timeout 90 "$PY" bench/gpu/torch_cuda.py | tee "$OUT/torch.jsonl"

step "ratios (engine time / torch time; < 1 means the engine is faster)"
"$PY" - "$OUT/engine.jsonl" "$OUT/torch.jsonl" <<'PYEOF'
import json, sys
def load(path):
    rows = {}
    for line in open(path):
        line = line.strip()
        if line.startswith("{"):
            r = json.loads(line)
            rows[(r["workload"], r.get("n"), r.get("impl") if r.get("impl") != "torch" else None)] = r
    return rows
engine, torch = load(sys.argv[1]), load(sys.argv[2])
for (w, n, impl), r in sorted(engine.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0, kv[0][2] or "")):
    t = torch.get((w, n, None))
    if t is None:
        continue
    label = f"{w}" + (f" n={n}" if n else "") + (f" [{impl}]" if impl else "")
    print(f"{label:24s} engine {r['median_ms']:10.4f} ms   torch {t['median_ms']:10.4f} ms   ratio {r['median_ms'] / t['median_ms']:8.2f}")
print("W4/W5 (U-Net): not wired into Engine.GpuCheck yet")
PYEOF
step "done"
