package io.ipvsdirector.health;

import io.ipvsdirector.config.CheckParams;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One SMTP probe from connect to verdict: greeting 220, EHLO 250 (else HELO 250), with TLS then
 * STARTTLS 220, the TLS handshake and EHLO 250 again, and finally QUIT, sent without waiting for its
 * answer since the verdict is known. One timer bounds the whole probe; the connection is closed
 * whatever ended it. All callbacks run on the context that started the probe.
 */
final class SmtpSession {
    /** A reply longer than this (a server that talks without end) is a failure. */
    private static final int MAX_REPLY = 16 * 1024;

    private enum Step {
        GREETING("waiting for the greeting"), EHLO("waiting for the EHLO reply"), HELO("waiting for the HELO reply"),
        STARTTLS("waiting for the STARTTLS reply"), HANDSHAKE("in the TLS handshake"),
        EHLO_TLS("waiting for the EHLO reply over TLS");

        final String phase;

        Step(String phase) {
            this.phase = phase;
        }
    }

    private final Vertx vertx;
    private final ProbeClients clients;
    private final ProbeTarget target;
    private final String heloName;
    private final Optional<CheckParams.Tls> tls;
    private final ClientSSLOptions sslOptions;
    private final Promise<ProbeResult> outcome = Promise.promise();
    private final long timeoutMillis;
    private final long start = System.nanoTime();
    private final StringBuilder reply = new StringBuilder();
    private Step step = Step.GREETING;
    private String phase = "connecting";
    private NetSocket socket;
    private long timer;
    private boolean done;

    SmtpSession(ProbeClients clients, ProbeTarget target, String heloName, Optional<CheckParams.Tls> tls,
                ClientSSLOptions sslOptions) {
        this.vertx = clients.vertx();
        this.clients = clients;
        this.target = target;
        this.heloName = heloName;
        this.tls = tls;
        this.sslOptions = sslOptions;
        this.timeoutMillis = target.spec().timeout().toMillis();
    }

    Future<ProbeResult> run() {
        clients.onContext(this::start);
        return outcome.future();
    }

    private void start() {
        timer = vertx.setTimer(timeoutMillis, id -> down("timeout after " + timeoutMillis + "ms " + phase));
        ConnectOptions options = new ConnectOptions()
                .setRemoteAddress(SocketAddress.inetSocketAddress(new InetSocketAddress(target.address(), target.port())))
                .setTimeout((int) timeoutMillis);
        clients.net(target.spec().source()).connect(options).onComplete(ar -> {
            if (ar.failed()) {
                down(Failures.reason("connect", ar.cause(), timeoutMillis));
                return;
            }
            socket = ar.result();
            if (done) {
                socket.close();
                return;
            }
            phase = step.phase;
            socket.handler(this::received);
            socket.exceptionHandler(e -> down(Failures.reason(phase, e, timeoutMillis)));
            socket.closeHandler(v -> down(phase + ": connection closed by server"));
        });
    }

    private void received(Buffer data) {
        if (done) {
            return;
        }
        reply.append(data.toString(StandardCharsets.ISO_8859_1));
        String complete = completeReply();
        if (complete == null) {
            if (reply.length() > MAX_REPLY) {
                down(phase + ": reply longer than " + MAX_REPLY + " bytes");
            }
            return;
        }
        reply.setLength(0);
        answer(complete.substring(0, 3), complete);
    }

    /**
     * The last line of a complete reply ("250 OK" after any "250-..." lines), or null while the reply
     * is not complete. A line that does not start with three digits is a complete, malformed reply.
     */
    private String completeReply() {
        int lineStart = 0;
        while (true) {
            int end = reply.indexOf("\n", lineStart);
            if (end < 0) {
                return null;
            }
            String line = reply.substring(lineStart, end).stripTrailing();
            boolean continued = line.length() >= 4 && line.charAt(3) == '-' && line.substring(0, 3).matches("\\d{3}");
            if (!continued) {
                return line.length() >= 3 ? line : String.format("%-3s", line);
            }
            lineStart = end + 1;
        }
    }

    private void answer(String code, String line) {
        switch (step) {
            case GREETING -> expect(code, "220", line, "greeting", () -> send(Step.EHLO, "EHLO " + heloName));
            case EHLO -> {
                if (code.equals("250")) {
                    afterHello("EHLO");
                } else {
                    send(Step.HELO, "HELO " + heloName);
                }
            }
            case HELO -> expect(code, "250", line, "EHLO and HELO refused, HELO", () -> afterHello("HELO"));
            case STARTTLS -> expect(code, "220", line, "STARTTLS refused", this::handshake);
            case EHLO_TLS -> expect(code, "250", line, "EHLO over TLS", () -> up("EHLO accepted over TLS"));
            case HANDSHAKE -> down("data before the TLS handshake: " + printable(line));
            default -> throw new IllegalStateException(step.name());
        }
    }

    private void expect(String code, String wanted, String line, String what, Runnable next) {
        if (code.equals(wanted)) {
            next.run();
        } else {
            down(what + ": " + printable(line));
        }
    }

    private void afterHello(String verb) {
        if (tls.isPresent()) {
            send(Step.STARTTLS, "STARTTLS");
        } else {
            up(verb + " accepted");
        }
    }

    private void handshake() {
        step = Step.HANDSHAKE;
        phase = step.phase;
        String serverName = tls.flatMap(CheckParams.Tls::sni).orElse(target.addressText());
        socket.upgradeToSsl(sslOptions, serverName).onComplete(ar -> {
            if (ar.failed()) {
                down(Failures.reason("TLS handshake", ar.cause(), timeoutMillis));
            } else if (!done) {
                send(Step.EHLO_TLS, "EHLO " + heloName);
            }
        });
    }

    private void send(Step next, String command) {
        step = next;
        phase = next.phase;
        socket.write(command + "\r\n");
    }

    private void up(String reason) {
        if (!done) {
            socket.write("QUIT\r\n");
        }
        finish(ProbeResult.up(reason, start));
    }

    private void down(String reason) {
        finish(ProbeResult.down(reason, start));
    }

    private void finish(ProbeResult result) {
        if (done) {
            return;
        }
        done = true;
        vertx.cancelTimer(timer);
        if (socket != null) {
            socket.close();
        }
        outcome.complete(result);
    }

    /** A server's line as a reason: control characters out, at most 80 characters. */
    private static String printable(String line) {
        String clean = line.replaceAll("[\\p{Cntrl}]", "?").strip();
        return clean.length() > 80 ? clean.substring(0, 80) + "..." : clean;
    }
}
