package io.ipvsdirector.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.ipvsdirector.testkit.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * On a kernel without IPVS, `ipvs list` says so in one line. This runs on the build machine itself;
 * where its kernel has IPVS (or can load it) the test is aborted, since the message cannot appear.
 */
class IpvsUnavailableProcessTest {
    @Test
    void aKernelWithoutIpvsGetsOneClearLineAndExitOne() throws Exception {
        assumeFalse(Files.exists(Path.of("/proc/net/ip_vs")), "this kernel has IPVS");
        assumeFalse(Files.isDirectory(Path.of("/sys/module/ip_vs")), "this kernel has IPVS");
        try (ChildProcess run = ChildProcess.director(List.of(), "ipvs", "list")) {
            int exit = run.awaitExit(Duration.ofSeconds(60));
            assumeFalse(exit == 0, "modprobe loaded ip_vs: this kernel has IPVS after all");
            assertEquals(1, exit);
            assertEquals(List.of("IPVS is not available in this kernel (module ip_vs could not be loaded)"), run.lines());
        }
    }
}
