#!/usr/bin/env bash
# CPU per probe, director against keepalived's checker, on the same targets, inside ipvs-lab (a
# User-Mode Linux guest with IPVS and Debian's keepalived 2.2.7; one CPU, slow forks). Found through
# $IPVS_LAB or at ../shared/ipvs-lab. Run from the checkout after `mvn -q -DskipTests package`.
#
#   bench/health-vs-keepalived.sh [HTTP_COUNT TCP_COUNT [WARMUP_S WINDOW_S]]   (default 250 250 15 30)
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
"$lab" run --timeout 900 -- bench/health/lab-compare.sh "${1:-250}" "${2:-250}" "${3:-15}" "${4:-30}"
