#!/usr/bin/env bash
# Benchmark: GET /api/v1/patients/{id} with wrk against a release build holding N demo
# patients (default 100,000), next to GET /healthz in the same run, on SQLite and PostgreSQL.
# Prints requests/s, p99 latency and the idle server's resident memory for each engine.
#
#   bench/patients_read.sh [PATIENTS] [SECONDS] [CONNECTIONS]
#
# Figures belong in docs/performance.md with the date and the machine.
set -euo pipefail
cd "$(dirname "$0")/.."

patients=${1:-100000}
seconds=${2:-15}
connections=${3:-64}

source bench/release_server.sh

# wrk's summary, reduced to "requests/s p99".
measure() {
  local url=$1
  shift
  wrk -t2 -c"$connections" -d"${seconds}s" --latency "$@" "$url" >"$work/wrk.out"
  local rps p99 errors
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$work/wrk.out")
  p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.out")
  errors=$(grep -E "Non-2xx|Socket errors" "$work/wrk.out" || true)
  echo "$rps $p99 ${errors:+($errors)}"
}

run_engine() {
  local engine=$1 url=$2
  echo "== $engine: loading $patients demo patients"
  "$binary" demo --db "$url" --patients "$patients" --seed 1
  printf 'bench password for reading\n' |
    "$binary" user add --db "$url" --role practitioner --username bench.reader >/dev/null
  start_server "$url"
  python3 -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1])" \
    "http://127.0.0.1:$port/readyz"
  sleep 1
  local rss
  rss=$(awk '/^VmRSS:/ {printf "%.1f MB", $2 / 1024}' "/proc/$server_pid/status")
  # Ids for wrk to draw from, read through the API like any client would.
  # Sign in once; every request then carries the session cookie, as a browser's would.
  cookie=$(sign_in bench.reader "bench password for reading")
  python3 - "$port" "$cookie" >"$work/ids.txt" <<'PY'
import json, sys, urllib.request
port, cookie, cursor, ids = sys.argv[1], sys.argv[2], None, []
while len(ids) < 20000:
    url = f"http://127.0.0.1:{port}/api/v1/patients?limit=200" + (f"&cursor={cursor}" if cursor else "")
    page = json.load(urllib.request.urlopen(urllib.request.Request(url, headers={"Cookie": cookie})))
    ids += [p["id"] for p in page["items"]]
    cursor = page["next_cursor"]
    if not cursor:
        break
print("\n".join(ids))
PY
  # Warm-up so both measurements see a warm cache.
  PATIENT_IDS=$work/ids.txt wrk -t2 -c"$connections" -d3s -H "Cookie: $cookie" \
    -s bench/random_patient.lua \
    "http://127.0.0.1:$port" >/dev/null
  local health patient
  health=$(measure "http://127.0.0.1:$port/healthz")
  patient=$(PATIENT_IDS=$work/ids.txt measure "http://127.0.0.1:$port" -H "Cookie: $cookie" \
    -s bench/random_patient.lua)
  stop_server
  local health_rps=${health%% *} patient_rps=${patient%% *}
  local share
  share=$(awk -v a="$patient_rps" -v b="$health_rps" 'BEGIN {printf "%.0f%%", 100 * a / b}')
  printf '%-10s idle RSS %s\n' "$engine" "$rss"
  printf '%-10s GET /healthz              %s req/s  p99 %s\n' "$engine" ${health}
  printf '%-10s GET /api/v1/patients/{id} %s req/s  p99 %s  (%s of /healthz)\n' \
    "$engine" ${patient} "$share"
}

if [ -z "${MESOCLINIC_TEST_PG:-}" ]; then
  echo "mesoclinic read benchmark: $patients patients, ${seconds}s per run," \
    "$connections connections, $(nproc) cores"
fi
on_each_engine "$patients" "$seconds" "$connections"
