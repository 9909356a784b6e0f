package io.ipvsdirector.health;

import io.ipvsdirector.config.CheckParams;
import io.ipvsdirector.net.InetAddresses;
import io.vertx.core.Vertx;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Vert.x clients probes share: one NetClient per source address (http, https and smtp; tcp
 * probes use the kernel layer's epoll connector instead), one set of TLS options per TLS settings,
 * one datagram transport. Sharing keeps 10,000 targets at a handful of clients; none of them keeps
 * a connection between probes (every probe opens and closes its own connection), so every probe
 * tests a fresh connection.
 */
final class ProbeClients implements AutoCloseable {
    private final Vertx vertx;
    private final Map<Optional<InetAddress>, NetClient> netClients = new ConcurrentHashMap<>();
    private final Map<CheckParams.Tls, ClientSSLOptions> sslOptions = new ConcurrentHashMap<>();
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

    /** The TLS options of https and smtp probes with these settings, made once. */
    ClientSSLOptions ssl(CheckParams.Tls tls) {
        return sslOptions.computeIfAbsent(tls, ProbeClients::sslOptions);
    }

    private static ClientSSLOptions sslOptions(CheckParams.Tls tls) {
        ClientSSLOptions options = new ClientSSLOptions();
        if (tls.verify()) {
            options.setHostnameVerificationAlgorithm("HTTPS");
            tls.caFile().ifPresent(ca -> options.setTrustOptions(new PemTrustOptions().addCertPath(ca.toString())));
        } else {
            options.setTrustAll(true).setHostnameVerificationAlgorithm("");
        }
        if (tls.clientCert().isPresent() && tls.clientKey().isPresent()) {
            options.setKeyCertOptions(new PemKeyCertOptions()
                    .setCertPath(tls.clientCert().get().toString())
                    .setKeyPath(tls.clientKey().get().toString()));
        }
        return options;
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
        netClients.clear();
        DatagramTransport d = datagrams;
        if (d != null) {
            d.close();
        }
    }

    /**
     * Runs {@code start} (a probe that connects a NetSocket) on a Vert.x context. Off a Vert.x thread
     * the connect can complete before its callback is registered; the callback then runs as a later
     * task, and bytes the server sends at once (a greeting, an early error response) are read in
     * between, find no handler and are dropped. Started on a context, the callback runs as the
     * connect completes, before any read.
     */
    void onContext(Runnable start) {
        if (io.vertx.core.Vertx.currentContext() == null) {
            vertx().getOrCreateContext().runOnContext(v -> start.run());
        } else {
            start.run();
        }
    }
}
