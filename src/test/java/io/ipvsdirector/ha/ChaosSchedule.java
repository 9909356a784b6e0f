package io.ipvsdirector.ha;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One random fault schedule, drawn from a seed and nothing else, so that the seed printed next to a
 * violation replays the same faults in the same order with the same durations and parameters.
 * Faults run one after the other: each is injected, held, healed, then the next one follows after
 * its gap. Pure: no clock, no process, no namespace.
 */
record ChaosSchedule(long seed, Topology topology, List<Step> steps) {
    /**
     * A pair (d1 150 preempt, d2 100), the pair with a witness, or the pair with a witness and two
     * crossed VIP groups (ga: d1 150, d2 100; gb: d1 100, d2 150), each elected on its own.
     */
    enum Topology {
        PAIR, WITNESS, GROUPS;

        /** The topology of a schedule in a run of both: even seeds the pair, odd seeds the witness. */
        static Topology of(long seed) {
            return (seed & 1) == 0 ? PAIR : WITNESS;
        }
    }

    /** What a step does to its target, and what it does at its heal. */
    enum Kind {
        /** SIGKILL; the heal restarts the director. */
        SIGKILL,
        /** SIGTERM (a clean stop); the heal restarts the director. */
        SIGTERM,
        /** SIGSTOP; the heal is SIGCONT. */
        FREEZE,
        /** The target's bridge port down; the heal sets it up. */
        LINK_DOWN,
        /** iptables DROP between the target's address and the other cluster addresses, both ways; the client still reaches it. */
        PARTITION,
        /** iptables statistic: {@code param} (10..30) percent of the packets from the other cluster addresses dropped at the target. */
        LOSS,
        /** SIGHUP after rewriting the file, with the priority changed when {@code param} is 1; the heal restores it. */
        RELOAD,
        /** A director with the cluster's name, no key, members [itself, d1], priority 254; the heal stops it. */
        INTRUDER,
        /** {@code param} beacons captured earlier, sent again to the directors' cluster port; no heal. */
        REPLAY
    }

    /**
     * One fault: after {@code gap}, inject {@code kind} on {@code target} (d1, d2, w for the witness,
     * or "x" for the intruder's host) and heal it after {@code hold}.
     */
    record Step(Kind kind, String target, Duration gap, Duration hold, int param) {
        @Override
        public String toString() {
            return kind + " " + target + " for " + hold.toMillis() + " ms" + (param != 0 ? " (" + param + ")" : "")
                    + " after " + gap.toMillis() + " ms";
        }
    }

    static final int MAX_STEPS = 3;

    /** The schedule of {@code seed} on {@code topology}, with 1 to {@code maxSteps} faults. */
    static ChaosSchedule generate(long seed, Topology topology, int maxSteps) {
        Random random = new Random(seed);
        int count = 1 + random.nextInt(maxSteps);
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            steps.add(step(random, topology));
        }
        return new ChaosSchedule(seed, topology, List.copyOf(steps));
    }

    private static Step step(Random random, Topology topology) {
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        Duration gap = millis(random, 200, 2_000);
        // The witness is a target of the process and link faults only: it has no file to reload.
        boolean witnessToo = topology != Topology.PAIR && kind != Kind.RELOAD && kind != Kind.LOSS;
        String target = switch (kind) {
            case INTRUDER, REPLAY -> "x";
            default -> {
                int n = random.nextInt(witnessToo ? 5 : 2);
                // The ACTIVE (d1) is hit twice as often as the witness: its faults are the ones that move the VIP.
                yield n == 4 ? "w" : n == 3 ? "d1" : "d" + (n % 2 + 1);
            }
        };
        return switch (kind) {
            case SIGKILL, SIGTERM -> new Step(kind, target, gap, millis(random, 500, 4_000), 0);
            case FREEZE -> new Step(kind, target, gap, millis(random, 500, 4_000), 0);
            case LINK_DOWN -> new Step(kind, target, gap, millis(random, 1_000, 12_000), 0);
            case PARTITION -> new Step(kind, target, gap, millis(random, 1_000, 8_000), 0);
            case LOSS -> new Step(kind, target, gap, millis(random, 2_000, 8_000), 10 + random.nextInt(21));
            case RELOAD -> new Step(kind, target, gap, millis(random, 500, 3_000), random.nextInt(2));
            case INTRUDER -> new Step(kind, target, gap, millis(random, 3_000, 8_000), 0);
            case REPLAY -> new Step(kind, target, gap, Duration.ZERO, 1 + random.nextInt(10));
        };
    }

    private static Duration millis(Random random, int from, int to) {
        return Duration.ofMillis(from + random.nextInt(to - from + 1));
    }

    /** Whether a step of this kind stops and starts its target's JVM. */
    static boolean restarts(Kind kind) {
        return kind == Kind.SIGKILL || kind == Kind.SIGTERM;
    }
}
