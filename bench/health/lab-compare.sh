#!/usr/bin/env bash
# Runs INSIDE ipvs-lab (see ../health-vs-keepalived.sh). For tcp, then for http, the same loopback
# farm is probed by Debian's keepalived (checkers only, --check) and by the director's health
# service, in ROUNDS rounds after one warm-up. Both run for the whole kind, but only one at a time:
# the other is stopped (SIGSTOP), so neither takes the guest's one CPU from the other while it is
# measured, and both meet the same farm, at the same moment of the run, round after round.
# CPU per probe = the measured process's CPU (utime + stime from /proc; keepalived's checker child,
# the director's whole JVM with its JIT and GC) divided by the connections the farm accepted in the
# window.
#
#   lab-compare.sh COUNT WARMUP_S WINDOW_S ROUNDS   (DIRECTOR_JAVA_OPTS adds JVM options,
#   BENCH_KINDS="http" runs one kind, BENCH_FARM_WARMUP the seconds keepalived warms the farm, 10)
set -euo pipefail
cd "$(dirname "$0")/../.."
count=$1
warmup=$2
window=$3
rounds=$4
settle=5
farm_warmup=${BENCH_FARM_WARMUP:-10}
out=target/bench-health
jar=target/ipvs-director.jar
cp="$out/classes:$jar"
counter=/tmp/farm-count
# The daemon's heap and collector: the options bin/ipvs-director run would start it with.
director_opts=$(IPVS_DIRECTOR_PRINT_JVM_OPTS=1 JAVA_OPTS= bin/ipvs-director run)

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# CPU ticks of the JVM's compiler threads.
jit_ticks() { thread_ticks "$1" | awk -F'|' '/^C[12] Compiler/ { sum += $2 } END { print sum + 0 }'; }
farm_count() { cat "$counter" 2>/dev/null || echo 0; }
# "thread-name|ticks" for every thread of PID (digits at the end of names dropped, to group pools),
# read by one awk: a fork per thread would cost more than the window measures, in this guest.
thread_ticks() {
    awk '{ line = $0; name = line; sub(/^[^(]*\(/, "", name); sub(/\)[^)]*$/, "", name); gsub(/[0-9#]+$/, "", name)
           sub(/.*\) /, "", line); split(line, f, " "); print name "|" f[12] + f[13] }' /proc/"$1"/task/*/stat 2>/dev/null
}
keepalived_conf() { # KIND N
    local kind=$1 n=$2 net port first i
    if [ "$kind" = http ]; then net=1 port=8080; else net=2 port=9000; fi
    echo "global_defs { router_id bench }"
    for ((first = 0; first < n; first += 100)); do
        echo "virtual_server 127.200.$net.$((first / 100 + 1)) $port {"
        echo "  delay_loop 1"
        echo "  lb_algo rr"
        echo "  lb_kind NAT"
        echo "  protocol TCP"
        for ((i = first; i < first + 100 && i < n; i++)); do
            echo "  real_server 127.$net.$((i / 250)).$((i % 250 + 1)) $port {"
            echo "    weight 1"
            if [ "$kind" = http ]; then
                echo "    HTTP_GET { url { path / status_code 200 } connect_timeout 1 retry 0 }"
            else
                echo "    TCP_CHECK { connect_timeout 1 retry 0 }"
            fi
            echo "  }"
        done
        echo "}"
    done
}

# measure PID: "<probes> <cpu ticks> <seconds> <jit ticks>" over the window.
measure() {
    local pid=$1 c0 p0 t0 j0
    c0=$(ticks "$pid"); j0=$(jit_ticks "$pid"); p0=$(farm_count); t0=$(date +%s.%N)
    sleep "$window"
    echo "$(($(farm_count) - p0)) $(($(ticks "$pid") - c0)) $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { print b - a }') $(($(jit_ticks "$pid") - j0))"
}

compare() { # KIND
    local kind=$1 http=0 tcp=0 farm ka checker director r k d
    if [ "$kind" = http ]; then http=$count; else tcp=$count; fi
    rm -f "$counter"
    java -Xmx256m -cp "$cp" LoopbackFarm "$http" "$tcp" "$counter" > /tmp/farm.log 2>&1 &
    farm=$!
    for _ in $(seq 1 300); do
        grep -q "farm: listening" /tmp/farm.log && break
        sleep 0.2
    done
    keepalived_conf "$kind" "$count" > /tmp/keepalived-bench.conf
    rm -f /run/ka-checkers.pid
    keepalived --dont-fork --check --use-file /tmp/keepalived-bench.conf --pid /run/ka.pid \
        --checkers_pid /run/ka-checkers.pid > /tmp/keepalived.log 2>&1 &
    ka=$!
    for _ in $(seq 1 100); do
        [ -s /run/ka-checkers.pid ] && break
        sleep 0.1
    done
    checker=$(cat /run/ka-checkers.pid)
    # keepalived's probes warm the farm's JVM up before the director starts: real servers are not
    # cold JVMs, and a cold farm answering late at the director's start would count against it.
    sleep "$farm_warmup"
    kill -STOP "$ka" "$checker"
    java $director_opts ${DIRECTOR_JAVA_OPTS:-} -Dlogback.configurationFile=bench/health/logback-bench.xml \
        -cp "$cp" HealthBench "$http" "$tcp" "$counter" "$warmup" 0 > /tmp/director.log 2>&1 &
    director=$!
    for _ in $(seq 1 $((warmup * 10 + 600))); do
        grep -q "director: warmed up" /tmp/director.log && break
        sleep 0.1
    done
    echo "$kind: $count targets (interval 1 s), director (${director_opts#*ExitOnOutOfMemoryError } ${DIRECTOR_JAVA_OPTS:-}) warmed up ${warmup} s; rounds of ${window} s each, after ${settle} s"
    rounds_start=$(date +%T)
    for ((r = 1; r <= rounds; r++)); do
        kill -STOP "$director"
        kill -CONT "$ka" "$checker"
        sleep "$settle"
        k=$(measure "$checker")
        kill -STOP "$ka" "$checker"
        kill -CONT "$director"
        sleep "$settle"
        thread_ticks "$director" > /tmp/threads0
        d=$(measure "$director")
        thread_ticks "$director" > /tmp/threads1
        echo "$r $k $d" | awk -v kind="$kind" '{
            kp = $2; kc = $3; ks = $4; dp = $6; dc = $7; ds = $8; dj = $9
            ku = kp > 0 ? 1e4 * kc / kp : 0; du = dp > 0 ? 1e4 * dc / dp : 0
            printf "round %d %s: keepalived %.0f probes/s, %.1f %% CPU, %.0f us per probe | director %.0f probes/s, %.1f %% CPU (JIT %.1f %%), %.0f us per probe | director / keepalived %.2f\n",
                $1, kind, kp / ks, kc / ks, ku, dp / ds, dc / ds, dj / ds, du, (ku > 0 ? du / ku : 0)
        }'
        awk -F'|' -v s="$window" 'NR == FNR { before[$1] += $2; next } { after[$1] += $2 }
            END { for (n in after) if (after[n] > before[n]) printf "%.1f %s\n", (after[n] - before[n]) / s, n }' \
            /tmp/threads0 /tmp/threads1 | sort -rn | head -6 | awk '{ n = $2; for (i = 3; i <= NF; i++) n = n " " $i; out = out sprintf("%s%s %.1f %%", sep, n, $1); sep = ", " } END { print "  director threads: " out }'
    done
    kill "$director"
    wait "$director" || true
    grep "director verdicts" /tmp/director.log || true
    echo "  director log: $(grep -c ' DOWN: ' /tmp/director.log) DOWN lines, the first at $(grep ' DOWN: ' /tmp/director.log | head -1 | cut -c1-12); rounds from $rounds_start to $(date +%T) (guest clock); kept as $out/director-$kind.log"
    cp /tmp/director.log "$out/director-$kind.log"
    kill -CONT "$ka" "$checker"
    kill "$ka"
    wait "$ka" || true
    kill "$farm"
    wait "$farm" 2>/dev/null || true
}

for kind in ${BENCH_KINDS:-tcp http}; do
    compare "$kind"
done
