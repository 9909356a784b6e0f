package io.ipvsdirector.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigDiffTest {
    private static final String BASE = """
            node: {name: lb1, priority: 150}
            vips:
              - {address: 192.0.2.10/32, interface: eth0}
              - {address: 192.0.2.11/32, interface: eth0}
            virtual_servers:
              - name: web
                address: 192.0.2.10
                port: 80
                scheduler: wlc
                check: {type: http, path: /healthz}
                real_servers:
                  - {address: 10.0.1.11, port: 8080, weight: 10}
                  - {address: 10.0.1.12, port: 8080, weight: 5}
                  - {address: 10.0.1.13, port: 8080, weight: 5}
              - name: old
                address: 192.0.2.11
                port: 25
                real_servers: [{address: 10.0.1.31}]
            """;

    @Test
    void sameConfigHasNoDiff() {
        DirectorConfig a = TestConfigs.valid(BASE);
        DirectorConfig b = TestConfigs.valid(BASE);
        ConfigDiff diff = ConfigDiff.between(a, b);
        assertTrue(diff.isEmpty(), diff.lines().toString());
    }

    @Test
    void namesEveryKindOfChange() {
        DirectorConfig before = TestConfigs.valid(BASE);
        DirectorConfig after = TestConfigs.valid(BASE
                .replace("priority: 150", "priority: 100")
                .replace("  - {address: 192.0.2.11/32, interface: eth0}\n", "  - {address: 192.0.2.12/32, interface: eth1}\n")
                .replace("scheduler: wlc", "scheduler: rr")
                .replace("{address: 10.0.1.11, port: 8080, weight: 10}", "{address: 10.0.1.11, port: 8080, weight: 20}")
                .replace("      - {address: 10.0.1.12, port: 8080, weight: 5}\n", "")
                .replace("{address: 10.0.1.13, port: 8080, weight: 5}",
                        "{address: 10.0.1.13, port: 8080, weight: 5, check: {type: tcp}}\n      - {address: 10.0.1.14, port: 8080}")
                .replace("  - name: old\n    address: 192.0.2.11\n    port: 25\n    real_servers: [{address: 10.0.1.31}]\n",
                        "  - name: mail\n    address: 192.0.2.12\n    port: 25\n    real_servers: [{address: 10.0.1.41}]\n"));
        ConfigDiff diff = ConfigDiff.between(before, after);
        assertEquals(List.of(
                "~ group default: priority 150 -> 100",
                "+ vip 192.0.2.12/32 dev eth1",
                "- vip 192.0.2.11/32 dev eth0",
                "+ vs mail (192.0.2.12:25/tcp) with 1 real server(s)",
                "- vs old (192.0.2.11:25/tcp)",
                "~ vs web (192.0.2.10:80/tcp): scheduler wlc -> rr",
                "+ rs 10.0.1.14:8080 in vs web",
                "- rs 10.0.1.12:8080 in vs web",
                "~ rs 10.0.1.11:8080 in vs web: weight 10 -> 20",
                "~ rs 10.0.1.13:8080 in vs web: check http every 2s timeout 1s rise 2 fall 2 GET /healthz status [200-299]"
                        + " -> tcp every 2s timeout 1s rise 2 fall 2",
                "~ node"), diff.lines());
        ConfigDiff.VirtualServerChange web = diff.virtualServersChanged().get(0);
        assertEquals(List.of("scheduler wlc -> rr"), web.fields());
        assertEquals(1, web.checksChanged().size(), "only 10.0.1.13's probe restarts");
        assertEquals("10.0.1.13:8080", web.checksChanged().get(0).toString());
    }

    @Test
    void theIpvsSectionIsBoundWithItsDefaultsAndItsChangesAreNamed() {
        DirectorConfig before = TestConfigs.valid(BASE);
        assertEquals(IpvsConfig.DEFAULT, before.ipvs());
        DirectorConfig after = TestConfigs.valid(BASE + "ipvs:\n  state_file: state/owned.json\n  timeouts: {tcp: 15m, udp: 1m}\n");
        assertEquals(java.nio.file.Path.of("state/owned.json").toAbsolutePath(), after.ipvs().stateFile(),
                "relative to the configuration's directory");
        assertEquals(java.util.Optional.of(java.time.Duration.ofMinutes(15)), after.ipvs().tcpTimeout());
        assertTrue(after.ipvs().tcpFinTimeout().isEmpty());
        assertEquals(List.of("~ ipvs"), ConfigDiff.between(before, after).lines());
    }

    @Test
    void aVipMovedToAnotherInterfaceIsAChangeNotAnAddAndRemove() {
        DirectorConfig before = TestConfigs.valid(BASE);
        DirectorConfig after = TestConfigs.valid(BASE.replace("{address: 192.0.2.10/32, interface: eth0}",
                "{address: 192.0.2.10/32, interface: eth1, label: 'eth1:web'}"));
        ConfigDiff diff = ConfigDiff.between(before, after);
        assertEquals(List.of("~ vip 192.0.2.10/32: interface_name eth0 -> eth1, label none -> eth1:web"), diff.lines());
    }

    private static final String GROUPS = """
            node: {name: lb1}
            vip_groups:
              - name: web-a
                priority: 150
                vips: [{address: 192.0.2.10/32, interface: eth0}, {address: 192.0.2.12/32, interface: eth0}]
              - name: web-b
                priority: 100
                vips: [{address: 192.0.2.11/32, interface: eth0}]
              - name: old
                priority: 100
                vips: [{address: 192.0.2.13/32, interface: eth0}]
            virtual_servers:
              - {name: web, address: 192.0.2.12, port: 80}
            """;

    @Test
    void namesGroupsAddedRemovedChangedAndVipsMovedBetweenThem() {
        DirectorConfig before = TestConfigs.valid(GROUPS);
        DirectorConfig after = TestConfigs.valid(GROUPS
                .replace("priority: 150", "priority: 120\n    announce: {count: 1}")
                .replace("{address: 192.0.2.10/32, interface: eth0}, {address: 192.0.2.12/32, interface: eth0}",
                        "{address: 192.0.2.10/32, interface: eth0}")
                .replace("vips: [{address: 192.0.2.11/32, interface: eth0}]",
                        "vips: [{address: 192.0.2.11/32, interface: eth0}, {address: 192.0.2.12/32, interface: eth0}]")
                .replace("  - name: old\n    priority: 100\n    vips: [{address: 192.0.2.13/32, interface: eth0}]\n",
                        "  - name: shard-1\n    balance: true\n    vips: [{address: 192.0.2.13/32, interface: eth0}]\n")
                + "sync_groups:\n  - [web-a, web-b]\n");
        ConfigDiff diff = ConfigDiff.between(before, after);
        assertEquals(List.of(
                "+ group shard-1 balanced with 1 VIP(s)",
                "- group old",
                "~ group web-a: priority 150 -> 120, announce",
                "~ vip 192.0.2.12/32: group web-a -> web-b",
                "~ vip 192.0.2.13/32: group old -> shard-1",
                "~ vs web (192.0.2.12:80/tcp): group web-a -> web-b",
                "~ sync_groups"), diff.lines());
        assertEquals(List.of(), diff.vipsAdded(), "a moved VIP stays on the interface: no kernel change");
        assertEquals(new ConfigDiff.VipMove(after.vips().get(2), "web-a", "web-b"), diff.vipsMoved().get(0));
    }
}
