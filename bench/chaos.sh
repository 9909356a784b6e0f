#!/usr/bin/env bash
# Fault injection over a pair, a pair + witness and two crossed VIP groups in namespaces (issues 13, 15): random schedules from a
# seed (SIGKILL, SIGTERM, SIGSTOP/SIGCONT, link down, partition, loss, reload, an intruder, replayed
# beacons), invariants sampled every 20 ms, every violation printed with the seed that replays it.
# Needs root, iproute2, iptables (legacy), tcpdump and curl.
# Usage: bench/chaos.sh [--schedules N] [--seed S] [--pair|--witness|--both|--groups] [--max-faults N] [--key|--no-key]
# Exit status 1 when there was a violation.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -o test-compile
exec java -cp "target/classes:target/test-classes:$(cat target/test-classpath.txt)" \
    io.ipvsdirector.ha.Chaos "$@"
