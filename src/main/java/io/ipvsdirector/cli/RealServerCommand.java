package io.ipvsdirector.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The `realserver` group: what a DR or TUN real server needs, set up and torn down. */
@Command(name = "realserver", mixinStandardHelpOptions = true,
        description = {"Prepare this host as a DR or TUN real server, or undo it.",
            "Run on the real servers, not on the directors. See docs/forwarding-modes.md."},
        subcommands = {RealServerSetupCommand.class, RealServerTeardownCommand.class})
public final class RealServerCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
