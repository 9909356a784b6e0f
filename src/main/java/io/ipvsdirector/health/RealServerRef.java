package io.ipvsdirector.health;

import io.ipvsdirector.config.RealServerConfig;
import io.ipvsdirector.config.VirtualServerConfig;
import io.ipvsdirector.net.ServiceKey;

/** One (virtual server, real server) pair: what a verdict finally applies to. */
public record RealServerRef(String virtualServer, ServiceKey service, RealServerConfig.Key realServer) {

    public static RealServerRef of(VirtualServerConfig vs, RealServerConfig rs) {
        return new RealServerRef(vs.name(), vs.key(), rs.key());
    }

    /** "vs web (192.0.2.10:80/tcp) rs 10.0.1.11:8080", the way log lines name it. */
    @Override
    public String toString() {
        return "vs " + virtualServer + " (" + service + ") rs " + realServer;
    }
}
