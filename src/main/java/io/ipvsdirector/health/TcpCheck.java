package io.ipvsdirector.health;

import io.ipvsdirector.config.CheckSpec;
import io.ipvsdirector.kernel.probe.SocketPath;
import io.ipvsdirector.kernel.probe.TcpConnector;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.Inet6Address;

/**
 * tcp: the connection is accepted; the socket is closed as soon as it is open. Probes connect
 * through the kernel layer's {@link TcpConnector}: a bare non-blocking connect and close, with the
 * check's source, interface and mark set on the socket. Measured against Vert.x's client, which
 * this replaced, it costs about half the CPU per probe (bench/README.md).
 */
final class TcpCheck implements Check {
    private final Vertx vertx;
    private final TcpConnector connector;

    TcpCheck(Vertx vertx, TcpConnector connector) {
        this.vertx = vertx;
        this.connector = connector;
    }

    @Override
    public Future<ProbeResult> probe(ProbeTarget target) {
        long start = System.nanoTime();
        CheckSpec spec = target.spec();
        long timeout = spec.timeout().toMillis();
        SocketPath path;
        try {
            path = new SocketPath(target.address() instanceof Inet6Address, spec.source(), spec.bindInterface(),
                    spec.fwmark().orElse(0));
        } catch (IllegalArgumentException e) {
            return Future.succeededFuture(ProbeResult.down("connect: " + e.getMessage(), start));
        }
        Context context = vertx.getOrCreateContext();
        Promise<ProbeResult> result = Promise.promise();
        long[] timer = {-1};
        TcpConnector.Attempt attempt = connector.connect(path, target.address(), target.port(), outcome ->
                context.runOnContext(v -> {
                    vertx.cancelTimer(timer[0]);
                    result.tryComplete(outcome.connected() ? ProbeResult.up("connected", start)
                            : ProbeResult.down(reason(outcome.failure()), start));
                }));
        // Set after the connect: an outcome known at once reaches the context later, and cancelling
        // a timer id of -1, or firing after the outcome (cancel() is then false), does nothing.
        timer[0] = vertx.setTimer(timeout, id -> {
            if (attempt.cancel()) {
                result.tryComplete(ProbeResult.down("connect timeout " + timeout + "ms", start));
            }
        });
        return result.future();
    }

    /** The words operators read for every socket check ("connect refused", as Failures says them). */
    static String reason(String failure) {
        return switch (failure) {
            case "Connection refused" -> "connect refused";
            case "No route to host" -> "connect: no route to host";
            default -> "connect: " + failure;
        };
    }
}
