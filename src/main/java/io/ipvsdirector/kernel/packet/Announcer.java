package io.ipvsdirector.kernel.packet;

import io.ipvsdirector.net.IpPrefix;
import java.io.IOException;

/** Tells the link that this host now has an address: one gratuitous ARP or unsolicited NA per call. */
public interface Announcer {
    /** Blocking; called on the kernel thread. */
    void announce(String interfaceName, IpPrefix address) throws IOException;
}
