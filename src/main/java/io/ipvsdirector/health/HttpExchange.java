package io.ipvsdirector.health;

import io.ipvsdirector.config.CheckParams;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * One HTTP probe from connect to verdict. A single timer bounds the whole exchange (connect, TLS
 * handshake, headers and body): a server that trickles its body a byte at a time fails at the
 * deadline instead of passing late, and the connection is closed whatever ended the exchange.
 * The body is read up to max_body bytes even without body_regex or digest, so a server that stalls
 * mid-body is down. All callbacks run on the context that started the probe.
 */
final class HttpExchange {
    private static final String USER_AGENT = "ipvs-director-healthcheck";
    /** Compiled body_regex patterns; a config holds few distinct ones. */
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    private final Vertx vertx;
    private final HttpClientAgent client;
    private final ProbeTarget target;
    private final CheckParams.Http params;
    private final Promise<ProbeResult> outcome = Promise.promise();
    private final long timeoutMillis;
    private final long start = System.nanoTime();
    private Buffer body = Buffer.buffer();
    private String phase;
    private HttpClientConnection connection;
    private long timer;
    private boolean done;
    private boolean connecting = true;
    private ProbeResult verdict;

    HttpExchange(Vertx vertx, HttpClientAgent client, ProbeTarget target, CheckParams.Http params) {
        this.vertx = vertx;
        this.client = client;
        this.target = target;
        this.params = params;
        this.timeoutMillis = target.spec().timeout().toMillis();
        this.phase = params.tls().isPresent() ? "connecting (TCP and TLS handshake)" : "connecting";
    }

    Future<ProbeResult> run() {
        timer = vertx.setTimer(timeoutMillis, id -> finish(ProbeResult.down(
                "timeout after " + timeoutMillis + "ms " + phase + (body.length() > 0 ? " (" + body.length() + " bytes)" : ""),
                start)));
        String host = params.host().orElse(target.addressText());
        HttpConnectOptions connect = new HttpConnectOptions()
                .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(target.address(), target.port())))
                .setHost(params.tls().flatMap(CheckParams.Tls::sni).orElse(host))
                .setPort(target.port())
                .setSsl(params.tls().isPresent())
                .setConnectTimeout(timeoutMillis);
        client.connect(connect).onComplete(ar -> {
            connecting = false;
            if (ar.failed()) {
                finish(ProbeResult.down(Failures.reason("connect", ar.cause(), timeoutMillis), start));
            } else if (done) {
                ar.result().close();
            }
            if (done) {
                outcome.tryComplete(verdict);
            } else {
                connection = ar.result();
                // A reset is this probe's verdict, not an error for the log.
                connection.exceptionHandler(e -> finish(ProbeResult.down(Failures.reason(phase, e, timeoutMillis), start)));
                request(host);
            }
        });
        return outcome.future();
    }

    private void request(String host) {
        phase = "waiting for the response";
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(params.method()))
                .setURI(params.path())
                .putHeader(HttpHeaders.HOST, hostHeader(host))
                .putHeader(HttpHeaders.USER_AGENT, USER_AGENT)
                .putHeader(HttpHeaders.CONNECTION, "close");
        connection.request(options)
                .compose(request -> request.send())
                .onComplete(ar -> {
                    if (ar.failed()) {
                        finish(ProbeResult.down(Failures.reason("request", ar.cause(), timeoutMillis), start));
                    } else {
                        response(ar.result());
                    }
                });
    }

    /** The Host header carries the port when it is not the scheme's default, as browsers send it. */
    private String hostHeader(String host) {
        String name = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        int defaultPort = params.tls().isPresent() ? 443 : 80;
        return target.port() == defaultPort || params.host().isPresent() ? name : name + ":" + target.port();
    }

    private void response(HttpClientResponse response) {
        int status = response.statusCode();
        if (params.status().stream().noneMatch(r -> r.contains(status))) {
            finish(ProbeResult.down("status " + status + " not in " + params.status(), start));
            return;
        }
        if (params.method().equals("HEAD") || params.maxBody() == 0) {
            finish(ProbeResult.up("status " + status, start));
            return;
        }
        phase = "reading the body";
        response.exceptionHandler(e -> finish(ProbeResult.down(Failures.reason("reading the body", e, timeoutMillis), start)));
        response.handler(chunk -> {
            if (done) {
                return;
            }
            int room = params.maxBody() - body.length();
            if (chunk.length() < room) {
                body.appendBuffer(chunk);
                return;
            }
            body.appendBuffer(chunk, 0, room);
            // max_body reached: judge what was read and close, whatever the server still sends.
            finish(judgeBody(status, chunk.length() > room));
        });
        response.endHandler(v -> finish(judgeBody(status, false)));
    }

    private ProbeResult judgeBody(int status, boolean truncated) {
        if (params.digest().isPresent()) {
            CheckParams.Digest expected = params.digest().get();
            if (truncated) {
                return ProbeResult.down("body longer than max_body " + params.maxBody()
                        + " bytes; the digest needs the whole body", start);
            }
            String actual = digest(expected.algorithm(), body.getBytes());
            if (!actual.equals(expected.hex())) {
                return ProbeResult.down("body " + expected.algorithm() + " " + actual + " is not " + expected.hex(), start);
            }
        }
        if (params.bodyRegex().isPresent()) {
            String regex = params.bodyRegex().get();
            String text = new String(body.getBytes(), StandardCharsets.UTF_8);
            if (!PATTERNS.computeIfAbsent(regex, Pattern::compile).matcher(text).find()) {
                return ProbeResult.down("body does not match /" + regex + "/"
                        + (truncated ? " in its first " + params.maxBody() + " bytes" : ""), start);
            }
        }
        return ProbeResult.up("status " + status + (params.bodyRegex().isPresent() || params.digest().isPresent()
                ? ", body matches" : ""), start);
    }

    private static String digest(String algorithm, byte[] bytes) {
        try {
            String name = algorithm.equals("sha256") ? "SHA-256" : "MD5";
            return HexFormat.of().formatHex(MessageDigest.getInstance(name).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks " + algorithm, e);
        }
    }

    private void finish(ProbeResult result) {
        if (done) {
            return;
        }
        done = true;
        verdict = result;
        vertx.cancelTimer(timer);
        if (connection != null) {
            connection.close();
        }
        // A connect still under way holds a socket until its own timeout (the same as the probe's,
        // started a moment later) ends it: the probe ends with it, so the next one never overlaps.
        if (!connecting) {
            outcome.complete(result);
        }
    }
}
