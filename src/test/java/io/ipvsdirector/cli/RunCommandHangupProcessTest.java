package io.ipvsdirector.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvsdirector.testkit.ChildProcess;
import io.ipvsdirector.testkit.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGHUP at any moment of `run`'s start: never fatal (the JVM's own action for it is to exit), and
 * never lost (a reload asked for during the start is applied once the start is done, and an edit
 * made during the start is seen by the file watcher).
 */
class RunCommandHangupProcessTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String CONFIG = """
            virtual_servers:
              - name: web
                address: 127.0.0.100
                port: 80
                real_servers:
                  - {address: 127.0.0.1, port: 8081, weight: WEIGHT}
            """;
    private static final String RELOADED = "reload: ~ rs 127.0.0.1:8081 in vs web: weight 1 -> 5";

    @TempDir
    Path dir;

    /**
     * From the first line of main on, a HUP every few ms until well after the start. (Before main,
     * while the JVM boots, its own SIGHUP action exits: nothing in the program can change that;
     * under systemd, Type=notify keeps reloads away until READY=1.) The moment main runs is seen
     * in the JVM's class-loading log: the lambda of the early SIGHUP handler.
     */
    @Test
    void aStormOfHangupsFromTheFirstLineOfMainToAfterTheStartNeverKillsIt() throws Exception {
        Path file = dir.resolve("director.yaml");
        Files.writeString(file, CONFIG.replace("WEIGHT", "1"));
        Path classes = dir.resolve("classes.log");
        List<String> jvm = new java.util.ArrayList<>(ChildProcess.DIRECTOR_JVM);
        jvm.add("-Xlog:class+load=info:file=" + classes);
        try (ChildProcess run = ChildProcess.start(List.of(), jvm, "io.ipvsdirector.cli.Main",
                List.of("run", "--config", file.toString(), "--dry-run", "--watch-interval", "1000"))) {
            Poll.until("main holds SIGHUP", WAIT, () -> Files.exists(classes)
                    && Files.readString(classes).contains("io.ipvsdirector.director.Signals$$Lambda"));
            assertTrue(catchesHangup(run.pid()), "a SIGHUP handler is in place");
            int sent = 0;
            int afterRunning = 0;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (afterRunning < 5 && System.nanoTime() < deadline) {
                assertTrue(run.isAlive(), "alive after " + sent + " SIGHUP(s):\n" + String.join("\n", run.lines()));
                run.signal("HUP");
                sent++;
                if (run.lines().stream().anyMatch(l -> l.contains("running; SIGHUP reloads"))) {
                    afterRunning++;
                }
            }
            assertEquals(5, afterRunning, "started within " + WAIT + ":\n" + String.join("\n", run.lines()));
            run.awaitLine("reload (SIGHUP): " + file + " is valid", WAIT);
            assertTrue(run.isAlive(), String.join("\n", run.lines()));
            run.signal("TERM");
            assertEquals(0, run.awaitExit(WAIT), "a clean stop after " + sent + " SIGHUP(s):\n" + String.join("\n", run.lines()));
        }
    }

    /** The file is edited and SIGHUP sent after the file was loaded, before the start is done. */
    @Test
    void anEditAndAHangupDuringTheStartAreAppliedOnceTheStartIsDone() throws Exception {
        Path file = dir.resolve("director.yaml");
        Files.writeString(file, CONFIG.replace("WEIGHT", "1"));
        // A long watch interval: the change must come from the held SIGHUP, not from the watcher.
        try (ChildProcess run = start(file, "600000")) {
            run.awaitLine("starting with ", WAIT);
            Files.writeString(file, CONFIG.replace("WEIGHT", "5"));
            run.signal("HUP");
            boolean duringStart = indexOf(run.lines(), "running; SIGHUP reloads") < 0;
            run.awaitLine(RELOADED, WAIT);
            assertTrue(duringStart, "the edit and the SIGHUP came during the start");
            assertStartedBefore(run, RELOADED);
            run.signal("TERM");
            assertEquals(0, run.awaitExit(WAIT));
        }
    }

    /** No signal at all: the watcher's baseline is what was loaded, not the file as it is after the start. */
    @Test
    void anEditDuringTheStartIsSeenByTheFileWatcher() throws Exception {
        Path file = dir.resolve("director.yaml");
        Files.writeString(file, CONFIG.replace("WEIGHT", "1"));
        try (ChildProcess run = start(file, "100")) {
            run.awaitLine("starting with ", WAIT);
            Files.writeString(file, CONFIG.replace("WEIGHT", "5"));
            boolean duringStart = indexOf(run.lines(), "running; SIGHUP reloads") < 0;
            run.awaitLine(RELOADED, WAIT);
            assertTrue(duringStart, "the edit was made during the start");
            run.signal("TERM");
            assertEquals(0, run.awaitExit(WAIT));
        }
    }

    private ChildProcess start(Path file, String watchMillis) throws Exception {
        return ChildProcess.director(List.of(), "run", "--config", file.toString(), "--dry-run",
                "--watch-interval", watchMillis);
    }

    private static void assertStartedBefore(ChildProcess run, String reloaded) {
        List<String> lines = run.lines();
        int running = indexOf(lines, "running; SIGHUP reloads");
        assertTrue(running >= 0 && running < indexOf(lines, reloaded), "applied after the start:\n" + String.join("\n", lines));
    }

    private static int indexOf(List<String> lines, String fragment) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(fragment)) {
                return i;
            }
        }
        return -1;
    }

    /** Bit 0 of SigCgt in /proc/PID/status: signal 1 (SIGHUP) has a handler. */
    private static boolean catchesHangup(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("SigCgt:")) {
                return (Long.parseLong(line.substring(7).trim(), 16) & 1) != 0;
            }
        }
        return false;
    }
}
