#!/usr/bin/env bash
# Runs INSIDE ipvs-lab (see ../health-vs-keepalived.sh): the same loopback farm probed first by
# Debian's keepalived (checkers only, --check) and then by the director's health service, each for
# WINDOW seconds after WARMUP seconds. CPU per probe = the checker process's CPU (utime + stime of
# the checker child, from /proc) divided by the connections the farm accepted in the window.
#
#   lab-compare.sh HTTP_COUNT TCP_COUNT WARMUP_S WINDOW_S   (DIRECTOR_JAVA_OPTS adds JVM options)
set -euo pipefail
cd "$(dirname "$0")/../.."
http=$1
tcp=$2
warmup=$3
window=$4
out=target/bench-health
jar=target/ipvs-director.jar
cp="$out/classes:$jar"
count=/tmp/farm-count

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
farm_count() { cat "$count" 2>/dev/null || echo 0; }

java -Xmx256m -cp "$cp" LoopbackFarm "$http" "$tcp" "$count" > /tmp/farm.log 2>&1 &
farm=$!
trap 'kill $farm 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
    grep -q "farm: listening" /tmp/farm.log && break
    sleep 0.2
done
cat /tmp/farm.log

# keepalived: the same targets, 100 real servers per virtual server, 1 s delay_loop.
conf=/tmp/keepalived-bench.conf
{
    echo "global_defs { router_id bench }"
    for kind in http tcp; do
        if [ $kind = http ]; then n=$http net=1 port=8080; else n=$tcp net=2 port=9000; fi
        for ((first = 0; first < n; first += 100)); do
            echo "virtual_server 127.200.$net.$((first / 100 + 1)) $port {"
            echo "  delay_loop 1"
            echo "  lb_algo rr"
            echo "  lb_kind NAT"
            echo "  protocol TCP"
            for ((i = first; i < first + 100 && i < n; i++)); do
                echo "  real_server 127.$net.$((i / 250)).$((i % 250 + 1)) $port {"
                echo "    weight 1"
                if [ $kind = http ]; then
                    echo "    HTTP_GET { url { path / status_code 200 } connect_timeout 1 retry 0 }"
                else
                    echo "    TCP_CHECK { connect_timeout 1 retry 0 }"
                fi
                echo "  }"
            done
            echo "}"
        done
    done
} > "$conf"
keepalived --dont-fork --check --use-file "$conf" --pid /run/ka.pid --checkers_pid /run/ka-checkers.pid \
    > /tmp/keepalived.log 2>&1 &
ka=$!
sleep "$warmup"
checker=$(cat /run/ka-checkers.pid)
c0=$(ticks "$checker")
p0=$(farm_count)
t0=$(date +%s.%N)
sleep "$window"
c1=$(ticks "$checker")
p1=$(farm_count)
t1=$(date +%s.%N)
kill "$ka"
wait "$ka" || true
awk -v c="$((c1 - c0))" -v p="$((p1 - p0))" -v t0="$t0" -v t1="$t1" -v n="$((http + tcp))" 'BEGIN {
    s = t1 - t0
    printf "keepalived 2.2.7 checker: %d targets, %.1f s window: %d probes (%.0f/s), CPU %.1f %% of one core, %.1f us per probe\n",
        n, s, p, p / s, c / s, (p > 0 ? 1e4 * c / p : 0)
}' | tee /tmp/keepalived-figures
sleep 2

echo "director (same guest, same farm):"
java -Xms64m -Xmx256m ${DIRECTOR_JAVA_OPTS:-} -Dlogback.configurationFile=bench/health/logback-bench.xml -cp "$cp" HealthBench \
    "$http" "$tcp" "$count" "$warmup" "$window" | tee /tmp/director-figures
ours=$(sed -n 's/^CPU per probe *\([0-9.]*\) us$/\1/p' /tmp/director-figures)
theirs=$(sed -n 's/.*, \([0-9.]*\) us per probe$/\1/p' /tmp/keepalived-figures)
awk -v o="$ours" -v t="$theirs" 'BEGIN {
    if (o > 0 && t > 0) printf "CPU per probe, director / keepalived: %.0f us / %.0f us = %.2f\n", o, t, o / t
}'
