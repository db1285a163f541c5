#!/usr/bin/env bash
# Formatting check: every C file of src/, tests/unit, tests/fuzz and bench/
# must be as clang-format 14 writes it with the repository's .clang-format.
# Lists each file that is not, with the number of its lines that would
# change, and fails; `make format` (scripts/check-format.sh --fix) rewrites
# them in place. The version is pinned: another clang-format major version
# formats some constructs differently and would flag the whole tree.
# Usage: scripts/check-format.sh [--fix]
set -euo pipefail
cd "$(dirname "$0")/.."
cf=$(command -v clang-format-14 || command -v clang-format || true)
if [ -z "$cf" ]; then
  echo "format: clang-format 14 is missing (Debian package clang-format, scripts/deps.sh)"
  exit 1
fi
version=$("$cf" --version | grep -oP 'version \K[0-9]+')
if [ "$version" != 14 ]; then
  echo "format: $cf is version $version; the style is written for clang-format 14"
  exit 1
fi
mapfile -t files < <(find src tests/unit tests/fuzz bench -name '*.[ch]' | sort)
if [ "${1:-}" = --fix ]; then
  "$cf" -i --style=file "${files[@]}"
  echo "format: ${#files[@]} files formatted"
  exit 0
fi
bad=0 lines=0
for f in "${files[@]}"; do
  if ! "$cf" --dry-run --Werror --style=file "$f" >/dev/null 2>&1; then
    n=$("$cf" --style=file "$f" | diff -U0 "$f" - | grep -c '^-[^-]' || true)
    echo "not formatted: $f ($n lines would change)"
    bad=$((bad + 1)) lines=$((lines + n))
  fi
done
if ((bad)); then
  echo "format: $bad of ${#files[@]} files not formatted ($lines lines would change): run make format"
  exit 1
fi
echo "format: ok (${#files[@]} files)"
