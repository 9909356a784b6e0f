package io.ipvsdirector.health;

import io.ipvsdirector.config.CheckType;
import io.ipvsdirector.kernel.probe.ProbeLoop;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs one probe target on its schedule: the first probe at a random point within the interval
 * (so that a thousand targets loaded together do not fire together), then one every interval,
 * measured from the schedule and not from the previous probe's end, so that probes do not drift. A
 * probe is never started while the previous one of the same target still runs; that slot is skipped.
 * Everything but {@link #users} and {@link #snapshot} runs on the runner's {@link Lane}.
 */
final class ProbeRunner {
    /** Told about every result, on the runner's lane. */
    interface Listener {
        void onResult(ProbeRunner runner, ProbeResult result, Verdict previous, RiseFall.Step step);

        /** A failure that came too late to be the server's fault; it was not counted. */
        void onLate(ProbeRunner runner, ProbeResult result);
    }

    /** Slack past the timeout within which a check ends on its own (killing and reaping, closing). */
    private static final Duration SLACK = Duration.ofMillis(250);

    private final Lane lane;
    private final Runnable tick = this::tick;
    private final Check check;
    private final ProbeTarget target;
    private final Listener listener;
    private final ScheduleLateness lateness;
    private final long intervalNanos;
    private final Duration lateBound;
    private final RiseFall riseFall;
    private volatile List<RealServerRef> users;
    private volatile ServerVerdict snapshot;
    private long nextStart;
    private ProbeLoop.Timer timer;
    private boolean running;
    private boolean stopped;
    private long probes;

    ProbeRunner(Lane lane, Check check, ProbeTarget target, List<RealServerRef> users,
                Listener listener, ScheduleLateness lateness) {
        this.lane = lane;
        this.check = check;
        this.target = target;
        this.users = List.copyOf(users);
        this.listener = listener;
        this.lateness = lateness;
        this.intervalNanos = target.spec().interval().toNanos();
        Duration timeout = target.spec().timeout();
        this.lateBound = timeout.plus(timeout.dividedBy(2).compareTo(SLACK) > 0 ? timeout.dividedBy(2) : SLACK);
        boolean alwaysUp = target.spec().type() == CheckType.NONE;
        this.riseFall = new RiseFall(target.spec().rise(), target.spec().fall(), target.spec().initialUp() || alwaysUp);
        this.snapshot = new ServerVerdict(target, riseFall.verdict(), Optional.empty(), false, alwaysUp,
                alwaysUp ? "not checked (type none)" : "no probe yet", Duration.ZERO);
    }

    /** Schedules the first probe at a random point within the interval; a none check is never probed. */
    void start() {
        lane.execute(() -> {
            if (stopped || target.spec().type() == CheckType.NONE) {
                return;
            }
            long jitter = ThreadLocalRandom.current().nextLong(intervalNanos);
            nextStart = lane.now() + jitter;
            arm();
        });
    }

    /**
     * Stops the schedule; completes once no further probe can start. A probe in flight finishes on
     * its own (it is bounded by its timeout) and its result is dropped.
     */
    Future<Void> stop() {
        Promise<Void> stopped = Promise.promise();
        lane.execute(() -> {
            this.stopped = true;
            if (timer != null) {
                timer.cancel();
            }
            stopped.complete();
        });
        return stopped.future();
    }

    private void arm() {
        timer = lane.scheduleAt(nextStart, tick);
    }

    private void tick() {
        if (stopped) {
            return;
        }
        long now = lane.now();
        lateness.record(now - nextStart);
        nextStart += intervalNanos;
        if (nextStart < now) {
            // Far behind (a long GC pause, a suspended machine): skip the missed slots.
            nextStart = now + intervalNanos - ((now - nextStart) % intervalNanos);
        }
        arm();
        if (running) {
            return;
        }
        running = true;
        probes++;
        Verdict previous = riseFall.verdict();
        Future<ProbeResult> probe;
        try {
            probe = check.probe(target);
        } catch (RuntimeException e) {
            probe = Future.failedFuture(e);
        }
        probe.onComplete(ar -> {
            running = false;
            if (stopped) {
                return;
            }
            ProbeResult result = ar.succeeded() ? ar.result()
                    : new ProbeResult(false, "probe failed: " + ar.cause().getMessage(), Duration.ZERO, Optional.empty(), false);
            if (!result.up() && result.latency().compareTo(lateBound) > 0) {
                // Every check ends itself at its timeout; a failure reported much later means this
                // director's event loop was starved (CPU, GC pause), not that the server failed.
                // Counting it would take healthy servers out of the pool because the director is busy.
                listener.onLate(this, result);
                return;
            }
            RiseFall.Step step = riseFall.record(result);
            snapshot = new ServerVerdict(target, riseFall.verdict(), riseFall.weight(), riseFall.drain(),
                    snapshot.decided() || step.firstDecision(), result.reason(), result.latency());
            listener.onResult(this, result, previous, step);
        });
    }

    ProbeTarget target() {
        return target;
    }

    List<RealServerRef> users() {
        return users;
    }

    /** Replaces the pairs this probe decides for; its state and schedule stay. */
    void users(List<RealServerRef> next) {
        users = List.copyOf(next);
    }

    ServerVerdict snapshot() {
        return snapshot;
    }

    /** Runs {@code task} on this probe's lane, in order with its results. */
    void onLane(Runnable task) {
        lane.execute(task);
    }

    RiseFall riseFall() {
        return riseFall;
    }

    long probes() {
        return probes;
    }
}
