package io.ipvsdirector.health;

import io.ipvsdirector.config.CheckParams;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * What one http(s) probe says and how it judges what it hears, whatever carries the bytes: the
 * request, the response through {@link HttpResponseParser}, the status ranges, body_regex and
 * digest, and the reasons an operator reads. A transport reports what happened to it (bytes, the
 * server's close, a failure, the deadline) and gets the verdict, or null while there is none yet.
 * Not thread-safe: one transport thread drives it.
 */
final class HttpConversation {
    private static final String USER_AGENT = "ipvs-director-healthcheck";
    /** Compiled body_regex patterns; a config holds few distinct ones. */
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    private final ProbeTarget target;
    private final CheckParams.Http params;
    private final HttpResponseParser parser;
    private final LongSupplier clock;
    private final long start;
    private final long timeoutMillis;
    private String phase;
    private boolean statusJudged;

    /** {@code clock} is the probe's clock: a probe loop's wake-up time on the loop, else System::nanoTime. */
    HttpConversation(ProbeTarget target, CheckParams.Http params, LongSupplier clock) {
        this.target = target;
        this.params = params;
        this.clock = clock;
        this.start = clock.getAsLong();
        this.timeoutMillis = target.spec().timeout().toMillis();
        boolean keepBody = params.bodyRegex().isPresent() || params.digest().isPresent();
        this.parser = new HttpResponseParser(params.maxBody(), params.method().equals("HEAD"), keepBody);
        this.phase = params.tls().isPresent() ? "connecting (TCP and TLS handshake)" : "connecting";
    }

    long start() {
        return start;
    }

    long timeoutMillis() {
        return timeoutMillis;
    }

    /** The connection is open (and, for https, the handshake done): the probe waits for the response. */
    void connected() {
        phase = "waiting for the response";
    }

    /** The request, with Connection: close, as bytes. */
    byte[] request() {
        String text = params.method() + " " + params.path() + " HTTP/1.1\r\nHost: " + hostHeader()
                + "\r\nUser-Agent: " + USER_AGENT + "\r\nConnection: close\r\n\r\n";
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * The Host header: {@code host}, else the address, with the port when it is not the scheme's
     * default, as browsers send it.
     */
    private String hostHeader() {
        String host = params.host().orElse(target.addressText());
        String name = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        int defaultPort = params.tls().isPresent() ? 443 : 80;
        return target.port() == defaultPort || params.host().isPresent() ? name : name + ":" + target.port();
    }

    /** The name TLS sends (SNI) and verifies the certificate against: {@code sni}, else the Host's name. */
    String tlsServerName() {
        return params.tls().flatMap(CheckParams.Tls::sni).orElse(params.host().orElse(target.addressText()));
    }

    /** Bytes from the server (the buffer is read to its limit, or until the verdict). */
    ProbeResult received(ByteBuffer data) {
        try {
            parser.feed(data);
        } catch (HttpResponseParser.MalformedResponse e) {
            return down(phase + ": " + e.getMessage());
        }
        return decide();
    }

    /** The server closed the connection: the end of a body that runs to the close, else a failure. */
    ProbeResult closedByServer() {
        return parser.endOfInput() ? decide() : down(phase + ": connection closed by server");
    }

    /** A failure of the transport ("connect refused", "TLS handshake: ...", a reset). */
    ProbeResult failed(String reason) {
        return down(reason);
    }

    /** The current phase, for a transport's failure reasons. */
    String phase() {
        return phase;
    }

    ProbeResult timedOut() {
        int read = parser.bodyLength();
        return down("timeout after " + timeoutMillis + "ms " + phase + (read > 0 ? " (" + read + " bytes)" : ""));
    }

    private ProbeResult decide() {
        int status = parser.status();
        if (status < 0) {
            return null;
        }
        if (!statusJudged) {
            statusJudged = true;
            if (params.status().stream().noneMatch(r -> r.contains(status))) {
                return down("status " + status + " not in " + params.status());
            }
            if (params.method().equals("HEAD") || params.maxBody() == 0) {
                return ProbeResult.of(true, "status " + status, start, clock.getAsLong());
            }
            phase = "reading the body";
        }
        return parser.complete() ? judgeBody(status) : null;
    }

    private ProbeResult judgeBody(int status) {
        boolean truncated = parser.truncated();
        if (params.digest().isPresent()) {
            CheckParams.Digest expected = params.digest().get();
            if (truncated) {
                return down("body longer than max_body " + params.maxBody() + " bytes; the digest needs the whole body");
            }
            String actual = digest(expected.algorithm(), parser.body());
            if (!actual.equals(expected.hex())) {
                return down("body " + expected.algorithm() + " " + actual + " is not " + expected.hex());
            }
        }
        if (params.bodyRegex().isPresent()) {
            String regex = params.bodyRegex().get();
            String text = new String(parser.body(), StandardCharsets.UTF_8);
            if (!PATTERNS.computeIfAbsent(regex, Pattern::compile).matcher(text).find()) {
                return down("body does not match /" + regex + "/"
                        + (truncated ? " in its first " + params.maxBody() + " bytes" : ""));
            }
        }
        return ProbeResult.of(true, "status " + status + (params.bodyRegex().isPresent() || params.digest().isPresent()
                ? ", body matches" : ""), start, clock.getAsLong());
    }

    private static String digest(String algorithm, byte[] bytes) {
        try {
            String name = algorithm.equals("sha256") ? "SHA-256" : "MD5";
            return HexFormat.of().formatHex(MessageDigest.getInstance(name).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks " + algorithm, e);
        }
    }

    private ProbeResult down(String reason) {
        return ProbeResult.of(false, reason, start, clock.getAsLong());
    }
}
