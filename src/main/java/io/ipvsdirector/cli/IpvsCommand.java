package io.ipvsdirector.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The `ipvs` group: reading and programming the kernel's IPVS table. */
@Command(name = "ipvs", mixinStandardHelpOptions = true,
        description = "Read or program the kernel's IPVS table over the director's own netlink client.",
        subcommands = {IpvsListCommand.class, IpvsApplyCommand.class})
public final class IpvsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
