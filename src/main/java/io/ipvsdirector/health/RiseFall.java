package io.ipvsdirector.health;

import java.util.Optional;

/**
 * The rise/fall state machine of one probe: {@code rise} successes in a row turn DOWN into UP,
 * {@code fall} failures in a row turn UP into DOWN. A new target starts DOWN (keepalived's "alpha")
 * unless it starts UP. A change of the weight or drain flag a check reports while UP is also a change.
 * Not thread-safe: one probe's results are fed in order from one context.
 */
final class RiseFall {
    /** The state after a result; {@code changed} when the verdict, weight or drain flag changed. */
    record Step(boolean changed, boolean firstDecision) {
    }

    private final int rise;
    private final int fall;
    private Verdict verdict;
    private Optional<Integer> weight = Optional.empty();
    private boolean drain;
    private int successes;
    private int failures;
    private boolean decided;

    RiseFall(int rise, int fall, boolean initialUp) {
        this.rise = rise;
        this.fall = fall;
        this.verdict = initialUp ? Verdict.UP : Verdict.DOWN;
    }

    Step record(ProbeResult result) {
        boolean wasDecided = decided;
        Verdict before = verdict;
        Optional<Integer> weightBefore = weight;
        boolean drainBefore = drain;
        if (result.up()) {
            failures = 0;
            successes = Math.min(successes + 1, rise);
            if (successes >= rise) {
                verdict = Verdict.UP;
                decided = true;
            }
        } else {
            successes = 0;
            failures = Math.min(failures + 1, fall);
            if (failures >= fall) {
                verdict = Verdict.DOWN;
                decided = true;
            }
        }
        if (verdict == Verdict.UP && result.up()) {
            weight = result.weight();
            drain = result.drain();
        } else if (verdict == Verdict.DOWN) {
            weight = Optional.empty();
            drain = false;
        }
        boolean changed = before != verdict || !weightBefore.equals(weight) || drainBefore != drain;
        return new Step(changed, decided && !wasDecided);
    }

    Verdict verdict() {
        return verdict;
    }

    Optional<Integer> weight() {
        return weight;
    }

    boolean drain() {
        return drain;
    }

    int successes() {
        return successes;
    }

    int failures() {
        return failures;
    }
}
