package io.ipvsdirector.reconcile;

import io.ipvsdirector.config.DirectorConfig;
import io.ipvsdirector.config.IpvsConfig;
import io.ipvsdirector.config.Persistence;
import io.ipvsdirector.config.RealServerConfig;
import io.ipvsdirector.config.SchedulerFlag;
import io.ipvsdirector.config.TunnelConfig;
import io.ipvsdirector.config.VirtualServerConfig;
import io.ipvsdirector.kernel.ipvs.Destination;
import io.ipvsdirector.kernel.ipvs.ForwardingMethod;
import io.ipvsdirector.kernel.ipvs.Service;
import io.ipvsdirector.kernel.ipvs.ServiceFlag;
import io.ipvsdirector.kernel.ipvs.Timeouts;
import io.ipvsdirector.kernel.ipvs.Tunnel;
import io.ipvsdirector.net.ServiceKey;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The configuration in kernel terms: each virtual server as a service and each of its real servers
 * as a destination at its configured weight. Health verdicts are not applied here; this is the
 * table with every real server up. The configuration is already valid, so nothing is checked again.
 */
public final class DesiredTable {
    private DesiredTable() {
    }

    public static Table from(DirectorConfig config) {
        return Table.of(config.virtualServers().stream()
                .map(vs -> Table.Entry.of(service(vs), vs.realServers().stream().map(DesiredTable::destination).toList()))
                .toList());
    }

    static Service service(VirtualServerConfig vs) {
        Set<ServiceFlag> flags = EnumSet.noneOf(ServiceFlag.class);
        for (SchedulerFlag f : vs.schedulerFlags()) {
            flags.add(switch (f) {
                case SH_FALLBACK, MH_FALLBACK -> ServiceFlag.SCHED1;
                case SH_PORT, MH_PORT -> ServiceFlag.SCHED2;
                case ONE_PACKET -> ServiceFlag.ONE_PACKET;
            });
        }
        Service plain = new Service(vs.key(), vs.scheduler(), flags, 0, Service.hostNetmask(vs.key().family()),
                vs.persistence().flatMap(Persistence::engine));
        return vs.persistence()
                .map(p -> plain.withPersistence((int) p.timeout().toSeconds(), p.prefixLength()))
                .orElse(plain);
    }

    static Destination destination(RealServerConfig rs) {
        ForwardingMethod forwarding = switch (rs.forwarding()) {
            case NAT -> ForwardingMethod.MASQ;
            case DR -> ForwardingMethod.DROUTE;
            case TUN -> ForwardingMethod.TUNNEL;
        };
        Optional<Tunnel> tunnel = rs.tunnel().map(DesiredTable::tunnel);
        return new Destination(rs.address(), rs.port(), forwarding, forwarding == ForwardingMethod.TUNNEL ? tunnel : Optional.empty(),
                rs.weight(), rs.upperThreshold(), rs.lowerThreshold());
    }

    private static Tunnel tunnel(TunnelConfig t) {
        Tunnel.Type type = switch (t.type()) {
            case IPIP -> Tunnel.Type.IPIP;
            case GUE -> Tunnel.Type.GUE;
            case GRE -> Tunnel.Type.GRE;
        };
        Tunnel.Checksum checksum = switch (t.checksum()) {
            case NOCSUM -> Tunnel.Checksum.NOCSUM;
            case CSUM -> Tunnel.Checksum.CSUM;
            case REMCSUM -> Tunnel.Checksum.REMCSUM;
        };
        return new Tunnel(type, t.port(), checksum);
    }

    /** The connection timeouts the configuration sets, in seconds; 0 for those it leaves as the kernel has them. */
    public static Timeouts timeouts(IpvsConfig ipvs) {
        return new Timeouts(seconds(ipvs.tcpTimeout()), seconds(ipvs.tcpFinTimeout()), seconds(ipvs.udpTimeout()));
    }

    private static int seconds(Optional<java.time.Duration> d) {
        return d.map(x -> (int) x.toSeconds()).orElse(0);
    }

    /** The services the configuration names. */
    public static List<ServiceKey> keys(DirectorConfig config) {
        return config.virtualServers().stream().map(VirtualServerConfig::key).toList();
    }
}
