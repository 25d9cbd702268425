#!/usr/bin/env bash
# Loads the scale data into an empty database: the demo clinic group with its staff (the
# templates), then PATIENTS scale patients with their records, courses, sessions, charts, lot
# uses, aftercare plans and measurements (bench/scale/scale.sql), then their audit trail
# (bench/scale/audit_history.cc). Prints the time of each step and what was loaded.
#
#   bench/scale/load.sh DB-URL [PATIENTS]      (default 100,000)
#
# DB-URL is "sqlite:PATH" or a postgresql:// URL. Sourced by the benchmarks through
# bench/release_server.sh, which builds the binaries it uses.
set -euo pipefail
cd "$(dirname "$0")/../.."

url=$1
patients=${2:-100000}
binary=${binary:-$PWD/build/release/src/app/mesoclinic}
audit_history=${audit_history:-$PWD/build/release/bench/audit_history}

# Runs SQL from standard input against the database.
run_sql() {
  if [[ $url == sqlite:* ]]; then
    sqlite3 -bail "${url#sqlite:}" >/dev/null
  else
    psql -q -v ON_ERROR_STOP=1 "$url" >/dev/null
  fi
}

started=$SECONDS
printf 'scale data password\n' |
  "$binary" demo --db "$url" --patients 200 --seed 1 --staff >/dev/null
step=$SECONDS
# The lanes' first working week: the one that puts the last course's start in this week.
first_monday=$(python3 - "$patients" <<'PY'
import datetime, sys
patients = int(sys.argv[1])
today = datetime.datetime.now(datetime.timezone.utc).replace(hour=9, minute=0, second=0,
                                                              microsecond=0)
monday = today - datetime.timedelta(days=today.weekday())
weeks = (11 * ((patients - 1) // 20) + 200) // 100
print(int((monday - datetime.timedelta(weeks=weeks)).timestamp()) * 1000000)
PY
)
sed -e "s/@PATIENTS@/$patients/g" -e "s/@NOW@/$(($(date +%s) * 1000000))/g" \
  -e "s/@FIRST_MONDAY@/$first_monday/g" bench/scale/scale.sql | run_sql
echo "scale data: $patients patients' records in $((SECONDS - step)) s"
step=$SECONDS
"$audit_history" "$url" "$patients" | sed 's/^/scale data: /'
counts="SELECT (SELECT COUNT(*) FROM patients) || ' patients, '
  || (SELECT COUNT(*) FROM appointments) || ' appointments, '
  || (SELECT COUNT(*) FROM session_charts) || ' charts ('
  || (SELECT COUNT(*) FROM session_charts WHERE signed_at IS NULL) || ' awaiting signature), '
  || (SELECT COUNT(*) FROM lot_uses) || ' lot uses, '
  || (SELECT COUNT(*) FROM aftercare_plans) || ' aftercare plans, '
  || (SELECT COUNT(*) FROM outcome_measurements) || ' measurements, '
  || (SELECT COUNT(*) FROM audit_entries) || ' audit entries'"
if [[ $url == sqlite:* ]]; then
  summary=$(sqlite3 "${url#sqlite:}" "$counts")
else
  summary=$(psql -Atq "$url" -c "$counts")
fi
echo "scale data: $summary; $((SECONDS - started)) s in all"
