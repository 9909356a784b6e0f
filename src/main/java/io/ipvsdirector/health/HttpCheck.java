package io.ipvsdirector.health;

import io.ipvsdirector.config.CheckParams;
import io.vertx.core.Future;
import io.vertx.core.net.ClientSSLOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * http and https: one request on a fresh connection, the status, and optionally the body. TLS is a
 * mode of the same check (the params carry it for https). Each probe is one
 * {@link HttpConversation} carried by one {@link HttpExchange}.
 */
final class HttpCheck implements Check {
    /** The handshake is part of the connect, which the probe's timer cannot end: it has the probe's timeout. */
    private record TlsKey(CheckParams.Tls tls, Duration timeout) {
    }

    private final ProbeClients clients;
    private final Map<TlsKey, ClientSSLOptions> sslOptions = new ConcurrentHashMap<>();

    HttpCheck(ProbeClients clients) {
        this.clients = clients;
    }

    @Override
    public Future<ProbeResult> probe(ProbeTarget target) {
        CheckParams.Http params = (CheckParams.Http) target.spec().params();
        HttpConversation conversation = new HttpConversation(target, params, System.nanoTime());
        ClientSSLOptions ssl = params.tls().map(tls -> sslOptions.computeIfAbsent(new TlsKey(tls, target.spec().timeout()),
                k -> new ClientSSLOptions(clients.ssl(tls)).setSslHandshakeTimeout(k.timeout().toMillis())
                        .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS))).orElse(null);
        return new HttpExchange(clients, target, conversation, ssl).run();
    }
}
