#!/usr/bin/env bash
# Garbage-collection pauses of the director under a probe load, with the daemon's heap settings
# (-Xms64m -Xmx256m, Shenandoah, as bin/ipvs-director runs it; GC_OPTS="-XX:+UseG1GC" for another
# collector): the number of pauses, the longest, and the
# p99, from the JVM's own GC log. A pause longer than the cluster's beacon timeout (3 x 100 ms by
# default) could look like a dead director to its peer; the figures show how far from that it is.
#
#   bench/gc-pauses.sh [HTTP_COUNT TCP_COUNT [WARMUP_S WINDOW_S]]    (default 1000 1000 15 120)
set -euo pipefail
cd "$(dirname "$0")/.."
log=target/bench-health/gc.log
mkdir -p target/bench-health
rm -f "$log"
BENCH_JAVA_OPTS="-Xlog:gc,gc+phases:file=$log:uptime ${GC_OPTS:-}" bench/health-checks.sh "${1:-1000}" "${2:-1000}" "${3:-15}" "${4:-120}"
# Lines such as: [12.345s] GC(3) Pause Young (Normal) (G1 Evacuation Pause) 30M->10M(64M) 3.456ms (G1, at gc level)
# or [1.2s] GC(0) Pause Mark Start 0.019ms (ZGC) and GC(0) Pause Init Mark 0.046ms (Shenandoah), which name
# their pauses only at the gc+phases level; G1 writes no "Pause" line among its phases.
grep -E 'GC\([0-9]+\) Pause .*ms$' "$log" | sed -E 's/.* ([0-9.]+)ms$/\1/' | sort -n | awk '
    { p[NR] = $1; sum += $1 }
    END {
        if (NR == 0) { print "gc: no pause logged"; exit }
        i99 = int(NR * 0.99); if (i99 < 1) i99 = 1
        printf "gc pauses over the run: %d, median %.2f ms, p99 %.2f ms, longest %.2f ms, total %.0f ms\n", \
            NR, p[int((NR + 1) / 2)], p[i99], p[NR], sum
    }'
grep -E 'Pause Full' "$log" | sed 's/^/gc: /' || echo "gc: no full collection"
