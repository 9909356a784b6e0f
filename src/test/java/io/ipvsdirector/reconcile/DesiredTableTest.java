package io.ipvsdirector.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ipvsdirector.config.TestConfigs;
import io.ipvsdirector.kernel.ipvs.Destination;
import io.ipvsdirector.kernel.ipvs.ForwardingMethod;
import io.ipvsdirector.kernel.ipvs.IpvsadmWords;
import io.ipvsdirector.kernel.ipvs.Service;
import io.ipvsdirector.kernel.ipvs.ServiceFlag;
import io.ipvsdirector.kernel.ipvs.Tunnel;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The configuration in kernel terms, field by field. */
class DesiredTableTest {
    private static final String CONFIG = """
            virtual_servers:
              - name: dns
                address: 192.0.2.53
                port: 53
                protocol: udp
                scheduler: sh
                scheduler_flags: [sh-fallback, sh-port, one-packet]
                persistence: {timeout: 60s, netmask: 255.255.255.0}
                real_servers:
                  - {address: 10.0.1.11, port: 5353, weight: 3, upper_threshold: 100, lower_threshold: 10}
                  - {address: 10.0.1.12, forwarding: dr}
              - name: v6
                address: "2001:db8::10"
                port: 443
                scheduler: mh
                scheduler_flags: [mh-port]
                forwarding: tun
                tunnel: {type: gue, port: 6080, checksum: csum}
                persistence: {timeout: 5m, netmask: 64, engine: sip}
                real_servers:
                  - {address: "2001:db8::11"}
                  - {address: "2001:db8::12", tunnel: {type: gre}}
              - name: marked
                fwmark: 7
                family: ipv4
                check: {type: none}
                real_servers: [{address: 10.0.1.13}]
            """;

    @Test
    void eachVirtualServerIsAServiceAndEachRealServerADestinationAtItsWeight() {
        Table t = DesiredTable.from(TestConfigs.valid(CONFIG));
        assertEquals(3, t.services().size());
        List<String> words = t.services().values().stream().flatMap(e -> {
            List<String> lines = new java.util.ArrayList<>(List.of(IpvsadmWords.service(e.service())));
            e.destinations().values().forEach(d -> lines.add("  " + IpvsadmWords.destination(d)));
            return lines.stream();
        }).toList();
        assertEquals(List.of(
                "-u 192.0.2.53:53 -s sh -p 60 -M 255.255.255.0 -o -b sh-fallback,sh-port",
                "  -r 10.0.1.11:5353 -m -w 3 -x 100 -y 10",
                "  -r 10.0.1.12:53 -g -w 1",
                "-t [2001:db8::10]:443 -s mh -p 300 -M 64 --pe sip -b mh-port",
                "  -r [2001:db8::11]:443 -i -w 1 --tun-type gue --tun-port 6080 --tun-csum",
                "  -r [2001:db8::12]:443 -i -w 1 --tun-type gre --tun-nocsum",
                "-f 7 -s wlc",
                "  -r 10.0.1.13:0 -m -w 1"), words);
    }

    @Test
    void netmasksAreInTheKernelsTerms() {
        Table t = DesiredTable.from(TestConfigs.valid(CONFIG));
        List<Service> services = t.services().values().stream().map(Table.Entry::service).toList();
        assertEquals(0xffffff00, services.get(0).netmask(), "IPv4: the mask");
        assertEquals(Set.of(ServiceFlag.PERSISTENT, ServiceFlag.SCHED1, ServiceFlag.SCHED2, ServiceFlag.ONE_PACKET),
                services.get(0).flags());
        assertEquals(64, services.get(1).netmask(), "IPv6: the prefix length");
        assertEquals(Optional.of("sip"), services.get(1).persistenceEngine());
        assertEquals(0xffffffff, services.get(2).netmask(), "not persistent: one host, as ipvsadm sends");
        assertEquals(0, services.get(2).timeout());
        Destination gre = t.services().values().stream().toList().get(1).destinations().values().stream().toList().get(1);
        assertEquals(ForwardingMethod.TUNNEL, gre.forwarding());
        assertEquals(Optional.of(new Tunnel(Tunnel.Type.GRE, 0, Tunnel.Checksum.NOCSUM)), gre.tunnel());
    }
}
