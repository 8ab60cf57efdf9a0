#!/usr/bin/env bash
# Faults under load (issue 12): CLIENTS REST clients query without pause while, in turn, Trino is killed with
# SIGKILL, the control plane is killed with SIGKILL, and the metadata store (a private PostgreSQL) crashes and restarts
# (each fault is repaired by `bin/nexus up` or pg_ctl, as an operator or a supervisor would). Then:
#   - every query answered 200 has exactly one audit record, no request has two (FaultLoad verify);
#   - every error answered is application/problem+json with a code (no answer at all while the control plane is down);
#   - the sample catalog answers again within 30 s of each fault; /actuator/health is UP at the end.
# Runs beside nothing else: its own NEXUS_HOME (var-faults/) and ports (NEXUS_PORT 18080, Trino 18081/18443, spool 18082).
# Each fault comes PAUSE seconds after the platform answered again; the load stops PAUSE seconds after the last.
# Usage: bench/faults.sh [PAUSE=15] [CLIENTS=8]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PAUSE="${1:-15}"
CLIENTS="${2:-8}"

export NEXUS_HOME="$ROOT/var-faults"
export NEXUS_PORT=18080 NEXUS_TRINO_PORT=18081 NEXUS_TRINO_HTTPS_PORT=18443 NEXUS_SPOOL_PORT=18082
PG_PORT=15432
# beside NEXUS_HOME, not in it: bin/nexus makes NEXUS_HOME 0700 for root, where the postgres user cannot go
PG_DATA="$ROOT/var-faults-pg"
API="http://127.0.0.1:$NEXUS_PORT"
export SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/nexus"
export SPRING_DATASOURCE_USERNAME=nexus SPRING_DATASOURCE_PASSWORD=

say() { printf '[faults] %s\n' "$*"; }
die() { printf '[faults] error: %s\n' "$*" >&2; exit 1; }

JAVA="$(ls -d /usr/lib/jvm/temurin-2[4-9]-jdk-* 2>/dev/null | head -1)/bin/java"
[[ -x "$JAVA" ]] || JAVA="${JAVA_HOME:?no JDK 24+ under /usr/lib/jvm: set JAVA_HOME}/bin/java"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[[ -x "$PG_BIN/pg_ctl" ]] || die "PostgreSQL's server binaries (pg_ctl, initdb) are needed for the metadata store"
# PostgreSQL refuses to run as root
as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

start_metadata_store() {
  if [[ ! -d "$PG_DATA" ]]; then
    mkdir -p "$PG_DATA"
    [[ $(id -u) -eq 0 ]] && chown postgres "$PG_DATA"
    as_pg "$PG_BIN/initdb" -D "$PG_DATA" -A trust -U nexus >/dev/null
  fi
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -o "-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1" -l "$PG_DATA/log" -w start >/dev/null
  "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U nexus -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'nexus'" | grep -q 1 \
    || "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U nexus nexus
}

healthy() { curl -sf "$API/actuator/health" | grep -q '"status":"UP"'; }
sample_answers() {
  curl -sf -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' "$API/api/v1/query" \
    -d '{"sql": "SELECT count(*) FROM sample.tiny.nation"}' | grep -q '\[\[25\]\]'
}
# seconds from now until the sample catalog answers again (at most 120)
heal_time() {
  local start=$SECONDS
  until sample_answers; do
    (( SECONDS - start < 120 )) || { echo "never"; return; }
    sleep 0.5
  done
  echo $((SECONDS - start))
}

# SIGKILL, then wait until the process is gone (its ports are free before `bin/nexus up` checks them)
kill9() {
  local pid; pid="$(cat "$NEXUS_HOME/run/$1.pid")"
  say "kill -9 $1 (pid $pid)"
  kill -9 "$pid"
  # until reaped: a zombie may still hold its listening sockets for a moment
  local deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null && (( SECONDS < deadline )); do sleep 0.1; done
}

cleanup() {
  bin/nexus down >/dev/null 2>&1 || true
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

echo "# machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $CLIENTS clients, a fault every $PAUSE s of health"
start_metadata_store
bin/nexus up >/dev/null
KEY="$(bin/nexus admin-key)"
STOP="$NEXUS_HOME/stop-load"
rm -f "$STOP"
say "the sample answers after $(heal_time) s (warm-up)"
"$JAVA" bench/FaultLoad.java load "$API" "$KEY" "$CLIENTS" "$STOP" "$NEXUS_HOME/requests.txt" &
LOAD=$!

sleep "$PAUSE"
kill9 trino
bin/nexus up >/dev/null
say "Trino: the sample answers again $(heal_time) s after bin/nexus up returned"

sleep "$PAUSE"
kill9 control-plane
bin/nexus up >/dev/null
say "control plane: the sample answers again $(heal_time) s after bin/nexus up returned"

sleep "$PAUSE"
say "the metadata store crashes (immediate shutdown) and restarts"
as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate stop >/dev/null
start_metadata_store
say "metadata store: the sample answers again $(heal_time) s after it restarted"

sleep "$PAUSE"
touch "$STOP"
wait "$LOAD"
healthy && say "health: UP" || die "health is not UP after the faults"
"$JAVA" bench/FaultLoad.java verify "$API" "$KEY" "$NEXUS_HOME/requests.txt"
