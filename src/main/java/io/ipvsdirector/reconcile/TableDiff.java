package io.ipvsdirector.reconcile;

import io.ipvsdirector.kernel.ipvs.Destination;
import io.ipvsdirector.kernel.ipvs.ForwardingMethod;
import io.ipvsdirector.kernel.ipvs.IpvsOperation;
import io.ipvsdirector.kernel.ipvs.Service;
import io.ipvsdirector.kernel.ipvs.Timeouts;
import io.ipvsdirector.net.ServiceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The fewest operations that turn the actual table into the desired one, as a pure function.
 *
 * <p>Rules: a missing service is created before its destinations; a service or destination that
 * differs is updated in place (a weight change is one update, a scheduler change one update; never
 * a delete and a re-add, which would drop its connections and counters); an owned service that is
 * no longer wanted is deleted with one operation (the kernel deletes its destinations with it).
 * Services not owned are never touched; every destination of an owned service is managed, so a
 * destination added by hand to an owned service is removed. Per service, updates and creations come
 * before deletions, so that a service being changed never passes through having no destinations;
 * service deletions come last.
 */
public final class TableDiff {
    private TableDiff() {
    }

    public static List<IpvsOperation> operations(Table desired, Table actual, Set<ServiceKey> owned) {
        List<IpvsOperation> ops = new ArrayList<>();
        for (Table.Entry want : desired.services().values()) {
            ServiceKey key = want.service().key();
            Table.Entry have = actual.services().get(key);
            if (have == null) {
                ops.add(new IpvsOperation.CreateService(want.service()));
                want.destinations().values().forEach(d -> ops.add(new IpvsOperation.CreateDestination(key, d)));
                continue;
            }
            if (!sameSettings(want.service(), have.service())) {
                ops.add(new IpvsOperation.UpdateService(want.service()));
            }
            destinations(key, want.destinations(), have.destinations(), ops);
        }
        for (ServiceKey key : actual.services().keySet()) {
            if (!desired.services().containsKey(key) && owned.contains(key)) {
                ops.add(new IpvsOperation.DeleteService(key));
            }
        }
        return ops;
    }

    private static void destinations(ServiceKey service, Map<Destination.Key, Destination> want,
                                     Map<Destination.Key, Destination> have, List<IpvsOperation> ops) {
        List<IpvsOperation> creates = new ArrayList<>();
        for (Destination d : want.values()) {
            Destination current = have.get(d.key());
            if (current == null) {
                creates.add(new IpvsOperation.CreateDestination(service, d));
            } else if (!sameSettings(d, current)) {
                ops.add(new IpvsOperation.UpdateDestination(service, d));
            }
        }
        ops.addAll(creates);
        for (Destination.Key k : have.keySet()) {
            if (!want.containsKey(k)) {
                ops.add(new IpvsOperation.DeleteDestination(service, k));
            }
        }
    }

    /**
     * The timeouts to set so that the kernel's match {@code wanted}: the differing ones, the others 0
     * (which SET_CONFIG leaves alone); empty when none differs. A 0 in {@code wanted} means "any".
     */
    public static Optional<Timeouts> timeouts(Timeouts wanted, Timeouts actual) {
        int tcp = wanted.tcp() != 0 && wanted.tcp() != actual.tcp() ? wanted.tcp() : 0;
        int fin = wanted.tcpFin() != 0 && wanted.tcpFin() != actual.tcpFin() ? wanted.tcpFin() : 0;
        int udp = wanted.udp() != 0 && wanted.udp() != actual.udp() ? wanted.udp() : 0;
        return tcp == 0 && fin == 0 && udp == 0 ? Optional.empty() : Optional.of(new Timeouts(tcp, fin, udp));
    }

    /** Equal in everything the kernel acts on; timeout and netmask matter only to persistent services. */
    static boolean sameSettings(Service want, Service have) {
        return want.scheduler().equals(have.scheduler())
                && want.flags().equals(have.flags())
                && want.persistenceEngine().equals(have.persistenceEngine())
                && (!want.persistent() || (want.timeout() == have.timeout() && want.netmask() == have.netmask()));
    }

    /**
     * Equal in everything the kernel acts on. The kernel reports LOCAL for a destination whose address
     * is the director's own, whatever method it was given, so LOCAL matches any method.
     */
    static boolean sameSettings(Destination want, Destination have) {
        boolean forwarding = have.forwarding() == ForwardingMethod.LOCAL
                || (want.forwarding() == have.forwarding() && want.tunnel().equals(have.tunnel()));
        return forwarding && want.weight() == have.weight() && want.upperThreshold() == have.upperThreshold()
                && want.lowerThreshold() == have.lowerThreshold();
    }
}
