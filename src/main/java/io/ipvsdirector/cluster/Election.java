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
 *   <li>The highest priority wins; a tie goes to the current ACTIVE (stickiness), then to the lower
 *       node name (names are the directors' identities, the same on every director whatever the
 *       cluster layer's member order after a merge).</li>
 *   <li>A current ACTIVE is only displaced by a higher priority that is {@code preemptReady}: with
 *       preempt off, or before preempt_delay has passed, the current ACTIVE stays.</li>
 *   <li>Of two ACTIVE directors (a healed split, a director resumed from a freeze) only the one that
 *       wins the fencing order is current; the other is no candidate until it has stepped down.</li>
 * </ol>
 */
public final class Election {
    private Election() {
    }

    /**
     * @param candidates the live directors (this one included), in any order
     * @return the name of the director that should be ACTIVE, or empty when none is eligible
     */
    public static Optional<String> winner(List<NodeState> candidates) {
        Optional<NodeState> current = current(candidates.stream().filter(NodeState::eligible).toList());
        // An ACTIVE that loses the fencing order to the current one (it was frozen or cut off) is on its
        // way out: it steps down and listens before it may stand again, so it is no candidate now.
        List<NodeState> eligible = candidates.stream().filter(NodeState::eligible)
                .filter(n -> n.role() != Role.ACTIVE || n.equals(current.get())).toList();
        Comparator<NodeState> byPriorityThenName = Comparator.comparingInt(NodeState::priority)
                .thenComparing(NodeState::name, Comparator.reverseOrder());
        if (current.isEmpty()) {
            return eligible.stream().max(byPriorityThenName).map(NodeState::name);
        }
        int held = current.get().priority();
        return Optional.of(eligible.stream()
                .filter(n -> n.priority() > held && n.preemptReady())
                .max(byPriorityThenName)
                .orElse(current.get())
                .name());
    }

    /** The ACTIVE among {@code nodes}; with several (after a split), the one that wins the fencing order. */
    public static Optional<NodeState> current(List<NodeState> nodes) {
        return nodes.stream().filter(n -> n.role() == Role.ACTIVE).max(Fencing.ORDER);
    }
}
