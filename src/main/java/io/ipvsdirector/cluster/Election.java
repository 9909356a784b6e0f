package io.ipvsdirector.cluster;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Who should be ACTIVE, as a pure function of what one director sees. Every director computes it on
 * its own view and acts only for itself, so the rules must give the same answer on equal views:
 *
 * <ol>
 *   <li>Only eligible (STANDBY or ACTIVE) directors that are alive take part.</li>
 *   <li>The highest priority wins; a tie goes to the current ACTIVE (stickiness), then to the oldest
 *       member (the earliest in the cluster's member order, the same on every member).</li>
 *   <li>A current ACTIVE is only displaced by a higher priority that is {@code preemptReady}: with
 *       preempt off, or before preempt_delay has passed, the current ACTIVE stays.</li>
 * </ol>
 */
public final class Election {
    private Election() {
    }

    /**
     * @param candidates the live directors in cluster member order, oldest first
     * @return the id of the director that should be ACTIVE, or empty when none is eligible
     */
    public static Optional<String> winner(List<NodeState> candidates) {
        List<NodeState> eligible = candidates.stream().filter(NodeState::eligible).toList();
        Comparator<NodeState> byPriorityThenAge = Comparator.comparingInt(NodeState::priority)
                .thenComparing(n -> -eligible.indexOf(n));
        Optional<NodeState> current = current(eligible);
        if (current.isEmpty()) {
            return eligible.stream().max(byPriorityThenAge).map(NodeState::id);
        }
        int held = current.get().priority();
        return Optional.of(eligible.stream()
                .filter(n -> n.priority() > held && n.preemptReady())
                .max(byPriorityThenAge)
                .orElse(current.get())
                .id());
    }

    /** The ACTIVE among {@code nodes}; with several (after a split), the one that wins the fencing order. */
    public static Optional<NodeState> current(List<NodeState> nodes) {
        return nodes.stream().filter(n -> n.role() == Role.ACTIVE).max(Fencing.ORDER);
    }
}
