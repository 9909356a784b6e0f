package io.ipvsdirector.kernel.ipvs;

import io.ipvsdirector.kernel.netlink.NetlinkException;
import io.ipvsdirector.net.ServiceKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's IPVS table and settings: the small typed interface policy code programs against.
 * Implementations talk to the kernel and must be called on the kernel thread (see
 * {@link IpvsClient}); tests substitute an in-memory table.
 */
public interface IpvsTable {
    /** Every service, with counters: one GET_SERVICE dump. */
    List<ServiceEntry> services() throws NetlinkException;

    /** The destinations of {@code service}: one GET_DEST dump; empty when the service does not exist. */
    List<DestinationEntry> destinations(ServiceKey service) throws NetlinkException;

    /**
     * Sends {@code operations} in order, several per system call, and returns one result per
     * operation. A refused operation does not stop the ones after it. Throws only when the exchange
     * itself failed (no reply, socket error); then which operations took effect is unknown.
     */
    List<OperationResult> apply(List<IpvsOperation> operations) throws NetlinkException;

    List<SyncDaemon> syncDaemons() throws NetlinkException;

    void startSyncDaemon(SyncDaemon daemon) throws NetlinkException;

    void stopSyncDaemon(SyncDaemon.State state) throws NetlinkException;

    Timeouts timeouts() throws NetlinkException;

    /** Sets the non-zero timeouts of {@code timeouts}; zero ones stay as they are. */
    void setTimeouts(Timeouts timeouts) throws NetlinkException;

    IpvsInfo info() throws NetlinkException;

    /** Applies one operation and throws the kernel's refusal, if any. */
    default void execute(IpvsOperation operation) throws NetlinkException {
        OperationResult result = apply(List.of(operation)).get(0);
        if (result.error().isPresent()) {
            throw result.error().get();
        }
    }

    default void createService(Service service) throws NetlinkException {
        execute(new IpvsOperation.CreateService(service));
    }

    default void updateService(Service service) throws NetlinkException {
        execute(new IpvsOperation.UpdateService(service));
    }

    default void deleteService(ServiceKey service) throws NetlinkException {
        execute(new IpvsOperation.DeleteService(service));
    }

    default void createDestination(ServiceKey service, Destination destination) throws NetlinkException {
        execute(new IpvsOperation.CreateDestination(service, destination));
    }

    default void updateDestination(ServiceKey service, Destination destination) throws NetlinkException {
        execute(new IpvsOperation.UpdateDestination(service, destination));
    }

    default void deleteDestination(ServiceKey service, Destination.Key destination) throws NetlinkException {
        execute(new IpvsOperation.DeleteDestination(service, destination));
    }

    /** The whole table: one service dump and one destination dump per service. */
    default IpvsSnapshot snapshot() throws NetlinkException {
        List<IpvsSnapshot.Entry> entries = new ArrayList<>();
        for (ServiceEntry s : services()) {
            entries.add(new IpvsSnapshot.Entry(s, destinations(s.service().key())));
        }
        return new IpvsSnapshot(entries);
    }
}
