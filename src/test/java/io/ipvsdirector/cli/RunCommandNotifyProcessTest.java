package io.ipvsdirector.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvsdirector.testkit.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `run` speaking systemd's notify protocol, heard by a stand-in for systemd: a python3 datagram
 * socket that prints each notification as one line (assignments joined by '|').
 */
class RunCommandNotifyProcessTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String LISTENER = """
            import socket, sys
            s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            name = sys.argv[1]
            s.bind("\\0" + name[1:] if name.startswith("@") else name)
            print("listening", flush=True)
            while True:
                print(s.recv(4096).decode().replace("\\n", "|"), flush=True)
            """;

    @TempDir
    Path dir;

    @Test
    void readyStatusReloadWatchdogAndStopOverAPathSocket() throws Exception {
        notifies(dir.resolve("notify").toString());
    }

    @Test
    void theAbstractNamespaceFormWorksToo() throws Exception {
        notifies("@ipvs-director-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
    }

    private void notifies(String socket) throws Exception {
        Path file = dir.resolve("director.yaml");
        Files.writeString(file, "vips: []\n");
        try (ChildProcess systemd = ChildProcess.command(List.of("python3", "-c", LISTENER, socket))) {
            systemd.awaitLine("listening", WAIT);
            try (ChildProcess run = ChildProcess.director(List.of("env", "NOTIFY_SOCKET=" + socket, "WATCHDOG_USEC=2000000",
                    "WATCHDOG_PID=", "IPVS_DIRECTOR_UNUSED=1"), "run", "--config", file.toString(), "--dry-run")) {
                systemd.awaitLine("READY=1|STATUS=ACTIVE; 0 VIP(s), 0 virtual server(s), 0 real server(s)", WAIT);
                run.awaitLine("running; SIGHUP reloads", WAIT);
                int mark = systemd.mark();
                systemd.awaitLine(mark, "WATCHDOG=1"::equals, WAIT);
                systemd.awaitLine(systemd.mark(), "WATCHDOG=1"::equals, WAIT);

                mark = systemd.mark();
                run.signal("HUP");
                String reloading = systemd.awaitLine(mark, l -> l.startsWith("RELOADING=1|MONOTONIC_USEC="), WAIT);
                long usec = Long.parseLong(reloading.split("\\|")[1].substring("MONOTONIC_USEC=".length()));
                assertTrue(usec > 0 && usec <= System.nanoTime() / 1000, "CLOCK_MONOTONIC in microseconds: " + usec);
                systemd.awaitLine(mark, l -> l.startsWith("READY=1|STATUS=ACTIVE;"), WAIT);

                mark = systemd.mark();
                run.signal("TERM");
                assertEquals(0, run.awaitExit(WAIT));
                systemd.awaitLine(mark, "STOPPING=1|STATUS=stopping"::equals, WAIT);
                assertTrue(run.lines().stream().anyMatch(l -> l.contains("systemd watchdog: WATCHDOG=1 expected every 2000 ms")),
                        String.join("\n", run.lines()));
            }
        }
    }
}
