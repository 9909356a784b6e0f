package io.ipvsdirector.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Comparator;
import java.util.Optional;

/**
 * The operator's failover of one group. It fails, changing nothing, unless this director is ACTIVE
 * there and hears an eligible peer. Otherwise it releases the group's VIPs and stays out of its
 * election (STARTING, so the peers see it is not a candidate) until a peer is ACTIVE, or for two peer
 * timeouts if none takes over; then it stands by, and does not preempt the new ACTIVE until it is
 * elected again (the peer fails, or the operator fails over back).
 */
final class Handover {
    private Handover() {
    }

    /** Completes with the name of the peer handed over to. */
    static Future<String> start(Vertx vertx, GroupElection group, boolean standalone, long waitNanos) {
        RoleMachine machine = group.machine;
        NodeState me = machine.self();
        if (me.role() != Role.ACTIVE || machine.busy()) {
            return Future.failedFuture(new IllegalStateException("this director is " + me.role()
                    + ", not ACTIVE: only the ACTIVE director can hand over"));
        }
        Optional<NodeState> peer = group.peers.live(System.nanoTime()).stream().filter(NodeState::eligible)
                .max(Comparator.comparingInt(NodeState::priority));
        if (peer.isEmpty()) {
            return Future.failedFuture(new IllegalStateException("no eligible peer to hand over to"
                    + (standalone ? " (standalone director)" : "")));
        }
        String to = peer.get().name();
        machine.handOver(to);
        long deadline = System.nanoTime() + waitNanos;
        vertx.setPeriodic(20, id -> {
            if (machine.busy()) {
                return; // still releasing the VIPs
            }
            if (machine.self().role() != Role.STARTING) {
                vertx.cancelTimer(id); // something else moved it on (a fault, a stop)
                return;
            }
            Optional<NodeState> active = Election.current(group.peers.live(System.nanoTime()));
            if (active.isPresent() || System.nanoTime() > deadline) {
                vertx.cancelTimer(id);
                machine.becomeEligible(active.map(a -> "handed over to " + a.name())
                        .orElse("no peer took over; eligible again"));
            }
        });
        return Future.succeededFuture(to);
    }
}
