package io.ipvsdirector.ha;

import io.ipvsdirector.testkit.ChildProcess;
import io.ipvsdirector.testkit.Netns;
import io.ipvsdirector.testkit.Poll;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The chaos runner's lab, on {@link HaLab}'s LAN: d1 (priority 150, preempt) and d2 (100), with a
 * witness when asked (or, grouped, two crossed VIP groups and the witness), an intruder's host x at 10.77.0.13 (plugged in, its director started only by
 * the INTRUDER fault), the client's ARP capture and the beacon settings every director shares. Keeps
 * the JVMs across schedules; each director's output is appended to {@code NAME.log} in the lab's
 * directory when its process is replaced and at the end.
 */
final class ChaosLab implements AutoCloseable {
    static final String INTRUDER = "10.77.0.13";
    static final int D1_PRIORITY = 150;
    static final int D2_PRIORITY = 100;
    /** 100 ms × 10 = 1 s: the HA tests' timeout on loaded machines (JVM stalls of 300-650 ms are seen there). */
    static final Duration BEACON_INTERVAL = Duration.ofMillis(100);
    static final int BEACON_MISSES = 10;
    static final Duration BEACON_TIMEOUT = BEACON_INTERVAL.multipliedBy(BEACON_MISSES);
    static final Duration START_WAIT = Duration.ofMinutes(2);
    /** The second group's VIP, in the GROUPS topology. */
    static final String VIP_B = "10.77.0.20";

    /** A VIP group of the lab: its VIP, and the director the election rules name its owner once all is healed. */
    record Group(String name, String vip, String owner) {
    }

    final HaLab lab;
    final boolean witness;
    final boolean keyed;
    /** The groups elected: one (the top-level VIP, owned by d1), or ga (d1) and gb (d2) crossed. */
    final List<Group> groups;
    final String intruderNs;
    final String intruderPort;
    private ChildProcess intruder;

    /** Builds the LAN and writes the configurations; {@code keyed} adds cluster.key_file to the members' files. */
    ChaosLab(Path dir, boolean witness, boolean keyed) throws IOException {
        this(dir, witness, keyed, false);
    }

    /** As above; {@code grouped}: two crossed VIP groups instead of the one VIP (with the witness). */
    ChaosLab(Path dir, boolean witness, boolean keyed, boolean grouped) throws IOException {
        this.witness = witness;
        this.keyed = keyed;
        this.groups = grouped ? List.of(new Group("ga", HaLab.VIP, "d1"), new Group("gb", VIP_B, "d2"))
                : List.of(new Group("default", HaLab.VIP, "d1"));
        lab = new HaLab(dir, 2);
        if (witness) {
            lab.addWitness();
        }
        intruderNs = lab.net.host("x");
        intruderPort = lab.net.plug(intruderNs, "eth0", lab.sw, INTRUDER + "/24");
        String keys = "  beacon: {interval: " + BEACON_INTERVAL.toMillis() + "ms, misses: " + BEACON_MISSES + "}\n";
        if (keyed) {
            writeKey(dir.resolve("cluster.key"));
            keys += "  key_file: cluster.key\n";
        }
        lab.clusterKeys = keys;
        writeConfig("d1", false);
        writeConfig("d2", false);
        // Same cluster name, no key, members [itself, d1], the highest priority: issue 13's rogue.
        Files.writeString(dir.resolve("x.yaml"), "node: {name: x, priority: 254}\n"
                + "cluster:\n  name: halab\n  bind: " + INTRUDER + ":5701\n  members: [" + INTRUDER + ":5701, "
                + HaLab.address("d1") + ":5701]\n"
                + "  beacon: {interval: " + BEACON_INTERVAL.toMillis() + "ms, misses: " + BEACON_MISSES + "}\n"
                + "vips:\n  - {address: " + HaLab.VIP + "/32, interface: eth0, label: 'eth0:vip'}\n"
                + "announce: {count: 3, interval: 100ms, repeat_after: 0s}\n");
    }

    boolean grouped() {
        return groups.size() > 1;
    }

    /**
     * Writes {@code director}'s file: its priority (or, with groups, its crossed priorities), lowered
     * for d1 and raised for d2 when {@code changed} (a reload's change that leaves every winner as it is).
     */
    void writeConfig(String director, boolean changed) throws IOException {
        boolean d1 = director.equals("d1");
        if (!grouped()) {
            lab.config(director, d1 ? (changed ? D1_PRIORITY - 10 : D1_PRIORITY) : (changed ? D2_PRIORITY + 20 : D2_PRIORITY), "");
            return;
        }
        int ga = d1 ? (changed ? 140 : 150) : (changed ? 120 : 100);
        int gb = d1 ? (changed ? 90 : 100) : (changed ? 130 : 150);
        Files.writeString(lab.dir.resolve(director + ".yaml"), "node: {name: " + director + "}\n" + lab.cluster(director)
                + "vip_groups:\n"
                + "  - {name: ga, priority: " + ga + ", vips: [{address: " + HaLab.VIP + "/32, interface: eth0, label: 'eth0:vip'}]}\n"
                + "  - {name: gb, priority: " + gb + ", vips: [{address: " + VIP_B + "/32, interface: eth0, label: 'eth0:vipb'}]}\n"
                + "announce: {count: 3, interval: 100ms, repeat_after: 0s}\n");
    }

    /** One line, the base64 of 32 random bytes, mode 0600: the key format of issue 13, without keygen. */
    static void writeKey(Path file) throws IOException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n");
    }

    String beaconSummary() {
        return "beacon " + BEACON_INTERVAL.toMillis() + " ms × " + BEACON_MISSES + " misses = "
                + BEACON_TIMEOUT.toMillis() + " ms timeout; " + (keyed ? "keyed (cluster.key_file)" : "no key");
    }

    /** Starts the witness (if any), d1, then d2, and waits until d1 owns the VIP and d2 stands by. */
    void startAll() throws Exception {
        for (String host : witness ? List.of("w", "d1", "d2") : List.of("d1", "d2")) {
            if (!start(host)) {
                List<String> lines = process(host).lines();
                throw new IllegalStateException(host + " did not start: " + String.join(" | ",
                        lines.subList(Math.max(0, lines.size() - 3), lines.size())));
            }
        }
    }

    /**
     * Starts (or restarts) {@code host} (d1, d2 or w) and waits for its first role change (the witness:
     * its first line as a witness); false if it exited first or never got there within {@link #START_WAIT}.
     */
    boolean start(String host) throws Exception {
        save(host);
        ChildProcess p = host.equals("w") ? lab.startWitness("d1") : lab.start(host);
        return awaitUp(p, host.equals("w") ? "witness of cluster" : "role ");
    }

    private static boolean awaitUp(ChildProcess p, String fragment) throws Exception {
        try {
            Poll.until("a line with '" + fragment + "'", START_WAIT,
                    () -> !p.isAlive() || p.lines().stream().anyMatch(l -> l.contains(fragment)));
        } catch (AssertionError e) {
            return false;
        }
        return p.lines().stream().anyMatch(l -> l.contains(fragment));
    }

    ChildProcess process(String host) {
        return host.equals("x") ? intruder : lab.process(host);
    }

    String ns(String host) {
        return host.equals("x") ? intruderNs : lab.ns(host);
    }

    /** The cluster addresses other than {@code host}'s: the peers and the witness, never the client. */
    List<String> others(String host) {
        List<String> out = new ArrayList<>();
        for (String h : witness ? List.of("d1", "d2", "w") : List.of("d1", "d2")) {
            if (!h.equals(host)) {
                out.add(address(h));
            }
        }
        return out;
    }

    static String address(String host) {
        return host.equals("w") ? HaLab.WITNESS : host.equals("x") ? INTRUDER : HaLab.address(host);
    }

    /** Runs iptables (legacy: the host kernel has it; netem has no module here) in {@code host}'s namespace. */
    void iptables(String host, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns(host), "iptables-legacy", "-w"));
        cmd.addAll(List.of(args));
        Netns.run(cmd.toArray(String[]::new));
    }

    /** Starts the intruder's director; false if it did not start within the wait. */
    boolean startIntruder() throws Exception {
        save("x");
        intruder = ChildProcess.director(Netns.in(intruderNs), "run", "--config", lab.dir.resolve("x.yaml").toString());
        return awaitUp(intruder, "role ");
    }

    /**
     * The owner {@code director}'s admin API names for each group ("ga=d1,gb=d2"; with one group, the
     * ACTIVE members it lists), or why none.
     */
    String statusActive(String director) {
        try {
            String body = Netns.run("ip", "netns", "exec", lab.ns(director), "curl", "-s", "-m", "2",
                    "http://127.0.0.1:9180/status");
            if (grouped()) {
                List<String> owners = new ArrayList<>();
                for (Object o : new JsonObject(body).getJsonArray("groups")) {
                    JsonObject g = (JsonObject) o;
                    owners.add(g.getString("name") + "=" + g.getString("owner"));
                }
                return String.join(",", owners);
            }
            JsonArray members = new JsonObject(body).getJsonObject("cluster").getJsonArray("members");
            List<String> active = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                if ("ACTIVE".equals(members.getJsonObject(i).getString("role"))) {
                    active.add(members.getJsonObject(i).getString("name"));
                }
            }
            return String.join(",", active);
        } catch (IOException | RuntimeException e) {
            return "no status (" + e.getMessage().lines().findFirst().orElse("") + ")";
        }
    }

    Optional<String> clientSees(String vip) throws IOException {
        return lab.clientSees(vip);
    }

    /** What every director's status must name once all is healed: see {@link #statusActive}. */
    String expectedStatus() {
        return grouped() ? "ga=d1,gb=d2" : "d1";
    }

    /** Appends the output of {@code host}'s current process to its log file before it is replaced. */
    void save(String host) {
        ChildProcess p = process(host);
        if (p == null) {
            return;
        }
        p.close();
        try {
            Files.write(lab.dir.resolve(host + ".log"), p.lines(), java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("cannot save the output of " + host + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        for (String h : List.of("d1", "d2", "w", "x")) {
            save(h);
        }
        lab.net.close();
    }
}
