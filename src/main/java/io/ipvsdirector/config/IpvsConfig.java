package io.ipvsdirector.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of the kernel's IPVS table itself: where the director records the services it owns, and
 * the connection timeouts to set (absent ones are left as the kernel has them).
 */
public record IpvsConfig(Path stateFile, Optional<Duration> tcpTimeout, Optional<Duration> tcpFinTimeout,
                         Optional<Duration> udpTimeout) {
    public static final Path DEFAULT_STATE_FILE = Path.of("/var/lib/ipvs-director/ipvs-owned.json");
    public static final IpvsConfig DEFAULT = new IpvsConfig(DEFAULT_STATE_FILE, Optional.empty(), Optional.empty(),
            Optional.empty());

    public boolean hasTimeouts() {
        return tcpTimeout.isPresent() || tcpFinTimeout.isPresent() || udpTimeout.isPresent();
    }
}
