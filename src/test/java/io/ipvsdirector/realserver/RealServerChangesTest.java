package io.ipvsdirector.realserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvsdirector.net.IpPrefix;
import io.ipvsdirector.realserver.RealServerPlan.Placement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RealServerChangesTest {
    private static final IpPrefix VIP = IpPrefix.parse("192.0.2.10");
    private static final IpPrefix VIP6 = IpPrefix.parse("2001:db8::10");

    @TempDir
    Path dir;

    private final FakeHost host = new FakeHost();
    private final List<String> out = new ArrayList<>();

    private RealServerChanges changes(RealServerRecord earlier) {
        return new RealServerChanges(host, host, host, host::load, earlier, out::add);
    }

    @Test
    void drPlanPutsTheVipOnLoAndSilencesArpOnAllAndTheInterface() {
        RealServerPlan plan = RealServerPlan.of(RealServerMode.DR, List.of(VIP, VIP6), List.of("eth0"));
        assertEquals(List.of(), plan.modules());
        assertEquals(List.of("net.ipv4.conf.all.arp_ignore=1", "net.ipv4.conf.eth0.arp_ignore=1",
                "net.ipv4.conf.all.arp_announce=2", "net.ipv4.conf.eth0.arp_announce=2"),
                plan.settings().stream().map(s -> s.key() + "=" + s.value()).toList());
        assertEquals(List.of(new Placement("lo", VIP), new Placement("lo", VIP6)), plan.addresses());
    }

    @Test
    void tunPlanLoadsTheTunnelModulesAndTurnsOffTheReversePathFilter() {
        RealServerPlan plan = RealServerPlan.of(RealServerMode.TUN, List.of(VIP, VIP6), List.of("eth0"));
        assertEquals(List.of("ipip", "ip6_tunnel"), plan.modules());
        assertEquals(List.of("tunl0", "ip6tnl0"), plan.links());
        assertTrue(plan.settings().stream().map(s -> s.key() + "=" + s.value()).toList().containsAll(
                List.of("net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.tunl0.rp_filter=0", "net.ipv4.conf.eth0.arp_ignore=1")));
        assertEquals(List.of(new Placement("tunl0", VIP), new Placement("ip6tnl0", VIP6)), plan.addresses());
        // IPv6 alone needs no ARP settings at all.
        assertEquals(List.of(), RealServerPlan.of(RealServerMode.TUN, List.of(VIP6), List.of("eth0")).settings());
    }

    @Test
    void aVipIsOneAddress() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RealServerPlan.of(RealServerMode.DR, List.of(IpPrefix.parse("192.0.2.0/24")), List.of()));
        assertEquals("--vip 192.0.2.0/24: a VIP is one address (/32)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RealServerPlan.of(RealServerMode.DR, List.of(), List.of()));
    }

    @Test
    void setupTwiceChangesNothingTheSecondTimeAndTeardownRestoresTheFirstValues() throws IOException {
        Map<Sysctl, String> before = new HashMap<>(host.sysctls);
        RealServerPlan plan = RealServerPlan.of(RealServerMode.TUN, List.of(VIP), List.of("eth0"));
        RealServerChanges first = changes(RealServerRecord.empty());
        first.setup(plan);
        assertEquals(List.of("module ipip: loaded", "link tunl0: set up",
                "net.ipv4.conf.all.arp_ignore = 1 (was 0)", "net.ipv4.conf.eth0.arp_ignore = 1 (was 0)",
                "net.ipv4.conf.all.arp_announce = 2 (was 0)", "net.ipv4.conf.eth0.arp_announce = 2 (was 0)",
                "net.ipv4.conf.all.rp_filter = 0", "net.ipv4.conf.tunl0.rp_filter = 0 (was 1)",
                "192.0.2.10/32 added to tunl0"), out);
        assertEquals(8, first.changes());
        Path file = dir.resolve("rs/state.json");
        first.record().save(file);

        out.clear();
        RealServerChanges second = changes(RealServerRecord.load(file).orElseThrow());
        second.setup(plan);
        assertEquals(0, second.changes(), String.join("\n", out));
        // The record still holds the values from before the first setup, not the ones it set.
        assertEquals("1", second.record().previous().get(Sysctl.ipv4Conf("tunl0", "rp_filter")));
        second.record().save(file);

        out.clear();
        RealServerChanges down = changes(RealServerRecord.load(file).orElseThrow());
        down.teardown(List.of());
        assertEquals(List.of("192.0.2.10/32 removed from tunl0",
                "net.ipv4.conf.all.arp_ignore = 0 (restored, was 1)", "net.ipv4.conf.eth0.arp_ignore = 0 (restored, was 1)",
                "net.ipv4.conf.all.arp_announce = 0 (restored, was 2)", "net.ipv4.conf.eth0.arp_announce = 0 (restored, was 2)",
                "net.ipv4.conf.tunl0.rp_filter = 1 (restored, was 0)", "link tunl0: set down"), out);
        before.forEach((k, v) -> assertEquals(v, host.sysctls.get(k), k.toString()));
        assertEquals(List.of(), List.copyOf(host.addresses));
        down.record().save(file);
        assertTrue(Files.notExists(file), "an empty record leaves no file");
    }

    @Test
    void anAddressAlreadyThereIsNotRemovedByTheTeardownUnlessNamed() throws IOException {
        host.add("lo", VIP, java.util.Optional.empty());
        RealServerChanges setup = changes(RealServerRecord.empty());
        setup.setup(RealServerPlan.of(RealServerMode.DR, List.of(VIP), List.of("eth0")));
        assertTrue(out.contains("192.0.2.10/32 is on lo"), out.toString());
        changes(setup.record()).teardown(List.of());
        assertTrue(host.has("lo", VIP));
        changes(RealServerRecord.empty()).teardown(RealServerChanges.placements(RealServerMode.DR, List.of(VIP)));
        assertTrue(!host.has("lo", VIP));
    }

    @Test
    void aModuleThatCannotLoadIsNamed() {
        RealServerChanges c = new RealServerChanges(host, host, host, m -> false, RealServerRecord.empty(), out::add);
        IOException e = assertThrows(IOException.class,
                () -> c.setup(RealServerPlan.of(RealServerMode.TUN, List.of(VIP), List.of())));
        assertEquals("module ipip could not be loaded (modprobe ipip), so there is no tunl0", e.getMessage());
    }

    @Test
    void recordRoundTripsThroughJsonAndSysctlNamesKeepDotsApart() {
        RealServerRecord r = RealServerRecord.empty().withPrevious(Sysctl.ipv4Conf("eth0.100", "arp_ignore"), "0")
                .withAdded(new Placement("lo", VIP6)).withRaised("tunl0");
        assertEquals(r, RealServerRecord.fromJson(r.toJson()));
        assertEquals("net.ipv4.conf.eth0/100.arp_ignore", Sysctl.ipv4Conf("eth0.100", "arp_ignore").toString());
        assertEquals("net/ipv4/conf/eth0.100/arp_ignore", Sysctl.ipv4Conf("eth0.100", "arp_ignore").path());
    }

    @Test
    void defaultRouteInterfacesFromProcNetRoute() {
        String route = """
                Iface	Destination	Gateway 	Flags	RefCnt	Use	Metric	Mask		MTU	Window	IRTT
                eth1	00000000	0102000A	0003	0	0	0	00000000	0	0	0
                eth1	0002000A	00000000	0001	0	0	0	00FFFFFF	0	0	0
                eth0	00000000	0101000A	0003	0	0	100	00000000	0	0	0
                """;
        assertEquals(List.of("eth1", "eth0"), DefaultRoutes.interfaces(route));
    }

    @Test
    void procSysctlsReadAndWriteFiles() throws IOException {
        Path f = dir.resolve("net/ipv4/conf/all/arp_ignore");
        Files.createDirectories(f.getParent());
        Files.writeString(f, "0\n");
        ProcSysctls s = new ProcSysctls(dir);
        assertEquals("0", s.read(Sysctl.ipv4Conf("all", "arp_ignore")).orElseThrow());
        s.write(Sysctl.ipv4Conf("all", "arp_ignore"), "1");
        assertEquals("1\n", Files.readString(f));
        assertTrue(s.read(Sysctl.ipv4Conf("nope", "arp_ignore")).isEmpty());
        assertThrows(IOException.class, () -> s.write(Sysctl.ipv4Conf("nope", "arp_ignore"), "1"));
    }
}
