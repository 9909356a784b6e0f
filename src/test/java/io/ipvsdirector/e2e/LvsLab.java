package io.ipvsdirector.e2e;

import io.ipvsdirector.testkit.ChildProcess;
import io.ipvsdirector.testkit.Netns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hosts of an LVS experiment as network namespaces made by the test: a client, directors run
 * as the real product (child processes), real servers whose web servers run in this JVM on threads
 * inside their namespaces. Everything made is removed by {@link #close}, and each director's output
 * is printed there for the record.
 */
final class LvsLab implements AutoCloseable {
    /** Generous: a director JVM takes over a minute to start on the test kernel of a busy machine. */
    static final Duration WAIT = Duration.ofSeconds(180);
    /** Faster JVM starts on the single-CPU test kernel: the C1 compiler only, the serial collector. */
    private static final List<String> QUICK_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    final Netns net = new Netns();
    final Path dir;
    private final Map<String, NetnsThread> threads = new LinkedHashMap<>();
    private final Map<String, NameServer> servers = new LinkedHashMap<>();
    private final Map<String, ChildProcess> directors = new LinkedHashMap<>();

    LvsLab(Path dir) {
        this.dir = dir;
    }

    /** A switch: a namespace holding bridge br0. */
    String bridge(String name) throws IOException {
        return net.bridge(name);
    }

    /** A host with {@code device} plugged into {@code bridge} at {@code cidr}. */
    String host(String name, String device, String bridge, String cidr) throws IOException {
        String ns = net.host(name);
        net.plug(ns, device, bridge, cidr);
        return ns;
    }

    /** Runs {@code ip ARGS} (or any program) inside {@code ns}; returns its output. */
    String in(String ns, String... command) throws IOException {
        return net.exec(ns, command);
    }

    void sysctl(String ns, String... settings) throws IOException {
        List<String> command = new ArrayList<>(List.of("sysctl", "-qw"));
        command.addAll(Arrays.asList(settings));
        in(ns, command.toArray(String[]::new));
    }

    String readSysctl(String ns, String key) throws IOException {
        return in(ns, "sysctl", "-n", key).trim();
    }

    NetnsThread thread(String ns) throws Exception {
        NetnsThread t = threads.get(ns);
        if (t == null) {
            t = new NetnsThread(ns);
            threads.put(ns, t);
        }
        return t;
    }

    /** Starts real server {@code name}'s web server in {@code ns} on {@code ports}. */
    NameServer server(String name, String ns, Integer... ports) throws Exception {
        NameServer s = new NameServer(name, thread(ns), List.of(ports));
        s.start();
        servers.put(name, s);
        return s;
    }

    NameServer servers(String name) {
        return servers.get(name);
    }

    VipClient client(String ns) throws Exception {
        return new VipClient(thread(ns), 1000);
    }

    /** Writes {@code yaml} as DIR/NAME.yaml and runs {@code ipvs-director run} on it inside {@code ns}. */
    ChildProcess director(String name, String ns, String yaml) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, yaml);
        List<String> jvm = new ArrayList<>(ChildProcess.DIRECTOR_JVM);
        jvm.addAll(QUICK_JVM);
        ChildProcess p = ChildProcess.start(Netns.in(ns), jvm, "io.ipvsdirector.cli.Main",
                List.of("run", "--config", file.toString()));
        directors.put(name, p);
        return p;
    }

    ChildProcess director(String name) {
        return directors.get(name);
    }

    /**
     * Runs {@code ipvs-director ARGS} (a real server's helper) inside {@code ns} and returns its output;
     * fails unless it exits 0. It runs in this JVM, on a thread inside the namespace: a JVM start
     * costs seconds on the test kernel, and the command works from whichever thread's namespace it runs in.
     */
    List<String> command(String ns, String... args) throws Exception {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int exit = thread(ns).call(() -> io.ipvsdirector.cli.Main.commandLine()
                .setOut(new java.io.PrintWriter(out, true)).setErr(new java.io.PrintWriter(err, true)).execute(args));
        List<String> lines = (out + err.toString()).lines().toList();
        System.out.println("ipvs-director " + String.join(" ", args) + " (in " + ns + "), exit " + exit + ":");
        lines.forEach(l -> System.out.println("  " + l));
        if (exit != 0) {
            throw new AssertionError("ipvs-director " + String.join(" ", args) + " exited " + exit + ": " + lines);
        }
        return out.toString().lines().toList();
    }

    /** {@code ipvsadm ARGS} inside {@code ns}, as lines. */
    List<String> ipvsadm(String ns, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("ipvsadm"));
        command.addAll(Arrays.asList(args));
        return in(ns, command.toArray(String[]::new)).lines().toList();
    }

    /** The real-server lines ({@code -a ...}) of the IPVS table in {@code ns}. */
    List<String> destinations(String ns) throws IOException {
        return ipvsadm(ns, "-Sn").stream().filter(l -> l.startsWith("-a ")).toList();
    }

    /** Packets in and out of one virtual service, from {@code ipvsadm -Ln --stats --exact}. */
    record Packets(long in, long out) {
    }

    Packets packets(String ns, String service) throws IOException {
        for (String l : ipvsadm(ns, "-Ln", "--stats", "--exact")) {
            String[] f = l.trim().split("\\s+");
            // TCP  10.92.0.10:80   Conns InPkts OutPkts InBytes OutBytes
            if (f.length >= 7 && f[0].equals("TCP") && f[1].equals(service)) {
                return new Packets(Long.parseLong(f[3]), Long.parseLong(f[4]));
            }
        }
        throw new AssertionError("no service " + service + " in " + ipvsadm(ns, "-Ln", "--stats", "--exact"));
    }

    String mac(String ns, String device) throws IOException {
        return in(ns, "cat", "/sys/class/net/" + device + "/address").trim();
    }

    /** The MAC {@code ns}'s neighbour cache holds for {@code address}, or "". */
    String neighbour(String ns, String address) throws IOException {
        String line = in(ns, "ip", "neigh", "show", address).trim();
        int at = line.indexOf("lladdr ");
        return at < 0 ? "" : line.substring(at + 7).split(" ")[0];
    }

    @Override
    public void close() {
        servers.values().forEach(NameServer::stop);
        directors.forEach((name, p) -> {
            p.close();
            System.out.println("---- director " + name + " ----");
            p.lines().forEach(System.out::println);
        });
        threads.values().forEach(NetnsThread::close);
        net.close();
    }
}
