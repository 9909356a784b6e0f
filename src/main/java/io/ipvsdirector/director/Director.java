package io.ipvsdirector.director;

import io.ipvsdirector.config.ConfigDiff;
import io.ipvsdirector.config.ConfigSummary;
import io.ipvsdirector.config.DirectorConfig;
import io.ipvsdirector.health.HealthService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
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
    private volatile DirectorConfig config;
    private volatile HealthService health;

    public Director(Vertx vertx, DirectorConfig config, boolean dryRun) {
        this.vertx = vertx;
        this.config = config;
        this.dryRun = dryRun;
    }

    public Future<Void> start() {
        LOG.info("starting with {}{}", config.source(), dryRun ? " (dry run: no kernel writes)" : "");
        ConfigSummary.objectLines(config).forEach(LOG::info);
        LOG.info("loaded {}", ConfigSummary.counts(config));
        return HealthService.start(vertx).map(h -> {
            health = h;
            h.apply(config);
            return null;
        });
    }

    /** Applies a new, already validated configuration: only what the diff names changes. */
    public Future<Void> reload(DirectorConfig next) {
        ConfigDiff diff = ConfigDiff.between(config, next);
        if (diff.isEmpty()) {
            LOG.info("reload: no change");
        } else {
            diff.lines().forEach(line -> LOG.info("reload: {}", line));
        }
        config = next;
        if (health != null) {
            // Unchanged probes keep their state and schedule; changed ones restart.
            health.apply(next);
        }
        return Future.succeededFuture();
    }

    public Future<Void> stop() {
        LOG.info("stopping");
        return health == null ? Future.succeededFuture() : health.stop();
    }

    /** The health checks: current verdicts, and events on the bus (null before start). */
    public HealthService health() {
        return health;
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
