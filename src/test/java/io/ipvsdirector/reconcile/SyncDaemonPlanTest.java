package io.ipvsdirector.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvsdirector.config.SyncDaemonConfig;
import io.ipvsdirector.kernel.ipvs.SyncDaemon;
import io.ipvsdirector.kernel.ipvs.SyncDaemon.State;
import io.ipvsdirector.net.InetAddresses;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which sync daemons to stop and start for a role, a configuration and what the kernel runs. */
class SyncDaemonPlanTest {
    private static final SyncDaemonConfig SYNC = new SyncDaemonConfig("eth1", 51, Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());
    private static final SyncDaemon MASTER = SyncDaemon.of(State.MASTER, "eth1", 51);
    private static final SyncDaemon BACKUP = SyncDaemon.of(State.BACKUP, "eth1", 51);

    @Test
    void nothingRunsAndTheRoleDecidesWhichStarts() {
        assertEquals(new SyncDaemonPlan(List.of(), Optional.of(MASTER)), SyncDaemonPlan.of(Optional.of(SYNC), true, List.of(), Set.of()));
        assertEquals(new SyncDaemonPlan(List.of(), Optional.of(BACKUP)), SyncDaemonPlan.of(Optional.of(SYNC), false, List.of(), Set.of()));
    }

    @Test
    void becomingActiveStopsTheBackupBeforeStartingTheMaster() {
        assertEquals(new SyncDaemonPlan(List.of(State.BACKUP), Optional.of(MASTER)),
                SyncDaemonPlan.of(Optional.of(SYNC), true, List.of(BACKUP), Set.of(State.BACKUP)));
        assertEquals(new SyncDaemonPlan(List.of(State.MASTER), Optional.of(BACKUP)),
                SyncDaemonPlan.of(Optional.of(SYNC), false, List.of(MASTER), Set.of(State.MASTER)));
    }

    @Test
    void theRightDaemonRunningIsNoChangeEvenWithTheKernelsDefaultsFilledIn() {
        SyncDaemon reported = new SyncDaemon(State.MASTER, "eth1", 51, Optional.of(1472),
                Optional.of(InetAddresses.parse("224.0.0.81")), Optional.of(8848), Optional.of(1));
        assertTrue(SyncDaemonPlan.of(Optional.of(SYNC), true, List.of(reported), Set.of()).isEmpty());
    }

    @Test
    void aChangedSyncIdOrInterfaceRestartsTheDaemon() {
        SyncDaemonConfig other = new SyncDaemonConfig("eth2", 52, Optional.empty(), Optional.empty(), Optional.of(9000),
                Optional.empty());
        assertEquals(new SyncDaemonPlan(List.of(State.MASTER), Optional.of(SyncDaemonPlan.daemon(other, State.MASTER))),
                SyncDaemonPlan.of(Optional.of(other), true, List.of(MASTER), Set.of(State.MASTER)));
        SyncDaemon wrongPort = new SyncDaemon(State.MASTER, "eth2", 52, Optional.empty(), Optional.empty(), Optional.of(8848),
                Optional.empty());
        assertEquals(List.of(State.MASTER), SyncDaemonPlan.of(Optional.of(other), true, List.of(wrongPort), Set.of()).stop());
    }

    @Test
    void withAConfigurationTheDirectorOwnsBothDaemons() {
        // An operator's backup daemon would take the ACTIVE's own connections back from a stale peer.
        assertEquals(new SyncDaemonPlan(List.of(State.BACKUP), Optional.empty()),
                SyncDaemonPlan.of(Optional.of(SYNC), true, List.of(MASTER, BACKUP), Set.of()));
    }

    @Test
    void withoutAConfigurationOnlyWhatTheDirectorStartedIsStopped() {
        assertTrue(SyncDaemonPlan.of(Optional.empty(), true, List.of(MASTER), Set.of()).isEmpty(), "the operator's own");
        assertEquals(new SyncDaemonPlan(List.of(State.BACKUP), Optional.empty()),
                SyncDaemonPlan.of(Optional.empty(), false, List.of(MASTER, BACKUP), Set.of(State.BACKUP)));
    }

    @Test
    void activeActiveReceivesAlwaysAndSendsToo() {
        assertEquals(new SyncDaemonPlan(List.of(), List.of(BACKUP)),
                SyncDaemonPlan.of(Optional.of(SYNC), false, true, List.of(), Set.of()), "STANDBY for every group");
        assertEquals(new SyncDaemonPlan(List.of(), List.of(MASTER)),
                SyncDaemonPlan.of(Optional.of(SYNC), true, true, List.of(BACKUP), Set.of(State.BACKUP)),
                "ACTIVE for a group: the master joins the backup, which keeps running");
        assertEquals(new SyncDaemonPlan(List.of(), List.of(BACKUP, MASTER)),
                SyncDaemonPlan.of(Optional.of(SYNC), true, true, List.of(), Set.of()));
        assertEquals(new SyncDaemonPlan(List.of(State.MASTER), List.of()),
                SyncDaemonPlan.of(Optional.of(SYNC), false, true, List.of(MASTER, BACKUP), Set.of(State.MASTER, State.BACKUP)),
                "ACTIVE for no group any more: the master stops, the backup stays");
        assertTrue(SyncDaemonPlan.of(Optional.of(SYNC), true, true, List.of(MASTER, BACKUP), Set.of()).isEmpty());
    }
}
