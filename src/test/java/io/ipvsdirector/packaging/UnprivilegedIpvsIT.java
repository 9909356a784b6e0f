package io.ipvsdirector.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ipvsdirector.testkit.ChildProcess;
import io.ipvsdirector.testkit.IpvsKernelTest;
import io.ipvsdirector.testkit.Ipvsadm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The capability claim for IPVS: an unprivileged user holding only CAP_NET_ADMIN and CAP_NET_RAW
 * programs the kernel's IPVS table; without them it is refused. ipvsadm, as root, is the witness.
 */
@IpvsKernelTest(timeoutSeconds = 400)
class UnprivilegedIpvsIT {
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @AfterEach
    void emptyTable() {
        Ipvsadm.clear();
    }

    @Test
    void programsIpvsWithOnlyTheTwoCapabilities() throws Exception {
        Ipvsadm.clear();
        Unprivileged nobody = new Unprivileged(dir);
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path config = Unprivileged.readable(dir.resolve("director.yaml"), "ipvs: {state_file: " + state.resolve("owned.json") + "}\n"
                + "virtual_servers:\n"
                + "  - {name: web, address: 10.79.0.10, port: 80, scheduler: wrr,\n"
                + "     real_servers: [{address: 10.79.1.11, port: 8080, weight: 3}]}\n");

        try (ChildProcess refused = nobody.start(List.of(), false, "ipvs", "apply", "--config", config.toString())) {
            assertEquals(1, refused.awaitExit(WAIT), String.join("\n", refused.lines()));
            assertEquals(List.of("list IPVS services: permission denied; this needs CAP_NET_ADMIN (run as root)"), refused.lines());
        }
        assertEquals(List.of(), Ipvsadm.save(), "nothing was written without the capabilities");

        try (ChildProcess apply = nobody.start(List.of(), true, "ipvs", "apply", "--config", config.toString())) {
            assertEquals(0, apply.awaitExit(WAIT), String.join("\n", apply.lines()));
            assertEquals(List.of("-A -t 10.79.0.10:80 -s wrr", "-a -t 10.79.0.10:80 -r 10.79.1.11:8080 -m -w 3",
                    "2 operation(s) applied"), apply.lines());
        }
        assertEquals(List.of("-A -t 10.79.0.10:80 -s wrr", "-a -t 10.79.0.10:80 -r 10.79.1.11:8080 -m -w 3"), Ipvsadm.save());

        try (ChildProcess list = nobody.start(List.of(), true, "ipvs", "list")) {
            assertEquals(0, list.awaitExit(WAIT), String.join("\n", list.lines()));
            assertEquals(Ipvsadm.run("-Ln"), list.lines(), "ipvs list reads what ipvsadm reads");
        }
    }
}
