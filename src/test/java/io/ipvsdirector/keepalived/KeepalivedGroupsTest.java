package io.ipvsdirector.keepalived;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvsdirector.config.DirectorConfig;
import io.ipvsdirector.config.VipConfig;
import io.ipvsdirector.config.VipGroupConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several vrrp_instances become one VIP group each, and vrrp_sync_groups become sync_groups. */
class KeepalivedGroupsTest {
    @TempDir
    Path dir;

    private static final String NAT_DIRECTOR = """
            vrrp_sync_group VG_1 {
                group {
                    VI_OUT
                    VI_IN
                }
                notify_master /etc/keepalived/master.sh
            }
            vrrp_instance VI_OUT {
                state MASTER
                interface eth0
                priority 150
                nopreempt
                preempt_delay 30
                track_interface {
                    eth2
                }
                virtual_ipaddress {
                    192.0.2.10
                }
            }
            vrrp_instance VI_IN {
                interface eth1
                priority 120
                virtual_ipaddress {
                    10.0.0.1/24
                }
            }
            vrrp_instance web.b {
                interface eth0
                priority 100
                virtual_ipaddress {
                    192.0.2.11
                }
            }
            virtual_server 192.0.2.11 80 {
                real_server 10.0.0.21 80 {
                }
            }
            virtual_server fwmark 7 {
                real_server 10.0.0.22 80 {
                }
            }
            """;

    @Test
    void everyInstanceIsAGroupWithItsOwnElectionAndTracking() {
        Imports i = Imports.of(dir, NAT_DIRECTOR);
        DirectorConfig c = i.config();
        assertEquals(List.of("vi-out", "vi-in", "web-b"), c.vipGroups().stream().map(VipGroupConfig::name).toList());
        VipGroupConfig out = c.vipGroup("vi-out").orElseThrow();
        assertEquals(OptionalInt.of(150), out.priority());
        assertFalse(out.preempt());
        assertEquals(Duration.ofSeconds(30), out.preemptDelay());
        assertEquals(List.of("192.0.2.10/32"), out.vips().stream().map(v -> v.address().toString()).toList());
        assertEquals(List.of("eth0", "eth2"), out.track().interfaces(), "the instance's own tracking only");
        VipGroupConfig in = c.vipGroup("vi-in").orElseThrow();
        assertEquals(OptionalInt.of(120), in.priority());
        assertTrue(in.preempt());
        assertEquals(List.of("eth1"), in.track().interfaces());
        assertEquals(List.of(), c.track().interfaces(), "nothing is tracked for every group");
        assertEquals(List.of(List.of("vi-out", "vi-in")), c.syncGroups());
        assertEquals("web-b", c.virtualServer("192.0.2.11:80/tcp").orElseThrow().group());
        assertTrue(i.result().yaml().contains("# vrrp_instance VI_OUT at "), i.result().yaml());
        assertTrue(i.result().yaml().contains("# vrrp_sync_group VG_1 at "), i.result().yaml());
    }

    @Test
    void aFwmarkServiceIsGivenTheMasterInstancesGroupAndThatIsReported() {
        Imports i = Imports.of(dir, NAT_DIRECTOR);
        assertEquals("vi-out", i.config().virtualServers().stream().filter(v -> v.key().isFwmark()).findFirst()
                .orElseThrow().group());
        assertTrue(i.finding(39, "fwmark").contains("vi-out (vrrp_instance VI_OUT) was written"), i.lines().toString());
        assertTrue(i.finding(6, "notify_master").contains("notify.script"), i.lines().toString());
        assertTrue(i.lines().stream().noneMatch(l -> l.contains("vrrp_sync_group:") || l.contains("one VIP set")),
                i.lines().toString());
    }

    @Test
    void aVirtualServerOnNoInstancesVipKeepsTheOneVipSet() {
        Imports i = Imports.of(dir, NAT_DIRECTOR.replace("virtual_server 192.0.2.11 80", "virtual_server 192.0.2.99 80"));
        DirectorConfig c = i.config();
        assertEquals(List.of(VipGroupConfig.DEFAULT_NAME), c.vipGroups().stream().map(VipGroupConfig::name).toList());
        assertEquals(3, c.vips().size(), "every instance's VIPs, as before groups");
        assertEquals(150, c.node().priority(), "the MASTER instance's priority");
        assertTrue(i.finding(35, "virtual_server").contains("192.0.2.99 is no VIP of any vrrp_instance"), i.lines().toString());
        assertTrue(i.finding(1, "vrrp_sync_group").contains("one VIP set"), i.lines().toString());
    }

    @Test
    void syncGroupMembersThatAreNoInstanceOrAlreadySyncedAreLeftOut() {
        Imports i = Imports.of(dir, NAT_DIRECTOR + """
                vrrp_sync_group VG_2 {
                    VI_IN web.b
                    VI_NONE
                }
                """);
        assertEquals(List.of(List.of("vi-out", "vi-in")), i.config().syncGroups());
        assertTrue(i.finding(44, "VI_IN").contains("already in sync group VG_1"), i.lines().toString());
        assertTrue(i.finding(45, "VI_NONE").contains("no vrrp_instance of this name"), i.lines().toString());
        assertTrue(i.finding(43, "vrrp_sync_group").contains("has 1"), i.lines().toString());
    }

    @Test
    void groupNamesAreUniqueDnsLabels() {
        Set<String> taken = new HashSet<>();
        assertEquals("vi-1", InstanceGroups.groupName("VI_1", taken));
        assertEquals("vi-1-2", InstanceGroups.groupName("vi.1", taken));
        assertEquals("group", InstanceGroups.groupName("__", taken));
        assertEquals("x".repeat(60), InstanceGroups.groupName("X".repeat(80), taken));
        assertTrue(taken.stream().allMatch(n -> n.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")), taken.toString());
    }

    @Test
    void aRefusedVipInAGroupIsLeftOutWithItsLine() {
        Imports i = Imports.of(dir, NAT_DIRECTOR.replace("10.0.0.1/24", "10.0.0.1/24 dev eth1 label eth0:in"));
        assertEquals(List.of(), i.config().vipGroup("vi-in").orElseThrow().vips().stream().map(VipConfig::toString).toList());
        assertTrue(i.finding(25, "virtual_ipaddress").contains("must start with the interface name"), i.lines().toString());
    }
}
