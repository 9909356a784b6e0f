#!/usr/bin/env bash
# An idle pair of real directors with a 50 ms beacon (3 misses: silent after 150 ms), left alone for
# MINUTES: every role change after the pair settled is a false failover. Prints the role changes, the
# directors' "was frozen for", "is silent for" and "heard again" lines, each director's longest GC
# pause, the load average seen, and "false failovers: N". The directors run with the daemon's heap and
# collector (-Xms64m -Xmx256m, Shenandoah as bin/ipvs-director runs it); GC options given replace the
# collector options (the heap stays), e.g. bench/beacon-soak.sh 30 -XX:+UseG1GC -XX:MaxGCPauseMillis=20.
# Needs root and tcpdump. Usage: bench/beacon-soak.sh [MINUTES [GC_OPTION...]]    (default 30)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -o test-compile
exec java -cp "target/classes:target/test-classes:$(cat target/test-classpath.txt)" \
    io.ipvsdirector.ha.BeaconSoak "${1:-30}" "${@:2}"
