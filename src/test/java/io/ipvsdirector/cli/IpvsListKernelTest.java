package io.ipvsdirector.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ipvsdirector.testkit.IpvsKernelTest;
import io.ipvsdirector.testkit.Ipvsadm;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** `ipvs list` reads back, through the director's own netlink client, a table that ipvsadm made. */
@IpvsKernelTest
class IpvsListKernelTest {
    /** Every kind of service and destination ipvsadm can make, in its own words. */
    private static final String RULES = """
            -A -t 10.1.1.1:80 -s wrr
            -a -t 10.1.1.1:80 -r 10.1.1.2:8080 -m -w 3
            -a -t 10.1.1.1:80 -r 10.1.1.3:80 -i -w 5 -x 100 -y 10 --tun-type gue --tun-port 6080 --tun-remcsum
            -a -t 10.1.1.1:80 -r 10.1.1.4:80 -i -w 1 --tun-type gre --tun-csum
            -a -t 10.1.1.1:80 -r [2001:db8::5]:80 -i -w 2 --tun-type ipip
            -A -u 10.1.1.1:53 -s sh -p 60 -M 255.255.255.0 -o -b sh-fallback,sh-port
            -a -u 10.1.1.1:53 -r 10.1.1.9:53 -g -w 0
            -A --sctp-service 10.1.1.1:5000 -s lc
            -A -t [2001:db8::1]:443 -s mh -p 100 -M 64 --pe sip -b mh-port
            -a -t [2001:db8::1]:443 -r [2001:db8::10]:8443 -m -w 7
            -A -f 7 -6 -s rr
            -A -f 8 -s dh -p 300
            -a -f 8 -r 10.2.2.2:0 -g -w 1
            """;

    @BeforeAll
    static void ipvsadmMakesTheTable() {
        Ipvsadm.clear();
        Ipvsadm.restore(RULES);
    }

    @AfterAll
    static void clear() {
        Ipvsadm.clear();
    }

    @Test
    void listIsLaidOutLikeIpvsadmLn() {
        CliRun run = CliRun.of("ipvs", "list");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(String.join("\n", Ipvsadm.run("-Ln")) + "\n", run.out());
    }

    @Test
    void statsAreLaidOutLikeIpvsadmLnStats() {
        CliRun run = CliRun.of("ipvs", "list", "--stats");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(String.join("\n", Ipvsadm.run("-Ln", "--stats")) + "\n", run.out());
    }

    @Test
    void jsonReadsBackExactlyWhatIpvsadmMade() {
        CliRun run = CliRun.of("ipvs", "list", "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonObject table = new JsonObject(run.out());
        assertEquals("1.2.1", table.getString("version"));
        assertEquals(new JsonObject(EXPECTED).encodePrettily(), new JsonObject().put("services", table.getJsonArray("services"))
                .encodePrettily());
    }

    private static final String EXPECTED = """
            {"services": [
              {"family": "ipv4", "protocol": "tcp", "address": "10.1.1.1", "port": 80, "scheduler": "wrr",
               "scheduler_flags": [], "destinations": [
                {"address": "10.1.1.2", "family": "ipv4", "port": 8080, "forwarding": "nat", "weight": 3,
                 "upper_threshold": 0, "lower_threshold": 0, "active_connections": 0, "inactive_connections": 0,
                 "persistent_connections": 0},
                {"address": "10.1.1.3", "family": "ipv4", "port": 80, "forwarding": "tun",
                 "tunnel": {"type": "gue", "port": 6080, "checksum": "remcsum"}, "weight": 5,
                 "upper_threshold": 100, "lower_threshold": 10, "active_connections": 0, "inactive_connections": 0,
                 "persistent_connections": 0},
                {"address": "10.1.1.4", "family": "ipv4", "port": 80, "forwarding": "tun",
                 "tunnel": {"type": "gre", "checksum": "csum"}, "weight": 1,
                 "upper_threshold": 0, "lower_threshold": 0, "active_connections": 0, "inactive_connections": 0,
                 "persistent_connections": 0},
                {"address": "2001:db8::5", "family": "ipv6", "port": 80, "forwarding": "tun",
                 "tunnel": {"type": "ipip", "checksum": "nocsum"}, "weight": 2,
                 "upper_threshold": 0, "lower_threshold": 0, "active_connections": 0, "inactive_connections": 0,
                 "persistent_connections": 0}]},
              {"family": "ipv4", "protocol": "udp", "address": "10.1.1.1", "port": 53, "scheduler": "sh",
               "scheduler_flags": ["sh-fallback", "sh-port", "one-packet"],
               "persistence": {"timeout": 60, "netmask": "255.255.255.0"}, "destinations": [
                {"address": "10.1.1.9", "family": "ipv4", "port": 53, "forwarding": "dr", "weight": 0,
                 "upper_threshold": 0, "lower_threshold": 0, "active_connections": 0, "inactive_connections": 0,
                 "persistent_connections": 0}]},
              {"family": "ipv4", "protocol": "sctp", "address": "10.1.1.1", "port": 5000, "scheduler": "lc",
               "scheduler_flags": [], "destinations": []},
              {"family": "ipv6", "protocol": "tcp", "address": "2001:db8::1", "port": 443, "scheduler": "mh",
               "scheduler_flags": ["mh-port"], "persistence": {"timeout": 100, "netmask": 64, "engine": "sip"},
               "destinations": [
                {"address": "2001:db8::10", "family": "ipv6", "port": 8443, "forwarding": "nat", "weight": 7,
                 "upper_threshold": 0, "lower_threshold": 0, "active_connections": 0, "inactive_connections": 0,
                 "persistent_connections": 0}]},
              {"family": "ipv6", "fwmark": 7, "scheduler": "rr", "scheduler_flags": [], "destinations": []},
              {"family": "ipv4", "fwmark": 8, "scheduler": "dh", "scheduler_flags": [],
               "persistence": {"timeout": 300, "netmask": "255.255.255.255"}, "destinations": [
                {"address": "10.2.2.2", "family": "ipv4", "port": 0, "forwarding": "dr", "weight": 1,
                 "upper_threshold": 0, "lower_threshold": 0, "active_connections": 0, "inactive_connections": 0,
                 "persistent_connections": 0}]}
            ]}
            """;
}
