package io.ipvsdirector.cli;

import io.ipvsdirector.kernel.ipvs.IpvsInfo;
import io.ipvsdirector.kernel.ipvs.IpvsSnapshot;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints the kernel's IPVS table, read through the director's own netlink client. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"Print the kernel's IPVS table, laid out like ipvsadm -Ln.",
            "Needs CAP_NET_ADMIN (root), as ipvsadm does."})
public final class IpvsListCommand implements Callable<Integer> {
    @Option(names = "--stats", description = "Counters instead of weights and connections, like ipvsadm -Ln --stats.")
    boolean stats;

    @Option(names = "--json", description = "The table as JSON, in the configuration's words.")
    boolean json;

    @Spec
    CommandSpec spec;

    private record Reading(IpvsInfo info, IpvsSnapshot table) {
    }

    @Override
    public Integer call() {
        return KernelCommand.run(spec, client -> {
            Reading r = client.call(t -> {
                IpvsSnapshot table = t.snapshot();
                return new Reading(t.info(), table);
            });
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(IpvsJson.of(r.info(), r.table(), stats).encodePrettily());
            } else {
                IpvsText.lines(r.info(), r.table(), stats).forEach(out::println);
            }
            out.flush();
            return 0;
        });
    }
}
