package io.ipvsdirector.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvsdirector.kernel.probe.SocketPath;
import io.ipvsdirector.kernel.probe.EchoReply;
import io.ipvsdirector.kernel.probe.IcmpEchoSocket;
import io.ipvsdirector.testkit.NamespaceTest;
import io.ipvsdirector.testkit.Netns;
import io.ipvsdirector.testkit.Setns;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ping checks in a namespace of the test's own: loopback (IPv4 and IPv6) answers; addresses routed to
 * an interface whose link is down never answer. The ICMP sockets are opened by a thread
 * inside the namespace, once as raw sockets (ping_group_range admits no group, the namespace's
 * default) and once as unprivileged ping sockets (the range admits every group).
 */
@NamespaceTest
class PingCheckTest {
    private Netns netns;
    private String ns;
    private ExecutorService inside;
    private Vertx vertx;

    @BeforeEach
    void namespace() throws Exception {
        netns = new Netns();
        ns = netns.host("ping");
        // d0's peer stays down: d0 has no carrier, neighbour resolution never succeeds, nothing answers.
        netns.exec(ns, "ip", "link", "add", "d0", "type", "veth", "peer", "name", "d1");
        netns.exec(ns, "ip", "addr", "add", "198.51.100.1/24", "dev", "d0");
        netns.exec(ns, "ip", "addr", "add", "2001:db8:1::1/64", "dev", "d0", "nodad");
        netns.exec(ns, "ip", "link", "set", "d0", "up");
        inside = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "in-" + ns);
            t.setDaemon(true);
            return t;
        });
        call(() -> {
            Setns.enter(ns);
            return null;
        });
        vertx = Vertx.vertx();
    }

    @AfterEach
    void cleanup() {
        vertx.close().await();
        inside.shutdownNow();
        netns.close();
    }

    private <T> T call(Callable<T> task) throws Exception {
        return inside.submit(task).get(30, TimeUnit.SECONDS);
    }

    /** Probes {@code address} from inside the namespace (the first probe of a family opens its socket there). */
    private ProbeResult ping(Checks checks, String address) throws Exception {
        ProbeTarget target = ProbePlan.of(io.ipvsdirector.config.TestConfigs.valid("""
                virtual_servers:
                  - name: t
                    address: '%s'
                    port: 80
                    check: {type: ping, interval: 2s, timeout: 400ms}
                    real_servers:
                      - {address: '%s', port: 80}
                """.formatted(address.contains(":") ? "2001:db8::100" : "192.0.2.100", address))).probes().keySet().iterator().next();
        return call(() -> checks.probe(target)).await(10, TimeUnit.SECONDS);
    }

    private void loopbackAnswersAndADeadLinkDoesNot() throws Exception {
        try (Checks checks = new Checks(vertx)) {
            for (String address : new String[] {"127.0.0.1", "::1"}) {
                ProbeResult up = ping(checks, address);
                assertTrue(up.up(), address + ": " + up.reason());
                assertEquals("echo reply", up.reason());
            }
            for (String address : new String[] {"198.51.100.2", "2001:db8:1::2"}) {
                ProbeResult down = ping(checks, address);
                assertFalse(down.up(), address + " is behind a link that is down");
                assertEquals("no echo reply within 400ms", down.reason());
            }
            // Many probes in flight at once on the shared socket each get their own reply.
            var probes = new java.util.ArrayList<io.vertx.core.Future<ProbeResult>>();
            ProbeTarget loopback = ProbePlan.of(io.ipvsdirector.config.TestConfigs.valid("""
                    virtual_servers:
                      - name: t
                        address: 192.0.2.100
                        port: 80
                        check: {type: ping, interval: 2s, timeout: 1s}
                        real_servers:
                          - {address: 127.0.0.1, port: 80}
                    """)).probes().keySet().iterator().next();
            for (int i = 0; i < 1000; i++) {
                probes.add(checks.probe(loopback));
            }
            for (var p : probes) {
                ProbeResult r = p.await(10, TimeUnit.SECONDS);
                assertTrue(r.up(), r.reason());
            }
        }
    }

    @Test
    void rawSocketsWhenPingGroupRangeAdmitsNoGroup() throws Exception {
        assertEquals("raw", kind(false));
        assertEquals("raw", kind(true));
        loopbackAnswersAndADeadLinkDoesNot();
    }

    @Test
    void unprivilegedPingSocketsWhenPingGroupRangeAdmitsTheDirectorsGroup() throws Exception {
        netns.exec(ns, "sysctl", "-qw", "net.ipv4.ping_group_range=0 2147483647");
        assertEquals("datagram", kind(false));
        assertEquals("datagram", kind(true));
        loopbackAnswersAndADeadLinkDoesNot();
    }

    /** How a socket of the family opens in the namespace, after one echo round trip on it to loopback. */
    private String kind(boolean ipv6) throws Exception {
        LinkedBlockingQueue<EchoReply> replies = new LinkedBlockingQueue<>();
        try (IcmpEchoSocket socket = call(() -> IcmpEchoSocket.open(SocketPath.of(ipv6), replies::add))) {
            java.net.InetAddress loopback = java.net.InetAddress.getByName(ipv6 ? "::1" : "127.0.0.1");
            socket.send(loopback, 4242);
            EchoReply reply = replies.poll(10, TimeUnit.SECONDS);
            assertEquals(new EchoReply(loopback, 4242), reply);
            return socket.kind();
        }
    }
}
