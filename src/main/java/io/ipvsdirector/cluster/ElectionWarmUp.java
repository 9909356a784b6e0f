package io.ipvsdirector.cluster;

import java.util.List;
import java.util.Optional;

/**
 * Runs the election once, at start, on made-up views of each kind a failover meets: a peer gone, a
 * peer stopping, a stronger ACTIVE. A process decides a takeover rarely, often months after it
 * started, and the first run of that code pays for loading and linking it: milliseconds on the one
 * path where each counts. Pure: nothing is changed, nothing is logged.
 */
final class ElectionWarmUp {
    /** Enough rounds for the JIT's first tier to compile the decision. */
    private static final int ROUNDS = 300;

    private ElectionWarmUp() {
    }

    /** The number of decisions that elected the made-up director: a value the JIT cannot drop. */
    static int run() {
        NodeState me = new NodeState("warm-up-a", 100, Role.STANDBY, 1, true, 1, "");
        NodeState active = new NodeState("warm-up-b", 100, Role.ACTIVE, 1, true, 1, "");
        NodeState stopping = active.with(Role.STOPPING, 1, false, "stopping");
        NodeState meActive = me.with(Role.ACTIVE, 1, true, "");
        NodeState stronger = active.with(Role.ACTIVE, 2, true, "");
        int acquired = 0;
        for (int i = 0; i < ROUNDS; i++) {
            for (boolean witness : new boolean[] {false, true}) {
                acquired += elected(view(me, List.of(), witness));
                acquired += elected(view(me, List.of(stopping), witness));
                acquired += elected(view(me, List.of(active), witness));
                acquired += elected(view(meActive, List.of(stronger), witness));
            }
        }
        return acquired;
    }

    private static int elected(ElectionView v) {
        return ElectionRules.decide(v) instanceof Decision.Acquire ? 1 : 0;
    }

    private static ElectionView view(NodeState self, List<NodeState> live, boolean witness) {
        return new ElectionView(self, live, live, live, Optional.empty(), witness, witness ? 3 : 2, true, false,
                Optional.empty(), List.of(), List.of());
    }
}
