package io.ipvsdirector.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvsdirector.admin.AdminServer;
import io.ipvsdirector.config.ConfigLoader;
import io.ipvsdirector.director.Director;
import io.ipvsdirector.testkit.ChildProcess;
import io.ipvsdirector.testkit.IpvsKernelTest;
import io.ipvsdirector.testkit.Ipvsadm;
import io.ipvsdirector.testkit.Poll;
import io.ipvsdirector.testkit.Shell;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `ipvs-director drain` and `undrain` against the real IPVS, with ipvsadm as the witness: the drained
 * real server stays at weight 0 while the kernel still holds connections to it, leaves when they
 * are gone (here: when drain_timeout passes, as the test holds them open), and comes back at its
 * weight on undrain. The real servers live in the namespace "adm-rs", where a listener accepts and
 * holds every connection made through the VIP.
 */
@IpvsKernelTest
class AdminDrainKernelTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String DRAINED = "-a -t 10.98.0.1:80 -r 10.98.1.2:8080 -m -w 0";

    @TempDir
    Path dir;

    private static ChildProcess listener;
    private final List<Socket> held = new ArrayList<>();

    @BeforeAll
    static void realServersInANamespace() throws IOException {
        Ipvsadm.clear();
        Shell.script("""
                ip netns add adm-rs
                ip link add adm-d type veth peer name adm-r
                ip link set adm-r netns adm-rs
                ip addr add 10.98.1.1/24 dev adm-d
                ip link set adm-d up
                ip -n adm-rs addr add 10.98.1.2/24 dev adm-r
                ip -n adm-rs addr add 10.98.1.3/24 dev adm-r
                ip -n adm-rs link set adm-r up
                ip route add 10.98.0.0/24 dev adm-d
                """);
        listener = ChildProcess.command(List.of("ip", "netns", "exec", "adm-rs", "python3", "-c", String.join("\n",
                "import socket",
                "s = socket.socket()",
                "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
                "s.bind(('0.0.0.0', 8080))",
                "s.listen(64)",
                "print('listening', flush=True)",
                "held = []",
                "while True:",
                "    held.append(s.accept()[0])")));
    }

    @AfterAll
    static void removeTheNamespace() {
        listener.close();
        Ipvsadm.clear();
        Shell.script("ip link del adm-d; ip netns del adm-rs");
    }

    private static boolean has(String line) {
        return Ipvsadm.save().contains(line);
    }

    /** A connection through the VIP, held open until the end of the test. */
    private void connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("10.98.0.1", 80), 5000);
        held.add(s);
    }

    /** ActiveConn of a real server in `ipvsadm -Ln`, -1 when it is not there. */
    private static int active(String rs) {
        return Ipvsadm.run("-Ln").stream().filter(l -> l.contains("-> " + rs + " ")).findFirst()
                .map(l -> Integer.parseInt(l.trim().split("\\s+")[4])).orElse(-1);
    }

    @AfterEach
    void closeConnections() throws IOException {
        for (Socket s : held) {
            s.close();
        }
    }

    @Test
    void aDrainedRealServerKeepsItsConnectionsAtWeightZeroThenLeavesAndUndrainBringsItBack() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path file = dir.resolve("director.yaml");
        Files.writeString(file, """
                admin: {listen: 127.0.0.1:PORT}
                ipvs: {state_file: STATE}
                notify: {events: EVENTS}
                virtual_servers:
                  - name: web
                    address: 10.98.0.1
                    port: 80
                    scheduler: rr
                    drain_timeout: 20s
                    check: {type: exec, command: [/bin/true], interval: 3s, timeout: 2500ms, rise: 1, fall: 3}
                    real_servers:
                      - {address: 10.98.1.2, port: 8080, weight: 3}
                      - {address: 10.98.1.3, port: 8080, weight: 1}
                """.replace("PORT", Integer.toString(port)).replace("STATE", dir.resolve("owned.json").toString())
                .replace("EVENTS", dir.resolve("events.jsonl").toString()));
        Vertx vertx = Vertx.vertx();
        Director director = new Director(vertx, ConfigLoader.load(vertx, file).await(), false);
        director.start().await();
        AdminServer admin = AdminServer.start(vertx, director, reason -> Future.succeededFuture()).await();
        try {
            assertTrue(admin.listening());
            Poll.until("both real servers in", WAIT, () -> has("-a -t 10.98.0.1:80 -r 10.98.1.2:8080 -m -w 3")
                    && has("-a -t 10.98.0.1:80 -r 10.98.1.3:8080 -m -w 1"));
            listener.awaitLine("listening", WAIT);
            for (int i = 0; i < 4; i++) {
                connect();
            }
            Poll.until("the kernel holds connections to .2", WAIT, () -> active("10.98.1.2:8080") >= 1);

            CliRun drain = CliRun.of("drain", "--config", file.toString(), "web", "10.98.1.2:8080");
            assertEquals(0, drain.exitCode(), drain.err());
            Poll.until(".2 at weight 0, still in the table", WAIT, () -> has(DRAINED));
            assertTrue(active("10.98.1.2:8080") >= 1, "its connections go on: " + Ipvsadm.run("-Ln"));
            CliRun status = CliRun.of("status", "--config", file.toString());
            assertTrue(status.out().lines().anyMatch(l -> l.contains("-> 10.98.1.2:8080") && l.contains("draining")),
                    status.out());
            // New connections go to the other real server only.
            int before = active("10.98.1.3:8080");
            connect();
            Poll.until("the new connection on .3", WAIT, () -> active("10.98.1.3:8080") == before + 1);

            // The connections are still open when drain_timeout passes: the server leaves the table then.
            Poll.until(".2 out of the table", WAIT, () -> Ipvsadm.save().stream().noneMatch(l -> l.contains("10.98.1.2:8080")));
            assertTrue(has("-a -t 10.98.0.1:80 -r 10.98.1.3:8080 -m -w 1"), "the other real server is untouched");

            CliRun undrain = CliRun.of("undrain", "--config", file.toString(), "web", "10.98.1.2:8080");
            assertEquals(0, undrain.exitCode(), undrain.err());
            Poll.until(".2 back at weight 3", WAIT, () -> has("-a -t 10.98.0.1:80 -r 10.98.1.2:8080 -m -w 3"));
            assertEquals(List.of(), Ipvsadm.save().stream().filter(l -> l.contains("-w 0")).toList());
        } finally {
            admin.stop().await();
            director.stop().await();
            vertx.close().await();
        }
    }
}
