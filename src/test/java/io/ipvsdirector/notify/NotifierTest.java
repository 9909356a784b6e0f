package io.ipvsdirector.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ipvsdirector.config.NotifyConfig;
import io.ipvsdirector.process.RunAs;
import io.ipvsdirector.testkit.LogCapture;
import io.ipvsdirector.testkit.Poll;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifierTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private Path events() {
        return dir.resolve("run/events.jsonl");
    }

    private List<JsonObject> lines() throws Exception {
        return Files.exists(events()) ? Files.readAllLines(events()).stream().map(JsonObject::new).toList() : List.of();
    }

    private Path script(String body) throws Exception {
        Path s = dir.resolve("notify.sh");
        Files.writeString(s, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxr-xr-x"));
        return s;
    }

    private Notifier notifier(Optional<Path> script, Duration timeout) {
        return new Notifier(new NotifyConfig(script, events(), timeout, Optional.empty()), "lb1");
    }

    @Test
    void eventsAreNumberedInOrderAndTheNumberingSurvivesARestart() throws Exception {
        try (Notifier n = notifier(Optional.empty(), Duration.ofSeconds(1))) {
            n.emit("role", "lb1", "STANDBY", new JsonObject().put("epoch", 0));
            n.emit("role", "lb1", "ACTIVE", new JsonObject().put("epoch", 1).put("reason", "elected"));
            n.emit("vip", "192.0.2.10/32", "added", null);
        }
        try (Notifier n = notifier(Optional.empty(), Duration.ofSeconds(1))) {
            n.emit("role", "lb1", "STOPPING", null);
        }
        List<JsonObject> lines = lines();
        assertEquals(List.of(1L, 2L, 3L, 4L), lines.stream().map(j -> j.getLong("seq")).toList());
        JsonObject active = lines.get(1);
        assertEquals("lb1", active.getString("node"));
        assertEquals("role", active.getString("type"));
        assertEquals("ACTIVE", active.getString("state"));
        assertEquals(1, active.getInteger("epoch"));
        assertEquals("elected", active.getString("reason"));
        assertTrue(active.getString("time").endsWith("Z"), "an ISO-8601 UTC timestamp");

        // The stream rotated away: the sidecar keeps the numbering going.
        Files.delete(events());
        try (Notifier n = notifier(Optional.empty(), Duration.ofSeconds(1))) {
            n.emit("role", "lb1", "STANDBY", null);
        }
        assertEquals(5L, lines().get(0).getLong("seq"));
    }

    @Test
    void theScriptRunsOncePerEventInOrderWithoutAShell() throws Exception {
        Path calls = dir.resolve("calls");
        Path script = script("printf '%s|%s|%s|%s\\n' \"$1\" \"$2\" \"$3\" \"$4\" >> " + calls);
        try (Notifier n = notifier(Optional.of(script), Duration.ofSeconds(5))) {
            for (int i = 1; i <= 5; i++) {
                n.emit("realserver", "web/10.0.1.1" + i + ":8080", i % 2 == 0 ? "UP" : "DOWN", new JsonObject().put("i", i));
            }
            Poll.until("five runs", WAIT, () -> Files.exists(calls) && Files.readAllLines(calls).size() == 5);
        }
        List<String> runs = Files.readAllLines(calls);
        for (int i = 1; i <= 5; i++) {
            String[] f = runs.get(i - 1).split("\\|", 4);
            assertEquals("realserver", f[0]);
            assertEquals("web/10.0.1.1" + i + ":8080", f[1], "in event order");
            assertEquals(i, new JsonObject(f[3]).getInteger("i"), "the whole event as JSON, one argument");
        }
    }

    @Test
    void aSlowScriptIsKilledAtItsTimeoutAndBlocksNothing() throws Exception {
        Path calls = dir.resolve("calls");
        Path started = dir.resolve("slow-started");
        Path script = script("[ \"$2\" = slow ] && { touch " + started + "; sleep 30; }\necho \"$2\" >> " + calls);
        try (LogCapture log = new LogCapture(ScriptRunner.class);
             Notifier n = notifier(Optional.of(script), Duration.ofMillis(500))) {
            n.emit("test", "slow", "x", null);
            Poll.until("the slow run started", WAIT, () -> Files.exists(started));
            n.emit("test", "next", "x", null);
            // The stream does not wait for the script.
            Poll.until("the second event is written while the first script still runs", WAIT,
                    () -> lines().size() == 2);
            Poll.until("the slow run is killed and the next one runs", WAIT,
                    () -> Files.exists(calls) && Files.readAllLines(calls).equals(List.of("next")));
            assertEquals(1, log.count("killed after 500 ms"), log.lines().toString());
        }
    }

    @Test
    void aFailingScriptIsLoggedAndNotRetried() throws Exception {
        Path calls = dir.resolve("calls");
        Path script = script("echo \"$2\" >> " + calls + "\n[ \"$2\" = bad ] && { echo boom >&2; exit 3; }\nexit 0");
        try (LogCapture log = new LogCapture(ScriptRunner.class);
             Notifier n = notifier(Optional.of(script), Duration.ofSeconds(5))) {
            n.emit("test", "bad", "x", null);
            n.emit("test", "good", "x", null);
            Poll.until("both ran", WAIT, () -> Files.exists(calls) && Files.readAllLines(calls).size() == 2);
            Poll.until("the failure is logged", WAIT, () -> log.count("exited 3: boom") == 1);
            assertEquals(List.of("bad", "good"), Files.readAllLines(calls), "run once each, in order");
        }
    }

    @Test
    void aScriptForAnotherUserIsNotRunWhenTheDirectorCannotSwitchUsers() throws Exception {
        Path calls = dir.resolve("calls");
        Path script = script("echo ran >> " + calls);
        try (LogCapture log = new LogCapture(ScriptRunner.class);
             ScriptRunner runner = new ScriptRunner(script, Duration.ofSeconds(5), Optional.of("nobody"),
                     new RunAs(false, "ipvs-director"))) {
            runner.submit(new Event(7, java.time.Instant.now(), "lb1", "role", "lb1", "ACTIVE", new JsonObject()));
            String refusal = "needs the director to run as root or with CAP_SETUID and CAP_SETGID";
            Poll.until("the run is refused", WAIT, () -> log.count("for event 7: running as user 'nobody' " + refusal) == 1);
            assertEquals(List.of("WARN notify script " + script + " cannot run as user 'nobody': running as user 'nobody' "
                    + refusal, "WARN notify script " + script + " cannot run for event 7: running as user 'nobody' " + refusal),
                    log.lines(), "said once at start and once for the event");
            assertTrue(Files.notExists(calls), "never run as the director's own user instead");
        }
    }

    @Test
    void aScriptRunsAsItsUserWithoutTheDirectorsCapabilities() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "skipped: needs root");
        // nobody must be able to reach the script and write beside it.
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path calls = shared.resolve("calls");
        Path script = shared.resolve("notify.sh");
        Files.writeString(script, "#!/bin/sh\necho \"$(id -un) $(grep CapEff /proc/self/status | cut -f2)\" >> " + calls + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (Notifier n = new Notifier(new NotifyConfig(Optional.of(script), events(), Duration.ofSeconds(5),
                Optional.of("nobody")), "lb1")) {
            n.emit("role", "lb1", "ACTIVE", null);
            Poll.until("the script ran", WAIT, () -> Files.exists(calls) && !Files.readAllLines(calls).isEmpty());
        }
        assertEquals(List.of("nobody 0000000000000000"), Files.readAllLines(calls));
    }
}
