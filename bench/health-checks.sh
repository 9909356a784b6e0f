#!/usr/bin/env bash
# Health-check benchmark: HTTP_COUNT http and TCP_COUNT tcp probe targets, 1 s interval, against
# loopback servers run by a separate process (LoopbackFarm), so that only the director's CPU is
# counted. Prints the director's CPU as a share of one core, its RSS, probe start lateness, and
# CPU per probe, then the floor measured in the same run (RawConnectBaseline: bare NIO connects at
# the same rate; against the HTTP servers when there are no tcp targets) and the ratio. Run from the checkout after `mvn -q -DskipTests package`.
# BENCH_TCP_OPTIONS adds keys to the tcp checks ("fwmark: 1" takes the epoll connector's path).
# BENCH_FARM_NICE gives the farm a higher priority (a negative nice value; needs root).
#
#   bench/health-checks.sh [HTTP_COUNT TCP_COUNT [WARMUP_S WINDOW_S]]    (default 5000 5000 15 60)
set -euo pipefail
cd "$(dirname "$0")/.."
http=${1:-5000}
tcp=${2:-5000}
warmup=${3:-15}
window=${4:-60}
jar=target/ipvs-director.jar
if [ ! -f "$jar" ]; then
    echo "bench: $jar is missing; run mvn -q -DskipTests package first" >&2
    exit 1
fi
out=target/bench-health
# One socket per probe in flight, and as many closing: more than the default 1024 (or 20000) at 10,000 targets.
ulimit -n 65536 2>/dev/null || true
rm -rf "$out" && mkdir -p "$out/classes"
javac -nowarn -d "$out/classes" -cp "$jar" bench/health/*.java

java -Xmx512m -cp "$out/classes:$jar" LoopbackFarm "$http" "$tcp" "$out/farm-count" > "$out/farm.log" 2>&1 &
farm=$!
trap 'kill $farm 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
    grep -q "farm: listening" "$out/farm.log" 2>/dev/null && break
    kill -0 $farm 2>/dev/null || { cat "$out/farm.log" >&2; exit 1; }
    sleep 0.1
done
cat "$out/farm.log"
# BENCH_FARM_NICE (e.g. -10, root only) raises the farm's scheduling priority, every thread of it:
# the farm stands for real servers on other machines, and on a machine loaded by others a starved
# farm answers late, which would be counted against the director.
if [ -n "${BENCH_FARM_NICE:-}" ]; then
    for task in /proc/$farm/task/*; do renice -n "$BENCH_FARM_NICE" -p "${task##*/}" > /dev/null; done
    echo "farm: nice $BENCH_FARM_NICE"
fi
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%d GB", $2/1048576}' /proc/meminfo), $(uname -r), $(java -version 2>&1 | head -1)"
# The daemon's own heap and collector: the options bin/ipvs-director run would start it with.
# BENCH_JAVA_OPTS adds options (bench/gc-pauses.sh logs the collector's pauses through it); a
# collector named there replaces the daemon's (two would be refused).
director_opts=$(IPVS_DIRECTOR_PRINT_JVM_OPTS=1 JAVA_OPTS= bin/ipvs-director run)
if [[ "${BENCH_JAVA_OPTS:-}" == *XX:+Use*GC* ]]; then
    director_opts=$(echo "$director_opts" | sed -E 's/ -XX:\+Use(Shenandoah|G1)GC.*//')
fi
echo "director JVM: ${director_opts#*ExitOnOutOfMemoryError } ${BENCH_JAVA_OPTS:-}"
# shellcheck disable=SC2086
java $director_opts ${BENCH_JAVA_OPTS:-} -Dlogback.configurationFile=bench/health/logback-bench.xml \
    -cp "$out/classes:$jar" HealthBench "$http" "$tcp" "$out/farm-count" "$warmup" "$window" | tee "$out/director.txt"

# The floor, in the same run: plain NIO connect-and-close at the director's probe rate, no framework.
# Without tcp targets it connects to the HTTP servers (and closes before sending anything).
if [ "$((http + tcp))" -gt 0 ]; then
    floor_window=$(( window < 30 ? window : 30 ))
    if [ "$tcp" -gt 0 ]; then servers="$tcp 2 9000"; else servers="$http 1 8080"; fi
    read -r count net port <<< "$servers"
    java -Xms64m -Xmx256m -cp "$out/classes" RawConnectBaseline "$count" "$((http + tcp))" "$floor_window" "$net" "$port" \
        | tee "$out/floor.txt"
    probe_us=$(awk '/^CPU per probe/ {print $4}' "$out/director.txt")
    floor_us=$(sed -n 's/.*, \([0-9.]*\) us per connect.*/\1/p' "$out/floor.txt")
    if [ -n "$probe_us" ] && [ -n "$floor_us" ]; then
        awk -v p="$probe_us" -v f="$floor_us" 'BEGIN {printf "per probe / bare connect floor: %.1f us / %.1f us = %.2fx\n", p, f, p / f}'
    fi
fi
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
