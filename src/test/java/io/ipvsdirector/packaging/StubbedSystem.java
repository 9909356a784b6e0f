package io.ipvsdirector.packaging;

import io.ipvsdirector.testkit.Shell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs package scripts with the programs that reach the running system (systemctl, modprobe,
 * useradd, ipvsadm, ...) replaced by stubs that only record how they were called, in a private mount
 * namespace with an empty /run of its own: with /run/systemd/system in it, as on a machine systemd
 * runs, or without, as in a chroot or an image build. Needs root (for the mount namespace).
 */
final class StubbedSystem {
    /** Every program a package script might use to change the running system; getent answers "not found". */
    static final List<String> ALL = List.of("systemctl", "deb-systemd-invoke", "deb-systemd-helper", "modprobe",
            "getent", "groupadd", "useradd", "install", "ipvsadm", "ip", "ipvs-director");
    /** The programs that reach the running system's services and kernel, but not its files. */
    static final List<String> RUNNING_SYSTEM = List.of("systemctl", "deb-systemd-invoke", "modprobe", "ipvsadm", "ip",
            "ipvs-director");

    private final Path dir;
    private final Path calls;

    StubbedSystem(Path dir, List<String> programs) throws IOException {
        this.dir = dir;
        this.calls = dir.resolve("calls");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String program : programs) {
            Path stub = bin.resolve(program);
            Files.writeString(stub, "#!/bin/sh\necho \"" + program + " $*\" >> " + calls + "\n"
                    + (program.equals("getent") ? "exit 2\n" : "exit 0\n"));
            Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /**
     * Runs {@code script} (its text) with {@code args} and {@code env}, and returns the stub calls it
     * made, in order.
     */
    List<String> run(String script, boolean systemdRunning, Map<String, String> env, String... args) throws IOException {
        Path file = dir.resolve("script");
        Files.writeString(file, script);
        List<String> command = new ArrayList<>(List.of("sh", file.toString()));
        command.addAll(List.of(args));
        return command(command, systemdRunning, env);
    }

    /** Runs any {@code program} this way (dpkg, say), and returns the stub calls made meanwhile. */
    List<String> command(List<String> program, boolean systemdRunning, Map<String, String> env) throws IOException {
        Files.deleteIfExists(calls);
        List<String> command = new ArrayList<>();
        command.add("env");
        env.forEach((k, v) -> command.add(k + "=" + v));
        command.add("PATH=" + dir.resolve("bin") + ":/usr/sbin:/usr/bin:/sbin:/bin");
        command.addAll(List.of("unshare", "--mount", "--propagation", "private", "--", "sh", "-c",
                "mount -t tmpfs tmpfs /run && " + (systemdRunning ? "mkdir -p /run/systemd/system && " : "")
                        + "exec \"$@\"", "stubbed"));
        command.addAll(program);
        Shell.run(command, "").ok(command);
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }
}
