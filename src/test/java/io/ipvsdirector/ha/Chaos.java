package io.ipvsdirector.ha;

import io.ipvsdirector.ha.ChaosSchedule.Topology;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Fault injection over a pair, a pair + witness and a pair + witness with two crossed VIP groups in
 * namespaces (issues 13 and 15): random schedules from
 * a seed, invariants sampled every 20 ms, a report of schedules, faults and violations, each
 * violation with the seed that replays its schedule ({@code bench/chaos.sh --seed S --schedules 1},
 * with the same topology option). Schedule i of a run started at seed S has seed S + i.
 * Run by bench/chaos.sh and, for a few schedules, by ChaosTest; needs root, ip, iptables, tcpdump, curl.
 */
public final class Chaos {
    /** Whether the lab's members share a cluster.key_file unless told: off until the product reads the key. */
    static final boolean KEYED_BY_DEFAULT = true;

    /** What to run: {@code schedules} schedules from {@code seed}, on {@code topologies}, keyed or not. */
    record Options(int schedules, long seed, List<Topology> topologies, boolean keyed, int maxSteps) {
        static Options parse(String... args) {
            int schedules = 20;
            long seed = new SecureRandom().nextLong() & 0xffffffffL;
            List<Topology> topologies = List.of(Topology.PAIR, Topology.WITNESS);
            boolean keyed = KEYED_BY_DEFAULT;
            int maxSteps = ChaosSchedule.MAX_STEPS;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--schedules" -> schedules = Integer.parseInt(args[++i]);
                    case "--seed" -> seed = Long.parseLong(args[++i]);
                    case "--pair" -> topologies = List.of(Topology.PAIR);
                    case "--witness" -> topologies = List.of(Topology.WITNESS);
                    case "--both" -> topologies = List.of(Topology.PAIR, Topology.WITNESS);
                    case "--groups" -> topologies = List.of(Topology.GROUPS);
                    case "--max-faults" -> maxSteps = Integer.parseInt(args[++i]);
                    case "--key" -> keyed = true;
                    case "--no-key" -> keyed = false;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; usage: [--schedules N] [--seed S] [--pair|--witness|--both|--groups] [--max-faults N] [--key|--no-key]");
                }
            }
            return new Options(schedules, seed, topologies, keyed, maxSteps);
        }

        /** The topology of the schedule with {@code seed}: the only one asked for, or by the seed's parity. */
        Topology topologyOf(long seed) {
            return topologies.size() == 1 ? topologies.get(0) : Topology.of(seed);
        }

        String describe() {
            return schedules + " schedules from seed " + seed + " on " + topologies + ", up to " + maxSteps
                    + " faults each, " + (keyed ? "keyed" : "no key");
        }
    }

    private Chaos() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        ChaosReport report = run(options, Files.createTempDirectory("chaos"), System.out);
        System.exit(report.violations().isEmpty() ? 0 : 1);
    }

    /** Runs the schedules, one lab per topology in a directory under {@code base}, and prints the summary. */
    static ChaosReport run(Options options, Path base, PrintStream out) throws Exception {
        long t0 = System.currentTimeMillis();
        out.println("chaos: " + options.describe());
        ChaosReport report = new ChaosReport(out);
        for (Topology topology : Topology.values()) {
            List<Long> seeds = new ArrayList<>();
            for (int i = 0; i < options.schedules(); i++) {
                if (options.topologyOf(options.seed() + i) == topology) {
                    seeds.add(options.seed() + i);
                }
            }
            if (seeds.isEmpty()) {
                continue;
            }
            Path dir = Files.createDirectories(base.resolve(topology.name().toLowerCase()));
            out.println(topology.name().toLowerCase() + " lab in " + dir + " (each director's output in NAME.log)");
            try (ChaosRun run = ChaosRun.open(dir, topology, options.keyed(), report)) {
                for (long seed : seeds) {
                    run.run(ChaosSchedule.generate(seed, topology, options.maxSteps()), (int) (seed - options.seed()));
                }
            } catch (Exception | AssertionError e) {
                report.violation(seeds.get(0), (int) (seeds.get(0) - options.seed()), "the " + topology.name().toLowerCase()
                        + " lab failed: " + e.toString().lines().findFirst().orElse(""));
            }
        }
        report.print(options.describe() + "; " + "beacon " + ChaosLab.BEACON_INTERVAL.toMillis() + " ms × "
                + ChaosLab.BEACON_MISSES + " misses; convergence bound " + ChaosRun.CONVERGENCE_BOUND.toSeconds()
                + " s after the last heal", System.currentTimeMillis() - t0);
        return report;
    }
}
