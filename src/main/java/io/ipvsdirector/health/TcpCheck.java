package io.ipvsdirector.health;

import io.vertx.core.Future;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetSocket;
import java.net.InetSocketAddress;

/** tcp: the connection is accepted. The socket is closed as soon as it is open. */
final class TcpCheck implements Check {
    private final ProbeClients clients;

    TcpCheck(ProbeClients clients) {
        this.clients = clients;
    }

    @Override
    public Future<ProbeResult> probe(ProbeTarget target) {
        long start = System.nanoTime();
        int timeout = (int) target.spec().timeout().toMillis();
        ConnectOptions options = new ConnectOptions()
                .setRemoteAddress(io.vertx.core.net.SocketAddress.inetSocketAddress(
                        new InetSocketAddress(target.address(), target.port())))
                .setTimeout(timeout);
        return clients.net(target.spec().source()).connect(options).transform(ar -> {
            if (ar.succeeded()) {
                NetSocket socket = ar.result();
                socket.close();
                return Future.succeededFuture(ProbeResult.up("connected", start));
            }
            return Future.succeededFuture(ProbeResult.down(Failures.reason("connect", ar.cause(), timeout), start));
        });
    }
}
