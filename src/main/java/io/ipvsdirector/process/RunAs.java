package io.ipvsdirector.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs programs as another user through util-linux's setpriv (real and effective uid and gid, the
 * user's supplementary groups), never through a shell or su. That takes a director running as root,
 * or one holding CAP_SETUID and CAP_SETGID; otherwise it can run programs only as its own user.
 * The program gets no capability: the director's ambient ones are not passed on to it. Blocking: used
 * on worker threads.
 */
public final class RunAs {
    private static final List<String> SETPRIV = List.of("/usr/bin/setpriv", "/bin/setpriv");
    /** Bits of CAP_SETGID (6) and CAP_SETUID (7) in /proc/self/status's CapEff. */
    private static final long SETUID_AND_SETGID = (1L << 6) | (1L << 7);

    private final boolean canSwitch;
    private final String self;
    private final Map<String, String[]> ids = new ConcurrentHashMap<>();

    public RunAs() {
        this(canSwitchUsers(), System.getProperty("user.name"));
    }

    /** For tests: {@code canSwitch} says whether this process may change its uid and gid. */
    public RunAs(boolean canSwitch, String self) {
        this.canSwitch = canSwitch;
        this.self = self;
    }

    /** The words to put before the program so that it runs as {@code user}; empty for the director's own. */
    public List<String> prefix(Optional<String> user) throws IOException {
        if (user.isEmpty() || user.get().equals(self)) {
            return List.of();
        }
        if (!canSwitch) {
            throw new IOException("running as user '" + user.get()
                    + "' needs the director to run as root or with CAP_SETUID and CAP_SETGID");
        }
        String[] id = ids.get(user.get());
        if (id == null) {
            id = lookup(user.get());
            ids.put(user.get(), id);
        }
        String setpriv = SETPRIV.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst()
                .orElseThrow(() -> new IOException("setpriv (util-linux) is not installed"));
        // A director that is not root keeps its capabilities across the uid change; clearing the
        // inheritable and ambient sets leaves the program none.
        return List.of(setpriv, "--reuid=" + id[0], "--regid=" + id[1], "--init-groups",
                "--inh-caps=-all", "--ambient-caps=-all", "--");
    }

    /** uid and gid of {@code user} through NSS (getent), so LDAP and systemd users work too. */
    private static String[] lookup(String user) throws IOException {
        Process getent = new ProcessBuilder("getent", "passwd", user).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            String line = new String(getent.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!getent.waitFor(5, TimeUnit.SECONDS) || getent.exitValue() != 0 || line.isEmpty()) {
                throw new IOException("unknown user '" + user + "'");
            }
            String[] fields = line.split(":");
            return new String[] {fields[2], fields[3]};
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted looking up user '" + user + "'");
        } finally {
            getent.destroy();
            getent.getInputStream().close();
        }
    }

    /** Root, or CAP_SETUID and CAP_SETGID in the effective set (granted to the service, say). */
    static boolean canSwitchUsers() {
        try {
            List<String> status = Files.readAllLines(Path.of("/proc/self/status"));
            boolean root = status.stream().filter(l -> l.startsWith("Uid:")).anyMatch(l -> l.split("\\s+")[2].equals("0"));
            return root || status.stream().filter(l -> l.startsWith("CapEff:"))
                    .anyMatch(l -> (Long.parseUnsignedLong(l.split("\\s+")[1], 16) & SETUID_AND_SETGID) == SETUID_AND_SETGID);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
