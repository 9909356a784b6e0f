package io.ipvsdirector.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** https checks: verification, CA file, SNI, client certificates, and handshakes that never end. */
class HttpsCheckTest extends CheckTestBase {
    @TempDir
    static Path dir;
    private static TestCerts certs;
    private static LoopbackServers servers;
    private static int trusted;
    private static int untrusted;
    private static int mutual;

    @BeforeAll
    static void start() throws Exception {
        certs = TestCerts.create(dir);
        servers = new LoopbackServers();
        trusted = servers.http(tls("server"), r -> r.response().setStatusCode(
                "probe.test".equals(r.connection().indicatedServerName()) ? 200 : 421).end("ok"));
        untrusted = servers.http(tls("untrusted"), r -> r.response().end("ok"));
        mutual = servers.http(tls("server").setClientAuth(ClientAuth.REQUIRED)
                .setTrustOptions(new PemTrustOptions().addCertPath(certs.file("ca.pem").toString())), r -> r.response().end("ok"));
    }

    private static HttpServerOptions tls(String name) {
        return new HttpServerOptions().setSsl(true).setSni(true).setKeyCertOptions(new PemKeyCertOptions()
                .setCertPath(certs.file(name + ".pem").toString()).setKeyPath(certs.file(name + ".key").toString()));
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    private static ProbeResult https(int port, String check) throws Exception {
        return probe(Targets.of(port, "{type: https, " + Targets.generous(check) + "}"));
    }

    private static String ca() {
        return "ca_file: '" + certs.file("ca.pem") + "'";
    }

    @Test
    void certificateSignedByTheConfiguredCaIsUp() throws Exception {
        ProbeResult r = https(trusted, ca() + ", status: [200, 421]");
        assertTrue(r.up(), r.reason());
    }

    @Test
    void sniNameIsSentAndTheCertificateIsVerifiedAgainstIt() throws Exception {
        ProbeResult named = https(trusted, ca() + ", sni: probe.test");
        assertTrue(named.up(), "the server answers 200 only to SNI probe.test: " + named.reason());
        ProbeResult wrongName = https(trusted, ca() + ", sni: other.test");
        assertFalse(wrongName.up());
        assertTrue(wrongName.reason().startsWith("TLS handshake:"), wrongName.reason());
    }

    @Test
    void untrustedCertificateIsDownUnlessVerifyIsOff() throws Exception {
        ProbeResult r = https(untrusted, ca());
        assertFalse(r.up());
        assertTrue(r.reason().startsWith("TLS handshake:"), r.reason());
        assertTrue(https(untrusted, "verify: false").up(), "verify: false accepts any certificate");
    }

    @Test
    void clientCertificateIsPresented() throws Exception {
        assertFalse(https(mutual, ca()).up(), "the server requires a client certificate");
        ProbeResult r = https(mutual, ca() + ", client_cert: '" + certs.file("client.pem") + "', client_key: '"
                + certs.file("client.key") + "'");
        assertTrue(r.up(), r.reason());
    }

    @Test
    void handshakeThatHangsTimesOutAtTheTimeout() throws Exception {
        ProbeResult r = https(servers.silent(), "verify: false, timeout: 300ms");
        assertEquals("timeout after 300ms connecting (TCP and TLS handshake)", r.reason());
        HttpCheckTest.assertBetween(r.latency(), 300, 5000);
    }
}
