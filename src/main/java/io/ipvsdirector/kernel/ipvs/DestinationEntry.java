package io.ipvsdirector.kernel.ipvs;

/** A destination as a dump returns it: the destination, its connection counts and counters. */
public record DestinationEntry(Destination destination, int activeConnections, int inactiveConnections,
                               int persistentConnections, Stats stats, Stats stats64) {
    public static DestinationEntry of(Destination d) {
        return new DestinationEntry(d, 0, 0, 0, Stats.ZERO, Stats.ZERO);
    }
}
