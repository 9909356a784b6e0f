package io.ipvsdirector.config;

import io.ipvsdirector.net.ServiceKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What changed between two valid configurations: the VIP groups by name, the VIPs by address (and the
 * VIPs that moved to another group), virtual servers, real servers and their checks by identity, and
 * which other sections changed. A pure function of the two models; the
 * reload path applies exactly this and nothing else.
 */
public record ConfigDiff(
        List<VipGroupConfig> groupsAdded,
        List<VipGroupConfig> groupsRemoved,
        List<Changed<VipGroupConfig>> groupsChanged,
        List<VipMove> vipsMoved,
        List<VipConfig> vipsAdded,
        List<VipConfig> vipsRemoved,
        List<Changed<VipConfig>> vipsChanged,
        List<VirtualServerConfig> virtualServersAdded,
        List<VirtualServerConfig> virtualServersRemoved,
        List<VirtualServerChange> virtualServersChanged,
        List<String> sectionsChanged) {

    /** One object present in both, with the changed fields as "key old -> new". */
    public record Changed<T>(T before, T after, List<String> fields) {
    }

    /** A VIP in both configurations, held by another group now: its traffic follows that group's owner. */
    public record VipMove(VipConfig vip, String fromGroup, String toGroup) {
    }

    /** A virtual server present in both: its own changed fields and the diff of its real servers. */
    public record VirtualServerChange(
            VirtualServerConfig before,
            VirtualServerConfig after,
            List<String> fields,
            List<RealServerConfig> realServersAdded,
            List<RealServerConfig> realServersRemoved,
            List<Changed<RealServerConfig>> realServersChanged) {

        /** Real servers whose check changed: their probe restarts; all others keep their state. */
        public List<RealServerConfig> checksChanged() {
            return realServersChanged.stream().filter(c -> !c.before().check().equals(c.after().check()))
                    .map(Changed::after).toList();
        }
    }

    public static ConfigDiff between(DirectorConfig before, DirectorConfig after) {
        List<VipGroupConfig> groupsAdded = new ArrayList<>();
        List<VipGroupConfig> groupsRemoved = new ArrayList<>();
        List<Changed<VipGroupConfig>> groupsChanged = new ArrayList<>();
        // A group's VIPs are reported as VIPs (added, removed, moved); its own fields as the group's change,
        // with announce and track by name only, as the top-level sections are.
        match(before.vipGroups(), after.vipGroups(), VipGroupConfig::name, groupsAdded, groupsRemoved, groupsChanged,
                Set.of("vips", "announce", "track"));
        groupsChanged.replaceAll(c -> new Changed<>(c.before(), c.after(), groupFields(c)));
        groupsChanged.removeIf(c -> c.fields().isEmpty());
        List<VipMove> vipsMoved = moves(before, after);

        List<VipConfig> vipsAdded = new ArrayList<>();
        List<VipConfig> vipsRemoved = new ArrayList<>();
        List<Changed<VipConfig>> vipsChanged = new ArrayList<>();
        match(before.vips(), after.vips(), v -> v.address().address(), vipsAdded, vipsRemoved, vipsChanged, Set.of());

        List<VirtualServerConfig> vsAdded = new ArrayList<>();
        List<VirtualServerConfig> vsRemoved = new ArrayList<>();
        Map<ServiceKey, VirtualServerConfig> old = index(before.virtualServers(), VirtualServerConfig::key);
        List<VirtualServerChange> vsChanged = new ArrayList<>();
        for (VirtualServerConfig vs : after.virtualServers()) {
            VirtualServerConfig was = old.remove(vs.key());
            if (was == null) {
                vsAdded.add(vs);
                continue;
            }
            List<RealServerConfig> rsAdded = new ArrayList<>();
            List<RealServerConfig> rsRemoved = new ArrayList<>();
            List<Changed<RealServerConfig>> rsChanged = new ArrayList<>();
            match(was.realServers(), vs.realServers(), RealServerConfig::key, rsAdded, rsRemoved, rsChanged, Set.of());
            List<String> fields = Changes.between(was, vs, Set.of("realServers", "check"));
            if (!was.check().equals(vs.check())) {
                fields.add("check");
            }
            if (!fields.isEmpty() || !rsAdded.isEmpty() || !rsRemoved.isEmpty() || !rsChanged.isEmpty()) {
                vsChanged.add(new VirtualServerChange(was, vs, fields, rsAdded, rsRemoved, rsChanged));
            }
        }
        vsRemoved.addAll(old.values());

        List<String> sections = new ArrayList<>();
        section(sections, "node", before.node(), after.node());
        section(sections, "cluster", before.cluster(), after.cluster());
        section(sections, "sync_groups", before.syncGroups(), after.syncGroups());
        section(sections, "announce", before.announce(), after.announce());
        section(sections, "track", before.track(), after.track());
        section(sections, "sync_daemon", before.syncDaemon(), after.syncDaemon());
        section(sections, "ipvs", before.ipvs(), after.ipvs());
        section(sections, "admin", before.admin(), after.admin());
        section(sections, "notify", before.notifications(), after.notifications());
        return new ConfigDiff(groupsAdded, groupsRemoved, groupsChanged, vipsMoved, vipsAdded, vipsRemoved, vipsChanged, vsAdded, vsRemoved, vsChanged, sections);
    }

    private static List<String> groupFields(Changed<VipGroupConfig> c) {
        List<String> fields = new ArrayList<>(c.fields());
        if (!c.before().announce().equals(c.after().announce())) {
            fields.add("announce");
        }
        if (!c.before().track().equals(c.after().track())) {
            fields.add("track");
        }
        return fields;
    }

    private static List<VipMove> moves(DirectorConfig before, DirectorConfig after) {
        Map<java.net.InetAddress, String> was = new LinkedHashMap<>();
        before.vipGroups().forEach(g -> g.vips().forEach(v -> was.put(v.address().address(), g.name())));
        List<VipMove> out = new ArrayList<>();
        for (VipGroupConfig g : after.vipGroups()) {
            for (VipConfig v : g.vips()) {
                String from = was.get(v.address().address());
                if (from != null && !from.equals(g.name())) {
                    out.add(new VipMove(v, from, g.name()));
                }
            }
        }
        return out;
    }

    public boolean isEmpty() {
        return groupsAdded.isEmpty() && groupsRemoved.isEmpty() && groupsChanged.isEmpty() && vipsMoved.isEmpty()
                && vipsAdded.isEmpty() && vipsRemoved.isEmpty() && vipsChanged.isEmpty() && virtualServersAdded.isEmpty()
                && virtualServersRemoved.isEmpty() && virtualServersChanged.isEmpty() && sectionsChanged.isEmpty();
    }

    /** One line per change, for the log: "+ group ...", "+ vip ...", "- vs ...", "~ rs ... in vs web: weight 10 -> 20". */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        groupsAdded.forEach(g -> out.add("+ group " + g + " with " + g.vips().size() + " VIP(s)"));
        groupsRemoved.forEach(g -> out.add("- group " + g.name()));
        groupsChanged.forEach(c -> out.add("~ group " + c.after().name() + ": " + String.join(", ", c.fields())));
        vipsMoved.forEach(m -> out.add("~ vip " + m.vip().address() + ": group " + m.fromGroup() + " -> " + m.toGroup()));
        vipsAdded.forEach(v -> out.add("+ vip " + v));
        vipsRemoved.forEach(v -> out.add("- vip " + v));
        vipsChanged.forEach(c -> out.add("~ vip " + c.after().address() + ": " + String.join(", ", c.fields())));
        virtualServersAdded.forEach(v -> out.add("+ vs " + v + " with " + v.realServers().size() + " real server(s)"));
        virtualServersRemoved.forEach(v -> out.add("- vs " + v));
        for (VirtualServerChange c : virtualServersChanged) {
            String vs = c.after().toString();
            if (!c.fields().isEmpty()) {
                out.add("~ vs " + vs + ": " + String.join(", ", c.fields()));
            }
            c.realServersAdded().forEach(r -> out.add("+ rs " + r + " in vs " + c.after().name()));
            c.realServersRemoved().forEach(r -> out.add("- rs " + r + " in vs " + c.after().name()));
            c.realServersChanged().forEach(r -> out.add("~ rs " + r.after() + " in vs " + c.after().name() + ": "
                    + String.join(", ", r.fields())));
        }
        sectionsChanged.forEach(s -> out.add("~ " + s));
        return out;
    }

    private static void section(List<String> out, String name, Object before, Object after) {
        if (!before.equals(after)) {
            out.add(name);
        }
    }

    private static <K, T extends Record> void match(List<T> before, List<T> after, Function<T, K> key, List<T> added,
                                                    List<T> removed, List<Changed<T>> changed, Set<String> ignored) {
        Map<K, T> old = index(before, key);
        for (T item : after) {
            T was = old.remove(key.apply(item));
            if (was == null) {
                added.add(item);
            } else if (!was.equals(item)) {
                changed.add(new Changed<>(was, item, Changes.between(was, item, ignored)));
            }
        }
        removed.addAll(old.values());
    }

    private static <K, T> Map<K, T> index(List<T> items, Function<T, K> key) {
        Map<K, T> map = new LinkedHashMap<>();
        items.forEach(i -> map.put(key.apply(i), i));
        return map;
    }
}
