package io.ipvsdirector.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvsdirector.testkit.ChildProcess;
import io.ipvsdirector.testkit.IpvsKernelTest;
import io.ipvsdirector.testkit.Netns;
import io.ipvsdirector.testkit.Poll;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover under traffic: two directors (DR, on one LAN with two real servers and a client), each
 * running the IPVS sync daemon from its sync_daemon section. The client makes a request every 50 ms;
 * the ACTIVE director's host crashes (its cable pulled and its process killed); the client sees a gap,
 * printed, and then every request is answered through the other director. A TCP connection opened
 * before the crash carries requests after it, to the same real server: the standby learnt it from
 * the sync daemon.
 */
@IpvsKernelTest(timeoutSeconds = 2400)
class FailoverKernelTest {
    /** Two JVMs and a Hazelcast join on the single-CPU test kernel of a busy machine: minutes, not seconds. */
    private static final Duration WAIT = Duration.ofSeconds(900);
    private static final String VIP = "10.94.0.10";

    @TempDir
    Path dir;

    private String config(String name, int priority, String address) {
        return "node: {name: " + name + ", priority: " + priority + "}\n"
                + "cluster: {name: e2e, bind: '" + address + ":5701', members: ['10.94.0.2:5701', '10.94.0.3:5701'],\n"
                // A starved single-CPU guest stalls a JVM for a few hundred ms: the default 300 ms
                // beacon timeout would take those stalls for crashes.
                + "          beacon: {interval: 100ms, misses: 10}}\n"
                + "vips:\n  - {address: " + VIP + "/32, interface: eth0}\n"
                + "announce: {count: 3, interval: 100ms, repeat_after: 0s}\n"
                + "sync_daemon: {interface: eth0, sync_id: 9}\n"
                + "ipvs: {state_file: " + dir.resolve(name + "-owned.json") + "}\n"
                + "notify: {events: " + dir.resolve(name + "-events.jsonl") + "}\n"
                + "defaults:\n  check: {type: http, interval: 1s, timeout: 800ms, rise: 1, fall: 2}\n"
                + "virtual_servers:\n"
                + "  - {name: web, address: " + VIP + ", port: 80, scheduler: rr, forwarding: dr,\n"
                + "     real_servers: [{address: 10.94.0.11}, {address: 10.94.0.12}]}\n";
    }

    /** What {@code ipvsadm -L --daemon} prints in {@code ns}. */
    private static String daemons(LvsLab lab, String ns) throws java.io.IOException {
        return String.join("\n", lab.ipvsadm(ns, "-L", "--daemon"));
    }

    /** One request's outcome, in milliseconds since the crash (negative: before it). */
    private record Sample(long at, boolean ok) {
    }

    @Test
    void failoverUnderTraffic() throws Exception {
        try (LvsLab lab = new LvsLab(dir)) {
            String lan = lab.bridge("lan");
            String c = lab.host("c", "eth0", lan, "10.94.0.100/24");
            // A gratuitous ARP may create the client's entry as well as update it.
            lab.sysctl(c, "net.ipv4.conf.all.arp_accept=1", "net.ipv4.conf.eth0.arp_accept=1");
            String d1 = lab.net.host("d1");
            String d1Port = lab.net.plug(d1, "eth0", lan, "10.94.0.2/24");
            String d2 = lab.host("d2", "eth0", lan, "10.94.0.3/24");
            for (int i = 1; i <= 2; i++) {
                String rs = lab.host("rs" + i, "eth0", lan, "10.94.0.1" + i + "/24");
                lab.command(rs, "realserver", "setup", "--mode", "dr", "--vip", VIP, "--interface", "eth0",
                        "--state-file", dir.resolve("rs" + i + ".json").toString());
                lab.server("rs" + i, rs, 80);
            }

            ChildProcess p1 = lab.director("d1", d1, config("d1", 150, "10.94.0.2"));
            Poll.until("d1 holds the VIP", WAIT, () -> lab.in(d1, "ip", "-o", "addr", "show", "dev", "eth0").contains(VIP + "/32"));
            ChildProcess p2 = lab.director("d2", d2, config("d2", 100, "10.94.0.3"));
            p2.awaitLine("role STARTING -> STANDBY", WAIT);
            Poll.until("both tables hold both real servers", WAIT,
                    () -> lab.destinations(d1).size() == 2 && lab.destinations(d2).size() == 2);

            VipClient client = new VipClient(lab.thread(c), 300);
            Poll.until("the VIP answers through d1, and only d1 holds it", WAIT, () -> client.tryGet(VIP, 80).isPresent()
                    && lab.neighbour(c, VIP).equals(lab.mac(d1, "eth0"))
                    && !lab.in(d2, "ip", "-o", "addr", "show", "dev", "eth0").contains(VIP + "/32"));

            // The master sends only what passes it once it runs: the connection is opened after that.
            Poll.until("d1 runs the master sync daemon, d2 the backup", WAIT,
                    () -> daemons(lab, d1).contains("master sync daemon") && daemons(lab, d2).contains("backup sync daemon"));
            VipClient.KeptOpen kept = client.open(VIP, 80);
            String keptServer = kept.get();
            // The master sends what it learnt within about 2 s; the standby's table then holds it.
            Poll.until("d2 learnt the open connection from d1's sync daemon", WAIT, () -> lab.ipvsadm(d2, "-Lnc")
                    .stream().anyMatch(l -> l.contains("ESTABLISHED") && l.contains(kept.local() + " ") && l.contains(VIP + ":80")));

            List<Sample> samples = new CopyOnWriteArrayList<>();
            AtomicBoolean running = new AtomicBoolean(true);
            long[] crash = {Long.MAX_VALUE};
            Thread traffic = new Thread(() -> {
                while (running.get()) {
                    long start = System.nanoTime();
                    boolean ok = client.tryGet(VIP, 80).isPresent();
                    samples.add(new Sample((start - crash[0]) / 1_000_000, ok));
                    long pause = 50 - (System.nanoTime() - start) / 1_000_000;
                    if (pause > 0) {
                        try {
                            // The client's pace: one request every 50 ms.
                            Thread.sleep(pause);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }, "client-traffic");
            crash[0] = System.nanoTime() + Duration.ofDays(1).toNanos();
            traffic.start();
            Poll.until("traffic flows", WAIT, () -> samples.stream().filter(Sample::ok).count() >= 10);

            // The ACTIVE's host crashes: its cable is pulled and its process killed. The clock starts
            // once the cable is out (running ip takes a while here); requests before that still worked.
            Netns.run("ip", "-n", lan, "link", "set", d1Port, "down");
            crash[0] = System.nanoTime();
            samples.clear();
            p1.signal("KILL");

            p2.awaitLine("role STANDBY -> ACTIVE", WAIT);
            Poll.until("answers resume", WAIT, () -> samples.stream().filter(s -> s.at() >= 0 && s.ok()).count() >= 20);
            running.set(false);
            traffic.join();

            Optional<Sample> firstAfter = samples.stream().filter(s -> s.at() >= 0 && s.ok()).findFirst();
            long failed = samples.stream().filter(s -> !s.ok()).count();
            long lastFailure = samples.stream().filter(s -> !s.ok()).mapToLong(Sample::at).max().orElse(-1);
            System.out.printf("failover under traffic: the client's gap was %d ms (first answer after the crash), "
                    + "%d request(s) failed, the last one started %d ms after the crash%n",
                    firstAfter.orElseThrow().at(), failed, lastFailure);
            assertTrue(lastFailure < firstAfter.get().at(), "once answers resumed, none failed: " + samples);
            assertEquals(lab.mac(d2, "eth0"), lab.neighbour(c, VIP), "the client follows d2's gratuitous ARP");

            assertEquals(keptServer, kept.get(), "the connection opened before the crash carries a request after it");
            Poll.until("d2 runs the master sync daemon", WAIT, () -> daemons(lab, d2).contains("master sync daemon"));
            kept.close();
        }
    }
}
