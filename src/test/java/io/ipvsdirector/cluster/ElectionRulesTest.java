package io.ipvsdirector.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each rule of {@link ElectionRules}, on hand-made views. */
class ElectionRulesTest {
    static NodeState n(String name, int priority, Role role, long epoch) {
        return new NodeState(name, priority, role, epoch, true, 1, "");
    }

    static ElectionView view(NodeState self, List<NodeState> live) {
        return new ElectionView(self, live, live, live, Optional.empty(), false, 1 + live.size(), true, false, Optional.empty(), List.of(), List.of());
    }

    @Test
    void theBestStandbyAcquiresAboveEveryEpochSeen() {
        Decision d = ElectionRules.decide(view(n("lb1", 150, Role.STANDBY, 2), List.of(n("lb2", 100, Role.STANDBY, 6))));
        assertEquals(new Decision.Acquire(7, "elected among lb1(150), lb2(100)"), d);
    }

    @Test
    void aWinnerWaitsWhileTheHolderMayStillHoldTheVips() {
        NodeState self = n("lb1", 150, Role.STANDBY, 2);
        assertEquals(new Decision.Wait("lb2"), ElectionRules.decide(view(self, List.of(n("lb2", 100, Role.ACTIVE, 3)))));
    }

    @Test
    void aLosingActiveHandsOver() {
        NodeState self = n("lb2", 100, Role.ACTIVE, 3);
        assertEquals(new Decision.Release(Role.STANDBY, "handing over to lb1", Optional.of("lb1")),
                ElectionRules.decide(view(self, List.of(n("lb1", 150, Role.STANDBY, 2)))));
    }

    @Test
    void anActiveThatMeetsAStrongerActiveStepsDownAndListensBeforeElectingAgain() {
        // Woken from a freeze: the peer took over meanwhile with a higher epoch.
        NodeState self = n("lb1", 150, Role.ACTIVE, 3);
        Decision d = ElectionRules.decide(view(self, List.of(n("lb2", 100, Role.ACTIVE, 4))));
        assertEquals(new Decision.Release(Role.STARTING, "stepping down: lb2 is ACTIVE with epoch 4"), d,
                "never straight back to an election on the view it had before the freeze");
    }

    @Test
    void aFaultReleasesAndRecoveryListensFirst() {
        ElectionView faulty = new ElectionView(n("lb1", 150, Role.ACTIVE, 3), List.of(), List.of(), List.of(),
                Optional.of("link of eth0 has no carrier"), false, 2, true, false, Optional.empty(), List.of(), List.of());
        assertEquals(new Decision.Fault("link of eth0 has no carrier"), ElectionRules.decide(faulty));
        assertInstanceOf(Decision.Resync.class, ElectionRules.decide(view(n("lb1", 150, Role.FAULT, 3), List.of())));
    }

    @Test
    void withAWitnessAMinorityMayNotOwnAndRegainingTheMajorityListensFirst() {
        NodeState self = n("lb1", 150, Role.ACTIVE, 3);
        ElectionView alone = new ElectionView(self, List.of(), List.of(), List.of(), Optional.empty(), true, 3, false, false, Optional.empty(), List.of(), List.of());
        assertEquals(new Decision.Minority("no majority: hears 1 of 3 members"), ElectionRules.decide(alone));
        ElectionView back = new ElectionView(n("lb1", 150, Role.STANDBY, 3), List.of(n("w", 1, Role.WITNESS, 0)),
                List.of(), List.of(), Optional.empty(), true, 3, true, true, Optional.empty(), List.of(), List.of());
        assertInstanceOf(Decision.Resync.class, ElectionRules.decide(back));
    }

    @Test
    void startingStoppingAndWitnessNeverDecide() {
        for (Role r : List.of(Role.STARTING, Role.STOPPING, Role.WITNESS)) {
            assertEquals(Decision.STAY, ElectionRules.decide(view(n("lb1", 150, r, 0), List.of())));
        }
    }

    @Test
    void justAfterHandingOverItLeavesThePeerTheVipsEvenWhenItLooksLikeTheWinnerAgain() {
        // lb2 released to lb1, which has just gone back to STARTING (it is re-synchronising): lb2
        // would win on its own, but lb1 may be taking the VIPs on a view where lb2 is gone.
        NodeState self = n("lb2", 100, Role.STANDBY, 2);
        List<NodeState> live = List.of(n("lb1", 150, Role.STARTING, 1));
        ElectionView v = new ElectionView(self, live, live, live, Optional.empty(), true, 3, true, false, Optional.of("lb1"), List.of(), List.of());
        assertEquals(new Decision.AwaitTakeover("lb1"), ElectionRules.decide(v));
        ElectionView gone = new ElectionView(self, List.of(n("w", 1, Role.WITNESS, 0)), List.of(), List.of(), Optional.empty(),
                true, 3, true, false, Optional.of("lb1"), List.of(), List.of());
        assertInstanceOf(Decision.Acquire.class, ElectionRules.decide(gone), "once it is silent, no more waiting");
    }

    @Test
    void withAWitnessAPeerThatStillSeesAnotherActiveLendsItItsMajority() {
        // After a cut, lb2 does not hear lb1 yet, but the witness does, and sees it ACTIVE.
        NodeState self = n("lb2", 100, Role.STANDBY, 3);
        List<NodeState> live = List.of(n("witness", 1, Role.WITNESS, 0));
        List<ClusterMessage.Sighting> seen = List.of(new ClusterMessage.Sighting("lb1", 4));
        ElectionView v = new ElectionView(self, live, live, live, Optional.empty(), true, 3, true, false, Optional.empty(), seen, List.of());
        assertEquals(new Decision.Wait("lb1"), ElectionRules.decide(v));
        ElectionView noWitness = new ElectionView(self, live, live, live, Optional.empty(), false, 2, true, false,
                Optional.empty(), seen, List.of());
        assertInstanceOf(Decision.Acquire.class, ElectionRules.decide(noWitness), "a pair is unchanged");
        ElectionView itself = new ElectionView(n("lb1", 150, Role.STANDBY, 4), live, live, live, Optional.empty(), true, 3,
                true, false, Optional.empty(), List.of(new ClusterMessage.Sighting("lb1", 4)), List.of());
        assertInstanceOf(Decision.Acquire.class, ElectionRules.decide(itself), "its own name in a sighting holds nobody back");
    }

    @Test
    void aStrongerPeerHearingTheClusterAfreshIsWaitedForNotRaced() {
        // lb1 dropped the VIPs for a moment (a merge's churn) and is re-synchronising: lb2 would win
        // among the eligible, but lb1 elects itself a beacon later; both would take the VIPs.
        NodeState self = n("lb2", 100, Role.STANDBY, 3);
        List<NodeState> live = List.of(n("lb1", 150, Role.STARTING, 3), n("w", 1, Role.WITNESS, 0));
        ElectionView v = new ElectionView(self, live, live, live, Optional.empty(), true, 3, true, false, Optional.empty(),
                List.of(), List.of(live.get(0)));
        assertEquals(new Decision.AwaitStronger("lb1"), ElectionRules.decide(v));
        ElectionView late = new ElectionView(self, live, live, live, Optional.empty(), true, 3, true, false,
                Optional.empty(), List.of(), List.of());
        assertInstanceOf(Decision.Acquire.class, ElectionRules.decide(late), "starting for long: not waited for");
        ElectionView weaker = new ElectionView(n("lb1", 150, Role.STANDBY, 3), List.of(n("lb2", 100, Role.STARTING, 3)),
                List.of(), List.of(), Optional.empty(), false, 2, true, false, Optional.empty(), List.of(),
                List.of(n("lb2", 100, Role.STARTING, 3)));
        assertInstanceOf(Decision.Acquire.class, ElectionRules.decide(weaker), "a weaker one is not waited for");
    }
}
