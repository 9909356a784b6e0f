package io.ipvsdirector.cli;

import io.ipvsdirector.kernel.netlink.ModuleLoader;
import io.ipvsdirector.kernel.rtnl.RtnlAddressTable;
import io.ipvsdirector.kernel.rtnl.RtnlLinkTable;
import io.ipvsdirector.realserver.ProcSysctls;
import io.ipvsdirector.realserver.RealServerChanges;
import io.ipvsdirector.realserver.RealServerRecord;
import io.ipvsdirector.realserver.RealServerPlan.Placement;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Undoes `realserver setup`: its addresses go, the settings it changed get their earlier values back. */
@Command(name = "teardown", mixinStandardHelpOptions = true,
        description = "Undo `realserver setup`: remove the addresses it added (and the --vip given, with --mode), "
                + "restore the settings it changed to the values it recorded, set down the links it set up.")
public final class RealServerTeardownCommand implements Callable<Integer> {
    @Mixin
    RealServerOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!options.vips.isEmpty() && options.mode == null) {
            err.println("--vip needs --mode (dr or tun), to know where the address is");
            err.flush();
            return Main.EXIT_CONFIG;
        }
        RealServerChanges changes = null;
        try {
            Optional<RealServerRecord> record = RealServerRecord.load(options.stateFile);
            if (record.isEmpty()) {
                out.println("no record in " + options.stateFile + ": settings are left as they are");
            }
            List<Placement> named = options.mode == null ? List.of()
                    : RealServerChanges.placements(options.mode, options.vips);
            changes = new RealServerChanges(new ProcSysctls(), new RtnlAddressTable(), new RtnlLinkTable(),
                    ModuleLoader.modprobe(), record.orElse(RealServerRecord.empty()), out::println);
            changes.teardown(named);
            out.println(changes.changes() == 0 ? "no changes" : changes.changes() + " change(s)");
            return 0;
        } catch (IOException e) {
            err.println(e.getMessage());
            return KernelCommand.EXIT_KERNEL;
        } finally {
            if (changes != null) {
                try {
                    changes.record().save(options.stateFile);
                } catch (IOException e) {
                    err.println("cannot update " + options.stateFile + ": " + e.getMessage());
                }
            }
            out.flush();
            err.flush();
        }
    }
}
