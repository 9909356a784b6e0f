package io.ipvsdirector.cluster;

import io.ipvsdirector.net.HostPort;
import io.ipvsdirector.net.InetAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import java.net.Inet6Address;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP liveness beacon: every {@code interval} this director sends its state to each peer on the
 * cluster port, and hands every state it receives to {@code onState}. It also measures its own
 * ticks: a tick far later than planned means this process was frozen (SIGSTOP, a long GC pause, a
 * stalled VM), which {@code onTick} is told as the gap in nanoseconds.
 */
final class LivenessBeacon {
    private static final Logger LOG = LoggerFactory.getLogger(LivenessBeacon.class);

    private final Vertx vertx;
    private final HostPort bind;
    private final List<HostPort> peers;
    private final String cluster;
    private final Duration interval;
    private final Supplier<NodeState> self;
    private final Consumer<NodeState> onState;
    private final LongConsumer onTick;
    private DatagramSocket socket;
    private long timer = -1;
    private long lastTick;
    /** The first ticks measure the JVM warming up, not a freeze: gaps are reported from this tick on. */
    private static final int WARM_UP_TICKS = 10;
    private int ticks;

    LivenessBeacon(Vertx vertx, HostPort bind, List<HostPort> peers, String cluster, Duration interval,
                   Supplier<NodeState> self, Consumer<NodeState> onState, LongConsumer onTick) {
        this.vertx = vertx;
        this.bind = bind;
        this.peers = peers.stream().filter(p -> !p.equals(bind)).toList();
        this.cluster = cluster;
        this.interval = interval;
        this.self = self;
        this.onState = onState;
        this.onTick = onTick;
    }

    /** Binds the socket and starts sending; must be called on the owner's context. */
    Future<Void> start() {
        socket = vertx.createDatagramSocket(new DatagramSocketOptions().setIpV6(bind.address() instanceof Inet6Address));
        socket.handler(packet -> NodeStateCodec.decode(cluster, packet.data().toString()).ifPresent(onState));
        return socket.listen(bind.port(), InetAddresses.toText(bind.address())).map(s -> {
            lastTick = System.nanoTime();
            timer = vertx.setPeriodic(interval.toMillis(), id -> tick());
            LOG.info("beacon on {}/udp every {} ms to {}", bind, interval.toMillis(), peers);
            return null;
        });
    }

    private void tick() {
        long now = System.nanoTime();
        long gap = now - lastTick;
        lastTick = now;
        send();
        onTick.accept(++ticks > WARM_UP_TICKS ? gap : 0);
    }

    /** Sends the current state to every peer now (on a change, without waiting for the next tick). */
    void send() {
        if (socket == null) {
            return;
        }
        Buffer payload = Buffer.buffer(NodeStateCodec.encode(cluster, self.get()));
        for (HostPort peer : peers) {
            // A peer that is down answers with ICMP unreachable; that is what liveness is for, not an error.
            socket.send(payload, peer.port(), InetAddresses.toText(peer.address()));
        }
    }

    Future<Void> stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        return socket == null ? Future.succeededFuture() : socket.close();
    }
}
