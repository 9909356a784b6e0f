package io.ipvsdirector.packaging;

import io.ipvsdirector.testkit.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The director as the packaged service runs it: the shaded jar, as an unprivileged user (nobody)
 * holding CAP_NET_ADMIN and CAP_NET_RAW as ambient capabilities and nothing else, set up with
 * setpriv as systemd's AmbientCapabilities= and CapabilityBoundingSet= do.
 */
final class Unprivileged {
    static final String UID = "65534";
    private static final String CAPS = "-all,+net_admin,+net_raw";

    private final Path jar;

    /**
     * Copies the shaded jar into {@code dir}, which is made readable by everyone: the checkout, and
     * the Maven repository a class path would need, may sit under a home directory nobody cannot read.
     */
    Unprivileged(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        jar = Files.copy(Packages.jar(), dir.resolve("ipvs-director.jar"), StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
    }

    /** Writes {@code content} to {@code file}, readable by everyone. */
    static Path readable(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        return file;
    }

    /**
     * The command line of {@code ipvs-director ARGS} as nobody, after {@code prefix} (ip netns exec,
     * say): with the two capabilities, or with none at all.
     */
    List<String> command(List<String> prefix, boolean withCapabilities, String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of("setpriv", "--reuid=" + UID, "--regid=" + UID, "--clear-groups"));
        String caps = withCapabilities ? CAPS : "-all";
        command.addAll(List.of("--inh-caps=" + caps, "--ambient-caps=" + caps, "--bounding-set=" + caps, "--"));
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ChildProcess.DIRECTOR_JVM);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(args));
        return command;
    }

    ChildProcess start(List<String> prefix, boolean withCapabilities, String... args) throws IOException {
        return ChildProcess.command(command(prefix, withCapabilities, args));
    }

    /** "Uid", "CapEff", "CapBnd", ... of a running process, from /proc/PID/status. */
    static String status(long pid, String field) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith(field + ":")).findFirst().map(l -> l.substring(field.length() + 1).trim())
                .orElseThrow(() -> new IOException("no " + field + " in /proc/" + pid + "/status"));
    }
}
