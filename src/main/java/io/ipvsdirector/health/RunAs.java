package io.ipvsdirector.health;

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
 * Runs exec checks as another user through util-linux's setpriv (real and effective uid and gid,
 * the user's supplementary groups), never through a shell or su. Only root can do that; a director
 * not running as root can run a check only as its own user. Blocking: used on worker threads.
 */
final class RunAs {
    private static final List<String> SETPRIV = List.of("/usr/bin/setpriv", "/bin/setpriv");

    private final boolean root;
    private final String self;
    private final Map<String, String[]> ids = new ConcurrentHashMap<>();

    RunAs() {
        this(isRoot(), System.getProperty("user.name"));
    }

    RunAs(boolean root, String self) {
        this.root = root;
        this.self = self;
    }

    /** The words to put before the program so that it runs as {@code user}; empty for the director's own. */
    List<String> prefix(Optional<String> user) throws IOException {
        if (user.isEmpty() || user.get().equals(self)) {
            return List.of();
        }
        if (!root) {
            throw new IOException("running as user '" + user.get() + "' needs the director to run as root");
        }
        String[] id = ids.get(user.get());
        if (id == null) {
            id = lookup(user.get());
            ids.put(user.get(), id);
        }
        String setpriv = SETPRIV.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst()
                .orElseThrow(() -> new IOException("setpriv (util-linux) is not installed"));
        return List.of(setpriv, "--reuid=" + id[0], "--regid=" + id[1], "--init-groups", "--");
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

    private static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("Uid:")).anyMatch(l -> l.split("\\s+")[2].equals("0"));
        } catch (IOException e) {
            return false;
        }
    }
}
