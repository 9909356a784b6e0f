package io.ipvsdirector.packaging;

import io.ipvsdirector.testkit.Poll;
import io.ipvsdirector.testkit.Shell;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * systemd as PID 1 in a container over this machine's own root (systemd-nspawn): / bind-mounted
 * without its submounts, a tmpfs overlay on top (nothing reaches the host's files), a private
 * network with only lo, and cgroups of its own that are removed afterwards. Commands run inside
 * through nsenter (there is no machined on the host, so machinectl and -M do not work). Closing it
 * always powers it off, kills nspawn if it lingers, unmounts and removes what it made.
 */
final class SystemdContainer implements AutoCloseable {
    /** The host's units that would start in the container and slow its boot or fight over ports. */
    private static final List<String> MASKED = List.of("postgresql@15-main.service", "postgresql.service",
            "ipvsadm.service", "keepalived.service", "console-getty.service");

    private final String name;
    private final Path base;
    private final Path root;
    private final List<Path> cgroups = new ArrayList<>();
    private Process nspawn;
    private long leader;

    private SystemdContainer(String name) {
        this.name = name;
        this.base = Path.of("/var/tmp", "ipvs-director-" + name);
        this.root = base.resolve("root");
    }

    /** Whether systemd-nspawn is installed (package systemd-container). */
    static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/systemd-nspawn")) && Files.isDirectory(Path.of("/sys/fs/cgroup"));
    }

    /** Boots a container that sees {@code shared} read-only at /mnt/shared; returns once systemd is up. */
    static SystemdContainer boot(Path shared, Duration timeout) throws Exception {
        SystemdContainer c = new SystemdContainer("it" + ProcessHandle.current().pid() + "-" + (System.nanoTime() % 100000));
        try {
            c.start(shared, timeout);
            return c;
        } catch (Exception | AssertionError e) {
            c.close();
            throw e;
        }
    }

    private void start(Path shared, Duration timeout) throws Exception {
        Files.createDirectories(root);
        Shell.ok("mount", "--bind", "/", root.toString());
        StringBuilder join = new StringBuilder();
        // Hybrid hosts (this one) have the systemd v1 and the unified v2 hierarchies; a pure v2 host has one.
        boolean unifiedOnly = Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"));
        for (String hierarchy : unifiedOnly ? List.of("") : List.of("systemd", "unified")) {
            Path h = Path.of("/sys/fs/cgroup", hierarchy);
            if (Files.isDirectory(h)) {
                Path dir = Files.createDirectories(h.resolve("nspawn-" + name));
                cgroups.add(dir);
                join.append("echo $$ > ").append(dir.resolve("cgroup.procs")).append("; ");
            }
        }
        List<String> command = new ArrayList<>(List.of("sh", "-c", join + "exec setsid \"$@\"", "nspawn",
                "systemd-nspawn", "-q", "-D", root.toString(), "--volatile=overlay", "-b", "-M", name,
                "--register=no", "--keep-unit", "--private-network", "--link-journal=no", "--console=read-only",
                "--bind-ro=" + shared + ":/mnt/shared"));
        MASKED.forEach(u -> command.add("systemd.mask=" + u));
        nspawn = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(base.resolve("console.log").toFile()).start();
        Poll.until("the container's systemd", timeout, () -> {
            if (!nspawn.isAlive()) {
                throw new AssertionError("systemd-nspawn exited " + nspawn.exitValue() + ": " + console());
            }
            Optional<ProcessHandle> pid1 = nspawn.toHandle().children()
                    .filter(p -> comm(p.pid()).equals("systemd")).findFirst();
            pid1.ifPresent(p -> leader = p.pid());
            return pid1.isPresent();
        });
        Poll.until("the container's boot", timeout, () -> {
            String state = exec(Duration.ofSeconds(10), "systemctl", "is-system-running").out().strip();
            return state.equals("running") || state.equals("degraded");
        });
    }

    /** Runs {@code command} inside the container, as root; waits at most {@code timeout}. */
    Shell.Result exec(Duration timeout, String... command) {
        List<String> full = new ArrayList<>(List.of("nsenter", "-t", Long.toString(leader), "-m", "-u", "-i", "-n", "-p", "-C", "--"));
        full.addAll(List.of(command));
        return run(full, timeout);
    }

    /** As {@link #exec}, and fails the test when the command exits non-zero. */
    Shell.Result ok(Duration timeout, String... command) {
        Shell.Result r = exec(timeout, command);
        if (r.exit() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + r.exit() + ":\n" + r.out() + r.err());
        }
        return r;
    }

    /** A file written inside the container (its overlay), through a shell there. */
    void write(String path, String content) {
        List<String> full = List.of("nsenter", "-t", Long.toString(leader), "-m", "-u", "-i", "-n", "-p", "-C", "--",
                "sh", "-c", "mkdir -p \"$(dirname \"$1\")\" && cat > \"$1\"", "write", path);
        Shell.Result r = Shell.run(full, content);
        if (r.exit() != 0) {
            throw new AssertionError("writing " + path + ": " + r.err());
        }
    }

    String console() {
        try {
            return Files.readString(base.resolve("console.log"));
        } catch (IOException e) {
            return "(no console log: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (nspawn != null && nspawn.isAlive()) {
            if (leader != 0) {
                exec(Duration.ofSeconds(20), "systemctl", "poweroff", "--no-block");
            }
            try {
                if (!nspawn.waitFor(30, TimeUnit.SECONDS)) {
                    nspawn.destroy();
                    if (!nspawn.waitFor(10, TimeUnit.SECONDS)) {
                        nspawn.destroyForcibly();
                        nspawn.waitFor(10, TimeUnit.SECONDS);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (Files.isDirectory(root)) {
            Shell.run("umount", root.toString());
            Shell.run("rmdir", root.toString());
        }
        for (Path cgroup : cgroups) {
            try (Stream<Path> dirs = Files.walk(cgroup)) {
                dirs.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).forEach(d -> Shell.run("rmdir", d.toString()));
            } catch (IOException e) {
                // already gone
            }
        }
        try {
            Files.deleteIfExists(base.resolve("console.log"));
            Files.deleteIfExists(base);
        } catch (IOException e) {
            // left for the next boot's tmpfiles; named in the test output
            System.err.println("left behind: " + base + " (" + e + ")");
        }
    }

    private static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/comm")).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static Shell.Result run(List<String> command, Duration timeout) {
        try {
            // One stream (stderr into stdout), read by a thread of its own: a full pipe never stalls it.
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            CompletableFuture<String> out = new CompletableFuture<>();
            Thread reader = new Thread(() -> out.complete(readAll(p.getInputStream())), "container-exec");
            reader.setDaemon(true);
            reader.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
            }
            return new Shell.Result(p.exitValue(), out.get(10, TimeUnit.SECONDS), "");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError(String.join(" ", command) + ": its output: " + e, e);
        }
    }

    private static String readAll(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
