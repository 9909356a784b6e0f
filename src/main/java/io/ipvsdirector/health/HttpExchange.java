package io.ipvsdirector.health;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One http(s) probe over a Vert.x {@link NetSocket}: connect, the TLS handshake for https, the
 * request, and the response fed to an {@link HttpConversation}. A single timer bounds the whole
 * exchange (connect, handshake, headers and body): a server that trickles its body a byte at a time
 * fails at the deadline instead of passing late, and the connection is closed whatever ended the
 * exchange. All callbacks run on the context that started the probe.
 */
final class HttpExchange {
    private final Vertx vertx;
    private final ProbeClients clients;
    private final ProbeTarget target;
    private final HttpConversation conversation;
    private final ClientSSLOptions ssl;
    private final Promise<ProbeResult> outcome = Promise.promise();
    private NetSocket socket;
    private long timer;
    private boolean done;
    private boolean connecting = true;
    private ProbeResult verdict;

    /** {@code ssl} is null for plain http. */
    HttpExchange(ProbeClients clients, ProbeTarget target, HttpConversation conversation, ClientSSLOptions ssl) {
        this.vertx = clients.vertx();
        this.clients = clients;
        this.target = target;
        this.conversation = conversation;
        this.ssl = ssl;
    }

    Future<ProbeResult> run() {
        clients.onContext(this::start);
        return outcome.future();
    }

    private void start() {
        long timeout = conversation.timeoutMillis();
        timer = vertx.setTimer(timeout, id -> finish(conversation.timedOut()));
        ConnectOptions options = new ConnectOptions()
                .setRemoteAddress(SocketAddress.inetSocketAddress(new InetSocketAddress(target.address(), target.port())))
                .setTimeout((int) timeout);
        if (ssl != null) {
            // The handshake is part of the connect: the name is what the certificate is verified
            // against, and the SNI name sent.
            String name = conversation.tlsServerName();
            options.setSsl(true).setSslOptions(ssl).setHost(name).setPort(target.port()).setSniServerName(name);
        }
        clients.net(target.spec().source()).connect(options).onComplete(ar -> {
            connecting = false;
            if (ar.failed()) {
                finish(conversation.failed(Failures.reason("connect", ar.cause(), timeout)));
            } else if (done) {
                ar.result().close();
            } else {
                socket = ar.result();
                socket.handler(this::received);
                // A reset is this probe's verdict, not an error for the log.
                socket.exceptionHandler(e -> finish(conversation.failed(Failures.reason(conversation.phase(), e, timeout))));
                socket.closeHandler(v -> finish(conversation.closedByServer()));
                send();
            }
            if (done) {
                outcome.tryComplete(verdict);
            }
        });
    }

    private void send() {
        conversation.connected();
        socket.write(Buffer.buffer(conversation.request()));
    }

    private void received(Buffer data) {
        if (!done) {
            ProbeResult result = conversation.received(ByteBuffer.wrap(data.getBytes()));
            if (result != null) {
                finish(result);
            }
        }
    }

    private void finish(ProbeResult result) {
        if (done || result == null) {
            return;
        }
        done = true;
        verdict = result;
        vertx.cancelTimer(timer);
        if (socket != null) {
            socket.close();
        }
        // A connect still under way holds a socket until its own timeout (the same as the probe's,
        // started a moment later) ends it: the probe ends with it, so the next one never overlaps.
        if (!connecting) {
            outcome.complete(result);
        }
    }
}
