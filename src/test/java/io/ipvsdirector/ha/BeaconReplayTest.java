package io.ipvsdirector.ha;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BeaconReplayTest {
    @Test
    void theUdpPayloadsOfAPcapFileAreReadBackByteForByte() {
        byte[] one = "{\"c\":\"halab\",\"n\":\"d1\"}".getBytes(StandardCharsets.UTF_8);
        byte[] two = "{\"c\":\"halab\",\"n\":\"d2\",\"e\":7}".getBytes(StandardCharsets.UTF_8);
        ByteBuffer pcap = ByteBuffer.allocate(24 + 2 * (16 + 14 + 20 + 8) + one.length + two.length + 16 + 60)
                .order(ByteOrder.LITTLE_ENDIAN);
        pcap.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        record(pcap, one, 17);
        record(pcap, two, 17);
        // A TCP segment (Hazelcast shares the port): not a beacon.
        pcap.putInt(0).putInt(0).putInt(60).putInt(60);
        byte[] tcp = frame(new byte[6], 6);
        pcap.put(tcp, 0, 60);
        List<byte[]> payloads = BeaconReplay.udpPayloads(java.util.Arrays.copyOf(pcap.array(), pcap.position()));
        assertEquals(2, payloads.size());
        assertArrayEquals(one, payloads.get(0));
        assertArrayEquals(two, payloads.get(1));
    }

    @Test
    void aTruncatedOrEmptyFileGivesWhatItHolds() {
        assertEquals(List.of(), BeaconReplay.udpPayloads(new byte[0]));
        assertEquals(List.of(), BeaconReplay.udpPayloads(new byte[30]));
    }

    private static void record(ByteBuffer pcap, byte[] payload, int protocol) {
        byte[] f = frame(payload, protocol);
        pcap.putInt(0).putInt(0).putInt(f.length).putInt(f.length).put(f);
    }

    /** Ethernet + IPv4 (IHL 5) + UDP header + payload; only the fields the reader looks at are set. */
    private static byte[] frame(byte[] payload, int protocol) {
        ByteBuffer f = ByteBuffer.allocate(Math.max(60, 14 + 20 + 8 + payload.length));
        f.position(12);
        f.putShort((short) 0x0800);
        f.put((byte) 0x45).put(new byte[8]).put((byte) protocol).put(new byte[10]);
        f.putShort((short) 40000).putShort((short) 5701).putShort((short) (8 + payload.length)).putShort((short) 0);
        f.put(payload);
        return f.array();
    }
}
