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

/** `ipvs-director run` as operators use it: a real process, real signals, a real file. */
class RunCommandProcessTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CONFIG = """
            virtual_servers:
              - name: web
                address: 127.0.0.100
                port: 80
                real_servers:
                  - {address: 127.0.0.1, port: 8081, weight: WEIGHT}
            """;

    @TempDir
    Path dir;

    @Test
    void reloadsOnSighupAndFileChangeRejectsBadConfigAndStopsCleanly() throws Exception {
        Path file = dir.resolve("director.yaml");
        Files.writeString(file, CONFIG.replace("WEIGHT", "1"));
        try (ChildProcess run = ChildProcess.director(List.of(), "run", "--config", file.toString(), "--dry-run",
                "--watch-interval", "100")) {
            run.awaitLine("running; SIGHUP reloads", WAIT);
            run.awaitLine("health: 1 probe(s) for 1 real server(s): 1 started, 0 kept, 0 stopped", WAIT);
            assertTrue(run.lines().stream().anyMatch(l -> l.contains("vs web rs 127.0.0.1:8081 weight 1")),
                    "one line per loaded object: " + run.lines());

            Files.writeString(file, CONFIG.replace("WEIGHT", "5"));
            run.signal("HUP");
            run.awaitLine("reload: ~ rs 127.0.0.1:8081 in vs web: weight 1 -> 5", WAIT);
            run.awaitLine("health: 1 probe(s) for 1 real server(s): 0 started, 1 kept, 0 stopped", WAIT);

            Files.writeString(file, CONFIG.replace("WEIGHT", "5").replace("    port: 80\n", "    port: 80\n    scheduler: fastest\n"));
            run.awaitLine("virtual_servers[0].scheduler: unknown scheduler 'fastest'", WAIT);

            // The file watcher picks up the fix without a signal.
            Files.writeString(file, CONFIG.replace("WEIGHT", "9"));
            run.awaitLine("reload: ~ rs 127.0.0.1:8081 in vs web: weight 5 -> 9", WAIT);
            assertEquals(1, run.lines().stream().filter(l -> l.contains("unknown scheduler 'fastest'")).count(),
                    "a bad file is reported once, not once per scan");
            assertTrue(run.lines().stream().noneMatch(l -> l.contains("Exception") || l.startsWith("\tat ")),
                    "no stack traces: " + run.lines());

            run.signal("TERM");
            assertEquals(0, run.awaitExit(WAIT), "SIGTERM is a clean stop");
            run.awaitLine("stopped", WAIT);
        }
    }

    @Test
    void invalidConfigAtStartExitsTwo() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "node: {priority: 999}\n");
        try (ChildProcess run = ChildProcess.director(List.of(), "run", "--config", file.toString(), "--dry-run")) {
            assertEquals(2, run.awaitExit(WAIT));
            assertEquals(List.of(file + ": node.priority: must be an integer between 1 and 254, got 999"), run.lines());
        }
    }

    /** 192.0.2.1 (TEST-NET-1) is on no interface here: Hazelcast is never even started, nothing is sent. */
    @Test
    void aClusterBindAddressNotOnThisHostIsOneLineAndExitOne() throws Exception {
        Path file = dir.resolve("pair.yaml");
        Files.writeString(file, "cluster: {name: p, bind: 192.0.2.1:5701, members: [192.0.2.1:5701, 192.0.2.2:5701]}\n"
                + "notify: {events: " + dir.resolve("events.jsonl") + "}\n");
        try (ChildProcess run = ChildProcess.director(List.of(), "run", "--config", file.toString(), "--dry-run")) {
            assertEquals(1, run.awaitExit(WAIT), run.lines().toString());
            assertTrue(run.lines().stream().anyMatch(l -> l.endsWith(
                    "ERROR RunCommand: cannot start: cluster.bind 192.0.2.1:5701: no interface of this host has the address 192.0.2.1")),
                    run.lines().toString());
            assertTrue(run.lines().stream().noneMatch(l -> l.contains("Exception") || l.startsWith("\tat ")),
                    "no stack traces: " + run.lines());
        }
    }
}
