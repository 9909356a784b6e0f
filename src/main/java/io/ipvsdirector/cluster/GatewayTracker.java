package io.ipvsdirector.cluster;

import io.ipvsdirector.net.InetAddresses;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The gateway, pinged every second (ICMP echo; it needs CAP_NET_RAW). Three failures in a row are a
 * failure, two successes in a row a recovery, so that one lost packet moves nothing.
 */
final class GatewayTracker implements Tracker {
    static final int FALL = 3;
    static final int RISE = 2;
    private static final int TIMEOUT_MS = 900;

    private final Vertx vertx;
    private final InetAddress gateway;
    private final RiseFall state = new RiseFall(RISE, FALL, true);
    private long timer = -1;

    GatewayTracker(Vertx vertx, InetAddress gateway) {
        this.vertx = vertx;
        this.gateway = gateway;
    }

    @Override
    public String name() {
        return "gateway " + InetAddresses.toText(gateway);
    }

    @Override
    public void start(Consumer<Optional<String>> report) {
        timer = vertx.setPeriodic(1, 1000, id -> vertx.executeBlocking(this::reachable, false).onSuccess(ok -> {
            if (state.record(ok)) {
                report.accept(state.up() ? Optional.empty()
                        : Optional.of(name() + " does not answer (" + FALL + " pings of " + TIMEOUT_MS + " ms lost)"));
            }
        }));
    }

    private boolean reachable() {
        try {
            return gateway.isReachable(TIMEOUT_MS);
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void stop() {
        vertx.cancelTimer(timer);
    }
}
