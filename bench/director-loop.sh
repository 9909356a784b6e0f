#!/bin/sh
# Benchmark of the director loop on a real IPVS kernel: a backend dies, how long until its
# destination leaves the kernel's table; and from each verdict event to the kernel's ACK of the
# change. TRIALS failures and recoveries (default 100). Run after `mvn -q -DskipTests package`.
set -eu
cd "$(dirname "$0")/.."
. bench/lib/with-ipvs.sh
cp=$(bench_classpath)
java=$(command -v java)
# shellcheck disable=SC2086
with_ipvs $java -Xms64m -Xmx256m -cp $cp io.ipvsdirector.bench.DirectorLoopBench ${1:-100}
