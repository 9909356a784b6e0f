# Sourced by the benchmarks. with_ipvs CMD...: runs CMD where the kernel has IPVS: on this machine,
# in a throwaway network namespace, when its kernel has IPVS; otherwise in one ipvs-lab run (a
# User-Mode Linux kernel with IPVS), found through $IPVS_LAB or at ../shared/ipvs-lab.
with_ipvs() {
    if [ -e /proc/net/ip_vs ]; then
        exec unshare --net -- "$@"
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
    exec "$lab" run --timeout 1800 -- "$@"
}

# The class path of a built checkout (target/classes, target/test-classes and the dependencies).
bench_classpath() {
    if [ ! -f target/test-classpath.txt ] || [ ! -d target/test-classes ]; then
        echo "build first: mvn -q -DskipTests package" >&2
        exit 1
    fi
    echo "$PWD/target/classes:$PWD/target/test-classes:$(cat target/test-classpath.txt)"
}
