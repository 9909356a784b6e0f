package io.ipvsdirector.cli;

import io.ipvsdirector.cluster.ClusterNode;
import io.ipvsdirector.config.ConfigLoader;
import io.ipvsdirector.config.DirectorConfig;
import io.ipvsdirector.director.Signals;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs the witness of a cluster: a third member, on the address in cluster.witness, that owns no
 * VIP, runs no check and touches no kernel table, so that a pair of directors has a majority.
 */
@Command(name = "witness", mixinStandardHelpOptions = true,
        description = {"Run as the witness of the cluster in the configuration (cluster.witness).",
            "The directors' own configuration file serves; the witness only joins and listens."})
public final class WitnessCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(WitnessCommand.class);

    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Option(names = "--name", defaultValue = "witness", description = "This member's name (default: ${DEFAULT-VALUE}).")
    String name;

    @Override
    public Integer call() throws Exception {
        Vertx vertx = io.ipvsdirector.director.DirectorVertx.create();
        DirectorConfig c = CheckConfigCommand.awaitValid(ConfigLoader.load(vertx, config.file()), config,
                spec.commandLine().getErr());
        if (c == null || c.cluster().witness().isEmpty()) {
            if (c != null) {
                spec.commandLine().getErr().println(config.file() + ": cluster.witness: is required to run a witness");
                spec.commandLine().getErr().flush();
            }
            vertx.close();
            return Main.EXIT_CONFIG;
        }
        // It votes in every group of the configuration, and tells each group which ACTIVE it sees there.
        List<String> groups = io.ipvsdirector.cluster.GroupPlan.units(c.vipGroups(), c.syncGroups(), List.of(),
                java.util.Optional.empty()).stream().map(io.ipvsdirector.cluster.GroupPlan.Unit::name).toList();
        ClusterNode node = ClusterNode.witness(vertx, name, c.cluster(), groups);
        node.start().await();
        CountDownLatch stop = new CountDownLatch(1);
        Signals.on("TERM", stop::countDown);
        Signals.on("INT", stop::countDown);
        stop.await();
        node.stop().await();
        vertx.close().await();
        LOG.info("witness stopped");
        return 0;
    }
}
