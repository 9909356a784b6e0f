package io.ipvsdirector.reconcile;

import io.ipvsdirector.kernel.ipvs.Destination;
import io.ipvsdirector.kernel.ipvs.DestinationEntry;
import io.ipvsdirector.kernel.ipvs.IpvsSnapshot;
import io.ipvsdirector.kernel.ipvs.Service;
import io.ipvsdirector.net.ServiceKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An IPVS table by identity, without counters: what the director wants, or what the kernel has.
 * Keeps insertion order, so that operations come out in configuration order.
 */
public record Table(Map<ServiceKey, Entry> services) {
    public Table {
        services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
    }

    /** A service and its destinations by identity. */
    public record Entry(Service service, Map<Destination.Key, Destination> destinations) {
        public Entry {
            destinations = Collections.unmodifiableMap(new LinkedHashMap<>(destinations));
        }

        public static Entry of(Service service, List<Destination> destinations) {
            Map<Destination.Key, Destination> byKey = new LinkedHashMap<>();
            destinations.forEach(d -> byKey.put(d.key(), d));
            return new Entry(service, byKey);
        }
    }

    public static Table of(List<Entry> entries) {
        Map<ServiceKey, Entry> byKey = new LinkedHashMap<>();
        entries.forEach(e -> byKey.put(e.service().key(), e));
        return new Table(byKey);
    }

    /** The table the kernel reported. */
    public static Table of(IpvsSnapshot snapshot) {
        return of(snapshot.services().stream()
                .map(s -> Entry.of(s.service().service(), s.destinations().stream().map(DestinationEntry::destination).toList()))
                .toList());
    }

    public int destinationCount() {
        return services.values().stream().mapToInt(e -> e.destinations().size()).sum();
    }
}
