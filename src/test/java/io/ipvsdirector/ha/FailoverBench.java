package io.ipvsdirector.ha;

import io.ipvsdirector.ha.FailoverTrial.Fault;
import io.ipvsdirector.ha.FailoverTrial.Result;
import io.ipvsdirector.testkit.Capture;
import io.ipvsdirector.testkit.Kill;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Failover time, from the fault to the first gratuitous ARP for the VIP with the new owner's MAC as
 * seen by the client, and the VIP's moves until the pair has settled again, for ipvs-director (the
 * product's beacon, and a 50 ms one) and for keepalived (VRRP only, advert_int 1 and 0.1) on the same
 * namespace LAN; each fault TRIALS times (see {@link FailoverTrial}). Prints the table, the ratios of
 * keepalived's medians to each director kind's, the directors' longest GC pauses and the load.
 * Run by bench/failover.sh [TRIALS [KIND_PREFIX]]; needs root, tcpdump and keepalived.
 */
public final class FailoverBench {
    private FailoverBench() {
    }

    public static void main(String[] args) throws Exception {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        String only = args.length > 1 ? args[1] : "";
        List<Fault> faults = args.length > 2 ? java.util.Arrays.stream(args[2].split(",")).map(Fault::valueOf).toList()
                : List.of(Fault.values());
        // Binds kill(2) now (signal 0 to this process): binding it in the first trial, after the
        // clock has started, added about 150 ms to that trial.
        Kill.signal(ProcessHandle.current().pid(), 0);
        Path dir = Files.createTempDirectory("failover-bench");
        List<FailoverKind> kinds = new ArrayList<>(List.of(
                new FailoverKind.Director("ipvs-director", "default", "", dir),
                new FailoverKind.Director("ipvs-director fast beacon", "fast", "  beacon: {interval: 50ms, misses: 3}\n", dir),
                new FailoverKind.Keepalived("1", 2, dir),
                new FailoverKind.Keepalived("0.1", 3, dir)));
        kinds.removeIf(k -> !k.name().startsWith(only));
        String loadBefore = LoadAverage.describeNow();
        System.out.println("load average at the start: " + loadBefore + "; logs in " + dir);
        FailoverReport report = new FailoverReport();
        for (FailoverKind kind : kinds) {
            measure(kind, dir, trials, faults, report);
        }
        report.print(trials);
        System.out.println();
        for (FailoverKind kind : kinds) {
            if (kind instanceof FailoverKind.Director d) {
                try {
                    System.out.printf("GC pauses, %s: %s%n", d.name(), GcLog.summary(GcLog.readAll(dir, "gc-" + d.tag() + "-")));
                } catch (IOException | RuntimeException e) {
                    System.out.printf("GC pauses, %s: unreadable (%s)%n", d.name(), e.getMessage());
                }
            }
        }
        System.out.println("(a SIGSTOP that lands during a collection is logged as a long pause: read the worst with that in mind)");
        System.out.println("load average at the start: " + loadBefore + "; at the end: " + LoadAverage.describeNow());
    }

    /** Every fault TRIALS times on a fresh lab of {@code kind}; a lab that cannot start fails all its trials. */
    private static void measure(FailoverKind kind, Path dir, int trials, List<Fault> faults, FailoverReport report) {
        try (HaLab lab = new HaLab(Files.createDirectories(dir.resolve(kind.name().replace(' ', '-'))), 2);
             Capture arp = Capture.start(lab.client, "eth0", "arp")) {
            lab.outputToFiles = true;
            FailoverTrial trial = new FailoverTrial(kind, lab, arp);
            String startFailure = null;
            try {
                trial.startPair();
            } catch (Exception | AssertionError e) {
                startFailure = "the pair did not start: " + FailoverTrial.firstLine(e);
                System.out.println(kind.name() + ": " + startFailure);
            }
            for (Fault fault : faults) {
                for (int i = 1; i <= trials; i++) {
                    Result r = startFailure != null ? Result.failed(startFailure) : trial.run(fault);
                    System.out.printf("%s %s #%d: %s%n", kind.name(), FailoverReport.label(fault), i, r);
                    report.add(kind.name(), fault, r);
                }
            }
        } catch (Exception | AssertionError e) {
            String why = "the lab failed: " + FailoverTrial.firstLine(e);
            System.out.println(kind.name() + ": " + why);
            report.fill(kind.name(), trials, why);
        }
    }
}
