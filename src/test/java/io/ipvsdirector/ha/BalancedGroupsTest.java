package io.ipvsdirector.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvsdirector.ha.GroupLab.Group;
import io.ipvsdirector.ha.GroupLab.Vip;
import io.ipvsdirector.ha.GroupWatch.Event;
import io.ipvsdirector.testkit.NamespaceTest;
import io.ipvsdirector.testkit.Poll;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Balanced ownership with three directors (issue 15): six groups with {@code balance: true}, one VIP
 * each, are spread two per director; a crash gives the crashed director's two one to each survivor
 * and moves nothing else; its return gives it its two back and moves nothing else.
 */
@NamespaceTest
class BalancedGroupsTest {
    private static final List<String> VIPS = IntStream.rangeClosed(1, 6).mapToObj(i -> "10.77.0.3" + i).toList();
    private static final List<String> DIRECTORS = List.of("d1", "d2", "d3");

    @TempDir
    Path dir;

    @Test
    void sixBalancedGroupsOnThreeDirectorsTwoEachAndOnlyTheFailedOnesMove() throws Exception {
        List<Group> groups = IntStream.rangeClosed(1, 6)
                .mapToObj(i -> Group.balanced("shard-" + i, new Vip(VIPS.get(i - 1), "eth0"))).toList();
        try (GroupLab lab = new GroupLab(dir, 3, false, groups, List.of())) {
            lab.startAll();
            Map<String, Set<String>> spread = new HashMap<>();
            Poll.until("two groups on each director", HaLab.WAIT, () -> {
                spread.clear();
                spread.putAll(lab.watch.holdings());
                return twoEach(spread);
            });
            GroupLab.quiet(GroupLab.BEACON_TIMEOUT.multipliedBy(2));
            assertEquals(spread, lab.watch.holdings(), "settled");
            long settled = System.currentTimeMillis();

            // d1 crashes: its two groups go one to d2 and one to d3; theirs stay.
            List<String> orphans = List.copyOf(spread.get("d1"));
            lab.kill("d1");
            Poll.until("d1's groups owned again", HaLab.WAIT, () -> {
                Map<String, Set<String>> now = lab.watch.holdings();
                return !now.containsKey("d1") && now.values().stream().mapToInt(Set::size).sum() == 6;
            });
            Map<String, Set<String>> survivors = lab.watch.holdings();
            for (String d : List.of("d2", "d3")) {
                Set<String> gained = new HashSet<>(survivors.get(d));
                assertTrue(gained.containsAll(spread.get(d)), d + " kept its own groups: " + survivors);
                gained.removeAll(spread.get(d));
                assertEquals(1, gained.size(), d + " took one of d1's groups " + orphans + ": " + survivors);
            }
            List<Event> crash = lab.watch.since(settled);
            assertEquals(List.of(), crash.stream().filter(e -> !e.added()).toList(), "nothing released on the crash; stalls: " + lab.stalls());
            for (String d : List.of("d2", "d3")) {
                lab.awaitOwners(d, owners(survivors));
            }
            long restarted = System.currentTimeMillis();

            // d1 returns: it gets its two back, and nothing else moves.
            lab.restart("d1");
            lab.awaitHoldings("the spread of before the crash", spread);
            GroupLab.quiet(GroupLab.BEACON_TIMEOUT.multipliedBy(2));
            assertEquals(spread, lab.watch.holdings(), "settled again");
            for (String d : DIRECTORS) {
                lab.awaitOwners(d, owners(spread));
            }
            List<Event> back = lab.watch.since(restarted);
            assertEquals(List.of(), back.stream().filter(e -> !orphans.contains(e.vip())).toList(),
                    "only d1's groups moved on its return; stalls: " + lab.stalls());
            assertEquals(List.of(), back.stream().filter(e -> e.added() && !e.host().equals("d1")).toList(),
                    "only d1 took groups on its return; stalls: " + lab.stalls());
            assertEquals(List.of(), lab.overlaps(VIPS, List.of()));
        }
    }

    /** Every VIP held, two by each director. */
    private static boolean twoEach(Map<String, Set<String>> holdings) {
        return holdings.keySet().equals(Set.copyOf(DIRECTORS)) && holdings.values().stream().allMatch(s -> s.size() == 2)
                && holdings.values().stream().flatMap(Set::stream).distinct().count() == VIPS.size();
    }

    /** The owner per group (shard-N holds the Nth VIP), as /status names them. */
    private static Map<String, String> owners(Map<String, Set<String>> holdings) {
        Map<String, String> out = new HashMap<>();
        holdings.forEach((d, vips) -> vips.forEach(v -> out.put("shard-" + (VIPS.indexOf(v) + 1), d)));
        return out;
    }
}
