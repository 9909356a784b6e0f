package io.ipvsdirector.keepalived;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvsdirector.config.CheckParams;
import io.ipvsdirector.config.DirectorConfig;
import io.ipvsdirector.config.VirtualServerConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keepalived.conf(5)'s lexical rules, including the nasty corners, as the importer reads them. */
class KeepalivedSyntaxTest {
    @TempDir
    Path dir;

    private static String ports(DirectorConfig c) {
        return c.virtualServers().stream().map(v -> v.key().toString() + "=" + v.realServers().stream()
                .map(r -> r.address().getHostAddress() + ":" + r.port() + "/" + r.weight()).toList()).toList().toString();
    }

    private Imports of(String text) {
        return Imports.of(dir, text);
    }

    @Test
    void commentsStartAnywhereOutsideQuotesAndQuotedBangsAndHashesStay() {
        Imports i = Imports.of(dir, """
                ! a comment line
                # another
                vrrp_script chk {   # trailing comment
                    script "/usr/local/bin/check --tag=a#b!c"  ! the quoted # and ! are part of the value
                    interval 2 # seconds
                }
                vrrp_instance VI_1 { ! comment after a brace
                    interface eth0
                    unicast_src_ip 10.0.0.1
                    unicast_peer {
                        10.0.0.2 # the peer
                    }
                    virtual_ipaddress {
                        192.0.2.10/32 dev eth0 label eth0:web ! comment
                    }
                    track_script {
                        chk
                    }
                }
                """);
        DirectorConfig c = i.config();
        assertEquals(List.of("/usr/local/bin/check", "--tag=a#b!c"), c.track().scripts().get(0).command(), "quoted # and ! are kept");
        assertEquals("192.0.2.10/32", c.vips().get(0).address().toString());
        assertEquals(java.util.Optional.of("eth0:web"), c.vips().get(0).label());
    }

    @Test
    void bracesAreTokensEvenWhenGluedOrOnTheirOwnLine() {
        Imports i = Imports.of(dir, """
                virtual_server 10.0.0.1 80{
                    lb_algo wrr
                    real_server 10.0.1.1 80
                    {
                        weight 3}
                    real_server 10.0.1.2 80 { weight 2 }
                }
                """);
        assertEquals("[10.0.0.1:80/tcp=[10.0.1.1:80/3, 10.0.1.2:80/2]]", ports(i.config()));
    }

    @Test
    void continuationLinesVariablesAndBothReferenceForms() {
        Imports i = Imports.of(dir, """
                $VIP=10.0.0.1
                $PORT=8080
                $WEIGHT = 4
                virtual_server $VIP \\
                    ${PORT} {
                    real_server 10.0.1.1 $PORT {
                        weight ${WEIGHT}
                    }
                    real_server 10.0.1.2 $UNDEFINED_PORT {
                    }
                }
                """);
        assertEquals("[10.0.0.1:8080/tcp=[10.0.1.1:8080/4]]", ports(i.config()));
        assertTrue(i.finding(9, "$UNDEFINED_PORT").contains("not defined"), i.lines().toString());
    }

    @Test
    void anUnbracedNameRunsToTheNextWhiteSpaceAsInKeepalived() {
        Imports i = of("""
                $VIP=192.0.2.10
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_ipaddress {
                        ${VIP}/32
                        $VIP/32
                    }
                }
                """);
        assertEquals(List.of("192.0.2.10/32"), i.config().vips().stream().map(v -> v.address().toString()).toList());
        assertTrue(i.finding(6, "$VIP/32").contains("not defined"), i.lines().toString());
        assertTrue(i.finding(6, "virtual_ipaddress").contains("refuses"), i.lines().toString());
    }

    @Test
    void conditionalLinesFollowTheNodeAndCaretNegates() {
        String conf = """
                virtual_server 10.0.0.1 80 {
                @lb1    lb_algo rr
                @^lb1   lb_algo sh
                    real_server 10.0.1.1 80 {
                @lb2        weight 7
                    }
                }
                """;
        Imports lb1 = Imports.of(dir, "lb1", "keepalived.conf", conf);
        assertEquals("rr", lb1.config().virtualServers().get(0).scheduler());
        assertEquals(1, lb1.config().virtualServers().get(0).realServers().get(0).weight());
        assertEquals("lb1", lb1.config().node().name(), "--node names the director");
        assertTrue(lb1.finding(1, "@").contains("config id 'lb1': kept @lb1; skipped @^lb1, @lb2"), lb1.lines().toString());
        Imports lb2 = Imports.of(dir, "lb2", "keepalived.conf", conf);
        assertEquals("sh", lb2.config().virtualServers().get(0).scheduler());
        assertEquals(7, lb2.config().virtualServers().get(0).realServers().get(0).weight());
    }

    @Test
    void includesGlobRelativeToTheIncludingFile() {
        Imports i = Imports.of(dir, null,
                "etc/keepalived.conf", "global_defs {\n router_id from_main\n}\ninclude conf.d/*.conf\ninclude missing/*.conf\n",
                "etc/conf.d/a.conf", "virtual_server 10.0.0.1 80 {\n real_server 10.0.1.1 80 {\n }\n}\ninclude ../more/b.inc\n",
                "etc/conf.d/z.conf", "virtual_server 10.0.0.3 80 {\n}\n",
                "etc/more/b.inc", "virtual_server 10.0.0.2 80 {\n unknown_keyword 1\n}\n");
        assertEquals(List.of("10.0.0.1:80/tcp", "10.0.0.2:80/tcp", "10.0.0.3:80/tcp"),
                i.config().virtualServers().stream().map(v -> v.key().toString()).toList(), "glob order, nested include in place");
        assertEquals("from_main", i.config().node().name());
        assertTrue(i.finding(5, "include").contains("matches no file"), i.lines().toString());
        assertTrue(i.lines().contains("b.inc:2: unknown_keyword: no equivalent for a virtual server; left out"), i.lines().toString());
    }

    @Test
    void unbalancedBracesAreReportedWithTheirLine() {
        Imports i = Imports.of(dir, """
                virtual_server 10.0.0.1 80 {
                    real_server 10.0.1.1 80 {
                    }
                }
                }
                virtual_server 10.0.0.2 80 {
                    real_server 10.0.1.2 80 {
                """);
        assertTrue(i.finding(5, "}").contains("no matching"), i.lines().toString());
        assertTrue(i.finding(6, "virtual_server").contains("never closed"), i.lines().toString());
        assertTrue(i.finding(7, "real_server").contains("never closed"), i.lines().toString());
        assertEquals(2, i.config().virtualServers().size());
    }

    @Test
    void unknownTopLevelKeywordsAreReportedAsKeepalivedWouldIgnoreThem() {
        Imports i = Imports.of(dir, "virtual_servr 10.0.0.1 80 {\n}\n");
        assertTrue(i.finding(1, "virtual_servr").contains("not a keepalived top-level keyword"), i.lines().toString());
        assertTrue(i.result().lossy());
        assertTrue(i.config().virtualServers().isEmpty());
    }

    @Test
    void aServerTheProductRefusesIsLeftOutWithItsLine() {
        // DR cannot map ports in this director: keepalived's kernel ignores the port, so the importer writes the
        // virtual port; but an IPv6 real server behind an IPv4 NAT service is refused and must be reported.
        Imports i = Imports.of(dir, """
                virtual_server 10.0.0.1 80 {
                    lb_kind NAT
                    real_server 2001:db8::1 80 {
                    }
                    real_server 10.0.1.1 80 {
                    }
                }
                virtual_server 10.0.0.2 80 {
                    lb_kind DR
                    real_server 10.0.1.2 8080 {
                    }
                }
                """);
        assertTrue(i.finding(3, "real_server").contains("refuses"), i.lines().toString());
        VirtualServerConfig dr = i.config().virtualServers().get(1);
        assertEquals(80, dr.realServers().get(0).port(), "the kernel forwards DR to the virtual port");
        assertFalse(i.config().virtualServers().get(0).realServers().isEmpty());
        assertTrue(i.config().virtualServers().get(0).realServers().get(0).check().params() instanceof CheckParams.None);
    }
}
