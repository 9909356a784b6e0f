package io.ipvsdirector.ha;

import io.ipvsdirector.ha.GroupLab.Group;
import io.ipvsdirector.ha.GroupLab.Vip;
import io.ipvsdirector.testkit.Capture;
import io.ipvsdirector.testkit.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Failover of VIP groups (issue 15), SIGKILL of a director to the first gratuitous ARP from the new
 * owner seen by the client, in {@link GroupLab}'s namespaces:
 * <ol>
 *   <li>a pair with two crossed groups: the killed director's group, and that the other group has
 *       no event at all;</li>
 *   <li>three directors with 30 balanced groups (10 each): the time until every group of the
 *       killed director has been announced by a survivor (first and last of its 10).</li>
 * </ol>
 * Each trial starts from the settled lab (the killed director restarted and its groups back).
 * Run by bench/failover-groups.sh; needs root and tcpdump. Prints median and worst.
 */
public final class GroupFailoverBench {
    private GroupFailoverBench() {
    }

    public static void main(String[] args) throws Exception {
        int pairTrials = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int balancedTrials = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        System.out.println("group failover: " + pairTrials + " pair trials, " + balancedTrials
                + " trials of 3 directors x 30 balanced groups; beacon " + GroupLab.CLUSTER_KEYS.trim().replace("\n", ";"));
        List<Double> pair = pair(pairTrials);
        List<double[]> balanced = balanced(balancedTrials);
        System.out.println();
        print("pair, crossed groups: SIGKILL d1 -> web-a's first GARP from d2 (ms)", pair);
        print("3 directors x 30 groups: SIGKILL d1 -> first of its 10 groups announced (ms)",
                balanced.stream().map(t -> t[0]).toList());
        print("3 directors x 30 groups: SIGKILL d1 -> all 10 of its groups announced (ms)",
                balanced.stream().map(t -> t[1]).toList());
        System.exit(0);
    }

    private static void print(String what, List<Double> trials) {
        List<Double> t = new ArrayList<>(trials);
        t.sort(null);
        System.out.printf("%s: %s%n", what, t.isEmpty() ? "no trial finished"
                : String.format("median %.0f, worst %.0f, best %.0f (%d trials)", t.get(t.size() / 2), t.get(t.size() - 1),
                t.get(0), t.size()));
    }

    private static List<Double> pair(int trials) throws Exception {
        List<Group> groups = List.of(new Group("web-a", Map.of("d1", 150, "d2", 100), List.of(new Vip("10.77.0.41", "eth0"))),
                new Group("web-b", Map.of("d1", 100, "d2", 150), List.of(new Vip("10.77.0.42", "eth0"))));
        List<Double> out = new ArrayList<>();
        Path dir = Files.createTempDirectory("group-failover-pair");
        try (GroupLab lab = new GroupLab(dir, 2, false, groups, List.of());
             Capture arp = Capture.start(lab.lab.client, "eth0", "arp")) {
            lab.startAll();
            Map<String, Set<String>> settled = Map.of("d1", Set.of("10.77.0.41"), "d2", Set.of("10.77.0.42"));
            for (int i = 0; i < trials; i++) {
                try {
                    lab.awaitHoldings("each director owns its group", settled);
                    GroupLab.quiet(GroupLab.BEACON_TIMEOUT);
                    String mac = lab.lab.mac("d2");
                    arp.clear();
                    long since = System.currentTimeMillis();
                    Instant t0 = Instant.now();
                    lab.kill("d1");
                    String line = arp.await(l -> l.contains(mac) && l.contains("who-has 10.77.0.41 tell 10.77.0.41"), HaLab.WAIT);
                    double ms = (Capture.time(line) - (t0.getEpochSecond() + t0.getNano() / 1e9)) * 1000;
                    boolean otherMoved = lab.watch.since(since).stream().anyMatch(e -> e.vip().equals("10.77.0.42"));
                    System.out.printf("pair trial %d: %.0f ms%s%n", i + 1, ms, otherMoved ? " (web-b moved too!)" : ", web-b untouched");
                    out.add(ms);
                    lab.restart("d1");
                } catch (Exception | AssertionError e) {
                    System.out.println("pair trial " + (i + 1) + " failed: " + e.toString().lines().findFirst().orElse(""));
                    recover(lab, "d1");
                }
            }
        }
        return out;
    }

    /** Each trial: {first, last} of the killed director's groups announced by a survivor, in ms after the kill. */
    private static List<double[]> balanced(int trials) throws Exception {
        List<String> vips = IntStream.range(0, 30).mapToObj(i -> "10.77.0." + (150 + i)).toList();
        List<Group> groups = IntStream.range(0, 30)
                .mapToObj(i -> Group.balanced(String.format("shard-%02d", i + 1), new Vip(vips.get(i), "eth0"))).toList();
        List<double[]> out = new ArrayList<>();
        Path dir = Files.createTempDirectory("group-failover-balanced");
        try (GroupLab lab = new GroupLab(dir, 3, false, groups, List.of());
             Capture arp = Capture.start(lab.lab.client, "eth0", "arp")) {
            lab.startAll();
            for (int i = 0; i < trials; i++) {
                try {
                    Poll.until("ten groups on each director", HaLab.WAIT, () -> lab.watch.holdings().values().stream()
                            .mapToInt(Set::size).boxed().toList().equals(List.of(10, 10, 10)));
                    GroupLab.quiet(GroupLab.BEACON_TIMEOUT);
                    Set<String> orphans = new HashSet<>(lab.watch.holdings().get("d1"));
                    Set<String> macs = Set.of(lab.lab.mac("d2"), lab.lab.mac("d3"));
                    arp.clear();
                    Instant t0 = Instant.now();
                    lab.kill("d1");
                    Poll.until("every group of d1 announced by a survivor", HaLab.WAIT, () -> orphans.stream()
                            .allMatch(v -> announced(arp, v, macs) >= 0));
                    double start = t0.getEpochSecond() + t0.getNano() / 1e9;
                    double first = orphans.stream().mapToDouble(v -> announced(arp, v, macs)).min().orElseThrow();
                    double last = orphans.stream().mapToDouble(v -> announced(arp, v, macs)).max().orElseThrow();
                    double[] t = {(first - start) * 1000, (last - start) * 1000};
                    System.out.printf("balanced trial %d: first %.0f ms, all 10 %.0f ms%n", i + 1, t[0], t[1]);
                    out.add(t);
                    lab.restart("d1");
                } catch (Exception | AssertionError e) {
                    System.out.println("balanced trial " + (i + 1) + " failed: " + e.toString().lines().findFirst().orElse(""));
                    recover(lab, "d1");
                }
            }
        }
        return out;
    }

    /** The capture time (epoch seconds) of the first GARP for {@code vip} from one of {@code macs}, or -1. */
    private static double announced(Capture arp, String vip, Set<String> macs) {
        String garp = "who-has " + vip + " tell " + vip;
        return arp.lines().stream().filter(l -> l.contains(garp) && macs.stream().anyMatch(l::contains))
                .mapToDouble(Capture::time).findFirst().orElse(-1);
    }

    /** After a failed trial: the director running again, so that the next trial starts settled. */
    private static void recover(GroupLab lab, String director) {
        try {
            if (!lab.lab.process(director).isAlive()) {
                lab.restart(director);
            }
        } catch (Exception | AssertionError e) {
            System.out.println("  and " + director + " did not start again: " + e.getMessage());
        }
    }
}
