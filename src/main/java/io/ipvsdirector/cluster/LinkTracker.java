package io.ipvsdirector.cluster;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An interface's link, read from /sys every 100 ms: down (administratively, or without carrier) or
 * missing is a failure.
 */
final class LinkTracker implements Tracker {
    private static final long PERIOD_MS = 100;

    private final Vertx vertx;
    private final String device;
    private long timer = -1;
    private Optional<String> last;

    LinkTracker(Vertx vertx, String device) {
        this.vertx = vertx;
        this.device = device;
    }

    @Override
    public String name() {
        return "interface " + device;
    }

    @Override
    public void start(Consumer<Optional<String>> report) {
        timer = vertx.setPeriodic(1, PERIOD_MS, id -> vertx.executeBlocking(this::state, false).onSuccess(state -> {
            if (!state.equals(last)) {
                last = state;
                report.accept(state);
            }
        }));
    }

    /** Empty when the link is up. */
    private Optional<String> state() {
        Path dir = Path.of("/sys/class/net", device);
        try {
            String oper = Files.readString(dir.resolve("operstate")).trim();
            if (oper.equals("up") || oper.equals("unknown")) {
                // "unknown": drivers without operstate (lo, some tunnels); the carrier decides.
                String carrier = Files.readString(dir.resolve("carrier")).trim();
                return carrier.equals("1") ? Optional.empty() : Optional.of("link of " + device + " has no carrier");
            }
            return Optional.of("link of " + device + " is " + oper);
        } catch (IOException e) {
            // carrier cannot be read while the interface is administratively down
            return Optional.of(Files.isDirectory(dir) ? "link of " + device + " is down" : "interface " + device + " is missing");
        }
    }

    @Override
    public void stop() {
        vertx.cancelTimer(timer);
    }
}
