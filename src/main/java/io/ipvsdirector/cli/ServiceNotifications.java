package io.ipvsdirector.cli;

import io.ipvsdirector.config.DirectorConfig;
import io.ipvsdirector.director.Director;
import io.ipvsdirector.systemd.ServiceManager;
import io.ipvsdirector.systemd.Watchdog;
import io.vertx.core.Future;
import java.util.Optional;

/**
 * What `run` tells systemd: READY=1 once started, STATUS= with the role and the counts (kept current
 * on role changes and reloads), RELOADING=1 ... READY=1 around a requested reload, STOPPING=1; and
 * the watchdog, petted while the director loop, the cluster node and the kernel thread answer.
 * Outside systemd all of it does nothing.
 */
final class ServiceNotifications implements AutoCloseable {
    private final ServiceManager manager;
    private final Optional<Watchdog> watchdog;
    private volatile Director director;
    private volatile String lastReload = "";

    private ServiceNotifications(ServiceManager manager) {
        this.manager = manager;
        this.watchdog = Watchdog.start(manager);
    }

    /** Starts the watchdog's petting now, before the (slow) start: until {@link #started}, only this JVM's liveness counts. */
    static ServiceNotifications fromEnvironment() {
        return new ServiceNotifications(ServiceManager.fromEnvironment());
    }

    /** The director has started: ready, and its event loops watched from now on. */
    void started(Director d) {
        this.director = d;
        watchdog.ifPresent(w -> {
            w.watch("the director loop", () -> d.loop().ping().toCompletionStage());
            w.watch("the cluster node", () -> d.cluster().livePeers().toCompletionStage());
            w.watch("the kernel thread", d::pingKernel);
        });
        d.cluster().onRoleChange(c -> manager.status(status()));
        manager.ready(status());
    }

    /** Wraps a reload the operator asked for (SIGHUP, systemctl reload, the admin API). */
    Future<Void> reload(java.util.function.Supplier<Future<Void>> reload) {
        manager.reloading("reloading; " + status());
        return reload.get().andThen(ar -> manager.ready(status()));
    }

    /** Every reload's outcome, the file watcher's too: the status shows the new counts, or the rejection. */
    void reloaded(Throwable error) {
        lastReload = error == null ? "" : "; the last reload was rejected, the previous configuration stays in force (see the journal)";
        manager.status(status());
    }

    void stopping() {
        watchdog.ifPresent(Watchdog::close);
        manager.stopping();
    }

    @Override
    public void close() {
        watchdog.ifPresent(Watchdog::close);
    }

    /** e.g. "ACTIVE; 1 VIP(s), 0 virtual server(s), 0 real server(s)". */
    String status() {
        Director d = director;
        if (d == null) {
            return "starting";
        }
        return text(d.cluster().self().role().name(), d.config()) + lastReload;
    }

    static String text(String role, DirectorConfig c) {
        return role + "; " + c.vips().size() + " VIP(s), " + c.virtualServers().size() + " virtual server(s), "
                + c.realServerCount() + " real server(s)";
    }
}
