package io.ipvsdirector.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvsdirector.config.DirectorConfig;
import io.ipvsdirector.config.TestConfigs;
import io.ipvsdirector.testkit.LogCapture;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The running service: schedules, shared probes, events, log lines and reloads. */
class HealthServiceTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private LoopbackServers servers;
    private Vertx vertx;
    private HealthService health;
    private final List<VerdictChange> events = new CopyOnWriteArrayList<>();

    /**
     * One request to a throw-away server first: the first request a Vert.x HTTP server handles in
     * a JVM loads its classes, which on a loaded machine takes longer than these tests' 100-250 ms
     * timeouts, and the probes (which no longer share that cost on their own event loop) would
     * rightly time out. These tests count verdicts; they do not measure a cold server.
     */
    @BeforeAll
    static void warmUpTheServerSide() throws Exception {
        try (LoopbackServers warm = new LoopbackServers();
             Socket s = new Socket(InetAddress.getLoopbackAddress(), warm.http(r -> r.response().end("ok")))) {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: warm\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getInputStream().readAllBytes();
        }
    }

    @BeforeEach
    void start() {
        servers = new LoopbackServers();
        vertx = Vertx.vertx();
        health = HealthService.start(vertx).await();
        vertx.eventBus().<VerdictChange>consumer(VerdictChange.ADDRESS, m -> events.add(m.body()));
    }

    @AfterEach
    void stop() {
        health.stop().await();
        vertx.close().await();
        servers.close();
    }

    private static DirectorConfig config(String virtualServers) {
        return TestConfigs.valid("virtual_servers:\n" + virtualServers);
    }

    private static String vs(String name, int vsPort, String check, int... rsPorts) {
        StringBuilder rs = new StringBuilder();
        for (int p : rsPorts) {
            rs.append("      - {address: 127.0.0.1, port: ").append(p).append("}\n");
        }
        return "  - name: " + name + "\n    address: 127.0.0.100\n    port: " + vsPort + "\n    check: " + check
                + "\n    real_servers:\n" + rs;
    }

    @Test
    void sharedProbeRunsOncePerIntervalAndItsVerdictReachesEveryVirtualServer() {
        List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());
        int port = servers.http(r -> {
            arrivals.add(System.nanoTime());
            r.response().end("ok");
        });
        String check = "{type: http, interval: 200ms, timeout: 150ms, rise: 1}";
        try (LogCapture log = new LogCapture(HealthService.class)) {
            health.apply(config(vs("web", 80, check, port) + vs("web-alt", 8080, check, port)));
            assertEquals(1, health.probeCount(), "two virtual servers, one backend, one spec: one probe");
            Poll.until(() -> arrivals.size() >= 11, WAIT, "eleven probes");
            // Eight intervals (1.6 s) lie between the 3rd and 11th probe; two probes per interval
            // would cover them in half that. The bound leaves room for late arrivals on a busy machine.
            long span = arrivals.get(10) - arrivals.get(2);
            assertTrue(span >= Duration.ofMillis(1200).toNanos(),
                    "one probe per interval, not one per virtual server: " + span / 1_000_000 + "ms for 8 probes");
            assertEquals(1, events.size(), "one UP event for the shared probe: " + events);
            VerdictChange up = events.get(0);
            assertEquals(Verdict.UP, up.verdict());
            assertEquals(List.of("vs web (127.0.0.100:80/tcp) rs 127.0.0.1:" + port,
                    "vs web-alt (127.0.0.100:8080/tcp) rs 127.0.0.1:" + port),
                    up.servers().stream().map(RealServerRef::toString).toList());
            Map<RealServerRef, ServerVerdict> verdicts = health.verdicts();
            assertEquals(2, verdicts.size());
            assertTrue(verdicts.values().stream().allMatch(v -> v.verdict() == Verdict.UP && v.decided()));
            assertEquals(2, log.count("rs 127.0.0.1:" + port + " UP: status 200"), "one line per (vs, rs): " + log.lines());
            assertEquals(servers.connections.get(), arrivals.size(), "one fresh connection per probe (no keep-alive)");
        }
    }

    @Test
    void riseAndFallAreCountedExactlyAndEachChangeIsOneEvent() {
        AtomicBoolean healthy = new AtomicBoolean(true);
        AtomicInteger served = new AtomicInteger();
        int port = servers.http(r -> {
            served.incrementAndGet();
            r.response().setStatusCode(healthy.get() ? 200 : 503).end();
        });
        try (LogCapture log = new LogCapture(HealthService.class)) {
            health.apply(config(vs("web", 80, "{type: http, interval: 300ms, timeout: 250ms, rise: 3, fall: 2}", port)));
            Poll.until(() -> events.size() == 1, WAIT, "UP");
            assertEquals(3, served.get(), "UP after exactly rise = 3 successes");
            healthy.set(false);
            int before = served.get();
            Poll.until(() -> events.size() == 2, WAIT, "DOWN");
            assertEquals(2, served.get() - before, "DOWN after exactly fall = 2 failures");
            VerdictChange down = events.get(1);
            assertEquals(List.of(Verdict.DOWN, Verdict.UP, "status 503 not in [200-299]"),
                    List.of(down.verdict(), down.previous(), down.reason()));
            assertEquals(1, log.count("WARN vs web (127.0.0.100:80/tcp) rs 127.0.0.1:" + port
                    + " DOWN: status 503 not in [200-299]"), String.join("\n", log.lines()));
            healthy.set(true);
            Poll.until(() -> events.size() == 3, WAIT, "UP again");
            assertEquals(List.of(Verdict.UP, Verdict.DOWN, Verdict.UP), events.stream().map(VerdictChange::verdict).toList());
        }
    }

    @Test
    void weightAndDrainFromACheckAreChangesWhileUp(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path state = dir.resolve("state");
        java.nio.file.Files.writeString(state, "5");
        health.apply(config(vs("web", 80, "{type: file, path: '" + state + "', interval: 100ms, rise: 1, fall: 1}", 8080)));
        Poll.until(() -> events.size() == 1, WAIT, "UP with weight 5");
        java.nio.file.Files.writeString(state, "7");
        Poll.until(() -> events.size() == 2, WAIT, "weight 7");
        java.nio.file.Files.writeString(state, "drain");
        Poll.until(() -> events.size() == 3, WAIT, "drain");
        assertEquals(List.of("UP weight 5", "UP weight 7", "UP drain"),
                events.stream().map(VerdictChange::verdictText).toList());
        ServerVerdict now = health.verdicts().values().iterator().next();
        assertTrue(now.drain() && now.weight().isEmpty(), now.toString());
    }

    @Test
    void initialUpAndNoneStartUpWithoutAProbe() throws Exception {
        int closed = LoopbackServers.closedPort();
        health.apply(config(vs("a", 80, "{type: tcp, initial: up, interval: 1h, timeout: 1s}", closed)
                + vs("b", 81, "{type: none}", closed)));
        assertTrue(health.verdicts().values().stream().allMatch(v -> v.verdict() == Verdict.UP), health.verdicts().toString());
        // Their state will not change by itself, so the bus hears it once: the director loop needs it.
        Poll.until(() -> events.size() == 2, WAIT, "one confirmation per probe");
        assertTrue(events.stream().allMatch(e -> e.previous() == Verdict.UP && e.verdict() == Verdict.UP), events.toString());
    }

    @Test
    void aVirtualServerAddedOnAProbeThatAlreadyDecidedHearsItsVerdict() throws Exception {
        int port = servers.http(r -> r.response().end("ok"));
        String check = "{type: http, interval: 100ms, timeout: 100ms, rise: 1}";
        health.apply(config(vs("web", 80, check, port)));
        Poll.until(() -> events.stream().anyMatch(e -> e.verdict() == Verdict.UP), WAIT, "web UP");
        events.clear();
        health.apply(config(vs("web", 80, check, port) + vs("web-alt", 8080, check, port)));
        assertEquals(1, health.probeCount(), "the same probe, kept");
        Poll.until(() -> !events.isEmpty(), WAIT, "the added pair hears the probe's verdict");
        VerdictChange told = events.get(0);
        assertEquals(List.of("web-alt"), told.servers().stream().map(RealServerRef::virtualServer).toList(), told.toString());
        assertEquals(Verdict.UP, told.verdict());
    }

    @Test
    void newServerThatNeverComesUpIsLoggedDownOnceAndConfirmedOnce() throws Exception {
        int closed = LoopbackServers.closedPort();
        try (LogCapture log = new LogCapture(HealthService.class)) {
            health.apply(config(vs("web", 80, "{type: tcp, interval: 100ms, timeout: 100ms, fall: 2}", closed)));
            Poll.until(() -> health.verdicts().values().iterator().next().decided(), WAIT, "confirmed DOWN");
            Poll.until(() -> log.count("DOWN: connect refused") == 1, WAIT, "one line");
            Poll.until(() -> !events.isEmpty(), WAIT, "the first decision is published");
            assertEquals(1, events.size(), events.toString());
            VerdictChange first = events.get(0);
            assertEquals(Verdict.DOWN, first.previous(), "a confirmation, not a change: " + first);
            assertEquals(Verdict.DOWN, first.verdict(), first.toString());
        }
    }

    @Test
    void firstProbesAreSpreadOverTheInterval() {
        List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());
        int[] ports = new int[20];
        for (int i = 0; i < ports.length; i++) {
            ports[i] = servers.tcp(new io.vertx.core.net.NetServerOptions(), s -> {
                arrivals.add(System.nanoTime());
                s.close();
            });
        }
        long start = System.nanoTime();
        health.apply(config(vs("web", 80, "{type: tcp, interval: 1s}", ports)));
        Poll.until(() -> arrivals.size() >= 20, WAIT, "twenty first probes");
        List<Long> first = new ArrayList<>(arrivals.subList(0, 20));
        Collections.sort(first);
        assertTrue(first.get(19) - start < Duration.ofMillis(1500).toNanos(), "all within the first interval");
        assertTrue(first.get(19) - first.get(0) > Duration.ofMillis(200).toNanos(), "not all at once (jitter)");
    }

    @Test
    void reloadKeepsUnchangedProbesRestartsChangedOnesAndStopsRemovedOnes() {
        int a = servers.http(r -> r.response().end("a"));
        int b = servers.http(r -> r.response().end("b"));
        int c = servers.http(r -> r.response().end("c"));
        String check = "{type: http, interval: 200ms, timeout: 150ms, rise: 1}";
        health.apply(config(vs("web", 80, check, a, b, c)));
        Poll.until(() -> health.verdicts().values().stream().allMatch(v -> v.verdict() == Verdict.UP), WAIT, "all UP");
        try (LogCapture log = new LogCapture(HealthService.class)) {
            String changed = "{type: http, interval: 200ms, timeout: 150ms, rise: 1}";
            health.apply(config(vs("web", 80, check, a) + vs("api", 81, changed.replace("rise: 1", "rise: 2"), b)));
            Map<RealServerRef, ServerVerdict> now = health.verdicts();
            assertEquals(List.of(Verdict.UP, Verdict.DOWN), now.values().stream().map(ServerVerdict::verdict).toList(),
                    "a kept its state; b's probe restarted with the new spec: " + now);
            assertEquals(1, log.count("health: 2 probe(s) for 2 real server(s): 1 started, 1 kept, 2 stopped"),
                    String.join("\n", log.lines()));
        }
    }
}
