#!/usr/bin/env bash
# Benchmark: GET /api/v1/clinics/{id}/analytics against a release build holding N scale-data
# patients (default 100,000: a consultation and a course of 8 sessions each, with charts, lot
# uses, aftercare plans, measurements and the audit trail; see bench/scale), on SQLite and
# PostgreSQL. Prints the median time of 5 reads for the last year by quarter and for 5 years by
# month, and the size of the data.
#
#   bench/analytics.sh [PATIENTS]
#
# Figures belong in docs/performance.md with the date and the machine.
set -euo pipefail
cd "$(dirname "$0")/.."

patients=${1:-100000}

source bench/release_server.sh

# The median of 5 reads of PATH, in milliseconds, and the rows it answered.
time_read() {
  python3 - "$port" "$cookie" "$1" <<'PY'
import json, statistics, sys, time, urllib.request
port, cookie, path = sys.argv[1:]
times, rows = [], 0
for _ in range(5):
    started = time.perf_counter()
    reply = urllib.request.urlopen(urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Cookie": cookie}))
    rows = len(json.load(reply)["rows"])
    times.append((time.perf_counter() - started) * 1000)
print(f"median {statistics.median(times):.0f} ms (min {min(times):.0f}, max {max(times):.0f}), {rows} rows")
PY
}

# load_and_measure ENGINE URL
load_and_measure() {
  local engine=$1 url=$2
  echo "== $engine: $patients scale patients (bench/scale/load.sh)"
  bench/scale/load.sh "$url" "$patients" | sed "s/^/$engine /"
  printf 'bench password for analytics\n' |
    "$binary" user add --db "$url" --role admin --username bench.admin >/dev/null
  start_server "$url"
  cookie=$(sign_in bench.admin "bench password for analytics")
  clinic=$(scale_clinic "$url")
  local year_ago five_years_ago
  year_ago=$(date -d "1 year ago" +%F)
  five_years_ago=$(date -d "5 years ago" +%F)
  printf '%-10s last year by quarter: %s\n' "$engine" \
    "$(time_read "/api/v1/clinics/$clinic/analytics?period=quarter&from=$year_ago")"
  printf '%-10s 5 years by month:     %s\n' "$engine" \
    "$(time_read "/api/v1/clinics/$clinic/analytics?period=month&from=$five_years_ago")"
  stop_server
}

run_engine() {
  load_and_measure "$@"
}

if [ -z "${MESOCLINIC_TEST_PG:-}" ]; then
  echo "mesoclinic analytics benchmark: $patients patients, $(nproc) cores"
fi
on_each_engine "$patients"
