package io.ipvsdirector.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvsdirector.net.InetAddresses;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The meaning of vip_groups and sync_groups, and of the top-level vips as the one default group. */
class VipGroupsConfigTest {
    private static final String GROUPS = """
            node: {name: lb1}
            announce: {count: 5}
            track: {interfaces: [eth0]}
            vip_groups:
              - name: web-a
                priority: 150
                vips: [{address: 192.0.2.10/32, interface: eth0}]
              - name: web-b
                priority: 100
                preempt: false
                preempt_delay: 30s
                announce: {refresh: 10s}
                track: {interfaces: [eth1, eth0], scripts: [{path: /usr/local/bin/web-b-ok}]}
                vips: [{address: 192.0.2.11/32, interface: eth0}, {address: 2001:db8::11/128, interface: eth0}]
              - name: shard-1
                balance: true
                vips: [{address: 192.0.2.21/32, interface: eth0}]
            sync_groups:
              - [web-a, web-b]
            virtual_servers:
              - {name: a, address: 192.0.2.10, port: 80}
              - {name: b, address: 2001:db8::11, port: 80, group: web-b}
              - {name: marked, fwmark: 7, family: ipv4, group: shard-1}
            """;

    @Test
    void topLevelVipsAreTheOneDefaultGroupOfTheNodeSettings() {
        DirectorConfig c = TestConfigs.valid("""
                node: {name: lb1, priority: 150, preempt: false, preempt_delay: 5s}
                track: {interfaces: [eth0]}
                vips: [{address: 192.0.2.10/32, interface: eth0}]
                virtual_servers:
                  - {name: web, address: 192.0.2.10, port: 80}
                  - {name: local, address: 127.0.0.1, port: 81}
                  - {name: marked, fwmark: 7, family: ipv4}
                """);
        VipGroupConfig g = c.vipGroups().get(0);
        assertEquals(1, c.vipGroups().size());
        assertEquals(new VipGroupConfig("default", OptionalInt.of(150), false, false, Duration.ofSeconds(5), c.vips(),
                c.announce(), c.track()), g);
        assertEquals(List.of(), c.syncGroups());
        assertEquals(List.of("default", "default", "default"), c.virtualServers().stream().map(VirtualServerConfig::group).toList(),
                "without vip_groups every virtual server is the default group's, a VIP or not");
    }

    @Test
    void aFileWithoutVipsStillHasTheDefaultGroup() {
        DirectorConfig c = TestConfigs.valid("node: {name: lb1}\n");
        assertEquals(List.of("default"), c.vipGroups().stream().map(VipGroupConfig::name).toList());
        assertEquals(List.of(), c.vips());
    }

    @Test
    void groupsHaveTheirOwnElectionSettingsWithTheContractDefaults() {
        DirectorConfig c = TestConfigs.valid(GROUPS);
        VipGroupConfig a = c.vipGroup("web-a").orElseThrow();
        assertEquals(OptionalInt.of(150), a.priority());
        assertFalse(a.balance());
        assertTrue(a.preempt(), "preempt defaults to true");
        assertEquals(Duration.ZERO, a.preemptDelay());
        VipGroupConfig b = c.vipGroup("web-b").orElseThrow();
        assertFalse(b.preempt());
        assertEquals(Duration.ofSeconds(30), b.preemptDelay());
        VipGroupConfig shard = c.vipGroup("shard-1").orElseThrow();
        assertTrue(shard.balance());
        assertEquals(OptionalInt.empty(), shard.priority(), "a balanced group has no priority");
        assertEquals(4, c.vips().size(), "vips() lists the VIPs of every group");
        assertEquals(List.of(List.of("web-a", "web-b")), c.syncGroups());
        assertEquals(List.of("web-a", "web-b"), c.movesWith("web-b"));
        assertEquals(List.of("shard-1"), c.movesWith("shard-1"));
    }

    @Test
    void announceOverridesKeyByKeyAndTrackAddsToTheTopLevel() {
        DirectorConfig c = TestConfigs.valid(GROUPS);
        VipGroupConfig a = c.vipGroup("web-a").orElseThrow();
        assertEquals(c.announce(), a.announce(), "no override: the top-level announce");
        assertEquals(c.track(), a.track(), "no override: the top-level track");
        VipGroupConfig b = c.vipGroup("web-b").orElseThrow();
        assertEquals(new AnnounceConfig(5, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(10)),
                b.announce(), "count from the top level, refresh from the group");
        assertEquals(List.of("eth0", "eth1"), b.track().interfaces(), "the top-level eth0 still faults web-b, once");
        assertEquals(List.of("/usr/local/bin/web-b-ok"), b.track().scripts().get(0).command());
    }

    @Test
    void virtualServersBelongToTheGroupHoldingTheirAddress() {
        DirectorConfig c = TestConfigs.valid(GROUPS);
        assertEquals("web-a", c.virtualServer("a").orElseThrow().group());
        assertEquals("web-b", c.virtualServer("b").orElseThrow().group(), "naming the holding group is allowed");
        assertEquals("shard-1", c.virtualServer("marked").orElseThrow().group());
        assertEquals(List.of("marked"), c.virtualServersOf("shard-1").stream().map(VirtualServerConfig::name).toList());
        assertTrue(c.vipGroup("web-a").orElseThrow().holds(InetAddresses.parse("192.0.2.10")));
    }

    @Test
    void withOneGroupAFwmarkServiceNeedsNoGroupAndNodePriorityIsTheDefault() {
        DirectorConfig c = TestConfigs.valid("""
                node: {name: lb1, priority: 120, preempt: false}
                vip_groups:
                  - {name: only, vips: [{address: 192.0.2.10/32, interface: eth0}]}
                  - {name: own, priority: 90, preempt: true, vips: [{address: 192.0.2.11/32, interface: eth0}]}
                virtual_servers:
                  - {name: marked, fwmark: 7, family: ipv4, group: only}
                """);
        assertEquals(OptionalInt.of(120), c.vipGroup("only").orElseThrow().priority());
        assertFalse(c.vipGroup("only").orElseThrow().preempt());
        assertEquals(OptionalInt.of(90), c.vipGroup("own").orElseThrow().priority());
        DirectorConfig one = TestConfigs.valid("""
                vip_groups:
                  - {name: only, priority: 10, vips: [{address: 192.0.2.10/32, interface: eth0}]}
                virtual_servers:
                  - {name: marked, fwmark: 7, family: ipv4}
                """);
        assertEquals(Optional.of("only"), one.virtualServer("marked").map(VirtualServerConfig::group));
    }

    @Test
    void aGroupIsBalancedOrHasAPriorityNeverBoth() {
        assertThrows(IllegalArgumentException.class, () -> new VipGroupConfig("x", OptionalInt.of(1), true, true,
                Duration.ZERO, List.of(), HaBinder.DEFAULT_ANNOUNCE, new TrackConfig(List.of(), Optional.empty(), List.of())));
        assertThrows(IllegalArgumentException.class, () -> new VipGroupConfig("x", OptionalInt.empty(), false, true,
                Duration.ZERO, List.of(), HaBinder.DEFAULT_ANNOUNCE, new TrackConfig(List.of(), Optional.empty(), List.of())));
    }

    @Test
    void checkConfigsSummaryNamesTheGroupsOnlyWhenThereAreSome() {
        List<String> lines = ConfigSummary.objectLines(TestConfigs.valid(GROUPS));
        assertTrue(lines.contains("group web-a priority 150 preempt, moves with web-a, web-b"), lines.toString());
        assertTrue(lines.contains("group web-b priority 100 nopreempt, moves with web-a, web-b"), lines.toString());
        assertTrue(lines.contains("group shard-1 balanced preempt"), lines.toString());
        assertTrue(lines.contains("vip 192.0.2.10/32 dev eth0 group web-a"), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("vs marked fwmark") && l.contains(" group shard-1 ")),
                lines.toString());
        List<String> plain = ConfigSummary.objectLines(TestConfigs.valid(
                "node: {name: lb1}\nvips: [{address: 192.0.2.10/32, interface: eth0}]\n"));
        assertTrue(plain.contains("vip 192.0.2.10/32 dev eth0"), plain.toString());
        assertTrue(plain.stream().noneMatch(l -> l.startsWith("group ")), plain.toString());
    }

    @Test
    void anEmptyGroupListIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> TestConfigs.parse("vip_groups: []\n"));
        assertEquals(List.of("test.yaml: vip_groups: must list at least one group"), e.lines());
    }
}
