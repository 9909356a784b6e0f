package io.ipvsdirector.health;

import io.ipvsdirector.config.CheckSpec;
import io.ipvsdirector.kernel.probe.ProbeLoop;
import io.ipvsdirector.kernel.probe.SocketPath;
import io.ipvsdirector.kernel.probe.TcpConnector;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.net.Inet6Address;
import java.util.function.Consumer;

/**
 * tcp: the connection is accepted; the socket is closed as soon as it is open. Probes connect
 * through the kernel layer's {@link TcpConnector}: a bare non-blocking connect and close, with the
 * check's source, interface and mark set on the socket. They run on the connector's probe loop, so
 * the schedule, the connect, the deadline and the result all stay on one thread (bench/README.md
 * measures what each step saved).
 */
final class TcpCheck implements Check {
    private final ProbeLoop loop;
    private final TcpConnector connector;

    TcpCheck(ProbeLoop loop, TcpConnector connector) {
        this.loop = loop;
        this.connector = connector;
    }

    @Override
    public boolean onProbeLoop(ProbeTarget target) {
        return true;
    }

    @Override
    public Future<ProbeResult> probe(ProbeTarget target) {
        if (!loop.inLoop()) {
            Promise<ProbeResult> result = Promise.promise();
            loop.execute(() -> probe(target).onComplete(result));
            return result.future();
        }
        long start = loop.now();
        CheckSpec spec = target.spec();
        SocketPath path;
        try {
            path = new SocketPath(target.address() instanceof Inet6Address, spec.source(), spec.bindInterface(),
                    spec.fwmark().orElse(0));
        } catch (IllegalArgumentException e) {
            return Future.succeededFuture(ProbeResult.down("connect: " + e.getMessage(), start));
        }
        Probe probe = new Probe(loop, start, spec.timeout().toMillis());
        probe.attempt = connector.connect(path, target.address(), target.port(), probe);
        if (!probe.result.future().isComplete()) {
            probe.deadline = loop.scheduleAt(start + spec.timeout().toNanos(), probe);
        }
        return probe.result.future();
    }

    /** One probe on the loop: the connect's outcome ({@link #accept}) or its deadline ({@link #run}), whichever is first. */
    private static final class Probe implements Consumer<TcpConnector.Outcome>, Runnable {
        final Promise<ProbeResult> result = Promise.promise();
        final ProbeLoop loop;
        final long start;
        final long timeoutMillis;
        TcpConnector.Attempt attempt;
        ProbeLoop.Timer deadline;

        Probe(ProbeLoop loop, long start, long timeoutMillis) {
            this.loop = loop;
            this.start = start;
            this.timeoutMillis = timeoutMillis;
        }

        @Override
        public void accept(TcpConnector.Outcome outcome) {
            if (deadline != null) {
                deadline.cancel();
            }
            result.tryComplete(outcome.connected() ? ProbeResult.of(true, "connected", start, loop.now())
                    : ProbeResult.of(false, reason(outcome.failure()), start, loop.now()));
        }

        @Override
        public void run() {
            if (attempt.cancel()) {
                result.tryComplete(ProbeResult.of(false, "connect timeout " + timeoutMillis + "ms", start, loop.now()));
            }
        }
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
