package io.ipvsdirector.cluster;

import java.util.List;

/**
 * One message from a director to its peers (a beacon, or its entry in the replicated map): which
 * cluster, who sends it from where, which run of that director ({@code incarnation}, random per
 * start, and {@code startedMillis}), which message of that run ({@code counter}, always growing),
 * when it was sent, the members its configuration lists, its state, the ACTIVE it sees, and the
 * peers it hears now (so that a receiver knows whether it is heard back).
 *
 * <p>Everything here is covered by the signature, so a receiver that verified it may trust each
 * field, and the replay guard can tell a fresh message from a copy.
 */
record ClusterMessage(String cluster, String address, long incarnation, long startedMillis, long counter,
                      long sentMillis, List<String> members, NodeState state, Sighting sees, List<String> hears) {

    /** The ACTIVE a director sees (itself included), or {@link #NONE}: what a witness lends its majority to. */
    record Sighting(String name, long epoch) {
        static final Sighting NONE = new Sighting("", 0);

        boolean none() {
            return name.isEmpty();
        }
    }

    ClusterMessage {
        members = List.copyOf(members);
        hears = List.copyOf(hears);
    }

    String sender() {
        return state.name();
    }
}
