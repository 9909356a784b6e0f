package io.ipvsdirector.admin;

import io.ipvsdirector.cluster.Intruder;
import io.ipvsdirector.cluster.NodeState;
import io.ipvsdirector.config.DirectorConfig;
import io.ipvsdirector.health.RealServerRef;
import io.ipvsdirector.health.ServerVerdict;
import io.ipvsdirector.kernel.ipvs.IpvsSnapshot;
import io.ipvsdirector.reconcile.PolicyPlan;
import java.util.List;
import java.util.Map;

/**
 * Everything /status reports, gathered at one moment. {@code plan} and {@code kernel} are null
 * before the director has computed or read them (a VIP-only director never has them). {@code
 * intruders}: nodes that spoke for the cluster from addresses it does not list. {@code groups}: each
 * election group (one for a configuration with top-level {@code vips}); {@code self}, {@code peers}
 * and {@code vipsHeld} are the first group's, as a single-group director always reported them.
 */
public record StatusInputs(DirectorConfig config, NodeState self, List<NodeState> peers, boolean vipsHeld,
                           PolicyPlan plan, Map<RealServerRef, ServerVerdict> verdicts, IpvsSnapshot kernel,
                           boolean dryRun, List<Intruder> intruders, List<GroupStatus> groups) {
    public StatusInputs {
        peers = List.copyOf(peers);
        intruders = List.copyOf(intruders);
        verdicts = Map.copyOf(verdicts);
        groups = List.copyOf(groups);
    }

    /** A director with one group, the default one. */
    public StatusInputs(DirectorConfig config, NodeState self, List<NodeState> peers, boolean vipsHeld, PolicyPlan plan,
                        Map<RealServerRef, ServerVerdict> verdicts, IpvsSnapshot kernel, boolean dryRun,
                        List<Intruder> intruders) {
        this(config, self, peers, vipsHeld, plan, verdicts, kernel, dryRun, intruders,
                List.of(new GroupStatus(io.ipvsdirector.cluster.ElectionGroup.DEFAULT,
                        List.of(io.ipvsdirector.cluster.ElectionGroup.DEFAULT), self, peers, vipsHeld)));
    }
}
