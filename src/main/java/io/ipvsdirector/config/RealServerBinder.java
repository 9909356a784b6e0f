package io.ipvsdirector.config;

import io.ipvsdirector.net.AddressFamily;
import io.ipvsdirector.net.InetAddresses;
import io.ipvsdirector.net.ServiceKey;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Binds the real_servers of one virtual server. */
final class RealServerBinder {
    /** Check types that connect to a port, so a real server without one needs check.port. */
    private static final Set<CheckType> NEEDS_PORT = EnumSet.of(CheckType.TCP, CheckType.HTTP, CheckType.HTTPS,
            CheckType.UDP, CheckType.DNS, CheckType.SMTP);

    private final CheckBinder checks;
    private final Optional<CheckBinder.Level> defaultCheck;
    private final Optional<CheckBinder.Level> vsCheck;
    private final CheckType implicitType;

    RealServerBinder(CheckBinder checks, Optional<CheckBinder.Level> defaultCheck, Optional<CheckBinder.Level> vsCheck,
                     CheckType implicitType) {
        this.checks = checks;
        this.defaultCheck = defaultCheck;
        this.vsCheck = vsCheck;
        this.implicitType = implicitType;
    }

    List<RealServerConfig> bind(Section vs, ServiceKey key, Forwarding vsForwarding, Optional<TunnelConfig> vsTunnel) {
        List<RealServerConfig> out = new ArrayList<>();
        Map<RealServerConfig.Key, String> seen = new HashMap<>();
        boolean anyTun = vsForwarding == Forwarding.TUN;
        for (Section s : vs.objects("real_servers")) {
            int before = s.problems().size();
            Optional<InetAddress> address = s.requiredString("address").flatMap(a -> s.parse("address", a, InetAddresses::parse));
            int port = s.integer("port", 0, 65535, key.port());
            if (port == 0 && s.has("port") && !key.isFwmark() && key.port() != 0) {
                s.problem("port", "must be 1..65535 (0 only for fwmark or all-ports services)");
            }
            int weight = s.integer("weight", 0, 65535, 1);
            int upper = s.integer("upper_threshold", 0, Integer.MAX_VALUE, 0);
            int lower = s.integer("lower_threshold", 0, Integer.MAX_VALUE, 0);
            if (upper > 0 && lower > upper) {
                s.problem("lower_threshold", "must not exceed upper_threshold (" + upper + "), got " + lower);
            } else if (upper == 0 && lower > 0) {
                // The kernel refuses a lower threshold above the upper one, and no upper threshold is 0.
                s.problem("lower_threshold", "needs an upper_threshold of at least " + lower
                        + " (a lower threshold only ends an upper one)");
            }
            Forwarding forwarding = s.enumOf("forwarding", Forwarding.class, "forwarding method", vsForwarding);
            anyTun |= forwarding == Forwarding.TUN;
            Optional<TunnelConfig> own = TunnelBinder.parse(s);
            if (own.isPresent() && forwarding != Forwarding.TUN) {
                s.problem("tunnel", "only applies to forwarding: tun, not " + forwarding);
            }
            Optional<TunnelConfig> tunnel = forwarding == Forwarding.TUN
                    ? Optional.of(own.or(() -> vsTunnel).orElse(TunnelConfig.IPIP)) : Optional.empty();
            address.ifPresent(a -> checkMapping(s, key, a, port, forwarding, "port"));
            Optional<CheckSpec> check = checks.bind(List.of(defaultCheck, vsCheck, CheckBinder.Level.of(s.object("check"))),
                    implicitType);
            check.filter(c -> port == 0 && c.port().isEmpty() && NEEDS_PORT.contains(c.type())).ifPresent(c ->
                    s.problem("port", "is needed by the " + c.type() + " check; give the real server a port or set check.port"));
            address.ifPresent(a -> {
                RealServerConfig.Key rsKey = new RealServerConfig.Key(a, port);
                String first = seen.putIfAbsent(rsKey, s.path());
                if (first != null) {
                    s.problem("address", "duplicate real server " + rsKey + " (also " + first + ")");
                }
            });
            s.finish("a real server");
            if (s.problems().size() == before && address.isPresent() && check.isPresent()) {
                out.add(new RealServerConfig(address.get(), port, weight, upper, lower, forwarding, tunnel, check.get()));
            }
        }
        if (vsTunnel.isPresent() && !anyTun) {
            vs.problem("tunnel", "only applies to forwarding: tun, and no real server here uses it");
        }
        return out;
    }

    /**
     * LVS rules for reaching a server: only TUN crosses address families, and DR and TUN deliver the
     * packet unchanged, so they cannot map the virtual port to another.
     */
    static void checkMapping(Section s, ServiceKey vs, InetAddress address, int port, Forwarding forwarding, String portKey) {
        AddressFamily family = AddressFamily.of(address);
        if (family != vs.family() && forwarding != Forwarding.TUN) {
            s.problem("address", "an " + label(family) + " server behind an " + label(vs.family())
                    + " virtual server needs forwarding: tun (only tunnels cross address families)");
        }
        if (forwarding != Forwarding.NAT && !vs.isFwmark() && port != vs.port()) {
            s.problem(portKey, forwarding + " forwarding cannot map ports: the port must equal the virtual server's port "
                    + vs.port() + ", got " + port);
        }
    }

    private static String label(AddressFamily f) {
        return f == AddressFamily.IPV4 ? "IPv4" : "IPv6";
    }
}
