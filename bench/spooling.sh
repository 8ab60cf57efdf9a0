#!/usr/bin/env bash
# Spooling benchmark (issue 6), all in one run on this machine against `bin/nexus up`:
#   1. control plane asking for spooled results (the default): tpch.tiny.nation latency; sf0.1 and sf1 lineitem
#      through /query/stream (NDJSON, CSV) and trino-jdbc drains with and without spooling; a JFR profile of the
#      control plane during the spooled sf1 NDJSON stream; 100 sf0.1 streams, every 4th abandoned halfway, and the
#      spool folder's size after them
#   2. the control plane restarted with NEXUS_SPOOLING=off (the direct protocol): the same latency and streams
# Trino keeps one configuration throughout (spooling enabled): only the client side chooses the protocol.
# Usage: bench/spooling.sh    (MAVEN_REPO=<local repository> if not ~/.m2/repository)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VAR="${NEXUS_HOME:-$ROOT/var}"
REPO="${MAVEN_REPO:-$HOME/.m2/repository}"
JAVA_HOME_BENCH="$( (ls -d /usr/lib/jvm/temurin-2[4-9]-jdk-* 2>/dev/null || true) | head -1)"
[[ -x "$JAVA_HOME_BENCH/bin/java" ]] || { echo "no JDK 24+ under /usr/lib/jvm" >&2; exit 1; }
JAVA="$JAVA_HOME_BENCH/bin/java"
CP="$REPO/io/trino/trino-jdbc/476/trino-jdbc-476.jar"
[[ -f "$CP" ]] || { echo "no trino-jdbc 476 in $REPO: build first" >&2; exit 1; }
bench() { "$JAVA" -cp "$CP" bench/QueryBench.java "$@"; }
export NEXUS_URL="http://127.0.0.1:${NEXUS_PORT:-8080}"
export NEXUS_SPOOL_BUCKET_DIR="$VAR/spool-store/data/nexus-spool"
OUT="$VAR/bench"
mkdir -p "$OUT"

NEXUS_SPOOLING=on bin/nexus up >/dev/null
export NEXUS_TRINO_PID="$(cat "$VAR/run/trino.pid")"
SMALL="SELECT * FROM sample.tiny.nation"
SF01='sample."sf0.1".lineitem'
SF1='sample.sf1.lineitem'
# BENCH_QUICK=1 (a machine shared with test suites): fewer latency rounds, sf1 in NDJSON only, smaller disk test
if [[ -n "${BENCH_QUICK:-}" ]]; then
  ROUNDS=4; PER_ROUND=50; SF1_MODES=jdbc-spooled,jdbc-direct; SF1_DIRECT_MODES=ndjson
  DISK_SQL_TABLE='(SELECT * FROM sample."sf0.1".orders LIMIT 50000)'; DISK_ABANDON_BYTES=4000000
else
  ROUNDS=10; PER_ROUND=100; SF1_MODES=csv,jdbc-spooled,jdbc-direct; SF1_DIRECT_MODES=ndjson,csv
  # sf0.1 orders: 150,000 rows, ~24 MB of NDJSON each; abandoned after ~12 MB
  DISK_SQL_TABLE='sample."sf0.1".orders'; DISK_ABANDON_BYTES=12000000
fi
echo "# machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -r), $("$JAVA" -version 2>&1 | head -1)"

echo "## control plane with spooling (default)"
pid="$(cat "$VAR/run/control-plane.pid")"
bench latency "$SMALL" "$ROUNDS" "$PER_ROUND"
bench spooling "$SF01" "$pid" cp-spooling ndjson,csv,jdbc-spooled,jdbc-direct
bench spooling "$SF1" "$pid" cp-spooling ndjson,$SF1_MODES
# where the control plane's time goes while it streams spooled results: a JFR recording of one more sf1 NDJSON stream
# (not one of the measured runs: the recording costs the control plane CPU and heap)
"$JAVA_HOME_BENCH/bin/jcmd" "$pid" JFR.start name=spool settings=profile filename="$OUT/cp-spooled-ndjson.jfr" >/dev/null
bench spooling "$SF1" "$pid" cp-spooling-jfr ndjson
"$JAVA_HOME_BENCH/bin/jcmd" "$pid" JFR.stop name=spool >/dev/null
"$JAVA_HOME_BENCH/bin/jfr" view --width 200 hot-methods "$OUT/cp-spooled-ndjson.jfr" | head -40
# 100 large streams, every 4th abandoned halfway
bench spool-disk "$DISK_SQL_TABLE" 100 4 "$DISK_ABANDON_BYTES"
echo "spool folder: $(du -sh "$VAR/spool-store/data" | cut -f1) on disk"

echo "## control plane without spooling (NEXUS_SPOOLING=off: the direct protocol)"
bin/nexus down control-plane >/dev/null
NEXUS_SPOOLING=off bin/nexus up >/dev/null
pid="$(cat "$VAR/run/control-plane.pid")"
bench latency "$SMALL" "$ROUNDS" "$PER_ROUND"
bench spooling "$SF01" "$pid" cp-direct ndjson,csv
bench spooling "$SF1" "$pid" cp-direct $SF1_DIRECT_MODES

# back to the default
bin/nexus down control-plane >/dev/null
bin/nexus up >/dev/null
