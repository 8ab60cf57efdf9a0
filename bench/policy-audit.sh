#!/usr/bin/env bash
# Read-only policy + audit trail benchmark (issue 4). Runs on this machine:
#   Trino A: `bin/nexus up` (Nexus access control + audit event listener, records delivered to the control plane)
#   Trino B: the same Trino 476 and heap, Trino's default allow-all access control, no event listener, same tpch catalog
# and runs `SELECT * FROM sample.tiny.nation` against both in alternating rounds (see PolicyAuditBench.java).
# Usage: bench/policy-audit.sh [ROUNDS=20] [QUERIES_PER_ROUND=100]
# BASELINE_WITH_LISTENER=1: diagnostic, Trino B gets the nexus-audit listener alone (delivering nowhere)
# STOP_CONTROL_PLANE=1: diagnostic run without the control plane (cached policy, records stay spooled)
# Ports: NEXUS_PORT (8080), NEXUS_TRINO_PORT (8081) as for bin/nexus; BASELINE_TRINO_PORT (8091) for Trino B.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
ROUNDS="${1:-20}"
PER_ROUND="${2:-100}"
TRINO_PORT="${NEXUS_TRINO_PORT:-8081}"
BASELINE_PORT="${BASELINE_TRINO_PORT:-8091}"
VAR="${NEXUS_HOME:-$ROOT/var}"
M2="${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}"
say() { printf '\033[1;34m[bench]\033[0m %s\n' "$*"; }

# both Trinos start cold at the same time, so neither has a warmer JIT than the other
bin/nexus up >/dev/null
bin/nexus down trino >/dev/null
bin/nexus up >/dev/null
JAVA="$(ls -d /usr/lib/jvm/temurin-2[4-9]-jdk-* "${JAVA_HOME:-}" 2>/dev/null | head -1)/bin/java"
CP="$M2/io/trino/trino-jdbc/476/trino-jdbc-476.jar"
RUNTIME="$(ls "$ROOT"/trino-runtime/target/trino-runtime-*.jar | grep -v sources | head -1)"

say "laying out the baseline Trino (allow-all, no listener) on port $BASELINE_PORT"
baseline_extra=()
if [[ "${BASELINE_WITH_LISTENER:-0}" == 1 ]]; then
  # diagnostic: B gets the nexus-audit listener alone (allow-all stays), delivering nowhere: what an event listener
  # costs inside Trino, apart from the access control and the control plane
  mkdir -p "$VAR/bench-baseline-trino"
  cat > "$VAR/bench-baseline-trino/listener.properties" <<PROPERTIES
event-listener.name=nexus-audit
nexus.control-plane-uri=http://127.0.0.1:9
nexus.token-file=$VAR/secrets/internal-token
nexus.audit.spool-dir=$VAR/bench-baseline-trino/audit-spool
nexus.audit.spool-max-records=1000000
PROPERTIES
  baseline_extra=(--plugin "$ROOT/trino-plugin/target/nexus-trino-plugin"
    --config "event-listener.config-files=$VAR/bench-baseline-trino/listener.properties")
fi
argfile="$("$JAVA" -cp "$RUNTIME" io.nexusgateway.trino.runtime.TrinoRuntimeCli prepare \
    --dist "$VAR/dist" --home "$VAR/bench-baseline-trino" --port "$BASELINE_PORT" --heap "${NEXUS_TRINO_HEAP:-3G}" \
    "${baseline_extra[@]}")"
(cd "$VAR/bench-baseline-trino/data" && exec "$JAVA" "@$argfile" >> "$VAR/log/bench-baseline-trino.log" 2>&1 < /dev/null) &
baseline_pid=$!
trap 'kill "$baseline_pid" 2>/dev/null || true' EXIT
deadline=$((SECONDS + 180))
until "$JAVA" -cp "$RUNTIME" io.nexusgateway.trino.runtime.TrinoRuntimeCli ready --port "$BASELINE_PORT"; do
  (( SECONDS < deadline )) || { echo "baseline Trino did not start; see $VAR/log/bench-baseline-trino.log" >&2; exit 1; }
  sleep 1
done
# the same catalog as bin/nexus up's sample datasource
"$JAVA" -cp "$CP" "$ROOT/bench/PolicyAuditBench.java" --create-catalog "jdbc:trino://127.0.0.1:$BASELINE_PORT"

if [[ "${STOP_CONTROL_PLANE:-0}" == 1 ]]; then
  # diagnostic: Trino A keeps its cached policy and spools audit records; nothing is delivered during the run
  say "stopping the control plane for the measurement (records stay in the Trino spool until bin/nexus up)"
  bin/nexus down control-plane >/dev/null
fi
echo "# machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -r); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA" -cp "$CP" "$ROOT/bench/PolicyAuditBench.java" \
  "jdbc:trino://127.0.0.1:$TRINO_PORT" "jdbc:trino://127.0.0.1:$BASELINE_PORT" "$ROUNDS" "$PER_ROUND"
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
