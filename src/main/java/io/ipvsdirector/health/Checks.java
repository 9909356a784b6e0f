package io.ipvsdirector.health;

import io.ipvsdirector.config.CheckType;
import io.ipvsdirector.kernel.probe.IcmpEchoSocket;
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
    private final TcpCheck tcp;

    public Checks(Vertx vertx) {
        clients = new ProbeClients(vertx);
        ping = new PingCheck(vertx, IcmpEchoSocket::open);
        HttpCheck http = new HttpCheck(clients);
        tcp = new TcpCheck(clients);
        byType.put(CheckType.TCP, tcp);
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
        tcp.close();
        clients.close();
    }
}
