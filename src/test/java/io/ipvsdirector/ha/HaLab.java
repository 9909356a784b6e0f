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
    static final Duration WAIT = Duration.ofSeconds(40);

    /** The VIP this lab's directors own: VIP or VIP6. */
    final String vip;

    final Netns net = new Netns();
    final String sw;
    final String client;
    final Path dir;
    private final Map<String, String> ns = new HashMap<>();
    private final Map<String, String> ports = new HashMap<>();
    private final Map<String, ChildProcess> running = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    /** Directors stopped with SIGSTOP or cut off from the LAN: not counted as owners. */
    private final java.util.Set<String> unreachable = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final List<String> violations = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean sampling;
    private Thread sampler;

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
        StringBuilder members = new StringBuilder();
        for (String n : names) {
            members.append(members.length() == 0 ? "" : ", ").append(address(n)).append(":5701");
        }
        String yaml = "node: {name: " + director + ", priority: " + priority + (nodeKeys.isEmpty() ? "" : ", " + nodeKeys) + "}\n"
                + "cluster:\n  name: halab\n  bind: " + address(director) + ":5701\n  members: [" + members + "]\n"
                + "vips:\n  - " + (vip.contains(":") ? "{address: '" + vip + "/128', interface: eth0}"
                        : "{address: " + vip + "/32, interface: eth0, label: 'eth0:vip'}") + "\n"
                + "announce: {count: 3, interval: 100ms, repeat_after: 0s}\n"
                + extra;
        Path file = dir.resolve(director + ".yaml");
        Files.writeString(file, yaml);
        return file;
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
        return owners(names);
    }

    private List<String> owners(List<String> order) throws IOException {
        List<String> out = new ArrayList<>();
        for (String d : order) {
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
        String line = net.exec(client, "ip", "neigh", "show", vip).trim();
        int at = line.indexOf("lladdr ");
        return at < 0 ? Optional.empty() : Optional.of(line.substring(at + 7).split(" ")[0]);
    }

    /** Sets a director's link down or up, on the switch side (as a pulled cable). */
    void link(String director, boolean up) throws IOException {
        if (!up) {
            unreachable.add(director);
        }
        Netns.run("ip", "-n", sw, "link", "set", ports.get(director), up ? "up" : "down");
    }

    /** SIGSTOP (frozen: not counted while stopped) or SIGCONT. */
    void freeze(String director, boolean frozen) throws IOException, InterruptedException {
        if (frozen) {
            unreachable.add(director);
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
    }

    /**
     * Counts a director that was frozen or cut off as an owner again. A test calls it once the
     * director has heard the cluster again (it stepped down, or confirmed it is still ACTIVE): until
     * then the cluster is not connected, and two holders are what VRRP would show too.
     */
    void rejoined(String director) {
        unreachable.remove(director);
    }

    /**
     * Samples the owners every 20 ms until {@link #close}: more than one live, reachable owner at any
     * moment is recorded as a violation.
     */
    void sampleOwners() {
        sampling = true;
        sampler = new Thread(() -> {
            while (sampling) {
                try {
                    // Each namespace is read in turn, so one pass can straddle a handover. An overlap is
                    // proven when a second pass in reverse order sees the same holders: each was seen
                    // holding before and after the others were.
                    List<String> first = owners();
                    if (first.size() > 1) {
                        List<String> reversed = new ArrayList<>(names);
                        java.util.Collections.reverse(reversed);
                        List<String> second = owners(reversed);
                        List<String> both = first.stream().filter(second::contains).toList();
                        if (both.size() > 1) {
                            violations.add(System.currentTimeMillis() + " " + both);
                        }
                    }
                    Thread.sleep(20);
                } catch (IOException e) {
                    // a namespace went away during close
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "owner-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    /** Stops everything; each director's output goes to the test's output for the record. */
    @Override
    public void close() {
        sampling = false;
        running.forEach((name, jvm) -> {
            jvm.close();
            System.out.println("---- " + name + " ----");
            jvm.lines().forEach(System.out::println);
        });
        net.close();
    }
}
