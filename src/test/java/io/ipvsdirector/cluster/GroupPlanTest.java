package io.ipvsdirector.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ipvsdirector.config.AnnounceConfig;
import io.ipvsdirector.config.TrackConfig;
import io.ipvsdirector.config.VipGroupConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Which elections a configuration makes, and the balanced groups' spread over the members. */
class GroupPlanTest {
    private static final List<String> THREE = List.of("10.0.0.13:5701", "10.0.0.11:5701", "10.0.0.12:5701");

    private static VipGroupConfig group(String name, Integer priority) {
        return new VipGroupConfig(name, priority == null ? OptionalInt.empty() : OptionalInt.of(priority), priority == null,
                true, Duration.ZERO, List.of(), new AnnounceConfig(3, Duration.ofMillis(100), Duration.ZERO, Duration.ZERO), new TrackConfig(List.of(), Optional.empty(), List.of()));
    }

    @Test
    void everyGroupIsElectedOnItsOwnAndASyncGroupAsOne() {
        List<VipGroupConfig> groups = List.of(group("web-a", 150), group("outside", 120), group("web-b", 100),
                group("inside", 90));
        List<GroupPlan.Unit> units = GroupPlan.units(groups, List.of(List.of("outside", "inside")), List.of(), Optional.empty());
        assertEquals(List.of("web-a", "outside+inside", "web-b"), units.stream().map(GroupPlan.Unit::name).toList());
        assertEquals(List.of("outside", "inside"), units.get(1).vipGroups());
        assertEquals(120, units.get(1).priority(), "a sync group takes its first group's settings");
    }

    /** Which member wins each balanced group when {@code live} are the live members. */
    private static Map<String, String> owners(List<String> groupNames, List<String> live) {
        Map<String, String> out = new HashMap<>();
        List<VipGroupConfig> groups = groupNames.stream().map(n -> group(n, null)).toList();
        for (String g : groupNames) {
            String best = null;
            int bestPriority = -1;
            for (String m : live) {
                int p = GroupPlan.units(groups, List.of(), THREE, Optional.of(m)).stream()
                        .filter(u -> u.name().equals(g)).findFirst().orElseThrow().priority();
                if (p > bestPriority) {
                    bestPriority = p;
                    best = m;
                }
            }
            out.put(g, best);
        }
        return out;
    }

    private static Map<String, Integer> shares(Map<String, String> owners) {
        Map<String, Integer> out = new HashMap<>();
        owners.values().forEach(m -> out.merge(m, 1, Integer::sum));
        return out;
    }

    @Test
    void sixBalancedGroupsOverThreeMembersAreTwoEachAndAFailureSpreadsOnlyTheFailedOnesShare() {
        List<String> six = List.of("s1", "s2", "s3", "s4", "s5", "s6");
        Map<String, String> all = owners(six, THREE);
        assertEquals(Map.of("10.0.0.11:5701", 2, "10.0.0.12:5701", 2, "10.0.0.13:5701", 2), shares(all));
        for (String dead : THREE) {
            List<String> live = new ArrayList<>(THREE);
            live.remove(dead);
            Map<String, String> after = owners(six, live);
            for (String g : six) {
                if (!all.get(g).equals(dead)) {
                    assertEquals(all.get(g), after.get(g), g + " moved though its owner lives (" + dead + " failed)");
                }
            }
            assertEquals(3, shares(after).get(live.get(0)), "the failed member's two groups spread: " + after);
            assertEquals(3, shares(after).get(live.get(1)));
        }
    }

    @Test
    void everyMemberHasADistinctPriorityForABalancedGroup() {
        for (int index = 0; index < 8; index++) {
            List<Integer> priorities = new ArrayList<>();
            for (String m : THREE) {
                priorities.add(GroupPlan.balancedPriority(index, THREE.stream().sorted().toList(), Optional.of(m)));
            }
            assertEquals(3, priorities.stream().distinct().count(), "group " + index + ": " + priorities);
        }
        assertEquals(GroupPlan.BALANCED_TOP, GroupPlan.balancedPriority(3, List.of(), Optional.empty()), "standalone");
    }
}
