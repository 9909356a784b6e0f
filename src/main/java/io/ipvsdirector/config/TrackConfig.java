package io.ipvsdirector.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What puts this director in FAULT: a link down, an unreachable gateway, a failing script. */
public record TrackConfig(List<String> interfaces, Optional<InetAddress> gateway, List<Script> scripts) {
    public TrackConfig {
        interfaces = List.copyOf(interfaces);
        scripts = List.copyOf(scripts);
    }

    /** A program run every {@code interval}; exit 0 counts as a success, anything else a failure. */
    public record Script(List<String> command, Duration interval, Duration timeout, int rise, int fall) {
        public Script {
            command = List.copyOf(command);
        }
    }
}
