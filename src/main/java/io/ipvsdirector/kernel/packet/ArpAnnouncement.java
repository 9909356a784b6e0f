package io.ipvsdirector.kernel.packet;

import java.net.Inet4Address;
import java.nio.ByteBuffer;

/**
 * A gratuitous ARP frame: an ARP request, broadcast, whose sender and target protocol addresses are
 * both the VIP (RFC 5227's ARP announcement). Caches that hold the VIP take the sender's MAC;
 * requests are used rather than replies because some hosts only update from requests.
 */
public final class ArpAnnouncement {
    /** Ethernet's minimum frame length without the FCS: shorter frames are padded. */
    public static final int FRAME_LENGTH = 60;
    public static final int ETH_P_ARP = 0x0806;
    public static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};

    private ArpAnnouncement() {
    }

    public static byte[] frame(byte[] mac, Inet4Address vip) {
        if (mac.length != 6) {
            throw new IllegalArgumentException("a MAC address has 6 bytes, got " + mac.length);
        }
        ByteBuffer b = ByteBuffer.allocate(FRAME_LENGTH); // network byte order, zero padding
        b.put(BROADCAST).put(mac).putShort((short) ETH_P_ARP);
        b.putShort((short) 1);          // hardware type: Ethernet
        b.putShort((short) 0x0800);     // protocol type: IPv4
        b.put((byte) 6).put((byte) 4);  // address lengths
        b.putShort((short) 1);          // operation: request
        b.put(mac).put(vip.getAddress());
        b.put(new byte[6]).put(vip.getAddress());
        return b.array();
    }
}
