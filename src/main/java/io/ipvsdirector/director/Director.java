package io.ipvsdirector.director;

import io.ipvsdirector.config.ConfigDiff;
import io.ipvsdirector.config.ConfigSummary;
import io.ipvsdirector.config.DirectorConfig;
import io.ipvsdirector.cluster.ClusterNode;
import io.ipvsdirector.cluster.Role;
import io.ipvsdirector.notify.Notifier;
import io.ipvsdirector.reconcile.OwnershipFile;
import io.ipvsdirector.reconcile.OwnershipStore;
import io.ipvsdirector.vip.VipGroups;
import io.vertx.core.json.JsonObject;
import io.ipvsdirector.health.HealthService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running director: owns the current configuration and, through the other packages, everything
 * that follows from it. Its methods run on the Vert.x event loop.
 */
public final class Director {
    private static final Logger LOG = LoggerFactory.getLogger(Director.class);

    private final Vertx vertx;
    private final boolean dryRun;
    private final KernelAccess kernel;
    private volatile DirectorConfig config;
    private VipGroups vips;
    private ClusterNode cluster;
    private Notifier notifier;
    private DirectorLoop loop;
    private ConnectionSync sync;
    private boolean loopStarted;
    private volatile HealthService health;
    private final io.ipvsdirector.metrics.DirectorMetrics metrics = new io.ipvsdirector.metrics.DirectorMetrics();

    public Director(Vertx vertx, DirectorConfig config, boolean dryRun) {
        this.vertx = vertx;
        this.config = config;
        this.dryRun = dryRun;
        this.kernel = dryRun ? KernelAccess.dryRun() : KernelAccess.real();
    }

    public Future<Void> start() {
        LOG.info("starting with {}{}", config.source(), dryRun ? " (dry run: no kernel writes)" : "");
        ConfigSummary.objectLines(config).forEach(LOG::info);
        LOG.info("loaded {}", ConfigSummary.counts(config));
        kernel.warmUp();
        notifier = new Notifier(config.notifications(), config.node().name());
        vips = new VipGroups(vertx, config.vipGroups(), kernel.addresses(), kernel.announcer(), kernel.thread(), notifier);
        cluster = new ClusterNode(vertx, config.node().name(), config.cluster(), ElectionGroups.of(config, vips));
        cluster.onRoleChange(c -> notifier.emit("role", c.state().name(), c.state().role().name(), new JsonObject()
                .put("previous", c.previous().name()).put("epoch", c.state().epoch())
                .put("priority", c.state().priority()).put("reason", c.reason()).put("group", c.group())));
        sync = new ConnectionSync(vertx, kernel, config.syncDaemon(), cluster.groups().size() > 1);
        // Master while ACTIVE for any group: a connection survives whichever way its group moves.
        cluster.onRoleChange(c -> sync.role(cluster.groupStates().values().stream().anyMatch(n -> n.role() == Role.ACTIVE)
                ? Role.ACTIVE : c.state().role()));
        sync.start();
        cluster.onElection((group, active) -> notifier.emit("election", active.name(), "ACTIVE", new JsonObject()
                .put("epoch", active.epoch()).put("priority", active.priority()).put("reason", active.reason())
                .put("group", group)));
        // Both roles run every check and keep the IPVS table: a standby is hot, so a failover is only
        // the VIP move. The loop listens before the checks start, so that no verdict is missed.
        OwnershipStore ownership = dryRun ? OwnershipStore.inMemory() : new OwnershipFile(config.ipvs().stateFile());
        loop = new DirectorLoop(vertx, kernel, config, ownership, notifier);
        DirectorInstruments.attach(metrics, vertx, cluster, vips, loop);
        loopStarted = !config.virtualServers().isEmpty() || !ownership.load().isEmpty();
        if (!loopStarted) {
            LOG.info("no virtual servers: the IPVS table is not used (a VIP-only director)");
        }
        Future<Void> ipvs = loopStarted ? loop.start() : Future.succeededFuture();
        return ipvs.compose(v -> checkForwarding(config)).compose(v -> HealthService.start(vertx)).compose(h -> {
            health = h;
            DirectorInstruments.health(metrics, h);
            h.apply(config);
            return cluster.start();
        }).andThen(ar -> ElectionGroups.track(vertx, cluster, config));
    }

    /**
     * Forwarding on for NAT, and a warning when netfilter rules expect IPVS conntrack: blocking file
     * and process I/O, off the event loop. After the IPVS loop started, so that ip_vs (and its
     * sysctls) is loaded. Only ever logs; it never stops the director.
     */
    private Future<Void> checkForwarding(DirectorConfig c) {
        if (!loopStarted) {
            return Future.succeededFuture();
        }
        ForwardingPrerequisites check = new ForwardingPrerequisites(new io.ipvsdirector.realserver.ProcSysctls(),
                NetfilterText::read, dryRun);
        return vertx.executeBlocking(() -> check.check(c)).<Void>mapEmpty().otherwiseEmpty();
    }

    /** Completes when the kernel thread runs a no-op: it is not stuck in a kernel call (the watchdog asks). */
    public java.util.concurrent.CompletionStage<Void> pingKernel() {
        return kernel.thread().submit(() -> null);
    }

    /** This director's cluster node: its role, epoch and peers. */
    public ClusterNode cluster() {
        return cluster;
    }

    /** Applies a new, already validated configuration: only what the diff names changes. */
    public Future<Void> reload(DirectorConfig next) {
        ConfigDiff diff = ConfigDiff.between(config, next);
        if (diff.isEmpty()) {
            LOG.info("reload: no change");
        } else {
            diff.lines().forEach(line -> LOG.info("reload: {}", line));
        }
        for (String section : List.of("node", "cluster", "admin")) {
            if (diff.sectionsChanged().contains(section)) {
                LOG.warn("reload: changes to {} take effect when the director restarts", section);
            }
        }
        config = next;
        notifier.emit("reload", next.source(), diff.isEmpty() ? "unchanged" : "applied",
                new JsonObject().put("changes", new io.vertx.core.json.JsonArray(diff.lines())));
        if (!loopStarted && !next.virtualServers().isEmpty()) {
            loopStarted = true;
            loop.start();
        }
        loop.reload(next, diff);
        checkForwarding(next);
        sync.reload(next.syncDaemon());
        if (cluster != null) {
            cluster.reloadKeys(next.cluster());
        }
        if (health != null) {
            // Unchanged probes keep their state and schedule; changed ones restart.
            health.apply(next);
            DirectorInstruments.reloaded(metrics, io.ipvsdirector.health.ProbePlan.of(next));
        }
        return vips.update(next.vipGroups());
    }

    public Future<Void> stop() {
        LOG.info("stopping");
        Future<Void> left = cluster == null ? Future.succeededFuture() : cluster.stop();
        return left.compose(v -> sync == null ? Future.succeededFuture() : sync.stop())
                .compose(v -> health == null ? Future.succeededFuture() : health.stop())
                .compose(v -> loopStarted ? loop.stop(config.ipvs()) : Future.succeededFuture()).andThen(ar -> {
            kernel.close();
            metrics.close();
            if (notifier != null) {
                notifier.close();
            }
        });
    }

    /** The IPVS side: the desired table, its reasons, the kernel's counters, verdict-to-kernel latency. */
    public DirectorLoop loop() {
        return loop;
    }

    /** The health checks: current verdicts, and events on the bus (null before start). */
    public HealthService health() {
        return health;
    }

    /** The director's metrics (served by the admin API and over JMX). */
    public io.ipvsdirector.metrics.DirectorMetrics metrics() {
        return metrics;
    }

    /** The VIPs of each group and whether this director holds them (null before start). */
    public VipGroups vips() {
        return vips;
    }

    /**
     * The operator drains (true) or undrains a real server of a virtual server; completes with false
     * when there is nothing to do (no IPVS table, an unknown server, an undrain of a server the
     * operator did not drain).
     */
    public Future<Boolean> drain(io.ipvsdirector.net.ServiceKey service, io.ipvsdirector.config.RealServerConfig.Key server,
                                 boolean drain) {
        if (!loopStarted) {
            return Future.succeededFuture(false);
        }
        return loop.drain(service, server, drain);
    }

    public DirectorConfig config() {
        return config;
    }

    public boolean dryRun() {
        return dryRun;
    }

    Vertx vertx() {
        return vertx;
    }
}
