package io.ipvsdirector.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServerOptions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** http checks against real servers on loopback that answer, refuse, reset, stall and trickle. */
class HttpCheckTest extends CheckTestBase {
    private static final String BIG = "x".repeat(4 * 1024 * 1024) + "needle";
    private static LoopbackServers servers;
    private static int port;

    @BeforeAll
    static void start() {
        servers = new LoopbackServers();
        port = servers.http(request -> {
            switch (request.path()) {
                case "/ok" -> request.response().end("all is ok\n");
                case "/bad" -> request.response().setStatusCode(503).end("overloaded");
                case "/moved" -> request.response().setStatusCode(301).putHeader("location", "/ok").end();
                case "/host" -> request.response().setStatusCode(
                        "www.example.test".equals(request.getHeader("host")) ? 200 : 404).end();
                case "/slow" -> servers.vertx().setTimer(2000, id -> request.response().end("late"));
                case "/trickle" -> servers.trickle(request, "ok".repeat(20), 100);
                case "/big" -> request.response().end(BIG);
                case "/head" -> request.response().setStatusCode(request.method().name().equals("HEAD") ? 204 : 405).end();
                default -> request.response().setStatusCode(404).end();
            }
        });
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    private static ProbeResult http(String check) throws Exception {
        return http(port, check);
    }

    private static ProbeResult http(int serverPort, String check) throws Exception {
        return probe(Targets.of(serverPort, "{type: http" + (check.isEmpty() ? "" : ", ") + Targets.generous(check) + "}"));
    }

    @Test
    void healthyServerIsUp() throws Exception {
        ProbeResult r = http("path: /ok, body_regex: 'all is ok'");
        assertTrue(r.up(), r.reason());
        assertEquals("status 200, body matches", r.reason());
    }

    @Test
    void wrongStatusIsDownWithTheStatusAndTheExpectedRanges() throws Exception {
        ProbeResult r = http("path: /bad");
        assertFalse(r.up());
        assertEquals("status 503 not in [200-299]", r.reason());
        assertTrue(http("path: /moved, status: [200, '301-302']").up(), "301 is in the list");
        assertEquals("status 301 not in [200]", http("path: /moved, status: [200]").reason());
    }

    @Test
    void wrongBodyIsDown() throws Exception {
        assertEquals("body does not match /healthy/", http("path: /ok, body_regex: healthy").reason());
    }

    @Test
    void digestOfTheBodyIsChecked() throws Exception {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest("all is ok\n".getBytes()));
        assertTrue(http("path: /ok, digest: 'sha256:" + sha + "'").up());
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest("all is ok\n".getBytes()));
        assertTrue(http("path: /ok, digest: 'md5:" + md5 + "'").up());
        ProbeResult wrong = http("path: /ok, digest: 'md5:" + "0".repeat(32) + "'");
        assertEquals("body md5 " + md5 + " is not " + "0".repeat(32), wrong.reason());
    }

    @Test
    void hostHeaderIsSent() throws Exception {
        assertTrue(http("path: /host, host: www.example.test").up());
        assertEquals("status 404 not in [200-299]", http("path: /host").reason());
    }

    @Test
    void headRequestReadsNoBody() throws Exception {
        assertTrue(http("method: HEAD, path: /head").up());
    }

    @Test
    void oversizedBodyIsReadOnlyUpToMaxBody() throws Exception {
        ProbeResult plain = http("path: /big, max_body: 1024");
        assertTrue(plain.up(), "a longer body is not a failure: " + plain.reason());
        assertEquals("body does not match /needle/ in its first 1024 bytes",
                http("path: /big, max_body: 1024, body_regex: needle").reason());
        assertTrue(http("path: /big, max_body: 8388608, body_regex: needle, timeout: 5s, interval: 5s").up(),
                "the needle is found when max_body covers it");
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(BIG.getBytes()));
        assertEquals("body longer than max_body 1024 bytes; the digest needs the whole body",
                http("path: /big, max_body: 1024, digest: 'sha256:" + digest + "'").reason());
    }

    @Test
    void rawServersOfEveryKindAreUnderstood() throws Exception {
        // An HTTP/1.0 server whose body ends with the connection.
        int old = servers.tcp(new NetServerOptions(), s -> s.handler(request ->
                s.write("HTTP/1.0 200 OK\r\nServer: old\r\n\r\nold server body").onComplete(v -> s.close())));
        assertEquals("status 200, body matches", http(old, "body_regex: 'server body$'").reason());
        // A server that answers before it has read the request, then closes.
        int early = servers.tcp(new NetServerOptions(), s -> s.write("HTTP/1.1 503 Busy\r\nContent-Length: 0\r\n\r\n")
                .onComplete(v -> s.close()));
        assertEquals("status 503 not in [200-299]", http(early, "").reason());
        // Not HTTP at all.
        int ssh = servers.tcp(new NetServerOptions(), s -> s.write("SSH-2.0-OpenSSH_9.6\r\n"));
        assertEquals("waiting for the response: malformed status line 'SSH-2.0-OpenSSH_9.6'",
                http(ssh, "").reason());
        // Chunks with an extension and a trailer, after an interim 100 Continue.
        int chunked = servers.tcp(new NetServerOptions(), s -> s.handler(request -> s.write("HTTP/1.1 100 Continue\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;x=y\r\nall \r\n5\r\nis ok\r\n0\r\nT: 1\r\n\r\n")));
        assertEquals("status 200, body matches", http(chunked, "body_regex: '^all is ok$'").reason());
        // A response cut short: the server closes in the middle of the body.
        int cut = servers.tcp(new NetServerOptions(), s -> s.handler(request ->
                s.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort").onComplete(v -> s.close())));
        assertEquals("reading the body: connection closed by server", http(cut, "").reason());
    }

    @Test
    void refusedConnectionIsDown() throws Exception {
        ProbeResult r = probe(Targets.of(LoopbackServers.closedPort(), "{type: http}"));
        assertEquals("connect refused", r.reason());
    }

    @Test
    void resetAfterAcceptIsDown() throws Exception {
        ProbeResult r = probe(Targets.of(servers.resetting(), "{type: http, timeout: 2s}"));
        assertFalse(r.up());
        assertTrue(r.reason().contains("connection") && r.latency().toMillis() < 1500, r.reason() + " " + r.latency());
    }

    @Test
    void serverThatNeverAnswersTimesOutAtTheTimeout() throws Exception {
        ProbeResult r = probe(Targets.of(servers.silent(), "{type: http, timeout: 300ms}"));
        assertEquals("timeout after 300ms waiting for the response", r.reason());
        assertBetween(r.latency(), 300, 5000);
    }

    @Test
    void answerSlowerThanTheTimeoutIsDown() throws Exception {
        ProbeResult r = http("path: /slow, timeout: 400ms");
        assertEquals("timeout after 400ms waiting for the response", r.reason());
        assertBetween(r.latency(), 400, 1950);
    }

    @Test
    void tricklingBodyFailsAtTheTimeoutNotWhenItFinallyEnds() throws Exception {
        // 40 bytes at one per 100 ms end after 4 s; every single read is quick, so only a deadline
        // on the whole exchange catches it.
        ProbeResult r = http("path: /trickle, timeout: 500ms, body_regex: ok");
        assertFalse(r.up());
        assertTrue(r.reason().startsWith("timeout after 500ms reading the body ("), r.reason());
        assertBetween(r.latency(), 500, 3500);
    }

    /**
     * The lower bound is the point (the probe does not end before its timeout); the upper one only
     * has to tell "at the timeout" from the wrong outcome (the trickle's or the slow answer's end),
     * with room for a machine so busy that timers fire late.
     */
    static void assertBetween(Duration latency, long fromMillis, long toMillis) {
        long ms = latency.toMillis();
        assertTrue(ms >= fromMillis - 5 && ms <= toMillis, "latency " + ms + "ms not in " + fromMillis + ".." + toMillis);
    }

    static Buffer buffer(String s) {
        return Buffer.buffer(s);
    }
}
