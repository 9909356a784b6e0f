package io.ipvsdirector.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Network namespaces made by one test and removed by it: hosts joined to bridges by veth pairs, as a
 * small switched LAN. Names carry a per-run prefix so that concurrent test runs never collide.
 */
public final class Netns implements AutoCloseable {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final String prefix;
    private final List<String> namespaces = new ArrayList<>();
    private int links;

    public Netns() {
        this.prefix = "ipd" + (ProcessHandle.current().pid() % 10000) + "x" + SEQUENCE.incrementAndGet() + "-";
    }

    /** Creates namespace {@code name} (with lo up) and returns its full name. */
    public String host(String name) throws IOException {
        String ns = prefix + name;
        run("ip", "netns", "add", ns);
        namespaces.add(ns);
        run("ip", "-n", ns, "link", "set", "lo", "up");
        return ns;
    }

    /** Creates namespace {@code name} holding bridge {@code br0}: the switch hosts are plugged into. */
    public String bridge(String name) throws IOException {
        String ns = host(name);
        run("ip", "-n", ns, "link", "add", "br0", "type", "bridge");
        // No STP listening delay: ports forward as soon as they are up.
        run("ip", "-n", ns, "link", "set", "br0", "type", "bridge", "forward_delay", "0");
        run("ip", "-n", ns, "link", "set", "br0", "up");
        return ns;
    }

    /**
     * Plugs {@code host} into the bridge of {@code bridge} with interface {@code device} carrying
     * {@code cidr} (may be null); returns the name of the switch-side port.
     */
    public String plug(String host, String device, String bridge, String cidr) throws IOException {
        String port = "p" + prefix.replace("-", "") + (++links);
        port = port.length() > 15 ? port.substring(port.length() - 15) : port;
        String tmp = "t" + port.substring(1);
        run("ip", "link", "add", tmp, "type", "veth", "peer", "name", port);
        run("ip", "link", "set", tmp, "netns", host, "name", device);
        run("ip", "link", "set", port, "netns", bridge);
        run("ip", "-n", bridge, "link", "set", port, "master", "br0", "up");
        if (cidr != null) {
            run("ip", "-n", host, "addr", "add", cidr, "dev", device);
        }
        run("ip", "-n", host, "link", "set", device, "up");
        return port;
    }

    /** The command prefix that runs a program inside {@code ns}. */
    public static List<String> in(String ns) {
        return List.of("ip", "netns", "exec", ns);
    }

    /** Runs a command inside {@code ns} and returns its standard output; fails on a non-zero exit. */
    public String exec(String ns, String... command) throws IOException {
        List<String> full = new ArrayList<>(in(ns));
        Collections.addAll(full, command);
        return run(full.toArray(String[]::new));
    }

    public static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + ": timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + ": exit " + p.exitValue() + ": " + out.trim());
        }
        return out;
    }

    /** Deletes every namespace this object made (their interfaces go with them). */
    @Override
    public void close() {
        for (String ns : namespaces) {
            try {
                run("ip", "netns", "pids", ns).lines().forEach(pid -> ProcessHandle.of(Long.parseLong(pid.trim()))
                        .ifPresent(ProcessHandle::destroyForcibly));
                run("ip", "netns", "del", ns);
            } catch (IOException | NumberFormatException e) {
                System.err.println("cleanup of " + ns + " failed: " + e.getMessage());
            }
        }
    }
}
