package io.ipvsdirector.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ipvsdirector.kernel.ipvs.Destination;
import io.ipvsdirector.kernel.ipvs.DestinationEntry;
import io.ipvsdirector.kernel.ipvs.ForwardingMethod;
import io.ipvsdirector.kernel.ipvs.IpvsInfo;
import io.ipvsdirector.kernel.ipvs.IpvsSnapshot;
import io.ipvsdirector.kernel.ipvs.Service;
import io.ipvsdirector.kernel.ipvs.ServiceEntry;
import io.ipvsdirector.kernel.ipvs.ServiceFlag;
import io.ipvsdirector.kernel.ipvs.Stats;
import io.ipvsdirector.net.AddressFamily;
import io.ipvsdirector.net.InetAddresses;
import io.ipvsdirector.net.Protocol;
import io.ipvsdirector.net.ServiceKey;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The listing's layout; the kernel tier compares it with ipvsadm's own output. */
class IpvsTextTest {
    private static final IpvsInfo INFO = new IpvsInfo(0x010201, 4096);

    private static IpvsSnapshot.Entry entry(Service s, Stats stats, DestinationEntry... dests) {
        return new IpvsSnapshot.Entry(new ServiceEntry(s, Stats.ZERO, stats), List.of(dests));
    }

    private static final IpvsSnapshot TABLE = new IpvsSnapshot(List.of(
            entry(Service.of(ServiceKey.ofFwmark(AddressFamily.IPV6, 7), "rr"), Stats.ZERO),
            entry(new Service(ServiceKey.of(Protocol.UDP, InetAddresses.parse("192.0.2.10"), 53), "sh",
                    Set.of(ServiceFlag.SCHED1, ServiceFlag.ONE_PACKET), 0, -1, Optional.empty()).withPersistence(60, 24),
                    new Stats(123_456_789L, 2_000_000_000L, 200_000_000_000L, 5_000_000_000_000_000L, 7, 0, 0, 0, 0, 0)),
            entry(Service.of(ServiceKey.of(Protocol.TCP, InetAddresses.parse("192.0.2.10"), 80), "wlc"), Stats.ZERO,
                    new DestinationEntry(Destination.of(InetAddresses.parse("10.0.1.12"), 8080, ForwardingMethod.MASQ, 5), 3, 4, 0,
                            Stats.ZERO, new Stats(9, 8, 7, 6, 5, 0, 0, 0, 0, 0)),
                    new DestinationEntry(Destination.of(InetAddresses.parse("10.0.1.11"), 8080, ForwardingMethod.DROUTE, 10), 1, 2, 0,
                            Stats.ZERO, Stats.ZERO))));

    @Test
    void laidOutAndSortedAsIpvsadmLn() {
        assertEquals(List.of(
                "IP Virtual Server version 1.2.1 (size=4096)",
                "Prot LocalAddress:Port Scheduler Flags",
                "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn",
                "TCP  192.0.2.10:80 wlc",
                "  -> 10.0.1.11:8080               Route   10     1          2         ",
                "  -> 10.0.1.12:8080               Masq    5      3          4         ",
                "UDP  192.0.2.10:53 sh (sh-fallback) persistent 60 mask 255.255.255.0 ops",
                "FWM  7 IPv6 rr"), IpvsText.lines(INFO, TABLE, false));
    }

    @Test
    void statsAbbreviateLargeCountersAsIpvsadmDoes() {
        assertEquals(List.of(
                "IP Virtual Server version 1.2.1 (size=4096)",
                "Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes",
                "  -> RemoteAddress:Port",
                String.format("%-33s%9d%9d%9d%9d%9d", "TCP  192.0.2.10:80", 0, 0, 0, 0, 0),
                "  -> 10.0.1.11:8080                      0        0        0        0        0",
                "  -> 10.0.1.12:8080                      9        8        7        6        5",
                "UDP  192.0.2.10:53                 123456K    2000M     200G    5000T        7",
                "FWM  7 IPv6                              0        0        0        0        0"), IpvsText.lines(INFO, TABLE, true));
        assertEquals(" 99999999", IpvsText.number(99_999_999));
        assertEquals("  100000K", IpvsText.number(100_000_000));
    }

    @Test
    void jsonUsesTheConfigurationsWords() {
        JsonObject json = IpvsJson.of(INFO, TABLE, false);
        JsonObject udp = json.getJsonArray("services").getJsonObject(1);
        assertEquals("{\"family\":\"ipv4\",\"protocol\":\"udp\",\"address\":\"192.0.2.10\",\"port\":53,\"scheduler\":\"sh\","
                + "\"scheduler_flags\":[\"sh-fallback\",\"one-packet\"],\"persistence\":{\"timeout\":60,\"netmask\":\"255.255.255.0\"},"
                + "\"destinations\":[]}", udp.encode());
        JsonObject route = json.getJsonArray("services").getJsonObject(0).getJsonArray("destinations").getJsonObject(0);
        assertEquals("dr", route.getString("forwarding"));
        assertEquals(null, route.getJsonObject("stats"), "counters only with --stats");
        assertEquals(9L, IpvsJson.of(INFO, TABLE, true).getJsonArray("services").getJsonObject(0).getJsonArray("destinations")
                .getJsonObject(1).getJsonObject("stats").getLong("connections"));
    }
}
