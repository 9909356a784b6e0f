package io.ipvsdirector.cli;

import io.ipvsdirector.config.ConfigException;
import io.ipvsdirector.config.ConfigLoader;
import io.ipvsdirector.config.ConfigSummary;
import io.ipvsdirector.config.DirectorConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Validates a configuration without touching anything, as keepalived -t does. */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = {"Validate a configuration file and print a summary.",
            "Exit 0 when valid; exit 2 with one FILE: PATH: MESSAGE line per problem on stderr when not."})
public final class CheckConfigCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DirectorConfig c = loadValid(config, spec.commandLine().getErr());
        if (c == null) {
            return Main.EXIT_CONFIG;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(c.source() + ": valid");
        out.println("  " + ConfigSummary.counts(c));
        ConfigSummary.objectLines(c).forEach(l -> out.println("  " + l));
        out.flush();
        return 0;
    }

    /** Loads the file of {@code option} with a Vert.x of its own, or prints its problems to {@code err} and returns null. */
    static DirectorConfig loadValid(ConfigOption option, PrintWriter err) {
        // A one-shot command parses the file on the event loop and nothing else runs there, so a large
        // file taking seconds is no reason to warn about a blocked event loop.
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setMaxEventLoopExecuteTime(5).setMaxEventLoopExecuteTimeUnit(TimeUnit.MINUTES));
        try {
            return awaitValid(ConfigLoader.load(vertx, option.file()), option, err);
        } finally {
            vertx.close();
        }
    }

    /** Waits for a loaded configuration, or prints its problems to {@code err} and returns null. */
    static DirectorConfig awaitValid(Future<DirectorConfig> loading, ConfigOption option, PrintWriter err) {
        try {
            return loading.await();
        } catch (Exception e) {
            if (e instanceof ConfigException ce) {
                ce.lines().forEach(err::println);
            } else {
                err.println(option.file() + ": (file): " + e.getMessage());
            }
            err.flush();
            return null;
        }
    }
}
