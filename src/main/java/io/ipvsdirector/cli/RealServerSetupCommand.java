package io.ipvsdirector.cli;

import io.ipvsdirector.kernel.netlink.ModuleLoader;
import io.ipvsdirector.kernel.rtnl.RtnlAddressTable;
import io.ipvsdirector.kernel.rtnl.RtnlLinkTable;
import io.ipvsdirector.realserver.DefaultRoutes;
import io.ipvsdirector.realserver.ProcSysctls;
import io.ipvsdirector.realserver.RealServerChanges;
import io.ipvsdirector.realserver.RealServerPlan;
import io.ipvsdirector.realserver.RealServerRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Prepares a DR or TUN real server: the VIPs on lo (DR) or the tunnel device (TUN), ARP settings so
 * that only the director answers for the VIPs, and for TUN no reverse-path filter on the tunnel.
 */
@Command(name = "setup", mixinStandardHelpOptions = true,
        description = "Prepare this host as a real server of a DR or TUN virtual server. Idempotent: prints each "
                + "setting and address, and what it changed; a second run changes nothing. The values it replaced are "
                + "recorded in the state file for `realserver teardown`.")
public final class RealServerSetupCommand implements Callable<Integer> {
    @Mixin
    RealServerOptions options;

    @Option(names = "--interface", paramLabel = "IF",
            description = "An interface facing the director, for the per-interface ARP settings (repeatable; "
                    + "default: the interfaces of the IPv4 default routes).")
    List<String> interfaces = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (options.mode == null) {
            err.println("--mode is required: dr or tun");
            err.flush();
            return Main.EXIT_CONFIG;
        }
        RealServerChanges changes = null;
        try {
            List<String> facing = interfaces.isEmpty() ? DefaultRoutes.interfaces() : interfaces;
            RealServerPlan plan = RealServerPlan.of(options.mode, options.vips, facing);
            RealServerRecord earlier = RealServerRecord.load(options.stateFile).orElse(RealServerRecord.empty());
            changes = new RealServerChanges(new ProcSysctls(), new RtnlAddressTable(), new RtnlLinkTable(),
                    ModuleLoader.modprobe(), earlier, out::println);
            changes.setup(plan);
            out.println(changes.changes() == 0 ? "no changes" : changes.changes() + " change(s)");
            return 0;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return Main.EXIT_CONFIG;
        } catch (IOException e) {
            err.println(e.getMessage());
            return KernelCommand.EXIT_KERNEL;
        } finally {
            save(changes, err);
            out.flush();
            err.flush();
        }
    }

    private void save(RealServerChanges changes, PrintWriter err) {
        if (changes == null) {
            return;
        }
        try {
            changes.record().save(options.stateFile);
        } catch (IOException e) {
            err.println("cannot write " + options.stateFile + ": " + e.getMessage()
                    + "; a teardown will not know the earlier values");
        }
    }
}
