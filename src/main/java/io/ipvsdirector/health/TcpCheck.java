package io.ipvsdirector.health;

import io.ipvsdirector.config.CheckSpec;
import io.ipvsdirector.kernel.probe.EpollTcpConnector;
import io.ipvsdirector.kernel.probe.SocketPath;
import io.ipvsdirector.kernel.probe.TcpConnector;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetSocket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;

/**
 * tcp: the connection is accepted. The socket is closed as soon as it is open. A check with
 * bind_interface or fwmark connects through the kernel layer's {@link TcpConnector}, which can set
 * them; the others through Vert.x's client.
 */
final class TcpCheck implements Check, AutoCloseable {
    private final ProbeClients clients;
    private volatile TcpConnector connector;

    TcpCheck(ProbeClients clients) {
        this.clients = clients;
    }

    @Override
    public Future<ProbeResult> probe(ProbeTarget target) {
        CheckSpec spec = target.spec();
        if (spec.bindInterface().isPresent() || spec.fwmark().isPresent()) {
            return probeAlongPath(target);
        }
        long start = System.nanoTime();
        int timeout = (int) spec.timeout().toMillis();
        ConnectOptions options = new ConnectOptions()
                .setRemoteAddress(io.vertx.core.net.SocketAddress.inetSocketAddress(
                        new InetSocketAddress(target.address(), target.port())))
                .setTimeout(timeout);
        return clients.net(spec.source()).connect(options).transform(ar -> {
            if (ar.succeeded()) {
                NetSocket socket = ar.result();
                socket.close();
                return Future.succeededFuture(ProbeResult.up("connected", start));
            }
            return Future.succeededFuture(ProbeResult.down(Failures.reason("connect", ar.cause(), timeout), start));
        });
    }

    private Future<ProbeResult> probeAlongPath(ProbeTarget target) {
        long start = System.nanoTime();
        CheckSpec spec = target.spec();
        long timeout = spec.timeout().toMillis();
        Context context = clients.vertx().getOrCreateContext();
        Promise<ProbeResult> result = Promise.promise();
        long[] timer = {-1};
        SocketPath path;
        try {
            path = new SocketPath(target.address() instanceof Inet6Address, spec.source(), spec.bindInterface(),
                    spec.fwmark().orElse(0));
        } catch (IllegalArgumentException e) {
            return Future.succeededFuture(ProbeResult.down("connect: " + e.getMessage(), start));
        }
        TcpConnector.Attempt attempt = connector().connect(path, target.address(), target.port(), outcome ->
                context.runOnContext(v -> {
                    clients.vertx().cancelTimer(timer[0]);
                    result.tryComplete(outcome.connected() ? ProbeResult.up("connected", start)
                            : ProbeResult.down(reason(outcome.failure()), start));
                }));
        timer[0] = clients.vertx().setTimer(timeout, id -> {
            if (attempt.cancel()) {
                result.tryComplete(ProbeResult.down("connect timeout " + timeout + "ms", start));
            }
        });
        return result.future();
    }

    /** The same words as the Vert.x path's reasons, so that a reason does not depend on the options. */
    private static String reason(String failure) {
        return switch (failure) {
            case "Connection refused" -> "connect refused";
            case "No route to host" -> "connect: no route to host";
            default -> "connect: " + failure;
        };
    }

    private TcpConnector connector() {
        TcpConnector c = connector;
        if (c == null) {
            synchronized (this) {
                if (connector == null) {
                    try {
                        connector = EpollTcpConnector.open();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                c = connector;
            }
        }
        return c;
    }

    @Override
    public void close() {
        TcpConnector c = connector;
        if (c != null) {
            c.close();
        }
    }
}
