package io.ipvsdirector.cli;

import io.ipvsdirector.config.DirectorConfig;
import io.ipvsdirector.config.VipConfig;
import io.ipvsdirector.kernel.netlink.KernelThread;
import io.ipvsdirector.kernel.rtnl.AddressTable;
import io.ipvsdirector.kernel.rtnl.RtnlAddressTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Removes this host's configured VIPs, for when the director is not running. A director killed by
 * SIGKILL or the kernel's OOM killer cannot release its VIPs; once its peer has taken them over,
 * both hosts would answer ARP for them. The systemd unit runs this after every stop of the daemon.
 */
@Command(name = "release-vips", mixinStandardHelpOptions = true,
        description = {"Remove the configuration's VIPs from this host's interfaces.",
            "For use when the director is not running (the systemd unit runs it after the daemon exits):",
            "a running ACTIVE director would lose its VIPs.",
            "Exit 0 when none is left; 1 when one could not be removed; 2 for an invalid configuration."})
public final class ReleaseVipsCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    /** The kernel's addresses; a test may substitute another table. */
    Supplier<AddressTable> addresses = RtnlAddressTable::new;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DirectorConfig c = CheckConfigCommand.loadValid(config, err);
        if (c == null) {
            return Main.EXIT_CONFIG;
        }
        int removed = 0;
        int failed = 0;
        try (KernelThread kernel = new KernelThread("kernel")) {
            // The table is made on the kernel thread: its netlink socket belongs to that thread.
            AddressTable table = kernel.call(() -> addresses.get());
            for (VipConfig vip : c.vips()) {
                try {
                    if (kernel.call(() -> table.remove(vip.interfaceName(), vip.address()))) {
                        out.println("removed " + vip.address() + " from " + vip.interfaceName());
                        removed++;
                    }
                } catch (IOException e) {
                    // The table's messages name the address, the interface and what is missing.
                    err.println(e.getMessage());
                    failed++;
                } catch (RuntimeException e) {
                    err.println("remove " + vip.address() + " from " + vip.interfaceName() + ": " + e);
                    failed++;
                } catch (LinkageError e) {
                    // jnr-ffi could not load its native stub (for instance from a noexec java.io.tmpdir).
                    err.println("cannot load the native netlink binding: " + e.getMessage());
                    failed++;
                    break;
                }
            }
        }
        if (failed == 0) {
            out.println(removed == 0 ? "no VIP of " + c.source() + " was on this host" : removed + " VIP(s) removed");
        }
        out.flush();
        err.flush();
        return failed == 0 ? 0 : KernelCommand.EXIT_KERNEL;
    }
}
