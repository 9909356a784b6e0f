package io.ipvsdirector.config;

import io.ipvsdirector.net.ServiceKey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A virtual service and its real servers, defaults applied. {@code group} is the VIP group that holds it:
 * the one whose VIPs include its address (a fwmark service names it), so it is served by that group's owner.
 */
public record VirtualServerConfig(
        String name,
        ServiceKey key,
        String group,
        String scheduler,
        Set<SchedulerFlag> schedulerFlags,
        Forwarding forwarding,
        Optional<TunnelConfig> tunnel,
        Optional<Persistence> persistence,
        OnFailure onFailure,
        int quorum,
        int hysteresis,
        Optional<SorryServer> sorryServer,
        Duration drainTimeout,
        Duration slowStart,
        CheckSpec check,
        List<RealServerConfig> realServers) {

    public VirtualServerConfig {
        schedulerFlags = Set.copyOf(schedulerFlags);
        realServers = List.copyOf(realServers);
    }

    /** "web (tcp 192.0.2.10:80)". */
    @Override
    public String toString() {
        return name + " (" + key + ")";
    }
}
