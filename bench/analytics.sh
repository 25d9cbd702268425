#!/usr/bin/env bash
# Benchmark: GET /api/v1/clinics/{id}/analytics against a release build holding N scale-data
# patients (default 100,000: one course of 8 sessions each, charts and measurements; see
# bench/analytics/scale.sql), on SQLite and PostgreSQL. Prints the median time of 5 reads for
# the last year by quarter and for the whole span by month, and the size of the data.
#
#   bench/analytics.sh [PATIENTS]
#
# Figures belong in docs/performance.md with the date and the machine.
set -euo pipefail
cd "$(dirname "$0")/.."

patients=${1:-100000}

source bench/release_server.sh

now_us=$(($(date +%s) * 1000000))
sed -e "s/@PATIENTS@/$patients/g" -e "s/@NOW@/$now_us/g" bench/analytics/scale.sql \
  >"$work/scale.sql"

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

# load_and_measure ENGINE URL SQL-RUNNER...
load_and_measure() {
  local engine=$1 url=$2
  shift 2
  echo "== $engine: demo clinics, then $patients scale patients"
  "$binary" demo --db "$url" --patients 0 --seed 1 >/dev/null
  local started=$SECONDS
  "$@" <"$work/scale.sql" >/dev/null
  echo "$engine: scale data loaded in $((SECONDS - started)) s"
  printf 'bench password for analytics\n' |
    "$binary" user add --db "$url" --role admin --username bench.admin >/dev/null
  start_server "$url"
  cookie=$(sign_in bench.admin "bench password for analytics")
  clinic=$(python3 - "$port" "$cookie" <<'PY'
import json, sys, urllib.request
reply = urllib.request.urlopen(urllib.request.Request(
    f"http://127.0.0.1:{sys.argv[1]}/api/v1/clinics", headers={"Cookie": sys.argv[2]}))
print(sorted(c["id"] for c in json.load(reply)["items"])[0])
PY
)
  local year_ago five_years_ago
  year_ago=$(date -d "1 year ago" +%F)
  five_years_ago=$(date -d "5 years ago" +%F)
  printf '%-10s last year by quarter: %s\n' "$engine" \
    "$(time_read "/api/v1/clinics/$clinic/analytics?period=quarter&from=$year_ago")"
  printf '%-10s 5 years by month:     %s\n' "$engine" \
    "$(time_read "/api/v1/clinics/$clinic/analytics?period=month&from=$five_years_ago")"
  stop_server
}

# on_each_engine's ENGINE URL, with the command-line client that loads the scale data.
run_engine() {
  local engine=$1 url=$2
  if [ "$engine" = sqlite ]; then
    load_and_measure sqlite "$url" sqlite3 "$work/bench.db"
    sqlite3 "$work/bench.db" "SELECT 'sqlite     ' || (SELECT COUNT(*) FROM appointments) || ' appointments, ' || (SELECT COUNT(*) FROM session_charts) || ' charts, ' || (SELECT COUNT(*) FROM outcome_measurements) || ' measurements'"
  else
    load_and_measure postgresql "$url" psql -q -v ON_ERROR_STOP=1 "$url"
  fi
}

if [ -z "${MESOCLINIC_TEST_PG:-}" ]; then
  echo "mesoclinic analytics benchmark: $patients patients, $(nproc) cores"
fi
on_each_engine "$patients"
