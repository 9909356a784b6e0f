package io.ipvsdirector.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ipvsdirector.cluster.NodeState;
import io.ipvsdirector.cluster.Role;
import io.ipvsdirector.config.DirectorConfig;
import io.ipvsdirector.config.TestConfigs;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /status of an active/active director: each group's owner, and each VIP's group and whether it is held. */
class StatusGroupsTest {
    private static final DirectorConfig CONFIG = TestConfigs.valid("""
            node: {name: lb1}
            cluster: {name: pair, bind: 10.0.0.11:5701, members: [10.0.0.11:5701, 10.0.0.12:5701]}
            vip_groups:
              - {name: web-a, priority: 150, vips: [{address: 192.0.2.10/32, interface: eth0}]}
              - {name: web-b, priority: 100, vips: [{address: 192.0.2.11/32, interface: eth0}]}
              - {name: outside, priority: 120, vips: [{address: 192.0.2.20/32, interface: eth0}]}
              - {name: inside, priority: 120, vips: [{address: 10.1.0.1/24, interface: eth1}]}
            sync_groups: [[outside, inside]]
            """);

    @Test
    void eachGroupItsOwnerAndEachVipItsGroup() {
        NodeState aSelf = new NodeState("lb1", 150, Role.ACTIVE, 4, true, 9, "elected among lb1(150), lb2(100)");
        NodeState aPeer = new NodeState("lb2", 100, Role.STANDBY, 3, false, 7, "");
        NodeState bSelf = new NodeState("lb1", 100, Role.STANDBY, 2, false, 9, "");
        NodeState bPeer = new NodeState("lb2", 150, Role.ACTIVE, 5, true, 7, "elected among lb1(100), lb2(150)");
        NodeState sSelf = new NodeState("lb1", 120, Role.STARTING, 0, false, 9, "synchronising");
        List<GroupStatus> groups = List.of(
                new GroupStatus("web-a", List.of("web-a"), aSelf, List.of(aPeer), true),
                new GroupStatus("web-b", List.of("web-b"), bSelf, List.of(bPeer), false),
                new GroupStatus("outside+inside", List.of("outside", "inside"), sSelf, List.of(), false));
        JsonObject s = StatusJson.of(new StatusInputs(CONFIG, aSelf, List.of(aPeer), true, null, Map.of(), null, false,
                List.of(), groups));
        JsonArray g = s.getJsonArray("groups");
        assertEquals(List.of("web-a lb1 ACTIVE true", "web-b lb2 STANDBY false", "outside+inside null STARTING false"),
                g.stream().map(o -> (JsonObject) o).map(x -> x.getString("name") + " " + x.getString("owner") + " "
                        + x.getString("role") + " " + x.getBoolean("held")).toList());
        assertEquals(5L, g.getJsonObject(1).getLong("owner_epoch"));
        assertNull(g.getJsonObject(2).getValue("owner_epoch"));
        assertEquals(new JsonArray(List.of("outside", "inside")), g.getJsonObject(2).getJsonArray("vip_groups"));
        assertEquals(List.of("192.0.2.10/32 web-a true", "192.0.2.11/32 web-b false", "192.0.2.20/32 outside false",
                        "10.1.0.1/24 inside false"),
                s.getJsonArray("vips").stream().map(o -> (JsonObject) o).map(v -> v.getString("address") + " "
                        + v.getString("group") + " " + v.getBoolean("held")).toList());
    }
}
