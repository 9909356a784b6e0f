package io.ipvsdirector.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Only sealed, fresh messages of this cluster from configured addresses get in. */
class InboxTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final String LB2 = "10.0.0.12:5701";
    private static final long NOW = 1_000_000;

    private final List<String> signedFrom = new ArrayList<>();
    private final List<ClusterMessage> claims = new ArrayList<>();
    private final MessageSeal seal = new MessageSeal(List.of(KEY));
    private final Inbox inbox = new Inbox("prod", seal, Set.of("10.0.0.11:5701", LB2), "lb1", 42,
            signedFrom::add, claims::add);

    private static ClusterMessage from(String name, String address, long incarnation, long counter) {
        return new ClusterMessage("prod", address, incarnation, NOW - 5000, counter, NOW, List.of("10.0.0.11:5701", LB2),
                new NodeState(name, 100, Role.STANDBY, 0, true, counter, ""), ClusterMessage.Sighting.NONE, List.of());
    }

    private static String sealed(MessageSeal seal, ClusterMessage m) {
        return seal.seal(MessageCodec.encode(m));
    }

    @Test
    void aSealedMessageFromAMemberGetsIn() {
        Optional<ClusterMessage> in = inbox.accept(sealed(seal, from("lb2", LB2, 7, 1)), Optional.of(LB2), NOW);
        assertTrue(in.isPresent());
        assertEquals("lb2", in.get().sender());
        assertEquals(Map.of(), inbox.rejectedByReason());
    }

    @Test
    void aNodeAtAnotherAddressIsAnIntruderWhateverItClaims() {
        String rogue = "10.0.0.13:5701";
        assertTrue(inbox.accept(sealed(seal, from("lb2", rogue, 7, 1)), Optional.of(rogue), NOW).isEmpty());
        assertTrue(inbox.accept(sealed(seal, from("lb2", LB2, 7, 2)), Optional.of(rogue), NOW).isEmpty(),
                "a beacon that claims a member's address from another");
        assertEquals(1, inbox.intruders().size());
        assertEquals(rogue, inbox.intruders().get(0).address());
        assertTrue(inbox.accept(sealed(seal, from("lb2", LB2, 7, 3)), Optional.of("10.0.0.13:40000"), NOW).isEmpty());
        assertEquals(1, inbox.intruders().size(), "one intruder per host, whatever its source port");
        assertEquals(Map.of("not_member", 3L), inbox.rejectedByReason());
        inbox.memberAt("10.0.0.14:5701", "x", NOW);
        inbox.memberAt(LB2, "lb2", NOW);
        assertEquals(2, inbox.intruders().size(), "a cluster-layer member at an unknown address too, and only it");
    }

    @Test
    void unsignedWrongKeyAndReplayedMessagesAreDroppedAndCounted() {
        MessageSeal other = new MessageSeal(List.of("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(inbox.accept(sealed(new MessageSeal(List.of()), from("lb2", LB2, 7, 1)), Optional.of(LB2), NOW).isEmpty());
        assertTrue(inbox.accept(sealed(other, from("lb2", LB2, 7, 1)), Optional.of(LB2), NOW).isEmpty());
        String good = sealed(seal, from("lb2", LB2, 7, 1));
        assertTrue(inbox.accept(good, Optional.of(LB2), NOW).isPresent());
        assertTrue(inbox.accept(good, Optional.of(LB2), NOW).isEmpty(), "the same message again");
        assertEquals(Map.of("unsigned", 1L, "bad_signature", 1L, "replay", 1L), inbox.rejectedByReason());
    }

    @Test
    void aDirectorWithoutAKeyThatHearsSignedTrafficIsTold() {
        Inbox unkeyed = new Inbox("prod", new MessageSeal(List.of()), Set.of(LB2), "lb1", 42, signedFrom::add, claims::add);
        assertTrue(unkeyed.accept(sealed(seal, from("lb2", LB2, 7, 1)), Optional.empty(), NOW).isEmpty());
        assertEquals(List.of("the replicated map"), signedFrom);
    }

    @Test
    void itsOwnEchoIsIgnoredAndAnotherRunWithItsNameIsReported() {
        assertTrue(inbox.accept(sealed(seal, from("lb1", "10.0.0.11:5701", 42, 1)), Optional.empty(), NOW).isEmpty());
        assertTrue(claims.isEmpty());
        assertTrue(inbox.accept(sealed(seal, from("lb1", LB2, 99, 1)), Optional.of(LB2), NOW).isEmpty());
        assertEquals(1, claims.size());
        assertEquals(LB2, claims.get(0).address());
    }

    @Test
    void anotherClusterIsNotThisOne() {
        ClusterMessage m = new ClusterMessage("test", LB2, 7, NOW, 1, NOW, List.of(), new NodeState("lb2", 1, Role.STANDBY, 0,
                false, 1, ""), ClusterMessage.Sighting.NONE, List.of());
        assertTrue(inbox.accept(sealed(seal, m), Optional.of(LB2), NOW).isEmpty());
        assertEquals(Map.of("other_cluster", 1L), inbox.rejectedByReason());
    }
}
