package io.ipvsdirector.keepalived;

import io.ipvsdirector.net.InetAddresses;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * keepalived's vrrp_instances as VIP groups, one each, elected on their own as keepalived elects them,
 * and each vrrp_sync_group as a sync_groups entry. A single instance stays the top-level vips, which mean
 * the same one group.
 */
final class InstanceGroups {
    private static final Set<String> SYNC_GROUP_KEYWORDS = Set.of("smtp_alert", "global_tracking", "track_interface",
            "track_script", "track_file", "track_process", "track_bfd", "sync_group_tracking_weight");

    private InstanceGroups() {
    }

    /** A DNS label from an instance name: "VI_1" is "vi-1"; {@code taken} keeps the names unique. */
    static String groupName(String instance, Set<String> taken) {
        String base = instance.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+", "").replaceAll("-+$", "");
        if (base.length() > 60) {
            base = base.substring(0, 60).replaceAll("-+$", "");
        }
        if (base.isEmpty()) {
            base = "group";
        }
        String name = base;
        for (int n = 2; !taken.add(name); n++) {
            name = base + "-" + n;
        }
        return name;
    }

    /**
     * Whether the instances can be written as VIP groups: two or more, and every address virtual server on
     * one of their VIPs, since a VIP group serves only the virtual servers on its own addresses. When one is
     * not, it is reported and the instances are written as one VIP set, as before groups existed.
     */
    static boolean fit(List<Target.VrrpGroup> groups, List<Target.VirtualServer> virtualServers, Report report) {
        if (groups.size() < 2) {
            return false;
        }
        for (Target.VirtualServer vs : virtualServers) {
            if (vs.address().isPresent() && holder(groups, vs.address().get()).isEmpty()) {
                report.approximated(vs.pos(), "virtual_server", vs.address().get() + " is no VIP of any vrrp_instance;"
                        + " a VIP group serves only the virtual servers on its own VIPs, so the instances were written as"
                        + " one VIP set that fails over as a whole instead of one VIP group each");
                return false;
            }
        }
        return true;
    }

    /** The group whose VIPs hold {@code address}; the prefix length does not matter. */
    static Optional<Target.VrrpGroup> holder(List<Target.VrrpGroup> groups, String address) {
        String a = canonical(address);
        return groups.stream().filter(g -> g.vips().stream().anyMatch(v -> canonical(v.address()).equals(a))).findFirst();
    }

    private static String canonical(String address) {
        String host = address.contains("/") ? address.substring(0, address.indexOf('/')) : address;
        try {
            return InetAddresses.toText(InetAddresses.parse(host));
        } catch (IllegalArgumentException e) {
            return host;
        }
    }

    /** The vrrp_sync_groups as lists of group names; unknown, repeated and lone instances are reported and left out. */
    static List<Target.SyncGroup> syncGroups(List<KNode> syncNodes, List<Target.VrrpGroup> groups, Report report) {
        Map<String, String> groupOf = new HashMap<>();
        groups.forEach(g -> groupOf.put(g.name(), g.groupName()));
        Map<String, String> seen = new HashMap<>();
        List<Target.SyncGroup> out = new ArrayList<>();
        for (KNode sync : syncNodes) {
            String name = sync.arg(0).orElse("");
            List<String> members = new ArrayList<>();
            for (KNode n : sync.body()) {
                // keepalived 1.x listed the instances in the block itself; later versions in "group { }".
                List<KNode> memberLines = n.keyword().equals("group") ? n.body()
                        : SYNC_GROUP_KEYWORDS.contains(n.keyword()) || n.keyword().startsWith("notify") ? List.of()
                        : List.of(n);
                if (memberLines.isEmpty() && !n.keyword().equals("group")) {
                    report.dropped(n, n.keyword().startsWith("notify") ? "no per-state script; notify.script runs on"
                            + " every event (docs/notify.md)" : "no equivalent for a sync group; left out");
                }
                for (KNode line : memberLines) {
                    for (String instance : line.words()) {
                        member(line, name, instance, groupOf, seen, report).ifPresent(members::add);
                    }
                }
            }
            if (members.size() < 2) {
                report.dropped(sync, "needs two instances that are VIP groups, has " + members.size()
                        + "; left out (nothing to move together)");
            } else {
                out.add(new Target.SyncGroup(name, members, sync.pos()));
            }
        }
        return out;
    }

    private static Optional<String> member(KNode line, String sync, String instance, Map<String, String> groupOf,
                                           Map<String, String> seen, Report report) {
        String group = groupOf.get(instance);
        if (group == null) {
            report.dropped(line.pos(), instance, "no vrrp_instance of this name; left out of sync group " + sync);
            return Optional.empty();
        }
        String first = seen.putIfAbsent(instance, sync);
        if (first != null) {
            report.dropped(line.pos(), instance, "already in sync group " + first + "; an instance moves with one sync"
                    + " group only, so it was left out of " + sync);
            return Optional.empty();
        }
        return Optional.of(group);
    }
}
