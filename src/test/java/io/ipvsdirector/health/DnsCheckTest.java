package io.ipvsdirector.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dns checks against a real DNS server: dnsmasq on a loopback port, serving a hosts file made here. */
class DnsCheckTest extends CheckTestBase {
    private static final Path DNSMASQ = Path.of("/usr/sbin/dnsmasq");
    @TempDir
    static Path dir;
    private static Process dnsmasq;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(DNSMASQ), "skipped: dnsmasq is not installed (Debian package dnsmasq-base)");
        Files.writeString(dir.resolve("hosts"), "192.0.2.53 www.test\n2001:db8::53 www.test\n");
        try (DatagramSocket probe = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        dnsmasq = new ProcessBuilder(DNSMASQ.toString(), "--keep-in-foreground", "--conf-file=/dev/null",
                "--pid-file=", "--user=" + System.getProperty("user.name"), "--port=" + port,
                "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-poll", "--no-hosts",
                "--addn-hosts=" + dir.resolve("hosts"), "--local=/test/", "--mx-host=test,mail.test,10",
                "--txt-record=txt.test,hello world").redirectErrorStream(true)
                .redirectOutput(dir.resolve("dnsmasq.log").toFile()).start();
        // Ready when it answers: poll with a deadline.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!dns("query: www.test, record: A").up()) {
            assertTrue(dnsmasq.isAlive(), "dnsmasq exited: " + Files.readString(dir.resolve("dnsmasq.log")));
            assertTrue(System.nanoTime() < deadline, "dnsmasq did not answer within 10 s");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (dnsmasq != null) {
            dnsmasq.destroy();
            dnsmasq.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static ProbeResult dns(String check) throws Exception {
        return probe(Targets.of(port, "{type: dns, " + Targets.generous(check) + "}"));
    }

    @Test
    void answerWithTheExpectedValueIsUp() throws Exception {
        assertEquals("A www.test: 192.0.2.53", dns("query: www.test, record: A, expect: 192.0.2.53").reason());
        assertEquals("AAAA www.test: 2001:db8::53", dns("query: www.test, record: AAAA, expect: '2001:db8::53'").reason());
        assertEquals("MX test: 10 mail.test", dns("query: test, record: MX, expect: mail.test.").reason());
        assertEquals("TXT txt.test: hello world", dns("query: txt.test, record: TXT, expect: hello world").reason());
    }

    @Test
    void noErrorWithoutExpectIsUp() throws Exception {
        ProbeResult r = dns("query: www.test, record: A");
        assertTrue(r.up());
        assertEquals("A www.test: NOERROR, 1 answer(s)", r.reason());
    }

    @Test
    void otherAnswerIsDown() throws Exception {
        ProbeResult r = dns("query: www.test, record: A, expect: 192.0.2.99");
        assertFalse(r.up());
        assertEquals("A www.test: no answer is 192.0.2.99 (got 192.0.2.53)", r.reason());
    }

    @Test
    void nxdomainAndRefusedAreDown() throws Exception {
        assertEquals("A nothere.test: NXDOMAIN", dns("query: nothere.test, record: A").reason());
        assertEquals("A example.org: REFUSED", dns("query: example.org, record: A").reason());
    }

    @Test
    void closedPortIsDownThroughIcmpUnreachable() throws Exception {
        ProbeResult r = probe(Targets.of(LoopbackServers.closedPort(), "{type: dns, query: www.test}"));
        assertEquals("icmp port unreachable", r.reason());
    }

    @Test
    void queryEncodingRoundTripsThroughTheParser() {
        byte[] query = DnsMessage.query(0x1234, "www.example.test", "AAAA");
        assertEquals(List.of(0x12, 0x34), List.of(query[0] & 0xff, query[1] & 0xff));
        DnsMessage.Reply parsed = DnsMessage.parse(query, "AAAA");
        assertEquals(new DnsMessage.Reply(0x1234, "NOERROR", List.of()), parsed);
        assertFalse(DnsMessage.isReplyTo(0x1234, query), "a query is not a reply");
    }
}
