package io.ipvsdirector.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvsdirector.net.HostPort;
import io.ipvsdirector.net.InetAddresses;
import io.ipvsdirector.testkit.Poll;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two peer links on loopback: what one writes the other reads, and a link whose listener is gone
 * (its connection ended, the reconnect refused) is reported as a crash, once, naming the peer.
 */
class PeerLinkTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final Vertx vertx = Vertx.vertx();
    private final List<String> readByA = new CopyOnWriteArrayList<>();
    private final List<String> crashesSeenByA = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** A cluster port whose link port (one above) is free too. */
    private static HostPort freeMember() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return new HostPort(InetAddresses.parse("127.0.0.1"), s.getLocalPort() - PeerLink.PORT_OFFSET);
        }
    }

    private static ClusterMessage from(String name) {
        return new ClusterMessage("c", "", 1, 1, 1, 1, List.of(),
                new NodeState(name, 100, Role.STANDBY, 0, false, 1, ""), ClusterMessage.Sighting.NONE, List.of());
    }

    /** Lines "NAME ..." pass as a message from NAME; anything else does not pass. */
    private Function<HostPort, Function<String, Optional<ClusterMessage>>> verifier(List<String> read) {
        return member -> line -> {
            read.add(line);
            return line.startsWith("b ") ? Optional.of(from("b")) : Optional.empty();
        };
    }

    /** Link a (whose reads and crash reports the test watches) and link b, started with {@code bFirst}, on its own context. */
    private final class Pair {
        final io.vertx.core.Context onB = vertx.getOrCreateContext();
        final PeerLink b;

        Pair(String bFirst) throws IOException {
            HostPort hostA = freeMember();
            HostPort hostB = freeMember();
            PeerLink a = new PeerLink(vertx, hostA, List.of(hostA, hostB), verifier(readByA),
                    (name, at) -> crashesSeenByA.add(name));
            vertx.getOrCreateContext().runOnContext(v -> a.start("nobody"));
            b = new PeerLink(vertx, hostB, List.of(hostA, hostB), verifier(new CopyOnWriteArrayList<>()), (n, t) -> { });
            onB.runOnContext(v -> b.start(bFirst));
        }
    }

    @Test
    void aPeerWhoseListenerIsGoneHasCrashed() throws Exception {
        Pair pair = new Pair("b 1");
        Poll.until("a reads b's first state", WAIT, () -> readByA.contains("b 1"));
        pair.onB.runOnContext(v -> pair.b.send("b 2"));
        Poll.until("a reads b's next state", WAIT, () -> readByA.contains("b 2"));
        assertEquals(List.of(), crashesSeenByA);
        pair.onB.runOnContext(v -> pair.b.stop());
        Poll.until("a reports b crashed", WAIT, () -> !crashesSeenByA.isEmpty());
        assertEquals(List.of("b"), crashesSeenByA, "once, by name");
    }

    @Test
    void aListenerThatNeverSaidWhoItIsIsNoEvidence() throws Exception {
        Pair pair = new Pair("unverifiable");
        Poll.until("a reads b's line", WAIT, () -> readByA.contains("unverifiable"));
        pair.onB.runOnContext(v -> pair.b.stop());
        // A refusal would be reported within milliseconds; the retry a second later must not either.
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_500);
        Poll.until("1.5 s", WAIT, () -> System.nanoTime() > until);
        assertTrue(crashesSeenByA.isEmpty(), "an unverified connection proves nothing: " + crashesSeenByA);
    }

    @Test
    void onlyConnectionErrorsThatAreRefusalsCount() {
        assertTrue(PeerLink.refused(new java.net.ConnectException("connect(..) failed: Connection refused")));
        assertTrue(!PeerLink.refused(new java.net.ConnectException("connection timed out: /10.0.0.1:5702")));
        assertTrue(!PeerLink.refused(new java.io.IOException("Connection refused")), "not a connect");
    }
}
