package io.ipvsdirector.config;

import java.util.List;
import java.util.Optional;

/**
 * A whole, valid configuration with every default applied. Immutable. There is always at least one VIP
 * group: the top-level {@code vips} form is the one group {@value VipGroupConfig#DEFAULT_NAME}.
 * Every virtual server names the group that holds it ({@link VirtualServerConfig#group()}).
 */
public record DirectorConfig(
        String source,
        NodeConfig node,
        ClusterConfig cluster,
        List<VipGroupConfig> vipGroups,
        List<List<String>> syncGroups,
        AnnounceConfig announce,
        TrackConfig track,
        Optional<SyncDaemonConfig> syncDaemon,
        List<VirtualServerConfig> virtualServers,
        IpvsConfig ipvs,
        AdminConfig admin,
        NotifyConfig notifications) {

    public DirectorConfig {
        vipGroups = List.copyOf(vipGroups);
        syncGroups = syncGroups.stream().map(List::copyOf).toList();
        virtualServers = List.copyOf(virtualServers);
    }

    /** Every VIP of every group, in file order. */
    public List<VipConfig> vips() {
        return vipGroups.stream().flatMap(g -> g.vips().stream()).toList();
    }

    public Optional<VipGroupConfig> vipGroup(String name) {
        return vipGroups.stream().filter(g -> g.name().equals(name)).findFirst();
    }

    /** The groups that move with {@code group}: its sync group, or the group alone. */
    public List<String> movesWith(String group) {
        return syncGroups.stream().filter(s -> s.contains(group)).findFirst().orElse(List.of(group));
    }

    public List<VirtualServerConfig> virtualServersOf(String group) {
        return virtualServers.stream().filter(vs -> vs.group().equals(group)).toList();
    }

    public int realServerCount() {
        return virtualServers.stream().mapToInt(vs -> vs.realServers().size()).sum();
    }

    public Optional<VirtualServerConfig> virtualServer(String name) {
        return virtualServers.stream().filter(vs -> vs.name().equals(name)).findFirst();
    }
}
