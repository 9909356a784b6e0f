package io.ipvsdirector.kernel.packet;

import io.ipvsdirector.net.IpPrefix;
import java.io.IOException;

/** Tells the link that this host now has an address: one gratuitous ARP or unsolicited NA per call. */
public interface Announcer {
    /** Blocking; called on the kernel thread. */
    void announce(String interfaceName, IpPrefix address) throws IOException;

    /**
     * Does everything {@link #announce} does except sending, so that the first real announcement (a
     * failover, often minutes or months after the start) does not pay for loading and linking its
     * code. Blocking; on the kernel thread.
     */
    default void prepare(String interfaceName, IpPrefix address) throws IOException {
    }
}
