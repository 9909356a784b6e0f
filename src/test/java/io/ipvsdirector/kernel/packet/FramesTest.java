package io.ipvsdirector.kernel.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ipvsdirector.net.InetAddresses;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The announcement frames, byte by byte. */
class FramesTest {
    private static final byte[] MAC = HexFormat.of().parseHex("0a0b0c0d0e0f");

    @Test
    void gratuitousArpIsABroadcastRequestWithSenderEqualToTarget() {
        byte[] frame = ArpAnnouncement.frame(MAC, (Inet4Address) InetAddresses.parse("192.0.2.10"));
        String expected = "ffffffffffff" + "0a0b0c0d0e0f" + "0806"       // Ethernet: broadcast, from MAC, ARP
                + "0001" + "0800" + "06" + "04" + "0001"                  // Ethernet/IPv4, lengths, request
                + "0a0b0c0d0e0f" + "c000020a"                             // sender: MAC, 192.0.2.10
                + "000000000000" + "c000020a"                             // target: -, 192.0.2.10
                + "00".repeat(18);                                        // padding to 60 bytes
        assertEquals(expected, HexFormat.of().formatHex(frame));
        assertEquals(60, frame.length);
    }

    @Test
    void unsolicitedNeighbourAdvertisementLayout() {
        Inet6Address source = (Inet6Address) InetAddresses.parse("fe80::80b:cff:fe0d:e0f");
        Inet6Address vip = (Inet6Address) InetAddresses.parse("2001:db8::10");
        byte[] frame = NeighborAdvertisement.frame(MAC, source, vip, false);
        String hex = HexFormat.of().formatHex(frame);
        assertEquals(86, frame.length);
        assertEquals("333300000001" + "0a0b0c0d0e0f" + "86dd", hex.substring(0, 28), "to all nodes' MAC");
        assertEquals("60000000" + "0020" + "3a" + "ff", hex.substring(28, 44), "IPv6, 32 bytes of ICMPv6, hop limit 255");
        assertEquals("fe80000000000000080b0cfffe0d0e0f", hex.substring(44, 76), "from the link-local address");
        assertEquals("ff020000000000000000000000000001", hex.substring(76, 108), "to ff02::1");
        assertEquals("88" + "00", hex.substring(108, 112), "neighbour advertisement");
        assertEquals("20000000", hex.substring(116, 124), "Override only: not solicited, not a router");
        assertEquals("20010db8000000000000000000000010", hex.substring(124, 156), "the VIP is the target");
        assertEquals("0201" + "0a0b0c0d0e0f", hex.substring(156), "target link-layer address option");
        assertEquals("a0000000", HexFormat.of().formatHex(
                NeighborAdvertisement.frame(MAC, source, vip, true), 58, 62), "Router and Override when forwarding");
    }

    @Test
    void neighbourAdvertisementChecksumVerifies() {
        Inet6Address source = (Inet6Address) InetAddresses.parse("fe80::1");
        for (String target : new String[] {"2001:db8::10", "2001:db8:ffff::ffff", "fd00::1"}) {
            for (boolean router : new boolean[] {false, true}) {
                byte[] frame = NeighborAdvertisement.frame(MAC, source, (Inet6Address) InetAddresses.parse(target), router);
                // A receiver sums the pseudo-header and the message, checksum included: all ones.
                long sum = 0;
                byte[] src = source.getAddress();
                byte[] dst = InetAddresses.parse("ff02::1").getAddress();
                for (int i = 0; i < 16; i += 2) {
                    sum += ((src[i] & 0xff) << 8 | (src[i + 1] & 0xff)) + ((dst[i] & 0xff) << 8 | (dst[i + 1] & 0xff));
                }
                sum += 32 + 58;
                for (int i = 54; i < 86; i += 2) {
                    sum += (frame[i] & 0xff) << 8 | (frame[i + 1] & 0xff);
                }
                while ((sum >> 16) != 0) {
                    sum = (sum & 0xffff) + (sum >> 16);
                }
                assertEquals(0xffff, sum, target + " router=" + router);
            }
        }
    }

    @Test
    void macMustHaveSixBytes() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ArpAnnouncement.frame(new byte[4], (Inet4Address) InetAddresses.parse("192.0.2.10")));
        assertArrayEquals(ArpAnnouncement.BROADCAST, new byte[] {-1, -1, -1, -1, -1, -1});
    }
}
