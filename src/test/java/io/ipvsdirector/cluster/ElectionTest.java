package io.ipvsdirector.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every rule of the election and of fencing, on hand-made views. */
class ElectionTest {
    private static NodeState node(String id, int priority, Role role) {
        return new NodeState(id, priority, role, 0, true, 1, "");
    }

    private static NodeState node(String id, int priority, Role role, long epoch, boolean preemptReady) {
        return new NodeState(id, priority, role, epoch, preemptReady, 1, "");
    }

    @Test
    void highestPriorityWins() {
        assertEquals(Optional.of("b"), Election.winner(List.of(node("a", 100, Role.STANDBY), node("b", 150, Role.STANDBY))));
    }

    @Test
    void noEligibleDirectorMeansNoActive() {
        assertEquals(Optional.empty(), Election.winner(List.of(node("a", 100, Role.FAULT), node("b", 150, Role.STARTING),
                node("c", 200, Role.STOPPING))));
        assertEquals(Optional.empty(), Election.winner(List.of()));
    }

    @Test
    void faultStartingAndStoppingDirectorsAreNotEligible() {
        assertEquals(Optional.of("a"), Election.winner(List.of(node("a", 100, Role.STANDBY), node("b", 150, Role.FAULT))));
        assertEquals(Optional.of("a"), Election.winner(List.of(node("a", 100, Role.STANDBY), node("b", 150, Role.STARTING))));
        assertEquals(Optional.of("a"), Election.winner(List.of(node("a", 100, Role.STANDBY), node("b", 150, Role.STOPPING))));
    }

    @Test
    void aTieGoesToTheCurrentActive() {
        assertEquals(Optional.of("b"), Election.winner(List.of(node("a", 100, Role.STANDBY), node("b", 100, Role.ACTIVE))));
    }

    @Test
    void aTieWithoutAnActiveGoesToTheLowerNameWhateverTheOrder() {
        assertEquals(Optional.of("a"), Election.winner(List.of(node("a", 100, Role.STANDBY), node("b", 100, Role.STANDBY))));
        assertEquals(Optional.of("a"), Election.winner(List.of(node("b", 100, Role.STANDBY), node("a", 100, Role.STANDBY))));
    }

    @Test
    void aHigherPriorityPreemptsWhenReady() {
        assertEquals(Optional.of("b"), Election.winner(List.of(node("a", 100, Role.ACTIVE, 3, true),
                node("b", 150, Role.STANDBY, 2, true))));
    }

    @Test
    void withoutPreemptTheCurrentActiveStays() {
        assertEquals(Optional.of("a"), Election.winner(List.of(node("a", 100, Role.ACTIVE, 3, false),
                node("b", 150, Role.STANDBY, 2, false))));
    }

    @Test
    void aNonPreemptingHigherPriorityDoesNotShieldAPreemptingMiddleOne() {
        assertEquals(Optional.of("c"), Election.winner(List.of(node("a", 100, Role.ACTIVE, 3, false),
                node("b", 200, Role.STANDBY, 0, false), node("c", 150, Role.STANDBY, 0, true))));
    }

    @Test
    void withoutACurrentActiveTheBestWinsEvenIfNotPreemptReady() {
        assertEquals(Optional.of("b"), Election.winner(List.of(node("a", 100, Role.STANDBY, 0, false),
                node("b", 150, Role.STANDBY, 0, false))));
    }

    @Test
    void aLowerPriorityNeverPreempts() {
        assertEquals(Optional.of("b"), Election.winner(List.of(node("a", 50, Role.STANDBY, 0, true),
                node("b", 100, Role.ACTIVE, 1, true))));
    }

    @Test
    void twoActivesAfterAHealCountTheStrongerAsCurrent() {
        NodeState a = node("a", 100, Role.ACTIVE, 4, true);
        NodeState b = node("b", 100, Role.ACTIVE, 5, true);
        assertEquals(Optional.of("b"), Election.winner(List.of(a, b)));
        assertEquals(Optional.of(b), Election.current(List.of(a, b)));
    }

    @Test
    void anActiveSeeingAHigherEpochStepsDown() {
        NodeState self = node("a", 200, Role.ACTIVE, 4, true);
        assertTrue(Fencing.mustStepDown(self, List.of(node("b", 100, Role.ACTIVE, 5, true))));
        assertFalse(Fencing.mustStepDown(self, List.of(node("b", 100, Role.ACTIVE, 3, true))));
        assertFalse(Fencing.mustStepDown(self, List.of(node("b", 100, Role.STANDBY, 9, true))), "only ACTIVEs fence");
        assertFalse(Fencing.mustStepDown(node("a", 200, Role.STANDBY, 4, true), List.of(node("b", 100, Role.ACTIVE, 5, true))));
    }

    @Test
    void equalEpochsAreBrokenByPriorityThenNameTheSameWayOnBothSides() {
        NodeState a = node("a", 100, Role.ACTIVE, 5, true);
        NodeState b = node("b", 150, Role.ACTIVE, 5, true);
        assertTrue(Fencing.mustStepDown(a, List.of(b)));
        assertFalse(Fencing.mustStepDown(b, List.of(a)));
        NodeState c = node("c", 100, Role.ACTIVE, 5, true);
        assertTrue(Fencing.mustStepDown(c, List.of(a)) != Fencing.mustStepDown(a, List.of(c)), "exactly one steps down");
        assertFalse(Fencing.mustStepDown(a, List.of(a)), "a director never fences itself");
    }

    @Test
    void theNextEpochIsAboveEveryEpochSeen() {
        assertEquals(8, Fencing.nextEpoch(3, List.of(node("b", 1, Role.ACTIVE, 7, true), node("c", 1, Role.STANDBY, 2, true))));
        assertEquals(4, Fencing.nextEpoch(3, List.of()));
    }

    @Test
    void aStaleActiveIsNoCandidateWhateverItsPriority() {
        // lb1 (150) was frozen while lb2 took over with a higher epoch: lb2 stays until lb1 has stepped down.
        NodeState lb1 = node("lb1", 150, Role.ACTIVE, 1, true);
        NodeState lb2 = node("lb2", 100, Role.ACTIVE, 2, true);
        assertEquals(Optional.of("lb2"), Election.winner(List.of(lb1, lb2)));
        assertEquals(Optional.of("lb1"), Election.winner(List.of(node("lb1", 150, Role.STANDBY, 1, true), lb2)),
                "once it stands by, preemption applies");
    }
}
