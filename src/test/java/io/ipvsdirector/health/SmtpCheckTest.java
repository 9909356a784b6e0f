package io.ipvsdirector.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.parsetools.RecordParser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * smtp checks against tiny scripted SMTP servers on loopback: greetings good and bad, EHLO refused
 * (HELO fallback), a server that never speaks, STARTTLS refused, accepted, and with an untrusted
 * certificate.
 */
class SmtpCheckTest extends CheckTestBase {
    @TempDir
    static Path dir;
    private static TestCerts certs;
    private static LoopbackServers servers;
    /** The commands the scripted servers received, in order (each test's servers have a fresh queue). */
    private Queue<String> received = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void start() throws Exception {
        certs = TestCerts.create(dir);
        servers = new LoopbackServers();
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    /**
     * A server that sends {@code greeting} and answers each command by the first word it starts with
     * in {@code replies} ("500 unknown" otherwise); "STARTTLS" answered with 220 upgrades to TLS with
     * the certificate {@code cert}.
     */
    private int server(String greeting, Map<String, String> replies, String cert) {
        NetServerOptions options = new NetServerOptions().setKeyCertOptions(new PemKeyCertOptions()
                .setCertPath(certs.file(cert + ".pem").toString()).setKeyPath(certs.file(cert + ".key").toString()));
        return servers.tcp(options, socket -> {
            socket.write(greeting);
            socket.handler(RecordParser.newDelimited("\r\n", line -> answer(socket, line.toString(), replies)));
        });
    }

    private void answer(NetSocket socket, String command, Map<String, String> replies) {
        received.add(command);
        String verb = command.split(" ", 2)[0];
        String reply = replies.getOrDefault(verb, "500 unknown command\r\n");
        if (verb.equals("STARTTLS") && reply.startsWith("220")) {
            // Vert.x sends this "220" once the TLS handler is in place, so the ClientHello never
            // reaches the line parser.
            socket.upgradeToSsl(Buffer.buffer(reply));
            return;
        }
        socket.write(reply);
        if (verb.equals("QUIT")) {
            socket.close();
        }
    }

    private static final Map<String, String> ESMTP = Map.of(
            "EHLO", "250-mx.test\r\n250-PIPELINING\r\n250 STARTTLS\r\n",
            "HELO", "250 mx.test\r\n",
            "STARTTLS", "220 go ahead\r\n",
            "QUIT", "221 bye\r\n");

    /**
     * A scripted server's first greeting waits for its event loop, which on a loaded machine has
     * taken over 5 s: a probe that is not about timing gets 20 s.
     */
    private static ProbeResult smtp(int port, String check) throws Exception {
        String timing = check.contains("timeout") ? check : check + ", interval: 30s, timeout: 20s";
        return probe(Targets.of(port, "{type: smtp, " + timing + "}"));
    }

    /**
     * With STARTTLS: the first handshake of each TLS setting builds its context on the event loop,
     * which on a cold JVM and a loaded machine has taken over 3 s.
     */
    private static ProbeResult starttls(int port, String check) throws Exception {
        return smtp(port, "starttls: true, interval: 30s, timeout: 20s, " + check);
    }

    @Test
    void multiLineGreetingAndEhloAreUpAndTheProbeSaysQuit() throws Exception {
        int port = server("220-mx.test ESMTP\r\n220 welcome\r\n", ESMTP, "server");
        ProbeResult r = smtp(port, "helo_name: probe.example");
        assertTrue(r.up(), r.reason());
        assertEquals("EHLO accepted", r.reason());
        Poll.until(() -> received.contains("QUIT"), Duration.ofSeconds(5), "the probe ends with QUIT");
        assertEquals(List.of("EHLO probe.example", "QUIT"), List.copyOf(received));
    }

    @Test
    void serverThatRefusesEhloIsAskedHelo() throws Exception {
        int port = server("220 old.test\r\n", Map.of("EHLO", "502 not implemented\r\n", "HELO", "250 old.test\r\n"),
                "server");
        ProbeResult r = smtp(port, "helo_name: probe.example");
        assertTrue(r.up(), r.reason());
        assertEquals("HELO accepted", r.reason());
    }

    @Test
    void greetingOtherThan220IsDown() throws Exception {
        int port = server("554 no service here\r\n", ESMTP, "server");
        ProbeResult r = smtp(port, "helo_name: probe.example");
        assertFalse(r.up());
        assertEquals("greeting: 554 no service here", r.reason());
    }

    @Test
    void serverThatRefusesBothEhloAndHeloIsDown() throws Exception {
        int port = server("220 mx.test\r\n", Map.of(), "server");
        ProbeResult r = smtp(port, "helo_name: probe.example");
        assertFalse(r.up());
        assertEquals("EHLO and HELO refused, HELO: 500 unknown command", r.reason());
    }

    @Test
    void serverThatNeverGreetsIsDownAtTheTimeout() throws Exception {
        ProbeResult r = smtp(servers.silent(), "interval: 2s, timeout: 300ms");
        assertFalse(r.up());
        assertEquals("timeout after 300ms waiting for the greeting", r.reason());
    }

    @Test
    void refusedConnectionIsDown() throws Exception {
        ProbeResult r = smtp(LoopbackServers.closedPort(), "helo_name: probe.example");
        assertFalse(r.up());
        assertEquals("connect refused", r.reason());
    }

    @Test
    void refusedStarttlsIsDown() throws Exception {
        int port = server("220 mx.test\r\n", Map.of("EHLO", "250 mx.test\r\n", "STARTTLS", "454 TLS not available\r\n"),
                "server");
        ProbeResult r = starttls(port, "verify: false");
        assertFalse(r.up());
        assertEquals("STARTTLS refused: 454 TLS not available", r.reason());
    }

    @Test
    void starttlsWithATrustedCertificateIsUpAfterEhloOverTls() throws Exception {
        int port = server("220 mx.test\r\n", ESMTP, "server");
        ProbeResult r = starttls(port, "helo_name: probe.example, ca_file: '" + certs.file("ca.pem") + "'");
        assertTrue(r.up(), r.reason());
        assertEquals("EHLO accepted over TLS", r.reason());
        Poll.until(() -> received.contains("QUIT"), Duration.ofSeconds(5), "the probe ends with QUIT");
        assertEquals(List.of("EHLO probe.example", "STARTTLS", "EHLO probe.example", "QUIT"), List.copyOf(received));
    }

    @Test
    void starttlsWithAnUntrustedCertificateIsDownUnlessVerifyIsOff() throws Exception {
        int port = server("220 mx.test\r\n", ESMTP, "untrusted");
        ProbeResult verified = starttls(port, "ca_file: '" + certs.file("ca.pem") + "'");
        assertFalse(verified.up());
        assertTrue(verified.reason().startsWith("TLS handshake:"), verified.reason());
        ProbeResult unverified = starttls(port, "verify: false");
        assertTrue(unverified.up(), unverified.reason());
    }
}
