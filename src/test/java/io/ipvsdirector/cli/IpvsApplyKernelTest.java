package io.ipvsdirector.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvsdirector.testkit.IpvsKernelTest;
import io.ipvsdirector.testkit.Ipvsadm;
import io.ipvsdirector.testkit.Shell;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `ipvs apply` against the real kernel, with `ipvsadm -Sn` as the witness. */
@IpvsKernelTest
class IpvsApplyKernelTest {
    /** Every scheduler but twos (Linux 6.2+), every forwarding method and tunnel, TCP, UDP, SCTP, fwmark, IPv6. */
    private static final String EVERYTHING = """
            ipvs: {state_file: STATE}
            virtual_servers:
              - {name: rr, address: 10.10.0.1, port: 1, scheduler: rr, real_servers: [{address: 10.20.0.1, port: 8080}]}
              - {name: wrr, address: 10.10.0.1, port: 2, scheduler: wrr, real_servers: [{address: 10.20.0.1, port: 8080, weight: 3}]}
              - {name: lc, address: 10.10.0.1, port: 3, scheduler: lc, real_servers: [{address: 10.20.0.1, port: 8080}]}
              - {name: wlc, address: 10.10.0.1, port: 4, scheduler: wlc, real_servers: [{address: 10.20.0.1, port: 8080}]}
              - {name: lblc, address: 10.10.0.1, port: 5, scheduler: lblc, real_servers: [{address: 10.20.0.1, port: 8080}]}
              - {name: lblcr, address: 10.10.0.1, port: 6, scheduler: lblcr, real_servers: [{address: 10.20.0.1, port: 8080}]}
              - {name: dh, address: 10.10.0.1, port: 7, scheduler: dh, real_servers: [{address: 10.20.0.1, port: 8080}]}
              - {name: sh, address: 10.10.0.1, port: 8, scheduler: sh, real_servers: [{address: 10.20.0.1, port: 8080}]}
              - {name: sed, address: 10.10.0.1, port: 9, scheduler: sed, real_servers: [{address: 10.20.0.1, port: 8080}]}
              - {name: nq, address: 10.10.0.1, port: 10, scheduler: nq, real_servers: [{address: 10.20.0.1, port: 8080}]}
              - {name: mh, address: 10.10.0.1, port: 11, scheduler: mh, real_servers: [{address: 10.20.0.1, port: 8080}]}
              - {name: fo, address: 10.10.0.1, port: 12, scheduler: fo, real_servers: [{address: 10.20.0.1, port: 8080}]}
              - {name: ovf, address: 10.10.0.1, port: 13, scheduler: ovf, real_servers: [{address: 10.20.0.1, port: 8080}]}
              - {name: dr, address: 10.10.0.2, port: 80, forwarding: dr, real_servers: [{address: 10.20.0.2, weight: 2}]}
              - {name: ipip, address: 10.10.0.3, port: 80, forwarding: tun, real_servers: [{address: 10.20.0.3}]}
              - name: gue
                address: 10.10.0.4
                port: 80
                forwarding: tun
                tunnel: {type: gue, port: 6080, checksum: remcsum}
                real_servers: [{address: 10.20.0.4}]
              - name: gre
                address: 10.10.0.5
                port: 80
                forwarding: tun
                tunnel: {type: gre, checksum: csum}
                real_servers: [{address: 10.20.0.5}]
              - {name: v4-over-v6, address: 10.10.0.6, port: 443, forwarding: tun, real_servers: [{address: "2001:db8:20::6"}]}
              - name: dns
                address: 10.10.0.7
                port: 53
                protocol: udp
                scheduler: sh
                scheduler_flags: [sh-port, sh-fallback, one-packet]
                persistence: {timeout: 60s, netmask: 255.255.255.0}
                real_servers: [{address: 10.20.0.7, port: 5353, weight: 4, upper_threshold: 100, lower_threshold: 10}]
              - {name: sctp, address: 10.10.0.8, port: 5000, protocol: sctp, forwarding: dr, real_servers: [{address: 10.20.0.8}]}
              - name: v6
                address: "2001:db8:10::1"
                port: 443
                scheduler: mh
                scheduler_flags: [mh-port, mh-fallback]
                persistence: {timeout: 100s, netmask: 64, engine: sip}
                real_servers: [{address: "2001:db8:20::10", port: 8443, weight: 7}]
              - name: fwm4
                fwmark: 100
                family: ipv4
                scheduler: rr
                persistence: {timeout: 300s}
                forwarding: dr
                check: {type: none}
                real_servers: [{address: 10.20.0.11}]
              - name: fwm6
                fwmark: 101
                family: ipv6
                scheduler: wrr
                forwarding: dr
                check: {type: none}
                real_servers: [{address: "2001:db8:20::12", weight: 2}]
            """;

    /** The same table, as ipvsadm -Sn saves it (sorted its way). */
    private static final String EVERYTHING_SAVED = """
            -A -t 10.10.0.1:1 -s rr
            -a -t 10.10.0.1:1 -r 10.20.0.1:8080 -m -w 1
            -A -t 10.10.0.1:2 -s wrr
            -a -t 10.10.0.1:2 -r 10.20.0.1:8080 -m -w 3
            -A -t 10.10.0.1:3 -s lc
            -a -t 10.10.0.1:3 -r 10.20.0.1:8080 -m -w 1
            -A -t 10.10.0.1:4 -s wlc
            -a -t 10.10.0.1:4 -r 10.20.0.1:8080 -m -w 1
            -A -t 10.10.0.1:5 -s lblc
            -a -t 10.10.0.1:5 -r 10.20.0.1:8080 -m -w 1
            -A -t 10.10.0.1:6 -s lblcr
            -a -t 10.10.0.1:6 -r 10.20.0.1:8080 -m -w 1
            -A -t 10.10.0.1:7 -s dh
            -a -t 10.10.0.1:7 -r 10.20.0.1:8080 -m -w 1
            -A -t 10.10.0.1:8 -s sh
            -a -t 10.10.0.1:8 -r 10.20.0.1:8080 -m -w 1
            -A -t 10.10.0.1:9 -s sed
            -a -t 10.10.0.1:9 -r 10.20.0.1:8080 -m -w 1
            -A -t 10.10.0.1:10 -s nq
            -a -t 10.10.0.1:10 -r 10.20.0.1:8080 -m -w 1
            -A -t 10.10.0.1:11 -s mh
            -a -t 10.10.0.1:11 -r 10.20.0.1:8080 -m -w 1
            -A -t 10.10.0.1:12 -s fo
            -a -t 10.10.0.1:12 -r 10.20.0.1:8080 -m -w 1
            -A -t 10.10.0.1:13 -s ovf
            -a -t 10.10.0.1:13 -r 10.20.0.1:8080 -m -w 1
            -A -t 10.10.0.2:80 -s wlc
            -a -t 10.10.0.2:80 -r 10.20.0.2:80 -g -w 2
            -A -t 10.10.0.3:80 -s wlc
            -a -t 10.10.0.3:80 -r 10.20.0.3:80 -i -w 1 --tun-type ipip
            -A -t 10.10.0.4:80 -s wlc
            -a -t 10.10.0.4:80 -r 10.20.0.4:80 -i -w 1 --tun-type gue --tun-port 6080 --tun-remcsum
            -A -t 10.10.0.5:80 -s wlc
            -a -t 10.10.0.5:80 -r 10.20.0.5:80 -i -w 1 --tun-type gre --tun-csum
            -A -t 10.10.0.6:443 -s wlc
            -a -t 10.10.0.6:443 -r [2001:db8:20::6]:443 -i -w 1 --tun-type ipip
            -A -u 10.10.0.7:53 -s sh -p 60 -M 255.255.255.0 -o -b sh-fallback,sh-port
            -a -u 10.10.0.7:53 -r 10.20.0.7:5353 -m -w 4
            -A --sctp-service 10.10.0.8:5000 -s wlc
            -a --sctp-service 10.10.0.8:5000 -r 10.20.0.8:5000 -g -w 1
            -A -t [2001:db8:10::1]:443 -s mh -p 100 -M 64 --pe sip -b mh-fallback,mh-port
            -a -t [2001:db8:10::1]:443 -r [2001:db8:20::10]:8443 -m -w 7
            -A -f 100 -s rr -p 300
            -a -f 100 -r 10.20.0.11:0 -g -w 1
            -A -f 101 -6 -s wrr
            -a -f 101 -6 -r [2001:db8:20::12]:0 -g -w 2
            """;

    private static final String SMALL = """
            ipvs: {state_file: STATE}
            virtual_servers:
              - {name: web, address: 10.40.0.1, port: 80, real_servers: [{address: 10.40.1.1, port: 8080}, {address: 10.40.1.2, port: 8080}]}
              - {name: api, address: 10.40.0.2, port: 80, scheduler: rr, real_servers: [{address: 10.40.1.1, port: 9090}]}
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void emptyTable() {
        Ipvsadm.clear();
    }

    @Test
    void appliesEveryKindOfServiceAsIpvsadmWouldSaveItAndASecondRunChangesNothing() throws Exception {
        CliRun first = apply(EVERYTHING);
        assertEquals(0, first.exitCode(), first.err());
        assertEquals("", first.err());
        assertEquals(EVERYTHING_SAVED.lines().toList(), Ipvsadm.save());
        List<String> printed = first.out().lines().toList();
        assertEquals(47, printed.size(), first.out());
        assertEquals("46 operation(s) applied", printed.get(46));
        assertTrue(printed.contains("-a -u 10.10.0.7:53 -r 10.20.0.7:5353 -m -w 4 -x 100 -y 10"), first.out());
        // ipvsadm -Sn leaves thresholds out; -Ln --thresholds shows them.
        assertTrue(Ipvsadm.run("-Ln", "--thresholds").stream().anyMatch(l -> l.matches("\\s+-> 10\\.20\\.0\\.7:5353\\s+100\\s+10\\s.*")),
                String.join("\n", Ipvsadm.run("-Ln", "--thresholds")));

        CliRun second = apply(EVERYTHING);
        assertEquals(0, second.exitCode(), second.err());
        assertEquals("no changes\n", second.out());
        assertEquals(EVERYTHING_SAVED.lines().toList(), Ipvsadm.save());
    }

    @Test
    void twosIsAppliedWhereTheKernelHasItAndOtherwiseRefusedNamingTheModule() throws Exception {
        String config = "virtual_servers:\n  - {address: 10.50.0.1, port: 80, scheduler: twos, real_servers: [{address: 10.50.1.1}]}\n";
        boolean kernelHasTwos = Shell.run("ipvsadm", "-A", "-t", "10.50.9.9:1", "-s", "twos").exit() == 0;
        Ipvsadm.clear();
        CliRun run = apply(config);
        if (kernelHasTwos) {
            assertEquals(0, run.exitCode(), run.err());
            assertEquals(List.of("-A -t 10.50.0.1:80 -s twos", "-a -t 10.50.0.1:80 -r 10.50.1.1:80 -m -w 1"), Ipvsadm.save());
        } else {
            assertEquals(1, run.exitCode());
            List<String> err = run.err().lines().toList();
            assertEquals("-A -t 10.50.0.1:80 -s twos: the kernel has no scheduler twos (module ip_vs_twos could not be loaded)",
                    err.get(err.size() - 1), run.err());
            assertTrue(Ipvsadm.save().isEmpty());
        }
    }

    @Test
    void foreignServicesSurviveAndEverythingOwnedIsManaged() throws Exception {
        Ipvsadm.restore("-A -t 10.30.0.1:80 -s rr\n-a -t 10.30.0.1:80 -r 10.30.1.1:80 -m -w 1\n");
        List<String> foreign = Ipvsadm.save();
        assertEquals(0, apply(SMALL).exitCode());
        assertTrue(Ipvsadm.save().containsAll(foreign), "a service the director does not own is left alone");

        // A destination added by hand to an owned service is removed, with one operation.
        Ipvsadm.run("-a", "-t", "10.40.0.1:80", "-r", "10.40.1.9:8080", "-m");
        assertEquals(List.of("-d -t 10.40.0.1:80 -r 10.40.1.9:8080", "1 operation(s) applied"), apply(SMALL).out().lines().toList());

        // Owned: recorded in the state file, so removing it from the configuration deletes it, once.
        JsonObject state = new JsonObject(Files.readString(dir.resolve("owned.json")));
        assertEquals(2, state.getJsonArray("services").size(), state.encode());
        String withoutApi = SMALL.lines().filter(l -> !l.contains("name: api")).reduce("", (a, b) -> a + b + "\n");
        assertEquals(List.of("-D -t 10.40.0.2:80", "1 operation(s) applied"), apply(withoutApi).out().lines().toList());
        assertEquals(1, new JsonObject(Files.readString(dir.resolve("owned.json"))).getJsonArray("services").size());
        assertTrue(Ipvsadm.save().containsAll(foreign));

        // Without a record, a service missing from the configuration is not the director's: left alone.
        Files.delete(dir.resolve("owned.json"));
        Ipvsadm.run("-A", "-t", "10.40.0.2:80", "-s", "rr");
        assertEquals("no changes\n", apply(withoutApi).out());
    }

    @Test
    void dryRunPrintsTheOperationsAndChangesNothing() throws Exception {
        Path config = config(SMALL);
        CliRun run = CliRun.of("ipvs", "apply", "--config", config.toString(), "--dry-run");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of("-A -t 10.40.0.1:80 -s wlc", "-a -t 10.40.0.1:80 -r 10.40.1.1:8080 -m -w 1",
                "-a -t 10.40.0.1:80 -r 10.40.1.2:8080 -m -w 1", "-A -t 10.40.0.2:80 -s rr",
                "-a -t 10.40.0.2:80 -r 10.40.1.1:9090 -m -w 1", "5 operation(s) planned; dry run, nothing applied"),
                run.out().lines().toList());
        assertTrue(Ipvsadm.save().isEmpty());
        assertTrue(Files.notExists(dir.resolve("owned.json")), "a dry run records nothing");
    }

    @Test
    void configuredTimeoutsAreSetAndOnlyWhenTheyDiffer() throws Exception {
        String config = "ipvs:\n  state_file: STATE\n  timeouts: {tcp: 1000s, tcpfin: 2m, udp: 200s}\n";
        List<String> before = Ipvsadm.run("-Ln", "--timeout");
        assertEquals(List.of("Timeout (tcp tcpfin udp): 900 120 300"), before, "the kernel's defaults");
        assertEquals(List.of("--set 1000 0 200", "1 operation(s) applied"), apply(config).out().lines().toList());
        assertEquals(List.of("Timeout (tcp tcpfin udp): 1000 120 200"), Ipvsadm.run("-Ln", "--timeout"));
        assertEquals("no changes\n", apply(config).out());
        Ipvsadm.run("--set", "900", "120", "300");
    }

    private CliRun apply(String yaml) throws Exception {
        return CliRun.of("ipvs", "apply", "--config", config(yaml).toString());
    }

    private Path config(String yaml) throws Exception {
        Path file = dir.resolve("director.yaml");
        Files.writeString(file, yaml.replace("STATE", dir.resolve("owned.json").toString()));
        return file;
    }
}
