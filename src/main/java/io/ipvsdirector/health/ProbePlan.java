package io.ipvsdirector.health;

import io.ipvsdirector.config.DirectorConfig;
import io.ipvsdirector.config.RealServerConfig;
import io.ipvsdirector.config.VirtualServerConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The distinct probes of a configuration and, for each, the (virtual server, real server) pairs it
 * decides for. Real servers with the same address, check port and check spec share one probe.
 */
public record ProbePlan(Map<ProbeTarget, List<RealServerRef>> probes) {
    public ProbePlan {
        Map<ProbeTarget, List<RealServerRef>> copy = new LinkedHashMap<>();
        probes.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        probes = Collections.unmodifiableMap(copy);
    }

    public static ProbePlan of(DirectorConfig config) {
        Map<ProbeTarget, List<RealServerRef>> probes = new LinkedHashMap<>();
        for (VirtualServerConfig vs : config.virtualServers()) {
            for (RealServerConfig rs : vs.realServers()) {
                ProbeTarget target = new ProbeTarget(rs.address(), rs.checkPort(), rs.check());
                probes.computeIfAbsent(target, t -> new ArrayList<>()).add(RealServerRef.of(vs, rs));
            }
        }
        return new ProbePlan(probes);
    }

    public int realServers() {
        return probes.values().stream().mapToInt(List::size).sum();
    }
}
