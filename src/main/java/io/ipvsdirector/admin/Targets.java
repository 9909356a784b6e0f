package io.ipvsdirector.admin;

import io.ipvsdirector.config.DirectorConfig;
import io.ipvsdirector.config.RealServerConfig;
import io.ipvsdirector.config.VirtualServerConfig;
import java.util.List;

/**
 * Finds the virtual server and real server an operator names: a virtual server by its name or its
 * service ("192.0.2.10:80/tcp", "fwmark 100/ipv4"); a real server by "address:port", or by its bare
 * address when only one real server of that virtual server has it.
 */
public final class Targets {
    /** A resolved pair. */
    public record Target(VirtualServerConfig virtualServer, RealServerConfig realServer) {
    }

    private Targets() {
    }

    public static Target resolve(DirectorConfig config, String vs, String rs) {
        if (vs == null || vs.isBlank() || rs == null || rs.isBlank()) {
            throw new ApiError(400, "name a virtual server and a real server: {\"virtual_server\": \"web\", \"real_server\": \"10.0.1.11:8080\"}");
        }
        VirtualServerConfig v = config.virtualServers().stream()
                .filter(c -> c.name().equals(vs) || c.key().toString().equalsIgnoreCase(vs))
                .findFirst()
                .orElseThrow(() -> new ApiError(404, "no virtual server '" + vs + "'; configured: "
                        + String.join(", ", config.virtualServers().stream().map(VirtualServerConfig::name).toList())));
        List<RealServerConfig> matches = v.realServers().stream().filter(r -> r.key().toString().equals(rs)).toList();
        if (matches.isEmpty()) {
            matches = v.realServers().stream()
                    .filter(r -> io.ipvsdirector.net.InetAddresses.toText(r.address()).equals(rs)).toList();
        }
        if (matches.size() > 1) {
            throw new ApiError(400, "'" + rs + "' names several real servers of " + v.name() + "; add the port");
        }
        if (matches.isEmpty()) {
            throw new ApiError(404, "no real server '" + rs + "' in virtual server " + v.name() + "; configured: "
                    + String.join(", ", v.realServers().stream().map(RealServerConfig::toString).toList()));
        }
        return new Target(v, matches.get(0));
    }
}
