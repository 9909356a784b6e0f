package io.ipvsdirector.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** defaults.check → virtual server check → real server check. */
class CheckCascadeTest {
    private static final String CASCADE = """
            defaults:
              check: {interval: 5s, timeout: 2s, rise: 3, fall: 4}
            virtual_servers:
              - name: web
                address: 192.0.2.10
                port: 80
                check: {type: http, path: /healthz, timeout: 500ms}
                real_servers:
                  - {address: 10.0.1.11}
                  - address: 10.0.1.12
                    check: {path: /other, fall: 1}
                  - address: 10.0.1.13
                    check: {type: tcp, port: 8443}
              - name: dns
                address: 192.0.2.10
                port: 53
                protocol: udp
                real_servers:
                  - {address: 10.0.1.21}
            """;

    @Test
    void eachLevelOverridesTheOneAbove() {
        DirectorConfig c = TestConfigs.valid(CASCADE);
        VirtualServerConfig web = c.virtualServer("web").orElseThrow();
        CheckSpec inherited = web.realServers().get(0).check();
        assertEquals(CheckType.HTTP, inherited.type());
        assertEquals(Duration.ofSeconds(5), inherited.interval());
        assertEquals(Duration.ofMillis(500), inherited.timeout());
        assertEquals(3, inherited.rise());
        assertEquals(4, inherited.fall());

        CheckSpec own = web.realServers().get(1).check();
        assertEquals("/other", ((CheckParams.Http) own.params()).path());
        assertEquals(1, own.fall());
        assertEquals(Duration.ofMillis(500), own.timeout());
    }

    @Test
    void changingTheTypeKeepsOnlyTheCommonKeys() {
        CheckSpec tcp = TestConfigs.valid(CASCADE).virtualServer("web").orElseThrow().realServers().get(2).check();
        assertEquals(CheckType.TCP, tcp.type());
        assertInstanceOf(CheckParams.Tcp.class, tcp.params());
        assertEquals(Optional.of(8443), tcp.port());
        assertEquals(Duration.ofMillis(500), tcp.timeout(), "timeout is common to all types");
        assertEquals(Duration.ofSeconds(5), tcp.interval());
    }

    @Test
    void udpServicesWithoutACheckAreNotProbed() {
        CheckSpec none = TestConfigs.valid(CASCADE).virtualServer("dns").orElseThrow().realServers().get(0).check();
        assertEquals(CheckType.NONE, none.type());
    }

    @Test
    void aShortIntervalAloneGetsATimeoutThatFits() {
        DirectorConfig c = TestConfigs.valid("""
                virtual_servers:
                  - {name: web, address: 192.0.2.10, port: 80, check: {interval: 300ms},
                     real_servers: [{address: 10.0.1.11}]}
                """);
        CheckSpec spec = c.virtualServers().get(0).check();
        assertEquals(Duration.ofMillis(300), spec.timeout());
    }

    @Test
    void aBadKeyInAVirtualServerCheckIsReportedOnceNotPerRealServer() {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> TestConfigs.parse("""
                virtual_servers:
                  - name: web
                    address: 192.0.2.10
                    port: 80
                    check: {type: http, stauts: [200]}
                    real_servers: [{address: 10.0.1.11}, {address: 10.0.1.12}, {address: 10.0.1.13}]
                """));
        assertEquals(List.of("test.yaml: virtual_servers[0].check.stauts: unknown key for a http check; did you mean 'status'?"),
                e.lines());
    }

    @Test
    void aBlankFileIsRejectedAsEmpty() {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> TestConfigs.parse("\n \n"));
        assertEquals(List.of("test.yaml: (file): is empty; see conf/examples/pair.yaml"), e.lines());
    }

    @Test
    void identicalProbesAreCountedOnce() {
        DirectorConfig c = TestConfigs.valid("""
                virtual_servers:
                  - {name: a, address: 192.0.2.10, port: 80, real_servers: [{address: 10.0.1.11}, {address: 10.0.1.12}]}
                  - {name: b, address: 192.0.2.11, port: 80, real_servers: [{address: 10.0.1.11}, {address: 10.0.1.12}]}
                """);
        assertEquals(4, c.realServerCount());
        assertEquals(2, ConfigSummary.distinctProbes(c));
        assertTrue(ConfigSummary.counts(c).contains("2 distinct probe(s)"));
    }

    @Test
    void smtpKeysAreBoundAndTlsKeysTakeStarttls() {
        DirectorConfig c = TestConfigs.valid("""
                virtual_servers:
                  - name: mail
                    address: 192.0.2.25
                    port: 25
                    check: {type: smtp, helo_name: probe.example.org, starttls: true, verify: false}
                    real_servers: [{address: 10.0.1.11}]
                """);
        CheckParams.Smtp smtp = assertInstanceOf(CheckParams.Smtp.class,
                c.virtualServer("mail").orElseThrow().realServers().get(0).check().params());
        assertEquals(Optional.of("probe.example.org"), smtp.heloName());
        assertEquals(false, smtp.tls().orElseThrow().verify());
    }

    @Test
    void pingProbesOfOneAddressAreSharedWhateverThePort() {
        DirectorConfig c = TestConfigs.valid("""
                defaults:
                  check: {type: ping, port: 8080}
                virtual_servers:
                  - {name: a, address: 192.0.2.10, port: 80, real_servers: [{address: 10.0.1.11}]}
                  - {name: b, address: 192.0.2.10, port: 443, real_servers: [{address: 10.0.1.11}]}
                """);
        assertEquals(0, c.virtualServer("b").orElseThrow().realServers().get(0).checkPort());
        assertEquals(1, ConfigSummary.distinctProbes(c));
    }

    @Test
    void plainHttpChecksTakeAProbePathAndAnHttpsLevelBelowDropsIt() {
        DirectorConfig c = TestConfigs.valid("""
                virtual_servers:
                  - name: web
                    address: 192.0.2.10
                    port: 80
                    check: {type: http, bind_interface: eth1, fwmark: 4294967295}
                    real_servers:
                      - {address: 10.0.1.11}
                      - {address: 10.0.1.12, check: {type: https}}
                """);
        List<RealServerConfig> reals = c.virtualServer("web").orElseThrow().realServers();
        CheckSpec http = reals.get(0).check();
        assertEquals(Optional.of("eth1"), http.bindInterface());
        assertEquals(Optional.of(-1), http.fwmark(), "4294967295 as an unsigned int");
        assertTrue(http.toString().contains(" interface eth1 fwmark 4294967295"), http.toString());
        CheckSpec https = reals.get(1).check();
        assertEquals(CheckType.HTTPS, https.type());
        assertEquals(Optional.empty(), https.bindInterface(), "type-specific keys go with a change of type");
        assertEquals(Optional.empty(), https.fwmark());
    }
}
