package io.ipvsdirector.health;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many rounds of probes against failing and hanging servers leave the process with as many file
 * descriptors, threads and child processes as it had: nothing leaks on any failure path.
 */
class ProbeLeakTest {
    private static final int ROUNDS = 100;

    @TempDir
    Path dir;

    @Test
    void failingAndHangingProbesLeakNoFdsThreadsOrProcesses() throws Exception {
        Path hang = dir.resolve("hang.sh");
        Files.writeString(hang, "#!/bin/sh\nsleep 300 &\nwait\n");
        Files.setPosixFilePermissions(hang, PosixFilePermissions.fromString("rwx------"));
        try (LoopbackServers servers = new LoopbackServers()) {
            Vertx vertx = Vertx.vertx();
            Checks checks = new Checks(vertx);
            int silent = servers.silent();
            int reset = servers.resetting();
            int closed = LoopbackServers.closedPort();
            int trickle = servers.http(r -> servers.trickle(r, "x".repeat(100), 20));
            int bad = servers.http(r -> r.response().setStatusCode(500).end());
            int quietUdp = servers.vertx().createDatagramSocket().handler(p -> { }).listen(0, "127.0.0.1").await()
                    .localAddress().port();
            String fast = "interval: 1s, timeout: 100ms";
            List<ProbeTarget> targets = List.of(
                    Targets.of(closed, "{type: tcp, " + fast + "}"),
                    Targets.of(closed, "{type: tcp, bind_interface: lo, " + fast + "}"),
                    Targets.of(silent, "{type: smtp, " + fast + "}"),
                    Targets.of(closed, "{type: smtp, " + fast + "}"),
                    Targets.of(closed, "{type: http, " + fast + "}"),
                    Targets.of(silent, "{type: http, " + fast + "}"),
                    Targets.of(silent, "{type: https, verify: false, " + fast + "}"),
                    Targets.of(reset, "{type: http, " + fast + "}"),
                    Targets.of(trickle, "{type: http, " + fast + "}"),
                    Targets.of(bad, "{type: http, " + fast + "}"),
                    Targets.of(closed, "{type: udp, payload: '00', " + fast + "}"),
                    Targets.of(quietUdp, "{type: udp, payload: '00', require_reply: true, " + fast + "}"),
                    Targets.of(quietUdp, "{type: dns, " + fast + "}"));
            ProbeTarget hangingExec = Targets.of(80, "{type: exec, command: ['" + hang + "'], " + fast + "}");

            round(checks, targets, hangingExec); // warm up: classes, clients, thread pools
            round(checks, targets, hangingExec);
            long fds = openFds();
            long threads = unpooledThreads();
            for (int i = 0; i < ROUNDS; i++) {
                round(checks, targets, i % 10 == 0 ? hangingExec : null);
            }
            // Sockets close asynchronously once a probe has its verdict: poll with a deadline.
            Poll.until(() -> openFds() <= fds + 8, Duration.ofSeconds(10),
                    "open fds back to " + fds + " (+8), now " + openFds());
            Poll.until(() -> ProcessHandle.current().children().findAny().isEmpty(), Duration.ofSeconds(10),
                    "no child processes left");
            assertTrue(unpooledThreads() <= threads + 2, "threads " + threads + " -> " + unpooledThreads() + ": "
                    + Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList());
            checks.close();
            vertx.close().await();
        }
    }

    private static void round(Checks checks, List<ProbeTarget> targets, ProbeTarget extra) {
        List<Future<ProbeResult>> all = new ArrayList<>();
        targets.forEach(t -> all.add(checks.probe(t)));
        if (extra != null) {
            all.add(checks.probe(extra));
        }
        Future.all(all).await();
        for (Future<ProbeResult> f : all) {
            assertTrue(!f.result().up(), "every probe here fails: " + f.result());
        }
    }

    /**
     * Threads outside the two bounded pools that grow on demand: Vert.x's worker pool (20 threads,
     * where exec and file checks start processes and read files) and the JDK's process reapers
     * (one per running child, idle ones end after a minute).
     */
    private static long unpooledThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> !n.startsWith("vert.x-worker-thread-") && !n.startsWith("process reaper")).count();
    }

    private static long openFds() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
