package io.ipvsdirector.health;

import io.ipvsdirector.config.CheckParams;
import io.vertx.core.Future;

/**
 * http and https: one request on a fresh connection, the status, and optionally the body. TLS is a
 * mode of the same check (the params carry it for https). Each probe is one {@link HttpExchange}.
 */
final class HttpCheck implements Check {
    private final ProbeClients clients;

    HttpCheck(ProbeClients clients) {
        this.clients = clients;
    }

    @Override
    public Future<ProbeResult> probe(ProbeTarget target) {
        CheckParams.Http params = (CheckParams.Http) target.spec().params();
        var client = clients.http(params.tls(), target.spec().source(), target.spec().timeout());
        return new HttpExchange(clients.vertx(), client, target, params).run();
    }
}
