package io.ipvsdirector.admin;

import io.ipvsdirector.cluster.Election;
import io.ipvsdirector.cluster.NodeState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One election group as /status reports it: this director's state there, the live peers' states,
 * and whether this director holds its VIPs.
 *
 * @param name      the election's name (a group, or a sync group's groups joined with '+')
 * @param vipGroups the configured VIP groups it stands for
 */
public record GroupStatus(String name, List<String> vipGroups, NodeState self, List<NodeState> peers, boolean held) {
    public GroupStatus {
        vipGroups = List.copyOf(vipGroups);
        peers = List.copyOf(peers);
    }

    /** The ACTIVE there as this director sees it (itself included), by the fencing order. */
    public Optional<NodeState> owner() {
        List<NodeState> all = new ArrayList<>(peers);
        all.add(self);
        return Election.current(all);
    }
}
