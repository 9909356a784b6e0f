package io.ipvsdirector.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rise/fall state machine, result by result. */
class RiseFallTest {
    private static final ProbeResult OK = new ProbeResult(true, "ok", Duration.ZERO, Optional.empty(), false);
    private static final ProbeResult FAIL = new ProbeResult(false, "fail", Duration.ZERO, Optional.empty(), false);

    /** The verdict after each result, and "*" where it changed. */
    private static List<String> run(RiseFall rf, ProbeResult... results) {
        List<String> out = new ArrayList<>();
        for (ProbeResult r : results) {
            out.add(rf.verdict() + (rf.record(r).changed() ? "*" + rf.verdict() : ""));
        }
        return out;
    }

    @Test
    void newTargetStartsDownAndNeedsRiseSuccessesInARow() {
        RiseFall rf = new RiseFall(3, 2, false);
        assertEquals(List.of("DOWN", "DOWN", "DOWN", "DOWN", "DOWN", "DOWN*UP"),
                run(rf, OK, OK, FAIL, OK, OK, OK), "a failure resets the count of successes");
    }

    @Test
    void upNeedsFallFailuresInARowToGoDown() {
        RiseFall rf = new RiseFall(1, 3, false);
        assertEquals(List.of("DOWN*UP", "UP", "UP", "UP", "UP", "UP", "UP*DOWN"),
                run(rf, OK, FAIL, FAIL, OK, FAIL, FAIL, FAIL));
    }

    @Test
    void initialUpStartsUpAndFallsAfterFall() {
        RiseFall rf = new RiseFall(2, 2, true);
        assertEquals(Verdict.UP, rf.verdict());
        assertEquals(List.of("UP", "UP*DOWN", "DOWN", "DOWN*UP"), run(rf, FAIL, FAIL, OK, OK));
    }

    @Test
    void firstDecisionIsReportedOnceEvenWithoutAChange() {
        RiseFall rf = new RiseFall(2, 2, false);
        assertFalse(rf.record(FAIL).firstDecision());
        RiseFall.Step confirmed = rf.record(FAIL);
        assertTrue(confirmed.firstDecision() && !confirmed.changed(), "DOWN confirmed, still DOWN");
        assertFalse(rf.record(FAIL).firstDecision());
    }

    @Test
    void weightAndDrainChangesWhileUpAreChanges() {
        RiseFall rf = new RiseFall(1, 1, false);
        ProbeResult weight5 = new ProbeResult(true, "w5", Duration.ZERO, Optional.of(5), false);
        ProbeResult drain = new ProbeResult(true, "drain", Duration.ZERO, Optional.empty(), true);
        assertTrue(rf.record(weight5).changed());
        assertEquals(Optional.of(5), rf.weight());
        assertFalse(rf.record(weight5).changed(), "same weight again is no change");
        assertTrue(rf.record(drain).changed());
        assertTrue(rf.drain());
        assertEquals(Optional.empty(), rf.weight());
        assertTrue(rf.record(FAIL).changed());
        assertFalse(rf.drain(), "DOWN carries no drain flag");
    }
}
