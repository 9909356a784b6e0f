package io.ipvsdirector.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ipvsdirector.testkit.ChildProcess;
import io.ipvsdirector.testkit.Counters;
import io.ipvsdirector.testkit.IpvsKernelTest;
import io.ipvsdirector.testkit.Ipvsadm;
import io.ipvsdirector.testkit.Shell;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Edits through `ipvs apply` are the minimal operation each, and every entry they do not remove
 * keeps its counters: connections made through the kernel's NAT before the edit still count after
 * it, which a delete and re-add would have reset. Also: permission denied without CAP_NET_ADMIN.
 */
@IpvsKernelTest
class IpvsEditKernelTest {
    /** Two NAT services whose real servers live in the network namespace "ipvs-rs", reached over a veth. */
    private static final String CONFIG = """
            ipvs: {state_file: STATE}
            virtual_servers:
              - name: web
                address: 10.99.0.1
                port: 80
                scheduler: rr
                real_servers:
                  - {address: 10.99.1.2, port: 8080, weight: 1}
                  - {address: 10.99.1.3, port: 8080, weight: 1}
              - name: api
                address: 10.99.0.2
                port: 80
                scheduler: rr
                real_servers:
                  - {address: 10.99.1.2, port: 9090, weight: 1}
            """;

    @TempDir
    Path dir;

    @BeforeAll
    static void realServersInANamespace() {
        Ipvsadm.clear();
        Shell.script("""
                ip netns add ipvs-rs
                ip link add ipvs-d type veth peer name ipvs-r
                ip link set ipvs-r netns ipvs-rs
                ip addr add 10.99.1.1/24 dev ipvs-d
                ip link set ipvs-d up
                ip -n ipvs-rs addr add 10.99.1.2/24 dev ipvs-r
                ip -n ipvs-rs addr add 10.99.1.3/24 dev ipvs-r
                ip -n ipvs-rs link set ipvs-r up
                ip route add 10.99.0.0/24 dev ipvs-d
                """);
    }

    @AfterAll
    static void removeTheNamespace() {
        Ipvsadm.clear();
        Shell.script("ip link del ipvs-d; ip netns del ipvs-rs");
    }

    @Test
    void eachEditIsOneOperationAndUntouchedEntriesKeepTheirCounters() throws Exception {
        assertEquals(0, apply(CONFIG).exitCode());
        // Connections from this host to the VIPs: IPVS schedules them round robin and NATs them to the
        // namespace, whose kernel answers with a reset (nothing listens). Each is counted.
        for (int i = 0; i < 4; i++) {
            connect("10.99.0.1");
        }
        for (int i = 0; i < 2; i++) {
            connect("10.99.0.2");
        }
        List<String> before = Counters.await(List.of("TCP  10.99.0.1:80 ", "TCP  10.99.0.2:80 "), List.of(4L, 2L));

        CliRun weight = apply(CONFIG.replace("{address: 10.99.1.2, port: 8080, weight: 1}", "{address: 10.99.1.2, port: 8080, weight: 5}"));
        assertEquals(List.of("-e -t 10.99.0.1:80 -r 10.99.1.2:8080 -m -w 5", "1 operation(s) applied"), weight.out().lines().toList());
        assertEquals(before, Counters.now(), "a weight change keeps every counter, its own real server's included");

        String rescheduled = CONFIG.replace("{address: 10.99.1.2, port: 8080, weight: 1}", "{address: 10.99.1.2, port: 8080, weight: 5}")
                .replace("    address: 10.99.0.2\n    port: 80\n    scheduler: rr", "    address: 10.99.0.2\n    port: 80\n    scheduler: wlc");
        assertEquals(List.of("-E -t 10.99.0.2:80 -s wlc", "1 operation(s) applied"), apply(rescheduled).out().lines().toList());
        assertEquals(before, Counters.now(), "a scheduler change keeps every counter");

        String removed = rescheduled.replace("      - {address: 10.99.1.3, port: 8080, weight: 1}\n", "");
        assertEquals(List.of("-d -t 10.99.0.1:80 -r 10.99.1.3:8080", "1 operation(s) applied"), apply(removed).out().lines().toList());
        List<String> remaining = before.stream().filter(l -> !l.contains("10.99.1.3:8080")).toList();
        assertEquals(remaining, Counters.now(), "removing a real server keeps its service's and its siblings' counters");
        assertEquals("no changes\n", apply(removed).out());
    }

    @Test
    void withoutCapNetAdminTheOperatorIsToldWhatIsNeeded() throws Exception {
        Path config = dir.resolve("director.yaml");
        Files.writeString(config, CONFIG.replace("STATE", dir.resolve("owned.json").toString()));
        // Still root, but without CAP_NET_ADMIN in the bounding set: exactly the privilege IPVS asks for.
        List<String> withoutCap = List.of("setpriv", "--bounding-set=-net_admin", "--inh-caps=-net_admin", "--");
        for (List<String> args : List.of(List.of("ipvs", "list"), List.of("ipvs", "apply", "--config", config.toString()))) {
            try (ChildProcess run = ChildProcess.director(withoutCap, args.toArray(new String[0]))) {
                assertEquals(1, run.awaitExit(Duration.ofSeconds(120)), run.lines().toString());
                assertEquals(List.of("list IPVS services: permission denied; this needs CAP_NET_ADMIN (run as root)"), run.lines());
            }
        }
    }

    private CliRun apply(String yaml) throws IOException {
        Path file = dir.resolve("director.yaml");
        Files.writeString(file, yaml.replace("STATE", dir.resolve("owned.json").toString()));
        CliRun run = CliRun.of("ipvs", "apply", "--config", file.toString());
        assertEquals("", run.err());
        return run;
    }

    private static void connect(String vip) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(vip, 80), 2000);
        } catch (IOException e) {
            // refused by the real server's kernel, through the NAT: the expected end
        }
    }
}
