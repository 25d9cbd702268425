#!/usr/bin/env bash
# Long fuzzing runs: each libFuzzer target for SECONDS (default 1800), via scripts/fuzz. Keep
# what a run finds: a crash's input goes to tests/fuzz/corpus/<target>/ with its fix.
#
#   bench/fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/../.."
exec scripts/fuzz "${1:-1800}" "${@:2}"
