#!/usr/bin/env bash
# Catalog-sync benchmark (issue: platform foundation). Runs against `bin/nexus up` on this machine:
#   1. POST /api/v1/datasources -> first successful query on the new catalog, p50/p95 over N datasources (tpch and mariadb)
#   2. reconcile of M datasources into an empty Trino (catalog store wiped, Trino restarted), and Trino's RSS afterwards
# Usage: bench/catalog-sync.sh [N=20] [M=200]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
N="${1:-20}"
M="${2:-200}"
bin/nexus up >/dev/null
# a JDK >= 24, looked up the way bin/nexus does first
JAVA="$(ls -d /usr/lib/jvm/temurin-2[4-9]-jdk-* "${JAVA_HOME:-}" 2>/dev/null | head -1)/bin/java"
CP="$(ls ~/.m2/repository/io/trino/trino-jdbc/476/trino-jdbc-476.jar)"
bench() { "$JAVA" -cp "$CP" bench/CatalogSyncBench.java "$@"; }

echo "# machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -r)"
bench cleanup >/dev/null
bench register "$N"
bench create "$M"

echo "wiping Trino's catalog store and restarting Trino"
bin/nexus down trino >/dev/null
rm -f var/trino/catalog/*.properties
start_ms=$(date +%s%3N)
bin/nexus up >/dev/null &
bench await "$M" "$start_ms"
wait
pid="$(cat var/run/trino.pid)"
echo "Trino RSS after reconcile: $(awk '/VmRSS/{printf "%.0f MB", $2/1024}' /proc/$pid/status)"
bench cleanup
