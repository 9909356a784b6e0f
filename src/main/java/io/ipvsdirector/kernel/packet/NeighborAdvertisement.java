package io.ipvsdirector.kernel.packet;

import java.net.Inet6Address;
import java.nio.ByteBuffer;

/**
 * An unsolicited neighbour advertisement (RFC 4861 §7.2.6) as a whole Ethernet frame: to all nodes
 * (ff02::1), hop limit 255, Override set so that caches replace the old MAC, Router set when this
 * host forwards (otherwise hosts drop it from their default routers), and the target link-layer
 * address option carrying the MAC.
 */
public final class NeighborAdvertisement {
    public static final int ETH_P_IPV6 = 0x86dd;
    /** 14 Ethernet + 40 IPv6 + 24 NA + 8 option. */
    public static final int FRAME_LENGTH = 86;
    private static final byte[] ALL_NODES_MAC = {0x33, 0x33, 0, 0, 0, 1};
    private static final byte[] ALL_NODES = {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    private static final int ICMPV6 = 58;
    private static final int PAYLOAD = 32;

    private NeighborAdvertisement() {
    }

    public static byte[] frame(byte[] mac, Inet6Address source, Inet6Address target, boolean router) {
        ByteBuffer b = ByteBuffer.allocate(FRAME_LENGTH);
        b.put(ALL_NODES_MAC).put(mac).putShort((short) ETH_P_IPV6);
        b.putInt(6 << 28);                           // version 6, traffic class 0, flow label 0
        b.putShort((short) PAYLOAD).put((byte) ICMPV6).put((byte) 255);
        b.put(source.getAddress()).put(ALL_NODES);
        int icmp = b.position();
        b.put((byte) 136).put((byte) 0).putShort((short) 0); // type NA, code, checksum (below)
        b.putInt((router ? 0x80000000 : 0) | 0x20000000);    // R, S = 0 (unsolicited), O = 1
        b.put(target.getAddress());
        b.put((byte) 2).put((byte) 1).put(mac);               // target link-layer address option
        b.putShort(icmp + 2, checksum(source.getAddress(), b.array(), icmp));
        return b.array();
    }

    /** The ICMPv6 checksum over the IPv6 pseudo-header and the message. */
    static short checksum(byte[] source, byte[] frame, int icmpOffset) {
        long sum = 0;
        for (int i = 0; i < 16; i += 2) {
            sum += word(source, i) + word(ALL_NODES, i);
        }
        sum += PAYLOAD + ICMPV6;
        for (int i = icmpOffset; i < icmpOffset + PAYLOAD; i += 2) {
            sum += word(frame, i);
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (short) ~sum;
    }

    private static int word(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }
}
