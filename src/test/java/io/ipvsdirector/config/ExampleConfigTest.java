package io.ipvsdirector.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvsdirector.net.AddressFamily;
import io.ipvsdirector.net.HostPort;
import io.ipvsdirector.net.InetAddresses;
import io.ipvsdirector.net.Protocol;
import io.ipvsdirector.net.ServiceKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shipped configurations load, and each key of the contract has the meaning its comment gives. */
class ExampleConfigTest {
    @org.junit.jupiter.api.io.TempDir
    Path scratch;

    private DirectorConfig load(String file) {
        try {
            Path path = file.startsWith("conf/examples/") ? ExampleCopy.withKey(Path.of(file), scratch) : Path.of(file);
            return ConfigLoader.load(TestConfigs.vertx(), path).await();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void pairExampleHasTheContractMeaning() {
        DirectorConfig c = load("conf/examples/pair.yaml");
        assertEquals(new NodeConfig("lb1", 150, true, Duration.ZERO), c.node());
        assertEquals("lvs-pair", c.cluster().name());
        assertEquals(Optional.of(HostPort.parse("10.0.0.11:5701")), c.cluster().bind());
        assertEquals(List.of(HostPort.parse("10.0.0.11:5701"), HostPort.parse("10.0.0.12:5701")), c.cluster().members());
        assertEquals(Duration.ofSeconds(1), c.cluster().heartbeat());
        assertEquals(Duration.ofSeconds(3), c.cluster().deadAfter());
        assertEquals(Optional.of(scratch.resolve("cluster.key")), c.cluster().keyFile(), "relative to the file's directory");
        assertEquals("192.0.2.10/32", c.vips().get(0).address().toString());
        assertEquals(Optional.of("eth0:vip"), c.vips().get(0).label());
        assertEquals("2001:db8::10/128", c.vips().get(1).address().toString());
        assertEquals(new AnnounceConfig(3, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ZERO), c.announce());
        assertEquals(List.of("eth0"), c.track().interfaces());
        assertEquals(HostPort.parse("127.0.0.1:9180"), c.admin().listen());
        assertEquals(Path.of("/run/ipvs-director/events.jsonl"), c.notifications().events());

        VirtualServerConfig web = c.virtualServer("web").orElseThrow();
        assertEquals(ServiceKey.of(Protocol.TCP, InetAddresses.parse("192.0.2.10"), 80), web.key());
        assertEquals("wlc", web.scheduler());
        assertEquals(Forwarding.NAT, web.forwarding());
        assertEquals(new Persistence(Duration.ofSeconds(300), 24, Optional.empty()), web.persistence().orElseThrow());
        assertEquals(OnFailure.REMOVE, web.onFailure());
        assertEquals(1, web.quorum());
        assertEquals(new SorryServer(InetAddresses.parse("10.0.1.99"), 80, Forwarding.NAT), web.sorryServer().orElseThrow());
        CheckSpec check = web.check();
        assertEquals(CheckType.HTTP, check.type());
        assertEquals(Duration.ofSeconds(2), check.interval(), "interval comes from defaults.check");
        assertEquals(Duration.ofMillis(500), check.timeout(), "the virtual server's timeout overrides the default");
        CheckParams.Http http = (CheckParams.Http) check.params();
        assertEquals("/healthz", http.path());
        assertEquals(List.of(new CheckParams.StatusRange(200, 299)), http.status());
        assertEquals(Optional.of("ok"), http.bodyRegex());
        RealServerConfig rs1 = web.realServers().get(0);
        assertEquals(new RealServerConfig.Key(InetAddresses.parse("10.0.1.11"), 8080), rs1.key());
        assertEquals(10, rs1.weight());
        assertEquals(1000, rs1.upperThreshold());
        assertEquals(800, rs1.lowerThreshold());
        assertEquals(check, rs1.check(), "real servers inherit the virtual server's check");

        VirtualServerConfig dns = c.virtualServer("dns").orElseThrow();
        assertEquals(Protocol.UDP, dns.key().protocol());
        assertEquals(Set.of(SchedulerFlag.SH_PORT, SchedulerFlag.SH_FALLBACK), dns.schedulerFlags());
        assertEquals(Forwarding.DR, dns.forwarding());
        assertEquals(53, dns.realServers().get(0).port(), "a real server without port takes the virtual server's");
        assertEquals(new CheckParams.Dns("example.com", "A", Optional.empty()), dns.check().params());

        VirtualServerConfig tun = c.virtualServer("tunnelled").orElseThrow();
        assertEquals(ServiceKey.ofFwmark(AddressFamily.IPV4, 100), tun.key());
        assertEquals("mh", tun.scheduler());
        assertEquals(Optional.of(TunnelConfig.IPIP), tun.tunnel());
        RealServerConfig v6 = tun.realServers().get(1);
        assertEquals(AddressFamily.IPV6, v6.family(), "an IPv6 real server behind an IPv4 fwmark service");
        assertEquals(Forwarding.TUN, v6.forwarding());
        assertEquals(0, v6.port());
        assertEquals(443, v6.checkPort(), "the check's port is probed");
    }

    @Test
    void activeActiveExampleIsTwoCrossedGroups() {
        DirectorConfig c = load("conf/examples/active-active.yaml");
        assertEquals(List.of("web-a", "web-b"), c.vipGroups().stream().map(VipGroupConfig::name).toList());
        VipGroupConfig a = c.vipGroup("web-a").orElseThrow();
        VipGroupConfig b = c.vipGroup("web-b").orElseThrow();
        assertEquals(java.util.OptionalInt.of(150), a.priority());
        assertEquals(java.util.OptionalInt.of(100), b.priority());
        assertTrue(a.preempt() && b.preempt(), "each takes its group back");
        assertEquals(Duration.ofSeconds(30), b.announce().refresh());
        assertEquals(c.announce(), a.announce());
        assertEquals(List.of("eth0"), a.track().interfaces());
        assertEquals(List.of(), c.syncGroups(), "the sync group is a commented example");
        assertEquals("web-a", c.virtualServer("web-a").orElseThrow().group());
        assertEquals("web-b", c.virtualServer("web-b").orElseThrow().group());
        assertEquals("web-b", c.virtualServer("marked").orElseThrow().group());
    }

    @Test
    void activeActiveExampleSyncGroupLoadsOnceUncommented() throws Exception {
        String text = java.nio.file.Files.readString(Path.of("conf/examples/active-active.yaml"));
        String uncommented = text
                .replaceAll("(?m)^  # (- name: (outside|inside)|  priority: 150|  vips: \\[\\{address: (192\\.0\\.2\\.20|10\\.0\\.1\\.1)/32.*)$", "  $1")
                .replaceAll("(?m)^# (sync_groups:|  - \\[outside, inside])$", "$1")
                .replace("key_file: cluster.key", "");
        DirectorConfig c = TestConfigs.valid(uncommented);
        assertEquals(List.of(List.of("outside", "inside")), c.syncGroups());
        assertEquals(List.of("outside", "inside"), c.movesWith("inside"));
    }

    @Test
    void quickStartConfigStaysOnLoopback() {
        DirectorConfig c = load("conf/director.yaml");
        assertTrue(c.cluster().standalone());
        c.vips().forEach(v -> assertTrue(v.address().address().isLoopbackAddress(), v.toString()));
        assertFalse(c.virtualServers().isEmpty());
        for (VirtualServerConfig vs : c.virtualServers()) {
            assertTrue(vs.key().address().isLoopbackAddress(), vs.toString());
            vs.realServers().forEach(rs -> assertTrue(rs.address().isLoopbackAddress(), rs.toString()));
        }
        assertTrue(c.admin().listen().address().isLoopbackAddress());
    }
}
