package io.ipvsdirector.cluster;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Properties of the election over generated views: what must hold whatever the priorities, roles,
 * epochs and orders, and whatever strangers send. jqwik prints the seed of a failing run.
 */
class ElectionProperties {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @Provide
    Arbitrary<List<NodeState>> cluster() {
        Arbitrary<NodeState> node = Combinators.combine(Arbitraries.integers().between(1, 4),
                        Arbitraries.of(Role.STANDBY, Role.STANDBY, Role.ACTIVE, Role.FAULT, Role.STARTING),
                        Arbitraries.longs().between(0, 9), Arbitraries.of(true, false))
                .as((priority, role, epoch, preempt) -> new NodeState("", priority * 50, role, epoch, preempt, 1, ""));
        return node.list().ofMinSize(2).ofMaxSize(5).map(list -> {
            List<NodeState> named = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                NodeState s = list.get(i);
                named.add(new NodeState("d" + i, s.priority(), s.role(), s.epoch(), s.preemptReady(), 1, ""));
            }
            return named;
        });
    }

    private static ElectionView viewOf(NodeState self, List<NodeState> others) {
        return new ElectionView(self, others, others, others, Optional.empty(), false, 1 + others.size(), true, false, Optional.empty(), List.of(), List.of());
    }

    private static List<NodeState> othersThan(List<NodeState> all, NodeState self) {
        return all.stream().filter(n -> !n.name().equals(self.name())).toList();
    }

    @Property
    boolean equalViewsGiveEqualDecisionsWhateverTheOrder(@ForAll("cluster") List<NodeState> all, @ForAll long seed) {
        NodeState self = all.get(0);
        List<NodeState> others = new ArrayList<>(othersThan(all, self));
        Decision first = ElectionRules.decide(viewOf(self, others));
        Collections.shuffle(others, new Random(seed));
        return first.equals(ElectionRules.decide(viewOf(self, others)));
    }

    @Property
    boolean anEpochTakenIsAboveEveryEpochSeen(@ForAll("cluster") List<NodeState> all) {
        NodeState self = all.get(0);
        Decision d = ElectionRules.decide(viewOf(self, othersThan(all, self)));
        if (!(d instanceof Decision.Acquire a)) {
            return true;
        }
        return all.stream().allMatch(n -> a.epoch() > n.epoch());
    }

    /** With the same picture of the cluster, no two directors take the VIPs, and none while an ACTIVE holds them. */
    @Property
    boolean atMostOneDirectorAcquiresOnConsistentViews(@ForAll("cluster") List<NodeState> all) {
        long acquiring = all.stream()
                .filter(self -> ElectionRules.decide(viewOf(self, othersThan(all, self))) instanceof Decision.Acquire)
                .count();
        boolean someoneHolds = all.stream().anyMatch(n -> n.role() == Role.ACTIVE);
        return acquiring <= (someoneHolds ? 0 : 1);
    }

    /** Whatever a stranger or a node without the key sends, nothing of it reaches the election. */
    @Property
    boolean unsignedForeignOrForgedMessagesNeverGetIn(@ForAll @IntRange(min = 1, max = 254) int priority,
                                                      @ForAll("roles") Role role, @ForAll long epoch,
                                                      @ForAll @Size(min = 32, max = 32) byte[] otherKey,
                                                      @ForAll int kind) {
        MessageSeal ours = new MessageSeal(List.of(KEY));
        Inbox inbox = new Inbox("prod", ours, Set.of("10.0.0.11:5701", "10.0.0.12:5701"), "lb1", 1, f -> { }, c -> { });
        long now = 1_000_000;
        NodeState forged = new NodeState("lb2", priority, role, epoch, true, 1, "");
        String text;
        Optional<String> source;
        switch (Math.floorMod(kind, 3)) {
            case 0 -> { // no key
                text = new MessageSeal(List.of()).seal(MessageCodec.encode(message("10.0.0.12:5701", forged, now)));
                source = Optional.of("10.0.0.12:5701");
            }
            case 1 -> { // another key
                text = new MessageSeal(List.of(otherKey)).seal(MessageCodec.encode(message("10.0.0.12:5701", forged, now)));
                source = Optional.empty();
            }
            default -> { // the right key, but from an address that is not a member
                text = ours.seal(MessageCodec.encode(message("10.0.0.99:5701", forged, now)));
                source = Optional.of("10.0.0.99:5701");
            }
        }
        return inbox.accept(text, source, now).isEmpty();
    }

    @Provide
    Arbitrary<Role> roles() {
        return Arbitraries.of(Role.STANDBY, Role.ACTIVE);
    }

    private static ClusterMessage message(String address, NodeState state, long now) {
        return new ClusterMessage("prod", address, 5, now, 1, now, List.of("10.0.0.11:5701", "10.0.0.12:5701"), state, ClusterMessage.Sighting.NONE, List.of());
    }
}
