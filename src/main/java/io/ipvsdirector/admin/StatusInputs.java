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
 * intruders}: nodes that spoke for the cluster from addresses it does not list.
 */
public record StatusInputs(DirectorConfig config, NodeState self, List<NodeState> peers, boolean vipsHeld,
                           PolicyPlan plan, Map<RealServerRef, ServerVerdict> verdicts, IpvsSnapshot kernel,
                           boolean dryRun, List<Intruder> intruders) {
    public StatusInputs {
        peers = List.copyOf(peers);
        intruders = List.copyOf(intruders);
        verdicts = Map.copyOf(verdicts);
    }
}
