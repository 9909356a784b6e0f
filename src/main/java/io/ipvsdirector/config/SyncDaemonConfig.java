package io.ipvsdirector.config;

import java.net.InetAddress;
import java.util.Optional;

/**
 * IPVS connection synchronisation: the kernel's sync daemon runs as master on the ACTIVE director and
 * as backup on the others, sending on {@code interfaceName}. Unset options keep the kernel's defaults.
 */
public record SyncDaemonConfig(
        String interfaceName,
        int syncId,
        Optional<Integer> maxLength,
        Optional<InetAddress> group,
        Optional<Integer> port,
        Optional<Integer> ttl) {
}
