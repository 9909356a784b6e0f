package io.ipvsdirector.health;

import io.ipvsdirector.config.CheckType;
import io.ipvsdirector.kernel.probe.EpollTcpConnector;
import io.ipvsdirector.kernel.probe.IcmpEchoSocket;
import io.ipvsdirector.kernel.probe.ProbeLoop;
import io.ipvsdirector.process.RunAs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.EnumMap;
import java.util.Map;

/** One instance of each check type over shared clients. Close it to release the clients. */
public final class Checks implements AutoCloseable {
    private final ProbeClients clients;
    private final Map<CheckType, Check> byType = new EnumMap<>(CheckType.class);
    private final PingCheck ping;
    private final EpollTcpConnector connector;

    public Checks(Vertx vertx) {
        clients = new ProbeClients(vertx);
        ping = new PingCheck(vertx, IcmpEchoSocket::open);
        // Opened here, off the event loops: the first use of jnr-ffi's libc binding takes up to a second.
        try {
            connector = EpollTcpConnector.open();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("health checks cannot start: " + e.getMessage(), e);
        }
        byType.put(CheckType.TCP, new TcpCheck(connector.loop(), connector));
        HttpCheck http = new HttpCheck(clients, connector, connector.loop());
        byType.put(CheckType.HTTP, http);
        byType.put(CheckType.HTTPS, http);
        byType.put(CheckType.UDP, new UdpCheck(clients));
        byType.put(CheckType.DNS, new DnsCheck(clients));
        byType.put(CheckType.SMTP, new SmtpCheck(clients));
        byType.put(CheckType.PING, ping);
        byType.put(CheckType.EXEC, new ExecCheck(vertx, new RunAs()));
        byType.put(CheckType.FILE, new FileCheck(vertx));
        byType.put(CheckType.NONE, new NoneCheck());
    }

    /** The loop that tcp and plain http probes run on. */
    public ProbeLoop probeLoop() {
        return connector.loop();
    }

    public Check of(CheckType type) {
        return byType.get(type);
    }

    /** Probes {@code target} once with the check of its type. */
    public Future<ProbeResult> probe(ProbeTarget target) {
        return of(target.spec().type()).probe(target);
    }

    @Override
    public void close() {
        ping.close();
        connector.close();
        clients.close();
    }
}
