package io.ipvsdirector.kernel.ipvs;

import io.ipvsdirector.net.AddressFamily;
import io.ipvsdirector.net.ServiceKey;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An IPVS virtual service as the kernel stores it: its identity and its settings, no statistics.
 * {@code timeout} is the persistence timeout in seconds. {@code netmask} is the persistence
 * granularity as the kernel keeps it: for IPv4 the mask itself (0xffffff00 for /24), for IPv6 a
 * prefix length; it matters only to persistent services.
 */
public record Service(ServiceKey key, String scheduler, Set<ServiceFlag> flags, int timeout, int netmask,
                      Optional<String> persistenceEngine) {
    public Service {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(scheduler, "scheduler");
        // An unmodifiable EnumSet: immutable, and printed in a stable order.
        flags = Collections.unmodifiableSet(flags.isEmpty() ? EnumSet.noneOf(ServiceFlag.class) : EnumSet.copyOf(flags));
        Objects.requireNonNull(persistenceEngine, "persistenceEngine");
    }

    /** A service with no flags, no persistence and the host netmask, as ipvsadm -A makes it. */
    public static Service of(ServiceKey key, String scheduler) {
        return new Service(key, scheduler, Set.of(), 0, hostNetmask(key.family()), Optional.empty());
    }

    public boolean persistent() {
        return flags.contains(ServiceFlag.PERSISTENT);
    }

    public Service withScheduler(String name) {
        return new Service(key, name, flags, timeout, netmask, persistenceEngine);
    }

    /** Persistent for {@code seconds}, clients grouped by {@code prefixLength}. */
    public Service withPersistence(int seconds, int prefixLength) {
        Set<ServiceFlag> f = EnumSet.of(ServiceFlag.PERSISTENT);
        f.addAll(flags);
        return new Service(key, scheduler, f, seconds, netmask(key.family(), prefixLength), persistenceEngine);
    }

    /** The netmask of one client host: 255.255.255.255 or /128. */
    public static int hostNetmask(AddressFamily family) {
        return netmask(family, family.bits());
    }

    /** The kernel's netmask value for a prefix length: the IPv4 mask, or the IPv6 length itself. */
    public static int netmask(AddressFamily family, int prefixLength) {
        if (family == AddressFamily.IPV6) {
            return prefixLength;
        }
        return prefixLength == 0 ? 0 : (int) (0xffffffffL << (32 - prefixLength));
    }
}
