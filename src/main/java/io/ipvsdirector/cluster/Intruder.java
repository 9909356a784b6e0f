package io.ipvsdirector.cluster;

/**
 * A node that speaks for this cluster from an address that is not in {@code cluster.members} or
 * {@code cluster.witness}: never a candidate, never counted, its state never read.
 *
 * @param address     where it speaks from (host:port)
 * @param claims      the node name it gives, if any
 * @param via         how it was heard: {@code beacon} or {@code cluster} (Hazelcast)
 * @param firstSeenMillis when it was first heard (wall clock)
 */
public record Intruder(String address, String claims, String via, long firstSeenMillis) {
}
