package io.ipvsdirector.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The ipvs-director command. Each subcommand is one class of this package. */
@Command(name = "ipvs-director",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "High-availability director for Linux IPVS: health checks, IPVS table, VIP failover.",
        subcommands = {
            RunCommand.class,
            CheckConfigCommand.class,
            ImportKeepalivedCommand.class,
            WitnessCommand.class,
            ProbeCommand.class,
            IpvsCommand.class,
            StatusCommand.class,
            ReloadCommand.class,
            DrainCommand.class,
            DrainCommand.Undrain.class,
            FailoverCommand.class,
            ReleaseVipsCommand.class,
            KeygenCommand.class,
            RealServerCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    /** Exit status for an invalid configuration, as keepalived -t uses a non-zero one. */
    public static final int EXIT_CONFIG = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("run")) {
            // First of all: the JVM's own SIGHUP action ends the process, and a reload may come at
            // any moment (a configuration manager's start-then-reload). Held until run can apply it.
            io.ipvsdirector.director.Signals.holdHangups();
        }
        // Vert.x and Hazelcast pick their logging back-end when their classes load: set it first.
        System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
        System.setProperty("hazelcast.logging.type", "slf4j");
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return new CommandLine(new Main()).setUsageHelpAutoWidth(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
