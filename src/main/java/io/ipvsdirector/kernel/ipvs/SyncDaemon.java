package io.ipvsdirector.kernel.ipvs;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * A connection-synchronisation daemon of the kernel: master (sends) or backup (receives), on an
 * interface, for a sync id. Empty options keep the kernel's defaults (Linux 4.3+ takes them).
 */
public record SyncDaemon(State state, String interfaceName, int syncId, Optional<Integer> maxLength,
                         Optional<InetAddress> group, Optional<Integer> port, Optional<Integer> ttl) {
    public SyncDaemon {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(interfaceName, "interfaceName");
    }

    /** IP_VS_STATE_MASTER / BACKUP. */
    public enum State {
        MASTER(IpvsUapi.STATE_MASTER), BACKUP(IpvsUapi.STATE_BACKUP);

        private final int value;

        State(int value) {
            this.value = value;
        }

        public int value() {
            return value;
        }

        public static State of(int value) {
            return IpvsUapi.constant(State.class, State::value, value, "sync daemon state");
        }
    }

    public static SyncDaemon of(State state, String interfaceName, int syncId) {
        return new SyncDaemon(state, interfaceName, syncId, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }
}
