#!/usr/bin/env bash
# Times the aftercare handout (PDF on A4 and Letter, HTML; English and Turkish) with the
# release build. Usage: bench/render_handouts.sh [documents per kind]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup
cmake --preset release >/dev/null
cmake --build --preset release --target render_handouts >/dev/null
exec build/release/bench/render_handouts "${1:-200}"
