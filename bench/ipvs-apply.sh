#!/bin/sh
# Benchmark: program 1,000 virtual services x 10 real servers with `ipvs apply` and with
# `ipvsadm --restore`, read them back (no-op apply vs `ipvsadm -Sn`), change one weight.
# Everything runs in ONE kernel: this machine's, in a throwaway network namespace, when it has
# IPVS; otherwise one ipvs-lab run. Run from anywhere after `mvn -q -DskipTests package`.
# Arguments: [SERVICES [REAL_SERVERS]] (default 1000 10).
set -eu
cd "$(dirname "$0")/.."
if [ ! -f target/test-classpath.txt ] || [ ! -d target/test-classes ]; then
    echo "build first: mvn -q -DskipTests package" >&2
    exit 1
fi
cp="$PWD/target/classes:$PWD/target/test-classes:$(cat target/test-classpath.txt)"
java=$(command -v java)
# The daemon's heap settings (bin/ipvs-director run).
bench="$java -Xms64m -Xmx256m -Dproject.basedir=$PWD -cp $cp io.ipvsdirector.bench.IpvsApplyBench ${1:-1000} ${2:-10}"

if [ -e /proc/net/ip_vs ]; then
    # shellcheck disable=SC2086
    exec unshare --net -- $bench
fi
lab=""
if [ -n "${IPVS_LAB:-}" ] && [ -d "$IPVS_LAB" ]; then
    lab="$IPVS_LAB/ipvs-lab"
elif [ -n "${IPVS_LAB:-}" ] && [ -x "$IPVS_LAB" ]; then
    lab="$IPVS_LAB"
elif [ -x ../shared/ipvs-lab/ipvs-lab ]; then
    lab=../shared/ipvs-lab/ipvs-lab
else
    echo "no IPVS here and no ipvs-lab (set IPVS_LAB)" >&2
    exit 1
fi
# shellcheck disable=SC2086
exec "$lab" run --timeout 1800 -- $bench
