package io.ipvsdirector.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvsdirector.ha.ChaosSchedule.Kind;
import io.ipvsdirector.ha.ChaosSchedule.Step;
import io.ipvsdirector.ha.ChaosSchedule.Topology;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChaosScheduleTest {
    @Test
    void aSeedAlwaysGivesTheSameSchedule() {
        for (long seed = 0; seed < 50; seed++) {
            assertEquals(ChaosSchedule.generate(seed, Topology.WITNESS, 3), ChaosSchedule.generate(seed, Topology.WITNESS, 3));
        }
    }

    @Test
    void differentSeedsGiveDifferentSchedules() {
        Set<ChaosSchedule> seen = new HashSet<>();
        for (long seed = 0; seed < 50; seed++) {
            seen.add(ChaosSchedule.generate(seed, Topology.PAIR, 3));
        }
        assertTrue(seen.size() >= 49, "distinct schedules: " + seen.size());
        assertNotEquals(ChaosSchedule.generate(1, Topology.PAIR, 3).steps(), ChaosSchedule.generate(2, Topology.PAIR, 3).steps());
    }

    @Test
    void everyKindIsDrawnAndStepsStayInTheirBounds() {
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        for (long seed = 0; seed < 2_000; seed++) {
            Topology topology = Topology.of(seed);
            ChaosSchedule s = ChaosSchedule.generate(seed, topology, 3);
            assertTrue(s.steps().size() >= 1 && s.steps().size() <= 3, s.toString());
            for (Step step : s.steps()) {
                kinds.add(step.kind());
                assertTrue(between(step.gap(), 200, 2_000), step.toString());
                switch (step.kind()) {
                    case INTRUDER, REPLAY -> assertEquals("x", step.target());
                    case RELOAD, LOSS -> assertTrue(Set.of("d1", "d2").contains(step.target()), step.toString());
                    default -> assertTrue((topology == Topology.WITNESS ? Set.of("d1", "d2", "w") : Set.of("d1", "d2"))
                            .contains(step.target()), step.toString());
                }
                switch (step.kind()) {
                    case SIGKILL, SIGTERM, FREEZE -> assertTrue(between(step.hold(), 500, 4_000), step.toString());
                    case LINK_DOWN -> assertTrue(between(step.hold(), 1_000, 12_000), step.toString());
                    case PARTITION -> assertTrue(between(step.hold(), 1_000, 8_000), step.toString());
                    case LOSS -> assertTrue(step.param() >= 10 && step.param() <= 30, step.toString());
                    case RELOAD -> assertTrue(step.param() == 0 || step.param() == 1, step.toString());
                    case INTRUDER -> assertTrue(between(step.hold(), 3_000, 8_000), step.toString());
                    case REPLAY -> assertTrue(step.param() >= 1 && step.param() <= 10 && step.hold().isZero(), step.toString());
                }
            }
        }
        assertEquals(EnumSet.allOf(Kind.class), kinds);
    }

    @Test
    void aRunOfBothTopologiesAlternatesThemBySeed() {
        assertEquals(Topology.PAIR, Topology.of(10));
        assertEquals(Topology.WITNESS, Topology.of(11));
        assertEquals(Topology.PAIR, Topology.of(-4));
        assertEquals(Topology.WITNESS, Topology.of(-3));
    }

    @Test
    void theWitnessIsATargetOnlyWhenThereIsOne() {
        boolean witnessHit = false;
        for (long seed = 0; seed < 500; seed++) {
            assertTrue(ChaosSchedule.generate(seed, Topology.PAIR, 3).steps().stream().noneMatch(s -> s.target().equals("w")));
            witnessHit |= ChaosSchedule.generate(seed, Topology.WITNESS, 3).steps().stream().anyMatch(s -> s.target().equals("w"));
        }
        assertTrue(witnessHit);
    }

    private static boolean between(Duration d, long from, long to) {
        return d.toMillis() >= from && d.toMillis() <= to;
    }
}
