package io.ipvsdirector.director;

import io.ipvsdirector.kernel.packet.Announcer;
import io.ipvsdirector.kernel.packet.PacketAnnouncer;
import io.ipvsdirector.kernel.rtnl.AddressTable;
import io.ipvsdirector.vip.DryRunAddressTable;
import io.ipvsdirector.kernel.ipvs.IpvsClient;
import io.ipvsdirector.kernel.ipvs.IpvsTable;
import io.ipvsdirector.kernel.ipvs.MemoryIpvsTable;
import io.ipvsdirector.kernel.ipvs.NetlinkIpvsTable;
import io.ipvsdirector.kernel.netlink.KernelThread;
import io.ipvsdirector.kernel.netlink.ModuleLoader;
import java.util.concurrent.CompletableFuture;
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
    private final boolean dryRun;
    private IpvsTable ipvs;

    private KernelAccess(AddressTable addresses, Announcer announcer, boolean dryRun) {
        this.dryRun = dryRun;
        this.addresses = addresses;
        this.announcer = announcer;
    }

    static KernelAccess real() {
        return new KernelAccess(new io.ipvsdirector.kernel.rtnl.RtnlAddressTable(), new PacketAnnouncer(), false);
    }

    static KernelAccess dryRun() {
        return new KernelAccess(new DryRunAddressTable(),
                (dev, address) -> LOG.debug("dry run: announce {} on {}", address, dev), true);
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

    /**
     * Runs {@code task} with the IPVS table on the kernel thread. The table is opened on first use:
     * a VIP-only director never needs IPVS. With --dry-run it is a table in memory, which the
     * director programs as it would the kernel's, so that the would-be table can be read.
     */
    <T> CompletableFuture<T> ipvs(IpvsClient.Task<T, ?> task) {
        return thread.submit(() -> {
            if (ipvs == null) {
                ipvs = dryRun ? new MemoryIpvsTable() : NetlinkIpvsTable.open(ModuleLoader.modprobe());
            }
            return task.run(ipvs);
        });
    }

    /** True when kernel writes are only logged (--dry-run). */
    boolean isDryRun() {
        return dryRun;
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
