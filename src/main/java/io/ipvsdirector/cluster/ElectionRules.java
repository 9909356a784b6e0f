package io.ipvsdirector.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The election as a pure function: from what this director sees ({@link ElectionView}) to what it
 * should do ({@link Decision}). No clock, no I/O: every director computes it on its own view, and
 * equal views give equal answers. In order:
 *
 * <ol>
 *   <li>A fault (a tracker, a configuration conflict) takes this director out: it releases first.</li>
 *   <li>Coming back from FAULT, its view is old: it hears the cluster afresh before electing.</li>
 *   <li>An ACTIVE that sees a stronger ACTIVE (fencing order) steps down.</li>
 *   <li>With a witness, a side that is not heard by a majority (hearing it is not enough) may not own
 *       the VIPs; regaining the majority
 *       means hearing the cluster afresh first.</li>
 *   <li>Otherwise {@link Election#winner}: the winner acquires with a new epoch once no other
 *       (recently) ACTIVE director may still hold the VIPs, and not while the peer it has just handed
 *       over to may be taking them; a loser that is ACTIVE hands over.</li>
 * </ol>
 */
final class ElectionRules {
    private ElectionRules() {
    }

    static Decision decide(ElectionView v) {
        NodeState self = v.self();
        Role role = self.role();
        if (role == Role.STARTING || role == Role.STOPPING || role == Role.WITNESS) {
            return Decision.STAY;
        }
        if (v.fault().isPresent()) {
            return role == Role.FAULT && v.fault().get().equals(self.reason()) ? Decision.STAY : new Decision.Fault(v.fault().get());
        }
        if (role == Role.FAULT) {
            return new Decision.Resync("recovered; listening to the cluster before electing");
        }
        Optional<NodeState> fenced = v.live().stream().filter(o -> Fencing.mustStepDown(self, List.of(o)))
                .max(Fencing.ORDER);
        if (fenced.isPresent()) {
            // Stepping down after a freeze or a heal: what this director knows is old; hear everyone afresh.
            return new Decision.Release(Role.STARTING, "stepping down: " + fenced.get().name() + " is ACTIVE with epoch "
                    + fenced.get().epoch());
        }
        if (v.witness() && !v.majority()) {
            int hears = 1 + v.live().size();
            return new Decision.Minority("no majority: hears " + hears + " of " + v.clusterSize() + " members"
                    + (2 * hears > v.clusterSize() ? ", but too few of them hear it yet" : ""));
        }
        if (v.wasMinority()) {
            return new Decision.Resync("majority regained; listening to the cluster before electing");
        }
        List<NodeState> candidates = v.candidates();
        Optional<String> winner = Election.winner(candidates);
        boolean mine = winner.map(self.name()::equals).orElse(false);
        if (mine && role != Role.ACTIVE) {
            // With a witness, a silent ACTIVE is given a second timeout to notice its own isolation and
            // release before this side takes over: never two owners, at the price of a slower failover.
            Optional<NodeState> holder = Election.current(v.witness() ? v.recentlyActive() : v.live());
            if (holder.isPresent()) {
                return new Decision.Wait(holder.get().name());
            }
            // With a witness, a peer (the witness itself, say) that still sees another director ACTIVE
            // lends that one its majority: this side may not hear it yet, after a cut, but it is there.
            Optional<ClusterMessage.Sighting> seen = v.witness() ? v.sightings().stream()
                    .filter(x -> !x.name().equals(self.name()))
                    .filter(x -> v.live().stream().noneMatch(n -> n.name().equals(x.name()) && n.role() != Role.ACTIVE))
                    .max(java.util.Comparator.comparingLong(ClusterMessage.Sighting::epoch)) : Optional.empty();
            if (seen.isPresent()) {
                return new Decision.Wait(seen.get().name());
            }
            // A stronger peer hearing the cluster afresh (it stepped down, or regained the majority)
            // elects itself in a beacon or two; electing this one now would race it.
            Optional<NodeState> stronger = v.starting().stream().filter(n -> beats(n, self)).findFirst();
            if (stronger.isPresent()) {
                return new Decision.AwaitStronger(stronger.get().name());
            }
            // Just handed over: the peer may be taking the VIPs on a view where this one is gone. Taking
            // them back now would make two owners; the hold ends when it is ACTIVE, silent, or late.
            Optional<NodeState> taker = v.handedOverTo().flatMap(to -> v.live().stream()
                    .filter(n -> n.name().equals(to) && n.role() != Role.ACTIVE).findFirst());
            if (taker.isPresent()) {
                return new Decision.AwaitTakeover(taker.get().name());
            }
            return new Decision.Acquire(Fencing.nextEpoch(self.epoch(), v.seen()), describe(candidates));
        }
        if (!mine && role == Role.ACTIVE) {
            return new Decision.Release(Role.STANDBY, "handing over to " + winner.orElse("nobody"), winner);
        }
        return Decision.STAY;
    }

    /** Whether {@code a} wins against {@code b} when neither holds the VIPs: priority, then the lower name. */
    private static boolean beats(NodeState a, NodeState b) {
        return a.priority() > b.priority() || (a.priority() == b.priority() && a.name().compareTo(b.name()) < 0);
    }

    private static String describe(List<NodeState> candidates) {
        List<String> parts = new ArrayList<>();
        candidates.stream().sorted(java.util.Comparator.comparing(NodeState::name))
                .forEach(c -> parts.add(c.name() + "(" + c.priority() + ")"));
        return "elected among " + String.join(", ", parts);
    }
}
