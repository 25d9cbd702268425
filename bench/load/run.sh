#!/usr/bin/env bash
# Load benchmark: the requests of a clinic day (bench/load/clinic_day.lua: reads, registration,
# booking, signing a chart, recording a measurement) with wrk against a release build holding
# the scale data of N patients (bench/scale, default 100,000), one kind at a time and as a mix,
# on SQLite and PostgreSQL, each beside the same run's GET /healthz. Prints requests/s, p50,
# p99, non-2xx replies and the server's resident memory after each run, then checks that the
# bookings made no double booking. Loopback only; each run lasts SECONDS (default 10).
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
  echo "== $engine: loading $patients scale patients (bench/scale/load.sh)"
  bench/scale/load.sh "$url" "$patients" | sed "s/^/$engine /"
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
  local cookie csrf clinic
  cookie=$(sign_in bench.load "bench password for the load")
  # The scale clinic, its open weekdays from half a year ahead (after every scale session), and
  # the session token for the CSRF header.
  read -r clinic csrf < <(python3 - "$port" "$cookie" "$work/dates.txt" <<'PY'
import datetime, json, sys, urllib.request
port, cookie, out = sys.argv[1:]
get = lambda path: json.load(urllib.request.urlopen(urllib.request.Request(
    f"http://127.0.0.1:{port}{path}", headers={"Cookie": cookie})))
clinic = get("/api/v1/patients/b0000001-0000-7000-8000-000000000000")["clinic_id"]
closed = {c["date"] for c in get(f"/api/v1/clinics/{clinic}/calendar")["closures"]}
day, dates = datetime.date.today() + datetime.timedelta(days=183), []
while len(dates) < 400:
    if day.weekday() < 5 and day.isoformat() not in closed:
        dates.append(day.isoformat())
    day += datetime.timedelta(days=1)
open(out, "w").write("\n".join(dates))
print(clinic, get("/api/v1/session")["csrf_token"])
PY
)
  query_db "$url" <<<"SELECT appointment_id FROM session_charts WHERE signed_at IS NULL ORDER BY appointment_id;" \
    >"$work/drafts.txt"
  local headers=(-H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" -H "Origin: http://127.0.0.1:$port")
  local lua=(-s bench/load/clinic_day.lua)
  export CLINIC_ID=$clinic DAY=$(date +%F) PATIENTS=$patients DATES=$work/dates.txt \
    DRAFTS=$work/drafts.txt WRK_THREADS=2
  # Each run books and signs where the last left off; the warm-up takes the first slots.
  FIRST_SLOT=0 FIRST_DRAFT=0 SCENARIO=mix wrk -t2 -c"$connections" -d3s "${headers[@]}" \
    "${lua[@]}" "http://127.0.0.1:$port" >/dev/null
  export FIRST_SLOT=20000 FIRST_DRAFT=$(($(wc -l <"$work/drafts.txt") / 4))
  local health
  health=$(measure "http://127.0.0.1:$port/healthz")
  printf '%-10s %-9s %8s req/s  p50 %-9s p99 %-9s non-2xx %-6s RSS %s\n' "$engine" healthz $health
  local health_rps=${health%% *}
  for scenario in schedule search chart register book sign measure mix; do
    local got
    got=$(SCENARIO=$scenario measure "${headers[@]}" "${lua[@]}" "http://127.0.0.1:$port")
    printf '%-10s %-9s %8s req/s  p50 %-9s p99 %-9s non-2xx %-6s RSS %-6s (%s of /healthz)\n' \
      "$engine" "$scenario" $got \
      "$(awk -v a="${got%% *}" -v b="$health_rps" 'BEGIN {printf "%.0f%%", 100 * a / b}')"
    local requests=${got%% *}
    requests=$((requests * seconds))
    if [ "$scenario" = book ]; then FIRST_SLOT=$((FIRST_SLOT + requests + 1000)); fi
    if [ "$scenario" = sign ]; then FIRST_DRAFT=$((FIRST_DRAFT + requests + 1000)); fi
  done
  stop_server
  # No practitioner, room or patient in two occupying appointments at once among those from
  # now on (each compared with those starting up to 4 hours, the longest booking, before it).
  local doubles now_us=$(($(date +%s) * 1000000))
  doubles=$(query_db "$url" <<SQL
SELECT COUNT(*) FROM appointments a JOIN appointments b
  ON b.starts_at >= a.starts_at - 14400000000 AND b.starts_at < a.ends_at
  AND b.ends_at > a.starts_at AND a.id <> b.id
  AND (a.practitioner_id = b.practitioner_id OR a.room_id = b.room_id
       OR a.patient_id = b.patient_id)
WHERE a.starts_at > $now_us AND a.status IN ('booked', 'attended')
  AND b.status IN ('booked', 'attended');
SQL
)
  printf '%-10s double bookings among the future appointments: %s\n' "$engine" "$doubles"
}

if [ -z "${MESOCLINIC_TEST_PG:-}" ]; then
  echo "mesoclinic load benchmark: $patients patients, ${seconds}s per run," \
    "$connections connections, $(nproc) cores"
fi
on_each_engine "$patients" "$seconds" "$connections"
