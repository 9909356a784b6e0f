package io.ipvsdirector.ha;

import io.ipvsdirector.testkit.Capture;
import io.ipvsdirector.testkit.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An idle pair of real directors with a 50 ms beacon (silent after 150 ms) left alone for MINUTES:
 * nothing fails, so every role change after the pair settled is a false failover. Reports those
 * changes (their log lines), the directors' own freeze and silence lines, the VIP's moves seen at the
 * client, each director's longest GC pause and the load average seen (sampled every 10 s), and ends
 * with the verdict line "false failovers: N", N counting the takeovers (role changes to ACTIVE).
 * Run by bench/beacon-soak.sh [MINUTES [GC_OPTION...]]; needs root and tcpdump.
 */
public final class BeaconSoak {
    static final String BEACON = "  beacon: {interval: 50ms, misses: 3}\n";
    private static final Duration SAMPLE = Duration.ofSeconds(10);
    private static final Pattern ROLE_CHANGE = Pattern.compile("role \\S+ -> \\S+");
    private static final Pattern TAKEOVER = Pattern.compile("role \\S+ -> ACTIVE");
    private static final List<String> DIRECTORS = List.of("d1", "d2");

    private BeaconSoak() {
    }

    public static void main(String[] args) throws Exception {
        double minutes = args.length > 0 ? Double.parseDouble(args[0]) : 30;
        List<String> gc = args.length > 1 ? Arrays.asList(args).subList(1, args.length) : FailoverKind.Director.DAEMON_GC;
        Path dir = Files.createTempDirectory("beacon-soak");
        System.out.printf("beacon soak: %.0f min, beacon every 50 ms, 3 misses; JVM %s %s; logs in %s%n", minutes,
                String.join(" ", FailoverKind.Director.DAEMON_HEAP), String.join(" ", gc), dir);
        System.out.println("load average at the start: " + LoadAverage.describeNow());
        double[] load = {Double.MAX_VALUE, 0};
        Map<String, Integer> marks = new LinkedHashMap<>();
        // Each JVM's uptime (s) when the pair settled: its GC log's pauses from then on are the soak's.
        Map<String, Double> settledUptime = new LinkedHashMap<>();
        int falseFailovers = -1;
        try (HaLab lab = new HaLab(dir, 2); Capture arp = Capture.start(lab.client, "eth0", "arp")) {
            lab.outputToFiles = true;
            lab.clusterKeys = BEACON;
            for (String d : DIRECTORS) {
                lab.run(d, FailoverKind.Director.jvm(lab, d, lab.config(d, 100, ""), gc, dir.resolve("gc-" + d + ".log")));
            }
            for (String d : DIRECTORS) {
                lab.process(d).awaitLine("role STARTING -> STANDBY", FailoverTrial.RESTART_WAIT);
            }
            String owner = settle(lab);
            String ownerMac = lab.mac(owner);
            DIRECTORS.forEach(d -> marks.put(d, lab.process(d).mark()));
            Instant settled = Instant.now();
            for (String d : DIRECTORS) {
                ProcessHandle.of(lab.process(d).pid()).flatMap(h -> h.info().startInstant()).ifPresent(
                        started -> settledUptime.put(d, Duration.between(started, settled).toMillis() / 1000.0));
            }
            System.out.printf("settled: %s owns the VIP; soaking until %s%n", owner, settled.plusSeconds((long) (minutes * 60)));
            String died = soak(lab, settled, minutes, load);
            List<String> changes = new ArrayList<>();
            Map<String, Integer> counts = new LinkedHashMap<>();
            List.of("was frozen for", "is silent for", "heard again").forEach(fragment -> counts.put(fragment, 0));
            falseFailovers = 0;
            for (String d : DIRECTORS) {
                List<String> lines = lab.process(d).lines();
                for (String line : lines.subList(marks.get(d), lines.size())) {
                    if (ROLE_CHANGE.matcher(line).find()) {
                        changes.add(d + ": " + line);
                        falseFailovers += TAKEOVER.matcher(line).find() ? 1 : 0;
                    }
                    counts.replaceAll((fragment, n) -> n + (line.contains(fragment) ? 1 : 0));
                    if (line.contains("was frozen for") || line.contains("is silent for") || line.contains("heard again")) {
                        System.out.println("  " + d + ": " + line);
                    }
                }
            }
            System.out.printf("%nafter the pair settled (%s):%n", died == null ? "both ran to the end" : died);
            System.out.println("role changes: " + changes.size());
            changes.forEach(c -> System.out.println("  " + c));
            counts.forEach((fragment, n) -> System.out.printf("\"%s\" lines: %d%n", fragment, n));
            System.out.println("VIP moves seen at the client: " + FailoverTrial.moves(arp.lines(), ownerMac,
                    FailoverTrial.seconds(settled), FailoverTrial.seconds(Instant.now())));
        } catch (Exception | AssertionError e) {
            System.out.println("the soak failed: " + FailoverTrial.firstLine(e));
        }
        for (String d : DIRECTORS) {
            Path log = dir.resolve("gc-" + d + ".log");
            if (!Files.exists(log)) {
                System.out.printf("GC pauses, %s: no GC log%n", d);
                continue;
            }
            System.out.printf("GC pauses, %s, whole run: %s%n", d, GcLog.summary(List.of(GcLog.read(log))));
            if (settledUptime.containsKey(d)) {
                GcLog soak = GcLog.read(log, settledUptime.get(d));
                System.out.printf("GC pauses, %s, after the pair settled (uptime %.1f s on): %d, longest %.2f ms%n", d,
                        settledUptime.get(d), soak.pauses(), soak.longestMillis());
            }
        }
        System.out.printf("load average (1 min) seen: %s; at the end: %s%n",
                load[1] == 0 ? "not sampled" : String.format("min %.2f, max %.2f", load[0], load[1]), LoadAverage.describeNow());
        System.out.println(falseFailovers < 0 ? "false failovers: unknown (the soak did not run)" : "false failovers: " + falseFailovers);
    }

    /** Waits for one owner and both directors' agreement; returns the owner. */
    private static String settle(HaLab lab) throws Exception {
        String[] owner = new String[1];
        Poll.until("a settled pair", FailoverTrial.SETTLE_WAIT, () -> {
            List<String> owners = lab.owners();
            if (owners.size() != 1) {
                return false;
            }
            owner[0] = owners.get(0);
            String other = owner[0].equals("d1") ? "d2" : "d1";
            return lab.clientSees().equals(java.util.Optional.of(lab.mac(owner[0])))
                    && FailoverKind.Director.pairAgrees(lab, owner[0], other);
        });
        return owner[0];
    }

    /** Samples the load every 10 s until the end; returns which director died early, if one did. */
    private static String soak(HaLab lab, Instant from, double minutes, double[] load) throws Exception {
        Instant end = from.plusMillis((long) (minutes * 60_000));
        for (Instant next = from.plus(SAMPLE); ; next = next.plus(SAMPLE)) {
            Instant until = next.isBefore(end) ? next : end;
            FailoverTrial.awaitPassed(from, Duration.between(from, until));
            double one = LoadAverage.now().one();
            load[0] = Math.min(load[0], one);
            load[1] = Math.max(load[1], one);
            for (String d : DIRECTORS) {
                if (!lab.process(d).isAlive()) {
                    return d + " died at " + Instant.now();
                }
            }
            if (!until.isBefore(end)) {
                return null;
            }
        }
    }
}
