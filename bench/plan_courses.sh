#!/usr/bin/env bash
# Plans 10,000 courses into a year of a clinic group's calendar (20 practitioners, 10 rooms)
# with the release build and prints courses/s and the share of preferred slots.
# Usage: bench/plan_courses.sh [courses] [seed]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup
cmake --preset release >/dev/null
cmake --build --preset release --target plan_courses >/dev/null
exec build/release/bench/plan_courses "${1:-10000}" "${2:-2027}"
