package io.ipvsdirector.director;

import io.ipvsdirector.config.ConfigDiff;
import io.ipvsdirector.config.DirectorConfig;
import io.ipvsdirector.config.IpvsConfig;
import io.ipvsdirector.health.RealServerRef;
import io.ipvsdirector.health.Verdict;
import io.ipvsdirector.health.VerdictChange;
import io.ipvsdirector.kernel.ipvs.IpvsOperation;
import io.ipvsdirector.kernel.ipvs.IpvsSnapshot;
import io.ipvsdirector.kernel.ipvs.OperationResult;
import io.ipvsdirector.net.ServiceKey;
import io.ipvsdirector.notify.EventSink;
import io.ipvsdirector.reconcile.DirectorPolicy;
import io.ipvsdirector.reconcile.OwnershipStore;
import io.ipvsdirector.reconcile.PolicyPlan;
import io.ipvsdirector.reconcile.ReconcileListener;
import io.ipvsdirector.reconcile.Reconciler;
import io.ipvsdirector.reconcile.Table;
import io.ipvsdirector.reconcile.TableDiff;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the kernel's IPVS table equal to what the policy says, within milliseconds of each verdict.
 * A verdict changes only its services: their part of the desired table is compared with what the
 * director last knew of the kernel and the difference sent at once. Everything else (start, reload,
 * a refused operation, and every {@link #RESYNC_SECONDS} seconds) reads the whole table back and
 * reconciles it, which also repairs changes made behind the director's back. Runs on one context;
 * kernel work goes to the kernel thread; errors are logged and retried with backoff.
 */
public final class DirectorLoop {
    private static final Logger LOG = LoggerFactory.getLogger(DirectorLoop.class);
    static final long RESYNC_SECONDS = 30;
    private static final long DRAIN_POLL_MS = 1000;
    private static final long MAX_BACKOFF_MS = 30_000;

    private final Vertx vertx;
    private final Context context;
    private final KernelAccess kernel;
    private final DirectorPolicy policy;
    private final OwnershipStore ownership;
    private final ReconcileListener listener;
    private final EventSink events;
    private final LatencyRecorder verdictToKernel = new LatencyRecorder(4096);
    private final LatencyRecorder kernelRoundTrip = new LatencyRecorder(4096);
    private final Set<ServiceKey> pending = new HashSet<>();
    private Table known;
    private boolean full = true;
    private boolean busy;
    private long pendingSince = -1;
    private long backoffMs;
    private long wakeTimer = -1;
    private long drainTimer = -1;
    private String lastError;
    private volatile PolicyPlan plan;
    private volatile IpvsSnapshot snapshot;

    DirectorLoop(Vertx vertx, KernelAccess kernel, DirectorConfig config, OwnershipStore ownership, EventSink events) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.kernel = kernel;
        this.policy = new DirectorPolicy(config);
        this.ownership = ownership;
        this.events = events;
        this.listener = kernel.isDryRun() ? dryRunLog() : ReconcileListener.logging();
    }

    /** Reads the kernel's table, adopts what it finds, and from then on follows the verdicts. */
    Future<Void> start() {
        Promise<Void> started = Promise.promise();
        context.runOnContext(v -> {
            vertx.eventBus().<VerdictChange>localConsumer(VerdictChange.ADDRESS, m -> onVerdict(m.body()));
            vertx.setPeriodic(TimeUnit.SECONDS.toMillis(RESYNC_SECONDS), id -> request(null, -1));
            Future.fromCompletionStage(kernel.ipvs(t -> t.snapshot()), context).onComplete(ar -> {
                if (ar.succeeded()) {
                    snapshot = ar.result();
                    policy.adopt(ar.result());
                    LOG.info("ipvs: {} service(s) in the kernel at start; real servers found there keep their place"
                            + " until their checks decide", ar.result().services().size());
                } else {
                    error("reading the IPVS table", ar.cause());
                }
                request(null, -1);
                started.complete();
            });
        });
        return started.future();
    }

    /** A new configuration: its difference only; what left it drains. */
    void reload(DirectorConfig next, ConfigDiff diff) {
        context.runOnContext(v -> {
            policy.reload(next, diff, System.nanoTime());
            request(null, -1);
        });
    }

    /** The operator drains (or undrains) a real server; false when the director does not know it. */
    Future<Boolean> drain(ServiceKey service, io.ipvsdirector.config.RealServerConfig.Key server, boolean drain) {
        Promise<Boolean> done = Promise.promise();
        context.runOnContext(v -> {
            DirectorPolicy.ServerId id = new DirectorPolicy.ServerId(service, server);
            boolean known = drain ? policy.drain(id, System.nanoTime()) : policy.undrain(id);
            if (known) {
                request(Set.of(service), System.nanoTime());
            }
            done.complete(known);
        });
        return done.future();
    }

    /** Leaves the table (the default) or removes the director's services ({@code ipvs.on_stop: remove}). */
    Future<Void> stop(IpvsConfig ipvs) {
        if (ipvs.onStop() == IpvsConfig.OnStop.KEEP) {
            LOG.info("ipvs: leaving the table in place (ipvs.on_stop: keep): connections go on while the director is away");
            return Future.succeededFuture();
        }
        LOG.info("ipvs: removing the director's services (ipvs.on_stop: remove)");
        return Future.fromCompletionStage(kernel.ipvs(t -> new Reconciler(t, ownership, listener)
                .reconcile(Table.of(List.of()), false)), context).<Void>mapEmpty()
                .recover(err -> {
                    error("removing the director's services", err);
                    return Future.succeededFuture();
                });
    }

    /** The table the policy wants and why, and the kernel's counters as last read (either may be null early on). */
    public PolicyPlan plan() {
        return plan;
    }

    public IpvsSnapshot lastSnapshot() {
        return snapshot;
    }

    /** Microseconds from a verdict to the kernel's acknowledgement of its change, latest samples. */
    public LatencyRecorder verdictToKernel() {
        return verdictToKernel;
    }

    /** How long the kernel took over each batch: first send to last ACK, on the kernel thread. */
    public LatencyRecorder kernelRoundTrip() {
        return kernelRoundTrip;
    }

    private void onVerdict(VerdictChange change) {
        long now = System.nanoTime();
        Set<ServiceKey> services = new HashSet<>();
        for (RealServerRef ref : change.servers()) {
            DirectorPolicy.ServerId id = new DirectorPolicy.ServerId(ref.service(), ref.realServer());
            DirectorPolicy.Health h = new DirectorPolicy.Health(change.verdict() == Verdict.UP, true, change.weight(),
                    change.drain(), change.reason());
            if (policy.health(id, h, now)) {
                services.add(ref.service());
            }
            if (change.previous() != change.verdict()) {
                events.emit("realserver", ref.virtualServer() + "/" + ref.realServer(), change.verdictText(),
                        new JsonObject().put("service", ref.service().toString()).put("reason", change.reason())
                                .put("latency_ms", change.latency().toMillis()));
            }
        }
        if (!services.isEmpty()) {
            request(services, now);
        }
    }

    /** Asks for the table to follow the policy: for {@code services} only, or in full (null). */
    private void request(Set<ServiceKey> services, long since) {
        if (services == null) {
            full = true;
        } else {
            pending.addAll(services);
        }
        if (since >= 0 && pendingSince < 0) {
            pendingSince = since;
        }
        if (!busy) {
            run();
        }
    }

    private void run() {
        busy = true;
        long since = pendingSince;
        pendingSince = -1;
        boolean wholeTable = full || known == null;
        Set<ServiceKey> services = new HashSet<>(pending);
        full = false;
        pending.clear();
        PolicyPlan next = policy.plan(System.nanoTime());
        plan = next;
        policy.takeNotices().forEach(n -> {
            LOG.info("{}", n.message());
            events.emit(n.type(), n.subject(), n.state(), new JsonObject().put("message", n.message()));
        });
        Future<Void> work = wholeTable ? reconcileAll(next) : reconcileSome(next, services, since);
        work.onComplete(ar -> {
            busy = false;
            if (ar.failed()) {
                error("programming the IPVS table", ar.cause());
                full = true;
                vertx.setTimer(nextBackoff(), id -> request(null, -1));
            } else {
                backoffMs = 0;
                lastError = null;
            }
            schedule(next);
            if (full && ar.succeeded() || !pending.isEmpty()) {
                run();
            }
        });
    }

    private Future<Void> reconcileAll(PolicyPlan next) {
        return Future.fromCompletionStage(kernel.ipvs(t -> {
            new Reconciler(t, ownership, listener).reconcile(next.desired(), false);
            IpvsConfig ipvs = policy.config().ipvs();
            if (ipvs.hasTimeouts()) {
                new Reconciler(t, ownership, listener).reconcileTimeouts(io.ipvsdirector.reconcile.DesiredTable.timeouts(ipvs), false);
            }
            return t.snapshot();
        }), context).map(s -> {
            snapshot = s;
            policy.kernel(s);
            known = next.desired();
            return null;
        });
    }

    /** Sends only the difference for {@code services}, from what the director last knew of them. */
    private Future<Void> reconcileSome(PolicyPlan next, Set<ServiceKey> services, long since) {
        Table want = restrict(next.desired(), services);
        Table have = restrict(known, services);
        List<IpvsOperation> ops = TableDiff.operations(want, have, services);
        if (ops.isEmpty()) {
            return Future.succeededFuture();
        }
        return Future.fromCompletionStage(kernel.ipvs(t -> {
            long sent = System.nanoTime();
            List<OperationResult> results = t.apply(ops);
            // Timed here, on the kernel thread, so the hop back to the event loop is not counted.
            long acked = System.nanoTime();
            kernelRoundTrip.record(TimeUnit.NANOSECONDS.toMicros(acked - sent));
            if (since >= 0) {
                verdictToKernel.record(TimeUnit.NANOSECONDS.toMicros(acked - since));
            }
            return results;
        }), context).compose(results -> {
            List<OperationResult> refused = new ArrayList<>();
            for (OperationResult r : results) {
                if (r.ok()) {
                    listener.applied(r.operation().ipvsadm());
                } else {
                    refused.add(r);
                    listener.refused(r.operation().ipvsadm(), r.error().get());
                }
            }
            if (!refused.isEmpty()) {
                // What the director knew was wrong: read everything back and start from the kernel.
                full = true;
                return Future.succeededFuture();
            }
            Map<ServiceKey, Table.Entry> merged = new LinkedHashMap<>(known.services());
            services.forEach(merged::remove);
            merged.putAll(want.services());
            known = new Table(merged);
            return Future.succeededFuture();
        });
    }

    private static Table restrict(Table table, Set<ServiceKey> services) {
        Map<ServiceKey, Table.Entry> out = new LinkedHashMap<>();
        table.services().forEach((key, entry) -> {
            if (services.contains(key)) {
                out.put(key, entry);
            }
        });
        return new Table(out);
    }

    /** The next slow-start step or drain deadline, and counter refreshes while draining. */
    private void schedule(PolicyPlan next) {
        if (wakeTimer >= 0) {
            vertx.cancelTimer(wakeTimer);
            wakeTimer = -1;
        }
        if (next.wakeAtNanos() != Long.MAX_VALUE) {
            long ms = Math.max(1, TimeUnit.NANOSECONDS.toMillis(next.wakeAtNanos() - System.nanoTime()) + 1);
            wakeTimer = vertx.setTimer(ms, id -> {
                wakeTimer = -1;
                request(policy.config().virtualServers().stream().map(vs -> vs.key()).collect(java.util.stream.Collectors.toSet()),
                        -1);
            });
        }
        if (policy.draining() && drainTimer < 0) {
            drainTimer = vertx.setTimer(DRAIN_POLL_MS, id -> {
                drainTimer = -1;
                Future.fromCompletionStage(kernel.ipvs(t -> t.snapshot()), context).onSuccess(s -> {
                    snapshot = s;
                    policy.kernel(s);
                    request(null, -1);
                });
            });
        }
    }

    private long nextBackoff() {
        backoffMs = backoffMs == 0 ? 1000 : Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        return backoffMs;
    }

    private void error(String what, Throwable err) {
        Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err;
        String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        if (!message.equals(lastError)) {
            LOG.error("ipvs: {} failed: {}; retrying", what, message);
            lastError = message;
        }
    }

    private static ReconcileListener dryRunLog() {
        ReconcileListener log = ReconcileListener.logging();
        return new ReconcileListener() {
            @Override
            public void planned(String operation) {
                log.planned(operation);
            }

            @Override
            public void applied(String operation) {
                log.planned(operation);
            }

            @Override
            public void refused(String operation, io.ipvsdirector.kernel.netlink.NetlinkException error) {
                log.refused(operation, error);
            }

            @Override
            public void rereading(int round, int maxRounds, int refused) {
                log.rereading(round, maxRounds, refused);
            }
        };
    }
}
