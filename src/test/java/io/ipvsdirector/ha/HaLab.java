package io.ipvsdirector.ha;

import io.ipvsdirector.testkit.ChildJvm;
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
    static final Duration WAIT = Duration.ofSeconds(40);

    final Netns net = new Netns();
    final String sw;
    final String client;
    final Path dir;
    private final Map<String, String> ns = new HashMap<>();
    private final Map<String, String> ports = new HashMap<>();
    private final Map<String, ChildJvm> running = new HashMap<>();
    private final List<String> names = new ArrayList<>();

    HaLab(Path dir, int directors) throws IOException {
        this.dir = dir;
        sw = net.bridge("sw");
        client = net.host("c");
        net.plug(client, "eth0", sw, "10.77.0.100/24");
        net.exec(client, "sysctl", "-qw", "net.ipv4.conf.all.arp_accept=1", "net.ipv4.conf.eth0.arp_accept=1");
        for (int i = 1; i <= directors; i++) {
            String name = "d" + i;
            String n = net.host(name);
            ns.put(name, n);
            ports.put(name, net.plug(n, "eth0", sw, address(name) + "/24"));
            names.add(name);
        }
    }

    static String address(String director) {
        return "10.77.0.1" + director.substring(1);
    }

    String ns(String director) {
        return ns.get(director);
    }

    /** Writes the configuration of {@code director}; {@code extra} is appended (node, announce, ...). */
    Path config(String director, int priority, String extra) throws IOException {
        StringBuilder members = new StringBuilder();
        for (String n : names) {
            members.append(members.length() == 0 ? "" : ", ").append(address(n)).append(":5701");
        }
        String yaml = "node: {name: " + director + ", priority: " + priority + "}\n"
                + "cluster:\n  name: halab\n  bind: " + address(director) + ":5701\n  members: [" + members + "]\n"
                + "vips:\n  - {address: " + VIP + "/32, interface: eth0, label: 'eth0:vip'}\n"
                + "announce: {count: 3, interval: 100ms, repeat_after: 0s}\n"
                + extra;
        Path file = dir.resolve(director + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    ChildJvm start(String director, Path config) throws IOException {
        ChildJvm jvm = ChildJvm.director(Netns.in(ns(director)), "run", "--config", config.toString());
        running.put(director, jvm);
        return jvm;
    }

    ChildJvm process(String director) {
        return running.get(director);
    }

    /** The directors whose eth0 holds the VIP now. */
    List<String> owners() throws IOException {
        List<String> out = new ArrayList<>();
        for (String d : names) {
            if (net.exec(ns(d), "ip", "-o", "-4", "addr", "show", "dev", "eth0").contains(" " + VIP + "/32 ")) {
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
        String line = net.exec(client, "ip", "neigh", "show", VIP).trim();
        int at = line.indexOf("lladdr ");
        return at < 0 ? Optional.empty() : Optional.of(line.substring(at + 7).split(" ")[0]);
    }

    /** Sets a director's link down or up, on the switch side (as a pulled cable). */
    void link(String director, boolean up) throws IOException {
        Netns.run("ip", "-n", sw, "link", "set", ports.get(director), up ? "up" : "down");
    }

    /** Stops everything; each director's output goes to the test's output for the record. */
    @Override
    public void close() {
        running.forEach((name, jvm) -> {
            jvm.close();
            System.out.println("---- " + name + " ----");
            jvm.lines().forEach(System.out::println);
        });
        net.close();
    }
}
