#!/usr/bin/env bash
# Load benchmark: the requests of a clinic day (bench/load/clinic_day.lua) with wrk against a
# release build holding N demo patients (default 100,000), one kind at a time and as a mix, on
# SQLite and PostgreSQL, each beside the same run's GET /healthz. Prints requests/s, p50, p99,
# non-2xx replies and the server's resident memory after each run. Loopback only; each run lasts
# SECONDS (default 10).
#
#   bench/load/run.sh [PATIENTS] [SECONDS] [CONNECTIONS]
#
# Figures belong in docs/performance.md with the date and the machine.
set -euo pipefail
cd "$(dirname "$0")/../.."

patients=${1:-100000}
seconds=${2:-10}
connections=${3:-64}

source bench/release_server.sh

# One wrk run: prints "req/s p50 p99 non-2xx rss".
measure() {
  wrk -t2 -c"$connections" -d"${seconds}s" --latency "$@" >"$work/wrk.out"
  local rps p50 p99 bad rss
  rps=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$work/wrk.out")
  p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.out")
  p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.out")
  bad=$(awk '/Non-2xx or 3xx responses:/ {print $5}' "$work/wrk.out")
  rss=$(awk '/^VmRSS:/ {printf "%.0fMB", $2 / 1024}' "/proc/$server_pid/status")
  echo "$rps $p50 $p99 ${bad:-0} $rss"
}

run_engine() {
  local engine=$1 url=$2
  echo "== $engine: loading $patients demo patients"
  "$binary" demo --db "$url" --patients "$patients" --seed 1 >/dev/null
  printf 'bench password for the load\n' |
    "$binary" user add --db "$url" --role practitioner --username bench.load >/dev/null
  local started_ns ready_ms
  started_ns=$(date +%s%N)
  start_server "$url"
  python3 -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1])" \
    "http://127.0.0.1:$port/readyz"
  ready_ms=$((($(date +%s%N) - started_ns) / 1000000))
  printf '%-10s start to ready %s ms (with the check by a python client), idle RSS %s\n' \
    "$engine" "$ready_ms" "$(awk '/^VmRSS:/ {printf "%.1f MB", $2 / 1024}' "/proc/$server_pid/status")"
  local cookie csrf
  cookie=$(sign_in bench.load "bench password for the load")
  read -r clinic csrf < <(python3 - "$port" "$cookie" "$work/ids.txt" <<'PY'
import json, sys, urllib.request
port, cookie, out = sys.argv[1:]
get = lambda path: json.load(urllib.request.urlopen(urllib.request.Request(
    f"http://127.0.0.1:{port}{path}", headers={"Cookie": cookie})))
clinic = sorted(c["id"] for c in get("/api/v1/clinics")["items"])[0]
ids, cursor = [], None
while len(ids) < 20000:
    page = get("/api/v1/patients?limit=200" + (f"&cursor={cursor}" if cursor else ""))
    ids += [p["id"] for p in page["items"]]
    cursor = page["next_cursor"]
    if not cursor:
        break
open(out, "w").write("\n".join(ids))
print(clinic, get("/api/v1/session")["csrf_token"])
PY
)
  local headers=(-H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" -H "Origin: http://127.0.0.1:$port")
  local lua=(-s bench/load/clinic_day.lua)
  export CLINIC_ID=$clinic PATIENT_IDS=$work/ids.txt FROM=$(date +%F) TO=$(date -d "+7 days" +%F)
  SCENARIO=mix wrk -t2 -c"$connections" -d3s "${headers[@]}" "${lua[@]}" \
    "http://127.0.0.1:$port" >/dev/null  # warm-up
  local health
  health=$(measure "http://127.0.0.1:$port/healthz")
  printf '%-10s %-9s %8s req/s  p50 %-9s p99 %-9s non-2xx %-6s RSS %s\n' "$engine" healthz $health
  local health_rps=${health%% *}
  for scenario in schedule search chart register mix; do
    local got
    got=$(SCENARIO=$scenario measure "${headers[@]}" "${lua[@]}" "http://127.0.0.1:$port")
    printf '%-10s %-9s %8s req/s  p50 %-9s p99 %-9s non-2xx %-6s RSS %-6s (%s of /healthz)\n' \
      "$engine" "$scenario" $got \
      "$(awk -v a="${got%% *}" -v b="$health_rps" 'BEGIN {printf "%.0f%%", 100 * a / b}')"
  done
  stop_server
}

if [ -z "${MESOCLINIC_TEST_PG:-}" ]; then
  echo "mesoclinic load benchmark: $patients patients, ${seconds}s per run," \
    "$connections connections, $(nproc) cores"
fi
on_each_engine "$patients" "$seconds" "$connections"
