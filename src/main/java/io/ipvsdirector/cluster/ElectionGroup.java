package io.ipvsdirector.cluster;

import java.time.Duration;
import java.util.List;

/**
 * What is elected as one: a VIP group, or the groups of a sync group, which always move together.
 * Each is elected on its own (a director may be ACTIVE for one and STANDBY for another), over the
 * same cluster, beacon and key.
 *
 * @param name         the election's name in messages and logs: the group's, or a sync group's
 *                     members joined with '+'
 * @param vipGroups    the configured VIP groups it stands for (one, or a sync group's)
 * @param priority     this director's priority for it (1..254)
 * @param preempt      whether this director takes it back from a lower priority
 * @param preemptDelay how long it must have been eligible before it preempts
 * @param vips         its VIPs: taken and released as one
 */
public record ElectionGroup(String name, List<String> vipGroups, int priority, boolean preempt, Duration preemptDelay,
                            VipOwnership vips) {
    /** The name of the one group of a configuration with top-level {@code vips}. */
    public static final String DEFAULT = "default";

    public ElectionGroup {
        vipGroups = List.copyOf(vipGroups);
    }

    /** What log lines about {@code group} start with: nothing for the default (only) group, else "group NAME: ". */
    static String logPrefix(String group) {
        return group.equals(DEFAULT) || group.isEmpty() ? "" : "group " + group + ": ";
    }
}
