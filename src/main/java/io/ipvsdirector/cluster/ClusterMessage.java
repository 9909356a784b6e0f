package io.ipvsdirector.cluster;

import java.util.List;
import java.util.Optional;

/**
 * One message from a director to its peers (a beacon, or its entry in the replicated map): which
 * cluster, who sends it from where, which run of that director ({@code incarnation}, random per
 * start, and {@code startedMillis}), which message of that run ({@code counter}, always growing),
 * when it was sent, the members its configuration lists, its state in each VIP group it is elected
 * in (with the ACTIVE it sees there), and the peers it hears now (so that a receiver knows whether it
 * is heard back).
 *
 * <p>Everything here is covered by the signature, so a receiver that verified it may trust each
 * field, and the replay guard can tell a fresh message from a copy.
 */
record ClusterMessage(String cluster, String address, long incarnation, long startedMillis, long counter,
                      long sentMillis, List<String> members, List<GroupState> groups, List<String> hears) {

    /** The ACTIVE a director sees (itself included), or {@link #NONE}: what a witness lends its majority to. */
    record Sighting(String name, long epoch) {
        static final Sighting NONE = new Sighting("", 0);

        boolean none() {
            return name.isEmpty();
        }
    }

    /**
     * The sender's state in one election group, the ACTIVE it sees there, and the peer it is handing
     * the group over to at the operator's request ({@code ""}: none; such a sender is leaving the
     * election, and nobody waits for it). The group {@link #ANY} is a state that stands for every
     * group: the witness's, which votes in all of them.
     */
    record GroupState(String group, NodeState state, Sighting sees, String handingOverTo) {
        static final String ANY = "";

        GroupState(String group, NodeState state, Sighting sees) {
            this(group, state, sees, "");
        }
    }

    ClusterMessage {
        members = List.copyOf(members);
        groups = List.copyOf(groups);
        hears = List.copyOf(hears);
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("a message carries at least one state");
        }
    }

    /** A message with one state that stands for every group (a witness's). */
    ClusterMessage(String cluster, String address, long incarnation, long startedMillis, long counter, long sentMillis,
                   List<String> members, NodeState state, Sighting sees, List<String> hears) {
        this(cluster, address, incarnation, startedMillis, counter, sentMillis, members,
                List.of(new GroupState(GroupState.ANY, state, sees)), hears);
    }

    String sender() {
        return groups.get(0).state().name();
    }

    /** The sender's state in {@code group}: its own for that group, else one that stands for all. */
    Optional<GroupState> group(String group) {
        Optional<GroupState> own = groups.stream().filter(g -> g.group().equals(group)).findFirst();
        return own.isPresent() ? own : groups.stream().filter(g -> g.group().equals(GroupState.ANY)).findFirst();
    }
}
