package io.ipvsdirector.health;

import io.ipvsdirector.config.DirectorConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the health checks of a configuration: one {@link ProbeRunner} per distinct probe target.
 * tcp and plain http probes run on the probe loop (the thread that watches their sockets); the
 * other checks are spread over a few event-loop contexts ({@link Lane}s). Each verdict change is
 * published once on the event bus ({@link VerdictChange#ADDRESS}) and logged once per (virtual
 * server, real server) it decides for. {@link #apply} takes a new configuration: probes whose
 * target and spec did not change keep their state and schedule, changed ones restart, removed ones
 * stop and new ones start.
 */
public final class HealthService {
    private static final Logger LOG = LoggerFactory.getLogger(HealthService.class);

    private final Vertx vertx;
    private final Checks checks;
    private final List<Lane> lanes;
    private final Lane probeLoop;
    private final Map<ProbeTarget, ProbeRunner> runners = new ConcurrentHashMap<>();
    private final ScheduleLateness lateness = new ScheduleLateness();
    private final VerdictLog verdictLog = new VerdictLog(LOG);
    private volatile ProbePlan plan = new ProbePlan(Map.of());
    private final LateResults lateResults = new LateResults(LOG);
    private final List<java.util.function.BiConsumer<ProbeTarget, ProbeResult>> resultListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    private HealthService(Vertx vertx, List<Context> contexts) {
        this.vertx = vertx;
        this.lanes = contexts.stream().map(c -> Lane.of(vertx, c)).toList();
        this.checks = new Checks(vertx);
        this.probeLoop = Lane.of(checks.probeLoop());
    }

    /** A started, empty service whose probes run on {@code laneCount} event-loop contexts. */
    public static Future<HealthService> start(Vertx vertx, int laneCount) {
        VerdictChangeCodec.register(vertx);
        List<Future<Context>> deployed = new ArrayList<>();
        for (int i = 0; i < laneCount; i++) {
            LaneVerticle lane = new LaneVerticle();
            deployed.add(vertx.deployVerticle(lane).map(id -> lane.context()));
        }
        return Future.all(deployed).map(all -> new HealthService(vertx, all.list()));
    }

    /** Lanes as many as cores: probes are I/O-bound, and two lanes keep one slow lane from delaying all. */
    public static Future<HealthService> start(Vertx vertx) {
        return start(vertx, Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
    }

    /** A verticle only for its event-loop context. */
    private static final class LaneVerticle extends VerticleBase {
        Context context() {
            return context;
        }
    }

    /** Makes the running probes those of {@code config}. Call from one thread at a time. */
    public synchronized void apply(DirectorConfig config) {
        ProbePlan plan = ProbePlan.of(config);
        this.plan = plan;
        int started = 0;
        int kept = 0;
        int stopped = 0;
        Map<ProbeTarget, ProbeRunner> before = new HashMap<>(runners);
        for (Map.Entry<ProbeTarget, List<RealServerRef>> probe : plan.probes().entrySet()) {
            ProbeRunner runner = before.remove(probe.getKey());
            if (runner != null) {
                List<RealServerRef> known = runner.users();
                List<RealServerRef> added = probe.getValue().stream().filter(u -> !known.contains(u)).toList();
                runner.users(probe.getValue());
                announce(runner, added);
                kept++;
            } else {
                Check check = checks.of(probe.getKey().spec().type());
                runner = new ProbeRunner(laneOf(probe.getKey(), check), check, probe.getKey(), probe.getValue(),
                        listener, lateness);
                runners.put(probe.getKey(), runner);
                runner.start();
                announce(runner, probe.getValue());
                started++;
            }
        }
        for (ProbeRunner gone : before.values()) {
            runners.remove(gone.target());
            gone.stop();
            stopped++;
        }
        LOG.info("health: {} probe(s) for {} real server(s): {} started, {} kept, {} stopped",
                plan.probes().size(), plan.realServers(), started, kept, stopped);
    }

    /**
     * Tells the event bus the state of a probe for pairs that never heard it: pairs of a new probe
     * that starts UP (`type: none`, `initial: up`), and pairs a reload adds to a probe that already
     * decided (a shared check). Their state will not change on its own, so no other event would
     * say it. Published on the probe's lane, so it is ordered with the probe's own changes.
     */
    private void announce(ProbeRunner runner, List<RealServerRef> users) {
        if (users.isEmpty()) {
            return;
        }
        runner.onLane(() -> {
            ServerVerdict now = runner.snapshot();
            if (now.decided() || now.verdict() == Verdict.UP) {
                vertx.eventBus().publish(VerdictChange.ADDRESS, new VerdictChange(runner.target(), users, now.verdict(),
                        now.verdict(), now.weight(), now.drain(), now.reason(), now.latency()));
            }
        });
    }

    private Lane laneOf(ProbeTarget target, Check check) {
        return check.onProbeLoop(target) ? probeLoop : lanes.get(Math.floorMod(target.hashCode(), lanes.size()));
    }

    private final ProbeRunner.Listener listener = new ProbeRunner.Listener() {
        @Override
        public void onResult(ProbeRunner runner, ProbeResult result, Verdict previous, RiseFall.Step step) {
            HealthService.this.onResult(runner, result, previous, step);
        }

        @Override
        public void onLate(ProbeRunner runner, ProbeResult result) {
            lateResults.record(runner.target(), result);
        }
    };

    /** Hears every counted probe result (for the metrics), on the probe's lane; must not block. */
    public void onProbeResult(java.util.function.BiConsumer<ProbeTarget, ProbeResult> listener) {
        resultListeners.add(listener);
    }

    private void onResult(ProbeRunner runner, ProbeResult result, Verdict previous, RiseFall.Step step) {
        resultListeners.forEach(l -> l.accept(runner.target(), result));
        List<RealServerRef> users = runner.users();
        if (step.changed()) {
            RiseFall state = runner.riseFall();
            VerdictChange change = new VerdictChange(runner.target(), users, previous, state.verdict(),
                    state.weight(), state.drain(), result.reason(), result.latency());
            verdictLog.change(change);
            vertx.eventBus().publish(VerdictChange.ADDRESS, change);
        } else if (step.firstDecision()) {
            // A new target confirmed in its initial state: the operator learns why a server that
            // never came up is down, and the director loop learns that the verdict is now decided
            // (a server it found in the kernel at start keeps its place only until then).
            RiseFall state = runner.riseFall();
            verdictLog.confirmed(users, state.verdict(), result.reason());
            vertx.eventBus().publish(VerdictChange.ADDRESS, new VerdictChange(runner.target(), users, previous,
                    state.verdict(), state.weight(), state.drain(), result.reason(), result.latency()));
        }
    }

    /** The current verdict of every (virtual server, real server) pair, in configuration order. */
    public Map<RealServerRef, ServerVerdict> verdicts() {
        Map<RealServerRef, ServerVerdict> out = new LinkedHashMap<>();
        plan.probes().forEach((target, users) -> {
            ProbeRunner runner = runners.get(target);
            if (runner != null) {
                ServerVerdict verdict = runner.snapshot();
                users.forEach(user -> out.put(user, verdict));
            }
        });
        return out;
    }

    /** How late probe starts were against their schedule since the last reset. */
    public ScheduleLateness lateness() {
        return lateness;
    }

    /** Failed results not counted because they came too late to be the server's fault, since start. */
    public long lateResults() {
        return lateResults.total();
    }

    public int probeCount() {
        return runners.size();
    }

    /** Stops every probe and releases the shared clients. */
    public synchronized Future<Void> stop() {
        List<Future<Void>> stopping = runners.values().stream().map(ProbeRunner::stop).toList();
        runners.clear();
        plan = new ProbePlan(Map.of());
        // The clients close only when no runner can start another probe with them.
        return Future.join(stopping).transform(ar -> {
            checks.close();
            return Future.<Void>succeededFuture();
        });
    }
}
