package io.ipvsdirector.ha;

import io.ipvsdirector.testkit.ChildProcess;
import io.ipvsdirector.testkit.Netns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A switched LAN in namespaces: a bridge, directors d1..dN at 10.77.0.1N and a client at
 * 10.77.0.100 that accepts gratuitous ARP, with the VIP 10.77.0.10 owned by the ACTIVE director.
 * Directors are real processes; ownership is read from their interfaces and the client's cache.
 */
final class HaLab implements AutoCloseable {
    static final String VIP = "10.77.0.10";
    static final String VIP6 = "2001:db8:77::10";
    static final Duration WAIT = Duration.ofSeconds(90);

    /** The VIP this lab's directors own: VIP or VIP6. */
    final String vip;
    static final String WITNESS = "10.77.0.19";
    private boolean witness;
    /** Lines added under {@code cluster:} in every configuration written from now on (beacon, key_file). */
    String clusterKeys = "";

    final Netns net = new Netns();
    final String sw;
    final String client;
    final Path dir;
    private final Map<String, String> ns = new HashMap<>();
    private final Map<String, String> ports = new HashMap<>();
    private final Map<String, ChildProcess> running = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    /** Directors stopped with SIGSTOP, cut off from the LAN or killed: not counted as owners. */
    private final java.util.Set<String> unreachable = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Map<String, ChildProcess> monitors = new HashMap<>();
    private final List<Mark> marks = new java.util.concurrent.CopyOnWriteArrayList<>();

    HaLab(Path dir, int directors) throws IOException {
        this(dir, directors, VIP);
    }

    /** Also numbers the LAN 2001:db8:77::/64 (directors ::1N, client ::100) for an IPv6 VIP. */
    HaLab(Path dir, int directors, String vip) throws IOException {
        this.dir = dir;
        this.vip = vip;
        sw = net.bridge("sw");
        client = net.host("c");
        net.plug(client, "eth0", sw, "10.77.0.100/24");
        net.exec(client, "sysctl", "-qw", "net.ipv4.conf.all.arp_accept=1", "net.ipv4.conf.eth0.arp_accept=1");
        net.exec(client, "ip", "-6", "addr", "add", "2001:db8:77::100/64", "dev", "eth0", "nodad");
        for (int i = 1; i <= directors; i++) {
            String name = "d" + i;
            String n = net.host(name);
            ns.put(name, n);
            ports.put(name, net.plug(n, "eth0", sw, address(name) + "/24"));
            net.exec(n, "ip", "-6", "addr", "add", "2001:db8:77::1" + i + "/64", "dev", "eth0", "nodad");
            names.add(name);
        }
    }

    static String address(String director) {
        return "10.77.0.1" + director.substring(1);
    }

    String ns(String director) {
        return ns.get(director);
    }

    /** Writes the configuration of {@code director}; {@code extra} is appended (track, notify, ...). */
    Path config(String director, int priority, String extra) throws IOException {
        return config(director, priority, extra, "");
    }

    /** As {@link #config(String, int, String)}, with {@code nodeKeys} ("preempt: false") added to node. */
    Path config(String director, int priority, String extra, String nodeKeys) throws IOException {
        String yaml = "node: {name: " + director + ", priority: " + priority + (nodeKeys.isEmpty() ? "" : ", " + nodeKeys) + "}\n"
                + cluster(director)
                + "vips:\n  - " + (vip.contains(":") ? "{address: '" + vip + "/128', interface: eth0}"
                        : "{address: " + vip + "/32, interface: eth0, label: 'eth0:vip'}") + "\n"
                + "announce: {count: 3, interval: 100ms, repeat_after: 0s}\n"
                + extra;
        Path file = dir.resolve(director + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    /** The {@code cluster:} section of {@code director}'s file: the lab's members, the witness, {@link #clusterKeys}. */
    String cluster(String director) {
        StringBuilder members = new StringBuilder();
        for (String n : names) {
            members.append(members.length() == 0 ? "" : ", ").append(address(n)).append(":5701");
        }
        return "cluster:\n  name: halab\n  bind: " + address(director) + ":5701\n  members: [" + members + "]\n"
                + (witness ? "  witness: " + WITNESS + ":5701\n" : "")
                + clusterKeys;
    }

    /** Plugs in a witness host at {@link #WITNESS}; configurations written after this name it. */
    void addWitness() throws IOException {
        witness = true;
        String n = net.host("w");
        ns.put("w", n);
        ports.put("w", net.plug(n, "eth0", sw, WITNESS + "/24"));
    }

    /** Runs the witness on director {@code configOf}'s configuration. */
    ChildProcess startWitness(String configOf) throws IOException {
        ChildProcess p = ChildProcess.director(Netns.in(ns("w")), "witness", "--config",
                dir.resolve(configOf + ".yaml").toString());
        running.put("w", p);
        return p;
    }

    /** Starts director {@code name} on the configuration {@link #config} last wrote for it. */
    ChildProcess start(String director) throws IOException {
        return start(director, dir.resolve(director + ".yaml"));
    }

    ChildProcess start(String director, Path config) throws IOException {
        ChildProcess jvm = ChildProcess.director(Netns.in(ns(director)), "run", "--config", config.toString());
        running.put(director, jvm);
        return jvm;
    }

    /** Registers a process (another VRRP daemon, say) that plays {@code director}. */
    void run(String director, ChildProcess process) {
        running.put(director, process);
    }

    ChildProcess process(String director) {
        return running.get(director);
    }

    /** The live, reachable directors whose eth0 holds the VIP now. */
    List<String> owners() throws IOException {
        List<String> out = new ArrayList<>();
        for (String d : names) {
            ChildProcess jvm = running.get(d);
            if (jvm == null || !jvm.isAlive() || unreachable.contains(d)) {
                continue;
            }
            if (net.exec(ns(d), "ip", "-o", "addr", "show", "dev", "eth0").contains(" " + vip + (vip.contains(":") ? "/128 " : "/32 "))) {
                out.add(d);
            }
        }
        return out;
    }

    String mac(String director) throws IOException {
        return net.exec(ns(director), "cat", "/sys/class/net/eth0/address").trim();
    }

    /** The MAC the client's neighbour cache holds for the VIP, if any. */
    Optional<String> clientSees() throws IOException {
        return clientSees(vip);
    }

    /** The MAC the client's neighbour table has for {@code address}, if any. */
    Optional<String> clientSees(String address) throws IOException {
        String line = net.exec(client, "ip", "neigh", "show", address).trim();
        int at = line.indexOf("lladdr ");
        return at < 0 ? Optional.empty() : Optional.of(line.substring(at + 7).split(" ")[0]);
    }

    /** Sets a director's link down or up, on the switch side (as a pulled cable). */
    void link(String director, boolean up) throws IOException {
        if (!up) {
            unreachable.add(director);
            mark(director, false);
        }
        Netns.run("ip", "-n", sw, "link", "set", ports.get(director), up ? "up" : "down");
    }

    /**
     * Cuts a director off the LAN (or back) and keeps counting it as an owner: where a witness
     * promises never two owners, a director cut off from everyone must give the VIP up too.
     */
    void cut(String director, boolean cut) throws IOException {
        Netns.run("ip", "-n", sw, "link", "set", ports.get(director), cut ? "down" : "up");
    }

    /** SIGSTOP (frozen: not counted while stopped) or SIGCONT. */
    void freeze(String director, boolean frozen) throws IOException, InterruptedException {
        if (frozen) {
            unreachable.add(director);
            mark(director, false);
            running.get(director).signal("STOP");
        } else {
            running.get(director).signal("CONT");
        }
    }

    /**
     * Stops counting {@code director} (about to be killed): the address a killed director leaves on its
     * interface is not removed by anyone until it starts again, as after a real crash.
     */
    void down(String director) {
        unreachable.add(director);
        mark(director, false);
    }

    /** SIGKILL, as a crash: the killed director no longer counts (its address stays until it restarts). */
    void kill(String director) throws IOException, InterruptedException {
        down(director);
        running.get(director).signal("KILL");
    }

    /**
     * Counts a director that was frozen or cut off as an owner again. A test calls it once the
     * director has heard the cluster again (it stepped down, or confirmed it is still ACTIVE): until
     * then the cluster is not connected, and two holders are what VRRP would show too.
     */
    void rejoined(String director) {
        unreachable.remove(director);
        mark(director, true);
    }

    /**
     * Watches the VIP on every director's interface with {@code ip -ts monitor address}, from now
     * until {@link #close}: each add and delete is stamped by ip(8) as it happens. With the test's
     * own marks (a director killed, frozen, cut off, back), {@link #violations} replays the whole
     * timeline and names each moment when two live, reachable directors held the VIP for longer
     * than {@link #OVERLAP_TOLERANCE_MICROS} (the skew two monitor processes can have).
     */
    void sampleOwners() throws IOException {
        for (String d : names) {
            List<String> command = new ArrayList<>(Netns.in(ns(d)));
            command.addAll(List.of("ip", "-ts", "monitor", "address"));
            ChildProcess monitor = ChildProcess.command(command);
            monitors.put(d, monitor);
        }
    }

    static final long OVERLAP_TOLERANCE_MICROS = 20_000;

    private void mark(String director, boolean reachable) {
        marks.add(new Mark(nowMicros(), director, reachable));
    }

    private static long nowMicros() {
        java.time.Instant t = java.time.Instant.now();
        return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
    }

    private record Mark(long micros, String director, boolean reachable) {
    }

    private record Change(long micros, String director, boolean holds) {
    }

    /** Every time two reachable directors held the VIP together for longer than the tolerance. */
    List<String> violations() {
        List<Object[]> timeline = new ArrayList<>();
        String needle = " " + vip + (vip.contains(":") ? "/128 " : "/32 ");
        monitors.forEach((d, m) -> {
            for (String line : m.lines()) {
                if (line.startsWith("[") && line.contains(needle)) {
                    long micros = java.time.LocalDateTime.parse(line.substring(1, line.indexOf(']')))
                            .atZone(java.time.ZoneId.systemDefault()).toInstant().toEpochMilli() * 1000
                            + Long.parseLong(line.substring(line.indexOf('.') + 4, line.indexOf(']')));
                    timeline.add(new Object[] {micros, new Change(micros, d, !line.contains("] Deleted "))});
                }
            }
        });
        marks.forEach(mk -> timeline.add(new Object[] {mk.micros(), mk}));
        timeline.sort(java.util.Comparator.comparingLong(o -> (Long) o[0]));
        java.util.Set<String> holding = new java.util.HashSet<>();
        java.util.Set<String> away = new java.util.HashSet<>();
        List<String> out = new ArrayList<>();
        long overlapSince = -1;
        for (Object[] entry : timeline) {
            if (entry[1] instanceof Change c) {
                if (c.holds()) {
                    holding.add(c.director());
                } else {
                    holding.remove(c.director());
                }
            } else if (entry[1] instanceof Mark mk) {
                if (mk.reachable()) {
                    away.remove(mk.director());
                } else {
                    away.add(mk.director());
                }
            }
            long owners = holding.stream().filter(d -> !away.contains(d)).count();
            long at = (Long) entry[0];
            if (owners > 1 && overlapSince < 0) {
                overlapSince = at;
            } else if (owners <= 1 && overlapSince >= 0) {
                if (at - overlapSince > OVERLAP_TOLERANCE_MICROS) {
                    out.add("two owners for " + (at - overlapSince) / 1000 + " ms from " + overlapSince);
                }
                overlapSince = -1;
            }
        }
        if (overlapSince >= 0 && nowMicros() - overlapSince > OVERLAP_TOLERANCE_MICROS) {
            out.add("two owners from " + overlapSince + " until the end: " + holding);
        }
        return out;
    }

    /** Where {@link #close} leaves the directors' output: the test's output, or NAME.log in {@link #dir} (benchmarks). */
    boolean outputToFiles;

    /** Appends {@code director}'s output to NAME.log in {@link #dir}: before a benchmark replaces its process. */
    void saveOutput(String director, ChildProcess process) {
        try {
            Files.write(dir.resolve(director + ".log"), process.lines(), java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("cannot save the output of " + director + ": " + e.getMessage());
        }
    }

    /** Stops everything; each director's output goes to the test's output (or its file) for the record. */
    @Override
    public void close() {
        monitors.values().forEach(ChildProcess::close);
        running.forEach((name, jvm) -> {
            jvm.close();
            if (outputToFiles) {
                saveOutput(name, jvm);
            } else {
                System.out.println("---- " + name + " ----");
                jvm.lines().forEach(System.out::println);
            }
        });
        net.close();
    }
}
