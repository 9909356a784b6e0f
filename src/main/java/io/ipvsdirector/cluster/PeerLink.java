package io.ipvsdirector.cluster;

import io.ipvsdirector.net.HostPort;
import io.ipvsdirector.net.InetAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP connection from this director to every peer, for what the beacon can only guess at after
 * its timeout: that a peer's process is gone, and that a peer is stopping.
 *
 * <p>Each director listens on its cluster address at the cluster port + 1 ({@link #PORT_OFFSET})
 * and writes every sealed state it publishes to each peer connected there, starting with the
 * current one. Each director also connects to every peer's listener and reads what it writes; a
 * line passes only through the same checks as a beacon (the caller's {@code onMessage}, which
 * answers with the verified message).
 *
 * <p>When a process dies, its kernel closes its sockets at once: the connection ends, and a
 * reconnect made at once is refused, because nothing listens there any more. Both together, after
 * the connection had carried a verified message, are the evidence {@code onCrash} is told of, with
 * when the connection ended: the caller still checks that the peer has not been heard since. A
 * frozen process, a cut link or a host that is down refuses nothing: those are left to the beacon's
 * timeout. Everything runs on the owner's context.
 */
final class PeerLink {
    private static final Logger LOG = LoggerFactory.getLogger(PeerLink.class);
    /** The link's TCP port is the cluster port plus this. */
    static final int PORT_OFFSET = 1;
    private static final int MAX_LINE = LivenessBeacon.MAX_DATAGRAM;
    private static final int CONNECT_TIMEOUT_MILLIS = 1_000;
    private static final long RETRY_MILLIS = 1_000;

    /** Told that the peer {@code name}'s connection ended at {@code closedAtNanos} and its listener refused a reconnect. */
    interface CrashListener {
        void crashed(String name, long closedAtNanos);
    }

    private final Vertx vertx;
    private final HostPort bind;
    private final List<HostPort> peers;
    private final Set<InetAddress> peerHosts;
    private final Function<HostPort, Function<String, Optional<ClusterMessage>>> onMessage;
    private final CrashListener onCrash;
    private final List<NetSocket> listeners = new ArrayList<>();
    private final List<Connection> connections = new ArrayList<>();
    private NetServer server;
    private NetClient client;
    private String current = "";
    private boolean stopped;

    /**
     * @param onMessage for a peer's address, what to do with a line read from its listener: the
     *                  verified message, or empty when it did not pass
     */
    PeerLink(Vertx vertx, HostPort bind, List<HostPort> peers,
             Function<HostPort, Function<String, Optional<ClusterMessage>>> onMessage, CrashListener onCrash) {
        this.vertx = vertx;
        this.bind = bind;
        this.peers = peers.stream().filter(p -> !p.equals(bind)).toList();
        this.peerHosts = Set.copyOf(this.peers.stream().map(HostPort::address).toList());
        this.onMessage = onMessage;
        this.onCrash = onCrash;
    }

    static HostPort linkAddress(HostPort member) {
        return new HostPort(member.address(), member.port() + PORT_OFFSET);
    }

    /**
     * Listens and starts connecting to the peers, with {@code sealed} as the first state written. A
     * port that cannot be bound costs only the fast detection: the director runs on, on the beacon.
     */
    Future<Void> start(String sealed) {
        current = sealed;
        HostPort at = linkAddress(bind);
        server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true));
        server.connectHandler(this::accepted);
        client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MILLIS).setTcpNoDelay(true));
        return server.listen(at.port(), InetAddresses.toText(at.address())).<Void>map(s -> {
            LOG.info("peer link on {}/tcp to {}", at, peers.stream().map(PeerLink::linkAddress).toList());
            return null;
        }).recover(err -> {
            LOG.warn("peer link: cannot listen on {}/tcp ({}); a crashed peer is noticed only by its silent beacon",
                    at, err.getMessage());
            return Future.succeededFuture();
        }).andThen(ar -> peers.forEach(p -> {
            Connection c = new Connection(p);
            connections.add(c);
            c.connect();
        }));
    }

    /** Writes {@code sealed}, this director's newest state, to every peer connected here. */
    void send(String sealed) {
        current = sealed;
        for (NetSocket s : listeners) {
            if (!s.writeQueueFull()) {
                // A peer that reads nothing (it is frozen) gets the newest state once it reads again.
                s.write(sealed + "\n");
            }
        }
    }

    Future<Void> stop() {
        stopped = true;
        connections.forEach(Connection::close);
        List<Future<Void>> closing = new ArrayList<>();
        listeners.forEach(s -> closing.add(s.close()));
        if (server != null) {
            closing.add(server.close());
        }
        if (client != null) {
            closing.add(client.close());
        }
        return Future.join(closing).<Void>mapEmpty().otherwiseEmpty();
    }

    private void accepted(NetSocket socket) {
        InetAddress from = socket.remoteAddress().hostAddress() == null ? null
                : InetAddresses.parse(socket.remoteAddress().hostAddress().replaceFirst("%.*$", ""));
        if (stopped || from == null || !peerHosts.contains(from)) {
            socket.close(); // not a configured peer: it hears nothing here
            return;
        }
        listeners.add(socket);
        socket.handler(ignored -> { }); // the listening side only writes
        socket.closeHandler(v -> listeners.remove(socket));
        socket.exceptionHandler(err -> socket.close());
        socket.write(current + "\n");
    }

    /** This director's connection to one peer's listener. */
    private final class Connection {
        private final HostPort member;
        private final Function<String, Optional<ClusterMessage>> verify;
        private NetSocket socket;
        /** The peer's name once a line on the current connection passed the checks; null before. */
        private String verifiedName;
        /** Set when a verified connection ended: the reconnect that follows decides whether the peer died. */
        private String endedName;
        private long endedAt;
        private long retryTimer = -1;

        Connection(HostPort member) {
            this.member = member;
            this.verify = onMessage.apply(member);
        }

        void connect() {
            if (stopped) {
                return;
            }
            HostPort at = linkAddress(member);
            client.connect(at.port(), InetAddresses.toText(at.address())).onComplete(ar -> {
                if (stopped) {
                    if (ar.succeeded()) {
                        ar.result().close();
                    }
                    return;
                }
                if (ar.failed()) {
                    failed(ar.cause());
                } else {
                    connected(ar.result());
                }
            });
        }

        private void failed(Throwable cause) {
            if (endedName != null && refused(cause)) {
                String name = endedName;
                LOG.info("peer link to {} ({}) ended and a reconnect was refused: its process is gone", name, member);
                onCrash.crashed(name, endedAt);
            }
            endedName = null;
            retryLater();
        }

        private void connected(NetSocket s) {
            socket = s;
            verifiedName = null;
            RecordParser lines = RecordParser.newDelimited("\n", line -> {
                Optional<ClusterMessage> m = verify.apply(line.toString(java.nio.charset.StandardCharsets.UTF_8));
                if (m.isPresent()) {
                    verifiedName = m.get().sender();
                    endedName = null; // it answered again: whatever ended before was no death
                }
            }).maxRecordSize(MAX_LINE);
            lines.exceptionHandler(err -> s.close());
            s.handler(lines);
            s.exceptionHandler(err -> s.close());
            s.closeHandler(v -> ended());
        }

        private void ended() {
            socket = null;
            if (stopped) {
                return;
            }
            if (verifiedName != null) {
                endedName = verifiedName;
                endedAt = System.nanoTime();
                verifiedName = null;
                connect(); // at once: a refusal now is the evidence
            } else {
                retryLater();
            }
        }

        private void retryLater() {
            if (!stopped && retryTimer < 0) {
                retryTimer = vertx.setTimer(RETRY_MILLIS, id -> {
                    retryTimer = -1;
                    connect();
                });
            }
        }

        void close() {
            if (retryTimer >= 0) {
                vertx.cancelTimer(retryTimer);
            }
            if (socket != null) {
                socket.close();
            }
        }
    }

    /** ECONNREFUSED: the host answered, and nothing listens on the port. */
    static boolean refused(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException && t.getMessage() != null
                    && t.getMessage().toLowerCase(java.util.Locale.ROOT).contains("refused")) {
                return true;
            }
        }
        return false;
    }
}
