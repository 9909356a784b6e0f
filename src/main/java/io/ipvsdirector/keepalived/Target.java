package io.ipvsdirector.keepalived;

import java.util.List;
import java.util.Optional;

/**
 * The converted configuration before it is written: this director's concepts, each with the keepalived
 * line it came from and the comments the YAML should carry. VRRP instances stay separate
 * ({@link VrrpGroup}) until {@link VipMerge} folds them into the one VIP set the product has today, so a
 * later writer can emit VIP groups instead.
 */
final class Target {
    private Target() {
    }

    /** The whole import. */
    record Config(Node node, Optional<Cluster> cluster, List<VrrpGroup> groups, Track track,
                  Optional<SyncDaemon> syncDaemon, List<VirtualServer> virtualServers, List<String> header,
                  SourcePos origin) {
        Config {
            groups = List.copyOf(groups);
            virtualServers = List.copyOf(virtualServers);
            header = List.copyOf(header);
        }

        Config withVirtualServers(List<VirtualServer> vs) {
            return new Config(node, cluster, groups, track, syncDaemon, vs, header, origin);
        }

        Config withGroups(List<VrrpGroup> g) {
            return new Config(node, cluster, g, track, syncDaemon, virtualServers, header, origin);
        }

        Config withCluster(Optional<Cluster> c) {
            return new Config(node, c, groups, track, syncDaemon, virtualServers, header, origin);
        }

        Config withTrack(Track t) {
            return new Config(node, cluster, groups, t, syncDaemon, virtualServers, header, origin);
        }

        Config withSyncDaemon(Optional<SyncDaemon> s) {
            return new Config(node, cluster, groups, track, s, virtualServers, header, origin);
        }

        Config withNode(Node n) {
            return new Config(n, cluster, groups, track, syncDaemon, virtualServers, header, origin);
        }
    }

    /** {@code node}: name (and where it came from), priority and preemption of the chosen instance. */
    record Node(String name, String nameFrom, Optional<Integer> priority, Optional<Boolean> preempt,
                Optional<String> preemptDelay) {
    }

    /** {@code cluster}: the unicast peers of the chosen instance. */
    record Cluster(String name, String bind, List<String> members, SourcePos pos) {
    }

    /** One vrrp_instance: the VIPs that move together and what it tracks. */
    record VrrpGroup(String name, SourcePos pos, int priority, boolean preempt, Optional<String> preemptDelay,
                     List<Vip> vips, List<String> trackInterfaces, List<TrackScript> trackScripts, boolean chosen) {
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
