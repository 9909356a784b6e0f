package io.ipvsdirector.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvsdirector.testkit.IpvsKernelTest;
import io.ipvsdirector.testkit.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The classic LVS experiments, done by the product: a client reaching a VIP is balanced across three
 * real web servers (each answers with its name) by a director run as {@code ipvs-director run}, in
 * each forwarding method. For each: rr alternates exactly, wrr follows the weights 1:2:3, sh keeps
 * the client on one server, a killed server stops receiving requests within fall x interval +
 * timeout of its check, and receives them again once it is back. Then what the method itself means:
 * NAT maps port 80 to 8080 and needs forwarding on the director (the director turns it on); in DR
 * and TUN the replies never pass the director (its IPVS counts no packet out), and the real servers
 * are prepared by {@code ipvs-director realserver setup}, which a teardown undoes.
 *
 * <p>One director serves the three methods, each on its own VIP and its own real servers: a JVM
 * start costs tens of seconds on the single-CPU test kernel of a busy machine.
 *
 * <pre>
 *  client 10.92.0.100 ── lan ── d 10.92.0.2 (VIPs .10 DR, .20 NAT, .30 TUN) ── nat: 10.91.2.0/24 (d is .1)
 *                         │   └─ dr1..3 10.92.0.11-13                           nat1..3 .11-13, gateway d
 *                         └── r 10.92.0.1 ── tun: 10.93.2.0/24 (r is .1): tun1..3 .11-13, gateway r
 * </pre>
 */
@IpvsKernelTest(timeoutSeconds = 600)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForwardingModesKernelTest {
    private static final String DR_VIP = "10.92.0.10";
    private static final String NAT_VIP = "10.92.0.20";
    private static final String TUN_VIP = "10.92.0.30";
    /** The check of every real server: a failure is noticed within FALL x INTERVAL + TIMEOUT. */
    private static final int INTERVAL = 1000;
    private static final int TIMEOUT = 800;
    private static final int FALL = 2;
    /** What a single-CPU User-Mode Linux kernel on a busy machine may add to that bound. */
    private static final int SLACK = 3000;

    private Path dir;
    private LvsLab lab;
    private String d;
    private String c;
    private final Map<String, String> hosts = new TreeMap<>();
    private VipClient client;

    @BeforeAll
    void build(@TempDir Path tmp) throws Exception {
        dir = tmp;
        lab = new LvsLab(dir);
        String lan = lab.bridge("lan");
        c = lab.host("c", "eth0", lan, "10.92.0.100/24");
        d = lab.host("d", "eth0", lan, "10.92.0.2/24");
        // NAT: the real servers on their own subnet, their gateway the director.
        String nat = lab.bridge("nat");
        lab.net.plug(d, "eth1", nat, "10.91.2.1/24");
        // The director must turn forwarding on by itself.
        lab.sysctl(d, "net.ipv4.ip_forward=0");
        // TUN: the real servers behind a router, reachable only through the tunnel.
        String tun = lab.bridge("tun");
        String r = lab.host("r", "eth0", lan, "10.92.0.1/24");
        lab.net.plug(r, "eth1", tun, "10.93.2.1/24");
        lab.sysctl(r, "net.ipv4.ip_forward=1");
        lab.in(d, "ip", "route", "add", "10.93.2.0/24", "via", "10.92.0.1");
        for (int i = 1; i <= 3; i++) {
            String n = lab.host("nat" + i, "eth0", nat, "10.91.2.1" + i + "/24");
            lab.in(n, "ip", "route", "add", "default", "via", "10.91.2.1");
            lab.server("nat" + i, n, 8080);
            hosts.put("nat" + i, n);

            String dr = lab.host("dr" + i, "eth0", lan, "10.92.0.1" + i + "/24");
            lab.command(dr, "realserver", "setup", "--mode", "dr", "--vip", DR_VIP, "--interface", "eth0",
                    "--state-file", dir.resolve("dr" + i + ".json").toString());
            lab.server("dr" + i, dr, 80, 81, 82);
            hosts.put("dr" + i, dr);

            String t = lab.host("tun" + i, "eth0", tun, "10.93.2.1" + i + "/24");
            lab.in(t, "ip", "route", "add", "default", "via", "10.93.2.1");
            // A distribution's strict reverse-path filter, which the setup must lift for tunl0.
            lab.sysctl(t, "net.ipv4.conf.all.rp_filter=1", "net.ipv4.conf.default.rp_filter=1");
            // No --interface: the interface of the default route gets the ARP settings.
            lab.command(t, "realserver", "setup", "--mode", "tun", "--vip", TUN_VIP,
                    "--state-file", dir.resolve("tun" + i + ".json").toString());
            lab.server("tun" + i, t, 80, 81, 82);
            hosts.put("tun" + i, t);
        }
        lab.director("d", d, config());
        client = lab.client(c);
        Poll.until("27 real servers in the director's table", LvsLab.WAIT, () -> lab.destinations(d).size() == 27);
    }

    @AfterAll
    void close() {
        if (lab != null) {
            lab.close();
        }
    }

    private String config() {
        StringBuilder y = new StringBuilder();
        y.append("node: {name: d}\n")
                .append("ipvs: {state_file: ").append(dir.resolve("owned.json")).append("}\n")
                .append("notify: {events: ").append(dir.resolve("events.jsonl")).append("}\n")
                .append("vips:\n");
        for (String vip : List.of(DR_VIP, NAT_VIP, TUN_VIP)) {
            y.append("  - {address: ").append(vip).append("/32, interface: eth0}\n");
        }
        y.append("announce: {count: 1, interval: 100ms, repeat_after: 0s}\n")
                .append("defaults:\n  check: {type: http, interval: ").append(INTERVAL).append("ms, timeout: ")
                .append(TIMEOUT).append("ms, rise: 1, fall: ").append(FALL).append("}\n")
                .append("virtual_servers:\n");
        services(y, "nat", NAT_VIP, "10.91.2.1", 8080);
        services(y, "dr", DR_VIP, "10.92.0.1", 0);
        services(y, "tun", TUN_VIP, "10.93.2.1", 0);
        return y.toString();
    }

    /** rr on VIP:80, wrr (weights 1, 2, 3) on :81, sh on :82, each with the three real servers. */
    private static void services(StringBuilder y, String method, String vip, String servers, int port) {
        String[] schedulers = {"rr", "wrr", "sh"};
        for (int i = 0; i < schedulers.length; i++) {
            y.append("  - {name: ").append(method).append('-').append(schedulers[i]).append(", address: ").append(vip)
                    .append(", port: ").append(80 + i).append(", scheduler: ").append(schedulers[i])
                    .append(", forwarding: ").append(method)
                    // One check per real server, shared by its three services: fewer probes on a starved CPU.
                    .append(", check: {port: ").append(port == 0 ? 80 : port).append("}")
                    .append(",\n     real_servers: [");
            for (int s = 1; s <= 3; s++) {
                y.append(s == 1 ? "" : ", ").append("{address: ").append(servers).append(s)
                        .append(port == 0 ? "" : ", port: " + port)
                        .append(schedulers[i].equals("wrr") ? ", weight: " + s : "").append("}");
            }
            y.append("]}\n");
        }
    }

    /** rr, wrr, sh, then a server killed and brought back: what every method must do. */
    private void balancing(String method, String vip) throws Exception {
        List<String> names = List.of(method + "1", method + "2", method + "3");
        List<String> rr = client.getMany(vip, 80, 30);
        assertEquals(names, rr.subList(0, 3).stream().sorted().toList(), "rr: " + rr);
        for (int i = 0; i < rr.size(); i++) {
            assertEquals(rr.get(i % 3), rr.get(i), "rr alternates exactly: " + rr);
        }

        Map<String, Long> wrr = new TreeMap<>(client.getMany(vip, 81, 60).stream()
                .collect(Collectors.groupingBy(s -> s, Collectors.counting())));
        assertEquals(Map.of(names.get(0), 10L, names.get(1), 20L, names.get(2), 30L), wrr, "wrr, weights 1, 2, 3");

        List<String> sh = client.getMany(vip, 82, 20);
        assertEquals(1, sh.stream().distinct().count(), "sh keeps the client on one server: " + sh);

        killAndBringBack(names, vip);
    }

    private void killAndBringBack(List<String> names, String vip) throws Exception {
        String victim = names.get(0);
        long bound = (long) FALL * INTERVAL + TIMEOUT;
        long t0 = System.nanoTime();
        lab.servers(victim).stop();
        List<Long> failures = new ArrayList<>();
        List<String> after = new ArrayList<>();
        int requests = 0;
        int okInARow = 0;
        while (true) {
            long at = (System.nanoTime() - t0) / 1_000_000;
            Optional<String> answer = client.tryGet(vip, 80);
            requests++;
            if (answer.isEmpty()) {
                failures.add(at);
                okInARow = 0;
                after.clear();
            } else {
                okInARow++;
                after.add(answer.get());
            }
            if (at > bound + SLACK && okInARow >= 20) {
                break;
            }
            assertTrue(at < LvsLab.WAIT.toMillis(), "requests still failing " + at + " ms after the kill");
        }
        long last = failures.isEmpty() ? 0 : failures.get(failures.size() - 1);
        System.out.printf("%s killed: %d of %d requests failed, the last one %d ms after the kill "
                + "(fall %d x interval %d ms + timeout %d ms = %d ms)%n", victim, failures.size(), requests, last,
                FALL, INTERVAL, TIMEOUT, bound);
        assertTrue(!failures.isEmpty(), "the killed server was sent requests before its check failed");
        assertTrue(last <= bound + SLACK, "every request succeeds from " + last + " ms after the kill");
        assertTrue(!after.contains(victim) && after.containsAll(names.subList(1, 3)), "the others answer: " + after);

        long t1 = System.nanoTime();
        lab.servers(victim).start();
        Poll.until(victim + " answers again", LvsLab.WAIT, () -> client.tryGet(vip, 80).filter(victim::equals).isPresent());
        System.out.printf("%s back: it answered again %d ms after it restarted%n", victim,
                (System.nanoTime() - t1) / 1_000_000);
    }

    @Test
    void nat() throws Exception {
        lab.director("d").awaitLine("net.ipv4.ip_forward set to 1 (was 0)", LvsLab.WAIT);
        assertEquals("1", lab.readSysctl(d, "net.ipv4.ip_forward"));
        balancing("nat", NAT_VIP);
        LvsLab.Packets p = lab.packets(d, NAT_VIP + ":80");
        System.out.println("NAT " + NAT_VIP + ":80 at the director: " + p);
        assertTrue(p.in() > 0 && p.out() > 0, "NAT replies pass the director: " + p);
    }

    @Test
    void directRouting() throws Exception {
        String dr1 = hosts.get("dr1");
        assertEquals("1", lab.readSysctl(dr1, "net.ipv4.conf.eth0.arp_ignore"));
        assertEquals("2", lab.readSysctl(dr1, "net.ipv4.conf.all.arp_announce"));
        assertTrue(lab.in(dr1, "ip", "-o", "addr", "show", "dev", "lo").contains(DR_VIP + "/32"));
        List<String> again = lab.command(dr1, "realserver", "setup", "--mode", "dr", "--vip", DR_VIP,
                "--interface", "eth0", "--state-file", dir.resolve("dr1.json").toString());
        assertEquals("no changes", again.get(again.size() - 1), "a second setup changes nothing");

        balancing("dr", DR_VIP);

        // Only the director answered ARP for the VIP, and no reply passed it.
        assertEquals(lab.mac(d, "eth0"), lab.neighbour(c, DR_VIP), "the client's ARP entry for the VIP");
        LvsLab.Packets p = lab.packets(d, DR_VIP + ":80");
        System.out.println("DR " + DR_VIP + ":80 at the director: " + p);
        assertTrue(p.in() > 0 && p.out() == 0, "DR replies go straight to the client: " + p);

        lab.command(dr1, "realserver", "teardown", "--state-file", dir.resolve("dr1.json").toString());
        assertTrue(!lab.in(dr1, "ip", "-o", "addr", "show", "dev", "lo").contains(DR_VIP));
        assertEquals("0", lab.readSysctl(dr1, "net.ipv4.conf.eth0.arp_ignore"));
        assertEquals("0", lab.readSysctl(dr1, "net.ipv4.conf.all.arp_announce"));
        assertTrue(Files.notExists(dir.resolve("dr1.json")));
    }

    @Test
    void tunnelling() throws Exception {
        String tun1 = hosts.get("tun1");
        assertTrue(lab.in(tun1, "ip", "-o", "addr", "show", "dev", "tunl0").contains(TUN_VIP + "/32"));
        assertEquals("0", lab.readSysctl(tun1, "net.ipv4.conf.all.rp_filter"));
        assertEquals("0", lab.readSysctl(tun1, "net.ipv4.conf.tunl0.rp_filter"));
        assertEquals("1", lab.readSysctl(tun1, "net.ipv4.conf.eth0.arp_ignore"));
        assertTrue(lab.destinations(d).stream().filter(l -> l.contains(TUN_VIP)).allMatch(l -> l.contains(" -i ")));

        balancing("tun", TUN_VIP);

        LvsLab.Packets p = lab.packets(d, TUN_VIP + ":80");
        System.out.println("TUN " + TUN_VIP + ":80 at the director: " + p);
        assertTrue(p.in() > 0 && p.out() == 0, "TUN replies go from the real servers through the router: " + p);

        lab.command(tun1, "realserver", "teardown", "--state-file", dir.resolve("tun1.json").toString());
        assertTrue(!lab.in(tun1, "ip", "-o", "addr", "show", "dev", "tunl0").contains(TUN_VIP));
        assertEquals("1", lab.readSysctl(tun1, "net.ipv4.conf.all.rp_filter"));
        assertTrue(!lab.in(tun1, "ip", "-o", "link", "show", "tunl0").contains(",UP"), "tunl0 set down again");
    }
}
