package io.ipvsdirector.config;

import io.ipvsdirector.net.AddressFamily;
import io.ipvsdirector.net.InetAddresses;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The one-screen description of a valid configuration that check-config prints and run logs. */
public final class ConfigSummary {
    private ConfigSummary() {
    }

    /** Distinct probes: real servers sharing target and check spec are probed once. */
    public static int distinctProbes(DirectorConfig config) {
        Set<List<Object>> probes = new HashSet<>();
        for (VirtualServerConfig vs : config.virtualServers()) {
            for (RealServerConfig rs : vs.realServers()) {
                probes.add(List.of(rs.address(), rs.checkPort(), rs.check()));
            }
        }
        return probes.size();
    }

    public static String counts(DirectorConfig config) {
        return config.vips().size() + " VIP(s), " + config.virtualServers().size() + " virtual server(s), "
                + config.realServerCount() + " real server(s), " + config.realServerCount() + " check(s) in "
                + distinctProbes(config) + " distinct probe(s)";
    }

    /** One line per object: node, cluster, each VIP, each virtual server and each real server. */
    public static List<String> objectLines(DirectorConfig c) {
        List<String> out = new ArrayList<>();
        NodeConfig n = c.node();
        out.add("node " + n.name() + " priority " + n.priority() + (n.preempt()
                ? " preempt" + (n.preemptDelay().isZero() ? "" : " after " + Durations.format(n.preemptDelay()))
                : " nopreempt"));
        ClusterConfig cl = c.cluster();
        out.add(cl.standalone() ? "cluster: standalone (no members), always ACTIVE"
                : "cluster " + cl.name() + " bind " + cl.bind().map(Object::toString).orElse("?") + " members " + cl.members()
                + cl.witness().map(w -> " witness " + w).orElse("") + " heartbeat " + Durations.format(cl.heartbeat())
                + " dead_after " + Durations.format(cl.deadAfter())
                + cl.keyFile().map(k -> ", messages signed with " + k)
                        .orElse(", WARNING: no cluster.key_file, so cluster messages are not authenticated"));
        boolean onlyDefault = c.vipGroups().size() == 1 && c.vipGroups().get(0).name().equals(VipGroupConfig.DEFAULT_NAME);
        for (VipGroupConfig g : c.vipGroups()) {
            // The top-level vips read as before; groups name their election and the sync group they move with.
            if (!onlyDefault) {
                out.add("group " + g + (g.preempt() ? " preempt" + (g.preemptDelay().isZero() ? ""
                        : " after " + Durations.format(g.preemptDelay())) : " nopreempt")
                        + (c.movesWith(g.name()).size() > 1 ? ", moves with " + String.join(", ", c.movesWith(g.name())) : ""));
            }
            g.vips().forEach(v -> out.add("vip " + v + (onlyDefault ? "" : " group " + g.name())));
        }
        for (VirtualServerConfig vs : c.virtualServers()) {
            out.add("vs " + vs.name() + " " + vs.key() + (onlyDefault ? "" : " group " + vs.group()) + " scheduler " + vs.scheduler()
                    + (vs.schedulerFlags().isEmpty() ? "" : " flags " + Changes.text(vs.schedulerFlags()))
                    + " forwarding " + vs.forwarding()
                    + vs.persistence().map(p -> " persistence " + Durations.format(p.timeout()) + " netmask "
                            + (vs.key().family() == AddressFamily.IPV4 ? Netmasks.dotted(p.prefixLength()) : "/" + p.prefixLength())
                            + p.engine().map(e -> " engine " + e).orElse("")).orElse("")
                    + " quorum " + vs.quorum() + vs.sorryServer().map(s -> " sorry " + s).orElse("")
                    + ", " + vs.realServers().size() + " real server(s), check " + vs.check());
            for (RealServerConfig rs : vs.realServers()) {
                out.add("vs " + vs.name() + " rs " + rs + " weight " + rs.weight() + " " + rs.forwarding()
                        + rs.tunnel().map(t -> " " + t).orElse("")
                        + (rs.upperThreshold() > 0 ? " upper " + rs.upperThreshold() : "")
                        + (rs.lowerThreshold() > 0 ? " lower " + rs.lowerThreshold() : "")
                        + (rs.check().equals(vs.check()) ? "" : ", check " + rs.check()));
            }
        }
        c.syncDaemon().ifPresent(s -> out.add("sync_daemon on " + s.interfaceName() + " sync_id " + s.syncId()
                + s.group().map(g -> " group " + InetAddresses.toText(g)).orElse("")));
        IpvsConfig ipvs = c.ipvs();
        out.add("ipvs state_file " + ipvs.stateFile()
                + ipvs.tcpTimeout().map(d -> " timeouts tcp " + Durations.format(d)).orElse("")
                + ipvs.tcpFinTimeout().map(d -> " tcpfin " + Durations.format(d)).orElse("")
                + ipvs.udpTimeout().map(d -> " udp " + Durations.format(d)).orElse(""));
        out.add("admin on " + c.admin().listen());
        return out;
    }
}
