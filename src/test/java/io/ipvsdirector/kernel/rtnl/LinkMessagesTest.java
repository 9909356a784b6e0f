package io.ipvsdirector.kernel.rtnl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ipvsdirector.kernel.netlink.MessageWriter;
import io.ipvsdirector.kernel.netlink.NetlinkMessage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** struct ifinfomsg as the kernel lays it out (little-endian host): family, pad, type, index, flags, change. */
class LinkMessagesTest {
    @Test
    void setUpChangesOnlyTheUpFlag() {
        MessageWriter w = new MessageWriter(64);
        LinkMessages.setUp(w, 7, true);
        LinkMessages.setUp(w, 7, false);
        ByteBuffer b = w.buffer().duplicate().flip();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        assertArrayEquals(new byte[] {0, 0, 0, 0, 7, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0,
                                      0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0}, bytes);
    }

    @Test
    void aDumpedLinkGivesItsIndexNameAndFlags() {
        // ifinfomsg (index 12, flags UP|RUNNING), then IFLA_IFNAME "tunl0\0" (len 10, padded to 12).
        ByteBuffer b = ByteBuffer.allocate(28).order(ByteOrder.nativeOrder());
        b.put((byte) 0).put((byte) 0).putShort((short) 768).putInt(12).putInt(0x41).putInt(0);
        b.putShort((short) 10).putShort((short) LinkMessages.IFLA_IFNAME).put("tunl0\0".getBytes()).put(new byte[2]);
        LinkMessages.Link link = LinkMessages.Link.of(new NetlinkMessage(16, 0, 1, 0, b, 0, 28));
        assertEquals(new LinkMessages.Link(12, "tunl0", 0x41), link);
        assertEquals(true, link.up());
    }
}
