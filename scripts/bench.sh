#!/usr/bin/env bash
# make bench: runs every bench/*.sh against an optimised build and prints
# their figures. Each benchmark takes the build directory as its only
# argument, prints its own figures and exits non-zero only when it could not
# run (missing tool, server did not start, errors during a run). Figures are
# information, not pass/fail: a missed target is printed, not fatal.
# Usage: scripts/bench.sh BUILD_DIR   (default build/release)
set -uo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
[ -x "$build/plam" ] || { echo "scripts/bench.sh: no $build/plam (make build)" >&2; exit 1; }
shopt -s nullglob
benches=(bench/*.sh)
((${#benches[@]})) || { echo "scripts/bench.sh: no bench/*.sh found"; exit 0; }
failed=()
for b in "${benches[@]}"; do
  echo "== $b"
  start=$SECONDS
  if bash "$b" "$build"; then
    echo "== $b done in $((SECONDS - start)) s"
  else
    echo "== $b FAILED (exit $?) after $((SECONDS - start)) s"
    failed+=("$b")
  fi
done
if ((${#failed[@]})); then
  echo "bench: ${#benches[@]} run, ${#failed[@]} failed: ${failed[*]}"
  exit 1
fi
echo "bench: ${#benches[@]} run, all completed"
