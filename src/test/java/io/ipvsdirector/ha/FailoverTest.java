package io.ipvsdirector.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ipvsdirector.testkit.NamespaceTest;
import io.ipvsdirector.testkit.Poll;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A VIP-only pair: exactly one owner, and the VIP moves when the ACTIVE dies. */
@NamespaceTest
class FailoverTest {
    @TempDir
    Path dir;

    @Test
    void killedActiveIsReplacedAndTheClientLearnsTheNewMac() throws Exception {
        try (HaLab lab = new HaLab(dir, 2)) {
            lab.start("d1", lab.config("d1", 150, ""));
            Poll.until("d1 owns the VIP", HaLab.WAIT, () -> lab.owners().equals(List.of("d1")));
            lab.start("d2", lab.config("d2", 100, ""));
            lab.process("d2").awaitLine("role STARTING -> STANDBY", HaLab.WAIT);
            assertEquals(List.of("d1"), lab.owners());
            Poll.until("the client learns d1's MAC", HaLab.WAIT, () -> lab.clientSees().equals(Optional.of(lab.mac("d1"))));

            lab.process("d1").signal("KILL");
            Poll.until("d2 owns the VIP", HaLab.WAIT, () -> lab.owners().equals(List.of("d1", "d2"))
                    || lab.owners().contains("d2"));
            Poll.until("the client learns d2's MAC", HaLab.WAIT, () -> lab.clientSees().equals(Optional.of(lab.mac("d2"))));
        }
    }
}
