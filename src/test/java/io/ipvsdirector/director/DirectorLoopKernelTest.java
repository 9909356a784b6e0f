package io.ipvsdirector.director;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvsdirector.config.ConfigLoader;
import io.ipvsdirector.config.DirectorConfig;
import io.ipvsdirector.reconcile.Reconciler;
import io.ipvsdirector.testkit.Counters;
import io.ipvsdirector.testkit.IpvsKernelTest;
import io.ipvsdirector.testkit.Ipvsadm;
import io.ipvsdirector.testkit.LogCapture;
import io.ipvsdirector.testkit.Poll;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The director loop against the real IPVS: verdicts of real HTTP backends (on loopback addresses of
 * this kernel) move destinations in and out, zero-weight keeps them at 0, a lost quorum brings the
 * sorry server, a reload that changes one weight is one operation that keeps every connection
 * counter, a bad reload changes nothing, and a restarted director sends none. ipvsadm is the witness.
 */
@IpvsKernelTest
class DirectorLoopKernelTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String CONFIG = """
            ipvs: {state_file: STATE}
            defaults:
              check: {type: http, path: /, interval: 500ms, timeout: 400ms, rise: 2, fall: 2}
            virtual_servers:
              - name: web
                address: 10.10.10.1
                port: 80
                scheduler: wrr
                real_servers:
                  - {address: 127.0.1.11, port: 8080, weight: WEIGHT}
                  - {address: 127.0.1.12, port: 8080, weight: 1}
              - name: zw
                address: 10.10.10.2
                port: 80
                on_failure: zero-weight
                real_servers:
                  - {address: 127.0.1.13, port: 8080}
              - name: q
                address: 10.10.10.3
                port: 80
                quorum: 2
                sorry_server: {address: 127.0.1.99, port: 8080}
                real_servers:
                  - {address: 127.0.1.14, port: 8080}
                  - {address: 127.0.1.15, port: 8080}
            """;

    @TempDir
    Path dir;
    private Vertx vertx;
    private final Map<String, HttpServer> backends = new HashMap<>();

    @BeforeEach
    void start() {
        Ipvsadm.clear();
        // The VIPs local, so that this host's own connections to them go through IPVS and are counted.
        io.ipvsdirector.testkit.Shell.script("ip addr add 10.10.10.1/32 dev lo; ip addr add 10.10.10.3/32 dev lo");
        vertx = Vertx.vertx();
        for (int i = 11; i <= 15; i++) {
            up("127.0.1." + i);
        }
    }

    @AfterEach
    void stop() {
        vertx.close().await();
        Ipvsadm.clear();
        io.ipvsdirector.testkit.Shell.script("ip addr del 10.10.10.1/32 dev lo; ip addr del 10.10.10.3/32 dev lo");
    }

    private void up(String address) {
        backends.put(address, vertx.createHttpServer().requestHandler(r -> r.response().end("ok"))
                .listen(8080, address).await());
    }

    private void down(String address) {
        backends.remove(address).close().await();
    }

    private DirectorConfig config(String weight) throws Exception {
        Path file = dir.resolve("director.yaml");
        Files.writeString(file, CONFIG.replace("STATE", dir.resolve("owned.json").toString()).replace("WEIGHT", weight));
        return ConfigLoader.load(vertx, file).await();
    }

    /** A connection from this host to a VIP: IPVS schedules and counts it, whatever becomes of it. */
    private static void connect(String vip) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress(vip, 80), 300);
        } catch (java.io.IOException e) {
            // counted at the SYN; the answer does not matter here
        }
    }

    private static List<String> table() {
        return Ipvsadm.save();
    }

    private static boolean has(String line) {
        return table().stream().anyMatch(l -> l.equals(line));
    }

    @Test
    void verdictsDriveTheKernelTable() throws Exception {
        Director director = new Director(vertx, config("1"), false);
        director.start().await();
        Poll.until("every real server in", WAIT, () -> has("-a -t 10.10.10.1:80 -r 127.0.1.11:8080 -m -w 1")
                && has("-a -t 10.10.10.1:80 -r 127.0.1.12:8080 -m -w 1") && has("-a -t 10.10.10.2:80 -r 127.0.1.13:8080 -m -w 1")
                && has("-a -t 10.10.10.3:80 -r 127.0.1.15:8080 -m -w 1"));

        // A dead backend leaves within fall x interval + timeout (plus the guest's slowness).
        long t0 = System.nanoTime();
        down("127.0.1.12");
        Poll.until(".12 out", WAIT, () -> !has("-a -t 10.10.10.1:80 -r 127.0.1.12:8080 -m -w 1"));
        long gone = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("backend down -> destination removed: " + gone + " ms (fall 2 x 500 ms + 400 ms)");
        assertTrue(gone < 2 * 500 + 400 + 2000, gone + " ms");
        long t1 = System.nanoTime();
        up("127.0.1.12");
        Poll.until(".12 back", WAIT, () -> has("-a -t 10.10.10.1:80 -r 127.0.1.12:8080 -m -w 1"));
        System.out.println("backend up -> destination back: " + (System.nanoTime() - t1) / 1_000_000
                + " ms (rise 2 x 500 ms)");

        // zero-weight keeps the destination at 0.
        down("127.0.1.13");
        Poll.until(".13 at weight 0", WAIT, () -> has("-a -t 10.10.10.2:80 -r 127.0.1.13:8080 -m -w 0"));

        // Losing the quorum: the sorry server instead of every real server.
        down("127.0.1.14");
        Poll.until("the sorry server in", WAIT, () -> has("-a -t 10.10.10.3:80 -r 127.0.1.99:8080 -m -w 1")
                && table().stream().noneMatch(l -> l.startsWith("-a -t 10.10.10.3:80 -r 127.0.1.15")));
        up("127.0.1.14");
        Poll.until("the real servers back", WAIT, () -> has("-a -t 10.10.10.3:80 -r 127.0.1.14:8080 -m -w 1")
                && table().stream().noneMatch(l -> l.contains("127.0.1.99")));

        // A reload that changes one weight is one operation, and every connection counter survives it.
        for (int i = 0; i < 4; i++) {
            connect("10.10.10.1");
        }
        connect("10.10.10.3");
        List<String> counted = Counters.await(List.of("TCP  10.10.10.1:80 ", "TCP  10.10.10.3:80 "), List.of(4L, 1L));
        try (LogCapture ops = new LogCapture(Reconciler.class)) {
            DirectorConfig before = director.config();
            DirectorConfig after = config("5");
            director.reload(after).await();
            Poll.until("weight 5", WAIT, () -> has("-a -t 10.10.10.1:80 -r 127.0.1.11:8080 -m -w 5"));
            assertEquals(List.of("INFO ipvs: -e -t 10.10.10.1:80 -r 127.0.1.11:8080 -m -w 5"), ops.lines(),
                    "only the changed destination is touched (" + before.virtualServers().size() + " services)");
        }
        assertEquals(counted, Counters.now(), "every service's and real server's counters survive the reload");

        // A bad reload is rejected as a whole: the table and the running configuration stay.
        List<String> good = table();
        Path file = dir.resolve("director.yaml");
        ConfigWatcher watcher = new ConfigWatcher(vertx, file, Files.readAllBytes(file), director::reload);
        Files.writeString(file, Files.readString(file).replace("scheduler: wrr", "scheduler: wrrr")
                .replace("weight: 1}", "weight: -1}"));
        try (LogCapture rejected = new LogCapture(ConfigWatcher.class)) {
            org.junit.jupiter.api.Assertions.assertThrows(io.ipvsdirector.config.ConfigException.class,
                    () -> watcher.reload("test").await());
            assertTrue(rejected.lines().stream().anyMatch(l -> l.contains("rejected, the running configuration stays in force")),
                    rejected.lines().toString());
            assertTrue(rejected.lines().stream().anyMatch(l -> l.contains("virtual_servers[0].scheduler")), rejected.lines().toString());
        }
        assertEquals(good, table(), "a bad reload changes nothing");
        assertEquals(5, director.config().virtualServers().get(0).realServers().get(0).weight());

        // A restarted director finds its table and sends nothing, even after its checks decide.
        List<String> kept = table();
        director.stop().await();
        try (LogCapture ops = new LogCapture(Reconciler.class)) {
            Director again = new Director(vertx, config("5"), false);
            again.start().await();
            Poll.until("every check decided", WAIT, () -> again.loop().plan() != null
                    && again.loop().plan().services().stream().flatMap(s -> s.servers().stream())
                    .noneMatch(s -> s.reason().contains("found in the kernel") || s.reason().contains("not checked")));
            assertEquals(List.of(), ops.lines(), "no operation after a restart");
            assertEquals(kept, table());
            again.stop().await();
        }
    }
}
