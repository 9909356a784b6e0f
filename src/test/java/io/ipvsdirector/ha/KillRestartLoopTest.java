package io.ipvsdirector.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ipvsdirector.testkit.NamespaceTest;
import io.ipvsdirector.testkit.Poll;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Twenty times: kill the ACTIVE, see the other take over, restart the killed one as STANDBY. */
@NamespaceTest
class KillRestartLoopTest {
    private static final int CYCLES = 20;

    @TempDir
    Path dir;

    @Test
    void twentyKillRestartCyclesLeaveExactlyOneOwnerEachTime() throws Exception {
        try (HaLab lab = new HaLab(dir, 2)) {
            // Equal priorities: no preemption, so each cycle moves the VIP exactly once.
            lab.config("d1", 100, "");
            lab.config("d2", 100, "");
            lab.sampleOwners();
            lab.start("d1");
            Poll.until("d1 owns the VIP", HaLab.WAIT, () -> lab.owners().equals(List.of("d1")));
            lab.start("d2");
            lab.process("d2").awaitLine("role STARTING -> STANDBY", HaLab.WAIT);
            String active = "d1";
            for (int cycle = 1; cycle <= CYCLES; cycle++) {
                String standby = active.equals("d1") ? "d2" : "d1";
                int mark = lab.process(standby).mark();
                lab.kill(active);
                Poll.until("cycle " + cycle + ": " + standby + " owns the VIP", HaLab.WAIT,
                        () -> lab.owners().equals(List.of(standby)));
                String mac = lab.mac(standby);
                Poll.until("cycle " + cycle + ": the client caches " + standby + "'s MAC", HaLab.WAIT,
                        () -> lab.clientSees().equals(Optional.of(mac)));
                lab.start(active);
                lab.process(active).awaitLine("role STARTING -> STANDBY", HaLab.WAIT);
                lab.rejoined(active);
                String peer = "peer " + active + " is STANDBY";
                lab.process(standby).awaitLine(mark, l -> l.contains(peer), HaLab.WAIT);
                assertEquals(List.of(standby), lab.owners(), "cycle " + cycle);
                active = standby;
            }
            assertEquals(List.of(), lab.violations());
        }
    }
}
