package io.ipvsdirector.config;

import java.util.List;
import java.util.Optional;

/** A whole, valid configuration with every default applied. Immutable. */
public record DirectorConfig(
        String source,
        NodeConfig node,
        ClusterConfig cluster,
        List<VipConfig> vips,
        AnnounceConfig announce,
        TrackConfig track,
        Optional<SyncDaemonConfig> syncDaemon,
        List<VirtualServerConfig> virtualServers,
        IpvsConfig ipvs,
        AdminConfig admin,
        NotifyConfig notifications) {

    public DirectorConfig {
        vips = List.copyOf(vips);
        virtualServers = List.copyOf(virtualServers);
    }

    public int realServerCount() {
        return virtualServers.stream().mapToInt(vs -> vs.realServers().size()).sum();
    }

    public Optional<VirtualServerConfig> virtualServer(String name) {
        return virtualServers.stream().filter(vs -> vs.name().equals(name)).findFirst();
    }
}
