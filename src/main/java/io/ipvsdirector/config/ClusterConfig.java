package io.ipvsdirector.config;

import io.ipvsdirector.net.HostPort;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The director cluster. With no members the director is standalone and always ACTIVE; {@code bind}
 * is then unused. {@code keyFile} holds the shared secret that signs every message between the
 * directors ({@link ClusterKeyFile}); without it they trust anything that speaks for the cluster.
 */
public record ClusterConfig(
        String name,
        Optional<HostPort> bind,
        List<HostPort> members,
        Optional<HostPort> witness,
        Duration heartbeat,
        Duration deadAfter,
        Beacon beacon,
        Optional<Path> keyFile) {

    /**
     * The UDP liveness beacon, sent to every peer every {@code interval} on the cluster port: a peer
     * silent for {@code misses} intervals loses the election long before the cluster's heartbeats
     * would notice a hung host or a cut link.
     */
    public record Beacon(Duration interval, int misses) {
        public Duration silentAfter() {
            return interval.multipliedBy(misses);
        }
    }

    public ClusterConfig {
        members = List.copyOf(members);
    }

    public boolean standalone() {
        return members.isEmpty();
    }
}
