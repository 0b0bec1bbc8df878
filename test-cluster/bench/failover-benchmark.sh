#!/usr/bin/env bash
# Measures the FTS emulation: time from `test-cluster kill` of the primary of content 0 until the
# catalog shows it down and its mirror promoted, and until that mirror accepts writes; then puts
# the cluster back with gprecoverseg -a and -r and repeats. Also times one gpstate -e over SSH.
# With --fts-dead, each run first kills the FTS daemon (kill -9) right before the primary, so the
# failover waits for the supervisor to start FTS again.
# Usage: test-cluster/bench/failover-benchmark.sh [RUNS] [--fts-dead]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-5}
fts_dead=${2:-}
dir=$(mktemp -d /tmp/gpwarden-bench-fts-XXXXXX)
chmod 755 "$dir"
gpwarden() { "$root/gpwarden" "$@"; }
trap 'gpwarden test-cluster down --dir "$dir/c" >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
gpwarden test-cluster up --hosts 2 --primaries-per-host 1 --no-standby --dir "$dir/c" >/dev/null
eval "$(gpwarden test-cluster env --dir "$dir/c")"
ssh_() { ssh -F "$GPWARDEN_SSH_CONFIG" "$@"; }
now() { date +%s%N; }
q() { psql -XAtqc "$1" 2>/dev/null || true; }
echo "machine: $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg); FTS: interval 2 s, timeout 2 s, retries 3${fts_dead:+; FTS killed before each primary}"
s=$(now); ssh_ cdw gpstate -e >/dev/null; e=$(now); echo "gpstate -e over ssh: $(( (e - s) / 1000000 )) ms"
for i in $(seq 1 "$runs"); do
  primary=$(q "SELECT dbid FROM gp_segment_configuration WHERE content = 0 AND role = 'p'")
  mirror=$(q "SELECT dbid || ' ' || address || ' ' || port FROM gp_segment_configuration WHERE content = 0 AND role = 'm'")
  read -r mdbid maddr mport <<<"$mirror"
  if [ -n "$fts_dead" ]; then
    until fts=$(gpwarden test-cluster status --dir "$dir/c" | sed -n 's/^FTS: pid \([0-9]*\),.*/\1/p') && [ -n "$fts" ]; do sleep 0.2; done
  fi
  s=$(now)
  if [ -n "$fts_dead" ]; then kill -9 "$fts"; fi
  gpwarden test-cluster kill "$primary" --dir "$dir/c" >/dev/null
  until [ "$(q "SELECT role FROM gp_segment_configuration WHERE dbid = $mdbid")" = p ]; do sleep 0.05; done
  c=$(now)
  until [ "$(PGHOST=$maddr PGPORT=$mport q 'SELECT pg_is_in_recovery()')" = f ]; do sleep 0.05; done
  w=$(now)
  printf 'run %d: catalog shows dbid %s down and dbid %s primary after %d ms; writable after %d ms\n' \
    "$i" "$primary" "$mdbid" $(( (c - s) / 1000000 )) $(( (w - s) / 1000000 ))
  ssh_ cdw gprecoverseg -a >/dev/null
  until [ "$(q "SELECT count(*) FROM gp_segment_configuration WHERE content >= 0 AND mode = 's' AND status = 'u'")" = 4 ]; do sleep 0.2; done
  ssh_ cdw gprecoverseg -r -a >/dev/null
  until [ "$(q "SELECT count(*) FROM gp_segment_configuration WHERE content >= 0 AND mode = 's' AND role = preferred_role")" = 4 ]; do sleep 0.2; done
done
