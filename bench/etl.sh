#!/usr/bin/env bash
# ETL benchmark (issue 14): the same copy of ROWS MariaDB rows into PostgreSQL through each engine, side by side in
# one run, against a plain JDBC batch copy measured in the same run (EtlBench). Starts the platform with the engines.
# Usage: bench/etl.sh [ROWS=1000000] [ENGINES=trino,spark-livy,spark-connect,flink-sql-gateway]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
ROWS="${1:-1000000}"
ENGINES="${2:-trino,spark-livy,spark-connect,flink-sql-gateway}"
NEXUS_ENGINES="${NEXUS_ENGINES:-spark,livy,flink}" bin/nexus up >/dev/null
JAVA_HOME_BENCH="$( (ls -d /usr/lib/jvm/temurin-2[4-9]-jdk-* 2>/dev/null || true) | head -1)"
[[ -x "$JAVA_HOME_BENCH/bin/java" ]] || { echo "no JDK 24+ under /usr/lib/jvm" >&2; exit 1; }
JAVA="$JAVA_HOME_BENCH/bin/java"
CP="$(ls ~/.m2/repository/org/mariadb/jdbc/mariadb-java-client/*/mariadb-java-client-*.jar | tail -1):$(ls ~/.m2/repository/org/postgresql/postgresql/*/postgresql-*.jar | grep -v sources | tail -1)"
export NEXUS_URL="http://127.0.0.1:${NEXUS_PORT:-8080}"
echo "# machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -r), $("$JAVA" -version 2>&1 | head -1)"
echo "# $ROWS rows MariaDB -> PostgreSQL, engines: $ENGINES"
"$JAVA" -cp "$CP" bench/EtlBench.java "$ROWS" "$ENGINES"
