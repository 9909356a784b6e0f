package io.ipvsdirector.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/**
 * VIPs that are elected together: the director that wins the group owns all of them and the virtual
 * servers on them. {@code priority} is this director's priority for the group; a {@code balance}d group
 * has none, because its owner is computed from the live directors alone. {@code announce} and
 * {@code track} are already merged with the top-level sections: the top-level {@code track} faults
 * every group, so a group's own {@code track} only adds to it.
 */
public record VipGroupConfig(
        String name,
        OptionalInt priority,
        boolean balance,
        boolean preempt,
        Duration preemptDelay,
        List<VipConfig> vips,
        AnnounceConfig announce,
        TrackConfig track) {

    /** The one group that the top-level {@code vips} (with node.priority and node.preempt) stand for. */
    public static final String DEFAULT_NAME = "default";

    public VipGroupConfig {
        vips = List.copyOf(vips);
        if (balance == priority.isPresent()) {
            throw new IllegalArgumentException("group " + name + ": exactly one of balance and priority");
        }
    }

    /** Whether one of this group's VIPs has {@code address} (the prefix length does not matter). */
    public boolean holds(InetAddress address) {
        return vips.stream().anyMatch(v -> v.address().address().equals(address));
    }

    /** "web-a priority 150" or "shard-1 balanced". */
    @Override
    public String toString() {
        return name + (balance ? " balanced" : " priority " + priority.getAsInt());
    }
}
