package io.ipvsdirector.ha;

import io.ipvsdirector.ha.ChaosSchedule.Kind;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What a chaos run did and saw: schedules, faults by kind, convergence times and every violation with its seed. */
final class ChaosReport {
    private final Map<Kind, Integer> faults = new EnumMap<>(Kind.class);
    private final List<String> violations = new ArrayList<>();
    /** Violations of schedules in which a director's JVM stalled longer than the beacon timeout. */
    private final List<String> starved = new ArrayList<>();
    private final List<Long> convergence = new ArrayList<>();
    private final PrintStream out;
    private int schedules;
    private long samples;

    ChaosReport(PrintStream out) {
        this.out = out;
    }

    synchronized void schedule(ChaosSchedule s, int index) {
        schedules++;
        out.printf("seed=%d schedule=%d %s: %s%n", s.seed(), index, s.topology().name().toLowerCase(), s.steps());
    }

    synchronized void fault(Kind kind) {
        faults.merge(kind, 1, Integer::sum);
    }

    /** One violation, printed at once as {@code seed=S schedule=N: INVARIANT: WHAT WAS SEEN}. */
    synchronized void violation(long seed, int index, String what) {
        String line = "seed=" + seed + " schedule=" + index + ": " + what;
        violations.add(line);
        out.println("VIOLATION " + line);
    }

    /**
     * A violation seen in a schedule during which a director's own JVM stalled longer than the
     * beacon timeout (it logged "this director was frozen for N ms", and no fault froze it): a host
     * that hangs that long is a frozen director, which the rules cannot make release its VIPs.
     * Printed and counted apart, with the stall.
     */
    synchronized void starved(long seed, int index, String what, String stall) {
        String line = "seed=" + seed + " schedule=" + index + ": " + what + " [" + stall + "]";
        starved.add(line);
        out.println("DURING A STALL " + line);
    }

    synchronized void converged(long millis) {
        convergence.add(millis);
    }

    synchronized void samples(long count) {
        samples += count;
    }

    synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    synchronized int schedules() {
        return schedules;
    }

    /** The summary: the figures a run prints at its end. */
    synchronized void print(String setup, long wallMillis) {
        out.println();
        out.println("Chaos run: " + setup);
        out.printf("schedules run: %d; faults injected: %d %s; ownership samples (every %d ms): %d%n", schedules,
                faults.values().stream().mapToInt(Integer::intValue).sum(), faults, OwnershipMonitor.SAMPLE_MILLIS, samples);
        List<Long> sorted = new ArrayList<>(convergence);
        sorted.sort(null);
        if (!sorted.isEmpty()) {
            out.printf("convergence after the last heal (ms): median %d, worst %d, bound %d%n", sorted.get(sorted.size() / 2),
                    sorted.get(sorted.size() - 1), ChaosRun.CONVERGENCE_BOUND.toMillis());
        }
        out.printf("violations: %d%n", violations.size());
        violations.forEach(v -> out.println("  " + v));
        out.printf("violations during a JVM stall longer than the beacon timeout (load, not the rules; not counted above): %d%n",
                starved.size());
        starved.forEach(v -> out.println("  " + v));
        out.printf("wall time: %d s%n", wallMillis / 1000);
    }
}
