#!/bin/sh
# Benchmark: program 1,000 virtual services x 10 real servers with `ipvs apply` and with
# `ipvsadm --restore`, read them back (no-op apply vs `ipvsadm -Sn`), change one weight.
# Everything runs in ONE kernel: this machine's, in a throwaway network namespace, when it has
# IPVS; otherwise one ipvs-lab run. Run from anywhere after `mvn -q -DskipTests package`.
# Arguments: [SERVICES [REAL_SERVERS]] (default 1000 10).
set -eu
cd "$(dirname "$0")/.."
. bench/lib/with-ipvs.sh
cp=$(bench_classpath)
java=$(command -v java)
# The daemon's heap settings (bin/ipvs-director run).
# shellcheck disable=SC2086
with_ipvs $java -Xms64m -Xmx256m -Dproject.basedir=$PWD -cp $cp io.ipvsdirector.bench.IpvsApplyBench ${1:-1000} ${2:-10}
