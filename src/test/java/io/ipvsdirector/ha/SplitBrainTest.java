package io.ipvsdirector.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ipvsdirector.testkit.Capture;
import io.ipvsdirector.testkit.NamespaceTest;
import io.ipvsdirector.testkit.Poll;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cut between the directors, without and with a witness. */
@NamespaceTest
class SplitBrainTest {
    @TempDir
    Path dir;

    @Test
    void withoutAWitnessBothSidesServeAndAfterTheHealOneAnnouncesAgain() throws Exception {
        try (HaLab lab = new HaLab(dir, 2)) {
            // Equal priorities: the heal is settled by the epoch alone, with no preemption after it.
            lab.config("d1", 100, "");
            lab.config("d2", 100, "");
            lab.start("d1");
            Poll.until("d1 owns the VIP", HaLab.WAIT, () -> lab.owners().equals(List.of("d1")));
            lab.start("d2");
            lab.process("d1").awaitLine("peer d2 is STANDBY", HaLab.WAIT);
            Poll.until("the client caches d1", HaLab.WAIT, () -> lab.clientSees().equals(Optional.of(lab.mac("d1"))));

            // d2 is cut off from d1 and from the client: it takes the VIP on its side, as VRRP would.
            lab.link("d2", false);
            lab.process("d2").awaitLine("role STANDBY -> ACTIVE (epoch 2)", HaLab.WAIT);
            assertEquals(Optional.of(lab.mac("d1")), lab.clientSees(), "the client never heard d2");

            try (Capture arp = Capture.start(lab.client, "eth0", "arp")) {
                lab.link("d2", true);
                // d1 (epoch 1) steps down; d2 (epoch 2) stays ACTIVE: its role never changed, yet it
                // announces again, so the client that followed d1 learns d2's MAC.
                lab.process("d1").awaitLine("stepping down: d2 is ACTIVE with epoch 2", HaLab.WAIT);
                lab.process("d2").awaitLine("the split has healed; announcing the VIPs again", HaLab.WAIT);
                String d2 = lab.mac("d2");
                arp.await(l -> l.contains(d2) && l.contains("who-has " + HaLab.VIP + " tell " + HaLab.VIP), HaLab.WAIT);
                lab.rejoined("d2");
                Poll.until("only d2 owns the VIP", HaLab.WAIT, () -> lab.owners().equals(List.of("d2")));
                Poll.until("the client caches d2", HaLab.WAIT, () -> lab.clientSees().equals(Optional.of(d2)));
            }
        }
    }

    @Test
    void withAWitnessOnlyTheMajoritySideServesAndThereAreNeverTwoOwners() throws Exception {
        try (HaLab lab = new HaLab(dir, 2)) {
            lab.addWitness();
            lab.config("d1", 150, "");
            lab.config("d2", 100, "");
            // Owners are sampled even when cut off: with a witness there must never be two.
            lab.sampleOwners();
            lab.startWitness("d1").awaitLine("witness of cluster halab", HaLab.WAIT);
            lab.start("d1");
            Poll.until("d1 owns the VIP", HaLab.WAIT, () -> lab.owners().equals(List.of("d1")));
            lab.start("d2");
            lab.process("d1").awaitLine("peer d2 is STANDBY", HaLab.WAIT);

            // d2 alone hears 1 of 3: it must not take the VIP.
            int mark = lab.process("d2").mark();
            lab.cut("d2", true);
            lab.process("d2").awaitLine("no majority: hears 1 of 3 members; not taking the VIPs", HaLab.WAIT);
            assertEquals(List.of("d1"), lab.owners());
            lab.cut("d2", false);
            lab.process("d2").awaitLine(mark, l -> l.contains("majority regained"), HaLab.WAIT);
            lab.process("d2").awaitLine(mark, l -> l.contains("re-synchronised"), HaLab.WAIT);

            // The ACTIVE itself is cut off: it gives the VIP up, and only then does d2 (with the witness) take it.
            lab.cut("d1", true);
            lab.process("d1").awaitLine("role ACTIVE -> STANDBY (epoch 1): no majority: hears 1 of 3 members", HaLab.WAIT);
            Poll.until("d2 owns the VIP", HaLab.WAIT, () -> lab.owners().equals(List.of("d2")));
            lab.cut("d1", false);
            // d1 has the higher priority and preempts, release then acquire.
            Poll.until("d1 owns the VIP again", HaLab.WAIT, () -> lab.owners().equals(List.of("d1")));
            assertEquals(List.of(), lab.violations());
        }
    }
}
