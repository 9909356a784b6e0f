package io.ipvsdirector.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Liveness as the election sees it, driven by a hand-held clock. */
class PeersTest {
    private static final long MS = 1_000_000;
    private final Peers peers = new Peers(Duration.ofMillis(300), Duration.ofMillis(100));
    private final NodeState self = state("me", Role.ACTIVE, 1);

    private static NodeState state(String id, Role role, long version) {
        return new NodeState(id, 100, role, 0, true, version, "");
    }

    /** Within one run of each peer, its state's version stands for the message's number. */
    private boolean heard(NodeState s, boolean beacon, long now) {
        return peers.heard(s, new Stamp(0, 0, s.version()), beacon, now);
    }

    private List<String> live(long nowMs) {
        return peers.live(nowMs * MS).stream().map(NodeState::name).toList();
    }

    @Test
    void aPeerIsLiveUntilItsBeaconIsSilentForTheTimeout() {
        peers.members(Set.of("b"), 0);
        assertTrue(heard(state("b", Role.STANDBY, 1), true, 0));
        assertEquals(List.of("b"), live(300));
        assertFalse(peers.expire(300 * MS));
        assertTrue(peers.expire(301 * MS), "silent after 300 ms");
        assertEquals(List.of(), live(301));
        assertTrue(heard(state("b", Role.STANDBY, 1), true, 400 * MS), "heard again: re-elect");
        assertEquals(List.of("b"), live(400));
    }

    @Test
    void aFresherStateThroughTheMapAlsoProvesLife() {
        peers.members(Set.of("b"), 0);
        heard(state("b", Role.STANDBY, 1), true, 0);
        assertTrue(heard(state("b", Role.ACTIVE, 2), false, 500 * MS), "a newer state of a silent peer");
        assertEquals(List.of("b"), live(500));
        assertFalse(heard(state("b", Role.ACTIVE, 2), false, 600 * MS), "the same version again: no news");
    }

    @Test
    void aMemberThatNeverBeaconedIsTrustedOnMembershipAloneOnlyAfterAGrace() {
        peers.members(Set.of("b"), 0);
        heard(state("b", Role.STARTING, 1), false, 0);
        assertEquals(List.of(), live(10_000), "still starting: its beacon begins once it has joined");
        heard(state("b", Role.STANDBY, 2), false, 0);
        assertEquals(List.of(), live(1_000), "not heard yet: not counted (it may be a stale view)");
        assertEquals(List.of("b"), live(10_000), "unheard for long: UDP is filtered; trust membership");
        assertFalse(peers.expire(10_000 * MS));
        peers.members(Set.of(), 0);
        assertEquals(List.of(), live(10_000), "gone from the cluster: gone");
    }

    @Test
    void theGraceForAnUnheardMemberRunsFromWhenThisDirectorStartedListening() {
        peers.members(Set.of("b"), 0);
        heard(state("b", Role.STANDBY, 2), false, 0);
        peers.listening(5_000 * MS);
        assertEquals(List.of(), live(6_000), "its beacons could not be heard before this director listened");
        assertEquals(List.of("b"), live(7_000));
    }

    @Test
    void aPeerIsAccountedForAsAMemberOrByItsBeacon() {
        assertEquals(0, peers.accountedFor());
        heard(state("b", Role.STANDBY, 1), false, 0);
        assertEquals(0, peers.accountedFor(), "a state through the link alone is no sign that it lives");
        heard(state("c", Role.STANDBY, 1), true, 0);
        peers.members(Set.of("d"), 0);
        assertEquals(2, peers.accountedFor());
    }

    @Test
    void afterAFreezeEveryoneMustBeHeardAnew() {
        peers.members(Set.of("b"), 0);
        heard(state("b", Role.STANDBY, 1), true, 0);
        peers.forgetLiveness();
        assertEquals(List.of(), live(5_000), "it has beaconed before: only a new beacon proves it alive");
        assertTrue(heard(state("b", Role.STANDBY, 1), true, 5_000 * MS), "the first beacon after a freeze counts");
    }

    @Test
    void candidatesAreTheLivePeersAndSelf() {
        peers.members(Set.of("b", "c"), 0);
        for (long t : new long[] {0, 100}) {
            heard(state("c", Role.STANDBY, 1), true, t * MS);
            heard(state("b", Role.STANDBY, 1), true, t * MS);
        }
        assertEquals(List.of("b", "c", "me"), peers.candidates(self, 100 * MS).stream().map(NodeState::name).toList());
        assertTrue(peers.allMembersKnown(self));
    }

    @Test
    void aSilentPeerThatLeftTheClusterLayerIsRememberedForItsEpoch() {
        peers.members(Set.of(), 0);
        heard(new NodeState("x", 100, Role.ACTIVE, 7, true, 1, ""), true, 0);
        assertEquals(List.of("x"), live(0), "heard by beacon before the cluster layer merged: counts for fencing");
        peers.expire(1000 * MS);
        assertEquals(List.of(), live(1000));
        assertEquals(7, peers.all().iterator().next().epoch(), "the next epoch must still be above it");
    }

    @Test
    void aPeerThatStallsAndComesBackGetsALongerTimeoutThatDecays() {
        peers.members(Set.of("b"), 0);
        heard(state("b", Role.ACTIVE, 1), true, 0);
        assertTrue(peers.expire(301 * MS));
        heard(state("b", Role.ACTIVE, 1), true, 400 * MS); // back 99 ms later: a stall
        assertFalse(peers.expire(1000 * MS), "now 600 ms: 600 ms since the last beacon is not silent");
        assertTrue(peers.expire(1001 * MS));
        heard(state("b", Role.ACTIVE, 1), true, 1100 * MS); // stalled again
        assertFalse(peers.expire(2300 * MS), "1200 ms now");
        assertTrue(peers.expire(2301 * MS));
        heard(state("b", Role.ACTIVE, 1), true, 2400 * MS); // a third stall: 2400 ms
        // After a quiet minute (beacons flowing, the last at 62.5 s) the timeout halves: 2400 -> 1200 ms.
        heard(state("b", Role.ACTIVE, 1), true, 62_500 * MS);
        assertFalse(peers.expire(62_600 * MS));
        assertFalse(peers.expire(63_700 * MS));
        assertTrue(peers.expire(63_701 * MS));
    }

    @Test
    void aPeerGoneLongerThanItsTimeoutDiedAndIsNotDamped() {
        peers.members(Set.of("b"), 0);
        heard(state("b", Role.ACTIVE, 1), true, 0);
        assertTrue(peers.expire(301 * MS));
        heard(state("b", Role.STANDBY, 2), true, 5_000 * MS); // restarted after 5 s
        assertTrue(peers.expire(5_301 * MS), "still 300 ms");
    }

    @Test
    void aBurstOfQueuedBeaconsDoesNotCountAsHearingAPeerAfresh() {
        peers.members(Set.of("b"), 0);
        heard(state("b", Role.STANDBY, 3), true, 0);
        peers.forgetLiveness();
        // Beacons sent during a cut, queued behind ARP and delivered at once when the link is back.
        heard(state("b", Role.STANDBY, 3), true, 5_000 * MS);
        heard(state("b", Role.STARTING, 4), true, 5_000 * MS + 100_000);
        heard(state("b", Role.ACTIVE, 5), true, 5_000 * MS + 200_000);
        assertFalse(peers.allMembersKnown(self), "a burst is history, not a live stream");
        heard(state("b", Role.ACTIVE, 6), true, 5_100 * MS);
        assertTrue(peers.allMembersKnown(self), "the next beacon, an interval later, is live");
    }

    @Test
    void aStrongerPeerStillStartingIsWaitedForAndAWeakerOneIsNot() {
        peers.members(Set.of("b"), 0);
        NodeState b = new NodeState("b", 150, Role.STARTING, 0, false, 1, "synchronising");
        heard(b, true, 0);
        heard(b, true, 100 * MS);
        assertFalse(peers.allMembersKnown(self), "b (150) finishes joining too: wait for it rather than both win");
        NodeState strongSelf = new NodeState("me", 200, Role.STARTING, 0, false, 1, "");
        assertTrue(peers.allMembersKnown(strongSelf), "the stronger waits for nobody");
        heard(new NodeState("b", 150, Role.STANDBY, 0, true, 2, ""), true, 200 * MS);
        assertTrue(peers.allMembersKnown(self));
    }

    @Test
    void afterACutAPeerTheClusterLayerDroppedIsStillWaitedFor() {
        peers.members(Set.of("b"), 0);
        heard(state("b", Role.ACTIVE, 1), true, 0);
        peers.members(Set.of(), 3_000 * MS); // dropped after dead_after while the link was down
        peers.forgetLiveness();
        assertFalse(peers.allMembersKnown(self), "it beaconed before: hear it again before electing");
        heard(state("b", Role.ACTIVE, 2), true, 5_000 * MS);
        heard(state("b", Role.ACTIVE, 2), true, 5_100 * MS);
        assertTrue(peers.allMembersKnown(self));
    }

    @Test
    void aRestartedPeersFirstStateIsNewerThanAnythingOfItsLastRun() {
        peers.members(Set.of("b"), 0);
        peers.heard(state("b", Role.ACTIVE, 900), new Stamp(1_000, 7, 5_000), true, 0);
        assertTrue(peers.heard(state("b", Role.STARTING, 1), new Stamp(9_000, 3, 1), true, 100 * MS),
                "its versions start again from 1, yet it is the news");
        assertEquals(Role.STARTING, peers.live(100 * MS).get(0).role());
        assertFalse(peers.heard(state("b", Role.ACTIVE, 901), new Stamp(1_000, 7, 5_001), false, 200 * MS),
                "a late copy of the old run through the map changes nothing");
        assertEquals(Role.STARTING, peers.live(200 * MS).get(0).role());
    }

    @Test
    void aPeerTheClusterLayerDropsWhileItsBeaconHasStoppedIsGoneAtOnce() {
        peers.members(Set.of("b"), 0);
        heard(state("b", Role.ACTIVE, 1), true, 0);
        peers.members(Set.of(), 250 * MS); // its process died: connections closed, reconnect refused
        assertEquals(List.of(), live(250), "not heard for 250 ms and dropped: gone before its 300 ms timeout");
    }

    @Test
    void aPeerTheClusterLayerDropsWhileItStillBeaconsStaysAlive() {
        peers.members(Set.of("b"), 0);
        heard(state("b", Role.ACTIVE, 1), true, 0);
        heard(state("b", Role.ACTIVE, 2), true, 150 * MS);
        peers.members(Set.of(), 200 * MS);
        assertEquals(List.of("b"), live(200), "a closed connection is not a death while it beacons");
    }

    @Test
    void aMajorityCountsOnlyPeersThatHearThisDirectorBack() {
        peers.members(Set.of("b", "w"), 0);
        NodeState b = state("b", Role.STANDBY, 1);
        NodeState w = state("w", Role.WITNESS, 1);
        peers.heard(b, new Stamp(0, 0, 1), ClusterMessage.Sighting.NONE, Set.of("w"), true, 0);
        peers.heard(w, new Stamp(0, 0, 1), ClusterMessage.Sighting.NONE, Set.of("b"), true, 0);
        assertFalse(peers.majority("me", 3, 0), "it hears both, but neither hears it yet (a cut healing one way)");
        peers.heard(w, new Stamp(0, 0, 2), ClusterMessage.Sighting.NONE, Set.of("b", "me"), true, 100 * MS);
        assertTrue(peers.majority("me", 3, 100 * MS), "the witness hears it back: 2 of 3");
    }

    @Test
    void aDampedPeerStaysAliveButItsVoteLapsesAtTheBaseTimeout() {
        peers.members(Set.of("w"), 0);
        NodeState w = state("w", Role.WITNESS, 1);
        peers.heard(w, new Stamp(0, 0, 1), ClusterMessage.Sighting.NONE, Set.of("me"), true, 0);
        assertTrue(peers.expire(301 * MS));
        peers.heard(w, new Stamp(0, 0, 1), ClusterMessage.Sighting.NONE, Set.of("me"), true, 400 * MS); // a stall
        assertTrue(peers.majority("me", 2, 700 * MS));
        assertFalse(peers.lapseVotes(700 * MS));
        assertTrue(peers.lapseVotes(701 * MS), "not heard for the base timeout: the election must look again");
        assertFalse(peers.lapseVotes(750 * MS), "once");
        assertEquals(List.of("w"), live(701), "alive by its damped timeout (600 ms)");
        assertFalse(peers.majority("me", 2, 701 * MS), "but no longer a vote: the other side may take over"
                + " after the base timeout and the release grace, and this side must have let go by then");
        assertTrue(peers.heard(w, new Stamp(0, 0, 2), ClusterMessage.Sighting.NONE, Set.of("me"), true, 800 * MS),
                "heard again: the vote is back and the election looks again");
        assertTrue(peers.majority("me", 2, 800 * MS));
    }

    @Test
    void aDroppedPeerKeepsItsVoteAndItsHoldOnTheVipsForTheBaseTimeout() {
        peers.members(Set.of("b"), 0);
        peers.heard(state("b", Role.ACTIVE, 1), new Stamp(0, 0, 1), ClusterMessage.Sighting.NONE, Set.of("me"), true, 0);
        peers.members(Set.of(), 250 * MS); // a merge's churn, or a crash: nobody can tell yet
        assertEquals(List.of(), live(250), "out of the election at once");
        assertTrue(peers.majority("me", 2, 250 * MS), "still a vote: an ACTIVE does not drop its VIPs for churn");
        assertEquals(List.of("b"), peers.recentlyActive(250 * MS).stream().map(NodeState::name).toList(),
                "and, with a witness, still held to hold the VIPs");
        assertTrue(peers.lapseVotes(301 * MS));
        assertFalse(peers.majority("me", 2, 301 * MS));
        assertEquals(List.of(), peers.recentlyActive(301 * MS));
    }

    @Test
    void aPeerThatJustTurnedStartingIsListedForTwoTimeouts() {
        peers.members(Set.of("b"), 0);
        heard(state("b", Role.STANDBY, 1), true, 0);
        heard(state("b", Role.STARTING, 2), true, 100 * MS);
        heard(state("b", Role.STARTING, 3), true, 600 * MS);
        assertEquals(List.of("b"), peers.starting(699 * MS).stream().map(NodeState::name).toList());
        heard(state("b", Role.STARTING, 4), true, 700 * MS);
        assertEquals(List.of(), peers.starting(700 * MS), "starting since 100 ms: 600 ms is two timeouts");
    }

    @Test
    void aPeerHandingOverAtTheOperatorsRequestIsNotWaitedFor() {
        peers.members(Set.of("b"), 0);
        heard(state("b", Role.ACTIVE, 1), true, 0);
        heard(state("b", Role.STARTING, 2), true, 100 * MS);
        assertTrue(peers.handingOver("b", true));
        assertEquals(List.of(), peers.starting(150 * MS), "it is leaving the election, not re-joining it");
        assertFalse(peers.handingOver("b", true), "no news");
        assertTrue(peers.handingOver("b", false));
        assertEquals(List.of("b"), peers.starting(150 * MS).stream().map(NodeState::name).toList());
    }

    @Test
    void aCrashedPeerLeavesAtOnceWithItsVoteAndItsHold() {
        peers.members(Set.of("b"), 0);
        NodeState b = new NodeState("b", 100, Role.ACTIVE, 3, true, 1, "");
        peers.heard(b, new Stamp(0, 7, 1), ClusterMessage.Sighting.NONE, Set.of("me"), true, 0);
        assertTrue(peers.majority("me", 3, 50 * MS));
        assertTrue(peers.crashed("b", 40 * MS, 50 * MS), "an ACTIVE that crashed changes the election");
        assertEquals(List.of(), live(50), "out at once, not after the 300 ms timeout");
        assertEquals(List.of(), peers.recentlyActive(50 * MS), "no hold on the VIPs: its process is gone");
        assertFalse(peers.majority("me", 3, 50 * MS), "and no vote");
        assertFalse(peers.crashed("b", 40 * MS, 60 * MS), "told once");
    }

    @Test
    void aPeerHeardAfterItsLinkEndedDidNotCrash() {
        peers.members(Set.of("b"), 0);
        heard(state("b", Role.ACTIVE, 1), true, 0);
        heard(state("b", Role.ACTIVE, 2), true, 100 * MS);
        assertFalse(peers.crashed("b", 50 * MS, 110 * MS), "it beaconed after the connection ended");
        assertEquals(List.of("b"), live(110));
    }

    @Test
    void onlyABeaconOrALaterRunBringsACrashedPeerBack() {
        peers.members(Set.of("b"), 0);
        peers.heard(state("b", Role.ACTIVE, 1), new Stamp(0, 7, 1), true, 0);
        peers.crashed("b", 10 * MS, 20 * MS);
        assertFalse(peers.heard(state("b", Role.ACTIVE, 2), new Stamp(0, 7, 2), false, 30 * MS),
                "a message of the dead run, relayed late by the map, is no sign of life");
        assertEquals(List.of(), live(30));
        assertTrue(peers.heard(state("b", Role.STARTING, 1), new Stamp(5, 9, 1), false, 40 * MS), "a new run");
        peers.heard(state("b", Role.STANDBY, 2), new Stamp(5, 9, 2), true, 40 * MS);
        assertEquals(List.of("b"), live(40));
        peers.crashed("b", 50 * MS, 60 * MS);
        assertTrue(peers.heard(state("b", Role.STANDBY, 3), new Stamp(5, 9, 3), true, 70 * MS),
                "its own beacon: the link's evidence was wrong (a connection reset), it lives");
        assertEquals(List.of("b"), live(70));
    }

    @Test
    void aPeerThatFellSilentWhileThisDirectorResynchronisedIsNotWaitedFor() {
        NodeState me = state("me", Role.STARTING, 1);
        peers.members(Set.of("b"), 0);
        heard(state("b", Role.ACTIVE, 1), true, 0);
        peers.forgetLiveness();
        assertFalse(peers.allMembersKnown(me), "not heard afresh yet");
        heard(state("b", Role.ACTIVE, 2), true, 10 * MS);
        assertFalse(peers.allMembersKnown(me), "one beacon is not enough (a burst from the queues)");
        assertTrue(peers.expire(311 * MS), "then it fell silent (its link went down)");
        assertTrue(peers.allMembersKnown(me), "known: out of the election, nothing to wait for");
    }

    @Test
    void aRestartedPeerIsAliveByItsOwnBeaconAndIsNotDampedForTheRestart() {
        peers.members(Set.of("b"), 0);
        peers.heard(state("b", Role.ACTIVE, 1), new Stamp(0, 7, 1), true, 0);
        assertTrue(peers.expire(400 * MS), "the old run went silent (it was stopped)");
        assertTrue(peers.heard(state("b", Role.STARTING, 1), new Stamp(5, 9, 1), false, 500 * MS),
                "the new run's first state, through the map, is news");
        assertEquals(List.of(), live(500), "but not a sign of life: its beacon has not started");
        assertFalse(peers.expire(801 * MS), "so it is not declared silent again before its beacon starts");
        peers.heard(state("b", Role.STANDBY, 2), new Stamp(5, 9, 2), true, 850 * MS);
        assertEquals(List.of("b"), live(850));
        assertTrue(peers.expire(1_151 * MS), "silent after the base 300 ms: the restart did not damp it");
    }
}
