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

/** An IPv6 VIP moves with an unsolicited neighbour advertisement that the client takes. */
@NamespaceTest
class Ipv6VipTest {
    @TempDir
    Path dir;

    @Test
    void theNewOwnersAdvertisementUpdatesTheClient() throws Exception {
        try (HaLab lab = new HaLab(dir, 2, HaLab.VIP6)) {
            lab.config("d1", 150, "");
            lab.config("d2", 100, "");
            lab.sampleOwners();
            lab.start("d1");
            Poll.until("d1 owns the VIP", HaLab.WAIT, () -> lab.owners().equals(List.of("d1")));
            // The client talks to the VIP, so it has a neighbour entry for the advertisement to override.
            lab.net.exec(lab.client, "ping", "-6", "-c", "1", "-W", "5", HaLab.VIP6);
            assertEquals(Optional.of(lab.mac("d1")), lab.clientSees());
            lab.start("d2");
            lab.process("d1").awaitLine("peer d2 is STANDBY", HaLab.WAIT);
            try (Capture na = Capture.start(lab.client, "eth0", "icmp6 and ip6[40] == 136")) {
                lab.kill("d1");
                String d2 = lab.mac("d2");
                String frame = na.await(l -> l.contains(d2) && l.contains("neighbor advertisement")
                        && l.contains("tgt is " + HaLab.VIP6), HaLab.WAIT);
                assertTrue(frame.contains("Flags [override]"), frame);
                assertTrue(frame.contains("> 33:33:00:00:00:01"), "to all nodes: " + frame);
                Poll.until("the client caches d2's MAC", HaLab.WAIT, () -> lab.clientSees().equals(Optional.of(d2)));
            }
            assertEquals(List.of("d2"), lab.owners());
            assertEquals(List.of(), lab.violations());
        }
    }
}
