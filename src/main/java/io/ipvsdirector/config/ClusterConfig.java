package io.ipvsdirector.config;

import io.ipvsdirector.net.HostPort;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The director cluster. With no members the director is standalone and always ACTIVE; {@code bind}
 * is then unused.
 */
public record ClusterConfig(
        String name,
        Optional<HostPort> bind,
        List<HostPort> members,
        Optional<HostPort> witness,
        Duration heartbeat,
        Duration deadAfter) {

    public ClusterConfig {
        members = List.copyOf(members);
    }

    public boolean standalone() {
        return members.isEmpty();
    }
}
