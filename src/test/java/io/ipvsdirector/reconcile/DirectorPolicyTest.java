package io.ipvsdirector.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvsdirector.config.ConfigDiff;
import io.ipvsdirector.config.DirectorConfig;
import io.ipvsdirector.config.TestConfigs;
import io.ipvsdirector.kernel.ipvs.Destination;
import io.ipvsdirector.kernel.ipvs.DestinationEntry;
import io.ipvsdirector.kernel.ipvs.IpvsSnapshot;
import io.ipvsdirector.kernel.ipvs.ServiceEntry;
import io.ipvsdirector.kernel.ipvs.Stats;
import io.ipvsdirector.net.InetAddresses;
import io.ipvsdirector.net.ServiceKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every rule of the policy, on configurations written for each case and a hand-held clock. */
class DirectorPolicyTest {
    private static final long S = 1_000_000_000L;
    private static final String WEB = """
            virtual_servers:
              - name: web
                address: 192.0.2.10
                port: 80
                ON_FAILURE
                quorum: QUORUM
                hysteresis: HYST
                SORRY
                slow_start: SLOW
                drain_timeout: 60s
                real_servers:
                  - {address: 10.0.1.11, weight: 1}
                  - {address: 10.0.1.12, weight: 1}
                  - {address: 10.0.1.13, weight: 1}
            """;

    private static DirectorConfig web(String onFailure, int quorum, int hysteresis, boolean sorry, String slowStart) {
        return TestConfigs.valid(WEB.replace("ON_FAILURE", "on_failure: " + onFailure)
                .replace("QUORUM", Integer.toString(quorum)).replace("HYST", Integer.toString(hysteresis))
                .replace("SORRY", sorry ? "sorry_server: {address: 10.0.1.99}" : "")
                .replace("SLOW", slowStart));
    }

    private static DirectorConfig web() {
        return web("remove", 1, 0, false, "0s");
    }

    private static final ServiceKey VS = ServiceKey.of(io.ipvsdirector.net.Protocol.TCP, InetAddresses.parse("192.0.2.10"), 80);

    private static DirectorPolicy.ServerId rs(int last) {
        return new DirectorPolicy.ServerId(VS, new io.ipvsdirector.config.RealServerConfig.Key(InetAddresses.parse("10.0.1." + last), 80));
    }

    private static DirectorPolicy.Health up() {
        return new DirectorPolicy.Health(true, true, Optional.empty(), false, "status 200");
    }

    private static DirectorPolicy.Health down() {
        return new DirectorPolicy.Health(false, true, Optional.empty(), false, "connect refused");
    }

    /** The weight of each destination of the one service ("-" when absent), in address order 11, 12, 13, 99. */
    private static Map<String, Integer> weights(PolicyPlan plan) {
        Map<String, Integer> out = new LinkedHashMap<>();
        Table.Entry e = plan.desired().services().get(VS);
        for (int last : new int[] {11, 12, 13, 99}) {
            Destination d = e.destinations().get(new Destination.Key(InetAddresses.parse("10.0.1." + last), 80));
            if (d != null) {
                out.put("." + last, d.weight());
            }
        }
        return out;
    }

    private static void allUp(DirectorPolicy p, long now) {
        for (int i = 11; i <= 13; i++) {
            p.health(rs(i), up(), now);
        }
    }

    @Test
    void newServersStartOutOfTheTableUntilTheirChecksPass() {
        DirectorPolicy p = new DirectorPolicy(web());
        assertEquals(Map.of(), weights(p.plan(0)));
        p.health(rs(11), up(), 0);
        assertEquals(Map.of(".11", 1), weights(p.plan(0)));
        PolicyPlan.ServerStatus s = p.plan(0).services().get(0).servers().get(1);
        assertEquals("down", s.state());
        assertEquals("not checked yet", s.reason());
    }

    @Test
    void aDownServerIsRemovedOrKeptAtWeightZero() {
        DirectorPolicy p = new DirectorPolicy(web());
        allUp(p, 0);
        p.health(rs(12), down(), 1);
        assertEquals(Map.of(".11", 1, ".13", 1), weights(p.plan(1)));

        DirectorPolicy z = new DirectorPolicy(web("zero-weight", 1, 0, false, "0s"));
        allUp(z, 0);
        z.health(rs(12), down(), 1);
        assertEquals(Map.of(".11", 1, ".12", 0, ".13", 1), weights(z.plan(1)));
    }

    @Test
    void aWeightDecidedByTheCheckWins() {
        DirectorPolicy p = new DirectorPolicy(web());
        allUp(p, 0);
        p.health(rs(13), new DirectorPolicy.Health(true, true, Optional.of(7), false, "exit 9"), 1);
        assertEquals(Map.of(".11", 1, ".12", 1, ".13", 7), weights(p.plan(1)));
    }

    @Test
    void serversFoundInTheKernelKeepTheirPlaceUntilTheirChecksDecide() {
        DirectorPolicy p = new DirectorPolicy(web());
        p.adopt(snapshot(Map.of(11, 1, 12, 0), Map.of()));
        assertEquals(Map.of(".11", 1, ".12", 0), weights(p.plan(0)), "as the kernel has them; .13 was not there");
        p.health(rs(11), new DirectorPolicy.Health(false, false, Optional.empty(), false, "not decided"), 1);
        assertEquals(Map.of(".11", 1, ".12", 0), weights(p.plan(1)), "an undecided result moves nothing");
        p.health(rs(11), down(), 2);
        p.health(rs(12), up(), 2);
        assertEquals(Map.of(".12", 1), weights(p.plan(2)));
    }

    @Test
    void slowStartClimbsInFourStepsAndSaysWhenToLookAgain() {
        DirectorPolicy p = new DirectorPolicy(web("remove", 1, 0, false, "40s"));
        p.health(rs(11), new DirectorPolicy.Health(true, true, Optional.of(100), false, "ok"), 0);
        PolicyPlan at0 = p.plan(0);
        assertEquals(25, weights(at0).get(".11"));
        assertEquals(10 * S, at0.wakeAtNanos());
        assertEquals(25, weights(p.plan(10 * S - 1)).get(".11"));
        assertEquals(50, weights(p.plan(10 * S)).get(".11"));
        assertEquals(75, weights(p.plan(25 * S)).get(".11"));
        assertEquals(100, weights(p.plan(30 * S)).get(".11"));
        PolicyPlan done = p.plan(40 * S);
        assertEquals(100, weights(done).get(".11"));
        assertEquals(Long.MAX_VALUE, done.wakeAtNanos());
        assertEquals(100, done.services().get(0).liveWeight(), "quorum counts the weight the server is climbing to");
    }

    @Test
    void aServerAdoptedAtStartDoesNotSlowStart() {
        DirectorPolicy p = new DirectorPolicy(web("remove", 1, 0, false, "40s"));
        p.adopt(snapshot(Map.of(11, 1), Map.of()));
        p.health(rs(11), up(), 5 * S);
        assertEquals(Map.of(".11", 1), weights(p.plan(5 * S)));
        p.health(rs(11), down(), 6 * S);
        p.health(rs(11), up(), 7 * S);
        assertEquals(1, weights(p.plan(7 * S)).get(".11"), "a weight of 1 climbs no lower than 1");
    }

    @Test
    void losingTheQuorumPutsTheSorryServerInPlaceOfEveryRealServer() {
        DirectorPolicy p = new DirectorPolicy(web("remove", 2, 0, true, "0s"));
        allUp(p, 0);
        p.plan(0);
        p.health(rs(11), down(), 1);
        assertEquals(Map.of(".12", 1, ".13", 1), weights(p.plan(1)), "live weight 2: quorum held");
        p.health(rs(12), down(), 2);
        PolicyPlan lost = p.plan(2);
        assertEquals(Map.of(".99", 1), weights(lost));
        assertFalse(lost.services().get(0).quorum());
        assertTrue(lost.services().get(0).sorryServerIn());
        List<DirectorPolicy.Notice> notices = p.takeNotices();
        assertEquals("lost", notices.get(notices.size() - 1).state());
        p.health(rs(12), up(), 3);
        assertEquals(Map.of(".12", 1, ".13", 1), weights(p.plan(3)));
        assertEquals("regained", p.takeNotices().get(0).state());
    }

    @Test
    void hysteresisHoldsTheQuorumStateOnItsEdges() {
        DirectorPolicy p = new DirectorPolicy(web("remove", 2, 1, false, "0s"));
        allUp(p, 0);
        assertTrue(p.plan(0).services().get(0).quorum(), "3 >= 2");
        p.health(rs(11), down(), 1);
        assertTrue(p.plan(1).services().get(0).quorum(), "2: still above 2 - 1");
        p.health(rs(12), down(), 2);
        assertTrue(p.plan(2).services().get(0).quorum(), "1 = quorum - hysteresis: held");
        p.health(rs(13), down(), 3);
        assertFalse(p.plan(3).services().get(0).quorum(), "0 < 1: lost");
        p.health(rs(13), up(), 4);
        p.health(rs(12), up(), 4);
        assertFalse(p.plan(4).services().get(0).quorum(), "2 < quorum + hysteresis: still lost");
        p.health(rs(11), up(), 5);
        assertTrue(p.plan(5).services().get(0).quorum(), "3 = quorum + hysteresis: regained");
    }

    @Test
    void aServerRemovedFromTheConfigurationDrainsUntilItsConnectionsEnd() {
        DirectorPolicy p = new DirectorPolicy(web());
        allUp(p, 0);
        DirectorConfig before = p.config();
        DirectorConfig after = TestConfigs.valid(WEB.replace("ON_FAILURE", "").replace("QUORUM", "1").replace("HYST", "0")
                .replace("SORRY", "").replace("SLOW", "0s").replace("      - {address: 10.0.1.13, weight: 1}\n", ""));
        p.reload(after, ConfigDiff.between(before, after), 10 * S);
        p.kernel(snapshot(Map.of(11, 1, 12, 1, 13, 1), Map.of(13, 5)));
        PolicyPlan draining = p.plan(10 * S);
        assertEquals(Map.of(".11", 1, ".12", 1, ".13", 0), weights(draining));
        assertEquals(70 * S, draining.wakeAtNanos(), "the drain timeout");
        assertTrue(p.draining());
        p.kernel(snapshot(Map.of(11, 1, 12, 1, 13, 0), Map.of(13, 0)));
        assertEquals(Map.of(".11", 1, ".12", 1), weights(p.plan(20 * S)));
        assertFalse(p.draining());
        assertTrue(p.takeNotices().stream().anyMatch(n -> n.message().contains("drained: no connections left")));
    }

    @Test
    void aDrainEndsAtItsTimeoutWhateverTheConnections() {
        DirectorPolicy p = new DirectorPolicy(web());
        allUp(p, 0);
        p.drain(rs(12), 0);
        p.kernel(snapshot(Map.of(11, 1, 12, 0, 13, 1), Map.of(12, 3)));
        assertEquals(Map.of(".11", 1, ".12", 0, ".13", 1), weights(p.plan(59 * S)));
        assertEquals(Map.of(".11", 1, ".13", 1), weights(p.plan(60 * S)), "drained by the operator: out until undrained");
        assertTrue(p.takeNotices().stream().anyMatch(n -> n.message().contains("drain_timeout passed with 3 connection(s)")));
        assertTrue(p.undrain(rs(12)));
        assertEquals(Map.of(".11", 1, ".12", 1, ".13", 1), weights(p.plan(61 * S)));
    }

    @Test
    void aCheckThatSaysDrainDrainsAndItsEndBringsTheServerBack() {
        DirectorPolicy p = new DirectorPolicy(web());
        allUp(p, 0);
        p.health(rs(11), new DirectorPolicy.Health(true, true, Optional.empty(), true, "file says drain"), 1);
        p.kernel(snapshot(Map.of(11, 1, 12, 1, 13, 1), Map.of(11, 2)));
        assertEquals(0, weights(p.plan(1)).get(".11"));
        p.health(rs(11), up(), 2);
        assertEquals(1, weights(p.plan(2)).get(".11"));
    }

    @Test
    void aRemovedUdpServiceLeavesAtOnceAndARemovedTcpServiceDrainsFirst() {
        String two = """
                virtual_servers:
                  - {name: web, address: 192.0.2.10, port: 80, real_servers: [{address: 10.0.1.11}]}
                  - {name: dns, address: 192.0.2.10, port: 53, protocol: udp, real_servers: [{address: 10.0.1.21}]}
                """;
        DirectorConfig before = TestConfigs.valid(two);
        DirectorConfig after = TestConfigs.valid("virtual_servers: []\n");
        DirectorPolicy p = new DirectorPolicy(before);
        p.health(rs(11), up(), 0);
        p.reload(after, ConfigDiff.between(before, after), 0);
        p.kernel(snapshot(Map.of(11, 1), Map.of(11, 2)));
        Table t = p.plan(1).desired();
        assertEquals(List.of(VS), List.copyOf(t.services().keySet()), "only the TCP service stays, to drain");
        assertEquals(0, t.services().get(VS).destinations().values().iterator().next().weight());
        p.kernel(snapshot(Map.of(11, 0), Map.of(11, 0)));
        assertTrue(p.plan(2).desired().services().isEmpty(), "drained: the service goes too");
    }

    private static IpvsSnapshot snapshot(Map<Integer, Integer> weights, Map<Integer, Integer> connections) {
        List<DestinationEntry> ds = new java.util.ArrayList<>();
        weights.forEach((last, w) -> ds.add(new DestinationEntry(
                Destination.of(InetAddresses.parse("10.0.1." + last), 80, io.ipvsdirector.kernel.ipvs.ForwardingMethod.MASQ, w),
                connections.getOrDefault(last, 0), 0, 0, Stats.ZERO, Stats.ZERO)));
        io.ipvsdirector.kernel.ipvs.Service svc = DesiredTable.service(web().virtualServers().get(0));
        return new IpvsSnapshot(List.of(new IpvsSnapshot.Entry(new ServiceEntry(svc, Stats.ZERO, Stats.ZERO), ds)));
    }
}
