#!/usr/bin/env bash
# Failover of VIP groups (issue 15) in namespaces: SIGKILL -> the first gratuitous ARP of the moved
# group from its new owner, seen by the client; a pair with two crossed groups, and three directors
# with 30 balanced groups (the time until every group of the killed director is announced again).
# Needs root and tcpdump. Usage: bench/failover-groups.sh [PAIR_TRIALS [BALANCED_TRIALS]]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -o test-compile
exec java -cp "target/classes:target/test-classes:$(cat target/test-classpath.txt)" \
    io.ipvsdirector.ha.GroupFailoverBench "${1:-10}" "${2:-5}"
