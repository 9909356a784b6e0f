package io.ipvsdirector.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvsdirector.config.TestConfigs;
import io.ipvsdirector.testkit.NamespaceTest;
import io.ipvsdirector.testkit.Netns;
import io.ipvsdirector.testkit.Setns;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The probe path options of ping, tcp and http checks, between two namespaces joined by two links: the
 * prober (d0 198.51.100.1, e0 192.0.2.1, 10.9.9.9 on lo) and the target (d1 198.51.100.2, e1 192.0.2.2,
 * 203.0.113.7 and 203.0.113.8 on lo). The target counts what arrives with iptables rules, the
 * outside witness of the path a ping took; its TCP and HTTP servers record where each connection came from.
 */
@NamespaceTest
class ProbePathTest {
    private static Netns netns;
    private static String prober;
    private static String target;
    private static ExecutorService inside;
    private static Vertx vertx;
    private static Checks checks;
    private static ExecutorService server;
    private static java.net.ServerSocket listener;
    private static java.net.ServerSocket web;
    /** The source address of every connection the target's TCP server accepted. */
    private static final java.util.Queue<String> peers = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** The source address of every request the target's HTTP server answered. */
    private static final java.util.Queue<String> webPeers = new java.util.concurrent.ConcurrentLinkedQueue<>();

    @BeforeAll
    static void namespaces() throws Exception {
        netns = new Netns();
        prober = netns.host("prober");
        target = netns.host("target");
        link("d0", "198.51.100.1/24", "d1", "198.51.100.2/24");
        link("e0", "192.0.2.1/24", "e1", "192.0.2.2/24");
        netns.exec(prober, "ip", "addr", "add", "10.9.9.9/32", "dev", "lo");
        netns.exec(target, "ip", "addr", "add", "203.0.113.7/32", "dev", "lo");
        netns.exec(target, "ip", "addr", "add", "203.0.113.8/32", "dev", "lo");
        netns.exec(target, "ip", "route", "add", "10.9.9.9/32", "via", "198.51.100.1");
        // fwmark: the main table has no route to 203.0.113.7; table 100, chosen by mark 7, has one.
        netns.exec(prober, "ip", "rule", "add", "fwmark", "7", "table", "100");
        netns.exec(prober, "ip", "route", "add", "203.0.113.7/32", "via", "198.51.100.2", "table", "100");
        // bind_interface: 203.0.113.8 is reachable both ways; without binding d0 wins on metric.
        netns.exec(prober, "ip", "route", "add", "203.0.113.8/32", "via", "198.51.100.2", "dev", "d0", "metric", "10");
        netns.exec(prober, "ip", "route", "add", "203.0.113.8/32", "via", "192.0.2.2", "dev", "e0", "metric", "20");
        for (String rule : new String[] {"-i d1 -d 203.0.113.8", "-i e1 -d 203.0.113.8", "-s 10.9.9.9"}) {
            netns.exec(target, ("iptables -A INPUT -p icmp " + rule).split(" "));
        }
        inside = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "in-" + prober);
            t.setDaemon(true);
            return t;
        });
        call(() -> {
            Setns.enter(prober);
            return null;
        });
        vertx = Vertx.vertx();
        // Made in the prober's namespace: the probe loop's thread, which makes the tcp and http
        // sockets, starts there, as the whole daemon runs in one namespace.
        checks = call(() -> new Checks(vertx));
        // A listening socket stays in the namespace it was made in, whichever thread accepts on it.
        server = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "in-" + target);
            t.setDaemon(true);
            return t;
        });
        listener = server.submit(() -> {
            Setns.enter(target);
            web = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("0.0.0.0"));
            return new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("0.0.0.0"));
        }).get(30, TimeUnit.SECONDS);
        server.submit(ProbePathTest::serveHttp);
        server.submit(() -> {
            while (!listener.isClosed()) {
                try (java.net.Socket s = listener.accept()) {
                    peers.add(s.getInetAddress().getHostAddress());
                } catch (java.io.IOException closed) {
                    return;
                }
            }
        });
    }

    /** Answers each request with 200 and a short body, then closes; records the request's source. */
    private static void serveHttp() {
        while (!web.isClosed()) {
            try (java.net.Socket s = web.accept()) {
                s.setSoTimeout(5000);
                java.io.InputStream in = s.getInputStream();
                int matched = 0;
                while (matched < 4) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
                }
                if (matched == 4) {
                    webPeers.add(s.getInetAddress().getHostAddress());
                    s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                }
            } catch (java.io.IOException closedOrSlow) {
                // closed at the end, or a client that sent no request: the next accept decides
            }
        }
    }

    /** A veth pair from the prober ({@code near}) to the target ({@code far}). */
    private static void link(String near, String nearCidr, String far, String farCidr) throws Exception {
        String tmp = prober.substring(0, Math.min(prober.length(), 8)).replace("-", "") + near;
        Netns.run("ip", "link", "add", tmp + "a", "type", "veth", "peer", "name", tmp + "b");
        Netns.run("ip", "link", "set", tmp + "a", "netns", prober, "name", near);
        Netns.run("ip", "link", "set", tmp + "b", "netns", target, "name", far);
        netns.exec(prober, "ip", "addr", "add", nearCidr, "dev", near);
        netns.exec(target, "ip", "addr", "add", farCidr, "dev", far);
        netns.exec(prober, "ip", "link", "set", near, "up");
        netns.exec(target, "ip", "link", "set", far, "up");
    }

    @AfterAll
    static void cleanup() {
        if (checks != null) {
            checks.close();
            vertx.close().await();
        }
        if (inside != null) {
            inside.shutdownNow();
        }
        if (listener != null) {
            try {
                listener.close();
                web.close();
            } catch (java.io.IOException ignored) {
                // the namespace goes next
            }
            server.shutdownNow();
        }
        netns.close();
    }

    private static <T> T call(Callable<T> task) throws Exception {
        return inside.submit(task).get(30, TimeUnit.SECONDS);
    }

    private static ProbeResult ping(String address, String options) throws Exception {
        return probe("ping", address, 80, options);
    }

    private static ProbeResult tcp(String address, String options) throws Exception {
        return probe("tcp", address, listener.getLocalPort(), options);
    }

    private static ProbeResult http(String address, String options) throws Exception {
        return probe("http", address, web.getLocalPort(), options);
    }

    private static ProbeResult probe(String type, String address, int port, String options) throws Exception {
        ProbeTarget t = ProbePlan.of(TestConfigs.valid("""
                virtual_servers:
                  - name: t
                    address: 192.0.2.100
                    port: 80
                    check: {type: %s, interval: 5s, timeout: 1s%s}
                    real_servers:
                      - {address: %s, port: %d}
                """.formatted(type, options, address, port))).probes().keySet().iterator().next();
        return call(() -> checks.probe(t)).await(10, TimeUnit.SECONDS);
    }

    /** The peer address of the next connection the target's server accepts. */
    private static String nextPeer() {
        Poll.until(() -> !peers.isEmpty(), java.time.Duration.ofSeconds(5), "the target accepted the connection");
        return peers.poll();
    }

    @Test
    void aMarkedTcpProbeFollowsTheRuleOnItsMark() throws Exception {
        assertFalse(tcp("203.0.113.7", "").up(), "the main table has no route to 203.0.113.7");
        peers.clear();
        ProbeResult marked = tcp("203.0.113.7", ", fwmark: 7");
        assertTrue(marked.up(), marked.reason());
        assertEquals("connected", marked.reason());
        assertEquals("198.51.100.1", nextPeer());
    }

    @Test
    void aTcpProbeBoundToAnInterfaceLeavesThroughIt() throws Exception {
        peers.clear();
        ProbeResult bound = tcp("203.0.113.8", ", bind_interface: e0");
        assertTrue(bound.up(), bound.reason());
        assertEquals("192.0.2.1", nextPeer(), "a connection out of e0 comes from e0's address");
        ProbeResult unbound = tcp("203.0.113.8", "");
        assertTrue(unbound.up(), unbound.reason());
        assertEquals("198.51.100.1", nextPeer(), "an unbound probe takes the lower metric, via d0");
    }

    @Test
    void aMarkedTcpProbeWithASourceIsRefusedOrTimesOutLikeAnyOther() throws Exception {
        peers.clear();
        ProbeResult fromSource = tcp("198.51.100.2", ", fwmark: 9, source: 10.9.9.9");
        assertTrue(fromSource.up(), fromSource.reason());
        assertEquals("10.9.9.9", nextPeer());
        ProbeResult refused = probe("tcp", "198.51.100.2", LoopbackServers.closedPort(), ", fwmark: 9");
        assertFalse(refused.up());
        assertEquals("connect refused", refused.reason());
        // Nobody has 198.51.100.99: the SYN waits for an ARP reply that never comes.
        ProbeResult silent = tcp("198.51.100.99", ", fwmark: 9");
        assertFalse(silent.up());
        assertEquals("connect timeout 1000ms", silent.reason());
    }

    @Test
    void aMarkedHttpProbeFollowsTheRuleOnItsMarkAndABoundOneLeavesThroughItsInterface() throws Exception {
        ProbeResult unmarked = http("203.0.113.7", "");
        assertFalse(unmarked.up(), "the main table has no route to 203.0.113.7");
        webPeers.clear();
        ProbeResult marked = http("203.0.113.7", ", fwmark: 7");
        assertTrue(marked.up(), marked.reason());
        assertEquals("status 200", marked.reason());
        assertEquals("198.51.100.1", nextWebPeer(), "the marked route goes via d0");
        ProbeResult bound = http("203.0.113.8", ", bind_interface: e0");
        assertTrue(bound.up(), bound.reason());
        assertEquals("192.0.2.1", nextWebPeer(), "a request out of e0 comes from e0's address");
        ProbeResult unbound = http("203.0.113.8", "");
        assertTrue(unbound.up(), unbound.reason());
        assertEquals("198.51.100.1", nextWebPeer(), "an unbound probe takes the lower metric, via d0");
    }

    private static String nextWebPeer() {
        Poll.until(() -> !webPeers.isEmpty(), java.time.Duration.ofSeconds(5), "the target answered the request");
        return webPeers.poll();
    }

    /** Packets counted by the target's INPUT rule that contains {@code rule} ("-i e1", "10.9.9.9"). */
    private static long counted(String match) throws Exception {
        return netns.exec(target, "iptables", "-L", "INPUT", "-v", "-n", "-x").lines()
                .filter(l -> l.contains(match))
                .mapToLong(l -> Long.parseLong(l.trim().split("\\s+")[0]))
                .sum();
    }

    @Test
    void aMarkedProbeFollowsTheRuleOnItsMark() throws Exception {
        ProbeResult unmarked = ping("203.0.113.7", "");
        assertFalse(unmarked.up(), "the main table has no route to 203.0.113.7");
        assertEquals("sending the echo request: Network is unreachable", unmarked.reason());
        ProbeResult marked = ping("203.0.113.7", ", fwmark: 7");
        assertTrue(marked.up(), marked.reason());
    }

    @Test
    void aProbeBoundToAnInterfaceLeavesThroughIt() throws Exception {
        long viaE1 = counted("e1 ");
        long viaD1 = counted("d1 ");
        ProbeResult bound = ping("203.0.113.8", ", bind_interface: e0");
        assertTrue(bound.up(), bound.reason());
        assertTrue(counted("e1 ") > viaE1, "the bound probe arrived on e1");
        assertEquals(viaD1, counted("d1 "), "nothing arrived on d1, the main table's choice");
        ProbeResult unbound = ping("203.0.113.8", "");
        assertTrue(unbound.up(), unbound.reason());
        assertTrue(counted("d1 ") > viaD1, "an unbound probe takes the lower metric, via d1");
    }

    @Test
    void aProbeWithASourceAddressArrivesFromIt() throws Exception {
        long before = counted("10.9.9.9");
        ProbeResult r = ping("198.51.100.2", ", source: 10.9.9.9");
        assertTrue(r.up(), r.reason());
        assertTrue(counted("10.9.9.9") > before, "the target saw the echo request from 10.9.9.9");
    }
}
