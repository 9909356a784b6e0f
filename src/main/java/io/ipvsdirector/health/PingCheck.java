package io.ipvsdirector.health;

import io.ipvsdirector.config.CheckSpec;
import io.ipvsdirector.kernel.probe.SocketPath;
import io.ipvsdirector.kernel.probe.EchoReply;
import io.ipvsdirector.kernel.probe.IcmpEcho;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * ping: one ICMP echo request; an echo reply from the target within the timeout is up. All probes of
 * an address family with the same source, interface and mark share one socket, opened on the first
 * such probe; a reply is matched to its probe by its sequence number (the socket already keeps other
 * processes' replies out), its socket and its sender.
 */
final class PingCheck implements Check, AutoCloseable {
    /** Opens the ICMP socket of a family; the kernel layer's {@code IcmpEchoSocket::open} in production. */
    interface Opener {
        IcmpEcho open(SocketPath path, Consumer<EchoReply> listener) throws IOException;
    }

    /** A probe waiting for its reply. */
    private static final class Pending {
        final InetAddress address;
        final SocketPath path;
        final Context context;
        final Promise<ProbeResult> result = Promise.promise();
        final long start;
        volatile long timer = -1;

        Pending(InetAddress address, SocketPath path, Context context, long start) {
            this.address = address;
            this.path = path;
            this.context = context;
            this.start = start;
        }
    }

    private final Vertx vertx;
    private final Opener opener;
    /** One socket per path: per family, and per source, interface and mark that checks ask for. */
    private final Map<SocketPath, IcmpEcho> sockets = new HashMap<>();
    /** Keyed by family (bit 16 set for IPv6) and sequence number, which is unique across the family's sockets. */
    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private volatile boolean closed;

    PingCheck(Vertx vertx, Opener opener) {
        this.vertx = vertx;
        this.opener = opener;
    }

    @Override
    public Future<ProbeResult> probe(ProbeTarget target) {
        long start = System.nanoTime();
        boolean ipv6 = target.address() instanceof Inet6Address;
        CheckSpec spec = target.spec();
        SocketPath path = new SocketPath(ipv6, spec.source(), spec.bindInterface(), spec.fwmark().orElse(0));
        IcmpEcho socket;
        try {
            socket = socket(path);
        } catch (IOException | IllegalArgumentException e) {
            return Future.succeededFuture(ProbeResult.down(e.getMessage(), start));
        }
        Pending p = new Pending(target.address(), path, vertx.getOrCreateContext(), start);
        int key = register(ipv6, p);
        if (key < 0) {
            return Future.succeededFuture(ProbeResult.down("65536 pings already wait for a reply", start));
        }
        long timeoutMillis = target.spec().timeout().toMillis();
        p.timer = vertx.setTimer(timeoutMillis, id -> {
            if (pending.remove(key, p)) {
                p.result.complete(ProbeResult.down("no echo reply within " + timeoutMillis + "ms", start));
            }
        });
        try {
            socket.send(target.address(), key & 0xffff);
        } catch (IOException e) {
            if (pending.remove(key, p)) {
                vertx.cancelTimer(p.timer);
                p.result.complete(ProbeResult.down("sending the echo request: " + e.getMessage(), start));
            }
        }
        return p.result.future();
    }

    /** Takes the next free sequence number of the family for {@code p}; -1 when all are taken. */
    private int register(boolean ipv6, Pending p) {
        for (int tries = 0; tries < 0x10000; tries++) {
            int key = (ipv6 ? 0x10000 : 0) | (sequence.getAndIncrement() & 0xffff);
            if (pending.putIfAbsent(key, p) == null) {
                return key;
            }
        }
        return -1;
    }

    private IcmpEcho socket(SocketPath path) throws IOException {
        synchronized (sockets) {
            if (closed) {
                throw new IOException("the ping check is closed");
            }
            IcmpEcho socket = sockets.get(path);
            if (socket == null) {
                socket = opener.open(path, reply -> onReply(path, reply));
                sockets.put(path, socket);
            }
            return socket;
        }
    }

    /** Runs on the socket's reading thread: hands the result to the probe's own context. */
    private void onReply(SocketPath path, EchoReply reply) {
        int key = (path.ipv6() ? 0x10000 : 0) | reply.sequence();
        Pending p = pending.get(key);
        if (p == null || !p.path.equals(path) || !p.address.equals(reply.from()) || !pending.remove(key, p)) {
            return;
        }
        p.context.runOnContext(v -> {
            vertx.cancelTimer(p.timer);
            p.result.complete(ProbeResult.up("echo reply", p.start));
        });
    }

    @Override
    public void close() {
        synchronized (sockets) {
            closed = true;
            sockets.values().forEach(IcmpEcho::close);
            sockets.clear();
        }
    }
}
