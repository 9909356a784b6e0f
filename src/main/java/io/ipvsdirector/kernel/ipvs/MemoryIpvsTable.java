package io.ipvsdirector.kernel.ipvs;

import io.ipvsdirector.kernel.netlink.Errno;
import io.ipvsdirector.kernel.netlink.NetlinkException;
import io.ipvsdirector.net.ServiceKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An IPVS table in memory that refuses what the kernel refuses, with the kernel's errno: EEXIST for
 * a service or destination that exists, ESRCH for a missing service, ENOENT for a missing
 * destination or an unknown scheduler. The daemon's --dry-run uses it where the kernel has no IPVS,
 * so that the would-be table can be read; unit tests of policy use it and read what it was sent.
 * Sync daemons are kept as the kernel keeps them: one master and one backup at most.
 */
public final class MemoryIpvsTable implements IpvsTable {
    /** Every scheduler of LVS; a kernel may lack some (twos is recent and often not built). */
    public static final Set<String> ALL_SCHEDULERS = Set.of("rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed",
            "nq", "mh", "fo", "ovf", "twos");

    private final Set<String> schedulers;

    private final Map<ServiceKey, Service> services = new LinkedHashMap<>();
    private final Map<ServiceKey, Map<Destination.Key, Destination>> destinations = new LinkedHashMap<>();
    private final List<IpvsOperation> received = new ArrayList<>();
    private final Map<SyncDaemon.State, SyncDaemon> daemons = new java.util.EnumMap<>(SyncDaemon.State.class);
    private Timeouts timeouts = new Timeouts(900, 120, 300);
    private int dumps;

    /** A table whose kernel has every scheduler. */
    public MemoryIpvsTable() {
        this(ALL_SCHEDULERS);
    }

    /** A table whose kernel has only these schedulers: any other is refused with ENOENT. */
    public MemoryIpvsTable(Set<String> schedulers) {
        this.schedulers = Set.copyOf(schedulers);
    }

    /** Every operation sent so far, refused ones included. */
    public List<IpvsOperation> received() {
        return received;
    }

    /** How many service dumps were read. */
    public int dumps() {
        return dumps;
    }

    /** Changes the table directly, as another tool would. */
    public void put(Service s, Destination... dests) {
        services.put(s.key(), s);
        Map<Destination.Key, Destination> m = destinations.computeIfAbsent(s.key(), k -> new LinkedHashMap<>());
        for (Destination d : dests) {
            m.put(d.key(), d);
        }
    }

    public void remove(ServiceKey key) {
        services.remove(key);
        destinations.remove(key);
    }

    public void removeDestination(ServiceKey key, Destination.Key dest) {
        destinations.get(key).remove(dest);
    }

    public Optional<Service> service(ServiceKey key) {
        return Optional.ofNullable(services.get(key));
    }

    public Map<Destination.Key, Destination> destinationsOf(ServiceKey key) {
        return destinations.getOrDefault(key, Map.of());
    }

    @Override
    public List<ServiceEntry> services() {
        dumps++;
        return services.values().stream().map(s -> new ServiceEntry(s, Stats.ZERO, Stats.ZERO)).toList();
    }

    @Override
    public List<DestinationEntry> destinations(ServiceKey service) {
        return destinationsOf(service).values().stream().map(DestinationEntry::of).toList();
    }

    @Override
    public List<OperationResult> apply(List<IpvsOperation> operations) {
        List<OperationResult> out = new ArrayList<>();
        for (IpvsOperation op : operations) {
            received.add(op);
            Errno refused = applyOne(op);
            out.add(new OperationResult(op, refused == null ? Optional.empty()
                    : Optional.of(NetlinkException.of(refused.value(), op.ipvsadm()))));
        }
        return out;
    }

    private Errno applyOne(IpvsOperation op) {
        ServiceKey key = op.serviceKey();
        boolean exists = services.containsKey(key);
        if (op instanceof IpvsOperation.CreateService c) {
            return exists ? Errno.EEXIST : !schedulers.contains(c.service().scheduler()) ? Errno.ENOENT : put(c.service());
        }
        if (!exists) {
            return Errno.ESRCH;
        }
        if (op instanceof IpvsOperation.UpdateService u) {
            return schedulers.contains(u.service().scheduler()) ? put(u.service()) : Errno.ENOENT;
        }
        if (op instanceof IpvsOperation.DeleteService) {
            remove(key);
            return null;
        }
        Map<Destination.Key, Destination> dests = destinations.get(key);
        if (op instanceof IpvsOperation.CreateDestination c) {
            return dests.putIfAbsent(c.destination().key(), c.destination()) != null ? Errno.EEXIST : null;
        }
        if (op instanceof IpvsOperation.UpdateDestination u) {
            return dests.replace(u.destination().key(), u.destination()) == null ? Errno.ENOENT : null;
        }
        return dests.remove(((IpvsOperation.DeleteDestination) op).destination()) == null ? Errno.ENOENT : null;
    }

    private Errno put(Service s) {
        services.put(s.key(), s);
        destinations.computeIfAbsent(s.key(), k -> new LinkedHashMap<>());
        return null;
    }

    @Override
    public List<SyncDaemon> syncDaemons() {
        return List.copyOf(daemons.values());
    }

    @Override
    public void startSyncDaemon(SyncDaemon daemon) throws NetlinkException {
        if (daemons.putIfAbsent(daemon.state(), daemon) != null) {
            throw NetlinkException.of(Errno.EEXIST.value(), "start " + daemon.state() + " sync daemon");
        }
    }

    @Override
    public void stopSyncDaemon(SyncDaemon.State state) throws NetlinkException {
        if (daemons.remove(state) == null) {
            throw NetlinkException.of(Errno.ESRCH.value(), "stop " + state + " sync daemon");
        }
    }

    @Override
    public Timeouts timeouts() {
        return timeouts;
    }

    @Override
    public void setTimeouts(Timeouts t) {
        timeouts = new Timeouts(t.tcp() != 0 ? t.tcp() : timeouts.tcp(), t.tcpFin() != 0 ? t.tcpFin() : timeouts.tcpFin(),
                t.udp() != 0 ? t.udp() : timeouts.udp());
    }

    @Override
    public IpvsInfo info() {
        return new IpvsInfo(0x010201, 4096);
    }
}
