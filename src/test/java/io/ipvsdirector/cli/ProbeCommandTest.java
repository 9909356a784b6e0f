package io.ipvsdirector.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvsdirector.testkit.ChildProcess;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `ipvs-director probe`: every check once, shared ones once, a table or JSON, exit 0 whatever the verdicts. */
class ProbeCommandTest {
    private static Vertx vertx;
    private static int healthy;
    private static int failing;
    private static int closed;
    private static final AtomicInteger failingRequests = new AtomicInteger();

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws IOException {
        vertx = Vertx.vertx();
        HttpServer ok = vertx.createHttpServer().requestHandler(r -> r.response().end("ok"));
        healthy = ok.listen(0, "127.0.0.1").await().actualPort();
        HttpServer bad = vertx.createHttpServer().requestHandler(r -> {
            failingRequests.incrementAndGet();
            r.response().setStatusCode(503).end();
        });
        failing = bad.listen(0, "127.0.0.1").await().actualPort();
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
    }

    @AfterAll
    static void stop() {
        vertx.close().await();
    }

    private Path config() throws IOException {
        String check = "{type: http, path: /health, interval: 10s, timeout: 5s}";
        Path file = dir.resolve("director.yaml");
        Files.writeString(file, """
                virtual_servers:
                  - name: web
                    address: 127.0.0.100
                    port: 80
                    check: CHECK
                    real_servers:
                      - {address: 127.0.0.1, port: HEALTHY}
                      - {address: 127.0.0.1, port: FAILING}
                  - name: web-tls
                    address: 127.0.0.100
                    port: 443
                    check: CHECK
                    real_servers:
                      - {address: 127.0.0.1, port: FAILING}
                  - name: echo
                    address: 127.0.0.100
                    port: 7
                    check: {type: tcp}
                    real_servers:
                      - {address: 127.0.0.1, port: CLOSED}
                """.replace("CHECK", check).replace("HEALTHY", "" + healthy).replace("FAILING", "" + failing)
                .replace("CLOSED", "" + closed));
        return file;
    }

    @Test
    void printsOneRowPerRealServerAndRunsSharedChecksOnce() throws IOException {
        int before = failingRequests.get();
        CliRun run = CliRun.of("probe", "--config", config().toString());
        assertEquals(0, run.exitCode(), "exit 0 although some are down: " + run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(6, lines.size(), run.out());
        assertTrue(lines.get(0).matches("VIRTUAL SERVER +REAL SERVER +CHECK +VERDICT +LATENCY +REASON"), lines.get(0));
        assertTrue(lines.get(1).matches("web \\(127\\.0\\.0\\.100:80/tcp\\) +127\\.0\\.0\\.1:" + healthy
                + " +http GET /health status \\[200-299\\] +UP +[0-9.]+ms +status 200"), lines.get(1));
        assertTrue(lines.get(2).matches(".*127\\.0\\.0\\.1:" + failing + " .* DOWN .* status 503 not in \\[200-299\\]"), lines.get(2));
        assertTrue(lines.get(3).startsWith("web-tls (127.0.0.100:443/tcp)") && lines.get(3).contains("DOWN"), lines.get(3));
        assertTrue(lines.get(4).matches("echo .* tcp +DOWN +[0-9.]+ms +connect refused"), lines.get(4));
        assertEquals("3 probe(s) for 4 real server(s): 1 up, 2 down", lines.get(5));
        assertEquals(1, failingRequests.get() - before, "the backend shared by web and web-tls was probed once");
    }

    @Test
    void jsonHasOneObjectPerRealServer() throws IOException {
        CliRun run = CliRun.of("probe", "--config", config().toString(), "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonArray rows = new JsonArray(run.out());
        assertEquals(4, rows.size());
        JsonObject first = rows.getJsonObject(0);
        assertEquals(List.of("web", "127.0.0.100:80/tcp", "127.0.0.1:" + healthy, "up", "status 200", 1),
                List.of(first.getString("virtual_server"), first.getString("service"), first.getString("real_server"),
                        first.getString("verdict"), first.getString("reason"), first.getInteger("shared_by")));
        assertEquals(2, rows.getJsonObject(1).getInteger("shared_by"));
    }

    @Test
    void invalidConfigExitsTwo() throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "virtual_servers: [{name: x, address: 127.0.0.100, port: 80, check: {type: radius}}]\n");
        CliRun run = CliRun.of("probe", "--config", bad.toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith(bad + ": virtual_servers[0].check.type: "), run.err());
        assertEquals("", run.out());
    }

    @Test
    void runsAsAProcess() throws Exception {
        try (ChildProcess probe = ChildProcess.director(List.of(), "probe", "--config", config().toString())) {
            assertEquals(0, probe.awaitExit(Duration.ofSeconds(60)), String.join("\n", probe.lines()));
            probe.awaitLine("3 probe(s) for 4 real server(s): 1 up, 2 down", Duration.ofSeconds(5));
            assertTrue(probe.lines().stream().noneMatch(l -> l.contains("Exception")), String.join("\n", probe.lines()));
        }
    }
}
