package io.ipvsdirector.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvsdirector.cluster.NodeState;
import io.ipvsdirector.cluster.Role;
import io.ipvsdirector.config.DirectorConfig;
import io.ipvsdirector.config.RealServerConfig;
import io.ipvsdirector.config.TestConfigs;
import io.ipvsdirector.config.VirtualServerConfig;
import io.ipvsdirector.health.ProbeTarget;
import io.ipvsdirector.health.RealServerRef;
import io.ipvsdirector.health.ServerVerdict;
import io.ipvsdirector.health.Verdict;
import io.ipvsdirector.kernel.ipvs.DestinationEntry;
import io.ipvsdirector.kernel.ipvs.IpvsSnapshot;
import io.ipvsdirector.kernel.ipvs.MemoryIpvsTable;
import io.ipvsdirector.reconcile.DirectorPolicy;
import io.ipvsdirector.reconcile.OwnershipStore;
import io.ipvsdirector.reconcile.PolicyPlan;
import io.ipvsdirector.reconcile.ReconcileListener;
import io.ipvsdirector.reconcile.Reconciler;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The status document from a real policy plan and a table programmed from it. */
class StatusJsonTest {
    private static final DirectorConfig CONFIG = TestConfigs.valid("""
            node: {name: lb1, priority: 150}
            cluster: {name: pair, bind: 10.0.0.11:5701, members: [10.0.0.11:5701, 10.0.0.12:5701]}
            vips: [{address: 192.0.2.10/32, interface: eth0}]
            virtual_servers:
              - name: web
                address: 192.0.2.10
                port: 80
                quorum: 5
                real_servers:
                  - {address: 10.0.1.11, port: 8080, weight: 10}
                  - {address: 10.0.1.12, port: 8080, weight: 5}
                  - {address: 10.0.1.13, port: 8080, weight: 2}
            """);

    @Test
    void everyFieldFromThePolicyTheChecksAndTheKernel() throws Exception {
        VirtualServerConfig web = CONFIG.virtualServers().get(0);
        RealServerConfig up = web.realServers().get(0);
        RealServerConfig down = web.realServers().get(1);
        RealServerConfig drained = web.realServers().get(2);
        DirectorPolicy policy = new DirectorPolicy(CONFIG);
        long now = System.nanoTime();
        policy.health(id(web, up), new DirectorPolicy.Health(true, true, Optional.empty(), false, "status 200"), now);
        policy.health(id(web, down), new DirectorPolicy.Health(false, true, Optional.empty(), false, "connect refused"), now);
        policy.health(id(web, drained), new DirectorPolicy.Health(true, true, Optional.empty(), false, "status 200"), now);
        MemoryIpvsTable table = new MemoryIpvsTable();
        Reconciler reconciler = new Reconciler(table, OwnershipStore.inMemory(), ReconcileListener.logging());
        reconciler.reconcile(policy.plan(now).desired(), false);
        // The server to drain has connections, so its drain lasts.
        policy.kernel(new IpvsSnapshot(table.snapshot().services().stream().map(e -> new IpvsSnapshot.Entry(e.service(),
                e.destinations().stream().map(d -> d.destination().address().equals(drained.address())
                        ? new DestinationEntry(d.destination(), 3, 1, 0, d.stats(), d.stats64()) : d).toList())).toList()));
        policy.drain(id(web, drained), now);
        PolicyPlan plan = policy.plan(now);
        reconciler.reconcile(plan.desired(), false);
        IpvsSnapshot kernel = table.snapshot();

        Map<RealServerRef, ServerVerdict> verdicts = new LinkedHashMap<>();
        verdicts.put(RealServerRef.of(web, up), verdict(up, Verdict.UP, "status 200", 3));
        verdicts.put(RealServerRef.of(web, down), verdict(down, Verdict.DOWN, "connect refused", 1));
        NodeState self = new NodeState("lb1", 150, Role.ACTIVE, 4, true, 9, "elected among lb1(150), lb2(100)");
        NodeState peer = new NodeState("lb2", 100, Role.STANDBY, 3, false, 7, "joined 2-member cluster");
        JsonObject s = StatusJson.of(new StatusInputs(CONFIG, self, List.of(peer), true, plan, verdicts, kernel, false, List.of()));

        assertEquals(new JsonObject().put("name", "lb1").put("role", "ACTIVE").put("priority", 150).put("epoch", 4L)
                .put("reason", "elected among lb1(150), lb2(100)"), s.getJsonObject("node"));
        JsonObject cluster = s.getJsonObject("cluster");
        assertEquals("pair", cluster.getString("name"));
        assertFalse(cluster.getBoolean("standalone"));
        assertEquals(List.of("lb1 ACTIVE true", "lb2 STANDBY false"), cluster.getJsonArray("members").stream()
                .map(o -> (JsonObject) o).map(m -> m.getString("name") + " " + m.getString("role") + " " + m.getBoolean("self")).toList());
        assertEquals(new JsonObject().put("address", "192.0.2.10/32").put("interface", "eth0").putNull("label").put("group", "default")
                        .put("held", true),
                s.getJsonArray("vips").getJsonObject(0));

        JsonObject vs = s.getJsonArray("virtual_servers").getJsonObject(0);
        assertEquals("web", vs.getString("name"));
        assertEquals("192.0.2.10:80/tcp", vs.getString("service"));
        assertTrue(vs.getBoolean("in_kernel"));
        assertEquals(new JsonObject().put("required", 5).put("hysteresis", 0).put("held", true).put("live_weight", 10)
                .put("sorry_server_in", false), vs.getJsonObject("quorum"));

        JsonObject r1 = vs.getJsonArray("real_servers").getJsonObject(0);
        assertEquals("10.0.1.11:8080", r1.getString("address"));
        assertEquals("up", r1.getString("state"));
        assertEquals("UP", r1.getString("verdict"));
        assertEquals("status 200", r1.getString("reason"));
        assertEquals(10, r1.getInteger("configured_weight"));
        assertEquals(10, r1.getInteger("desired_weight"));
        assertEquals(10, r1.getInteger("weight"), "the kernel's weight");
        assertFalse(r1.getBoolean("draining"));
        JsonObject check = r1.getJsonObject("check");
        assertEquals("tcp", check.getString("type"), check.encode());
        assertEquals("10.0.1.11:8080", check.getString("target"));
        assertEquals("status 200", check.getString("last_result"));
        assertEquals(3.0, check.getDouble("latency_ms"));
        assertTrue(check.getBoolean("decided"));
        JsonObject k1 = r1.getJsonObject("kernel");
        assertEquals(10, k1.getInteger("weight"));
        assertEquals(0, k1.getInteger("active_connections"));
        for (String key : List.of("inactive_connections", "persistent_connections", "connections", "in_packets",
                "out_packets", "in_bytes", "out_bytes")) {
            assertTrue(k1.containsKey(key), key);
        }

        JsonObject r2 = vs.getJsonArray("real_servers").getJsonObject(1);
        assertEquals("down", r2.getString("state"));
        assertEquals("DOWN", r2.getString("verdict"));
        assertEquals("connect refused", r2.getString("reason"));
        assertNull(r2.getValue("weight"), "removed from the kernel");
        assertNull(r2.getValue("kernel"));

        JsonObject r3 = vs.getJsonArray("real_servers").getJsonObject(2);
        assertEquals("draining", r3.getString("state"));
        assertTrue(r3.getBoolean("draining"));
        assertEquals(0, r3.getInteger("desired_weight"));
        assertEquals(0, r3.getInteger("weight"));
        assertEquals(2, r3.getInteger("configured_weight"));
        assertNull(r3.getValue("check"), "no probe result yet");
    }

    @Test
    void beforeThePlanAndWithoutAKernelTheFieldsAreNull() {
        NodeState self = new NodeState("lb1", 150, Role.STARTING, 0, false, 1, "synchronising");
        JsonObject s = StatusJson.of(new StatusInputs(CONFIG, self, List.of(), false, null, Map.of(), null, true, List.of()));
        JsonObject vs = s.getJsonArray("virtual_servers").getJsonObject(0);
        assertFalse(vs.getBoolean("in_kernel"));
        assertNull(vs.getJsonObject("quorum").getValue("held"));
        assertEquals("unknown", vs.getJsonArray("real_servers").getJsonObject(0).getString("state"));
        assertTrue(s.getBoolean("dry_run"));
        assertFalse(s.getJsonArray("vips").getJsonObject(0).getBoolean("held"));
    }

    @Test
    void targetsByNameOrServiceAndByAddress() {
        assertEquals("10.0.1.12:8080", Targets.resolve(CONFIG, "web", "10.0.1.12:8080").realServer().toString());
        assertEquals("10.0.1.12:8080", Targets.resolve(CONFIG, "192.0.2.10:80/tcp", "10.0.1.12").realServer().toString());
        assertEquals(404, assertThrows(ApiError.class, () -> Targets.resolve(CONFIG, "dns", "10.0.1.12")).status());
        assertEquals(404, assertThrows(ApiError.class, () -> Targets.resolve(CONFIG, "web", "10.0.1.99")).status());
        assertEquals(400, assertThrows(ApiError.class, () -> Targets.resolve(CONFIG, "web", null)).status());
    }

    private static DirectorPolicy.ServerId id(VirtualServerConfig vs, RealServerConfig rs) {
        return new DirectorPolicy.ServerId(vs.key(), rs.key());
    }

    private static ServerVerdict verdict(RealServerConfig rs, Verdict v, String reason, int millis) {
        return new ServerVerdict(new ProbeTarget(rs.address(), rs.checkPort(), rs.check()), v, Optional.empty(), false, true,
                reason, Duration.ofMillis(millis));
    }
}
