#!/usr/bin/env bash
# Compiles every kernel family (src/main/cuda/*.cu) to PTX (compute_80, JIT-compiled by the driver on
# any newer GPU) and to cubins for sm_80 and sm_90, into the jar's resources under
# org/sonograd/kernels/cuda/, and records ptxas's registers / spills / shared memory per kernel.
# Without nvcc on PATH it says so and succeeds; a compile error fails the build.
#   build-cuda.sh <source dir> <classes dir> <work dir>
set -euo pipefail
src="$1"
out="$2/org/sonograd/kernels/cuda"
work="$3"
if ! command -v nvcc >/dev/null 2>&1; then
  echo "[sonograd] nvcc is not on PATH: the CUDA kernels were not built (the CUDA backend will report them missing)"
  exit 0
fi
mkdir -p "$out" "$work"
flags=(-O3 -std=c++17 -I"$src")
headers=("$src"/*.cuh "$src"/*.h)

# one job: <family> <target>, where target is ptx, sm_80 or sm_90
build_one() {
  local family="$1" target="$2" file result log
  file="$src/$family.cu"
  if [ "$target" = ptx ]; then result="$out/$family.ptx"; else result="$out/$family.$target.cubin"; fi
  log="$work/$family.$target.log"
  if [ -f "$result" ] && [ -f "$log" ] && [ -z "$(find "$file" "${headers[@]}" -newer "$result" -print -quit)" ]; then
    return 0  # up to date
  fi
  if [ "$target" = ptx ]; then
    nvcc "${flags[@]}" -ptx -arch=compute_80 "$file" -o "$result" >"$log" 2>&1 || { cat "$log" >&2; return 1; }
  else
    nvcc "${flags[@]}" -cubin -arch="$target" -Xptxas -v "$file" -o "$result" >"$log" 2>&1 || { cat "$log" >&2; return 1; }
  fi
}
export -f build_one
export src out work
export flags_string="${flags[*]}"

jobs=()
for f in "$src"/*.cu; do
  family="$(basename "$f" .cu)"
  for target in ptx sm_80 sm_90; do jobs+=("$family $target"); done
done
# two at a time: CI and this machine have two cores
printf '%s\n' "${jobs[@]}" | xargs -P 2 -L 1 bash -c 'flags=($flags_string); headers=("$src"/*.cuh "$src"/*.h); build_one "$0" "$1"'

# report: family arch kernel registers spill_stores spill_loads stack smem
report="$work/resources.tsv"
{
  printf 'family\tarch\tkernel\tregisters\tspill_store_bytes\tspill_load_bytes\tstack_bytes\tsmem_bytes\n'
  for log in "$work"/*.sm_*.log; do
    name="$(basename "$log" .log)"
    family="${name%.*}"
    arch="${name##*.}"
    awk -v family="$family" -v arch="$arch" '
      /Compiling entry function/ { match($0, /'"'"'[^'"'"']*'"'"'/); kernel = substr($0, RSTART + 1, RLENGTH - 2) }
      /bytes stack frame/ { stack = $1; stores = $5; loads = $9 }
      /Used [0-9]+ registers/ {
        regs = $0; sub(/.*Used /, "", regs); sub(/ registers.*/, "", regs)
        smem = 0; if (match($0, /[0-9]+ bytes smem/)) { smem = substr($0, RSTART, RLENGTH); sub(/ bytes smem/, "", smem) }
        printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", family, arch, kernel, regs, stores, loads, stack, smem
      }' "$log"
  done
} >"$report"
echo "[sonograd] CUDA kernels built for sm_80, sm_90 and PTX compute_80; resources in $report"
