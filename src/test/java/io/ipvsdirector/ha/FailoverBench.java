package io.ipvsdirector.ha;

import io.ipvsdirector.testkit.Capture;
import io.ipvsdirector.testkit.ChildProcess;
import io.ipvsdirector.testkit.Kill;
import io.ipvsdirector.testkit.Netns;
import io.ipvsdirector.testkit.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Failover time, from the fault to the first gratuitous ARP for the VIP with the new owner's MAC as
 * seen by the client, for ipvs-director and for keepalived (VRRP only) on the same namespace LAN.
 * Prints median and worst per fault. Run by bench/failover.sh; needs root, tcpdump and keepalived.
 */
public final class FailoverBench {
    private static final Duration RESTART_WAIT = Duration.ofMinutes(3);
    enum Fault { SIGKILL, SIGTERM, SIGSTOP, LINK_DOWN }

    private static final Duration HOLD = Duration.ofSeconds(2);

    /** A pair of directors of one kind: how to start one and how to tell it is ready. */
    interface Kind {
        String name();

        ChildProcess start(HaLab lab, String director) throws Exception;

        /** A line the process prints once it is a ready backup (or master). */
        String readyLine();

        /** The pid that faults are sent to; negative for a whole process group. */
        long target(ChildProcess p);
    }

    private FailoverBench() {
    }

    public static void main(String[] args) throws Exception {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        String only = args.length > 1 ? args[1] : "";
        Path dir = Files.createTempDirectory("failover-bench");
        List<Kind> kinds = new ArrayList<>(List.of(director(dir), keepalived(dir, "1", 2), keepalived(dir, "0.1", 3)));
        kinds.removeIf(k -> !k.name().startsWith(only));
        Map<String, Map<Fault, List<Double>>> results = new LinkedHashMap<>();
        for (Kind kind : kinds) {
            results.put(kind.name(), measure(kind, dir, trials));
        }
        print(results, trials);
        GcPauses.report(dir);
    }

    private static Map<Fault, List<Double>> measure(Kind kind, Path dir, int trials) throws Exception {
        Map<Fault, List<Double>> out = new LinkedHashMap<>();
        try (HaLab lab = new HaLab(dir, 2); Capture arp = Capture.start(lab.client, "eth0", "arp")) {
            for (String d : List.of("d1", "d2")) {
                lab.run(d, kind.start(lab, d));
                lab.process(d).awaitLine(kind.readyLine(), RESTART_WAIT);
            }
            Poll.until(kind.name() + ": one owner", HaLab.WAIT, () -> lab.owners().size() == 1);
            for (Fault fault : Fault.values()) {
                List<Double> times = new ArrayList<>();
                for (int i = 0; i < trials; i++) {
                    times.add(trial(kind, lab, arp, fault));
                }
                out.put(fault, times);
                System.err.printf("%s %s: %s%n", kind.name(), fault, times);
            }
        }
        return out;
    }

    /** One fault of the current owner; returns milliseconds to the other's first gratuitous ARP. */
    private static double trial(Kind kind, HaLab lab, Capture arp, Fault fault) throws Exception {
        Poll.until("a single owner", HaLab.WAIT, () -> lab.owners().size() == 1);
        String owner = lab.owners().get(0);
        String other = owner.equals("d1") ? "d2" : "d1";
        String mac = lab.mac(other);
        Poll.until("the client caches " + owner, HaLab.WAIT, () -> lab.clientSees().equals(Optional.of(lab.mac(owner))));
        arp.clear();
        long pid = kind.target(lab.process(owner));
        Instant t0 = Instant.now();
        switch (fault) {
            case SIGKILL -> Kill.signal(pid, Kill.SIGKILL);
            case SIGTERM -> Kill.signal(pid, Kill.SIGTERM);
            case SIGSTOP -> Kill.signal(pid, Kill.SIGSTOP);
            case LINK_DOWN -> lab.link(owner, false);
        }
        // keepalived's gratuitous ARP carries a broadcast target MAC, printed as "(ff:ff:ff:ff:ff:ff)".
        String garp = ".*who-has " + HaLab.VIP.replace(".", "\\.") + "( \\(\\S+\\))? tell " + HaLab.VIP.replace(".", "\\.") + ".*";
        String line = arp.await(l -> l.contains(mac) && l.matches(garp), HaLab.WAIT);
        double ms = (Capture.time(line) - (t0.getEpochSecond() + t0.getNano() / 1e9)) * 1000;
        // A real hang or cut lasts: hold the fault 2 s, so that the peer's return is a recovery, not a stall.
        Poll.until("the fault has lasted " + HOLD.toMillis() + " ms", HaLab.WAIT,
                () -> Duration.between(t0, Instant.now()).compareTo(HOLD) >= 0);
        restore(kind, lab, owner, fault, pid);
        return ms;
    }

    private static void restore(Kind kind, HaLab lab, String owner, Fault fault, long pid) throws Exception {
        switch (fault) {
            case SIGKILL, SIGTERM -> {
                lab.process(owner).awaitExit(HaLab.WAIT);
                lab.process(owner).close();
                lab.run(owner, kind.start(lab, owner));
                // A restart is a JVM and Hazelcast start: seconds on a quiet machine, much more on a loaded one.
                lab.process(owner).awaitLine(kind.readyLine(), RESTART_WAIT);
            }
            case SIGSTOP -> Kill.signal(pid, Kill.SIGCONT);
            case LINK_DOWN -> lab.link(owner, true);
        }
        lab.rejoined(owner);
    }

    private static Kind director(Path dir) {
        return new Kind() {
            @Override
            public String name() {
                return "ipvs-director";
            }

            @Override
            public ChildProcess start(HaLab lab, String d) throws Exception {
                Path config = lab.config(d, 100, "");
                List<String> jvm = new ArrayList<>(ChildProcess.DIRECTOR_JVM);
                // The daemon's own heap and collector settings (bin/ipvs-director run).
                jvm.addAll(List.of("-Xms64m", "-Xmx256m", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20"));
                jvm.add("-Xlog:gc:file=" + dir.resolve("gc-" + d + "-" + System.nanoTime() + ".log"));
                return ChildProcess.start(Netns.in(lab.ns(d)), jvm, "io.ipvsdirector.cli.Main",
                        List.of("run", "--config", config.toString()));
            }

            @Override
            public String readyLine() {
                return "role STARTING -> STANDBY";
            }

            @Override
            public long target(ChildProcess p) {
                return p.pid();
            }
        };
    }

    /** keepalived --vrrp, both BACKUP with nopreempt and equal priority: no flapping back. */
    private static Kind keepalived(Path dir, String advert, int version) {
        return new Kind() {
            @Override
            public String name() {
                return "keepalived advert_int " + advert + "s";
            }

            @Override
            public ChildProcess start(HaLab lab, String d) throws Exception {
                String tag = d + "-v" + version;
                Path conf = dir.resolve("keepalived-" + tag + ".conf");
                Path pid = dir.resolve("ka-" + tag + ".pid");
                Path vrrpPid = dir.resolve("vrrp-" + tag + ".pid");
                Files.deleteIfExists(pid);
                Files.deleteIfExists(vrrpPid);
                Files.writeString(conf, "global_defs {\n  router_id " + d + "\n  vrrp_version " + version + "\n}\n"
                        + "vrrp_instance VI_1 {\n  state BACKUP\n  nopreempt\n  interface eth0\n  virtual_router_id 77\n"
                        + "  priority 100\n  advert_int " + advert + "\n"
                        + "  virtual_ipaddress {\n    " + HaLab.VIP + "/32 dev eth0 label eth0:vip\n  }\n}\n");
                List<String> cmd = new ArrayList<>(Netns.in(lab.ns(d)));
                cmd.addAll(List.of("setsid", "keepalived", "--vrrp", "--dont-fork", "--log-console", "--no-syslog",
                        "--use-file=" + conf, "--pid=" + pid, "--vrrp_pid=" + vrrpPid));
                return ChildProcess.command(cmd);
            }

            @Override
            public String readyLine() {
                return "Entering BACKUP STATE";
            }

            @Override
            public long target(ChildProcess p) {
                return -p.pid(); // parent and VRRP child together, as a crash or a freeze of the host would
            }
        };
    }

    private static void print(Map<String, Map<Fault, List<Double>>> results, int trials) {
        System.out.printf("%nFailover: fault -> first gratuitous ARP from the new owner, seen by the client (ms),"
                + " %d trials each%n", trials);
        System.out.printf("%-26s", "");
        for (Fault f : Fault.values()) {
            System.out.printf("%22s", f.name().toLowerCase().replace('_', ' ') + " median/worst");
        }
        System.out.println();
        Map<Fault, Double> ours = new LinkedHashMap<>();
        for (Map.Entry<String, Map<Fault, List<Double>>> e : results.entrySet()) {
            System.out.printf("%-26s", e.getKey());
            for (Fault f : Fault.values()) {
                List<Double> t = new ArrayList<>(e.getValue().get(f));
                t.sort(null);
                double median = t.get(t.size() / 2);
                if (e.getKey().equals("ipvs-director")) {
                    ours.put(f, median);
                }
                System.out.printf("%22s", String.format("%.0f / %.0f", median, t.get(t.size() - 1)));
            }
            System.out.println();
        }
        for (Map.Entry<String, Map<Fault, List<Double>>> e : results.entrySet()) {
            if (e.getKey().equals("ipvs-director") || ours.isEmpty()) {
                continue;
            }
            System.out.printf("%-26s", "ratio " + e.getKey().replace("keepalived ", "") + " / ours");
            for (Fault f : Fault.values()) {
                List<Double> t = new ArrayList<>(e.getValue().get(f));
                t.sort(null);
                System.out.printf("%22s", String.format("%.1fx", t.get(t.size() / 2) / ours.get(f)));
            }
            System.out.println();
        }
    }

    /** The longest GC pauses the directors logged during the run (-Xlog:gc). */
    static final class GcPauses {
        static void report(Path dir) throws Exception {
            double max = 0;
            int count = 0;
            try (var files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.getFileName().toString().startsWith("gc-")).toList()) {
                    for (String line : Files.readAllLines(f)) {
                        int ms = line.lastIndexOf("ms");
                        int sp = line.lastIndexOf(' ', ms);
                        if (line.contains("Pause") && ms > 0 && sp > 0) {
                            max = Math.max(max, Double.parseDouble(line.substring(sp + 1, ms)));
                            count++;
                        }
                    }
                }
            }
            System.out.printf("%nGC pauses of the directors during the run: %d, longest %.1f ms (%s)%n", count, max,
                    Duration.ofMillis((long) max).toMillis() < 100 ? "well under the 300 ms beacon timeout" : "CHECK");
        }
    }
}
