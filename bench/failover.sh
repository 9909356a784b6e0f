#!/usr/bin/env bash
# Failover time of ipvs-director (its default beacon and a 50 ms one) against keepalived (VRRP only,
# advert_int 1 and 0.1) on the same namespace LAN: fault -> first gratuitous ARP from the new owner
# seen by the client, and how many times the VIP moved until the pair settled again.
# Needs root, tcpdump and keepalived (apt-get install tcpdump keepalived).
# Usage: bench/failover.sh [TRIALS [KIND_PREFIX [FAULTS]]]
#   default 20 trials of every kind and fault; KIND_PREFIX "ipvs-director": the director kinds only;
#   FAULTS: some of SIGKILL,SIGTERM,SIGSTOP,LINK_DOWN (comma-separated).
# FAILOVER_JVM_OPTS: more options for the director JVMs (a profiling run: another logback file, say).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -o test-compile
exec java -cp "target/classes:target/test-classes:$(cat target/test-classpath.txt)" \
    io.ipvsdirector.ha.FailoverBench "${1:-20}" "${2:-}" ${3:+"$3"}
