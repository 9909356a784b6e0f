package io.ipvsdirector.keepalived;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvsdirector.config.CheckParams;
import io.ipvsdirector.config.CheckSpec;
import io.ipvsdirector.config.CheckType;
import io.ipvsdirector.config.DirectorConfig;
import io.ipvsdirector.config.Forwarding;
import io.ipvsdirector.config.OnFailure;
import io.ipvsdirector.config.SchedulerFlag;
import io.ipvsdirector.config.TunnelConfig;
import io.ipvsdirector.config.VirtualServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each keyword of keepalived.conf(5) the importer converts, with the meaning the manual gives it. */
class KeepalivedKeywordTest {
    @TempDir
    Path dir;

    private Imports of(String text) {
        return Imports.of(dir, text);
    }

    private static CheckSpec check(DirectorConfig c, int vs, int rs) {
        return c.virtualServers().get(vs).realServers().get(rs).check();
    }

    @Test
    void legacyAndRenamedKeywordsMeanTheSame() {
        String legacy = """
                virtual_server 10.0.0.1 80 {
                    delay_loop 6
                    lb_algo sh
                    lb_kind DR
                    real_server 10.0.1.1 80 {
                        HTTP_GET {
                            url {
                                path /health
                            }
                            connect_timeout 3
                            nb_get_retry 2
                        }
                    }
                }
                """;
        String renamed = legacy.replace("lb_algo", "lvs_sched").replace("lb_kind", "lvs_method").replace("nb_get_retry", "retry");
        DirectorConfig a = of(legacy).config();
        DirectorConfig b = of(renamed).config();
        assertEquals(a.virtualServers(), b.virtualServers());
        VirtualServerConfig vs = a.virtualServers().get(0);
        assertEquals("sh", vs.scheduler());
        assertEquals(Forwarding.DR, vs.forwarding());
        CheckSpec c = check(a, 0, 0);
        assertEquals(CheckType.HTTP, c.type());
        assertEquals(Duration.ofSeconds(6), c.interval(), "delay_loop -> interval");
        assertEquals(Duration.ofSeconds(3), c.timeout(), "connect_timeout -> timeout");
        assertEquals(3, c.fall(), "retry 2 -> fall 3: the first failure and two retries");
        assertEquals(1, c.rise(), "keepalived brings a server back after one success");
        assertTrue(c.initialUp(), "without alpha keepalived starts a server up");
        assertTrue(of(legacy).result().yaml().contains("retry 2 -> fall 3"), "the mapping is written as a comment");
    }

    @Test
    void timingDefaultsComeFromTheVirtualServerAndFractionsAndClampsAreKept() {
        Imports i = of("""
                virtual_server 10.0.0.1 80 {
                    delay_loop 2.5
                    connect_timeout 4
                    retry 0
                    delay_before_retry 1
                    warmup 5
                    alpha
                    real_server 10.0.1.1 80 {
                        TCP_CHECK {
                        }
                    }
                }
                """);
        CheckSpec c = check(i.config(), 0, 0);
        assertEquals(Duration.ofMillis(2500), c.interval());
        assertEquals(Duration.ofMillis(2500), c.timeout(), "timeout cut to the interval");
        assertEquals(1, c.fall());
        assertFalse(c.initialUp(), "alpha -> initial down");
        assertTrue(i.finding(3, "connect_timeout").contains("cut to the interval"), i.lines().toString());
        assertTrue(i.finding(6, "warmup").contains("random"), i.lines().toString());
    }

    @Test
    void virtualServerKeywords() {
        Imports i = of("""
                virtual_server 10.0.0.1 53 {
                    protocol UDP
                    lvs_sched sh
                    flag-1
                    sh-port
                    ops
                    lvs_method TUN type gue port 6080 remcsum
                    persistence_timeout 60
                    persistence_granularity 255.255.255.0
                    quorum 3
                    hysteresis 1
                    sorry_server 10.0.9.9 53
                    inhibit_on_failure
                    real_server 10.0.1.1 53 {
                        weight 5
                        uthreshold 100
                        lthreshold 10
                    }
                }
                """);
        VirtualServerConfig vs = i.config().virtualServers().get(0);
        assertEquals("10.0.0.1:53/udp", vs.key().toString());
        assertEquals(Set.of(SchedulerFlag.SH_FALLBACK, SchedulerFlag.SH_PORT, SchedulerFlag.ONE_PACKET), vs.schedulerFlags());
        assertEquals(Forwarding.TUN, vs.forwarding());
        assertEquals(TunnelConfig.Type.GUE, vs.tunnel().orElseThrow().type());
        assertEquals(6080, vs.tunnel().orElseThrow().port());
        assertEquals(Duration.ofSeconds(60), vs.persistence().orElseThrow().timeout());
        assertEquals(24, vs.persistence().orElseThrow().prefixLength());
        assertEquals(3, vs.quorum());
        assertEquals(1, vs.hysteresis());
        assertEquals("10.0.9.9", vs.sorryServer().orElseThrow().address().getHostAddress());
        assertEquals(OnFailure.ZERO_WEIGHT, vs.onFailure());
        assertEquals(5, vs.realServers().get(0).weight());
        assertEquals(100, vs.realServers().get(0).upperThreshold());
        assertEquals(10, vs.realServers().get(0).lowerThreshold());
        assertEquals(CheckType.NONE, vs.realServers().get(0).check().type(), "no checker: keepalived keeps it up");
        assertFalse(i.result().lossy(), i.lines().toString());
    }

    @Test
    void groupsExpandRangesAndFwmarks() {
        Imports i = of("""
                virtual_server_group WEB {
                    10.0.0.1-3 80
                    2001:db8::a-b 443
                    fwmark 7
                }
                virtual_server group WEB {
                    lb_kind DR
                    real_server 10.0.1.1 80 {
                    }
                }
                virtual_server fwmark 9 {
                    real_server 10.0.1.2 80 {
                    }
                }
                """);
        assertEquals(List.of("10.0.0.1:80/tcp", "10.0.0.2:80/tcp", "10.0.0.3:80/tcp", "[2001:db8::a]:443/tcp",
                        "[2001:db8::b]:443/tcp", "fwmark 7/ipv4", "fwmark 9/ipv4"),
                i.config().virtualServers().stream().map(v -> v.key().toString()).toList());
    }

    @Test
    void httpAndSslChecks() {
        Imports i = of("""
                virtual_server 10.0.0.1 443 {
                    virtualhost www.example.com
                    real_server 10.0.1.1 443 {
                        SSL_GET {
                            url {
                                path /status
                                status_code 200-299 301
                                digest 9B3A0C85A887A256D6939DA88AABD8CD
                            }
                            url {
                                path /second
                            }
                            connect_port 8443
                            bindto 10.0.0.5
                        }
                    }
                    real_server 10.0.1.2 443 {
                        HTTP_GET {
                            url {
                                path /
                                regex "ok|up"
                                virtualhost other.example.com
                            }
                        }
                    }
                }
                """);
        CheckSpec ssl = check(i.config(), 0, 0);
        assertEquals(CheckType.HTTPS, ssl.type());
        CheckParams.Http h = (CheckParams.Http) ssl.params();
        assertEquals("/status", h.path());
        assertEquals(List.of(new CheckParams.StatusRange(200, 299), new CheckParams.StatusRange(301, 301)), h.status());
        assertEquals("md5", h.digest().orElseThrow().algorithm());
        assertEquals(Optional.of("www.example.com"), h.host());
        assertFalse(h.tls().orElseThrow().verify(), "keepalived's SSL_GET does not verify certificates");
        assertEquals(Optional.of(8443), ssl.port());
        assertEquals("10.0.0.5", ssl.source().orElseThrow().getHostAddress());
        assertTrue(i.finding(10, "url").contains("only the first url"), i.lines().toString());
        CheckParams.Http plain = (CheckParams.Http) check(i.config(), 0, 1).params();
        assertEquals(Optional.of("ok|up"), plain.bodyRegex());
        assertEquals(Optional.of("other.example.com"), plain.host(), "the url's virtualhost wins");
    }

    @Test
    void miscDnsUdpFileChecks() {
        Imports i = of("""
                track_file maint {
                    file /var/run/lb/maint
                }
                virtual_server 10.0.0.1 53 {
                    protocol UDP
                    real_server 10.0.1.1 53 {
                        MISC_CHECK {
                            misc_path "/usr/local/bin/check-dns 10.0.1.1 'two words'"
                            misc_timeout 2
                            misc_dynamic
                            user nobody
                        }
                    }
                    real_server 10.0.1.2 53 {
                        DNS_CHECK {
                            type A
                            name example.com
                        }
                    }
                    real_server 10.0.1.3 53 {
                        UDP_CHECK {
                            payload 0a0b
                            require_reply 0c??
                        }
                    }
                    real_server 10.0.1.4 53 {
                        FILE_CHECK {
                            track_file maint
                        }
                    }
                }
                """);
        CheckParams.Exec exec = (CheckParams.Exec) check(i.config(), 0, 0).params();
        assertEquals(List.of("/usr/local/bin/check-dns", "10.0.1.1", "two words"), exec.command());
        assertTrue(exec.dynamic());
        assertEquals(Optional.of("nobody"), exec.user());
        assertEquals(Duration.ofSeconds(2), check(i.config(), 0, 0).timeout());
        CheckParams.Dns dns = (CheckParams.Dns) check(i.config(), 0, 1).params();
        assertEquals("example.com", dns.query());
        assertEquals("A", dns.record());
        CheckParams.Udp udp = (CheckParams.Udp) check(i.config(), 0, 2).params();
        assertEquals("0a0b", udp.payload());
        assertTrue(udp.requireReply());
        assertEquals(CheckType.FILE, check(i.config(), 0, 3).type());
        assertTrue(i.finding(28, "track_file").contains("reads a number"), i.lines().toString());
    }

    @Test
    void smtpAndPingBecomeTcpChecksWithALine() {
        Imports i = of("""
                virtual_server 10.0.0.1 25 {
                    real_server 10.0.1.1 25 {
                        SMTP_CHECK {
                            helo_name lb.example.com
                        }
                    }
                    real_server 10.0.1.2 2525 {
                        PING_CHECK {
                        }
                    }
                }
                """);
        assertEquals(CheckType.TCP, check(i.config(), 0, 0).type());
        assertEquals(Optional.of(25), check(i.config(), 0, 0).port());
        assertTrue(i.finding(3, "SMTP_CHECK").contains("port 25"), i.lines().toString());
        assertEquals(CheckType.TCP, check(i.config(), 0, 1).type());
        assertTrue(i.finding(8, "PING_CHECK").contains("tcp check"), i.lines().toString());
        assertTrue(i.finding(4, "helo_name").contains("left out"), i.lines().toString());
    }

    @Test
    void vrrpInstanceKeywords() {
        Imports i = of("""
                global_defs {
                    router_id lb-west
                    lvs_sync_daemon eth1 VI_1 id 51 maxlen 1400 port 8850 ttl 2 group 224.0.0.90
                }
                vrrp_script chk_haproxy {
                    script "/usr/bin/pgrep haproxy"
                    interval 2
                    timeout 1
                    rise 2
                    fall 3
                }
                vrrp_instance VI_1 {
                    state MASTER
                    interface eth0
                    virtual_router_id 51
                    priority 150
                    nopreempt
                    preempt_delay 30
                    unicast_src_ip 10.0.0.11
                    unicast_peer {
                        10.0.0.12
                    }
                    track_interface {
                        eth1
                    }
                    track_script {
                        chk_haproxy
                    }
                    notify_master /etc/keepalived/master.sh
                    virtual_ipaddress {
                        192.0.2.10/24 dev eth0 label eth0:vip
                        192.0.2.11
                        2001:db8::10 dev eth2
                    }
                }
                """);
        DirectorConfig c = i.config();
        assertEquals("lb-west", c.node().name());
        assertEquals(150, c.node().priority());
        assertFalse(c.node().preempt());
        assertEquals(Duration.ofSeconds(30), c.node().preemptDelay());
        assertEquals(List.of("192.0.2.10/24", "192.0.2.11/32", "2001:db8::10/128"),
                c.vips().stream().map(v -> v.address().toString()).toList());
        assertEquals(List.of("eth0", "eth0", "eth2"), c.vips().stream().map(v -> v.interfaceName()).toList());
        assertEquals(List.of("eth0", "eth1"), c.track().interfaces());
        assertEquals(List.of("/usr/bin/pgrep", "haproxy"), c.track().scripts().get(0).command());
        assertEquals(3, c.track().scripts().get(0).fall());
        assertEquals("vrrp-51", c.cluster().name());
        assertEquals("10.0.0.11:5701", c.cluster().bind().orElseThrow().toString());
        assertEquals(2, c.cluster().members().size());
        assertEquals("eth1", c.syncDaemon().orElseThrow().interfaceName());
        assertEquals(51, c.syncDaemon().orElseThrow().syncId());
        assertTrue(i.finding(29, "notify_master").contains("notify.script"), i.lines().toString());
        assertTrue(i.result().yaml().contains("\nvips:\n"), "one instance keeps the top-level vips: " + i.result().yaml());
    }

    @Test
    void aPairConvertedForEachNodeHasMatchingClusters() {
        String pair = """
                vrrp_instance VI_1 {
                @lb1    state MASTER
                @lb1    priority 150
                @lb2    state BACKUP
                @lb2    priority 100
                    interface eth0
                    virtual_router_id 60
                @lb1    unicast_src_ip 10.0.0.11
                @lb2    unicast_src_ip 10.0.0.12
                    unicast_peer {
                @lb1        10.0.0.12
                @lb2        10.0.0.11
                    }
                    virtual_ipaddress {
                        192.0.2.10/32
                    }
                }
                """;
        DirectorConfig lb1 = Imports.of(dir, "lb1", "keepalived.conf", pair).config();
        DirectorConfig lb2 = Imports.of(dir, "lb2", "keepalived.conf", pair).config();
        assertEquals(lb1.cluster().members(), lb2.cluster().members());
        assertEquals(lb1.cluster().name(), lb2.cluster().name());
        assertEquals("10.0.0.11:5701", lb1.cluster().bind().orElseThrow().toString());
        assertEquals("10.0.0.12:5701", lb2.cluster().bind().orElseThrow().toString());
        assertTrue(lb1.cluster().members().contains(lb1.cluster().bind().orElseThrow()));
        assertTrue(lb2.cluster().members().contains(lb2.cluster().bind().orElseThrow()));
        assertEquals(150, lb1.node().priority());
        assertEquals(100, lb2.node().priority());
        assertEquals(lb1.vips(), lb2.vips());
    }
}
