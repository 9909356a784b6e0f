package io.ipvsdirector.realserver;

import io.ipvsdirector.net.AddressFamily;
import io.ipvsdirector.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;

/**
 * What a real server needs for DR or TUN, worked out from the mode, the VIPs and the interfaces that
 * face the director, in the order it is done: modules (they create the tunnel devices), links up,
 * settings, then the addresses.
 */
public record RealServerPlan(RealServerMode mode, List<String> modules, List<String> links, List<Setting> settings,
                             List<Placement> addresses) {
    /** A setting and the value the mode needs. */
    public record Setting(Sysctl key, String value) {
    }

    /** A VIP on a device. */
    public record Placement(String device, IpPrefix vip) {
        @Override
        public String toString() {
            return vip + " on " + device;
        }
    }

    public static final String TUNNEL4 = "tunl0";
    public static final String TUNNEL6 = "ip6tnl0";

    public RealServerPlan {
        modules = List.copyOf(modules);
        links = List.copyOf(links);
        settings = List.copyOf(settings);
        addresses = List.copyOf(addresses);
    }

    /**
     * The plan for {@code vips} (single addresses) with {@code interfaces} facing the director.
     *
     * @throws IllegalArgumentException for no VIP, or a VIP wider than one address
     */
    public static RealServerPlan of(RealServerMode mode, List<IpPrefix> vips, List<String> interfaces) {
        if (vips.isEmpty()) {
            throw new IllegalArgumentException("give at least one --vip");
        }
        for (IpPrefix vip : vips) {
            if (vip.length() != vip.family().bits()) {
                // A wider prefix on lo would make this host answer for a whole subnet.
                throw new IllegalArgumentException("--vip " + vip + ": a VIP is one address (/" + vip.family().bits() + ")");
            }
        }
        boolean v4 = vips.stream().anyMatch(v -> v.family() == AddressFamily.IPV4);
        boolean v6 = vips.stream().anyMatch(v -> v.family() == AddressFamily.IPV6);
        List<String> modules = new ArrayList<>();
        List<String> links = new ArrayList<>();
        List<Setting> settings = new ArrayList<>();
        if (mode == RealServerMode.TUN) {
            if (v4) {
                modules.add("ipip");
                links.add(TUNNEL4);
            }
            if (v6) {
                modules.add("ip6_tunnel");
                links.add(TUNNEL6);
            }
        }
        if (v4) {
            // Only the director may answer ARP for the VIP: reply only for addresses of the receiving
            // interface (1), and never use the VIP as the source of this host's own ARP requests (2).
            // IPv6 needs nothing: neighbour discovery answers only for the receiving interface's addresses.
            for (String key : List.of("arp_ignore", "arp_announce")) {
                String value = key.equals("arp_ignore") ? "1" : "2";
                settings.add(new Setting(Sysctl.ipv4Conf("all", key), value));
                interfaces.forEach(i -> settings.add(new Setting(Sysctl.ipv4Conf(i, key), value)));
            }
            if (mode == RealServerMode.TUN) {
                // Decapsulated packets arrive on tunl0 from clients routed elsewhere: a reverse-path
                // filter would drop them. The effective value is the larger of "all" and the device's.
                settings.add(new Setting(Sysctl.ipv4Conf("all", "rp_filter"), "0"));
                settings.add(new Setting(Sysctl.ipv4Conf(TUNNEL4, "rp_filter"), "0"));
            }
        }
        List<Placement> addresses = vips.stream().map(v -> new Placement(device(mode, v.family()), v)).toList();
        return new RealServerPlan(mode, modules, links, settings, addresses);
    }

    /** Where the VIP goes: lo for DR, the family's fallback tunnel device for TUN. */
    public static String device(RealServerMode mode, AddressFamily family) {
        if (mode == RealServerMode.DR) {
            return "lo";
        }
        return family == AddressFamily.IPV4 ? TUNNEL4 : TUNNEL6;
    }
}
