package io.ipvsdirector.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvsdirector.testkit.Capture;
import io.ipvsdirector.testkit.NamespaceTest;
import io.ipvsdirector.testkit.Poll;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A VIP-only pair (d1 priority 150, d2 100): each fault of the ACTIVE moves the VIP to the other, the
 * client learns the new MAC from a gratuitous ARP, and no two live, reachable directors ever hold it.
 */
@NamespaceTest
class FailoverTest {
    @TempDir
    Path dir;

    /** d1 ACTIVE, d2 STANDBY, the client caching d1's MAC, owners sampled. */
    private HaLab pair() throws Exception {
        HaLab lab = new HaLab(dir, 2);
        lab.config("d1", 150, "");
        lab.config("d2", 100, "");
        lab.sampleOwners();
        lab.start("d1");
        Poll.until("d1 owns the VIP", HaLab.WAIT, () -> lab.owners().equals(List.of("d1")));
        lab.start("d2");
        lab.process("d2").awaitLine("role STARTING -> STANDBY", HaLab.WAIT);
        lab.process("d1").awaitLine("peer d2 is STANDBY", HaLab.WAIT);
        assertEquals(List.of("d1"), lab.owners());
        Poll.until("the client caches d1's MAC", HaLab.WAIT, () -> lab.clientSees().equals(Optional.of(lab.mac("d1"))));
        return lab;
    }

    private static void assertD2TookOver(HaLab lab, Capture arp) throws Exception {
        String d2 = lab.mac("d2");
        arp.await(l -> l.contains(d2) && l.contains("Request who-has " + HaLab.VIP + " tell " + HaLab.VIP), HaLab.WAIT);
        Poll.until("d2 owns the VIP", HaLab.WAIT, () -> lab.owners().equals(List.of("d2")));
        Poll.until("the client caches d2's MAC", HaLab.WAIT, () -> lab.clientSees().equals(Optional.of(d2)));
    }

    @Test
    void sigkillOfTheActive() throws Exception {
        try (HaLab lab = pair(); Capture arp = Capture.start(lab.client, "eth0", "arp")) {
            lab.kill("d1");
            assertD2TookOver(lab, arp);
            // Known at once through the peer link, not after the beacon's timeout.
            lab.process("d2").awaitLine("peer d1 crashed (its peer link ended and a reconnect was refused", HaLab.WAIT);
            assertEquals(List.of(), lab.violations());
        }
    }

    @Test
    void sigtermOfTheActiveReleasesBeforeThePeerAcquires() throws Exception {
        try (HaLab lab = pair(); Capture arp = Capture.start(lab.client, "eth0", "arp")) {
            lab.process("d1").signal("TERM");
            assertEquals(0, lab.process("d1").awaitExit(HaLab.WAIT));
            assertD2TookOver(lab, arp);
            String removed = lab.process("d1").awaitLine("vip 10.77.0.10/32 removed from eth0", HaLab.WAIT);
            String added = lab.process("d2").awaitLine("vip 10.77.0.10/32 added on eth0", HaLab.WAIT);
            assertTrue(removed.substring(0, 23).compareTo(added.substring(0, 23)) <= 0,
                    "release before acquire: " + removed + " / " + added);
            assertEquals(List.of(), lab.violations());
        }
    }

    @Test
    void sigstopOfTheActiveThenSigcont() throws Exception {
        try (HaLab lab = pair(); Capture arp = Capture.start(lab.client, "eth0", "arp")) {
            lab.freeze("d1", true);
            assertD2TookOver(lab, arp);
            // A frozen process keeps its connections: that is the beacon's timeout, never a crash.
            lab.process("d2").awaitLine("peer d1 is silent for", HaLab.WAIT);
            assertTrue(lab.process("d2").lines().stream().noneMatch(l -> l.contains("crashed")),
                    "a frozen peer was taken for a crashed one");
            arp.clear();
            lab.freeze("d1", false);
            // It notices its freeze; if the peer link's news of d2 is read first, it has stepped down already.
            lab.process("d1").awaitLine("re-checking the cluster before", HaLab.WAIT);
            // It steps down and listens to the cluster (STARTING) before it may stand again.
            lab.process("d1").awaitLine("role ACTIVE -> STARTING (epoch 1): stepping down: d2 is ACTIVE with epoch 2",
                    HaLab.WAIT);
            lab.rejoined("d1");
            // d1 has the higher priority and preempts: it takes the VIP back, after d2 released it.
            Poll.until("d1 owns the VIP again", HaLab.WAIT, () -> lab.owners().equals(List.of("d1")));
            Poll.until("the client caches d1's MAC", HaLab.WAIT, () -> lab.clientSees().equals(Optional.of(lab.mac("d1"))));
            assertEquals(List.of(), lab.violations());
        }
    }

    @Test
    void linkDownOfTheActiveThenUp() throws Exception {
        try (HaLab lab = pair(); Capture arp = Capture.start(lab.client, "eth0", "arp")) {
            lab.link("d1", false);
            assertD2TookOver(lab, arp);
            lab.link("d1", true);
            lab.process("d1").awaitLine("stepping down: d2 is ACTIVE with epoch 2", HaLab.WAIT);
            lab.rejoined("d1");
            Poll.until("d1 owns the VIP again", HaLab.WAIT, () -> lab.owners().equals(List.of("d1")));
            Poll.until("the client caches d1's MAC", HaLab.WAIT, () -> lab.clientSees().equals(Optional.of(lab.mac("d1"))));
            assertEquals(List.of(), lab.violations());
        }
    }
}
