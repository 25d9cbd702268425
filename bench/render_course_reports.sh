#!/usr/bin/env bash
# Times the course report (PDF, English and Turkish) and a progress chart (PNG, SVG) with the
# release build. Usage: bench/render_course_reports.sh [reports per kind]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup
cmake --preset release >/dev/null
cmake --build --preset release --target render_course_reports >/dev/null
exec build/release/bench/render_course_reports "${1:-50}"
