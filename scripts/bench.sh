#!/usr/bin/env bash
# Runs every benchmark in bench/ in turn: scripts/bench.sh [extra arguments for each]
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
for script in bench/bench_*.py; do
  printf '\n\033[1m== %s\033[0m\n' "$script"
  .venv/bin/python "$script" "$@" || status=1
done
exit $status
