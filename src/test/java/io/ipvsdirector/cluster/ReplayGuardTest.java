package io.ipvsdirector.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Fresh messages pass; copies, old runs and a second process with the same name do not. */
class ReplayGuardTest {
    private final ReplayGuard guard = new ReplayGuard(60_000);

    private static ClusterMessage m(String name, long incarnation, long started, long counter, long sent) {
        return new ClusterMessage("c", "10.0.0.1:5701", incarnation, started, counter, sent, List.of(),
                new NodeState(name, 100, Role.STANDBY, 0, true, 1, ""), ClusterMessage.Sighting.NONE, List.of());
    }

    @Test
    void aGrowingCounterPassesAndACopyDoesNot() {
        assertNull(guard.check(m("lb1", 7, 1000, 1, 2000), 2000));
        assertNull(guard.check(m("lb1", 7, 1000, 2, 2100), 2100));
        assertEquals("duplicate", guard.check(m("lb1", 7, 1000, 2, 2100), 2200));
        assertEquals("replay", guard.check(m("lb1", 7, 1000, 1, 2000), 2200));
    }

    @Test
    void aRestartIsANewRunThatStartedLater() {
        assertNull(guard.check(m("lb1", 7, 1000, 500, 9000), 9000));
        assertNull(guard.check(m("lb1", 3, 9500, 1, 9600), 9600), "restarted: counter from 1 again");
        assertEquals("replay", guard.check(m("lb1", 7, 1000, 400, 8000), 9700), "the old run's earlier message");
        assertEquals("replay", guard.check(m("lb1", 5, 500, 900, 9700), 9700), "an even older run");
    }

    @Test
    void aMessageFarFromTheClockIsRefusedEvenByAFreshReceiver() {
        assertEquals("stale", guard.check(m("lb1", 7, 1000, 1, 1000), 62_000));
        assertEquals("stale", guard.check(m("lb1", 7, 1000, 1, 200_000), 62_000), "from the future");
        assertNull(guard.check(m("lb1", 7, 1000, 1, 10_000), 62_000));
    }

    @Test
    void twoLiveProcessesWithOneNameTheFirstStartedKeepsIt() {
        assertNull(guard.check(m("lb1", 7, 1000, 10, 5000), 5000));
        assertNull(guard.check(m("lb1", 9, 4000, 1, 5001), 5001), "looks like a restart at first");
        assertNull(guard.check(m("lb1", 7, 1000, 11, 5100), 5100), "but the first run goes on: it keeps the name");
        assertEquals("name_clash", guard.check(m("lb1", 9, 4000, 2, 5101), 5101));
        assertNull(guard.check(m("lb1", 7, 1000, 12, 5200), 5200));
        assertEquals("name_clash", guard.check(m("lb1", 9, 4000, 3, 5201), 5201), "refused for good");
    }

    @Test
    void sendersAreKeptApart() {
        assertNull(guard.check(m("lb1", 7, 1000, 5, 2000), 2000));
        assertNull(guard.check(m("lb2", 7, 1000, 1, 2000), 2000));
    }
}
