#!/usr/bin/env bash
# Ingest benchmark: psql \copy, a plain Kafka consumer, the Debezium JDBC sink on Kafka Connect
# and the gpwarden agent (INSERT and MERGE), all on this machine, on the same 1,000,000 events.
#   bench/ingest.sh                 full comparison, report in bench/results/ingest-<date>.md
#   bench/ingest.sh memory          10,000,000 messages waiting, agent at -Xmx256m
#   bench/ingest.sh all --events N  another workload size
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mode=${1:-all}
shift || true
events=1000000
[ "$mode" = memory ] && events=10000000
echo "bench: building (mvn -Pbench package, tests skipped) ..." >&2
mvn -B -q -Pbench -DskipTests package -pl benchmarks,benchmarks/connect -am >&2
mkdir -p bench/results
report="bench/results/ingest-$mode-$(date +%Y-%m-%d).md"
cp="$root/benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
exec java -Xmx2g -cp "$cp" io.gpwarden.benchmarks.IngestBenchmark "$mode" --events "$events" \
  --connect-lib "$root/benchmarks/connect/target/lib" --report "$report" "$@"
