#!/usr/bin/env bash
# GPU check of the ILGPU backend: W1–W8 of ../shared/peer/README.md on the engine (CUDA) against PyTorch CUDA, in
# one run, within 8 minutes, with no network (docs/backends.md, "GPU check"). Steps, each under a timeout:
#   1. devices  the ILGPU devices (fails without CUDA);
#   2. ops      every op-table row on the device against the CPU backend, with its first- and second-order gradient checks;
#   3. engine   W1–W8 on the engine (bench/Engine.GpuCheck), one JSON line per workload;
#   4. torch    the same workloads on PyTorch (bench/gpu/torch_cuda.py);
#   5. summary  bench/gpu/summary.py: the ratios printed, and artifacts/gpu-check/summary.json.
# The GPU image has PyTorch but no .NET SDK: prepare the engine here, carry the folder, run it there.
#
#   bench/gpu-check.sh --prepare DIR           publish Engine.GpuCheck self-contained (linux-x64, one file) into DIR
#   bench/gpu-check.sh [--prebuilt DIR]        the check on the GPU (without --prebuilt: builds with the local dotnet)
#   bench/gpu-check.sh --dry-run [--prebuilt DIR]
#       the same steps on ILGPU's CPU simulator at micro sizes, against PyTorch on the CPU where python3 has it,
#       else against the engine's CPU backend (CI runs this; about a minute)
# Options may be followed by the build configuration (Release, the default, or Debug). Exit code: 0 when every step
# passed, 1 when one failed (the others still run), 2 for bad arguments.
set -uo pipefail
cd "$(dirname "$0")/.."
usage="usage: bench/gpu-check.sh [--dry-run] [--prebuilt DIR | --prepare DIR] [Release|Debug]"
DRY=0 PREBUILT="" PREPARE="" CONFIG=Release
while [ $# -gt 0 ]; do
    case "$1" in
        --dry-run) DRY=1 ;;
        --prebuilt|--prepare)
            [ $# -ge 2 ] || { echo "error: $1 needs a folder (bench/gpu-check.sh): $usage" >&2; exit 2; }
            if [ "$1" = --prebuilt ]; then PREBUILT="$2"; else PREPARE="$2"; fi
            shift ;;
        Release|Debug) CONFIG="$1" ;;
        *) echo "error: unknown argument '$1' (bench/gpu-check.sh): $usage" >&2; exit 2 ;;
    esac
    shift
done
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 PYTHONUNBUFFERED=1
PY="${PYTHON:-python3}"

if [ -n "$PREPARE" ]; then
    dotnet publish bench/Engine.GpuCheck -c "$CONFIG" -r linux-x64 --self-contained -nologo -v q \
        -p:PublishSingleFile=true -p:EnableCompressionInSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true \
        -p:DebugType=none -p:GenerateDocumentationFile=false -o "$PREPARE" || exit 1
    du -sh "$PREPARE"
    exit 0
fi

OUT="artifacts/gpu-check$([ $DRY = 1 ] && echo -dry-run)"
mkdir -p "$OUT"
: > "$OUT/steps.tsv"
if [ -n "$PREBUILT" ]; then
    [ -x "$PREBUILT/Engine.GpuCheck" ] || { echo "error: no Engine.GpuCheck in '$PREBUILT' (--prebuilt): run --prepare first" >&2; exit 2; }
    GC=("$PREBUILT/Engine.GpuCheck")
else
    dotnet build bench/Engine.GpuCheck -c "$CONFIG" -v q -nologo >/dev/null || { echo "building Engine.GpuCheck failed"; exit 1; }
    GC=(dotnet "bench/Engine.GpuCheck/bin/$CONFIG/net10.0/Engine.GpuCheck.dll")
fi
if [ $DRY = 1 ]; then DEVICE=ilgpu-cpu SIZE=(--micro); else DEVICE=cuda SIZE=(); fi

# step NAME TIMEOUT_S COMMAND...: runs it, keeps its output in $OUT/NAME.txt, records its exit code and duration.
step() {
    local name="$1" limit="$2" start=$SECONDS code
    shift 2
    printf '\n== %s (at %ss, limit %ss)\n' "$name" "$SECONDS" "$limit"
    timeout "$limit" "$@" > "$OUT/$name.txt" 2> "$OUT/$name.err"
    code=$?
    tail -n 40 "$OUT/$name.txt"; tail -n 20 "$OUT/$name.err"
    printf '%s\t%s\t%s\n' "$name" "$code" "$((SECONDS - start))" >> "$OUT/steps.tsv"
}
needs_cuda() { "${GC[@]}" devices | tee /dev/stderr | grep -q '^cuda#' || { echo "no CUDA device visible to ILGPU (libcuda.so.1 missing?)"; return 1; }; }

if [ $DRY = 1 ]; then
    step devices 60 "${GC[@]}" devices
else
    command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
    step devices 30 needs_cuda
fi
ENGINE_DEVICE=$DEVICE step ops 150 "${GC[@]}" ops --grad
ENGINE_DEVICE=$DEVICE step engine 180 "${GC[@]}" bench "${SIZE[@]}"
if [ $DRY = 0 ]; then
    LABEL=torch-cuda
    step torch 90 "$PY" bench/gpu/torch_cuda.py
elif "$PY" -c 'import torch' 2>/dev/null; then
    LABEL=torch-cpu
    step torch 90 "$PY" bench/gpu/torch_cuda.py --device cpu --micro
else
    # No PyTorch here: parse the script (what it would run on the GPU), then use the engine's CPU backend as the reference.
    LABEL=engine-cpu
    step torch-syntax 30 "$PY" -c 'import ast, sys; [ast.parse(open(f).read(), f) for f in sys.argv[1:]]' bench/gpu/torch_cuda.py bench/gpu/torch_models.py bench/gpu/summary.py
    ENGINE_DEVICE=cpu step torch 60 "${GC[@]}" bench "${SIZE[@]}"
fi
printf '\n== summary (at %ss)\n' "$SECONDS"
"$PY" bench/gpu/summary.py "$OUT/steps.tsv" "$OUT/engine.txt" "$OUT/torch.txt" "$LABEL" "$OUT/summary.json"
