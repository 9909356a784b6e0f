package io.ipvsdirector.kernel.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteOrder;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Netlink framing and attributes byte by byte (on a little-endian host, as x86-64 and arm64 run), and back. */
class MessageWriterTest {
    @BeforeAll
    static void littleEndian() {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "expectations are written for a little-endian host");
    }

    private static String hex(MessageWriter w) {
        byte[] b = new byte[w.position()];
        w.buffer().duplicate().position(0).get(b);
        return HexFormat.of().formatHex(b);
    }

    @Test
    void attributesArePaddedToFourBytesAndNetworkOrderOnlyWhereAsked() {
        MessageWriter w = new MessageWriter(256);
        w.attrU8(1, 0xab);            // len 5, type 1, value, 3 bytes of padding
        w.attrU16(2, 0x1234);         // host order: 34 12
        w.attrU16Network(3, 0x1234);  // network order: 12 34
        w.attrU32(4, 0x01020304);
        w.attrU32Network(5, 0xffffff00);
        w.attrU64(6, 1L);
        w.attrString(7, "wlc");       // NUL-terminated: len 4 + 4
        assertEquals("0500" + "0100" + "ab000000"
                + "0600" + "0200" + "34120000"
                + "0600" + "0300" + "12340000"
                + "0800" + "0400" + "04030201"
                + "0800" + "0500" + "ffffff00"
                + "0c00" + "0600" + "0100000000000000"
                + "0800" + "0700" + "776c6300", hex(w));
    }

    @Test
    void nestedAttributesCarryTheNestedFlagAndTheirWholeLength() {
        MessageWriter w = new MessageWriter(256);
        int nest = w.beginNested(1);
        w.attrU16(1, 2);
        w.endNested(nest);
        // 4 (own header) + 8 (the u16 attribute with padding) = 12; type 1 | NLA_F_NESTED = 0x8001.
        assertEquals("0c00" + "0180" + "0600" + "0100" + "02000000", hex(w));
    }

    @Test
    void messageHeaderHoldsTheLengthOfTheWholePaddedMessage() {
        MessageWriter w = new MessageWriter(256);
        int start = w.beginMessage(0x10, Netlink.NLM_F_REQUEST, 7, 0);
        w.u8(3).u8(2).u16(0);
        w.attrString(2, "IPVS");
        w.endMessage(start);
        w.addFlags(start, Netlink.NLM_F_ACK);
        // len 32, type 0x10, flags REQUEST|ACK, seq 7, pid 0; genl header; "IPVS\0" padded to 8.
        assertEquals("20000000" + "1000" + "0500" + "07000000" + "00000000" + "03020000"
                + "0900" + "0200" + "4950565300000000", hex(w));
    }

    @Test
    void attributesReadBackWhatWasWrittenWithFlagsMasked() {
        MessageWriter w = new MessageWriter(256);
        w.attrU8(1, 200);
        w.attrU16Network(2, 8080);
        w.attrU32(3, -1);
        w.attrU64(4, Long.MIN_VALUE);
        w.attrBytes(5, new byte[] {1, 2, 3});
        w.attrString(6, "eth0");
        int nest = w.beginNested(7);
        w.attrU32Network(1, 0xffffff00);
        w.endNested(nest);
        Attributes a = Attributes.parse(w.buffer(), 0, w.position());
        assertEquals(200, a.u8(1));
        assertEquals(8080, a.u16Network(2));
        assertEquals(-1, a.u32(3));
        assertEquals(Long.MIN_VALUE, a.u64(4));
        assertArrayEquals(new byte[] {1, 2, 3}, a.bytes(5));
        assertEquals("eth0", a.string(6));
        assertTrue(a.has(7), "the nested flag is not part of the type");
        assertEquals(0xffffff00, a.nested(7).u32Network(1));
        assertFalse(a.has(8));
        assertFalse(a.has(1000));
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> a.u32(8));
        assertEquals("attribute 8 is missing", missing.getMessage());
    }

    @Test
    void aTruncatedAttributeIsAProtocolError() {
        MessageWriter w = new MessageWriter(64);
        w.attrU32(1, 5);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Attributes.parse(w.buffer(), 0, 6));
        assertTrue(e.getMessage().startsWith("malformed attribute"), e.getMessage());
        IllegalStateException tooShort = assertThrows(IllegalStateException.class,
                () -> Attributes.parse(w.buffer(), 0, w.position()).u64(1));
        assertEquals("attribute 1 has 4 bytes, expected 8", tooShort.getMessage());
    }
}
