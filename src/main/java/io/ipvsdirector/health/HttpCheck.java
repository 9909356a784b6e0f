package io.ipvsdirector.health;

import io.ipvsdirector.config.CheckParams;
import io.ipvsdirector.kernel.probe.ProbeLoop;
import io.ipvsdirector.kernel.probe.TcpConnector;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.net.ClientSSLOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * http and https: one request on a fresh connection, the status, and optionally the body. TLS is a
 * mode of the same check (the params carry it for https). Each probe is one
 * {@link HttpConversation}, carried for http by an {@link EpollHttpExchange} (on the tcp probes'
 * probe loop) and for https by an {@link HttpExchange} (a Vert.x NetSocket with its TLS).
 */
final class HttpCheck implements Check {
    /** The handshake is part of the connect, which the probe's timer cannot end: it has the probe's timeout. */
    private record TlsKey(CheckParams.Tls tls, Duration timeout) {
    }

    private final ProbeClients clients;
    private final TcpConnector connector;
    private final ProbeLoop loop;
    private final Map<TlsKey, ClientSSLOptions> sslOptions = new ConcurrentHashMap<>();

    HttpCheck(ProbeClients clients, TcpConnector connector, ProbeLoop loop) {
        this.clients = clients;
        this.connector = connector;
        this.loop = loop;
    }

    /** Plain http runs on the probe loop; https on a Vert.x context, for its TLS. */
    @Override
    public boolean onProbeLoop(ProbeTarget target) {
        return ((CheckParams.Http) target.spec().params()).tls().isEmpty();
    }

    @Override
    public Future<ProbeResult> probe(ProbeTarget target) {
        CheckParams.Http params = (CheckParams.Http) target.spec().params();
        if (params.tls().isEmpty() && !loop.inLoop()) {
            Promise<ProbeResult> result = Promise.promise();
            loop.execute(() -> probe(target).onComplete(result));
            return result.future();
        }
        if (params.tls().isEmpty()) {
            return new EpollHttpExchange(loop, new HttpConversation(target, params, loop::now)).run(connector, target);
        }
        HttpConversation conversation = new HttpConversation(target, params, System::nanoTime);
        ClientSSLOptions ssl = params.tls().map(tls -> sslOptions.computeIfAbsent(new TlsKey(tls, target.spec().timeout()),
                k -> new ClientSSLOptions(clients.ssl(tls)).setSslHandshakeTimeout(k.timeout().toMillis())
                        .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS))).orElse(null);
        return new HttpExchange(clients, target, conversation, ssl).run();
    }
}
