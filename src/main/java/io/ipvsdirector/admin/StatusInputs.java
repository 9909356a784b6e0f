package io.ipvsdirector.admin;

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
 * before the director has computed or read them (a VIP-only director never has them).
 */
public record StatusInputs(DirectorConfig config, NodeState self, List<NodeState> peers, boolean vipsHeld,
                           PolicyPlan plan, Map<RealServerRef, ServerVerdict> verdicts, IpvsSnapshot kernel,
                           boolean dryRun) {
    public StatusInputs {
        peers = List.copyOf(peers);
        verdicts = Map.copyOf(verdicts);
    }
}
