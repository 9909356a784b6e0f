package io.ipvsdirector.director;

import io.ipvsdirector.kernel.packet.Announcer;
import io.ipvsdirector.kernel.packet.PacketAnnouncer;
import io.ipvsdirector.kernel.rtnl.AddressTable;
import io.ipvsdirector.vip.DryRunAddressTable;
import io.ipvsdirector.kernel.netlink.KernelThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every way the director reaches the kernel, and the one thread that does it: kernel writes are
 * serialised there and never run on an event loop. With --dry-run the writes are logged instead.
 */
final class KernelAccess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KernelAccess.class);

    private final KernelThread thread = new KernelThread("kernel");
    private final AddressTable addresses;
    private final Announcer announcer;

    private KernelAccess(AddressTable addresses, Announcer announcer) {
        this.addresses = addresses;
        this.announcer = announcer;
    }

    static KernelAccess real() {
        return new KernelAccess(new io.ipvsdirector.kernel.rtnl.RtnlAddressTable(), new PacketAnnouncer());
    }

    static KernelAccess dryRun() {
        return new KernelAccess(new DryRunAddressTable(),
                (dev, address) -> LOG.debug("dry run: announce {} on {}", address, dev));
    }

    KernelThread thread() {
        return thread;
    }

    /**
     * Opens the kernel sockets now, on the kernel thread: binding libc through jnr costs 0.4-1.2 s
     * the first time, and that must not be paid by the first announcement after a failover.
     */
    void warmUp() {
        thread.submit(() -> {
            try {
                addresses.has("lo", io.ipvsdirector.net.IpPrefix.parse("127.0.0.1/8"));
                if (announcer instanceof PacketAnnouncer p) {
                    p.open();
                }
            } catch (java.io.IOException | RuntimeException e) {
                LOG.warn("kernel sockets could not be opened yet: {}", e.getMessage());
            }
            return null;
        });
    }

    AddressTable addresses() {
        return addresses;
    }

    Announcer announcer() {
        return announcer;
    }

    @Override
    public void close() {
        thread.submit(() -> {
            if (announcer instanceof AutoCloseable c) {
                c.close();
            }
            return null;
        });
        thread.close();
    }
}
