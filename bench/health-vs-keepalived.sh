#!/usr/bin/env bash
# CPU per probe, director against keepalived's checker, on the same targets, inside ipvs-lab (a
# User-Mode Linux guest with IPVS and Debian's keepalived 2.2.7; one CPU, slow forks): tcp, then
# http, each in ROUNDS rounds that measure the two in turn (health/lab-compare.sh). Found through
# $IPVS_LAB or at ../shared/ipvs-lab. Run from the checkout after `mvn -q -DskipTests package`.
#
#   bench/health-vs-keepalived.sh [COUNT [WARMUP_S WINDOW_S ROUNDS]]   (default 200 60 20 3)
set -euo pipefail
cd "$(dirname "$0")/.."
lab=${IPVS_LAB:-../shared/ipvs-lab}
[ -d "$lab" ] && lab="$lab/ipvs-lab"
if [ ! -x "$lab" ]; then
    echo "bench: ipvs-lab not found (set IPVS_LAB)" >&2
    exit 1
fi
jar=target/ipvs-director.jar
if [ ! -f "$jar" ]; then
    echo "bench: $jar is missing; run mvn -q -DskipTests package first" >&2
    exit 1
fi
out=target/bench-health
mkdir -p "$out/classes"
javac -nowarn -d "$out/classes" -cp "$jar" bench/health/*.java
"$lab" run --timeout 2400 -- bench/health/lab-compare.sh "${1:-200}" "${2:-60}" "${3:-20}" "${4:-3}"
