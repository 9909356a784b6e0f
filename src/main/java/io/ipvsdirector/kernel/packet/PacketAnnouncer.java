package io.ipvsdirector.kernel.packet;

import io.ipvsdirector.net.IpPrefix;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.Optional;

/**
 * Announces addresses with frames built here and sent on one AF_PACKET socket: gratuitous ARP for
 * IPv4, unsolicited neighbour advertisements (from the interface's link-local address) for IPv6.
 */
public final class PacketAnnouncer implements Announcer, AutoCloseable {
    private static final byte[] ALL_NODES_MAC = {0x33, 0x33, 0, 0, 0, 1};
    /**
     * {@link #prepare} sends its frame to interface index 0, which names no interface: the kernel
     * refuses it (ENXIO) and nothing goes out, but the send path has run once.
     */
    private static final int REHEARSAL_INDEX = 0;

    private PacketSocket socket;

    /** Opens the socket ahead of the first announcement (its native binding is slow to load). */
    public void open() throws IOException {
        if (socket == null) {
            socket = PacketSocket.open();
        }
    }

    @Override
    public void announce(String interfaceName, IpPrefix address) throws IOException {
        send(interfaceName, address, true);
    }

    @Override
    public void prepare(String interfaceName, IpPrefix address) throws IOException {
        send(interfaceName, address, false);
    }

    private void send(String interfaceName, IpPrefix address, boolean really) throws IOException {
        open();
        // Read each time: a MAC can change (bonding failover) and the cost is two small file reads.
        InterfaceInfo info = InterfaceInfo.read(interfaceName);
        if (address.address() instanceof Inet4Address v4) {
            byte[] frame = ArpAnnouncement.frame(info.mac(), v4);
            socket.send(really ? info.index() : REHEARSAL_INDEX, ArpAnnouncement.ETH_P_ARP, ArpAnnouncement.BROADCAST, frame,
                    really);
        } else {
            // Without a link-local address yet (an interface still coming up), only the real send fails.
            Optional<Inet6Address> source = info.linkLocal();
            if (source.isEmpty() && !really) {
                return;
            }
            byte[] frame = NeighborAdvertisement.frame(info.mac(), source.orElseThrow(() -> new IOException("interface "
                    + interfaceName + " has no IPv6 link-local address to send the NA from")),
                    (Inet6Address) address.address(), info.ipv6Forwarding());
            socket.send(really ? info.index() : REHEARSAL_INDEX, NeighborAdvertisement.ETH_P_IPV6, ALL_NODES_MAC, frame,
                    really);
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.close();
        }
    }
}
