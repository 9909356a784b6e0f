package io.ipvsdirector.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ipvsdirector.ha.GroupLab.Group;
import io.ipvsdirector.ha.GroupLab.Vip;
import io.ipvsdirector.testkit.NamespaceTest;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A NAT pair's fate sharing (issue 15): the groups outside (a VIP on the public LAN, eth0) and inside
 * (the real servers' gateway on a second LAN, eth1), listed together in {@code sync_groups}, are one
 * election: d1 (150) owns both; a crash moves both to d2 and the return both back, never split
 * between the two directors.
 */
@NamespaceTest
class SyncGroupTest {
    static final String OUTSIDE = "10.77.0.40";
    static final String INSIDE = "10.77.1.1";
    private static final List<String> VIPS = List.of(OUTSIDE, INSIDE);

    @TempDir
    Path dir;

    @Test
    void theGroupsOfASyncGroupMoveAsOne() throws Exception {
        Map<String, Integer> priorities = Map.of("d1", 150, "d2", 100);
        try (GroupLab lab = new GroupLab(dir, 2, true, List.of(
                new Group("outside", priorities, List.of(new Vip(OUTSIDE, "eth0"))),
                new Group("inside", priorities, List.of(new Vip(INSIDE, "eth1")))), List.of(List.of("outside", "inside")))) {
            lab.startAll();
            lab.awaitHoldings("d1 owns outside and inside", Map.of("d1", Set.of(OUTSIDE, INSIDE)));
            lab.awaitOwners("d2", Map.of("outside+inside", "d1"));
            JsonObject group = lab.status("d1").getJsonArray("groups").getJsonObject(0);
            assertEquals(List.of("outside", "inside"), group.getJsonArray("vip_groups").getList());
            assertEquals("ACTIVE", group.getString("role"));

            lab.kill("d1");
            lab.awaitHoldings("d2 owns outside and inside", Map.of("d2", Set.of(OUTSIDE, INSIDE)));
            lab.awaitOwners("d2", Map.of("outside+inside", "d2"));

            lab.restart("d1");
            lab.awaitHoldings("d1 owns both again", Map.of("d1", Set.of(OUTSIDE, INSIDE)));
            lab.awaitOwners("d2", Map.of("outside+inside", "d1"));

            assertEquals(List.of(), lab.overlaps(VIPS, List.of(VIPS)), "events: " + lab.watch.since(0));
        }
    }
}
