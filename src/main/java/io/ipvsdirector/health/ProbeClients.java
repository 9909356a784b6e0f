package io.ipvsdirector.health;

import io.ipvsdirector.config.CheckParams;
import io.ipvsdirector.net.InetAddresses;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The Vert.x clients probes share: one NetClient per source address (smtp; tcp probes use the
 * kernel layer's epoll connector instead), one HTTP client per (TLS options,
 * source address, timeout), one datagram transport. Sharing keeps 10,000 targets at a handful of
 * clients; none of them keeps a connection between probes (keep-alive is off, and every probe opens
 * and closes its own connection), so every probe tests a fresh connection.
 */
final class ProbeClients implements AutoCloseable {
    /** What makes two HTTP clients differ. The timeout bounds the TLS handshake, which the client owns. */
    private record HttpKey(Optional<CheckParams.Tls> tls, Optional<InetAddress> source, Duration timeout) {
    }

    private final Vertx vertx;
    private final Map<Optional<InetAddress>, NetClient> netClients = new ConcurrentHashMap<>();
    private final Map<HttpKey, HttpClientAgent> httpClients = new ConcurrentHashMap<>();
    private volatile DatagramTransport datagrams;

    ProbeClients(Vertx vertx) {
        this.vertx = vertx;
    }

    Vertx vertx() {
        return vertx;
    }

    NetClient net(Optional<InetAddress> source) {
        return netClients.computeIfAbsent(source, s -> {
            NetClientOptions options = new NetClientOptions().setReconnectAttempts(0).setTcpNoDelay(true);
            s.ifPresent(a -> options.setLocalAddress(InetAddresses.toText(a)));
            return vertx.createNetClient(options);
        });
    }

    HttpClientAgent http(Optional<CheckParams.Tls> tls, Optional<InetAddress> source, Duration timeout) {
        return httpClients.computeIfAbsent(new HttpKey(tls, source, timeout), k -> {
            HttpClientOptions options = new HttpClientOptions()
                    .setKeepAlive(false)
                    .setPipelining(false)
                    .setTcpNoDelay(true)
                    .setDecompressionSupported(false)
                    .setMaxInitialLineLength(8192)
                    .setSslHandshakeTimeout(timeout.toMillis())
                    .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
            source.ifPresent(a -> options.setLocalAddress(InetAddresses.toText(a)));
            tls.ifPresent(t -> tls(options, t));
            // Probes connect through HttpClientAgent.connect, not the pool; the pool size is moot.
            return vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(1));
        });
    }

    private static void tls(HttpClientOptions options, CheckParams.Tls tls) {
        options.setSsl(true);
        if (tls.verify()) {
            options.setVerifyHost(true);
            tls.caFile().ifPresent(ca -> options.setTrustOptions(new PemTrustOptions().addCertPath(ca.toString())));
        } else {
            options.setTrustAll(true).setVerifyHost(false);
        }
        if (tls.clientCert().isPresent() && tls.clientKey().isPresent()) {
            options.setKeyCertOptions(new PemKeyCertOptions()
                    .setCertPath(tls.clientCert().get().toString())
                    .setKeyPath(tls.clientKey().get().toString()));
        }
        tls.sni().ifPresent(sni -> options.setForceSni(true));
    }

    DatagramTransport datagrams() {
        DatagramTransport d = datagrams;
        if (d == null) {
            synchronized (this) {
                if (datagrams == null) {
                    datagrams = new DatagramTransport();
                }
                d = datagrams;
            }
        }
        return d;
    }

    @Override
    public void close() {
        netClients.values().forEach(NetClient::close);
        httpClients.values().forEach(HttpClientAgent::close);
        netClients.clear();
        httpClients.clear();
        DatagramTransport d = datagrams;
        if (d != null) {
            d.close();
        }
    }
}
