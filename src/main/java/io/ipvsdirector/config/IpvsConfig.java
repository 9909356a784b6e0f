package io.ipvsdirector.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of the kernel's IPVS table itself: where the director records the services it owns, the
 * connection timeouts to set (absent ones are left as the kernel has them), and whether a stopping
 * director leaves its services in the kernel (so a restart loses no connection) or removes them.
 */
public record IpvsConfig(Path stateFile, Optional<Duration> tcpTimeout, Optional<Duration> tcpFinTimeout,
                         Optional<Duration> udpTimeout, OnStop onStop) {
    public static final Path DEFAULT_STATE_FILE = Path.of("/var/lib/ipvs-director/ipvs-owned.json");
    public static final IpvsConfig DEFAULT = new IpvsConfig(DEFAULT_STATE_FILE, Optional.empty(), Optional.empty(),
            Optional.empty(), OnStop.KEEP);

    /** What a director does with its services when it stops. */
    public enum OnStop implements Spelled {
        KEEP, REMOVE;

        @Override
        public String toString() {
            return spelling();
        }
    }

    public boolean hasTimeouts() {
        return tcpTimeout.isPresent() || tcpFinTimeout.isPresent() || udpTimeout.isPresent();
    }
}
