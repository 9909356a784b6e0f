package io.ipvsdirector.reconcile;

import io.ipvsdirector.net.ServiceKey;
import java.util.Set;

/**
 * Which IPVS services this director created or manages, remembered across restarts, so that a
 * service removed from the configuration while the director was down is still cleaned up.
 */
public interface OwnershipStore {
    /** The services recorded; empty when nothing is recorded or the record cannot be read. */
    Set<ServiceKey> load();

    /** Records {@code services}. A failure is logged, never thrown: the table matters more than the record. */
    void save(Set<ServiceKey> services);

    /** A store that remembers nothing, for dry runs and tests. */
    static OwnershipStore inMemory() {
        return new OwnershipStore() {
            private Set<ServiceKey> services = Set.of();

            @Override
            public Set<ServiceKey> load() {
                return services;
            }

            @Override
            public void save(Set<ServiceKey> s) {
                services = Set.copyOf(s);
            }
        };
    }
}
