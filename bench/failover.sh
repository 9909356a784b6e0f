#!/usr/bin/env bash
# Failover time of ipvs-director (its default beacon and a 50 ms one) against keepalived (VRRP only,
# advert_int 1 and 0.1) on the same namespace LAN: fault -> first gratuitous ARP from the new owner
# seen by the client, and how many times the VIP moved until the pair settled again.
# Needs root, tcpdump and keepalived (apt-get install tcpdump keepalived).
# Usage: bench/failover.sh [TRIALS [KIND_PREFIX]]    (default 20; KIND_PREFIX "ipvs-director": the director kinds only)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -o test-compile
exec java -cp "target/classes:target/test-classes:$(cat target/test-classpath.txt)" \
    io.ipvsdirector.ha.FailoverBench "${1:-20}" "${2:-}"
