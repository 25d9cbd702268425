#!/usr/bin/env bash
# Trichometry against its ground truth: COUNT fresh synthetic trichoscopy images (2 megapixels,
# 100-320 hairs a cm2) measured by the release build's engine on one core, each image's errors
# and time, then the summary against issue 17's targets. The seed defaults to the time, so the
# set is one the engine was not tuned on; it is printed, and passing it again repeats the set.
# With OVERLAY_DIR, each image, its overlay and the truth drawn over it are written there.
# Then COUNT/2 pairs of visits from the same seed (the change in count measured hair to hair)
# and COUNT/2 phototrichograms (anagen share and growth rate). TRICHOMETRY_UNITS=0.3 draws that
# share of terminal hairs in follicular units of 2-3 in the measured images (not in the visits or
# phototrichograms; none by default; docs/trichometry.md).
#
#   bench/trichometry.sh [COUNT] [FIRST_SEED] [OVERLAY_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-50}
seed=${2:-$(date +%s)}
scripts/setup
cmake --preset release >/dev/null
cmake --build --preset release --target trichometry_bench >/dev/null
echo "trichometry: $count images from seed $seed, $(nproc) cores (the engine uses one)"
taskset -c 0 build/release/bench/trichometry_bench measure "$seed" "$count" ${3:+"$3"}
echo
pairs=$((count > 1 ? count / 2 : 1))
taskset -c 0 build/release/bench/trichometry_bench visits "$seed" "$pairs"
echo
taskset -c 0 build/release/bench/trichometry_bench growth "$seed" "$pairs"
