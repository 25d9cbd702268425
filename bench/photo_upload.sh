#!/usr/bin/env bash
# Times a photo upload's server-side work (checks, decode, upright, strip, JPEG, thumbnail, the
# durable writes) on a 4000 x 3000 camera JPEG with the release build.
# Usage: bench/photo_upload.sh [uploads per thread] [width] [height]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup
cmake --preset release >/dev/null
cmake --build --preset release --target photo_upload >/dev/null
exec build/release/bench/photo_upload "${1:-10}" "${2:-4000}" "${3:-3000}"
