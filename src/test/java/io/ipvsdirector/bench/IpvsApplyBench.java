package io.ipvsdirector.bench;

import io.ipvsdirector.config.ConfigLoader;
import io.ipvsdirector.config.DirectorConfig;
import io.ipvsdirector.kernel.ipvs.Destination;
import io.ipvsdirector.kernel.ipvs.IpvsClient;
import io.ipvsdirector.kernel.ipvs.IpvsOperation;
import io.ipvsdirector.kernel.ipvs.IpvsTable;
import io.ipvsdirector.kernel.ipvs.OperationResult;
import io.ipvsdirector.kernel.netlink.NetlinkException;
import io.ipvsdirector.net.ServiceKey;
import io.ipvsdirector.reconcile.DesiredTable;
import io.ipvsdirector.reconcile.OwnershipStore;
import io.ipvsdirector.reconcile.ReconcileListener;
import io.ipvsdirector.reconcile.ReconcileResult;
import io.ipvsdirector.reconcile.Reconciler;
import io.ipvsdirector.reconcile.Table;
import io.ipvsdirector.testkit.ChildProcess;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

/**
 * Programs SERVICES virtual services of REAL_SERVERS real servers each with `ipvs apply` and with
 * `ipvsadm --restore`, reads the table back with a no-op apply and with `ipvsadm -Sn`, and times a
 * single weight change: whole commands, and in process (JVM start excluded). Run as root on a
 * kernel with IPVS and an empty table, through bench/ipvs-apply.sh. Prints figures; judges nothing.
 */
public final class IpvsApplyBench {
    private static final int RUNS = 3;

    private IpvsApplyBench() {
    }

    public static void main(String[] args) throws Exception {
        int services = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int realServers = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path dir = Files.createTempDirectory("ipvs-bench");
        Path config = dir.resolve("director.yaml");
        Path rules = dir.resolve("rules.ipvsadm");
        Files.writeString(config, yaml(services, realServers, dir.resolve("owned.json")));
        Files.writeString(rules, ipvsadmRules(services, realServers));
        int operations = services * (realServers + 1);
        System.out.printf("ipvs-apply benchmark: %d services x %d real servers = %d operations; kernel %s; %d CPU(s); Java %s%n",
                services, realServers, operations, Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));

        run("ipvsadm", "-C");
        double ours = seconds(() -> run(commandLine(config)));
        check(operations);
        run("ipvsadm", "-C");
        double restore = seconds(() -> run(rules.toFile(), "ipvsadm", "-R"));
        check(operations);
        double save = seconds(() -> run("ipvsadm", "-Sn"));
        run("ipvsadm", "-C");
        System.out.printf("whole command, empty table to full:  ipvs-director ipvs apply %.2f s   ipvsadm --restore %.2f s   ratio %.2f%n",
                ours, restore, ours / restore);

        Table desired = DesiredTable.from(load(config));
        try (IpvsClient client = IpvsClient.open()) {
            List<ReconcileResult> fills = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                run("ipvsadm", "-C");
                fills.add(client.call(t -> reconciler(t).reconcile(desired, false)));
            }
            check(operations);
            double bestApply = fills.stream().mapToLong(ReconcileResult::applyNanos).min().orElseThrow() / 1e9;
            System.out.printf("in process, empty to full, first request to last ack: %s; best / ipvsadm --restore = %.3f%n",
                    millis(fills.stream().mapToLong(ReconcileResult::applyNanos)), bestApply / restore);
            System.out.printf("  whole reconcile (dump, diff, apply): %s%n",
                    millis(fills.stream().mapToLong(r -> r.readNanos() + r.diffNanos() + r.applyNanos())));

            List<ReconcileResult> noops = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                noops.add(client.call(t -> reconciler(t).reconcile(desired, false)));
            }
            double bestNoop = noops.stream().mapToLong(r -> r.readNanos() + r.diffNanos()).min().orElseThrow() / 1e9;
            System.out.printf("no-op apply in process (dump + diff): %s; ipvsadm -Sn %.2f s; best / ipvsadm -Sn = %.3f%n",
                    millis(noops.stream().mapToLong(r -> r.readNanos() + r.diffNanos())), save, bestNoop / save);

            Table.Entry first = desired.services().values().iterator().next();
            ServiceKey key = first.service().key();
            Destination rs = first.destinations().values().iterator().next();
            long[] single = new long[20];
            for (int i = 0; i < single.length; i++) {
                IpvsOperation op = new IpvsOperation.UpdateDestination(key, rs.withWeight(2 + i % 2));
                long t0 = System.nanoTime();
                List<OperationResult> r = client.call(t -> t.apply(List.of(op)));
                single[i] = System.nanoTime() - t0;
                if (!r.get(0).ok()) {
                    throw r.get(0).error().get();
                }
            }
            Arrays.sort(single);
            Table changed = withWeight(desired, key, rs, 7);
            ReconcileResult full = client.call(t -> reconciler(t).reconcile(changed, false));
            System.out.printf("single weight change in process: one update to its ack, median %.2f ms (min %.2f, max %.2f, %d runs);"
                            + " found and applied by a full reconcile: %.0f ms (dump %.0f, diff %.0f, apply %.2f)%n",
                    single[single.length / 2] / 1e6, single[0] / 1e6, single[single.length - 1] / 1e6, single.length,
                    (full.readNanos() + full.diffNanos() + full.applyNanos()) / 1e6, full.readNanos() / 1e6,
                    full.diffNanos() / 1e6, full.applyNanos() / 1e6);
        }
        run("ipvsadm", "-C");
        System.exit(0);
    }

    /** The configuration, loaded as the command line loads it (a one-shot Vert.x, closed after). */
    private static DirectorConfig load(Path config) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setMaxEventLoopExecuteTime(5).setMaxEventLoopExecuteTimeUnit(TimeUnit.MINUTES));
        try {
            return ConfigLoader.load(vertx, config).await();
        } finally {
            vertx.close().await();
        }
    }

    private static Reconciler reconciler(IpvsTable t) {
        return new Reconciler(t, OwnershipStore.inMemory(), SILENT);
    }

    private static Table withWeight(Table t, ServiceKey key, Destination rs, int weight) {
        List<Table.Entry> entries = new ArrayList<>();
        for (Table.Entry e : t.services().values()) {
            if (e.service().key().equals(key)) {
                List<Destination> ds = new ArrayList<>(e.destinations().values());
                ds.replaceAll(d -> d.key().equals(rs.key()) ? d.withWeight(weight) : d);
                entries.add(Table.Entry.of(e.service(), ds));
            } else {
                entries.add(e);
            }
        }
        return Table.of(entries);
    }

    private static String millis(LongStream nanos) {
        return String.join(", ", nanos.mapToObj(n -> String.format("%.0f ms", n / 1e6)).toList());
    }

    /** The address of service {@code s} and of its real server {@code d}. */
    private static String vip(int s) {
        return "10.100." + (s / 250) + "." + (s % 250 + 1);
    }

    private static String rip(int s, int d) {
        return "10." + (110 + s / 250) + "." + (s % 250) + "." + (d + 1);
    }

    static String yaml(int services, int realServers, Path state) {
        StringBuilder sb = new StringBuilder("ipvs: {state_file: " + state + "}\nvirtual_servers:\n");
        for (int s = 0; s < services; s++) {
            sb.append("  - address: ").append(vip(s)).append("\n    port: 80\n    real_servers:\n");
            for (int d = 0; d < realServers; d++) {
                sb.append("      - {address: ").append(rip(s, d)).append(", port: 8080}\n");
            }
        }
        return sb.toString();
    }

    static String ipvsadmRules(int services, int realServers) {
        StringBuilder sb = new StringBuilder();
        for (int s = 0; s < services; s++) {
            sb.append("-A -t ").append(vip(s)).append(":80 -s wlc\n");
            for (int d = 0; d < realServers; d++) {
                sb.append("-a -t ").append(vip(s)).append(":80 -r ").append(rip(s, d)).append(":8080 -m -w 1\n");
            }
        }
        return sb.toString();
    }

    /** The one-shot JVM the launcher (bin/ipvs-director) starts for `ipvs apply`. */
    private static String[] commandLine(Path config) throws Exception {
        return new String[] {Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
            "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", ChildProcess.classPath(), "io.ipvsdirector.cli.Main",
            "ipvs", "apply", "--config", config.toString()};
    }

    private static void check(int operations) throws Exception {
        int lines = runOutput("ipvsadm", "-Sn").size();
        if (lines != operations) {
            throw new IllegalStateException("expected " + operations + " rules, ipvsadm -Sn shows " + lines);
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    private static double seconds(Step step) throws Exception {
        System.out.flush();
        long t0 = System.nanoTime();
        step.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void run(String... command) throws Exception {
        run(null, command);
    }

    private static void run(File stdin, String... command) throws Exception {
        System.err.println("bench: " + String.join(" ", Arrays.asList(command).subList(0, Math.min(command.length, 3)))
                + (command.length > 3 ? " ... " + command[command.length - 1] : ""));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        if (stdin != null) {
            pb.redirectInput(stdin);
        }
        int exit = pb.start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + exit);
        }
    }

    private static List<String> runOutput(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
        p.waitFor();
        return lines;
    }

    private static final ReconcileListener SILENT = new ReconcileListener() {
        @Override
        public void planned(String operation) {
        }

        @Override
        public void applied(String operation) {
        }

        @Override
        public void refused(String operation, NetlinkException error) {
            System.err.println("refused: " + operation + ": " + error.getMessage());
        }

        @Override
        public void rereading(int round, int maxRounds, int refused) {
            System.err.println("re-reading: round " + round);
        }
    };
}
