package io.ipvsdirector.config;

import io.ipvsdirector.net.InetAddresses;
import io.ipvsdirector.net.ServiceKey;
import java.util.List;
import java.util.Optional;

/**
 * Finds the VIP group of a virtual server: the group holding its address, or for a fwmark service the one
 * its {@code group} key names. Without vip_groups everything is in the one group, so a virtual server
 * whose address is no VIP (a local address, a loopback test) is still valid there, as it was before groups.
 */
final class VirtualServerGroups {
    private final List<VipGroupConfig> groups;
    private final boolean explicit;

    VirtualServerGroups(List<VipGroupConfig> groups, boolean explicit) {
        this.groups = List.copyOf(groups);
        this.explicit = explicit;
    }

    /** Reads the virtual server's {@code group} key, so call it for every virtual server, bound or not. */
    Optional<String> groupOf(Section s, Optional<ServiceKey> key) {
        Optional<String> named = s.optString("group");
        List<String> names = groups.stream().map(VipGroupConfig::name).toList();
        if (named.isPresent() && !names.contains(named.get())) {
            s.problem("group", "unknown group '" + named.get() + "'; groups: " + String.join(", ", names)
                    + DidYouMean.suggest(named.get(), names));
            return Optional.empty();
        }
        if (key.isEmpty() || groups.isEmpty()) {
            return Optional.empty();
        }
        if (key.get().isFwmark()) {
            if (named.isEmpty() && groups.size() > 1) {
                s.problem("group", "is required for a fwmark service when there are several VIP groups: the group"
                        + " whose owner serves it (one of " + String.join(", ", names) + ")");
            }
            return named.or(() -> groups.size() == 1 ? Optional.of(names.get(0)) : Optional.empty());
        }
        String address = InetAddresses.toText(key.get().address());
        Optional<String> holder = groups.stream().filter(g -> g.holds(key.get().address())).map(VipGroupConfig::name)
                .findFirst();
        if (holder.isPresent() && named.isPresent() && !named.equals(holder)) {
            s.problem("group", "address " + address + " is a VIP of group '" + holder.get() + "', which therefore holds"
                    + " this virtual server; name that group or leave group out");
            return Optional.empty();
        }
        if (holder.isEmpty() && explicit) {
            s.problem("address", address + " is no VIP of any group; with vip_groups a virtual server belongs to the"
                    + " group whose vips hold its address, so add " + address + " to one");
            return Optional.empty();
        }
        return holder.or(() -> named).or(() -> Optional.of(names.get(0)));
    }
}
