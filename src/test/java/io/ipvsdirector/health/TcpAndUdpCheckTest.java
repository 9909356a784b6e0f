package io.ipvsdirector.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** tcp and udp checks against loopback servers. */
class TcpAndUdpCheckTest extends CheckTestBase {
    private static LoopbackServers servers;
    private static int echo;
    private static int silent;

    @BeforeAll
    static void start() {
        servers = new LoopbackServers();
        DatagramSocket echoSocket = servers.vertx().createDatagramSocket();
        echoSocket.handler(p -> echoSocket.send(Buffer.buffer("PONG").appendBuffer(p.data()),
                p.sender().port(), p.sender().host()));
        echo = echoSocket.listen(0, "127.0.0.1").await().localAddress().port();
        DatagramSocket quiet = servers.vertx().createDatagramSocket();
        quiet.handler(p -> { });
        silent = quiet.listen(0, "127.0.0.1").await().localAddress().port();
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    private static ProbeResult probe(int port, String check) throws Exception {
        return probe(Targets.of(port, "{" + Targets.generous(check) + "}"));
    }

    @Test
    void tcpConnectIsUpRefusedIsDown() throws Exception {
        assertEquals("connected", probe(servers.silent(), "type: tcp").reason(), "accepting is enough for tcp");
        ProbeResult refused = probe(LoopbackServers.closedPort(), "type: tcp");
        assertFalse(refused.up());
        assertEquals("connect refused", refused.reason());
    }

    @Test
    void tcpProbeUsesTheCheckPortAndSourceAddress() throws Exception {
        int other = servers.silent();
        int before = servers.connections.get();
        ProbeResult r = probe(LoopbackServers.closedPort(), "type: tcp, port: " + other + ", source: 127.0.0.1");
        assertTrue(r.up(), r.reason());
        Poll.until(() -> servers.connections.get() == before + 1, java.time.Duration.ofSeconds(5),
                "the probe went to the check's port");
    }

    @Test
    void udpReplyMatchingTheExpectedBytesIsUp() throws Exception {
        ProbeResult r = probe(echo, "type: udp, payload: '0102', expect: '504f4e47??02'");
        assertTrue(r.up(), r.reason());
        assertEquals("reply of 6 bytes", r.reason());
    }

    @Test
    void udpReplyNotMatchingIsDown() throws Exception {
        ProbeResult r = probe(echo, "type: udp, payload: '0102', expect: 'ffff'");
        assertEquals("reply 504f4e470102 does not start with ffff", r.reason());
    }

    @Test
    void udpSilenceIsUpUnlessAReplyIsRequired() throws Exception {
        ProbeResult quiet = probe(silent, "type: udp, payload: '00', timeout: 200ms");
        assertTrue(quiet.up(), quiet.reason());
        ProbeResult required = probe(silent, "type: udp, payload: '00', require_reply: true, timeout: 200ms");
        assertEquals("no reply within 200ms", required.reason());
        HttpCheckTest.assertBetween(required.latency(), 200, 5000);
    }

    @Test
    void udpToAClosedPortIsDownThroughIcmpUnreachable() throws Exception {
        ProbeResult r = probe(LoopbackServers.closedPort(), "type: udp, payload: '00', timeout: 2s");
        assertEquals("icmp port unreachable", r.reason());
        assertTrue(r.latency().toMillis() < 1000, "the ICMP error ends the probe before the timeout: " + r.latency());
    }

    @Test
    void expectPatternMatchesWildcards() {
        assertTrue(UdpCheck.matches("ab??cd", new byte[] {(byte) 0xab, 7, (byte) 0xcd, 1}));
        assertFalse(UdpCheck.matches("ab??cd", new byte[] {(byte) 0xab, 7}));
        assertFalse(UdpCheck.matches("ab??cd", new byte[] {(byte) 0xab, 7, (byte) 0xce}));
    }
}
