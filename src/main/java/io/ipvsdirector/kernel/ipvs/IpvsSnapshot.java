package io.ipvsdirector.kernel.ipvs;

import java.util.List;

/** The whole table at one moment: every service with its destinations, as dumped. */
public record IpvsSnapshot(List<Entry> services) {
    public IpvsSnapshot {
        services = List.copyOf(services);
    }

    /** One service and its destinations. */
    public record Entry(ServiceEntry service, List<DestinationEntry> destinations) {
        public Entry {
            destinations = List.copyOf(destinations);
        }
    }
}
