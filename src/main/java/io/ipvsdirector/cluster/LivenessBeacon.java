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
import java.util.function.BiConsumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP liveness beacon: every {@code interval} this director sends its sealed state to each peer
 * on the cluster port, and hands every datagram it receives, with its source, to {@code onMessage}
 * (which verifies it: nothing here trusts the content). It also measures its own
 * ticks: a tick far later than planned means this process was frozen (SIGSTOP, a long GC pause, a
 * stalled VM), which {@code onTick} is told as the gap in nanoseconds.
 */
final class LivenessBeacon {
    private static final Logger LOG = LoggerFactory.getLogger(LivenessBeacon.class);

    private final Vertx vertx;
    private final HostPort bind;
    private final List<HostPort> peers;
    private final Duration interval;
    private final Supplier<String> message;
    private final BiConsumer<String, HostPort> onMessage;
    private final LongConsumer onTick;
    private DatagramSocket socket;
    private long timer = -1;
    private long lastTick;
    /** The first ticks measure the JVM warming up, not a freeze: gaps are reported from this tick on. */
    private static final int WARM_UP_TICKS = 10;
    /** The largest UDP payload over IPv4. */
    static final int MAX_DATAGRAM = 65_507;
    private int ticks;

    LivenessBeacon(Vertx vertx, HostPort bind, List<HostPort> peers, Duration interval,
                   Supplier<String> message, BiConsumer<String, HostPort> onMessage, LongConsumer onTick) {
        this.vertx = vertx;
        this.bind = bind;
        this.peers = peers.stream().filter(p -> !p.equals(bind)).toList();
        this.interval = interval;
        this.message = message;
        this.onMessage = onMessage;
        this.onTick = onTick;
    }

    /** Binds the socket and starts sending; must be called on the owner's context. */
    Future<Void> start() {
        // A message grows with the groups (about 130 bytes each): read whole datagrams of up to 64 KiB,
        // not the transport's default 2 KiB, past which a beacon of a dozen groups arrives cut.
        socket = vertx.createDatagramSocket(new DatagramSocketOptions().setIpV6(bind.address() instanceof Inet6Address)
                .setReceiveBufferSize(MAX_DATAGRAM));
        socket.handler(packet -> onMessage.accept(packet.data().toString(java.nio.charset.StandardCharsets.UTF_8),
                new HostPort(packet.sender().hostAddress() == null ? null
                        : InetAddresses.parse(stripScope(packet.sender().hostAddress())), packet.sender().port())));
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

    /** Sends the current state to every peer now. */
    void send() {
        send(message.get());
    }

    /** Sends {@code sealed}, this director's newest state, to every peer now (on a change, without waiting for the next tick). */
    void send(String sealed) {
        if (socket == null) {
            return;
        }
        Buffer payload = Buffer.buffer(sealed);
        for (HostPort peer : peers) {
            // A peer that is down answers with ICMP unreachable; that is what liveness is for, not an error.
            socket.send(payload, peer.port(), InetAddresses.toText(peer.address()));
        }
    }

    private static String stripScope(String host) {
        int pct = host.indexOf('%');
        return pct < 0 ? host : host.substring(0, pct);
    }

    Future<Void> stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        return socket == null ? Future.succeededFuture() : socket.close();
    }
}
