package io.ipvsdirector.keepalived;

import java.util.List;
import java.util.Optional;

/**
 * The converted configuration before it is written: this director's concepts, each with the keepalived
 * line it came from and the comments the YAML should carry. Each VRRP instance is a {@link VrrpGroup};
 * with {@code grouped} they are written as vip_groups, else as the top-level vips ({@link VipMerge}).
 */
final class Target {
    private Target() {
    }

    /** The whole import. */
    record Config(Node node, Optional<Cluster> cluster, boolean grouped, List<VrrpGroup> groups,
                  List<SyncGroup> syncGroups, Track track, Optional<SyncDaemon> syncDaemon,
                  List<VirtualServer> virtualServers, List<String> header, SourcePos origin) {
        Config {
            groups = List.copyOf(groups);
            syncGroups = List.copyOf(syncGroups);
            virtualServers = List.copyOf(virtualServers);
            header = List.copyOf(header);
        }

        Config withVirtualServers(List<VirtualServer> vs) {
            return new Config(node, cluster, grouped, groups, syncGroups, track, syncDaemon, vs, header, origin);
        }

        Config withGroups(List<VrrpGroup> g) {
            return new Config(node, cluster, grouped, g, syncGroups, track, syncDaemon, virtualServers, header, origin);
        }

        Config withCluster(Optional<Cluster> c) {
            return new Config(node, c, grouped, groups, syncGroups, track, syncDaemon, virtualServers, header, origin);
        }

        Config withTrack(Track t) {
            return new Config(node, cluster, grouped, groups, syncGroups, t, syncDaemon, virtualServers, header, origin);
        }

        Config withSyncDaemon(Optional<SyncDaemon> s) {
            return new Config(node, cluster, grouped, groups, syncGroups, track, s, virtualServers, header, origin);
        }

        Config withSyncGroups(List<SyncGroup> sg) {
            return new Config(node, cluster, grouped, groups, sg, track, syncDaemon, virtualServers, header, origin);
        }

        Config withNode(Node n) {
            return new Config(n, cluster, grouped, groups, syncGroups, track, syncDaemon, virtualServers, header, origin);
        }
    }

    /** {@code node}: name (and where it came from), priority and preemption of the chosen instance. */
    record Node(String name, String nameFrom, Optional<Integer> priority, Optional<Boolean> preempt,
                Optional<String> preemptDelay) {
    }

    /** {@code cluster}: the unicast peers of the chosen instance. */
    record Cluster(String name, String bind, List<String> members, SourcePos pos) {
    }

    /**
     * One vrrp_instance: the VIPs that move together and what it tracks. {@code groupName} is its name as a
     * VIP group (a DNS label); {@code chosen} marks the instance that gives the cluster (and, written as the
     * top-level vips, node.priority).
     */
    record VrrpGroup(String name, String groupName, SourcePos pos, int priority, boolean preempt,
                     Optional<String> preemptDelay, List<Vip> vips, List<String> trackInterfaces,
                     List<TrackScript> trackScripts, boolean chosen) {
        VrrpGroup withVips(List<Vip> v) {
            return new VrrpGroup(name, groupName, pos, priority, preempt, preemptDelay, v, trackInterfaces, trackScripts,
                    chosen);
        }

        VrrpGroup withoutTrack() {
            return new VrrpGroup(name, groupName, pos, priority, preempt, preemptDelay, vips, List.of(), List.of(), chosen);
        }
    }

    /** One vrrp_sync_group: the VIP group names of its instances, which always move together. */
    record SyncGroup(String name, List<String> groups, SourcePos pos) {
    }

    /** One virtual_ipaddress line. */
    record Vip(String address, String device, Optional<String> label, SourcePos pos) {
    }

    /** {@code track}: interfaces and scripts whose failure means FAULT. */
    record Track(List<String> interfaces, List<TrackScript> scripts) {
    }

    /** One vrrp_script used by a track_script. */
    record TrackScript(String path, List<String> args, String interval, String timeout, int rise, int fall, SourcePos pos) {
    }

    /** {@code sync_daemon}. */
    record SyncDaemon(String iface, Optional<Integer> syncId, Optional<Integer> maxLength, Optional<String> group,
                      Optional<Integer> port, Optional<Integer> ttl, SourcePos pos) {
    }

    /** One virtual service. Exactly one of address+port and fwmark is set. */
    record VirtualServer(SourcePos pos, Optional<String> address, Optional<Integer> port, String protocol,
                         Optional<Long> fwmark, Optional<String> family, String scheduler, List<String> flags,
                         String forwarding, Optional<Tunnel> tunnel, Optional<Integer> persistenceTimeout,
                         Optional<String> persistenceNetmask, Optional<String> persistenceEngine, boolean zeroWeight,
                         Optional<Integer> quorum, Optional<Integer> hysteresis, Optional<Sorry> sorry,
                         List<RealServer> realServers, List<String> comments) {
    }

    /** {@code tunnel}. */
    record Tunnel(String type, Optional<Integer> port, Optional<String> checksum) {
    }

    /** {@code sorry_server}. */
    record Sorry(String address, Optional<Integer> port, Optional<String> forwarding) {
    }

    /** One real server with its own check (keepalived gives every real server its own checker). */
    record RealServer(String address, Optional<Integer> port, int weight, Optional<Integer> upper,
                      Optional<Integer> lower, Optional<String> forwarding, Optional<Tunnel> tunnel, Check check,
                      SourcePos pos) {
    }

    /** A check: its type, then its keys in the order they are written, and the comments above it. */
    record Check(String type, List<Setting> settings, List<String> comments) {
    }

    /** One key of a check; the value is a String, a Number, a Boolean or a List of Strings. */
    record Setting(String key, Object value) {
    }
}
