package io.ipvsdirector.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvsdirector.ha.GroupLab.Group;
import io.ipvsdirector.ha.GroupLab.Vip;
import io.ipvsdirector.ha.GroupWatch.Event;
import io.ipvsdirector.testkit.ChildProcess;
import io.ipvsdirector.testkit.NamespaceTest;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An active/active pair (issue 15): two crossed groups, web-a (d1 150, d2 100) and web-b (d1 100,
 * d2 150), one VIP each. Each director owns its group; a crash moves only the crashed director's
 * group, its return takes that group back by preemption, and the operator hands over one group by name.
 */
@NamespaceTest
class VipGroupsPairTest {
    static final String A = "10.77.0.20";
    static final String B = "10.77.0.21";
    private static final List<String> VIPS = List.of(A, B);

    @TempDir
    Path dir;

    /** Both directors up; d1 owns web-a and d2 web-b, as their interfaces and both /status say. */
    private GroupLab crossedPair() throws Exception {
        GroupLab lab = new GroupLab(dir, 2, false, List.of(
                new Group("web-a", Map.of("d1", 150, "d2", 100), List.of(new Vip(A, "eth0"))),
                new Group("web-b", Map.of("d1", 100, "d2", 150), List.of(new Vip(B, "eth0")))), List.of());
        try {
            lab.startAll();
            lab.awaitHoldings("d1 owns web-a and d2 web-b", Map.of("d1", Set.of(A), "d2", Set.of(B)));
            for (String d : List.of("d1", "d2")) {
                lab.awaitOwners(d, Map.of("web-a", "d1", "web-b", "d2"));
            }
        } catch (Exception | AssertionError e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    @Test
    void eachOwnsItsGroupAndACrashMovesOnlyTheCrashedDirectorsGroup() throws Exception {
        try (GroupLab lab = crossedPair()) {
            // Each VIP in /status names its group and whether this director holds it.
            JsonObject d1 = lab.status("d1");
            assertEquals(List.of("web-a true", "web-b false"), d1.getJsonArray("vips").stream().map(o -> (JsonObject) o)
                    .map(v -> v.getString("group") + " " + v.getBoolean("held")).toList());
            assertEquals(List.of("web-a ACTIVE", "web-b STANDBY"), d1.getJsonArray("groups").stream()
                    .map(o -> (JsonObject) o).map(g -> g.getString("name") + " " + g.getString("role")).toList());
            long settled = System.currentTimeMillis();

            lab.kill("d1");
            lab.awaitHoldings("d2 owns both groups", Map.of("d2", Set.of(A, B)));
            lab.awaitOwners("d2", Map.of("web-a", "d2", "web-b", "d2"));

            lab.restart("d1");
            lab.awaitHoldings("d1 owns web-a again, d2 still web-b", Map.of("d1", Set.of(A), "d2", Set.of(B)));
            for (String d : List.of("d1", "d2")) {
                lab.awaitOwners(d, Map.of("web-a", "d1", "web-b", "d2"));
            }
            // Settled again: nothing moves for two beacon timeouts.
            GroupLab.quiet(GroupLab.BEACON_TIMEOUT.multipliedBy(2));
            assertEquals(Map.of("d1", Set.of(A), "d2", Set.of(B)), lab.watch.holdings());

            List<Event> since = lab.watch.since(settled);
            assertEquals(List.of(), since.stream().filter(e -> e.vip().equals(B)).toList(), "web-b never left d2; stalls: " + lab.stalls());
            // web-a: to d2 on the crash, then back to d1 (after d2 released it); d1's other event is
            // the removal, by its restart, of the address its killed run left.
            assertEquals(List.of("d2 +", "d2 -", "d1 +"), since.stream()
                    .filter(e -> e.vip().equals(A) && !(e.host().equals("d1") && !e.added()))
                    .map(e -> e.host() + (e.added() ? " +" : " -")).toList(), "web-a's moves: " + since + "; stalls: " + lab.stalls());
            assertEquals(List.of(), lab.overlaps(VIPS, List.of()));

            // Two groups here: a failover must say which (POST /failover, as `failover` without --group sends it).
            GroupLab.Answer refused = lab.post("d1", "/failover", "{}");
            assertEquals(409, refused.code(), refused.body().encode());
            String why = refused.body().getString("error");
            assertTrue(why.contains("web-a") && why.contains("web-b") && why.contains("name the one"), why);
            lab.awaitHoldings("nothing moved", Map.of("d1", Set.of(A), "d2", Set.of(B)));
        }
    }

    @Test
    void failoverOfOneGroupMovesOnlyThatGroup() throws Exception {
        try (GroupLab lab = crossedPair()) {
            long settled = System.currentTimeMillis();
            ChildProcess failover = lab.cli("d1", "failover", "--group", "web-a");
            if (failover.awaitExit(HaLab.WAIT) == 1 && String.join("\n", failover.lines()).contains("not ACTIVE")) {
                // The command's own JVM start stalled d1 past the beacon timeout (seen at a load of 20):
                // d2 took web-a and d1 was re-checking the cluster. Once it is back, the operator tries again.
                System.out.println("failover refused, retried: " + failover.lines() + "; stalls: " + lab.stalls());
                lab.awaitHoldings("d1 owns web-a again", Map.of("d1", Set.of(A), "d2", Set.of(B)));
                lab.awaitOwners("d1", Map.of("web-a", "d1", "web-b", "d2"));
                settled = System.currentTimeMillis();
                failover = lab.cli("d1", "failover", "--group", "web-a");
            }
            assertEquals(0, failover.awaitExit(HaLab.WAIT), String.join("\n", failover.lines()));
            assertEquals(List.of("group web-a: handing over to d2"), failover.lines());
            lab.awaitHoldings("d2 owns both groups", Map.of("d2", Set.of(A, B)));
            for (String d : List.of("d1", "d2")) {
                lab.awaitOwners(d, Map.of("web-a", "d2", "web-b", "d2"));
            }
            // d1 has the higher priority for web-a, but it was asked to hand over: it does not take it back.
            GroupLab.quiet(GroupLab.BEACON_TIMEOUT.multipliedBy(2));
            assertEquals(Map.of("d2", Set.of(A, B)), lab.watch.holdings());
            assertEquals(List.of("d1 -" + A, "d2 +" + A), lab.watch.since(settled).stream()
                    .map(e -> e.host() + (e.added() ? " +" : " -") + e.vip()).toList(), "only web-a moved; stalls: " + lab.stalls());
            assertEquals(List.of(), lab.overlaps(VIPS, List.of()));
        }
    }
}
