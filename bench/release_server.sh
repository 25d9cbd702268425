# Sourced by the server benchmarks (patients_read.sh, analytics.sh, load/run.sh): builds the
# release binary (`binary`), makes a work folder removed on exit (`work`) with a quiet server
# config, and offers start_server DB (leaves `server_pid` and `port`), sign_in, stop_server,
# query_db, scale_clinic and on_each_engine.
scripts/setup
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)" --target mesoclinic audit_history >/dev/null
binary=$PWD/build/release/src/app/mesoclinic
work=$(mktemp -d /tmp/mesoclinic-bench-XXXXXX)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

cat >"$work/serve.toml" <<TOML
[server]
access_log = "off"
log_level = "warn"
TOML
# SERVER_THREADS=N measures another number of worker threads than the default.
if [ -n "${SERVER_THREADS:-}" ]; then
  sed -i "s/^\[server\]$/[server]\nthreads = $SERVER_THREADS/" "$work/serve.toml"
fi

# Starts the server on DB, waits until it serves, and leaves its pid in server_pid and its
# port in port.
# The throwaway PostgreSQL cluster runs without fsync, which serve accepts only with --benchmark.
start_server() {
  local unsynced=()
  [[ $1 == postgresql:* ]] && unsynced=(--benchmark)
  "$binary" serve --db "$1" --listen 127.0.0.1:0 --config "$work/serve.toml" \
    --photo-dir "$work/photos" "${unsynced[@]}" >"$work/serve.out" &
  server_pid=$!
  for _ in $(seq 1 200); do
    if grep -q "serving on" "$work/serve.out" 2>/dev/null; then break; fi
    sleep 0.05
  done
  port=$(sed -n 's/.*http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/serve.out")
  [ -n "$port" ] || { echo "server did not start" >&2; exit 1; }
}

stop_server() {
  kill -TERM "$server_pid"
  wait "$server_pid" || true
  server_pid=""
}

# Signs USER in with PASSWORD on the running server and prints the session cookie to send.
sign_in() {
  python3 - "$port" "$1" "$2" <<'PY'
import json, sys, urllib.request
port, username, password = sys.argv[1:]
request = urllib.request.Request(
    f"http://127.0.0.1:{port}/api/v1/session", method="POST",
    data=json.dumps({"username": username, "password": password}).encode(),
    headers={"Content-Type": "application/json"})
print(urllib.request.urlopen(request).headers["Set-Cookie"].split(";")[0])
PY
}

# Runs SQL from standard input on the database at URL and prints the answer, one row a line.
query_db() {
  if [[ $1 == sqlite:* ]]; then sqlite3 "${1#sqlite:}"; else psql -Atq "$1"; fi
}

# The clinic the scale data (bench/scale) went into.
scale_clinic() {
  query_db "$1" <<<"SELECT clinic_id FROM patients WHERE id = 'b0000001-0000-7000-8000-000000000000';"
}

# Calls the script's run_engine ENGINE URL for SQLite and then PostgreSQL (BENCH_ENGINES picks),
# each on a fresh database. For PostgreSQL the script runs again, with the arguments given here,
# inside a throwaway cluster (scripts/with-postgres).
on_each_engine() {
  local engines=${BENCH_ENGINES:-sqlite postgresql}
  if [[ $engines == *sqlite* ]]; then
    run_engine sqlite "sqlite:$work/bench.db"
  fi
  if [[ $engines == *postgresql* ]]; then
    if [ -z "${MESOCLINIC_TEST_PG:-}" ]; then
      BENCH_ENGINES=postgresql scripts/with-postgres "$0" "$@"
    else
      PGOPTIONS="-c client_min_messages=warning" psql "$MESOCLINIC_TEST_PG" -qc \
        "DROP DATABASE IF EXISTS mesoclinic_bench"
      psql "$MESOCLINIC_TEST_PG" -qc "CREATE DATABASE mesoclinic_bench"
      run_engine postgresql "${MESOCLINIC_TEST_PG%/*}/mesoclinic_bench"
    fi
  fi
}
