#!/usr/bin/env bash
# Allocation benchmark (make bench runs it with the optimised build dir).
# 1. bench_alloc generates the EDN-like (9,000 x 40) and NRMP-like
#    (45,000 x 12) bundles and times each stage in process (median of runs,
#    wall clock and CPU time);
# 2. `plam allocate` is then timed end to end on the same files, from the
#    bundle file to the written result (median of RUNS runs, wall clock and
#    user+sys CPU from /usr/bin/time when present).
# Target: end to end <= 100 ms for the EDN-like instance. A miss is printed,
# not fatal: the machine's load shows in wall-clock figures, hence the CPU
# column and the load average printed before and after.
# Usage: bench/alloc.sh BUILD_DIR [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
runs=${2:-7}
[ -x "$build/plam" ] || { echo "bench/alloc.sh: no $build/plam" >&2; exit 1; }
[ -x "$build/bench_alloc" ] || { echo "bench/alloc.sh: no $build/bench_alloc" >&2; exit 1; }
data="$build/bench-data"
mkdir -p "$data"
# the load is printed before and after: wall-clock figures depend on it
echo "-- charge de la machine au départ : $(cut -d' ' -f1-3 /proc/loadavg) sur $(nproc) cœur(s)"
echo "-- en mémoire (bench_alloc, $runs essais)"
"$build/bench_alloc" --dir "$data" --runs "$runs"

median() { sort -n | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else printf "%.1f\n", (a[NR/2]+a[NR/2+1])/2}'; }

e2e() {
  local name=$1 bundle=$2 target=${3:-} extra=${4:-}
  local out="$data/$name.result.json" walls=() cpus=()
  for ((i = 0; i < runs; i++)); do
    local t0 t1
    if [ -x /usr/bin/time ]; then
      t0=$(date +%s%N)
      /usr/bin/time -f '%U %S' -o "$data/time.txt" "$build/plam" allocate --input "$bundle" --output "$out" --quiet $extra
      t1=$(date +%s%N)
      cpus+=("$(awk '{printf "%.0f", ($1 + $2) * 1000}' "$data/time.txt")")
    else
      t0=$(date +%s%N)
      "$build/plam" allocate --input "$bundle" --output "$out" --quiet $extra
      t1=$(date +%s%N)
    fi
    walls+=("$(( (t1 - t0) / 1000000 ))")
  done
  local wall cpu="n/a"
  wall=$(printf '%s\n' "${walls[@]}" | median)
  ((${#cpus[@]})) && cpu=$(printf '%s\n' "${cpus[@]}" | median)
  local size
  size=$(du -k "$out" | cut -f1)
  printf '  %-10s médiane %6s ms (CPU user+sys %s ms), %d essais, résultat %s Kio' "$name" "$wall" "$cpu" "$runs" "$size"
  if [ -n "$target" ]; then
    if awk -v w="$wall" -v t="$target" 'BEGIN {exit !(w <= t)}'; then printf ' — objectif <= %s ms atteint' "$target"
    else printf ' — objectif <= %s ms NON atteint (horloge murale)' "$target"; fi
  fi
  printf '\n'
}

echo "-- de bout en bout (plam allocate, fichier lot -> fichier résultat)"
e2e EDN-like "$data/alloc_edn.json" 100
e2e NRMP-like "$data/alloc_nrmp.json"
echo "-- de bout en bout sans les explications (--no-explanations)"
e2e EDN-like "$data/alloc_edn.json" 100 --no-explanations
e2e NRMP-like "$data/alloc_nrmp.json" "" --no-explanations
echo "-- charge de la machine à la fin : $(cut -d' ' -f1-3 /proc/loadavg) sur $(nproc) cœur(s)"
