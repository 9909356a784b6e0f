package io.ipvsdirector.cli;

import io.ipvsdirector.config.DirectorConfig;
import io.ipvsdirector.config.IpvsConfig;
import io.ipvsdirector.kernel.ipvs.Timeouts;
import io.ipvsdirector.kernel.netlink.NetlinkException;
import io.ipvsdirector.reconcile.DesiredTable;
import io.ipvsdirector.reconcile.OwnershipFile;
import io.ipvsdirector.reconcile.OwnershipStore;
import io.ipvsdirector.reconcile.ReconcileListener;
import io.ipvsdirector.reconcile.Reconciler;
import io.ipvsdirector.reconcile.Table;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * One reconcile of the kernel's table with the configuration: every virtual server with all its
 * real servers at their configured weights, no health checks. The product's `ipvsadm --restore`,
 * except that only the difference is applied and services the director does not own are left alone.
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Make the kernel's IPVS table match the configuration's virtual servers, every real server at "
                + "its configured weight (no health checks).",
            "Prints each operation in ipvsadm's words, or \"no changes\". Services the director does not own are "
                + "left alone (see docs/ipvs.md). Needs CAP_NET_ADMIN (root)."})
public final class IpvsApplyCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(names = "--dry-run", description = "Print the operations without applying them.")
    boolean dryRun;

    @Option(names = "--state-file", paramLabel = "FILE",
            description = "Where the owned services are recorded (default: the configuration's ipvs.state_file).")
    Path stateFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DirectorConfig c = CheckConfigCommand.loadValid(config, err);
        if (c == null) {
            return Main.EXIT_CONFIG;
        }
        Table desired = DesiredTable.from(c);
        // A dry run reads the record but never writes it (the reconciler saves nothing then).
        OwnershipStore ownership = new OwnershipFile(stateFile(c));
        ReconcileListener printer = new Printer(out, err);
        return KernelCommand.run(spec, client -> {
            int n = client.call(t -> {
                Reconciler reconciler = new Reconciler(t, ownership, printer);
                int count = reconciler.reconcile(desired, dryRun).operations().size();
                if (c.ipvs().hasTimeouts() && reconciler.reconcileTimeouts(DesiredTable.timeouts(c.ipvs()), dryRun).isPresent()) {
                    count++;
                }
                return count;
            });
            out.println(n == 0 ? "no changes"
                    : dryRun ? n + " operation(s) planned; dry run, nothing applied" : n + " operation(s) applied");
            out.flush();
            return 0;
        });
    }

    private Path stateFile(DirectorConfig c) {
        return stateFile != null ? stateFile : c.ipvs().stateFile();
    }

    /** Operations on stdout as they happen; refusals on stderr. */
    private record Printer(PrintWriter out, PrintWriter err) implements ReconcileListener {
        @Override
        public void planned(String operation) {
            out.println(operation);
        }

        @Override
        public void applied(String operation) {
            out.println(operation);
        }

        @Override
        public void refused(String operation, NetlinkException error) {
            err.println(operation + ": refused: " + error.errno().text());
        }

        @Override
        public void rereading(int round, int maxRounds, int refused) {
            err.println("the table changed underneath (" + refused + " operation(s) refused); reading it again (round "
                    + round + " of " + maxRounds + ")");
        }
    }
}
