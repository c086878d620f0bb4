#!/bin/sh
# Side-by-side run of the PyTorch peer (../shared/peer/torch_bench.py, through bench/torch-cputime.py,
# which adds each side's CPU time per call) and Engine's `peer` mode on the same machine, alternating
# the two for several rounds, then a per-workload table of Engine time / PyTorch time (and Engine
# GFLOP/s / PyTorch GFLOP/s for W1), per-round ratios and the CPU-time ratio.
#
# Usage: bench/compare-peer.sh [--only W1] (W1-W8: the peer suite; W9: bench/w9_unet2d_torch.py) [--samples 20] [--rounds 3] [--wait-quiet 60] [--threads 2] [--nice N]
#   --nice N runs both sides under `nice -n N` (negative needs root): on a machine that is never
#   quiet, -20 gives both the same large share of the CPU; say so when quoting the figures.
#   COMPARE_OUT=dir  keep the raw JSON lines there (default: a fresh temporary folder)
#   (not OUTDIR: MSBuild would take that environment variable as its output folder)
#   PEER_DIR=dir     the peer suite (default ../shared/peer)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PEER_DIR=${PEER_DIR:-$ROOT/../shared/peer}
CACHE=${ENGINE_PEER_CACHE:-$HOME/.cache/engine-peer}
ONLY=W1; SAMPLES=20; ROUNDS=3; WAIT=60; THREADS=2; NICE=
while [ $# -gt 0 ]; do
  case "$1" in
    --only) ONLY=$2; shift 2 ;;
    --samples) SAMPLES=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --wait-quiet) WAIT=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --nice) NICE="nice -n $2"; shift 2 ;;
    *) echo "usage: $0 [--only W1,..] [--samples N] [--rounds R] [--wait-quiet S] [--threads T] [--nice N]" >&2; exit 2 ;;
  esac
done
OUT=${COMPARE_OUT:-$(mktemp -d /tmp/engine-compare.XXXXXX)}
mkdir -p "$OUT"

# PyTorch 1.13 (Debian python3-torch) + the private OpenBLAS: setup.sh is idempotent and uses apt only.
if [ ! -d "$CACHE/deps/openblas" ] || ! /usr/bin/python3 -c "import torch" 2>/dev/null; then
  "$PEER_DIR/setup.sh" > "$OUT/setup.log" 2>&1 || { echo "peer setup failed, see $OUT/setup.log" >&2; exit 1; }
fi

dotnet build -c Release "$ROOT/bench/Engine.Bench" -nologo -v q > "$OUT/build.log" 2>&1 \
  || { echo "build failed, see $OUT/build.log" >&2; exit 1; }
# --threads caps the GEMM; DOTNET_PROCESSOR_COUNT caps every other parallel loop (elementwise ops,
# im2col, group norm, the chunked convolution), so `--threads 1` is single-threaded on both sides.
ENGINE="$NICE env DOTNET_PROCESSOR_COUNT=$THREADS dotnet $ROOT/bench/Engine.Bench/bin/Release/net10.0/Engine.Bench.dll peer"
COMMON="--only $ONLY --samples $SAMPLES --wait-quiet $WAIT --threads $THREADS"

r=1
while [ "$r" -le "$ROUNDS" ]; do
  # Alternate which side goes first so slow drifts in machine load hit both equally.
  if [ $((r % 2)) -eq 1 ]; then
    $NICE env PEER_DIR="$PEER_DIR" python3 "$ROOT/bench/torch-cputime.py" --blas openblas $COMMON > "$OUT/pytorch-$r.jsonl"
    $ENGINE $COMMON > "$OUT/engine-$r.jsonl"
  else
    $ENGINE $COMMON > "$OUT/engine-$r.jsonl"
    $NICE env PEER_DIR="$PEER_DIR" python3 "$ROOT/bench/torch-cputime.py" --blas openblas $COMMON > "$OUT/pytorch-$r.jsonl"
  fi
  echo "round $r of $ROUNDS done" >&2
  r=$((r + 1))
done

python3 "$ROOT/bench/compare-peer-summary.py" "$OUT"
echo "raw results: $OUT" >&2
