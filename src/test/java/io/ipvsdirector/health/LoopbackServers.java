package io.ipvsdirector.health;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Misbehaving and healthy servers on 127.0.0.1, each on a port of its own, for probes to meet. They
 * run on a Vert.x instance of their own, so a server never shares an event loop with the probes.
 */
final class LoopbackServers implements AutoCloseable {
    private final Vertx vertx = Vertx.vertx();
    private final List<Runnable> closers = new ArrayList<>();
    /** Connections accepted by every server started here, for dedup and leak counts. */
    final AtomicInteger connections = new AtomicInteger();

    Vertx vertx() {
        return vertx;
    }

    /** An HTTP server (TLS when {@code options} says so); returns its port. */
    int http(HttpServerOptions options, Consumer<HttpServerRequest> handler) {
        HttpServer server = vertx.createHttpServer(options.setHost("127.0.0.1").setPort(0))
                .connectionHandler(c -> connections.incrementAndGet())
                .requestHandler(handler::accept);
        server.listen().await();
        closers.add(server::close);
        return server.actualPort();
    }

    int http(Consumer<HttpServerRequest> handler) {
        return http(new HttpServerOptions(), handler);
    }

    /** A TCP server that hands each accepted socket to {@code onAccept}. */
    int tcp(NetServerOptions options, Consumer<NetSocket> onAccept) {
        NetServer server = vertx.createNetServer(options.setHost("127.0.0.1").setPort(0)).connectHandler(s -> {
            connections.incrementAndGet();
            onAccept.accept(s);
        });
        server.listen().await();
        closers.add(server::close);
        return server.actualPort();
    }

    /** Accepts and then says nothing, ever (also stalls a TLS handshake). */
    int silent() {
        return tcp(new NetServerOptions(), s -> s.pause());
    }

    /** Accepts and resets the connection at once (SO_LINGER 0 turns the close into a RST). */
    int resetting() {
        return tcp(new NetServerOptions().setSoLinger(0), NetSocket::close);
    }

    /** A port with nothing listening: connects are refused, datagrams get ICMP port unreachable. */
    static int closedPort() throws IOException {
        // Free for TCP and for UDP at once: tcp and udp checks both use it, and another process's
        // UDP socket on the same number would answer a udp probe that must see the port closed.
        while (true) {
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                 java.net.DatagramSocket d = new java.net.DatagramSocket(s.getLocalPort(), java.net.InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (java.net.BindException inUseForUdp) {
                // try another number
            }
        }
    }

    /** Writes {@code body} one byte every {@code everyMillis}, chunked, after the headers. */
    void trickle(HttpServerRequest request, String body, long everyMillis) {
        request.response().setChunked(true).putHeader("content-type", "text/plain");
        request.response().writeHead();
        int[] next = {0};
        vertx.setPeriodic(everyMillis, id -> {
            if (next[0] >= body.length() || request.response().closed()) {
                vertx.cancelTimer(id);
                if (!request.response().closed()) {
                    request.response().end();
                }
                return;
            }
            request.response().write(Buffer.buffer(body.substring(next[0], next[0] + 1)));
            next[0]++;
        });
    }

    @Override
    public void close() {
        closers.forEach(Runnable::run);
        vertx.close().await();
    }
}
