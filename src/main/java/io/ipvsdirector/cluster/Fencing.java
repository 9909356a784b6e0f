package io.ipvsdirector.cluster;

import java.util.Collection;
import java.util.Comparator;

/**
 * The epoch rule that leaves one ACTIVE when two meet (after a partition heals, or a frozen director
 * wakes up): the higher epoch wins; on equal epochs the higher priority, then the lower node name, so that
 * both sides reach the same verdict without talking.
 */
public final class Fencing {
    /** Greater is stronger. */
    public static final Comparator<NodeState> ORDER = Comparator.comparingLong(NodeState::epoch)
            .thenComparingInt(NodeState::priority)
            .thenComparing(NodeState::name, Comparator.reverseOrder());

    private Fencing() {
    }

    /** True when {@code self}, ACTIVE, sees another ACTIVE that outranks it and must step down at once. */
    public static boolean mustStepDown(NodeState self, Collection<NodeState> others) {
        return self.role() == Role.ACTIVE && others.stream()
                .anyMatch(o -> !o.name().equals(self.name()) && o.role() == Role.ACTIVE && ORDER.compare(o, self) > 0);
    }

    /** The epoch a director takes when it becomes ACTIVE: above every epoch it has seen. */
    public static long nextEpoch(long ownEpoch, Collection<NodeState> seen) {
        long max = ownEpoch;
        for (NodeState n : seen) {
            max = Math.max(max, n.epoch());
        }
        return max + 1;
    }
}
