package io.ipvsdirector.config;

import io.ipvsdirector.net.AddressFamily;
import io.ipvsdirector.net.InetAddresses;
import io.ipvsdirector.net.IpPrefix;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * Binds the VIPs into groups: either {@code vip_groups}, or the top-level {@code vips}, which stay the one
 * group {@value VipGroupConfig#DEFAULT_NAME} elected with node.priority and node.preempt, so that every
 * configuration written before groups existed keeps its meaning.
 */
final class VipGroupBinder {
    /** A DNS label: group names end up in metric labels, event fields and command lines. */
    static final String GROUP_NAME = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";

    /** Where a VIP was first seen, to name both places of a duplicate. */
    private record Seen(String path, String group) {
    }

    private final HaBinder ha;
    private final Map<InetAddress, Seen> seen = new HashMap<>();

    VipGroupBinder(HaBinder ha) {
        this.ha = ha;
    }

    /**
     * The top-level {@code vips}, bound before announce and track so that problems are listed in file order;
     * empty (and refused if given) when the file has vip_groups.
     */
    List<VipConfig> topLevelVips(Section top) {
        if (!top.has("vip_groups")) {
            return vips(top, VipGroupConfig.DEFAULT_NAME);
        }
        if (top.has("vips")) {
            top.problem("vips", "cannot be used together with vip_groups: move these VIPs into a group"
                    + " (the top-level vips are the single group '" + VipGroupConfig.DEFAULT_NAME + "')");
        }
        return List.of();
    }

    /**
     * The groups: {@code topLevelVips} as the one default group, or vip_groups. {@code nodeGivesPriority}
     * says whether the file set node.priority: with vip_groups it is only the default of groups that give none.
     */
    List<VipGroupConfig> bind(Section top, List<VipConfig> topLevelVips, NodeConfig node, boolean nodeGivesPriority,
                              AnnounceConfig announce, TrackConfig track) {
        if (!top.has("vip_groups")) {
            return List.of(new VipGroupConfig(VipGroupConfig.DEFAULT_NAME, OptionalInt.of(node.priority()), false,
                    node.preempt(), node.preemptDelay(), topLevelVips, announce, track));
        }
        List<Section> sections = top.objects("vip_groups");
        if (top.raw("vip_groups") instanceof io.vertx.core.json.JsonArray a && a.isEmpty()) {
            top.problem("vip_groups", "must list at least one group");
        }
        List<VipGroupConfig> out = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        for (Section g : sections) {
            group(g, node, nodeGivesPriority, announce, track, names).ifPresent(out::add);
        }
        return out;
    }

    private Optional<VipGroupConfig> group(Section g, NodeConfig node, boolean nodeGivesPriority,
                                           AnnounceConfig topAnnounce, TrackConfig topTrack, Map<String, String> names) {
        // A group with a bad name or priority is still built (the file is refused anyway), so that its
        // virtual servers and sync groups find it and report only their own problems.
        Optional<String> name = g.requiredString("name");
        name.ifPresent(n -> checkGroupName(g, n));
        name.ifPresent(n -> {
            String first = names.putIfAbsent(n, g.path());
            if (first != null) {
                g.problem("name", "duplicate group name '" + n + "' (also " + first + ")");
            }
        });
        boolean balance = g.bool("balance", false);
        Optional<Integer> own = g.optInt("priority", 1, 254);
        OptionalInt priority = balance ? OptionalInt.empty()
                : OptionalInt.of(own.orElse(nodeGivesPriority ? node.priority() : NodeConfig.DEFAULT_PRIORITY));
        if (balance && g.has("priority")) {
            g.problem("priority", "a balanced group has no priority (its owner is computed from the live directors);"
                    + " remove priority or balance");
        } else if (!balance && !g.has("priority") && !nodeGivesPriority) {
            g.problem("priority", "is required: this director's priority for the group (1..254); or set balance: true,"
                    + " or node.priority as the default of every group");
        }
        boolean preempt = g.bool("preempt", node.preempt());
        Duration delay = g.duration("preempt_delay", Duration.ZERO, Duration.ofHours(1), node.preemptDelay());
        List<VipConfig> vips = vips(g, name.orElse(g.path()));
        AnnounceConfig announce = g.object("announce").map(a -> ha.announce(a, topAnnounce)).orElse(topAnnounce);
        TrackConfig track = g.object("track").map(t -> withNodeTrack(t, topTrack)).orElse(topTrack);
        g.finish("a VIP group");
        if (name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new VipGroupConfig(name.get(), priority, balance, preempt, delay, vips, announce, track));
    }

    private static void checkGroupName(Section g, String name) {
        if (!name.matches(GROUP_NAME)) {
            g.problem("name", "'" + name + "' must be 1-63 lower-case letters, digits and '-', starting and ending with"
                    + " a letter or digit (a DNS label)");
        }
    }

    /**
     * A group's own track adds to the top-level one, which faults every group (as it did before groups):
     * so a group can only be taken down by more, never by less.
     */
    private TrackConfig withNodeTrack(Section t, TrackConfig node) {
        TrackConfig own = ha.track(t);
        if (own.gateway().isPresent() && node.gateway().isPresent() && !own.gateway().equals(node.gateway())) {
            t.problem("gateway", "the top-level track.gateway " + InetAddresses.toText(node.gateway().get())
                    + " already faults every group; a group's track adds to it and cannot name a second gateway");
        }
        return new TrackConfig(
                Stream.concat(node.interfaces().stream(), own.interfaces().stream()).distinct().toList(),
                node.gateway().or(own::gateway),
                Stream.concat(node.scripts().stream(), own.scripts().stream()).distinct().toList());
    }

    /** The {@code vips} list of {@code parent}; an address is in one group and once only. */
    List<VipConfig> vips(Section parent, String group) {
        List<VipConfig> out = new ArrayList<>();
        for (Section s : parent.objects("vips")) {
            Optional<IpPrefix> address = s.requiredString("address").flatMap(a -> s.parse("address", a, IpPrefix::parse));
            Optional<String> dev = s.requiredString("interface");
            dev.ifPresent(d -> HaBinder.checkInterface(s, "interface", d));
            Optional<String> label = s.optString("label");
            label.ifPresent(l -> {
                if (l.length() > 15) {
                    s.problem("label", "must be at most 15 characters (IFNAMSIZ), got " + l.length() + ": '" + l + "'");
                }
                dev.filter(d -> !l.startsWith(d)).ifPresent(d ->
                        s.problem("label", "must start with the interface name '" + d + "' (as in " + d + ":vip), got '" + l + "'"));
                address.filter(a -> a.family() == AddressFamily.IPV6).ifPresent(a ->
                        s.problem("label", "address labels exist only for IPv4; remove it from the IPv6 VIP " + a));
            });
            address.ifPresent(a -> {
                Seen first = seen.putIfAbsent(a.address(), new Seen(s.path(), group));
                String text = InetAddresses.toText(a.address());
                if (first != null && first.group().equals(group)) {
                    s.problem("address", "duplicate VIP " + text + " (also " + first.path() + ")");
                } else if (first != null) {
                    s.problem("address", "VIP " + text + " is already in group " + first.group() + " (" + first.path()
                            + "); a VIP belongs to one group");
                }
            });
            s.finish("a VIP");
            if (address.isPresent() && dev.isPresent()) {
                out.add(new VipConfig(address.get(), dev.get(), label));
            }
        }
        return out;
    }
}
