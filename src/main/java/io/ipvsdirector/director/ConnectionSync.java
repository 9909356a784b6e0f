package io.ipvsdirector.director;

import io.ipvsdirector.cluster.Role;
import io.ipvsdirector.config.SyncDaemonConfig;
import io.ipvsdirector.kernel.ipvs.IpvsTable;
import io.ipvsdirector.kernel.ipvs.SyncDaemon;
import io.ipvsdirector.reconcile.SyncDaemonPlan;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Switches the kernel's connection-sync daemon with the role: master while ACTIVE, backup otherwise,
 * so that the standby's IPVS connection table already holds the ACTIVE's connections when it takes
 * over; with several election groups (active/active), backup always and master as well while ACTIVE
 * for any group. Each switch reads the kernel's daemons on the kernel thread and applies a
 * {@link SyncDaemonPlan}; tasks run in submission order, so the latest role always wins. A failure
 * (the interface is missing, say) is logged once and retried every few seconds.
 */
final class ConnectionSync {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionSync.class);
    private static final long RETRY_MS = 5_000;

    private final Vertx vertx;
    private final Context context;
    private final KernelAccess kernel;
    /** The states this director started; touched on the kernel thread only. */
    private final Set<SyncDaemon.State> started = EnumSet.noneOf(SyncDaemon.State.class);
    private Optional<SyncDaemonConfig> config;
    private boolean active;
    /** Elected in several groups: the backup runs always, the master too while ACTIVE for any. */
    private final boolean activeActive;
    private boolean stopped;
    /** Whether a sync daemon was ever configured: a director that never had one never opens IPVS for it. */
    private boolean configured;
    private long retryTimer = -1;
    private String lastError;

    ConnectionSync(Vertx vertx, KernelAccess kernel, Optional<SyncDaemonConfig> config) {
        this(vertx, kernel, config, false);
    }

    ConnectionSync(Vertx vertx, KernelAccess kernel, Optional<SyncDaemonConfig> config, boolean activeActive) {
        this.activeActive = activeActive;
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.kernel = kernel;
        this.config = config;
    }

    /** Starts the backup daemon, if one is configured: a director is not ACTIVE before its cluster says so. */
    void start() {
        context.runOnContext(v -> apply());
    }

    /** STOPPING changes nothing: {@link #stop} follows at once and stops both daemons. */
    void role(Role role) {
        boolean nowActive = role == Role.ACTIVE;
        context.runOnContext(v -> {
            if (role != Role.STOPPING && active != nowActive) {
                active = nowActive;
                apply();
            }
        });
    }

    void reload(Optional<SyncDaemonConfig> next) {
        context.runOnContext(v -> {
            if (!config.equals(next)) {
                config = next;
                apply();
            }
        });
    }

    /** Stops the daemons this director runs; the kernel keeps the connections they synchronised. */
    Future<Void> stop() {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            stopped = true;
            config = Optional.empty();
            apply().onComplete(ar -> done.complete());
        });
        return done.future();
    }

    private Future<Void> apply() {
        if (retryTimer >= 0) {
            vertx.cancelTimer(retryTimer);
            retryTimer = -1;
        }
        configured |= config.isPresent();
        if (!configured) {
            return Future.succeededFuture();
        }
        Optional<SyncDaemonConfig> wanted = config;
        boolean asActive = active;
        return Future.fromCompletionStage(kernel.ipvs(t -> switchTo(t, wanted, asActive)), context)
                .<Void>map(v -> null)
                .onSuccess(v -> lastError = null)
                .onFailure(err -> {
                    Throwable cause = err.getCause() != null ? err.getCause() : err;
                    String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
                    if (!message.equals(lastError)) {
                        LOG.error("connection sync: {}; retrying every {} s", message, RETRY_MS / 1000);
                        lastError = message;
                    }
                    if (!stopped) {
                        retryTimer = vertx.setTimer(RETRY_MS, id -> {
                            retryTimer = -1;
                            apply();
                        });
                    }
                });
    }

    /** On the kernel thread: read, plan, stop, start. */
    private Void switchTo(IpvsTable table, Optional<SyncDaemonConfig> wanted, boolean asActive) throws Exception {
        List<SyncDaemon> running = table.syncDaemons();
        SyncDaemonPlan plan = SyncDaemonPlan.of(wanted, asActive, activeActive, running, started);
        for (SyncDaemon.State state : plan.stop()) {
            SyncDaemon was = running.stream().filter(d -> d.state() == state).findFirst().orElseThrow();
            table.stopSyncDaemon(state);
            started.remove(state);
            LOG.info("connection sync: stopped the {}", SyncDaemonPlan.describe(was));
        }
        for (SyncDaemon d : plan.start()) {
            try {
                table.startSyncDaemon(d);
            } catch (io.ipvsdirector.kernel.netlink.NetlinkException e) {
                throw new IllegalStateException("starting the " + SyncDaemonPlan.describe(d) + " failed: " + e.getMessage(), e);
            }
            started.add(d.state());
            LOG.info("connection sync: started the {} ({})", SyncDaemonPlan.describe(d), asActive ? "ACTIVE" : "not ACTIVE");
        }
        return null;
    }
}
