#!/usr/bin/env bash
# Query API benchmark (issue: REST query API). Runs against `bin/nexus up` on this machine, REST and trino-jdbc side by
# side in one process, interleaved:
#   1. latency of a small query and of a federated MariaDB x PostgreSQL join, p50/p99, ratio REST/direct
#   2. throughput at 16 and 64 concurrent clients, queries/s and errors
#   3. streaming tpch sf0.1 and sf1 lineitem as NDJSON and CSV vs a trino-jdbc drain, with the control plane's memory
# Usage: bench/query.sh [latency|throughput|stream|all]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
WHAT="${1:-all}"
bin/nexus up >/dev/null
JAVA_HOME_BENCH="$( (ls -d /usr/lib/jvm/temurin-2[4-9]-jdk-* 2>/dev/null || true) | head -1)"
[[ -x "$JAVA_HOME_BENCH/bin/java" ]] || { echo "no JDK 24+ under /usr/lib/jvm" >&2; exit 1; }
JAVA="$JAVA_HOME_BENCH/bin/java"
CP="$(ls ~/.m2/repository/io/trino/trino-jdbc/476/trino-jdbc-476.jar)"
bench() { "$JAVA" -cp "$CP" bench/QueryBench.java "$@"; }
KEY="$(cat var/secrets/admin-api-key)"
export NEXUS_URL="http://127.0.0.1:${NEXUS_PORT:-8080}"
API="http://127.0.0.1:${NEXUS_PORT:-8080}/api/v1"

# the federated join's data: a table in the machine's MariaDB and one in its PostgreSQL, registered as datasources
mariadb -h 127.0.0.1 -u root test -e "CREATE TABLE IF NOT EXISTS bench_customers (id INT PRIMARY KEY, name VARCHAR(40));
  INSERT IGNORE INTO bench_customers SELECT seq, CONCAT('customer ', seq) FROM seq_1_to_200;"
psql -h 127.0.0.1 -U postgres -d test -q -c "CREATE TABLE IF NOT EXISTS bench_orders (id INT PRIMARY KEY, customer_id INT, amount NUMERIC(10,2));
  INSERT INTO bench_orders SELECT g, g % 200 + 1, g * 1.25 FROM generate_series(1, 2000) g ON CONFLICT DO NOTHING;"
register() {
  local name="$1" body="$2"
  if ! curl -fsS -H "Authorization: Bearer $KEY" "$API/datasources?size=500" | grep -q "\"name\":\"$name\""; then
    curl -fsS -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' "$API/datasources" -d "$body" >/dev/null
  fi
}
register bench_maria '{"name":"bench_maria","type":"mariadb","config":{"host":"127.0.0.1","port":3306,"database":"test","username":"root"}}'
register bench_pg '{"name":"bench_pg","type":"postgresql","config":{"host":"127.0.0.1","port":5432,"database":"test","username":"postgres"}}'

SMALL="SELECT * FROM sample.tiny.nation"
JOIN="SELECT c.name, count(*) AS orders, sum(o.amount) AS total FROM bench_maria.test.bench_customers c JOIN bench_pg.public.bench_orders o ON o.customer_id = c.id GROUP BY c.name ORDER BY total DESC LIMIT 20"

echo "# machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -r), $("$JAVA" -version 2>&1 | head -1)"
if [[ $WHAT == all || $WHAT == latency ]]; then
  bench latency "$SMALL" 10 100
  bench latency "$JOIN" 5 40
fi
if [[ $WHAT == all || $WHAT == throughput ]]; then
  bench throughput "$SMALL" 16 15
  bench throughput "$SMALL" 64 15
fi
if [[ $WHAT == all || $WHAT == stream ]]; then
  pid="$(cat var/run/control-plane.pid)"
  bench stream 'sample."sf0.1".lineitem' "$pid"
  bench stream sample.sf1.lineitem "$pid"
fi
