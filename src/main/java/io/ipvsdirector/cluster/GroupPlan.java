package io.ipvsdirector.cluster;

import io.ipvsdirector.config.VipGroupConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which elections a configuration makes, and this director's priority in each: a pure function of
 * the configuration, computed alike on every director.
 *
 * <ul>
 *   <li>A sync group is one election: its groups always move together. It takes the settings
 *       (priority, preempt, delay) of its first group.</li>
 *   <li>A balanced group gets a priority from its place in an order of the members that every
 *       director computes alike: the balanced groups, sorted by name, take the members (sorted by
 *       address) round robin as first choice, so each member is first for its share; the other
 *       members follow in an order rotated by the round, so that a failed member's groups spread
 *       over the others instead of all falling to the next one. With preempt (the default) a member
 *       that comes back gets its share back, and nothing else moves.</li>
 * </ul>
 */
public final class GroupPlan {
    /** The highest priority a balanced group gives; the next choices get one less each. */
    static final int BALANCED_TOP = 254;

    /** One election: its name, the VIP groups it stands for and this director's settings in it. */
    public record Unit(String name, List<String> vipGroups, int priority, boolean preempt, Duration preemptDelay) {
        public Unit {
            vipGroups = List.copyOf(vipGroups);
        }
    }

    private GroupPlan() {
    }

    /**
     * @param members every member's address as configured (this director's included), in any order
     * @param self    this director's address among them; empty when standalone
     */
    public static List<Unit> units(List<VipGroupConfig> groups, List<List<String>> syncGroups, List<String> members,
                                   Optional<String> self) {
        List<String> balanced = groups.stream().filter(VipGroupConfig::balance).map(VipGroupConfig::name).sorted().toList();
        List<String> sortedMembers = members.stream().sorted().toList();
        List<Unit> out = new ArrayList<>();
        List<String> done = new ArrayList<>();
        for (VipGroupConfig g : groups) {
            if (done.contains(g.name())) {
                continue;
            }
            List<String> together = syncGroups.stream().filter(s -> s.contains(g.name())).findFirst()
                    .orElse(List.of(g.name()));
            VipGroupConfig first = groups.stream().filter(x -> x.name().equals(together.get(0))).findFirst().orElse(g);
            int priority = first.balance()
                    ? balancedPriority(balanced.indexOf(first.name()), sortedMembers, self)
                    : first.priority().getAsInt();
            out.add(new Unit(String.join("+", together), together, priority, first.preempt(), first.preemptDelay()));
            done.addAll(together);
        }
        return out;
    }

    /** This director's priority for the balanced group at {@code index} among the balanced groups, by name. */
    static int balancedPriority(int index, List<String> sortedMembers, Optional<String> self) {
        int rank = self.map(s -> order(index, sortedMembers).indexOf(s)).orElse(0);
        return BALANCED_TOP - Math.max(0, rank);
    }

    /** The members in the order they take the balanced group at {@code index}: first choice first. */
    static List<String> order(int index, List<String> sortedMembers) {
        int n = sortedMembers.size();
        if (n == 0) {
            return List.of();
        }
        String first = sortedMembers.get(index % n);
        List<String> others = new ArrayList<>(sortedMembers);
        others.remove(first);
        List<String> out = new ArrayList<>();
        out.add(first);
        int round = index / n;
        for (int i = 0; i < others.size(); i++) {
            out.add(others.get((i + round) % others.size()));
        }
        return out;
    }
}
