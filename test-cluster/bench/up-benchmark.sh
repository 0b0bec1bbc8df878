#!/usr/bin/env bash
# Measures how long `gpwarden test-cluster up` takes for the default cluster (coordinator, standby,
# 4 hosts x 2 primaries with group mirrors: 18 PostgreSQL servers) and how much memory the running
# cluster holds (RSS and PSS summed over every process it started), RUNS times in a scratch
# directory. Usage: test-cluster/bench/up-benchmark.sh [RUNS] [extra up options...]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-3}
shift || true
dir=$(mktemp -d /tmp/gpwarden-bench-up-XXXXXX)
chmod 755 "$dir"
gpwarden() { "$root/gpwarden" "$@"; }
trap 'gpwarden test-cluster down --dir "$dir/c" >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT

gpwarden --version >/dev/null   # build the jar first, outside the measurement
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB RAM, $(uname -sr), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 1 "$runs"); do
  start=$(date +%s.%N)
  out=$(gpwarden test-cluster up --dir "$dir/c" "$@")
  end=$(date +%s.%N)
  inside=$(echo "$out" | sed -n 's/.*up in \([0-9.]*\) s.*/\1/p')
  mem=$(gpwarden test-cluster status --dir "$dir/c" | grep '^memory:')
  servers=$(gpwarden test-cluster status --dir "$dir/c" | grep -cE '^ +[0-9]+ +-?[0-9]+ +[pm] ')
  printf 'run %d: command %.1f s (cluster up in %s s), %d servers, %s\n' "$i" "$(echo "$end - $start" | bc)" "$inside" "$servers" "$mem"
  gpwarden test-cluster down --dir "$dir/c" >/dev/null
done
