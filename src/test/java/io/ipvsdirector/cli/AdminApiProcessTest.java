package io.ipvsdirector.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvsdirector.testkit.ChildProcess;
import io.ipvsdirector.testkit.Poll;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A standalone director (--dry-run: the IPVS table is kept in memory) with one real server on
 * loopback, driven through its admin API and the command line as an operator would.
 */
class AdminApiProcessTest {
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final String TOKEN = "t0ken-for-the-admin-api";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private int adminPort;
    private RealServer real;

    /** A TCP real server on loopback that accepts and closes; stopped and started again on the same port. */
    private static final class RealServer implements AutoCloseable {
        final int port;
        private ServerSocket socket;

        RealServer(int port) throws IOException {
            this.port = port;
            start();
        }

        void start() throws IOException {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            socket = s;
            Thread t = new Thread(() -> {
                while (!s.isClosed()) {
                    try (Socket c = s.accept()) {
                        c.getInputStream().available();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "real-server");
            t.setDaemon(true);
            t.start();
        }

        void stop() throws IOException {
            socket.close();
        }

        @Override
        public void close() throws IOException {
            stop();
        }
    }

    @AfterEach
    void stopRealServer() throws IOException {
        if (real != null) {
            real.close();
        }
    }

    private String config(int weight, String extra) {
        return "admin: {listen: 127.0.0.1:" + adminPort + ", token_file: token}\n"
                + "notify: {events: " + dir.resolve("events.jsonl") + "}\n"
                + "ipvs: {state_file: " + dir.resolve("state.json") + "}\n"
                + "vips: [{address: 192.0.2.10/32, interface: lo}]\n"
                + "virtual_servers:\n"
                + "  - name: web\n"
                + "    address: 127.0.0.100\n"
                + "    port: 80\n" + extra
                + "    check: {type: tcp, interval: 200ms, timeout: 150ms, rise: 1, fall: 1}\n"
                + "    real_servers:\n"
                + "      - {address: 127.0.0.1, port: " + real.port + ", weight: " + weight + "}\n";
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonObject status() throws Exception {
        HttpResponse<String> r = call("GET", "/status", TOKEN, null);
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    private JsonObject server() throws Exception {
        return status().getJsonArray("virtual_servers").getJsonObject(0).getJsonArray("real_servers").getJsonObject(0);
    }

    private String metrics() throws Exception {
        HttpResponse<String> r = call("GET", "/metrics", TOKEN, null);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        return r.body();
    }

    /** The value of one series, or -1 when absent. */
    private static double value(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private CliRun cli(Path file, String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.add(1, "--config");
        all.add(2, file.toString());
        return CliRun.of(all.toArray(String[]::new));
    }

    @Test
    void statusMetricsTokenReloadDrainAndFailoverOfARunningDirector() throws Exception {
        adminPort = freePort();
        real = new RealServer(freePort());
        Files.writeString(dir.resolve("token"), TOKEN + "\n");
        Path file = dir.resolve("director.yaml");
        Files.writeString(file, config(3, ""));
        try (ChildProcess run = ChildProcess.director(List.of(), "run", "--config", file.toString(), "--dry-run",
                "--watch-interval", "600000")) {
            run.awaitLine("admin API on http://127.0.0.1:" + adminPort + " (bearer token required)", WAIT);

            // Token enforcement: missing, wrong, right; on every endpoint.
            assertEquals(401, call("GET", "/status", null, null).statusCode());
            assertEquals(401, call("GET", "/metrics", "wrong", null).statusCode());
            assertEquals(401, call("POST", "/reload", TOKEN + "x", null).statusCode());
            assertTrue(call("GET", "/health", null, null).headers().firstValue("WWW-Authenticate").isPresent());
            HttpResponse<String> health = call("GET", "/health", TOKEN, null);
            assertEquals(200, health.statusCode());
            assertEquals("ok", new JsonObject(health.body()).getString("status"));
            assertEquals(405, call("GET", "/reload", TOKEN, null).statusCode());
            assertEquals(404, call("GET", "/nothing", TOKEN, null).statusCode());

            // Every status field once the real server is up.
            Poll.until("the real server is UP in the kernel", WAIT, () -> Integer.valueOf(3).equals(server().getInteger("weight")));
            JsonObject s = status();
            JsonObject node = s.getJsonObject("node");
            assertEquals("ACTIVE", node.getString("role"));
            assertEquals(100, node.getInteger("priority"));
            assertTrue(node.getLong("epoch") >= 1);
            assertTrue(node.containsKey("name") && node.containsKey("reason"));
            assertTrue(s.getJsonObject("cluster").getBoolean("standalone"));
            assertTrue(s.getJsonObject("cluster").getJsonArray("members").getJsonObject(0).getBoolean("self"));
            assertEquals(new JsonObject().put("address", "192.0.2.10/32").put("interface", "lo").putNull("label")
                    .put("group", "default").put("held", true), s.getJsonArray("vips").getJsonObject(0));
            JsonObject group = s.getJsonArray("groups").getJsonObject(0);
            assertEquals("default", group.getString("name"));
            assertEquals("ACTIVE", group.getString("role"));
            assertEquals(node.getString("name"), group.getString("owner"));
            assertTrue(s.getBoolean("dry_run"));
            JsonObject vs = s.getJsonArray("virtual_servers").getJsonObject(0);
            assertEquals("web", vs.getString("name"));
            assertEquals("127.0.0.100:80/tcp", vs.getString("service"));
            assertEquals(true, vs.getJsonObject("quorum").getBoolean("held"));
            assertEquals(3, vs.getJsonObject("quorum").getInteger("live_weight"));
            JsonObject rs = server();
            assertEquals("127.0.0.1:" + real.port, rs.getString("address"));
            assertEquals("up", rs.getString("state"));
            assertEquals("UP", rs.getString("verdict"));
            assertEquals(3, rs.getInteger("configured_weight"));
            assertEquals(3, rs.getInteger("desired_weight"));
            assertFalse(rs.getBoolean("draining"));
            assertEquals("connected", rs.getJsonObject("check").getString("last_result"));
            assertTrue(rs.getJsonObject("check").getDouble("latency_ms") >= 0);
            assertEquals(3, rs.getJsonObject("kernel").getInteger("weight"));
            assertEquals(0, rs.getJsonObject("kernel").getInteger("active_connections"));

            // Metrics: present, and counting.
            String target = "{type=\"tcp\",target=\"127.0.0.1:" + real.port + "\",result=\"up\"}";
            String m1 = metrics();
            assertEquals(1, value(m1, "ipvs_director_role{role=\"ACTIVE\"}"));
            assertEquals(1, value(m1, "ipvs_director_vips_held"));
            assertEquals(1, value(m1, "ipvs_director_real_servers{state=\"up\"}"));
            assertTrue(value(m1, "ipvs_director_elections_total") >= 1, m1);
            assertTrue(value(m1, "ipvs_director_reconcile_operations_total") >= 2, m1);
            assertTrue(value(m1, "ipvs_director_check_latency_seconds_count{type=\"tcp\"}") >= 1, m1);
            assertTrue(value(m1, "jvm_memory_heap_used") > 0, m1);
            double upResults = value(m1, "ipvs_director_check_results_total" + target);
            assertTrue(upResults >= 1, m1);
            Poll.until("more probe results counted", WAIT, () -> value(metrics(), "ipvs_director_check_results_total" + target) > upResults);

            // A verdict change: the real server stops answering.
            double downsBefore = Math.max(0, value(m1, "ipvs_director_verdict_changes_total{verdict=\"DOWN\"}"));
            real.stop();
            Poll.until("the real server is DOWN", WAIT, () -> "DOWN".equals(server().getString("verdict")));
            rs = server();
            assertEquals("down", rs.getString("state"));
            assertTrue(rs.getString("reason").contains("refused"), rs.encode());
            assertEquals(rs.getString("reason"), rs.getJsonObject("check").getString("last_result"));
            assertNull(rs.getValue("weight"), "out of the kernel (on_failure: remove)");
            assertNull(rs.getValue("desired_weight"));
            assertEquals(false, status().getJsonArray("virtual_servers").getJsonObject(0).getJsonObject("quorum").getBoolean("held"));
            String m2 = metrics();
            assertEquals(downsBefore + 1, value(m2, "ipvs_director_verdict_changes_total{verdict=\"DOWN\"}"), m2);
            assertEquals(1, value(m2, "ipvs_director_real_servers{state=\"down\"}"));
            assertEquals(1, value(m2, "ipvs_director_virtual_servers{quorum=\"lost\"}"));
            real.start();
            Poll.until("the real server is back", WAIT, () -> Integer.valueOf(3).equals(server().getInteger("weight")));

            // The command line's view: a plain table (not a terminal here) and the JSON.
            CliRun table = cli(file, "status");
            assertEquals(0, table.exitCode(), table.err());
            assertTrue(table.out().contains("Node ") && table.out().contains("ACTIVE"), table.out());
            assertTrue(table.out().contains("TCP  127.0.0.100:80 wlc held"), table.out());
            assertTrue(table.out().matches("(?s).*-> 127\\.0\\.0\\.1:" + real.port + " +3\\(3\\) .* UP +up +connected.*"), table.out());
            assertFalse(table.out().contains("\u001b["), "no colour off a terminal");
            CliRun json = cli(file, "status", "--json");
            assertEquals("web", new JsonObject(json.out()).getJsonArray("virtual_servers").getJsonObject(0).getString("name"));

            // Drain: weight 0, then (no connections to wait for) out until undrained; a reload keeps it.
            CliRun drain = cli(file, "drain", "web", "127.0.0.1:" + real.port);
            assertEquals(0, drain.exitCode(), drain.err());
            assertEquals("vs web rs 127.0.0.1:" + real.port + ": draining\n", drain.out());
            Poll.until("drained", WAIT, () -> "out".equals(server().getString("state")));
            assertEquals("drained (drained by the operator)", server().getString("reason"));
            assertNull(server().getValue("weight"));

            // A good reload applies; the drain survives it.
            Files.writeString(file, config(7, ""));
            CliRun reload = cli(file, "reload");
            assertEquals(0, reload.exitCode(), reload.err());
            assertEquals("reloaded " + file + "\n", reload.out());
            assertEquals(7, server().getInteger("configured_weight"));
            assertEquals("out", server().getString("state"), "a reload keeps the operator's drain");

            CliRun undrain = cli(file, "undrain", "web", "127.0.0.1");
            assertEquals(0, undrain.exitCode(), undrain.err());
            Poll.until("back in service at the new weight", WAIT, () -> Integer.valueOf(7).equals(server().getInteger("weight")));
            assertEquals("up", server().getString("state"));
            CliRun again = cli(file, "undrain", "web", "127.0.0.1");
            assertTrue(again.out().contains("unchanged (it was not drained by the operator)"), again.out());
            CliRun unknown = cli(file, "drain", "web", "127.0.0.9");
            assertEquals(1, unknown.exitCode());
            assertTrue(unknown.err().startsWith("error: no real server '127.0.0.9' in virtual server web"), unknown.err());

            // A bad reload: the error lines come back and nothing changes.
            Files.writeString(file, config(9, "    scheduler: fastest\n"));
            CliRun bad = cli(file, "reload");
            assertEquals(1, bad.exitCode());
            assertTrue(bad.err().contains("error: the configuration was rejected; the running one stays in force\n"
                    + file + ": virtual_servers[0].scheduler: unknown scheduler 'fastest'"), bad.err());
            HttpResponse<String> badApi = call("POST", "/reload", TOKEN, null);
            assertEquals(422, badApi.statusCode());
            assertEquals(1, new JsonObject(badApi.body()).getJsonArray("lines").size());
            assertEquals(7, server().getInteger("configured_weight"));
            assertEquals(7, server().getInteger("weight"));
            String m3 = metrics();
            assertEquals(1, value(m3, "ipvs_director_config_reloads_total{result=\"applied\"}"), m3);
            assertEquals(2, value(m3, "ipvs_director_config_reloads_total{result=\"failed\"}"), m3);
            assertEquals(1, value(m3, "ipvs_director_drains_total{action=\"drain\"}"), m3);

            // Failover has nobody to hand over to.
            CliRun failover = cli(file, "failover");
            assertEquals(1, failover.exitCode());
            assertEquals("error: no eligible peer to hand over to (standalone director)\n", failover.err());
            assertEquals(409, call("POST", "/failover", TOKEN, null).statusCode());
            assertEquals("ACTIVE", status().getJsonObject("node").getString("role"));

            // A command line holding the wrong token is refused with one line.
            Files.writeString(dir.resolve("other-token"), "not-the-token\n");
            Path other = dir.resolve("other.yaml");
            Files.writeString(other, "admin: {listen: 127.0.0.1:" + adminPort + ", token_file: other-token}\n");
            CliRun refused = cli(other, "status");
            assertEquals(1, refused.exitCode());
            assertEquals("the admin API on 127.0.0.1:" + adminPort + " refused the request: the token in admin.token_file is"
                    + " not the director's\n", refused.err());

            run.signal("TERM");
            assertEquals(0, run.awaitExit(WAIT));
        }
        CliRun gone = cli(file, "status");
        assertEquals(3, gone.exitCode());
        assertEquals("ipvs-director is not running (no admin API answers on 127.0.0.1:" + adminPort + ")\n", gone.err());
    }

    @Test
    void aPublicListenAddressWithoutATokenIsAConfigurationError() throws Exception {
        Path file = dir.resolve("public.yaml");
        Files.writeString(file, "admin: {listen: 0.0.0.0:9180}\n");
        try (ChildProcess run = ChildProcess.director(List.of(), "run", "--config", file.toString(), "--dry-run")) {
            assertEquals(2, run.awaitExit(WAIT));
            assertEquals(List.of(file + ": admin.listen: 0.0.0.0:9180 is not a loopback address; set admin.token_file to"
                    + " serve it to the network"), run.lines());
        }
    }
}
