package io.ipvsdirector.keepalived;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Reads a keepalived.conf and converts it into the target model: parse, then one converter per section. */
public final class KeepalivedImporter {
    private static final Set<String> NO_EQUIVALENT_TOP = Set.of("static_ipaddress", "static_routes", "static_rules",
            "net_namespace", "net_namespace_ipvs", "linkbeat_use_polling", "bfd_instance", "vrrp_track_process",
            "garp_group", "instance", "use_pid_dir", "child_wait_time", "virtual_ipaddress", "track_process");
    private static final int CLUSTER_PORT = 5701;

    private KeepalivedImporter() {
    }

    /**
     * Converts {@code file}. {@code node} (--node) is the config id for {@code @} lines and the director's
     * name; without it the host name decides the {@code @} lines (as keepalived does) and router_id names it.
     */
    static Target.Config convert(Path file, Optional<String> node, String hostName, Report report) throws IOException {
        String configId = node.orElse(hostName);
        List<KNode> top = Parser.parse(ConfigReader.read(file, configId, report), report);
        Map<String, KNode> scripts = named(top, "vrrp_script");
        Map<String, KNode> groups = named(top, "virtual_server_group");
        Map<String, KNode> trackFiles = named(top, "track_file");
        GlobalConverter global = new GlobalConverter(report);
        List<KNode> instances = new ArrayList<>();
        List<KNode> virtualServers = new ArrayList<>();
        List<KNode> syncGroups = new ArrayList<>();
        for (KNode n : top) {
            switch (n.keyword()) {
                case "global_defs" -> global.convert(n);
                case "vrrp_instance" -> instances.add(n);
                case "virtual_server" -> virtualServers.add(n);
                case "vrrp_script", "virtual_server_group", "track_file" -> {
                }
                case "vrrp_sync_group" -> syncGroups.add(n);
                default -> report.dropped(n, NO_EQUIVALENT_TOP.contains(n.keyword())
                        ? "no equivalent in this director; left out"
                        : "is not a keepalived top-level keyword (keepalived logs it as unknown and ignores it)");
            }
        }
        int chosen = chosenInstance(instances);
        VrrpConverter vrrp = new VrrpConverter(report, scripts);
        List<Target.VrrpGroup> vrrpGroups = new ArrayList<>();
        List<VrrpConverter.Unicast> unicast = new ArrayList<>();
        Set<String> groupNames = new java.util.HashSet<>();
        for (int i = 0; i < instances.size(); i++) {
            KNode inst = instances.get(i);
            inst.body().stream().filter(k -> k.keyword().startsWith("lvs_sync_daemon_int")).forEach(global::legacySync);
            String groupName = InstanceGroups.groupName(inst.arg(0).orElse("VI"), groupNames);
            vrrpGroups.add(vrrp.convert(inst, groupName, i == chosen, unicast));
        }
        VirtualServerConverter vsc = new VirtualServerConverter(report, groups, trackFiles);
        List<Target.VirtualServer> vs = new ArrayList<>();
        virtualServers.forEach(v -> vs.addAll(vsc.convert(v)));

        boolean grouped = InstanceGroups.fit(vrrpGroups, vs, report);
        List<Target.SyncGroup> sync = List.of();
        if (grouped) {
            sync = InstanceGroups.syncGroups(syncGroups, vrrpGroups, report);
            fwmarkGroups(vs, vrrpGroups.get(chosen), report);
        } else {
            merged(instances, chosen, vrrpGroups, syncGroups, report);
        }
        Target.Node nodeOut = nodeOf(node, global.routerId(), hostName, grouped ? List.of() : vrrpGroups, file, report);
        Optional<Target.Cluster> cluster = cluster(unicast, vrrpGroups, report);
        // VIP groups carry their own instance's tracking; the one VIP set tracks what any instance tracks.
        Target.Track track = grouped ? new Target.Track(List.of(), List.of()) : track(vrrpGroups);
        List<String> header = List.of("Converted from " + file + " by ipvs-director import-keepalived.",
                "Every choice is commented; every keyword approximated or left out was reported on stderr as FILE:LINE.");
        return new Target.Config(nodeOut, cluster, grouped, vrrpGroups, sync, track, global.syncDaemon(), vs, header,
                new SourcePos(file.toString(), 1));
    }

    /** The instances written as the one VIP set: the chosen one gives node.priority; sync groups add nothing. */
    private static void merged(List<KNode> instances, int chosen, List<Target.VrrpGroup> groups, List<KNode> syncGroups,
                               Report report) {
        if (instances.size() > 1) {
            report.note(instances.get(chosen).pos(), "vrrp_instance", "chose " + instances.get(chosen).arg(0).orElse("")
                    + " for node.priority and preemption (" + (isMaster(instances.get(chosen)) ? "state MASTER" : "the first")
                    + ")");
        }
        VipMerge.report(groups, report);
        syncGroups.forEach(n -> report.approximated(n, "the instances are written as one VIP set, which fails over as"
                + " a whole"));
    }

    /** A fwmark service is on no VIP, so it is given the chosen instance's group, and that choice is reported. */
    private static void fwmarkGroups(List<Target.VirtualServer> vs, Target.VrrpGroup chosen, Report report) {
        vs.stream().filter(v -> v.fwmark().isPresent()).forEach(v -> report.approximated(v.pos(), "fwmark",
                "a fwmark service names the VIP group whose owner serves it: " + chosen.groupName() + " (vrrp_instance "
                + chosen.name() + ") was written; change group if the marked traffic is for another instance's VIPs"));
    }

    private static Map<String, KNode> named(List<KNode> top, String keyword) {
        Map<String, KNode> out = new LinkedHashMap<>();
        top.stream().filter(n -> n.keyword().equals(keyword)).forEach(n -> out.put(n.arg(0).orElse(""), n));
        return out;
    }

    private static boolean isMaster(KNode inst) {
        return inst.body().stream().anyMatch(n -> n.keyword().equals("state") && n.arg(0).orElse("").equalsIgnoreCase("MASTER"));
    }

    private static int chosenInstance(List<KNode> instances) {
        for (int i = 0; i < instances.size(); i++) {
            if (isMaster(instances.get(i))) {
                return i;
            }
        }
        return 0;
    }

    private static Target.Node nodeOf(Optional<String> node, Optional<String> routerId, String hostName,
                                      List<Target.VrrpGroup> groups, Path file, Report report) {
        String from = node.isPresent() ? "--node" : routerId.isPresent() ? "router_id" : "the host name";
        String raw = node.or(() -> routerId).orElse(hostName);
        String name = raw.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
        if (name.isEmpty()) {
            name = "keepalived";
        }
        if (name.length() > 63) {
            name = name.substring(0, 63);
        }
        if (!name.equals(raw)) {
            report.approximated(new SourcePos(file.toString(), 1), "router_id", "'" + raw + "' is not a valid node name;"
                    + " '" + name + "' was written");
        }
        Optional<Target.VrrpGroup> chosen = groups.stream().filter(Target.VrrpGroup::chosen).findFirst();
        return new Target.Node(name, from, chosen.map(Target.VrrpGroup::priority), chosen.map(Target.VrrpGroup::preempt),
                chosen.flatMap(Target.VrrpGroup::preemptDelay));
    }

    private static Optional<Target.Cluster> cluster(List<VrrpConverter.Unicast> unicast, List<Target.VrrpGroup> groups,
                                                    Report report) {
        String chosen = groups.stream().filter(Target.VrrpGroup::chosen).map(Target.VrrpGroup::name).findFirst().orElse("");
        Optional<VrrpConverter.Unicast> u = unicast.stream().filter(x -> x.instance().equals(chosen)).findFirst();
        for (VrrpConverter.Unicast other : unicast) {
            if (!other.instance().equals(chosen)) {
                report.approximated(other.pos(), "unicast_peer", other.instance() + ": this director has one cluster; the"
                        + " peers of " + chosen + " were used");
            }
        }
        if (!groups.isEmpty() && u.isEmpty()) {
            report.approximated(groups.stream().filter(Target.VrrpGroup::chosen).findFirst().orElseThrow().pos(), "vrrp_instance",
                    "multicast VRRP has no equivalent: the cluster lists its members; written standalone (add cluster.members"
                    + " and cluster.bind with every director's address)");
            return Optional.empty();
        }
        if (u.isEmpty()) {
            return Optional.empty();
        }
        if (u.get().source().isEmpty()) {
            report.dropped(u.get().pos(), "unicast_peer", "without unicast_src_ip this node's own address is unknown; add"
                    + " cluster.bind and cluster.members by hand");
            return Optional.empty();
        }
        TreeSet<String> members = new TreeSet<>();
        String bind = hostPort(u.get().source().get());
        members.add(bind);
        u.get().peers().forEach(p -> members.add(hostPort(p)));
        String name = u.get().vrid().isEmpty() ? "ipvs-director" : "vrrp-" + u.get().vrid();
        return Optional.of(new Target.Cluster(name, bind, List.copyOf(members), u.get().pos()));
    }

    private static String hostPort(String address) {
        return Values.isIpv6(address) ? "[" + address + "]:" + CLUSTER_PORT : address + ":" + CLUSTER_PORT;
    }

    private static Target.Track track(List<Target.VrrpGroup> groups) {
        List<String> ifs = new ArrayList<>();
        List<Target.TrackScript> scripts = new ArrayList<>();
        for (Target.VrrpGroup g : groups) {
            g.trackInterfaces().stream().filter(i -> !ifs.contains(i)).forEach(ifs::add);
            g.trackScripts().stream().filter(s -> !scripts.contains(s)).forEach(scripts::add);
        }
        return new Target.Track(ifs, scripts);
    }
}
