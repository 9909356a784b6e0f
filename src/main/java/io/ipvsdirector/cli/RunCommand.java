package io.ipvsdirector.cli;

import io.ipvsdirector.config.DirectorConfig;
import io.ipvsdirector.director.ConfigWatcher;
import io.ipvsdirector.director.Director;
import io.ipvsdirector.director.Signals;
import io.ipvsdirector.config.ConfigLoader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/** Runs the director until SIGTERM or SIGINT; SIGHUP and edits of the file reload the configuration. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the director in the foreground.",
            "SIGHUP or a change of the file reloads the configuration; SIGTERM or SIGINT stops cleanly (exit 0)."})
public final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Option(names = "--dry-run", description = "Do everything but write to the kernel; log the writes instead.")
    boolean dryRun;

    @Option(names = "--watch-interval", paramLabel = "MILLIS", defaultValue = "1000",
            description = "How often the configuration file is checked for changes (default: ${DEFAULT-VALUE}).")
    long watchMillis;

    @Override
    public Integer call() throws Exception {
        try (ServiceNotifications systemd = ServiceNotifications.fromEnvironment()) {
            return run(systemd);
        }
    }

    private Integer run(ServiceNotifications systemd) throws Exception {
        Vertx vertx = io.ipvsdirector.director.DirectorVertx.create();
        byte[] content;
        DirectorConfig initial;
        try {
            content = Files.readAllBytes(config.file());
        } catch (java.io.IOException e) {
            spec.commandLine().getErr().println(config.file() + ": (file): cannot read: " + ConfigLoader.readError(e));
            spec.commandLine().getErr().flush();
            vertx.close();
            return Main.EXIT_CONFIG;
        }
        initial = CheckConfigCommand.awaitValid(ConfigLoader.load(vertx, config.file(), Buffer.buffer(content)), config, spec.commandLine().getErr());
        if (initial == null) {
            vertx.close();
            return Main.EXIT_CONFIG;
        }
        // Before anything starts: a SIGTERM during the start (the VIP may already be up) must still
        // stop cleanly, once the start is done, rather than end the JVM with the VIP left behind.
        CountDownLatch stop = new CountDownLatch(1);
        for (String signal : List.of("TERM", "INT")) {
            Signals.on(signal, () -> {
                LOG.info("SIG{} received: stopping", signal);
                stop.countDown();
            });
        }
        Director director = new Director(vertx, initial, dryRun);
        try {
            director.start().await();
        } catch (RuntimeException e) {
            // One line, then undo what did start (VIPs, probes, the kernel thread) and exit 1.
            LOG.error("cannot start: {}", e.getMessage() == null ? e.toString() : e.getMessage());
            try {
                director.stop().await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception stopError) {
                LOG.warn("stopping after the failed start: {}", stopError.toString());
            }
            vertx.close();
            return 1;
        }
        // The watcher's baseline is the content that was loaded: an edit made during the start is seen.
        ConfigWatcher watcher = new ConfigWatcher(vertx, config.file(), content, director::reload);
        watcher.start(watchMillis);
        watcher.onReload(err -> director.metrics().counter("config_reloads_total", "result", err == null ? "applied" : "failed").inc());
        watcher.onReload(systemd::reloaded);
        java.util.function.Function<String, io.vertx.core.Future<Void>> requested =
                reason -> systemd.reload(() -> watcher.reload(reason));
        io.ipvsdirector.admin.AdminServer admin = io.ipvsdirector.admin.AdminServer.start(vertx, director, requested::apply).await();

        systemd.started(director);
        LOG.info("running; SIGHUP reloads {}, SIGTERM stops", config.file());
        // A SIGHUP held since main (it arrived during the start) is applied now, once.
        Signals.onHangup(() -> requested.apply("SIGHUP"));
        stop.await();
        // The director first: its VIPs go to the peer by message within milliseconds; the rest can wait.
        Future<Void> stopped = director.stop();
        systemd.stopping();
        watcher.stop();
        stopped.await();
        admin.stop().await();
        vertx.close().await();
        LOG.info("stopped");
        return 0;
    }
}
