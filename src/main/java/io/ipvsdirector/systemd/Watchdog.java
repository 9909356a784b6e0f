package io.ipvsdirector.systemd;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * systemd's watchdog, petted from the daemon's own progress: WATCHDOG=1 goes out only while every
 * watched part (an event-loop context, the kernel thread) has answered a ping within half the
 * interval. A part that is stuck stops the petting, and systemd kills and restarts the director.
 * Its own thread, so that a blocked event loop cannot pet the watchdog on its behalf.
 */
public final class Watchdog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);

    private final ServiceManager manager;
    private final long intervalNanos;
    private final Heartbeats beats = new Heartbeats();
    private final java.util.Map<String, Supplier<CompletionStage<?>>> pings = new java.util.concurrent.ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private final java.util.function.LongSupplier clock;
    private volatile String reportedStale;

    /** {@code clock}: System.nanoTime, or a test's. */
    Watchdog(ServiceManager manager, Duration interval, java.util.function.LongSupplier clock) {
        this.manager = manager;
        this.intervalNanos = interval.toNanos();
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "systemd-watchdog");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts petting at once when systemd asked for a watchdog; else empty (nothing runs). */
    public static Optional<Watchdog> start(ServiceManager manager) {
        return manager.watchdog().map(interval -> {
            Watchdog w = new Watchdog(manager, interval, System::nanoTime);
            long period = Math.max(1, w.intervalNanos / 4);
            w.timer.scheduleAtFixedRate(w::tick, 0, period, TimeUnit.NANOSECONDS);
            return w;
        });
    }

    /** From now on, the watchdog is petted only while {@code ping} completes in time. */
    public void watch(String name, Supplier<CompletionStage<?>> ping) {
        beats.watch(name, clock.getAsLong());
        pings.put(name, ping);
    }

    /** One round: ping the parts that have no ping out, then pet the watchdog if all are fresh. */
    void tick() {
        try {
            pings.forEach((name, ping) -> {
                if (beats.pingDue(name)) {
                    ping.get().whenComplete((v, err) -> beats.answered(name, clock.getAsLong()));
                }
            });
            long now = clock.getAsLong();
            Optional<String> stale = beats.stale(now, intervalNanos / 2);
            if (stale.isEmpty()) {
                reportedStale = null;
                manager.send(NotifyMessage.watchdog());
            } else if (!stale.get().equals(reportedStale)) {
                reportedStale = stale.get();
                LOG.error("watchdog: {} has not answered for {} ms; systemd's watchdog is no longer petted and will restart the director",
                        stale.get(), TimeUnit.NANOSECONDS.toMillis(beats.age(stale.get(), now)));
            }
        } catch (RuntimeException e) {
            LOG.warn("watchdog tick: {}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
