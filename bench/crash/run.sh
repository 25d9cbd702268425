#!/usr/bin/env bash
# Crash torture, the long version: SIGKILLs the release server KILLS times (default 1,000) under
# concurrent writes on SQLite, then on PostgreSQL, checking after every restart that each
# acknowledged write is whole (see torture.py). Prints the kill count reached per engine.
#
#   bench/crash/run.sh [KILLS] [SEED]
set -euo pipefail
cd "$(dirname "$0")/../.."
kills=${1:-1000}
seed=${2:-1}
scripts/setup
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)" --target mesoclinic audit_history >/dev/null
binary=$PWD/build/release/src/app/mesoclinic
audit_history=$PWD/build/release/bench/audit_history
echo "== SQLite: $kills kills"
python3 bench/crash/torture.py --binary "$binary" --audit-history "$audit_history" --db sqlite --kills "$kills" --seed "$seed" | tail -8
echo "== PostgreSQL: $kills kills"
scripts/with-postgres python3 bench/crash/torture.py --binary "$binary" \
  --audit-history "$audit_history" --db postgresql \
  --kills "$kills" --seed "$seed" | tail -7
